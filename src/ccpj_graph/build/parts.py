"""Validation and reasoning one graph file at a time, so a build's cost and memory follow the
report that changed, not the corpus.

Why: pySHACL and the reasoner used to hold the whole merged graph (4.2 GB at 100x) and redo it
all when one report changed. Here the graph is split into *parts*: the base (ontology,
reference data, manifest) and each file of ``data/graph`` (one per report, plus
``same-work.ttl``). Every IRI has one *owner*: the base if the base types it, else the first
graph file (in name order) that types it, else the first that has it as a subject.

A part's validation graph holds its own triples, the triples other files state about the nodes
it owns, the triples (from anywhere) whose subject is a node it names, the triples that point at
its nodes through a predicate some shape walks backwards (``sh:inversePath``, or ``?x p $this``
in a shape's SPARQL), and the ontology's class hierarchy. pySHACL validates it and only the
results about the part's own nodes are kept. The base part holds the whole base plus what the
graph files say about base nodes and every triple of a ``sh:targetObjectsOf`` predicate; it
keeps results about base nodes, unowned nodes and literals (code uniqueness). The union of the
parts' results equals whole-graph validation (``tests/build/test_parts.py`` compares them on
the corpus and on a changed one); the whole-graph path stays the reference (``ccpj validate``).
What this relies on, stated by the shapes: a shape looks at most two hops from its focus node,
and a SPARQL constraint that compares a node with nodes it has no path to (standards' aliases)
compares base nodes only.

Reasoning: the base is closed once (:class:`entail.Closure`), and each graph file's triples,
with what other files state about the nodes it names, are closed on top of it. What a part
entails beyond the asserted graph is cached per part; the build unites them, drops what any
file asserts, and writes the kept triples as sorted N-Triples (the store bulk-loads that file).

Each part is cached under a hash of its graph (so a part whose neighbourhood did not change is
not redone) plus shapes and code; cold parts run in a pool of two processes.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ccpj_graph.cache import Cache, code_digest, digest

__all__ = [
    "Corpus",
    "PartsReasoning",
    "pool",
    "prepare_base",
    "reason_parts",
    "scratch",
    "validate_parts",
]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
BASE = "base"

#: Worker processes for cold parts (the machine has two cores).
WORKERS = 2


Row = tuple[str, str | None, str]  # (subject, object if an IRI, N-Triples line)


@dataclass
class Corpus:
    """Every graph file as N-Triples lines, indexed by subject, with the owner of each IRI.
    Built once per build, only when a stage is not cached. (Plain strings, not a pyoxigraph
    store: the store canonicalises literals, ``"1"^^xsd:nonNegativeInteger`` to an integer,
    and validation must see the lexical forms and datatypes the files state.)"""

    ontology: list[Path]
    base: list[Path]
    data: list[Path]
    rows: dict[str, list[Row]] = field(default_factory=dict)
    by_subject: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # (object -> (part, predicate, line)) for the predicates shapes walk backwards, and
    # (predicate -> (part, line)) for sh:targetObjectsOf ones: built when first asked for
    _backward: dict[frozenset[str], dict[str, list[tuple[str, str, str]]]] = field(
        default_factory=dict
    )
    _stated: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)
    hierarchy: list[str] = field(default_factory=list)
    ontology_terms: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, ontology: list[Path], base: list[Path], data: list[Path]) -> Corpus:
        from ccpj_graph.rdfio import read_triples

        corpus = cls(ontology=ontology, base=base, data=data)
        blank: dict[str, str] = {}  # parser's random blank-node label -> a stable one

        terms: dict[str, str] = {}  # one string per IRI: a node is named in many triples

        def text(term: Any) -> str:
            if isinstance(term, ox.BlankNode):
                return blank.setdefault(term.value, f"_:b{len(blank)}")
            value = str(term)
            return terms.setdefault(value, value)

        for name, files in [(BASE, [*ontology, *base]), *((p.name, [p]) for p in data)]:
            rows: list[Row] = []
            # one file at a time, in order: blank nodes are numbered as they appear, so a
            # part's text (its cache key) is the same from one build to the next
            triples = [t for path in files for t in read_triples(path)]
            for triple in triples:
                s, p, o = text(triple.subject), str(triple.predicate), text(triple.object)
                line = f"{s} {p} {o} ."
                obj = o if isinstance(triple.object, ox.NamedNode) else None
                rows.append((s, obj, line))
                corpus.by_subject.setdefault(s, []).append((name, line))
            corpus.rows[name] = rows
            del triples
        typed = f"<{RDF_TYPE}>"
        owner = corpus.owner
        for name in corpus.parts():
            for s, _, line in corpus.rows[name]:
                if s.startswith("<") and line[len(s) + 1 :].startswith(typed):
                    owner.setdefault(s, name)
        for name in corpus.parts():
            for s, _, _ in corpus.rows[name]:
                if s.startswith("<"):
                    owner.setdefault(s, name)
        subclass = f"<{SUBCLASS}>"
        for triple in read_triples(*ontology):
            if isinstance(triple.subject, ox.NamedNode):
                corpus.ontology_terms.add(str(triple.subject))
                if triple.predicate.value == SUBCLASS and isinstance(triple.object, ox.NamedNode):
                    corpus.hierarchy.append(f"{triple.subject} {subclass} {triple.object} .")
        corpus.hierarchy.sort()
        return corpus

    def parts(self) -> list[str]:
        return [BASE, *(p.name for p in self.data)]

    def backward(self, inverse: frozenset[str]) -> dict[str, list[tuple[str, str, str]]]:
        """The triples of the ``inverse`` predicates, by object IRI."""
        if inverse not in self._backward:
            wanted = {f"<{p}>" for p in inverse}
            index: dict[str, list[tuple[str, str, str]]] = {}
            for name, rows in self.rows.items():
                for s, o, line in rows:
                    if o is not None:
                        predicate = _predicate(s, line)
                        if predicate in wanted:
                            index.setdefault(o, []).append((name, predicate, line))
            self._backward[inverse] = index
        return self._backward[inverse]

    def stated(self, predicate: str) -> list[tuple[str, str]]:
        """Every triple of ``predicate`` (an IRI in angle brackets), with its part."""
        if predicate not in self._stated:
            self._stated[predicate] = [
                (name, line)
                for name, rows in self.rows.items()
                for s, _, line in rows
                if _predicate(s, line) == predicate
            ]
        return self._stated[predicate]

    def triples(self) -> int:
        """Distinct triples over every file (what whole-graph validation counts)."""
        return len({line for rows in self.rows.values() for _, _, line in rows})

    def asserted(self) -> set[str]:
        """Every line any file states."""
        return {line for rows in self.rows.values() for _, _, line in rows}

    def neighbourhood(
        self, name: str, inverse: frozenset[str], objects: frozenset[str]
    ) -> tuple[list[str], list[str]]:
        """The N-Triples lines of part ``name``'s validation graph, sorted, and the IRIs the
        part owns (sorted; empty for the base, which is validated without a focus list)."""
        lines: set[str] = set()
        mentioned: set[str] = set()
        owned: set[str] = set()
        backwards = {f"<{p}>" for p in inverse}
        backward = self.backward(inverse)

        def take(source: Iterable[tuple[str, str | None, str]]) -> None:
            for s, o, line in source:
                lines.add(line)
                mentioned.add(s)
                if o is not None:
                    mentioned.add(o)

        own = self.rows[name]
        if name == BASE:
            lines.update(line for _, _, line in own)
            owned.update(n for n, o in self.owner.items() if o == BASE)
            for p in objects:
                take((line.split(" ", 1)[0], None, line) for _, line in self.stated(f"<{p}>"))
        else:
            take(own)
            owned.update(s for s, _, _ in own if self.owner.get(s) == name)
        for node in owned:
            take(
                (node, _object(line), line)
                for part, line in self.by_subject.get(node, ())
                if part != name
            )
            take(
                (line.split(" ", 1)[0], node, line)
                for part, p, line in backward.get(node, ())
                if part != name and p in backwards
            )
        hierarchy = set(self.hierarchy)
        for node in mentioned - owned:
            if node in self.ontology_terms:
                continue  # an ontology term brings only its place in the hierarchy
            lines.update(line for _, line in self.by_subject.get(node, ()))
        lines.update(hierarchy)
        focus = [] if name == BASE else sorted(iri[1:-1] for iri in owned)
        return sorted(lines), focus

    def part_triples(self, name: str) -> list[str]:
        """The sorted N-Triples lines a part is reasoned over: its own triples and every
        triple (from any file but the base, which is closed already) about a node it names."""
        lines: set[str] = set()
        mentioned: set[str] = set()
        for s, o, line in self.rows[name]:
            lines.add(line)
            mentioned.add(s)
            if o is not None:
                mentioned.add(o)
        for node in mentioned:
            lines.update(line for part, line in self.by_subject.get(node, ()) if part != BASE)
        return sorted(lines)


def _predicate(subject: str, line: str) -> str:
    """The predicate of an N-Triples line whose subject is ``subject``."""
    start = len(subject) + 1
    return line[start : line.index(" ", start)]


def _object(line: str) -> str | None:
    """The object of an N-Triples line when it is an IRI."""
    body = line[:-2]
    if body.endswith(">"):
        start = body.rfind(" <")
        return body[start + 1 :] if start >= 0 else None
    return None


# --- what the shapes walk ------------------------------------------------------------------------

_BACKWARD = re.compile(r"[?$]\w+\s+([^\s;,.{}()]+)\s+[?$]this\b")
_CARET = re.compile(r"\^\s*([A-Za-z][\w.-]*:[\w.-]*|<[^>\s]+>)")


def shape_predicates(shapes: Any) -> tuple[frozenset[str], frozenset[str]]:
    """(predicates some shape walks backwards from its focus, ``sh:targetObjectsOf``
    predicates), read from the shapes graph (an rdflib graph)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import SH as SHNS

    from ccpj_graph.validate import _declared_prefixes

    prefixes = _declared_prefixes(shapes)
    inverse = {str(o) for o in shapes.objects(None, SHNS.inversePath) if isinstance(o, URIRef)}
    for predicate in (SHNS.select, SHNS.ask):
        for text in shapes.objects(None, predicate):
            if not isinstance(text, Literal):
                continue
            found = _BACKWARD.findall(str(text)) + _CARET.findall(str(text))
            for token in found:
                for piece in re.split(r"[/|]", token.lstrip("^")):
                    iri = _expand(piece.strip("^()*+?"), prefixes)
                    if iri:
                        inverse.add(iri)
    objects = {str(o) for o in shapes.objects(None, SHNS.targetObjectsOf) if isinstance(o, URIRef)}
    return frozenset(inverse), frozenset(objects)


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<") and token.endswith(">"):
        return token[1:-1]
    if token == "a":  # noqa: S105 (SPARQL's keyword for rdf:type, not a secret)
        return RDF_TYPE
    prefix, colon, local = token.partition(":")
    if colon and prefix in prefixes:
        return prefixes[prefix] + local
    return None


