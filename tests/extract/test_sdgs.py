"""Activities link to the Sustainable Development Goals and targets their evidence cites.

The citation forms are data (``data/reference/sdg-citations.toml``), the Goals and targets
reference data (``data/reference/sdg.ttl``); the link is ``ccpj:citesGoal`` and stays inside the
activity's evidence.
"""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, SKOS, Graph, URIRef

from ccpj_graph import resources
from ccpj_graph.corpus.model import Paragraph, Report, ReportMeta
from ccpj_graph.extract.pipeline import extract_report
from ccpj_graph.extract.sdgs import citations, goal_keys

SDGO = "http://metadata.un.org/sdg/ontology#"
SDG_ID = "https://w3id.org/ccpj/id/sdg/"


def _report(*texts: str) -> Report:
    meta = ReportMeta(
        key="900", file_name="900_test.txt", title="t", body="b", period_start=2021,
        period_end=2021,
    )  # fmt: skip
    paragraphs = tuple(
        Paragraph(report="900", number=str(i), section="I", section_title="Work", text=t)
        for i, t in enumerate(texts, start=1)
    )
    return Report(meta=meta, paragraphs=paragraphs)


def _codes(text: str) -> list[tuple[str, str]]:
    return [(c.code, c.key) for c in citations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sustainable Development Goal 16 (Promote peaceful ...)", [("16", "16")]),
        (
            "in particular its Sustainable Development Goals 5, 11 and 16.",
            [("5", "5"), ("11", "11"), ("16", "16")],
        ),
        ("in particular SDG 16.", [("16", "16")]),
        ("progress on SDG 16.3 and SDG target 16.a", [("16.3", "16-3"), ("16.a", "16-a")]),
        ("targets 16.3 and 16.10 of the Goals", [("16.3", "16-3"), ("16.10", "16-10")]),
        ("data for indicator 16.3.2 (unsentenced detainees)", [("16.3.2", "16-3")]),
        ("Sustainable Development Goal indicator 16.5.1", [("16.5.1", "16-5")]),
        ("under SDG target 5.2", [("5.2", "5")]),  # a target the reference lacks: its Goal
        ("Sustainable Development Goal indicators related to crime", []),
        ("the impact of the pandemic on the Sustainable Development Goals.", []),
        ("programmes of the Millennium Development Goals; Millennium Development Goal 6", []),
        ("target 16 and indicator 16.3", []),  # a target needs its target code, an indicator its
        ("SDG 18 and Sustainable Development Goal 0", []),
        ("Sustainable Development Goal 16, and 17 countries joined", [("16", "16")]),
    ],
)
def test_citation_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert _codes(text) == expected


def test_the_reference_holds_17_goals_and_the_goal_16_targets_with_un_iris() -> None:
    graph = Graph().parse(resources.reference_dir() / "sdg.ttl", format="turtle")
    goals = set(graph.subjects(RDF.type, URIRef(SDGO + "Goal")))
    targets = set(graph.subjects(RDF.type, URIRef(SDGO + "Target")))
    assert len(goals) == 17
    codes = {str(graph.value(t, SKOS.notation)) for t in targets}
    assert codes == {f"16.{n}" for n in [*range(1, 11), "a", "b"]}
    for concept in goals | targets:
        code = str(graph.value(concept, SKOS.notation))
        assert concept == URIRef(SDG_ID + code.replace(".", "-"))
        assert graph.value(concept, SKOS.exactMatch) == URIRef(f"http://metadata.un.org/sdg/{code}")
        assert graph.value(concept, SKOS.definition) is not None
    for target in targets:
        assert graph.value(target, SKOS.broader) == URIRef(SDG_ID + "16")
    assert goal_keys()["16.3"] == "16-3" and goal_keys()["16"] == "16"


def test_a_paragraph_citing_a_target_and_an_indicator() -> None:
    report = _report(
        "UNODC trained 30 statisticians in Kenya to report on target 16.3 and on indicator "
        "16.3.2 (unsentenced detainees as a proportion of the prison population). The Office "
        "also published a guide on Sustainable Development Goal 5."
    )
    first, second = extract_report(report).activities
    assert first.goals == ("16-3",)
    assert second.goals == ("5",)


def test_a_bare_goal_needs_the_goals_named_before_it_and_brings_that_sentence_in() -> None:
    named = (
        "Many countries cannot monitor Sustainable Development Goal 16. UNODC trained 30 "
        "statisticians to measure progress towards Goal 16."
    )
    (activity,) = extract_report(_report(named)).activities
    assert activity.goals == ("16",)
    assert activity.evidence_start == 0 and activity.quote == named
    unnamed = "UNODC trained 30 statisticians to measure progress towards Goal 16."
    (activity,) = extract_report(_report(unnamed)).activities
    assert activity.goals == ()


@pytest.mark.slow
def test_the_corpus_cites_goal_16(corpus) -> None:
    activities = {
        a.key: a
        for key in ("000", "001", "002", "004")
        for a in extract_report(corpus[key]).activities
    }
    cited = {key: a.goals for key, a in activities.items() if a.goals}
    # 001 para 3: "... for Sustainable Development Goal 16 (...). UNODC, UNDP, OHCHR and UNESCO
    # jointly organized ... towards the achievement of Goal 16": the naming sentence joins
    assert cited["001-3-1"] == ("16",)
    assert activities["001-3-1"].quote.startswith("Six years after the adoption of the 2030 Agenda")
    assert cited["001-4-2"] == ("16",)  # "several indicators of Sustainable Development Goal 16"
    assert cited["001-5-2"] == ("16",)  # "questionnaire on Sustainable Development Goal 16"
    assert cited["002-13-1"] == ("11", "16")  # "in accordance with ... Goals 11 and 16"
    assert not any(key.startswith("004-") for key in cited)  # Millennium Development Goals
    for key, goals in cited.items():
        quote = activities[key].quote
        for goal in goals:
            code = goal.replace("-", ".")
            assert re.search(rf"(?<![\d.]){re.escape(code)}(?![\d])", quote), (key, goal)
