"""Networks built from the projections agree with what the fixture's triples say, computed
independently in Python; filters keep what they should and refuse what makes no sense."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef

from ccpj_graph.errors import InputError
from ccpj_graph.network import Filters, build_network, graph_source
from ccpj_graph.network.source import Source
from ccpj_graph.query.canned import get_query
from ccpj_graph.query.terms import Term
from network_support import (
    CCPJ,
    CO_DELIVERER,
    FIXTURE,
    NETWORKS,
    PROV,
    RDF_TYPE,
    SKOS_BROADER,
    UNODC,
    XSD_GYEAR,
    expected_countries_standards,
    expected_partners,
    expected_partners_countries,
    fixture_graph,
    fixture_source,
    typed_entities,
    year_of,
)

EXPECTED = {
    "partners": expected_partners,
    "countries-standards": expected_countries_standards,
    "partners-countries": expected_partners_countries,
}


def _edges(graph: nx.Graph) -> dict[tuple[str, str], int]:
    return {(min(u, v), max(u, v)): w for u, v, w in graph.edges(data="weight")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_edges_and_weights_match_the_triples(name: str) -> None:
    expected = EXPECTED[name](fixture_graph())
    graph = build_network(name, fixture_source())
    assert _edges(graph) == {pair: len(acts) for pair, acts in expected.items()}
    assert set(graph) == {end for pair in expected for end in pair}
    assert not graph.is_directed()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_years_and_theme_counts_follow_the_activities(name: str) -> None:
    rdf = fixture_graph()
    graph = build_network(name, fixture_source())
    for pair, activities in EXPECTED[name](rdf).items():
        data = graph.edges[pair]
        years = {year_of(rdf, URIRef(a)) for a in activities} - {None}
        assert set(data["years"]) == years
        themes: dict[str, int] = {}
        for activity in activities:
            for theme in rdf.objects(URIRef(activity), CCPJ.theme):
                key = str(theme).rsplit("/", 1)[-1]
                themes[key] = themes.get(key, 0) + 1
        assert data["themes"] == themes
    assert graph.graph["years"] == sorted({y for _, _, ys in graph.edges(data="years") for y in ys})


def test_partners_link_unodc_to_every_co_deliverer_and_leave_other_roles_out() -> None:
    rdf = fixture_graph()
    graph = build_network("partners", fixture_source())
    co_delivering = {
        str(o)
        for s, o in rdf.subject_objects(PROV.agent)
        if rdf.value(s, PROV.hadRole) == CO_DELIVERER
    }
    assert set(graph.neighbors(str(UNODC))) == co_delivering
    eu = "https://w3id.org/ccpj/id/org/eu"  # only ever a funder in the fixture
    assert eu not in graph
    unodc = graph.nodes[str(UNODC)]
    assert (unodc["label"], unodc["type"], unodc["kind"]) == ("UNODC", "Organisation", "un-entity")


def test_nodes_are_described() -> None:
    graph = build_network("partners-countries", fixture_source())
    kenya = graph.nodes["https://w3id.org/ccpj/id/country/KEN"]
    assert (kenya["label"], kenya["type"], kenya["iso3"]) == ("Kenya", "Country", "KEN")
    police = graph.nodes["https://w3id.org/ccpj/id/org/ken-national-police-service"]
    assert (police["kind"], police["iso3"]) == ("government-body", "KEN")
    relations = graph.edges[
        "https://w3id.org/ccpj/id/org/eu", "https://w3id.org/ccpj/id/country/KEN"
    ]
    assert relations["relations"] == ("funder",)


def test_full_has_every_typed_entity_and_literals_as_attributes() -> None:
    rdf = fixture_graph()
    graph = build_network("full", fixture_source())
    entities = typed_entities(rdf)
    assert set(graph) == entities
    assert graph.is_directed()
    links = {
        (str(s), str(o))
        for s, p, o in rdf
        if p != RDF_TYPE and str(s) in entities and str(o) in entities
    }
    assert set(graph.edges()) == links
    assert "https://w3id.org/ccpj/id/country/NOR" in graph  # typed, linked to nothing
    kenya = graph.nodes["https://w3id.org/ccpj/id/country/KEN"]
    assert kenya["ccpj:iso3"] == "KEN" and kenya["ccpj:isoNumeric"] == "404"
    assert all(node.startswith("https://w3id.org/ccpj/id/") for node in graph)  # no literals
    located = graph.edges[
        "https://w3id.org/ccpj/id/country/KEN", "https://w3id.org/ccpj/id/region/eastern-africa"
    ]
    assert located["relations"] == ("ccpj:locatedIn",) and located["years"] == ()


def test_theme_filter_keeps_narrower_themes_and_accepts_a_label() -> None:
    rdf = fixture_graph()
    by_key = build_network("partners", fixture_source(), filters=Filters(theme="children"))
    by_label = build_network("partners", fixture_source(), filters=Filters(theme="CHILDREN"))
    assert _edges(by_key) == _edges(by_label)
    juvenile = URIRef("https://w3id.org/ccpj/id/theme/juvenile-justice")
    assert (juvenile, SKOS_BROADER, URIRef("https://w3id.org/ccpj/id/theme/children")) in rdf
    fondation = "https://w3id.org/ccpj/id/org/fondation-justice-paix"  # only on juvenile justice
    assert fondation in by_key
    assert by_key.graph["filter_text"] == "theme children"


def test_year_filter_is_inclusive_and_drops_undated_activities() -> None:
    rdf = fixture_graph()
    graph = build_network(
        "partners", fixture_source(), filters=Filters(year_from=2020, year_to=2020)
    )
    kept = {
        a
        for acts in expected_partners(rdf).values()
        for a in acts
        if year_of(rdf, URIRef(a)) == 2020
    }
    expected = {
        pair: {a for a in acts if a in kept} for pair, acts in expected_partners(rdf).items()
    }
    assert _edges(graph) == {pair: len(a) for pair, a in expected.items() if a}
    assert graph.graph["years"] == [2020]
    open_ended = build_network("partners", fixture_source(), filters=Filters(year_from=2021))
    assert open_ended.graph["years"] == [2021]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (Filters(theme="astrology"), "--theme: unknown theme 'astrology'; expected one of"),
        (
            Filters(year_from=2030, year_to=2031),
            "--from 2030 --to 2031: network partners has no activities there "
            "(its activities span 2011–2021)",
        ),
        (Filters(theme="data"), "--theme data: network partners has no activities there"),
    ],
)
def test_filters_that_select_nothing_are_errors(filters: Filters, message: str) -> None:
    with pytest.raises(InputError) as err:
        build_network("partners", fixture_source(), filters=filters)
    assert str(err.value).startswith(message)


def test_an_inverted_range_is_an_error() -> None:
    with pytest.raises(InputError, match="--from 2021 --to 2011: the range is empty"):
        Filters(year_from=2021, year_to=2011)


@pytest.mark.parametrize("name", NETWORKS)
def test_rdflib_and_pyoxigraph_give_the_same_network(name: str) -> None:
    rdf = Graph()
    for path in sorted(Path(__file__).resolve().parents[2].joinpath("ontology").glob("*.ttl")):
        rdf.parse(path, format="turtle")
    rdf.parse(FIXTURE, format="turtle")
    ours = build_network(name, fixture_source())
    theirs = build_network(name, Source(rdf))
    assert nx.utils.nodes_equal(ours.nodes(data=True), theirs.nodes(data=True))
    assert nx.utils.edges_equal(ours.edges(data=True), theirs.edges(data=True))


def test_building_twice_gives_the_same_graph() -> None:
    one = build_network("full", fixture_source())
    two = build_network("full", graph_source([FIXTURE]))
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(data=True)) == list(two.edges(data=True))


def _co_delivery(source: Source, **values: Term) -> dict[tuple[str, str], int]:
    query = get_query("co-delivery")
    bound = {"role": Term.iri("https://w3id.org/ccpj/id/role/co-deliverer"), **values}
    rows = source.select(query.bind(bound))
    return {(r["iri_a"].value, r["iri_b"].value): int(r["activities"].value) for r in rows}


def _without_unodc(graph: nx.Graph) -> dict[tuple[str, str], int]:
    return {pair: w for pair, w in _edges(graph).items() if str(UNODC) not in pair}


def test_partners_agree_with_the_co_delivery_canned_query() -> None:
    source = fixture_source()
    assert _without_unodc(build_network("partners", source)) == _co_delivery(source)
    for year in (2011, 2020, 2021):
        network = build_network("partners", source, filters=Filters(year_from=year, year_to=year))
        year_term = Term.literal(str(year), datatype=XSD_GYEAR)
        assert _without_unodc(network) == _co_delivery(source, year=year_term)
    for theme in ("children", "prison"):
        network = build_network("partners", source, filters=Filters(theme=theme))
        theme_term = Term.iri(f"https://w3id.org/ccpj/id/theme/{theme}")
        assert _without_unodc(network) == _co_delivery(source, theme=theme_term)


def test_an_activity_on_a_theme_nobody_described_still_counts() -> None:
    rdf = Graph()
    for path in sorted(Path(__file__).resolve().parents[2].joinpath("ontology").glob("*.ttl")):
        rdf.parse(path, format="turtle")
    rdf.parse(FIXTURE, format="turtle")
    activity = URIRef("https://w3id.org/ccpj/id/activity/001-19-1")
    rdf.add(
        (
            activity,
            CCPJ.theme,
            URIRef("https://w3id.org/ccpj/id/theme/mystery"),
        )
    )
    rdf.add(
        (
            activity,
            CCPJ.year,
            Literal("2021", datatype=XSD_GYEAR),
        )
    )
    graph = build_network("countries-standards", Source(rdf))
    assert "mystery" not in graph.graph["themes"]  # the activity applies no standard
    pc = build_network("partners-countries", Source(rdf), filters=Filters(theme="mystery"))
    assert set(pc) == {str(UNODC), "https://w3id.org/ccpj/id/country/PAK"}