# --- validation -----------------------------------------------------------------------------------

_WORKER_SHAPES: list[Any] = []


def _validate_part(job: tuple[bytes, list[str] | None]) -> dict[str, Any]:
    """Validate one part's graph (N-Triples) against the project's shapes, on the ``focus``
    IRIs only when given; every result."""
    from rdflib import URIRef

    from ccpj_graph.rdfio import parse_data, read_shapes
    from ccpj_graph.validate import validate

    lines, focus = job
    if not _WORKER_SHAPES:
        _WORKER_SHAPES.append(read_shapes())
    graph = parse_data(lines, fmt="nt", source="<part>")
    nodes = None if focus is None else [URIRef(iri) for iri in focus]
    return validate(graph, shapes=_WORKER_SHAPES[0], ontology=False, focus=nodes).to_record()


def _keep(record: dict[str, Any], name: str, owner: dict[str, str]) -> list[dict[str, Any]]:
    """The results about part ``name``'s own nodes (for the base: also unowned nodes,
    literals and blank nodes)."""
    kept = []
    for item in record["results"]:
        focus = item["terms"][0] if item["terms"] else None
        if focus is None or not focus.startswith("<"):
            mine = name == BASE
        else:
            mine = owner.get(focus, BASE) == name
        if mine:
            kept.append(item)
    return kept


