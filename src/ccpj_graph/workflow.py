"""The whole job, stage after stage: what ``ccpj build`` and ``ccpj run`` call.

Each stage stays ignorant of the ones after it; this module is the one place that strings them
together: extract and write the graph, validate it, reason once, and load the query store, so
that a query never re-parses Turtle or re-runs the reasoner.

Every stage goes through the build cache (:mod:`ccpj_graph.cache`): extraction per report,
validation and reasoning under a key of every file of the graph (plus shapes) and the code, the
store under the key of what it was loaded from. A build where nothing changed reads a few
hashes and answers; ``clean=True`` (``ccpj build --clean``) reads nothing from the cache. What
comes out is byte-identical either way (``tests/build/test_incremental.py``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ccpj_graph import resources
from ccpj_graph.build.merged import graph_files
from ccpj_graph.build.pipeline import BuildResult, build
from ccpj_graph.cache import Cache, code_digest, digest, files_digest

if TYPE_CHECKING:
    from rdflib import Graph

    from ccpj_graph.query.store import StoreInfo
    from ccpj_graph.reason import ReasoningResult
    from ccpj_graph.validate import ValidationReport

__all__ = ["FLAGSHIP", "Pipeline", "run_pipeline"]

#: The question `make run` answers at the end: which partners co-delivered prison work in 2020?
FLAGSHIP = ("partners", {"theme": "prison", "year": "2020"})


@dataclass(slots=True)
class Pipeline:
    """What a full run produced, with the time each stage took (seconds) and which stages
    came from the cache."""

    build: BuildResult
    validation: ValidationReport | None = None
    reasoning: ReasoningResult | None = None
    store: StoreInfo | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)


def run_pipeline(
    *,
    out_dir: Path | None = None,
    store_dir: Path | None = None,
    validate_graph: bool = True,
    reason_graph: bool = True,
    progress: Callable[[str], None] | None = None,
    clean: bool = False,
    cache_dir: Path | None = None,
) -> Pipeline:
    """Build the graph, validate it, reason over it and load the query store."""
    note = progress or (lambda _stage: None)
    cache = Cache(cache_dir, enabled=not clean)
    clock = time.perf_counter()
    result = Pipeline(
        build=build(out_dir=out_dir, progress=lambda key: note(f"extract {key}"), cache=cache)
    )
    result.seconds["build"] = time.perf_counter() - clock

    graph_dir = out_dir or resources.graph_dir()
    files = graph_files(graph_dir=graph_dir, ontology=False)
    graph_key = digest(
        code_digest(),
        files_digest(sorted(resources.ontology_dir().glob("*.ttl"))),
        files_digest(files),
    )
    merged: list[Graph] = []  # parsed at most once, and only when a stage needs it

    def data() -> Graph:
        if not merged:
            from ccpj_graph.build.merged import merged_graph

            merged.append(merged_graph(graph_dir=graph_dir, ontology=False))
        return merged[0]

    if validate_graph:
        note("validate")
        clock = time.perf_counter()
        result.validation = _validation(cache, graph_key, data, result.cached)
        result.seconds["validate"] = time.perf_counter() - clock
    if reason_graph:
        note("reason")
        clock = time.perf_counter()
        result.reasoning = _reasoning(cache, graph_key, data, result.cached)
        result.seconds["reason"] = time.perf_counter() - clock
    note("store")
    clock = time.perf_counter()
    result.store = _store(
        cache,
        graph_files(graph_dir=graph_dir),
        result.reasoning.graph if result.reasoning else None,
        store_dir or resources.store_dir(),
        watch=[graph_dir],
        cached=result.cached,
        # the inferred triples are a function of the graph: its key stands for them
        inferred_key=graph_key if result.reasoning else "",
    )
    result.seconds["store"] = time.perf_counter() - clock
    return result


def _validation(
    cache: Cache, graph_key: str, data: Callable[[], Graph], cached: set[str]
) -> ValidationReport:
    from ccpj_graph.validate import ValidationReport, validate

    key = digest(graph_key, files_digest(sorted(resources.shapes_dir().glob("*.ttl"))))
    entry = cache.get("validate", key, ".json")
    if entry is not None:
        cached.add("validate")
        return ValidationReport.from_record(json.loads(entry))
    report = validate(data())
    record = json.dumps(report.to_record(), indent=1, ensure_ascii=False, sort_keys=True)
    cache.put("validate", key, record.encode("utf-8"), ".json")
    return report


def _reasoning(
    cache: Cache, graph_key: str, data: Callable[[], Graph], cached: set[str]
) -> ReasoningResult:
    from rdflib import Graph

    from ccpj_graph.namespaces import bind_prefixes
    from ccpj_graph.reason import ReasoningResult, reason

    triples = cache.get("reason", graph_key, ".nt")
    summary = cache.get("reason", graph_key, ".json")
    if triples is not None and summary is not None:
        cached.add("reason")
        record = json.loads(summary)
        graph = _read_ntriples(triples, bind_prefixes(Graph(bind_namespaces="none")))
        record["inconsistencies"] = tuple(record["inconsistencies"])
        return ReasoningResult(graph=graph, **record)
    result = reason(data())
    lines = sorted(result.graph.serialize(format="nt", encoding="utf-8").splitlines())
    record = {
        "asserted": result.asserted,
        "closure": result.closure,
        "inferred": result.inferred,
        "dropped": result.dropped,
        "seconds": result.seconds,
        "inconsistencies": list(result.inconsistencies),
    }
    cache.put("reason", graph_key, b"".join(line + b"\n" for line in lines if line), ".nt")
    cache.put("reason", graph_key, json.dumps(record, indent=1).encode("utf-8"), ".json")
    return result


def _store(
    cache: Cache,
    files: list[Path],
    inferred: Graph | None,
    path: Path,
    *,
    watch: list[Path],
    cached: set[str],
    inferred_key: str,
) -> StoreInfo:
    """Load the store, unless the one at ``path`` was loaded from exactly these triples."""
    from ccpj_graph.query.store import StoreMissing, build_store, check_store

    content = [files_digest(files), *(str(f.resolve()) for f in files), *map(str, watch)]
    key = digest(code_digest(), inferred_key, *content)
    where = digest(str(path.resolve()))
    if cache.get("store", where) == key.encode():
        try:
            info = check_store(path)
        except StoreMissing:
            pass
        else:
            cached.add("store")
            return info
    info = build_store(files, inferred, path, watch=watch)
    cache.put("store", where, key.encode())
    return info


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _read_ntriples(data: bytes, graph: Graph) -> Graph:
    """Cached N-Triples into ``graph``, parsed by pyoxigraph (rdflib's own N-Triples parser
    took seconds for the corpus's 10k inferred triples, most of a no-change build)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == _XSD_STRING:  # rdflib reads a plain literal without one
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))

    for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph
