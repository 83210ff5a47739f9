"""The whole job, stage after stage: what ``ccpj build`` and ``ccpj run`` call.

Each stage stays ignorant of the ones after it; this module is the one place that strings them
together: extract and write the graph, validate it, reason once, load the query store (so
that a query never re-parses Turtle or re-runs the reasoner) and, for a new store or edited
query files, answer the overview and documented canned questions ahead
(:mod:`ccpj_graph.query.ahead`).

Every stage goes through the build cache (:mod:`ccpj_graph.cache`): extraction per report;
validation and reasoning per part of the graph (:mod:`ccpj_graph.build.parts`: the base, then
each graph file with the neighbourhood it needs), their union under a key of every file of the
graph (plus shapes) and the code; the store under the key of what it was loaded from. Cold
validation parts run in two worker processes while this process reasons (cold reasoning
parts alone run in the workers). A build where nothing changed reads a few
hashes and answers; ``clean=True`` (``ccpj build --clean``) reads nothing from the cache. What
comes out is byte-identical either way (``tests/build/test_incremental.py``).

A build that fails leaves the graph folder as it was: one whose graph does not conform to the
shapes (or that is stopped before validation ends) puts back the files it wrote
(:mod:`ccpj_graph.build.undo`) and loads no store, so the project's graph, store, site and
exports stay those of the last good build.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ccpj_graph import resources
from ccpj_graph.atomic import atomic_write
from ccpj_graph.build.merged import graph_files
from ccpj_graph.build.parts import (
    Corpus,
    pool,
    prepare_base,
    reason_parts,
    scratch,
    start_validation,
)
from ccpj_graph.build.pipeline import BuildResult, build
from ccpj_graph.cache import Cache, code_digest, digest, files_digest

if TYPE_CHECKING:
    from rdflib import Graph

    from ccpj_graph.query.ahead import Ahead
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
    #: the overview questions answered ahead (None when they were answered for this store and
    #: these query files before)
    ahead: Ahead | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)
    #: cache entries removed at the end (unused for ``cache.UNUSED_DAYS`` days): files, bytes
    pruned: tuple[int, int] = (0, 0)
    #: the graph did not conform and the graph folder was put back as it was (no store)
    restored: bool = False


def run_pipeline(
    *,
    out_dir: Path | None = None,
    store_dir: Path | None = None,
    validate_graph: bool = True,
    reason_graph: bool = True,
    progress: Callable[[str], None] | None = None,
    clean: bool = False,
    cache_dir: Path | None = None,
    facts: bool = True,
    answers: bool = True,
) -> Pipeline:
    """Build the graph, validate it, reason over it and load the query store.

    ``facts=False``: ``result.build.activities`` and ``.paragraphs`` are left empty (the
    counts stay); the CLI has no use for them, and at 100x they held 330 MB through
    validation and reasoning. ``answers``: answer the overview and documented canned questions on a
    new store (or after the query files change) and keep them (:mod:`ccpj_graph.query.ahead`)."""
    note = progress or (lambda _stage: None)
    _check_destinations(out_dir, store_dir)
    cache = Cache(cache_dir, enabled=not clean)
    graph_dir = out_dir or resources.graph_dir()
    ontology = resources.ontology_files()
    # the reference data and the manifest: what every part is validated and reasoned against
    # (the build does not change them)
    base = [f for f in graph_files(graph_dir=graph_dir, ontology=False) if f.parent != graph_dir]

    clock = time.perf_counter()
    result = Pipeline(
        build=build(
            out_dir=out_dir,
            progress=lambda key: note(f"extract {key}"),
            cache=cache,
            parallel=True,
            while_extracting=functools.partial(
                _ready_stages,
                validate=validate_graph,
                reason=reason_graph,
                base=base,
                ontology=ontology,
            ),
            keep_undo=True,
        )
    )
    result.seconds["build"] = time.perf_counter() - clock
    if not facts:
        result.build.activities = []
        result.build.paragraphs = []
    data = sorted(graph_dir.glob("*.ttl"))
    graph_key = digest(code_digest(), files_digest(ontology), files_digest([*base, *data]))
    undo, result.build.undo = result.build.undo, None
    try:
        _validate_and_reason(
            result,
            cache,
            graph_key,
            ontology=ontology,
            base=base,
            data=data,
            validate_graph=validate_graph,
            reason_graph=reason_graph,
            note=note,
        )
    except BaseException:  # stopped or failed before the graph was checked: take it back
        if undo is not None:
            undo.restore()
        raise
    if result.validation is not None and not result.validation.conforms:
        # a graph that does not conform is not the project's graph: the folder goes back to
        # what it held, and the store (loaded from it) and the cache's answers stay as they were
        if undo is not None:
            result.restored = undo.changed
            undo.restore()
        return result
    if undo is not None:
        undo.discard()
    note("store")
    clock = time.perf_counter()
    result.store = _store(
        cache,
        graph_files(graph_dir=graph_dir),
        result.reasoning.triples if result.reasoning else None,
        store_dir or resources.store_dir(),
        watch=[graph_dir],
        cached=result.cached,
        # the inferred triples are a function of the graph: its key stands for them
        inferred_key=graph_key if result.reasoning else "",
    )
    result.seconds["store"] = time.perf_counter() - clock
    if answers:
        result.ahead = _answers_ahead(cache, result.store.path, note)
        if result.ahead is not None:
            result.seconds["answers"] = result.ahead.seconds
    result.pruned = cache.prune()
    return result


def _validate_and_reason(
    result: Pipeline,
    cache: Cache,
    graph_key: str,
    *,
    ontology: list[Path],
    base: list[Path],
    data: list[Path],
    validate_graph: bool,
    reason_graph: bool,
    note: Callable[[str], None],
) -> None:
    """Validate the graph and reason over it (each from the cache when it has the answer),
    in two worker processes and this one; fills ``result``'s validation and reasoning."""
    corpora: list[Corpus] = []  # read at most once, and only when a stage is not cached
    pools: list[Executor] = []  # two worker processes, started when a part needs them

    def corpus() -> Corpus:
        if not corpora:
            corpora.append(Corpus.load(ontology, base, data))
        return corpora[0]

    cold_validation = validate_graph and (
        cache.get("validate", digest(graph_key, files_digest(resources.shape_files())), ".json")
        is None
    )
    cold_reasoning = reason_graph and cache.get("reason", graph_key, ".json") is None

    def executor() -> Executor:
        if not pools:
            if cold_reasoning and not cold_validation:
                # the base closed once, here, and inherited by the workers; from the base
                # files alone, so that the workers fork from a small process
                prepare_base(corpora[0] if corpora else Corpus.load(ontology, base, []))
            pools.append(pool())
        return pools[0]

    if cold_validation or cold_reasoning:
        executor()  # before the corpus is read: forked workers would each hold a copy of it

    try:
        finish: Callable[[], ValidationReport] | None = None
        if validate_graph:
            note("validate")
            clock = time.perf_counter()
            finish = _validation(cache, graph_key, corpus, executor, result.cached)
        if reason_graph:
            note("reason")
            started = time.perf_counter()
            # with validation running in the pool, this process reasons meanwhile (on the
            # base closed while extraction ran, or closing it now) instead of waiting for
            # it, and hands parts to the workers once validation leaves them idle: the two
            # cores stay busy
            result.reasoning = _reasoning(
                cache, graph_key, corpus, executor, result.cached, share=cold_validation
            )
            result.seconds["reason"] = time.perf_counter() - started
        if finish is not None:
            result.validation = finish()
            result.seconds["validate"] = time.perf_counter() - clock
            finish = None  # it holds the corpus
    finally:
        for workers in pools:
            workers.shutdown()