def validate_parts(
    corpus: Callable[[], Corpus],
    cache: Cache,
    *,
    shapes_key: str,
    progress: Callable[[str], None] | None = None,
    executor: Callable[[], Executor] | None = None,
) -> Any:
    """The union of every part's results, as one :class:`ValidationReport`."""
    from ccpj_graph.rdfio import read_shapes
    from ccpj_graph.validate import ValidationReport

    data = corpus()
    inverse, objects = shape_predicates(read_shapes())
    code = code_digest()
    jobs: list[tuple[str, str, Any]] = []
    results: list[dict[str, Any]] = []
    for name in data.parts():
        lines, focus = data.neighbourhood(name, inverse, objects)
        if name != BASE and not focus:
            continue  # a part that owns no node has no result of its own
        text = "\n".join(lines).encode("utf-8") + b"\n"
        key = digest(code, shapes_key, name, text, "\n".join(focus))
        entry = cache.get("validate-part", key, ".json")
        if entry is not None:
            results.extend(json.loads(entry))
            continue
        jobs.append((name, key, (text, focus if name != BASE else None)))
    for name, key, record in _run(_validate_part, jobs, executor):
        kept = _keep(record, name, data.owner)
        cache.put("validate-part", key, json.dumps(kept, sort_keys=True).encode("utf-8"), ".json")
        results.extend(kept)
        if progress:
            progress(f"validated {name}")
    report = ValidationReport.from_record({"triples": data.triples(), "results": results})
    return _sorted(report)


def _sorted(report: Any) -> Any:
    from ccpj_graph.validate import _SEVERITY_RANK, ValidationReport

    results = sorted(report.results, key=lambda r: (_SEVERITY_RANK.get(r.severity, 99), r))
    return ValidationReport(results=tuple(results), triples=report.triples, counts=report.counts)


def _run(
    function: Callable[[Any], Any],
    jobs: list[tuple[str, str, Any]],
    executor: Callable[[], Executor] | None,
) -> Iterator[tuple[str, str, Any]]:
    """``function`` over each job's bytes: in the pool when there are several, in order."""
    if executor is None or len(jobs) < 2:
        for name, key, data in jobs:
            yield name, key, function(data)
        return
    pool = executor()
    futures = [(name, key, pool.submit(function, data)) for name, key, data in jobs]
    for name, key, future in futures:
        yield name, key, future.result()


def pool() -> Executor:
    """Two worker processes, forked (they inherit the imported modules)."""
    import multiprocessing

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    return ProcessPoolExecutor(max_workers=WORKERS, mp_context=context)


# --- reasoning ------------------------------------------------------------------------------------

_WORKER_BASE: dict[str, Any] = {}


def _ox_text(term: Any) -> str:
    """An rdflib term in pyoxigraph's N-Triples form, the form :class:`Corpus` lines use."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if isinstance(term, BNode):
        return str(ox.BlankNode(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype is None:
            return str(ox.Literal(str(term)))
        return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
    raise TypeError(f"not an RDF term: {term!r}")


def _line(triple: tuple[Any, Any, Any]) -> str:
    return " ".join(_ox_text(term) for term in triple) + " ."


@dataclass(frozen=True)
class _Base:
    """What every part is reasoned on top of: the schema's rules, the base's closure, the
    schema terms whose inferences are not published, the datatypes the base uses."""

    rules: Any
    layer: Any
    schema: frozenset[Any]
    schema_closure: frozenset[Any]
    schema_errors: tuple[str, ...]
    asserted: frozenset[Any]
    unsupported: bool


def _base(path: str) -> _Base:
    """The base closure from the N-Triples file at ``path`` (once per process)."""
    if path not in _WORKER_BASE:
        from ccpj_graph import entail
        from ccpj_graph.rdfio import parse_data
        from ccpj_graph.reason import _DATA_UNSUPPORTED, _schema_terms_of, schema_closure_of

        triples = set(parse_data(Path(path).read_bytes(), fmt="nt", source=path))
        schema_triples = frozenset(t for t in triples if entail.is_schema_triple(t))
        data = triples - schema_triples
        closure, errors = schema_closure_of(schema_triples)
        rules = entail.compile_rules(closure)
        unsupported = bool(
            rules.unsupported
            or any(p in _DATA_UNSUPPORTED for _, p, _ in data)
            or entail.functional_clashes(rules, data)
        )
        typing, _ = entail.datatype_triples(triples)
        layer = entail.Closure(rules).add_all(data)
        layer.add_all(typing, asserted=False)
        _WORKER_BASE.clear()
        _WORKER_BASE[path] = _Base(
            rules=rules,
            layer=layer,
            schema=frozenset(_schema_terms_of(closure)),
            schema_closure=closure,
            schema_errors=errors,
            asserted=frozenset(triples),
            unsupported=unsupported,
        )
    return _WORKER_BASE[path]


def _reason_part(job: tuple[str, bytes]) -> dict[str, Any]:
    """One part's entailments on top of the base: kept and dropped triples (as lines) beyond
    the part's input and the base, and the inconsistencies seen in the part."""
    from ccpj_graph import entail
    from ccpj_graph.rdfio import parse_data
    from ccpj_graph.reason import _DATA_UNSUPPORTED, _ill_typed, _publishable

    base_path, lines = job
    base = _base(base_path)
    data = set(parse_data(lines, fmt="nt", source="<part>"))
    if (
        base.unsupported
        or any(entail.is_schema_triple(t) or t[1] in _DATA_UNSUPPORTED for t in data)
        or entail.functional_clashes(base.rules, data)
    ):
        return {"unsupported": True}
    typing, axioms = entail.datatype_triples(data | base.asserted)
    layer = entail.Closure(base.rules, base=base.layer).add_all(data)
    layer.add_all(typing, asserted=False)
    kept: list[str] = []
    dropped: list[str] = []
    for triple in layer.triples:
        if triple in data:
            continue
        (kept if _publishable(triple, base.schema) else dropped).append(_line(triple))
    pairs = [*base.rules.disjoint, *((left, right) for left, _, right in axioms)]
    errors = entail.literal_errors(data) + entail.disjointness_errors(pairs, layer.types())
    nothing = sorted(
        f"{s} is a member of owl:Nothing"
        for s, p, o in layer.triples
        if p == entail.TYPE and str(o) == "http://www.w3.org/2002/07/owl#Nothing"
    )
    return {
        "kept": sorted(kept),
        "dropped": sorted(dropped),
        "errors": sorted({" ".join(m.split()) for m in errors}),
        "ill_typed": _ill_typed(data),
        "nothing": nothing,
    }


