"""Reasoning per part: the base closed once, each part closed on top of it, the union's kept
triples written as sorted N-Triples (see :mod:`ccpj_graph.build.parts`)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ccpj_graph.build.parts.corpus import BASE, Corpus
from ccpj_graph.build.parts.workers import _run, _share, scratch
from ccpj_graph.cache import Cache, code_digest, digest

if TYPE_CHECKING:
    from ccpj_graph.reason import ReasoningResult

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
        from ccpj_graph.rdfio import parse_triples
        from ccpj_graph.reason import _DATA_UNSUPPORTED, _schema_terms_of, schema_closure_of

        triples = parse_triples(Path(path).read_bytes(), fmt="nt", source=path)
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
    from ccpj_graph.rdfio import parse_triples
    from ccpj_graph.reason import _DATA_UNSUPPORTED, _ill_typed, _publishable

    base_path, lines = job
    base = _base(base_path)
    data = parse_triples(lines, fmt="nt", source="<part>")
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


def reason_parts(
    corpus: Callable[[], Corpus],
    cache: Cache,
    out: Path,
    *,
    progress: Callable[[str], None] | None = None,
    executor: Callable[[], Executor] | None = None,
    share: bool = False,
) -> ReasoningResult | None:
    """Reason every part on top of the base and write the union's kept triples to ``out``
    (sorted N-Triples). None when the fast engine cannot do it (the caller reasons over the
    whole graph with owlrl). ``share``: reason here, handing parts to the ``executor``'s
    workers only once they are idle for good (they validate meanwhile); otherwise the parts
    go to the workers."""
    import time

    from ccpj_graph.atomic import atomic_write
    from ccpj_graph.reason import ReasoningResult

    started = time.perf_counter()
    data = corpus()
    code = code_digest()
    base_path, base_key = prepare_base(data)
    union = _Union()
    entry = cache.get("reason-part", base_key, ".json")
    if entry is not None:
        union.add(json.loads(entry))
    else:
        if _base(base_path).unsupported:
            return None
        record = _base_record(_base(base_path))
        cache.put("reason-part", base_key, json.dumps(record).encode("utf-8"), ".json")
        union.add(record)

    # a part's key: the base's ontology and reference data, and of the manifest only the lines
    # that name a node of the part's input (docs/design.md: a new report's entry does not make
    # every other report's part cold)
    manifest = {line for lines in data.described.values() for line in lines}
    context = digest(code, "reason-context", *sorted({r[2] for r in data.rows[BASE]} - manifest))

    def jobs() -> Iterator[tuple[str, str, Any]]:
        """The cold parts' jobs, each part's text made when it is next (all at once took
        1.2 GB at 100x); the cached parts' records go straight into the union."""
        for name in data.parts()[1:]:
            lines = data.part_triples(name)
            text = _lines(lines)
            key = digest(code, context, name, text, _lines(data.descriptions(lines)))
            del lines
            entry = cache.get("reason-part", key, ".json")
            if entry is not None:
                union.add(json.loads(entry))
                continue
            yield name, key, (base_path, text)

    for name, key, record in (_share if share else _run)(_reason_part, jobs(), executor):
        if record.get("unsupported"):
            return None
        cache.put("reason-part", key, json.dumps(record).encode("utf-8"), ".json")
        union.add(record)
        if progress:
            progress(f"reasoned {name}")
    kept = sorted(line for line in union.kept if not data.states(line))
    dropped = sum(1 for line in union.dropped if not data.states(line))
    union.kept.clear()
    atomic_write(out, _lines(kept))
    asserted = data.triples()
    problems = tuple(
        dict.fromkeys([*sorted(union.ill_typed), *sorted(union.errors), *sorted(union.nothing)])
    )
    return ReasoningResult(
        triples=out,
        asserted=asserted,
        closure=asserted + len(kept) + dropped,
        inferred=len(kept),
        dropped=dropped,
        seconds=time.perf_counter() - started,
        inconsistencies=problems,
    )


class _Union:
    """The parts' records united as they come (from this thread and the one that makes the
    jobs): holding every part's record until the end kept each inferred triple once per part
    that names its subject."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kept: set[str] = set()
        self.dropped: set[str] = set()
        self.ill_typed: set[str] = set()
        self.errors: set[str] = set()
        self.nothing: set[str] = set()

    def add(self, record: dict[str, Any]) -> None:
        with self.lock:
            self.kept.update(record["kept"])
            self.dropped.update(record["dropped"])
            self.ill_typed.update(record["ill_typed"])
            self.errors.update(record["errors"])
            self.nothing.update(record["nothing"])


def _lines(triples: Iterable[str]) -> bytes:
    return "".join(f"{t}\n" for t in triples).encode("utf-8")
