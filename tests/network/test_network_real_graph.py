"""The networks of the graph built from the bundled corpus: they build, agree with the
co-delivery canned query and with the triples, and span the reports' years."""

from __future__ import annotations

import networkx as nx
import pytest

from ccpj_graph.network import build_network, network_stats
from ccpj_graph.query.canned import get_query
from ccpj_graph.query.terms import Term
from network_support import NETWORKS, UNODC, real_network, real_source

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", NETWORKS)
def test_every_network_builds_on_the_real_graph(name: str) -> None:
    graph = real_network(name)
    assert graph.number_of_edges() > 0
    assert all(data["label"] for _, data in graph.nodes(data=True))
    assert all(w >= 1 for _, _, w in graph.edges(data="weight"))
    summary = network_stats(graph)
    assert summary.nodes == graph.number_of_nodes()
    years = graph.graph["years"]
    assert years and years[0] >= 2011 and years[-1] <= 2021


def test_partners_agree_with_co_delivery_on_the_real_graph() -> None:
    source = real_source()
    query = get_query("co-delivery")
    bound = query.bind({"role": Term.iri("https://w3id.org/ccpj/id/role/co-deliverer")})
    rows = source.select(bound)
    expected = {(r["iri_a"].value, r["iri_b"].value): int(r["activities"].value) for r in rows}
    graph = build_network("partners", source)
    ours = {
        (min(u, v), max(u, v)): w
        for u, v, w in graph.edges(data="weight")
        if str(UNODC) not in (u, v)
    }
    assert ours == expected
    assert str(UNODC) in graph and graph.degree(str(UNODC)) == graph.number_of_nodes() - 1


def test_full_is_bigger_than_its_parts() -> None:
    full = real_network("full")
    for name in ("partners", "countries-standards", "partners-countries"):
        assert set(real_network(name)) <= set(full)
    assert nx.is_directed(full)