def _answers_ahead(cache: Cache, store: Path, note: Callable[[str], None]) -> Ahead | None:
    """Answer the overview questions for ``store`` unless they were answered for this very
    store with these query files and this code (a new store, or edited queries, answers
    them again); None when nothing was to do."""
    from ccpj_graph.query.ahead import answer_ahead
    from ccpj_graph.query.answers import store_identity

    identity = store_identity(store)
    if identity is None:
        return None
    queries = sorted(resources.queries_dir().rglob("*.rq"))
    key = digest(code_digest(), identity.hex(), files_digest(queries))
    if cache.get("ahead", key) is not None:
        return None
    note("answers")
    ahead = answer_ahead(store)
    if not ahead.skipped:  # a question skipped (a timeout) is tried again by the next build
        cache.put("ahead", key, b"answered")
    return ahead


def _check_destinations(out_dir: Path | None, store_dir: Path | None) -> None:
    """Before any work: a graph written elsewhere (``--out``) must not be loaded into the
    project's store, which the project's queries, site and exports read as the project's
    graph; the graph and store folders must be apart (the store's swap would remove a graph
    inside it); and neither may be a folder of the user's that the build would write into or
    replace (``build/record.py``, ``query/store.py``)."""
    from ccpj_graph.build.record import check_graph_folder
    from ccpj_graph.errors import InputError
    from ccpj_graph.overlap import check_overlaps
    from ccpj_graph.query.store import check_store_target

    graph = out_dir or resources.graph_dir()
    own = graph.resolve() == resources.graph_dir().resolve()
    if store_dir is None and not own:
        raise InputError(
            f"--out {out_dir}: give --store too (a folder for this graph's query store); "
            f"without it the project's store ({resources.store_dir()}) would hold this graph"
        )
    store = store_dir or resources.store_dir()
    check_overlaps([("--out", graph), ("--store", store)])
    if not own:
        check_graph_folder(graph)
    check_store_target(store)


