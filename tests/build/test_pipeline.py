"""The build on the real corpus: committed Turtle is current, provenance holds, IRIs are stable."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import PROV

from ccpj_graph import resources
from ccpj_graph.build.pipeline import BuildResult, build
from ccpj_graph.errors import CcpjError
from ccpj_graph.namespaces import CCPJ

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("graph")
    return build(out_dir=out), out


def test_committed_graph_is_what_the_build_writes(built: tuple[BuildResult, Path]) -> None:
    """Re-running the build must not change any committed file (run `ccpj build` if it does)."""
    _, out = built
    committed = sorted(resources.graph_dir().glob("*.ttl"))
    assert [p.name for p in committed] == sorted(p.name for p in out.glob("*.ttl"))
    for path in committed:
        assert (out / path.name).read_bytes() == path.read_bytes(), f"{path.name} is stale"


def test_every_report_yields_activities_the_brochure_few(
    built: tuple[BuildResult, Path],
) -> None:
    result, _ = built
    counts = {r.key: r.activities for r in result.reports}
    assert 0 < counts["003"] < 5  # it describes programmes; one sentence reports work
    assert all(counts[k] > 50 for k in ("000", "001", "002", "004"))


def test_every_activity_quotes_its_paragraph_verbatim(built: tuple[BuildResult, Path]) -> None:
    _, out = built
    graph = Graph()
    for path in out.glob("*.ttl"):
        graph.parse(path)
    activities = {s for s in graph.subjects(CCPJ.quote, None) if (s, PROV.agent, None) not in graph}
    activities = {a for a in activities if (a, CCPJ.statedIn, None) in graph}
    assert len(activities) > 500
    for activity in activities:
        para = graph.value(activity, CCPJ.statedIn)
        assert (para, RDF.type, CCPJ.Paragraph) in graph
        quote = str(graph.value(activity, CCPJ.quote))
        assert quote and quote in str(graph.value(para, CCPJ.text)), activity
        assert graph.value(activity, CCPJ.extractionRule) is not None


def test_rebuild_into_same_folder_changes_nothing(built: tuple[BuildResult, Path]) -> None:
    _, out = built
    again = build(out_dir=out)
    assert not any(r.changed for r in again.reports)


NEUTRAL = (
    "The weather in the capital was mild for most of the season, and the rivers rose and fell "
    "as they do every year, which the observers recorded without further comment or concern."
)


MANIFEST = """
@prefix ccpj: <https://w3id.org/ccpj/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/ccpj/id/report/009> a ccpj:Report ;
    dcterms:identifier "009" ;
    dcterms:title "A report that reports nothing"@en ;
    dcterms:publisher "Economic and Social Council" ;
    ccpj:periodStart "2022"^^xsd:gYear ;
    ccpj:periodEnd "2022"^^xsd:gYear ;
    ccpj:sourceFile "009_quiet.txt" .
"""


def test_report_without_activities_is_an_error(tmp_path: Path) -> None:
    """A report that reads but yields no activities stops the build and writes nothing."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "manifest.ttl").write_text(MANIFEST, encoding="utf-8")
    body = "\n\n".join(f"- {n}. {NEUTRAL}" for n in range(1, 13))
    (sources / "009_quiet.txt").write_text(f"I. Introduction\n\n{body}\n", encoding="utf-8")
    with pytest.raises(CcpjError, match=r"009_quiet\.txt: no activities"):
        build(sources_dir=sources, out_dir=tmp_path / "graph")
    assert not (tmp_path / "graph").exists()
