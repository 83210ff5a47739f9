"""Statistics: per-node metrics agree with networkx, are deterministic, and the summary shows
them; big networks sample betweenness with a fixed seed."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from ccpj_graph.network import annotate, build_network, network_stats
from ccpj_graph.network import stats as stats_module
from network_support import NETWORKS, fixture_source


@pytest.mark.parametrize("name", NETWORKS)
def test_metrics_agree_with_networkx(name: str) -> None:
    graph = annotate(build_network(name, fixture_source()))
    between = nx.betweenness_centrality(graph, normalized=True)
    for node, data in graph.nodes(data=True):
        assert data["degree"] == graph.degree(node)
        assert data["weighted_degree"] == pytest.approx(graph.degree(node, weight="weight"))
        assert data["betweenness"] == pytest.approx(between[node], abs=1e-6)
    members = {}
    for node, data in graph.nodes(data=True):
        members.setdefault(data["community"], set()).add(node)
    sizes = [len(members[i]) for i in sorted(members)]
    assert sorted(members) == list(range(len(members)))
    assert sizes == sorted(sizes, reverse=True)  # numbered largest first
    if graph.number_of_edges():
        expected = nx.community.modularity(graph, list(members.values()), weight="weight")
        assert graph.graph["modularity"] == pytest.approx(expected, abs=1e-6)


def test_annotation_is_deterministic() -> None:
    one = annotate(build_network("partners-countries", fixture_source()))
    two = annotate(build_network("partners-countries", fixture_source()))
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))


def test_summary_counts_and_tops() -> None:
    graph = annotate(build_network("partners", fixture_source()))
    summary = network_stats(graph, top=3)
    assert (summary.nodes, summary.edges) == (graph.number_of_nodes(), graph.number_of_edges())
    assert summary.density == pytest.approx(nx.density(graph), abs=1e-6)
    assert summary.components == nx.number_connected_components(graph)
    assert summary.total_weight == sum(w for _, _, w in graph.edges(data="weight"))
    hub = max(graph, key=lambda n: (graph.degree(n), n))
    assert summary.top_degree[0].id == hub and len(summary.top_degree) == 3
    assert [r.betweenness for r in summary.top_betweenness] == sorted(
        (r.betweenness for r in summary.top_betweenness), reverse=True
    )
    assert sum(c.size for c in summary.communities) == graph.number_of_nodes()
    text = summary.render()
    assert f"nodes        {graph.number_of_nodes()} (Organisation" in text
    assert "Top nodes by degree:" in text and graph.nodes[hub]["label"] in text
    data = json.loads(summary.to_json())
    assert data["edges"] == graph.number_of_edges()
    assert data["top_degree"][0]["label"] == graph.nodes[hub]["label"]


def test_directed_networks_count_weak_components() -> None:
    graph = annotate(build_network("full", fixture_source()))
    summary = network_stats(graph)
    assert summary.directed
    assert summary.components == nx.number_weakly_connected_components(graph)
    assert summary.isolates == sum(1 for n in graph if graph.degree(n) == 0) >= 1


def test_big_networks_sample_betweenness_reproducibly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats_module, "EXACT_BETWEENNESS_NODES", 10)
    monkeypatch.setattr(stats_module, "BETWEENNESS_SAMPLE", 8)
    one = annotate(build_network("full", fixture_source()))
    two = annotate(build_network("full", fixture_source()))
    assert one.graph["betweenness_sampled"] == 8
    assert [d["betweenness"] for _, d in one.nodes(data=True)] == [
        d["betweenness"] for _, d in two.nodes(data=True)
    ]
    assert "estimated from 8 sampled nodes" in network_stats(one).render()