def _ready_stages(
    *,
    validate: bool,
    reason: bool,
    base: list[Path],
    ontology: list[Path],
) -> None:
    """Ready the later stages in this process while it waits on the extraction workers for
    the first report (about two seconds of a cold build): the project's shapes gated and
    compiled for the fast engine, or harvested by pySHACL when it must run them (about a
    second that each validation worker paid), and the base's closure for reasoning (its
    schema closure is owlrl's: 0.7 s that came later on the build's longest path, in this
    process, while the workers validated). Both are kept per process; the validation workers
    forked later inherit them. The base files (ontology, reference data, manifest) do not
    change during the build, so the closure is the one reasoning asks for."""
    if validate:
        from ccpj_graph.validate import ready_project_shapes

        ready_project_shapes()
    if reason:
        prepare_base(Corpus.load(ontology, base, []))


def _validation(
    cache: Cache,
    graph_key: str,
    corpus: Callable[[], Corpus],
    executor: Callable[[], Executor],
    cached: set[str],
) -> Callable[[], ValidationReport]:
    """The union of the per-part results (:mod:`ccpj_graph.build.parts`), itself cached under
    the key of every graph file so that a build with nothing changed reads one entry. The
    cold parts are submitted now; the function returned waits for them."""
    from ccpj_graph.validate import ValidationReport

    shapes = files_digest(resources.shape_files())
    key = digest(graph_key, shapes)
    entry = cache.get("validate", key, ".json")
    if entry is not None:
        cached.add("validate")
        report = ValidationReport.from_record(json.loads(entry))
        return lambda: report
    pending = start_validation(corpus, cache, shapes_key=shapes, executor=executor)

    def finish() -> ValidationReport:
        report: ValidationReport = pending()
        record = json.dumps(report.to_record(), indent=1, ensure_ascii=False, sort_keys=True)
        cache.put("validate", key, record.encode("utf-8"), ".json")
        return report

    return finish


def _reasoning(
    cache: Cache,
    graph_key: str,
    corpus: Callable[[], Corpus],
    executor: Callable[[], Executor] | None,
    cached: set[str],
    *,
    share: bool = False,
) -> ReasoningResult:
    """Reasoning per part; the kept triples are a sorted N-Triples file in the cache (or, when
    the cache cannot be written, a temporary file that lives as long as the process)."""
    from ccpj_graph.reason import ReasoningResult, reason

    target = cache.path("reason", graph_key, ".nt")
    summary = cache.get("reason", graph_key, ".json")
    if summary is not None and target.is_file():
        resources.touch(target)  # used: the store stage loads it (Cache.get marked the summary)
        cached.add("reason")
        record = json.loads(summary)
        record["inconsistencies"] = tuple(record["inconsistencies"])
        return ReasoningResult(triples=target, **record)
    if not cache.writable(target):
        target = scratch() / "inferred.nt"
    result = reason_parts(corpus, cache, target, executor=executor, share=share)
    if result is None:  # something only owlrl handles: the whole graph, the reference engine
        done = reason(corpus_graph(corpus()))
        lines = sorted(done.graph.serialize(format="nt", encoding="utf-8").splitlines())
        atomic_write(target, b"".join(line + b"\n" for line in lines if line))
        result = replace(done, triples=target)
    record = {
        "asserted": result.asserted,
        "closure": result.closure,
        "inferred": result.inferred,
        "dropped": result.dropped,
        "seconds": result.seconds,
        "inconsistencies": list(result.inconsistencies),
    }
    cache.put("reason", graph_key, json.dumps(record, indent=1).encode("utf-8"), ".json")
    return result


def corpus_graph(corpus: Corpus) -> Graph:
    """The whole graph (every file but the ontology, which ``reason`` adds) as one rdflib
    graph: only for the owlrl fallback."""
    from ccpj_graph.rdfio import read_graph

    return read_graph(*corpus.base, *corpus.data)


def _store(
    cache: Cache,
    files: list[Path],
    inferred: Graph | Path | None,
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
    info = build_store(files, inferred, path, watch=watch, derived=isinstance(inferred, Path))
    cache.put("store", where, key.encode())
    return info
