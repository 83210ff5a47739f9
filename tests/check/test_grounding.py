"""Grounding: every fact of every activity is stated in the activity's own evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import PROV, RDFS, Graph, Literal, URIRef

from ccpj_graph import resources
from ccpj_graph.build.merged import merged_graph
from ccpj_graph.check import check_grounding
from ccpj_graph.cli import cli
from ccpj_graph.namespaces import CCPJ, DEFAULT_ID_BASE

ID = DEFAULT_ID_BASE


@pytest.fixture(scope="module")
def graph() -> Graph:
    return merged_graph(ontology=False)


def _report_keys() -> set[str]:
    return {p.name.split("_", 1)[0] for p in resources.sources_dir().glob("*.txt")}


@pytest.mark.slow
def test_every_fact_of_every_report_is_grounded(graph: Graph) -> None:
    result = check_grounding(graph)
    figures = result.per_report()
    assert set(figures) == set(_report_keys())  # every report listed, with activities or not
    assert 0 < figures["003"][1] < 50  # the brochure describes programmes, reports little work
    assert all(total > 200 for key, (_, total) in figures.items() if key != "003")
    assert result.ungrounded == [], result.render()


@pytest.mark.slow
def test_evidence_is_whole_sentences_at_its_offsets(graph: Graph) -> None:
    for activity in graph.subjects(CCPJ.evidenceStart, None):
        text = str(graph.value(graph.value(activity, CCPJ.statedIn), CCPJ.text))
        start = int(graph.value(activity, CCPJ.evidenceStart))
        end = int(graph.value(activity, CCPJ.evidenceEnd))
        quote = str(graph.value(activity, CCPJ.quote))
        assert text[start:end] == quote, activity
        assert start == 0 or text[start - 1] == " ", (activity, text[start - 10 : start])
        assert end == len(text) or text[end] == " ", (activity, text[end : end + 10])


@pytest.mark.slow
def test_a_fact_from_outside_the_evidence_is_reported(graph: Graph) -> None:
    # activity/000-88-1 once carried the partners of the sentences after its own
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    activity = URIRef(f"{ID}activity/000-88-1")
    assert "Thailand" not in str(copy.value(activity, CCPJ.quote))
    copy.add((activity, CCPJ.hasPartner, URIRef(f"{ID}org/tij")))
    copy.add((activity, CCPJ.beneficiary, URIRef(f"{ID}country/KAZ")))
    copy.set((activity, CCPJ.year, Literal("2017")))
    copy.set((activity, CCPJ.yearBasis, Literal("explicit")))
    result = check_grounding(copy, reports=["000"])
    missing = {(f.activity, f.field, f.value) for f in result.ungrounded}
    assert ("000-88-1", "partner", "tij") in missing
    assert ("000-88-1", "country", "KAZ") in missing
    assert ("000-88-1", "year", "2017") in missing
    # a curator's word is exempt
    copy.add((activity, CCPJ.curated, Literal(True)))
    again = check_grounding(copy, reports=["000"])
    assert again.ungrounded == [] and again.exempt > 0


@pytest.mark.slow
def test_cli_reports_per_report_and_exits_0() -> None:
    result = CliRunner().invoke(cli, ["check", "grounding", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ungrounded"] == []
    assert all(r["share"] == 1.0 for r in data["reports"].values())


def test_cli_unknown_report_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "grounding", "--report", "999"])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and result.output.count("\n") == 1


@pytest.mark.slow
def test_cli_exits_1_and_names_the_fact(tmp_path: Path) -> None:
    # a graph where activity 000-88-1 carries a partner its quote does not name
    folder = tmp_path / "graph"
    folder.mkdir()
    for path in resources.graph_dir().glob("*.ttl"):
        (folder / path.name).write_bytes(path.read_bytes())
    with (folder / "000.ttl").open("a", encoding="utf-8") as out:
        out.write(f"\n<{ID}activity/000-88-1> <{CCPJ.hasPartner}> <{ID}org/tij> .\n")
    args = ["check", "grounding", "--graph", str(folder), "--report", "000"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "UNGROUNDED 000-88-1 partner tij" in result.output


@pytest.mark.slow
def test_a_goal_the_evidence_does_not_cite_is_reported(graph: Graph) -> None:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    activity = URIRef(f"{ID}activity/001-5-2")  # "... on Sustainable Development Goal 16 ..."
    assert URIRef(f"{ID}sdg/16") in set(copy.objects(activity, CCPJ.citesGoal))
    copy.add((activity, CCPJ.citesGoal, URIRef(f"{ID}sdg/5")))
    copy.add((activity, CCPJ.citesGoal, URIRef(f"{ID}sdg/16-3")))
    facts = {
        (f.value, f.grounded) for f in check_grounding(copy, reports=["001"]).facts
        if f.activity == "001-5-2" and f.field == "goal"
    }  # fmt: skip
    assert facts == {("16", True), ("5", False), ("16-3", False)}


@pytest.mark.parametrize(
    ("code", "evidence", "stated"),
    [
        ("16", "towards Sustainable Development Goal 16.", True),
        ("16", "data for indicator 16.3.2", True),  # the Goal of the indicator's target
        ("16.a", "Sustainable Development Goal 16 and target 16.b", False),
        ("16.3", "data for indicator 16.3.2", True),
        ("16.1", "data for target 16.10", False),
        ("16", "16 countries took part", False),  # no word says it is a Goal
        ("5", "Sustainable Development Goals 5, 11 and 16", True),
        ("1", "Sustainable Development Goal 16", False),
    ],
)
def test_a_goal_is_stated_by_its_code_and_a_word_for_it(
    code: str, evidence: str, stated: bool
) -> None:
    from ccpj_graph.check.grounding import _goal_stated

    assert _goal_stated(code, evidence) is stated


@pytest.mark.slow
def test_a_country_is_grounded_by_its_city_of_the_gazetteer(graph: Graph) -> None:
    # 004 §15: "... Conference ..., held in Astana on 4-6 October 2011": Kazakhstan is named
    # through its capital only
    kaz = URIRef(f"{ID}country/KAZ")
    paragraph = URIRef(f"{ID}paragraph/004-15")
    (activity,) = [
        a for a in graph.subjects(CCPJ.statedIn, paragraph) if (a, CCPJ.beneficiary, kaz) in graph
    ]
    quote = str(graph.value(activity, CCPJ.quote))
    assert "Astana" in quote and "Kazakhstan" not in quote
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    copy.add((activity, CCPJ.beneficiary, URIRef(f"{ID}country/GHA")))
    result = check_grounding(copy, reports=["004"])
    facts = {
        (f.field, f.value): f.grounded for f in result.facts if str(activity).endswith(f.activity)
    }
    assert facts[("country", "KAZ")] is True
    assert facts[("country", "GHA")] is False


def _pair_graph(text: str, evidence: str, orgs: dict[str, str]) -> Graph:
    """One paragraph, one activity whose evidence is ``evidence``, each of ``orgs`` (key ->
    name) a co-deliverer of it."""
    graph = Graph()
    paragraph, activity = URIRef(f"{ID}paragraph/900-1"), URIRef(f"{ID}activity/900-1-1")
    start = text.index(evidence)
    graph.add((paragraph, CCPJ.text, Literal(text)))
    graph.add((activity, CCPJ.statedIn, paragraph))
    graph.add((activity, CCPJ.quote, Literal(evidence)))
    graph.add((activity, CCPJ.evidenceStart, Literal(start)))
    graph.add((activity, CCPJ.evidenceEnd, Literal(start + len(evidence))))
    for key, name in orgs.items():
        org, link = URIRef(f"{ID}org/{key}"), URIRef(f"{ID}partnership/900-1-1-{key}")
        graph.add((org, RDFS.label, Literal(name)))
        graph.add((activity, CCPJ.hasPartner, org))
        graph.add((activity, PROV.qualifiedAssociation, link))
        graph.add((link, PROV.agent, org))
        graph.add((link, PROV.hadRole, URIRef(f"{ID}role/co-deliverer")))
    return graph


def test_co_deliverers_named_in_different_sentences_are_listed_apart() -> None:
    orgs = {"alpha": "Alpha Institute", "beta": "Beta Foundation", "gamma": "Gamma Council"}
    text = (
        "UNODC trained judges with the Alpha Institute and the Beta Foundation. "
        "Other partners included the Gamma Council."
    )
    result = check_grounding(_pair_graph(text, text, orgs))
    assert [(p.first, p.second) for p in result.pairs] == [
        ("alpha", "beta"),
        ("alpha", "gamma"),
        ("beta", "gamma"),
    ]
    assert [(p.first, p.second) for p in result.apart] == [("alpha", "gamma"), ("beta", "gamma")]
    assert result.ungrounded == []  # every partner is named: apart is not ungrounded
    shown = result.render()
    assert "co-deliverer pairs named in one sentence: 1 of 3" in shown
    assert "APART 900-1-1 alpha+gamma, beta+gamma: " in shown
    record = result.as_dict()["co_deliverer_pairs"]
    assert (record["together"], record["total"], len(record["apart"])) == (1, 3, 2)
    # one sentence naming all three: every pair together
    one = (
        "UNODC trained judges with the Alpha Institute, the Beta Foundation and the Gamma Council."
    )
    assert check_grounding(_pair_graph(one, one, orgs)).apart == []


@pytest.mark.slow
def test_co_deliverers_of_the_corpus_are_named_together(graph: Graph) -> None:
    result = check_grounding(graph)
    apart = {p.activity for p in result.apart}
    assert len(result.pairs) > 200
    assert len(result.apart) <= 0.05 * len(result.pairs), result.render()
    # the partners "in that regard" of 000 §87 speak of the same work (the annotation agrees)
    assert "000-87-1" in apart
    # items named one sentence each, and partners listed in a sentence of their own, are
    # activities of their own: their partners are not paired with the sentence before's
    assert not {a for a in apart if a.startswith(("004-19-", "002-11-", "001-68-", "004-54-"))}