def _base_record(base: _Base) -> dict[str, Any]:
    """The base's own share: the schema closure and the base layer beyond what is asserted."""
    from ccpj_graph import entail
    from ccpj_graph.reason import _ill_typed, _publishable

    kept: list[str] = []
    dropped: list[str] = []
    for triple in set(base.schema_closure) | base.layer.triples:
        if triple in base.asserted:
            continue
        (kept if _publishable(triple, base.schema) else dropped).append(_line(triple))
    _, axioms = entail.datatype_triples(base.asserted)
    pairs = [*base.rules.disjoint, *((left, right) for left, _, right in axioms)]
    errors = [*base.schema_errors]
    errors += entail.literal_errors(base.asserted)
    errors += entail.disjointness_errors(pairs, base.layer.types())
    nothing = sorted(
        f"{s} is a member of owl:Nothing"
        for s, p, o in set(base.schema_closure) | base.layer.triples
        if p == entail.TYPE and str(o) == "http://www.w3.org/2002/07/owl#Nothing"
    )
    return {
        "kept": sorted(kept),
        "dropped": sorted(dropped),
        "errors": sorted({" ".join(m.split()) for m in errors}),
        "ill_typed": _ill_typed(set(base.asserted)),
        "nothing": nothing,
    }


def prepare_base(data: Corpus) -> tuple[str, str]:
    """Write the base's triples to a scratch file and close them in this process, so that
    worker processes forked afterwards inherit the closure instead of each redoing it (the
    schema closure is owlrl's, about a second). Returns (file, key)."""
    base_text = _lines(sorted({line for _, _, line in data.rows[BASE]}))
    key = digest(code_digest(), "reason-base", base_text)
    path = scratch() / f"base-{key}.nt"
    if not path.is_file():
        path.write_bytes(base_text)
    _base(str(path))
    return str(path), key


