"""``ccpj build``: sources -> paragraphs -> facts -> curated facts -> canonical Turtle files.

One Turtle file per report (``data/graph/<report>.ttl``) so a change in one report shows as a
diff in one file. Each file is written atomically; a file is rewritten only when its bytes
change, so a re-run of an unchanged corpus touches nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from ccpj_graph import resources
from ccpj_graph.build.graph import report_graph
from ccpj_graph.build.mint import DEFAULT_BASE
from ccpj_graph.build.serialize import atomic_write, canonical_turtle
from ccpj_graph.corpus import load_corpus
from ccpj_graph.corpus.model import Report
from ccpj_graph.curate import apply_curation, load_curation
from ccpj_graph.errors import CcpjError
from ccpj_graph.extract.facts import ActivityFact, ParagraphFact
from ccpj_graph.extract.pipeline import Extraction, extract_report

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

    @property
    def total_activities(self) -> int:
        return sum(r.activities for r in self.reports)

    @property
    def total_triples(self) -> int:
        return sum(r.triples for r in self.reports)


def reference_subjects(reference_dir: Path | None = None) -> set[URIRef]:
    """IRIs the reference data already describes (typed subjects), so the build links them."""
    folder = reference_dir or resources.reference_dir()
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def extract_all(
    reports: Iterable[Report],
    *,
    curation_dir: Path | None = None,
) -> tuple[list[tuple[Report, Extraction]], list[ActivityFact], list[str]]:
    """Extract every report and apply curation; returns (report, extraction) pairs and facts."""
    pairs = []
    facts: list[ActivityFact] = []
    warnings: list[str] = []
    texts: dict[tuple[str, str], str] = {}
    for report in reports:
        extraction = extract_report(report)
        pairs.append((report, extraction))
        facts.extend(extraction.activities)
        warnings.extend(extraction.warnings)
        texts.update({(report.key, p.number): p.text for p in report.paragraphs})
    entries = load_curation(curation_dir or resources.curation_dir())
    curated = apply_curation(facts, entries, paragraph_texts=texts)
    return pairs, curated, warnings


def build(
    *,
    sources_dir: Path | None = None,
    out_dir: Path | None = None,
    curation_dir: Path | None = None,
    base: str = DEFAULT_BASE,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Extract every report in ``sources_dir`` and write its graph to ``out_dir``."""
    out = out_dir or resources.graph_dir()
    reports = load_corpus(sources_dir)
    pairs, facts, warnings = extract_all(reports, curation_dir=curation_dir)
    known = reference_subjects()
    result = BuildResult(warnings=list(warnings), activities=facts)
    by_report: dict[str, list[ActivityFact]] = {}
    for fact in facts:
        by_report.setdefault(fact.report, []).append(fact)
    outputs: list[tuple[Path, bytes]] = []
    for report, extraction in pairs:
        if progress:
            progress(report.key)
        acts = by_report.get(report.key, [])
        if report.meta.kind == "report" and not acts:
            raise CcpjError(
                f"{report.meta.file_name}: no activities extracted from {len(report.paragraphs)}"
                " paragraphs; is it a report of this family?"
            )
        graph = report_graph(
            report,
            activities=acts,
            paragraphs=extraction.paragraphs,
            organisations=extraction.organisations,
            known=known,
            base=base,
        )
        result.paragraphs.extend(extraction.paragraphs)
        data = canonical_turtle(graph)
        path = out / f"{report.key}.ttl"
        changed = not path.exists() or path.read_bytes() != data
        outputs.append((path, data))
        result.reports.append(
            ReportSummary(report.key, len(report.paragraphs), len(acts), len(graph), path, changed)
        )
    # Write only once every report has been extracted and serialized: no half-built folder.
    for path, data in outputs:
        if not path.exists() or path.read_bytes() != data:
            atomic_write(path, data)
    # A report removed from the manifest takes its graph file with it, in the project's own
    # graph folder; elsewhere (--out) other Turtle files may be the user's, so only warn.
    wanted = {path for path, _ in outputs}
    own = out.resolve() == resources.graph_dir().resolve()
    for stale in sorted(out.glob("*.ttl")):
        if stale in wanted:
            continue
        if own:
            stale.unlink()
            result.warnings.append(f"removed {stale.name}: its report is not in the manifest")
        else:
            result.warnings.append(f"{stale}: not written by this build (left alone)")
    return result
