"""Validation per part: each part's graph through pySHACL, keeping the results about the
nodes it owns (see :mod:`ccpj_graph.build.parts`)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from ccpj_graph.build.parts.corpus import BASE, RDF_TYPE, Corpus
from ccpj_graph.build.parts.workers import _run
from ccpj_graph.cache import Cache, code_digest, digest

# --- what the shapes walk ------------------------------------------------------------------------

_BACKWARD = re.compile(r"[?$]\w+\s+([^\s;,.{}()]+)\s+[?$]this\b")
_CARET = re.compile(r"\^\s*([A-Za-z][\w.-]*:[\w.-]*|<[^>\s]+>)")


def shape_predicates(shapes: Any) -> tuple[frozenset[str], frozenset[str]]:
    """(predicates some shape walks backwards from its focus, ``sh:targetObjectsOf``
    predicates), read from the shapes graph (an rdflib graph)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import SH as SHNS

    from ccpj_graph.gated_shapes import declared_prefixes

    prefixes = declared_prefixes(shapes)
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


def _validate_part(job: tuple[bytes, list[str] | None, tuple[str, ...]]) -> dict[str, Any]:
    """Validate one part's graph (N-Triples) against the shape files the job names, on the
    ``focus`` IRIs only when given; every result."""
    from ccpj_graph.validate import validate_ntriples

    lines, focus, files = job
    # the project's shapes, through the SPARQL gate once per worker (validate.project_shapes);
    # named by the build, not read from CCPJ_HOME here: a worker from a fork server keeps the
    # environment the server started with
    return validate_ntriples(lines, focus=focus, shape_files=[Path(f) for f in files]).to_record()


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


#: The most owned nodes one validation run of an independent part holds (Corpus.independent).
#: The same-work part names every linked activity, so it grows with the corpus: validated
#: whole at 30x it took 890 MB in rudof (70,577 lines for 1,440 links), and more than the
#: rest of the build together at 100x. A slice of 500 links still held 52,600 lines (each
#: link brings two activities and what they state); a slice of 100 holds about 11,000.
CHUNK = 100


def _slices(data: Corpus, chunk: int) -> list[tuple[str, frozenset[str] | None]]:
    """Each part once (``None``: whole), except an independent part that owns more than
    ``chunk`` nodes: its owned nodes in sorted slices of ``chunk``."""
    slices: list[tuple[str, frozenset[str] | None]] = []
    for name in data.parts():
        nodes = data.owned(name) if data.independent(name) else []
        if len(nodes) <= chunk:
            slices.append((name, None))
            continue
        for start in range(0, len(nodes), chunk):
            slices.append((name, frozenset(nodes[start : start + chunk])))
    return slices


def validate_parts(
    corpus: Callable[[], Corpus],
    cache: Cache,
    *,
    shapes_key: str,
    progress: Callable[[str], None] | None = None,
    executor: Callable[[], Executor] | None = None,
    chunk: int = CHUNK,
) -> Any:
    """The union of every part's results, as one :class:`ValidationReport`."""
    return start_validation(
        corpus, cache, shapes_key=shapes_key, progress=progress, executor=executor, chunk=chunk
    )()


def start_validation(
    corpus: Callable[[], Corpus],
    cache: Cache,
    *,
    shapes_key: str,
    progress: Callable[[str], None] | None = None,
    executor: Callable[[], Executor] | None = None,
    chunk: int = CHUNK,
) -> Callable[[], Any]:
    """:func:`validate_parts` in two steps: the cold parts go to the pool now, and the
    function returned waits for them and gives the report; in between, this process is free
    (the build reasons meanwhile)."""
    from ccpj_graph.rdfio import read_shapes
    from ccpj_graph.resources import shape_files

    data = corpus()
    files = tuple(str(path) for path in shape_files())
    inverse, objects = shape_predicates(read_shapes())
    code = code_digest()
    results: list[dict[str, Any]] = []

    def jobs() -> Iterator[tuple[str, str, Any]]:
        """The cold parts' jobs, each part's graph made when the pool has room for it (the
        cached parts' results go straight to ``results``)."""
        for name, only in _slices(data, chunk):
            lines, focus = data.neighbourhood(name, inverse, objects, only)
            if name != BASE and not focus:
                continue  # a part that owns no node has no result of its own
            text = "\n".join(lines).encode("utf-8") + b"\n"
            del lines
            key = digest(code, shapes_key, name, text, "\n".join(focus))
            entry = cache.get("validate-part", key, ".json")
            if entry is not None:
                results.extend(json.loads(entry))
                continue
            yield name, key, (text, focus if name != BASE else None, files)

    running = _run(_validate_part, jobs(), executor)

    def finish() -> Any:
        from ccpj_graph.validate import ValidationReport

        for name, key, record in running:
            kept = _keep(record, name, data.owner)
            text = json.dumps(kept, sort_keys=True).encode("utf-8")
            cache.put("validate-part", key, text, ".json")
            results.extend(kept)
            if progress:
                progress(f"validated {name}")
        report = ValidationReport.from_record({"triples": data.triples(), "results": results})
        return _sorted(report)

    return finish


def _sorted(report: Any) -> Any:
    from ccpj_graph.shacl_report import SEVERITY_RANK, ValidationReport

    results = sorted(report.results, key=lambda r: (SEVERITY_RANK.get(r.severity, 99), r))
    return ValidationReport(results=tuple(results), triples=report.triples, counts=report.counts)
