"""``ccpj build``: sources -> paragraphs -> facts -> curated facts -> canonical Turtle files.

One Turtle file per report (``data/graph/<report>.ttl``) so a change in one report shows as a
diff in one file. Each file is written atomically; a file is rewritten only when its bytes
change, so a re-run of an unchanged corpus touches nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, URIRef

from ccpj_graph import resources
from ccpj_graph.build.graph import report_graph
from ccpj_graph.build.mint import DEFAULT_BASE
from ccpj_graph.build.record import (
    RECORD_NAME,
    check_graph_folder,
    check_strays,
    write_record,
)
from ccpj_graph.build.serialize import atomic_write
from ccpj_graph.build.undo import Undo
from ccpj_graph.cache import Cache, code_digest, digest, files_digest
from ccpj_graph.corpus.manifest import MANIFEST_NAME, load_manifest
from ccpj_graph.corpus.model import Report, ReportMeta
from ccpj_graph.corpus.reader import read_report
from ccpj_graph.curate import Curation, apply_curation, check_reports, load_curation
from ccpj_graph.errors import CcpjError
from ccpj_graph.extract.facts import ActivityFact, ParagraphFact
from ccpj_graph.extract.pipeline import Extraction, extract_report
from ccpj_graph.extract.profile import load_profile
from ccpj_graph.limits import SOURCE_BYTES, read_capped

__all__ = ["BuildResult", "ReportSummary", "build", "extract_all", "reference_subjects"]


@dataclass(frozen=True, slots=True)
class ReportSummary:
    key: str
    paragraphs: int
    activities: int
    triples: int
    path: Path
    changed: bool


@dataclass(slots=True)
class BuildResult:
    """What a build wrote, with the facts behind it for callers that report on them."""

    reports: list[ReportSummary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    activities: list[ActivityFact] = field(default_factory=list)
    paragraphs: list[ParagraphFact] = field(default_factory=list)
    #: what the build changed in the graph folder (``keep_undo``), to restore on failure
    undo: Undo | None = field(default=None, repr=False)

    @property
    def total_activities(self) -> int:
        return sum(r.activities for r in self.reports)

    @property
    def total_triples(self) -> int:
        return sum(r.triples for r in self.reports)


def reference_subjects(reference_dir: Path | None = None) -> set[URIRef]:
    """IRIs the reference data already describes (typed subjects), so the build links them.
    Read through the strict reader (pyoxigraph: a tenth of rdflib's parse time)."""
    import pyoxigraph as ox

    from ccpj_graph.rdfio import read_triples

    folder = reference_dir or resources.reference_dir()
    typed = str(RDF.type)
    return {
        URIRef(t.subject.value)
        for t in read_triples(*resources.required_files(folder, "*.ttl", what="reference data"))
        if isinstance(t.subject, ox.NamedNode) and t.predicate.value == typed
    }


def extract_all(
    reports: Iterable[Report],
    *,
    curation_dir: Path | None = None,
) -> tuple[list[tuple[Report, Extraction]], list[ActivityFact], list[str]]:
    """Extract every report and apply curation; returns (report, extraction) pairs and facts."""
    reports = list(reports)
    entries = load_curation(curation_dir or resources.curation_dir())
    check_reports(entries, [report.meta.key for report in reports])  # none for a report not built
    pairs = []
    facts: list[ActivityFact] = []
    warnings: list[str] = []
    for report in reports:
        extraction, curated = _extract_one(report, _entries_for(entries, report.meta.key))
        pairs.append((report, extraction))
        facts.extend(curated)
        warnings.extend(extraction.warnings)
    return pairs, facts, warnings


def _extract_one(
    report: Report, entries: Sequence[Curation]
) -> tuple[Extraction, list[ActivityFact]]:
    """One report's extraction and its curated facts. Curation is applied per report (entries
    name their report), which is what lets a report's graph be cached on its own."""
    extraction = extract_report(report)
    texts = {(report.key, p.number): p.text for p in report.paragraphs}
    curated = apply_curation(extraction.activities, entries, paragraph_texts=texts)
    return extraction, curated


def _entries_for(entries: Sequence[Curation], key: str) -> list[Curation]:
    """The curation entries about report ``key`` (an added activity names its report, the
    others an activity key that starts with it)."""
    found = []
    for item in entries:
        named = item.entry.get("report") if item.kind == "add" else item.entry.get("activity")
        if str(named or "").split("-", 1)[0] == key:
            found.append(item)
    return found


Extracted = tuple[Report, Extraction, list[ActivityFact]]


def _read_and_extract(job: tuple[Path, ReportMeta, list[Curation]]) -> Extracted:
    """Read one report and extract it (in a worker process, or in this one)."""
    path, meta, mine = job
    report = read_report(path, meta)
    extraction, acts = _extract_one(report, mine)
    return report, extraction, acts


class _Lookahead:
    """Extractions by report index: computed on demand, or (``parallel``) submitted to two
    worker processes a few reports ahead of the first one asked for. Only reports that miss
    the cache are asked for, so a window (not the whole corpus) is extracted ahead: a build
    where one report changed extracts at most a window's worth it does not need."""

    WINDOW = 4

    def __init__(
        self,
        jobs: list[tuple[Path, ReportMeta, list[Curation]]],
        *,
        parallel: bool,
        idle: Callable[[], None] | None = None,
    ):
        self.jobs = jobs
        self.parallel = parallel
        self.futures: dict[int, Future[Extracted]] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.idle = idle  # run once, while this process first waits for the workers

    def get(self, index: int) -> Extracted:
        if not self.parallel:
            return _read_and_extract(self.jobs[index])
        if self.pool is None:
            import multiprocessing

            context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            self.pool = ProcessPoolExecutor(max_workers=2, mp_context=context)
        for ahead in range(index, min(index + self.WINDOW, len(self.jobs))):
            if ahead not in self.futures:
                self.futures[ahead] = self.pool.submit(_read_and_extract, self.jobs[ahead])
        if self.idle is not None:
            idle, self.idle = self.idle, None
            idle()
        return self.futures.pop(index).result()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def _report_key(
    shared: str,
    meta: ReportMeta,
    source: Path,
    entries: Sequence[Curation],
    described: set[str],
) -> str | None:
    """The cache key of one report's graph file; None when the source cannot be read (the
    reader then says why). ``described``: the entities earlier reports described."""
    try:
        text = read_capped(source, SOURCE_BYTES, what="a report text")
    except CcpjError:
        return None
    curation = json.dumps(
        [[item.kind, item.where, dict(item.entry)] for item in entries],
        sort_keys=True,
        default=str,
    )
    # the rules it is extracted with: its profile's every byte (data/profiles/<name>/)
    profile = load_profile(meta.profile).digest
    return digest(shared, repr(meta), profile, text, curation, "\n".join(sorted(described)))


def _shared_key(base: str) -> str:
    """What every report's graph depends on besides its own text: code, reference data,
    ontology (the generated namespace) and the IRI base."""
    resources.reference_files()  # a missing or empty folder is an error, not an empty key
    reference = sorted(p for p in resources.reference_dir().iterdir() if p.is_file())
    ontology = resources.ontology_files()
    return digest(code_digest(), base, files_digest(reference), files_digest(ontology))


def _json(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _cached(cache: Cache | None, key: str | None) -> tuple[bytes, dict[str, Any]] | None:
    """A report's cached graph file and its counts, when both are there and readable."""
    if cache is None or key is None:
        return None
    data = cache.get("extract", key, ".ttl")
    info = cache.get("extract", key, ".json")
    if data is None or info is None:
        return None
    try:
        record = json.loads(info)
    except ValueError:
        return None
    return data, record


def build(
    *,
    sources_dir: Path | None = None,
    out_dir: Path | None = None,
    curation_dir: Path | None = None,
    base: str = DEFAULT_BASE,
    progress: Callable[[str], None] | None = None,
    cache: Cache | None = None,
    parallel: bool = False,
    while_extracting: Callable[[], None] | None = None,
    keep_undo: bool = False,
) -> BuildResult:
    """Extract every report in ``sources_dir`` and write its graph to ``out_dir``.

    With a ``cache``, a report whose inputs (text, manifest entry, curation entries, reference
    data, ontology, code) are unchanged is not read or extracted again: its graph file comes
    from the cache, byte for byte what extraction would write. ``BuildResult.activities`` and
    ``paragraphs`` then hold the facts of the reports extracted in this run only.
    ``parallel``: extract the reports that are not cached in two worker processes, a few
    reports ahead of the one being turned into a graph (the same bytes as one process);
    ``while_extracting`` then runs once in this process while it waits for the first report
    from the workers (the build readies the later stages there).
    ``keep_undo``: keep what the graph folder held before in ``BuildResult.undo`` so that the
    caller can restore it when a later stage fails (:mod:`ccpj_graph.build.undo`).
    """
    out = out_dir or resources.graph_dir()
    own = out.resolve() == resources.graph_dir().resolve()
    if not own:
        check_graph_folder(out)  # before any work: a folder of the user's is not written into
    folder = sources_dir if sources_dir is not None else resources.sources_dir()
    metas = load_manifest(folder / MANIFEST_NAME)
    entries = load_curation(curation_dir or resources.curation_dir())
    check_reports(entries, [meta.key for meta in metas])  # no entry for a report not built
    shared = _shared_key(base) if cache is not None else ""
    reference: set[URIRef] | None = None
    # Entities (organisations, tools) are described by the first report that names them, so
    # a report's graph also depends on what the reports before it described: that set is part
    # of its cache key, and each report records what it described.
    described: set[str] = set()
    result = BuildResult()
    outputs: list[tuple[Path, bytes]] = []
    # Extraction (reading, rules, curation) does not depend on the reports before: it runs
    # ahead in worker processes while this loop turns each extraction into a graph in order.
    ahead = _Lookahead(
        [(folder / meta.file_name, meta, _entries_for(entries, meta.key)) for meta in metas],
        parallel=parallel,
        idle=while_extracting,
    )
    try:
        for index, meta in enumerate(metas, start=1):
            if progress:
                progress(f"{meta.key} ({index}/{len(metas)})")
            mine = _entries_for(entries, meta.key)
            key = (
                _report_key(shared, meta, folder / meta.file_name, mine, described)
                if cache
                else None
            )
            cached = _cached(cache, key)
            if cached is not None:
                data, info = cached
                described.update(info["described"])
                result.warnings.extend(info["warnings"])
                paragraphs, activities, triples = (
                    info["paragraphs"],
                    info["activities"],
                    info["triples"],
                )
            else:
                report, extraction, acts = ahead.get(index - 1)
                result.warnings.extend(extraction.warnings)
                result.activities.extend(acts)
                if report.meta.kind == "report" and not acts:
                    raise CcpjError(
                        f"{report.meta.file_name}: no activities extracted from "
                        f"{len(report.paragraphs)} paragraphs; is it a report of this family?"
                    )
                if reference is None:
                    reference = reference_subjects()
                known = reference | {URIRef(iri) for iri in described}
                graph = report_graph(
                    report,
                    activities=acts,
                    paragraphs=extraction.paragraphs,
                    organisations=extraction.organisations,
                    known=known,
                    base=base,
                )
                result.paragraphs.extend(extraction.paragraphs)
                data = graph.turtle()
                paragraphs, activities, triples = len(report.paragraphs), len(acts), len(graph)
                new = sorted(str(iri) for iri in known - reference if str(iri) not in described)
                described.update(new)
                if cache is not None and key is not None:
                    info = {
                        "paragraphs": paragraphs,
                        "activities": activities,
                        "triples": triples,
                        "warnings": list(extraction.warnings),
                        "described": new,
                    }
                    cache.put("extract", key, data, ".ttl")
                    cache.put("extract", key, _json(info), ".json")
            path = out / f"{meta.key}.ttl"
            changed = not path.exists() or path.read_bytes() != data
            outputs.append((path, data))
            result.reports.append(
                ReportSummary(meta.key, paragraphs, activities, triples, path, changed)
            )
    finally:
        ahead.close()
    # --- samework: the same work across reports, one cross-report file (same-work.ttl) made
    # from every report's graph, the manifest's periods and the curation entries (cached) ---
    from ccpj_graph.samework import same_work_step

    graphs = {path.stem: data for path, data in outputs}
    outputs.append(same_work_step(out, graphs, metas, entries, base=base, cache=cache))
    # --- end samework ---
    # A report removed from the manifest takes its graph file with it, if this build wrote it
    # (build/record.py); any other stray file stops the build before anything is written. A
    # folder given with --out is the build's once it holds the record (checked above).
    wanted = {path for path, _ in outputs}
    strays = check_strays(out, wanted)
    # Write only once every report has been extracted and serialized: no half-built folder.
    undo = Undo(out, created=not out.exists())
    for path, data in outputs:
        before = path.read_bytes() if path.exists() else None
        if before != data:
            undo.remember(path, before)
            atomic_write(path, data)
    undo.keep(out / RECORD_NAME)
    write_record(out, outputs)
    for stale in strays:
        undo.keep(stale)
        stale.unlink()
        result.warnings.append(f"removed {stale.name}: its report is not in the manifest")
    result.undo = undo if keep_undo else None
    return result