@functools.lru_cache(maxsize=1)
def scratch() -> Path:
    """A folder of this process's own, removed when it exits."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ccpj-build-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@dataclass(frozen=True)
class PartsReasoning:
    """What reasoning per part gives: the kept inferred triples as a sorted N-Triples file
    (what the store loads), the counts :class:`ReasoningResult` reports, the problems."""

    inferred_file: Path
    asserted: int
    closure: int
    inferred: int
    dropped: int
    seconds: float
    inconsistencies: tuple[str, ...]


def reason_parts(
    corpus: Callable[[], Corpus],
    cache: Cache,
    out: Path,
    *,
    progress: Callable[[str], None] | None = None,
    executor: Callable[[], Executor] | None = None,
) -> PartsReasoning | None:
    """Reason every part on top of the base and write the union's kept triples to ``out``
    (sorted N-Triples). None when the fast engine cannot do it (the caller reasons over the
    whole graph with owlrl)."""
    import time

    from ccpj_graph.atomic import atomic_write

    started = time.perf_counter()
    data = corpus()
    code = code_digest()
    base_path, base_key = prepare_base(data)
    records: list[dict[str, Any]] = []
    jobs: list[tuple[str, str, Any]] = []
    entry = cache.get("reason-part", base_key, ".json")
    if entry is not None:
        records.append(json.loads(entry))
    else:
        if _base(base_path).unsupported:
            return None
        record = _base_record(_base(base_path))
        cache.put("reason-part", base_key, json.dumps(record).encode("utf-8"), ".json")
        records.append(record)
    for name in data.parts()[1:]:
        text = _lines(data.part_triples(name))
        key = digest(code, base_key, name, text)
        entry = cache.get("reason-part", key, ".json")
        if entry is not None:
            records.append(json.loads(entry))
            continue
        jobs.append((name, key, (base_path, text)))
    for name, key, record in _run(_reason_part, jobs, executor):
        if record.get("unsupported"):
            return None
        cache.put("reason-part", key, json.dumps(record).encode("utf-8"), ".json")
        records.append(record)
        if progress:
            progress(f"reasoned {name}")
    asserted = data.asserted()
    kept = sorted({line for r in records for line in r["kept"]} - asserted)
    dropped = {line for r in records for line in r["dropped"]} - asserted
    atomic_write(out, _lines(kept))
    ill_typed = sorted({m for r in records for m in r["ill_typed"]})
    errors = sorted({m for r in records for m in r["errors"]})
    nothing = sorted({m for r in records for m in r["nothing"]})
    problems = tuple(dict.fromkeys([*ill_typed, *errors, *nothing]))
    return PartsReasoning(
        inferred_file=out,
        asserted=len(asserted),
        closure=len(asserted) + len(kept) + len(dropped),
        inferred=len(kept),
        dropped=len(dropped),
        seconds=time.perf_counter() - started,
        inconsistencies=problems,
    )


def _lines(triples: Iterable[str]) -> bytes:
    return "".join(f"{t}\n" for t in triples).encode("utf-8")
