"""Whatever a report's text states, its graph has no SHACL violation and every fact stands in
its evidence (issue 10: ingesting a report never fails validation because of what its text
states; grounding is an invariant, on reports nobody has annotated too).

The reports of next year cite resolutions the reference data lacks, name organisations and
places it does not know, state years outside their period, or come with no period at all.
Hypothesis writes such paragraphs from the phrasing the reports use (the agent, its verbs,
beneficiaries, partners, citations in every style, years, quoted titles, lists), the
extractor and the graph builder turn them into a report's graph as the build does, and the
project's shapes check it in the context of the reference data and the manifest with the
report's own entry: warnings are allowed, violations are not.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from ccpj_graph import resources
from ccpj_graph.build.graph import report_graph
from ccpj_graph.build.pipeline import reference_subjects
from ccpj_graph.check.grounding import check_grounding
from ccpj_graph.corpus.ingest import manifest_entry
from ccpj_graph.corpus.model import Paragraph, Report, ReportMeta
from ccpj_graph.extract.pipeline import extract_report
from ccpj_graph.namespaces import CCPJ, DEFAULT_ID_BASE
from ccpj_graph.rdfio import read_graph
from ccpj_graph.validate import described_nodes, validate

pytestmark = pytest.mark.slow  # 30 reports extracted and validated, about 10 s

KEY = "900"

AGENTS = ["UNODC", "The Office", "UNODC, jointly with WHO,", "The UNODC Global Programme", ""]
VERBS = [
    "trained 40 judges",
    "organized a regional workshop",
    "delivered technical assistance",
    "published a handbook",
    "supported the Ministry of Justice",
    "is developing a programme",
    "continued to support legal aid services",
    "launched the “Zeta Initiative on Prisons”",
    "developed the Handbook on Quux Justice",
    "provides assistance in drafting legislation",
    "were trained",
    "was held",
    "co-organized a webinar",
    "refurbished a prison wing",
    "advocated universal adherence",
]
PLACES = [
    "in Kenya",
    "in Côte d'Ivoire and the Philippines",
    "in Atlantis",
    "for 12 countries",
    "in West Africa",
    "in Nairobi",
    "in Bahrain, Egypt, Iraq, Lebanon and Morocco",
    "for the Government of the Republic of Moldova",
    "in 38 countries of Latin America and the Caribbean",
    "in the State of Palestine and the Bolivarian Republic of Venezuela",
    "",
]
PARTNERS = [
    "with WHO and UNAIDS",
    "in cooperation with the Zorblax Foundation (ZF)",
    "with the support of the European Union",
    "together with the Ministry of the Interior of Peru",
    "in partnership with the Centre for Justice Studies of Narnia",
    # a body an apposition describes, whose name reads like a State's body but names no State
    "in cooperation with Prison Fellowship Narnia, an organization that supports prisoners",
    "and Court Watch Police Monitors, a network of lawyers,",
    "",
]
CITATIONS = [
    "pursuant to General Assembly resolution {ga}/{n}",
    "in line with Economic and Social Council resolution {year}/{n}",
    "as requested in Commission resolution {cc}/{n}",
    "following Security Council resolution {sc} ({year})",
    "in accordance with General Assembly decision {ga}/{n} B",
    "under resolution {cc}/{n} of the Conference of the Parties to the Organized Crime Convention",
    "in line with the Nelson Mandela Rules and the Bangkok Rules",
    "as set out in the Kyoto Declaration",
    "contributing to Sustainable Development Goal {sdg} and target {sdg}.{n}",
    "in line with rule {n} of the Nelson Mandela Rules (see E/CN.15/{year}/9)",
    "as requested by the Economic and Social Council in its decision {year}/{n}",
    "under the Convention against Corruption and its Conference of the States Parties",
    "as called for in the {ordinal} United Nations Congress on Crime Prevention",
    "",
]
OPENERS = [
    "In {year}, ",
    "During the reporting period, ",
    "In March {year}, ",
    "Since {year}, ",
    "",
]
TAILS = [
    "",
    "; a second workshop will be held in {year}",
    ", and 120 prosecutors attended",
    " on the treatment of children deprived of liberty",
    " on gender-based violence",
]


def _filled(template: str, numbers: st.DataObject) -> str:
    return template.format(
        year=numbers.draw(st.integers(1945, 2060)),
        ga=numbers.draw(st.integers(1, 120)),
        cc=numbers.draw(st.integers(1, 60)),
        sc=numbers.draw(st.integers(1, 4000)),
        n=numbers.draw(st.integers(1, 400)),
        sdg=numbers.draw(st.integers(1, 25)),
        ordinal=numbers.draw(st.sampled_from(["Fourteenth", "Fifteenth", "Twentieth"])),
    )


@st.composite
def sentences(draw: st.DrawFn) -> str:
    numbers = draw(st.data())
    parts = [
        _filled(draw(st.sampled_from(OPENERS)), numbers),
        draw(st.sampled_from(AGENTS)),
        draw(st.sampled_from(VERBS)),
        draw(st.sampled_from(PLACES)),
        draw(st.sampled_from(PARTNERS)),
        _filled(draw(st.sampled_from(CITATIONS)), numbers),
        _filled(draw(st.sampled_from(TAILS)), numbers),
    ]
    text = " ".join(p.strip() for p in parts if p.strip()).replace(" ,", ",").replace(" ;", ";")
    return text[0].upper() + text[1:] + "."


paragraph_texts = st.lists(sentences(), min_size=1, max_size=4).map(" ".join)
periods = st.one_of(
    st.none(), st.tuples(st.integers(2000, 2050), st.integers(0, 2)).map(lambda p: (p[0], sum(p)))
)


@cache
def _context() -> tuple[bytes, Graph, frozenset[URIRef]]:
    """The manifest's bytes, the reference data and the manifest in one graph, and what the
    reference describes (read once; each example adds its own triples to it and takes them
    out again: copying it was two thirds of an example's time)."""
    manifest = (resources.sources_dir() / "manifest.ttl").read_bytes()
    base = read_graph(*sorted(resources.reference_dir().glob("*.ttl")))
    base.parse(data=manifest, format="turtle")
    return manifest, base, frozenset(reference_subjects())


def _report(texts: list[str], period: tuple[int, int] | None, kind: str) -> Report:
    meta = ReportMeta(
        key=KEY,
        file_name="unseen.txt",
        title="A report nobody has read",
        body="Commission on Crime Prevention and Criminal Justice",
        issued=f"{period[1] + 1}-03-21" if period else None,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        kind=kind,
    )
    paragraphs = tuple(
        Paragraph(report=KEY, number=str(i), section="II", section_title="Activities", text=text)
        for i, text in enumerate(texts, start=1)
    )
    return Report(meta=meta, paragraphs=paragraphs)


@contextmanager
def _built(
    texts: list[str], period: tuple[int, int] | None, kind: str
) -> Iterator[tuple[Graph, Graph]]:
    """The report's own graph as the build makes it, and that graph in its context (the
    reference data, the manifest and the report's entry), for the ``with`` block."""
    report = _report(texts, period, kind)
    manifest, data, known = _context()
    extraction = extract_report(report)
    own = report_graph(
        report,
        activities=extraction.activities,
        paragraphs=extraction.paragraphs,
        organisations=extraction.organisations,
        known=set(known),
    ).rdflib_graph()
    entry = manifest + b"\n" + manifest_entry(report.meta).encode("utf-8")  # its prefixes
    added = Graph().parse(data=entry, format="turtle")
    added += own
    new = [triple for triple in added if triple not in data]
    for triple in new:
        data.add(triple)
    try:
        yield own, data
    finally:
        for triple in new:
            data.remove(triple)


def test_the_phrasing_yields_work_with_facts_to_check() -> None:
    """The generated phrasing is read as work carrying facts (else the test below checks
    nothing): a fixed text in the same words."""
    text = (
        "In 2031, UNODC, jointly with WHO, trained 40 judges in Kenya in cooperation with the "
        "Zorblax Foundation (ZF) pursuant to General Assembly resolution 100/17. The Office "
        "published a handbook in Côte d'Ivoire and the Philippines in line with the Nelson "
        "Mandela Rules and the Bangkok Rules."
    )
    with _built([text], (2030, 2031), "report") as (own, data):
        grounding = check_grounding(data, reports=[KEY])
    assert len(set(own.subjects(CCPJ.statedIn, None))) == 2
    kinds = {fact.field for fact in grounding.facts}
    assert {"partner", "country", "standard", "mandate"} <= kinds, kinds
    assert grounding.ungrounded == []


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    texts=st.lists(paragraph_texts, min_size=1, max_size=3),
    period=periods,
    kind=st.sampled_from(["report", "brochure"]),
)
def test_any_text_gives_a_graph_without_violations(
    texts: list[str], period: tuple[int, int] | None, kind: str
) -> None:
    with _built(texts, period, kind) as (own, data):
        focus = [*described_nodes(own), URIRef(f"{DEFAULT_ID_BASE}report/{KEY}")]
        result = validate(data, focus=focus)
        # and every fact an activity carries stands in its evidence (the grounding invariant)
        grounding = check_grounding(data, reports=[KEY])
    violations = [r for r in result.results if r.severity == "Violation"]
    assert not violations, (texts, period, kind, [(r.focus, r.message) for r in violations])
    assert grounding.ungrounded == [], (texts, grounding.render())
