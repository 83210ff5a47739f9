"""GraphML reads back with igraph and networkx with the same nodes, edges and weights."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from ccpj_graph.export.graphml import write_graphml
from ccpj_graph.network import annotate, build_network, layout
from network_support import NETWORKS, fixture_source


@pytest.mark.parametrize("name", NETWORKS)
def test_igraph_and_networkx_read_the_same_network(name: str, tmp_path: Path) -> None:
    import igraph  # here, not at collection: 1.3 s of import every xdist worker would pay

    graph = annotate(build_network(name, fixture_source()))
    path = tmp_path / f"{name}.graphml"
    path.write_bytes(write_graphml(graph))
    read = igraph.Graph.Read_GraphML(str(path))
    assert (read.vcount(), read.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert read.is_directed() == graph.is_directed()
    ids = read.vs["id"]
    weights = {(ids[e.source], ids[e.target]): e["weight"] for e in read.es}
    if not graph.is_directed():
        weights = {(min(a, b), max(a, b)): w for (a, b), w in weights.items()}
    expected = {
        ((u, v) if graph.is_directed() else (min(u, v), max(u, v))): float(w)
        for u, v, w in graph.edges(data="weight")
    }
    assert weights == expected
    labels = dict(zip(ids, read.vs["label"], strict=True))
    assert labels == {n: d["label"] for n, d in graph.nodes(data=True)}
    back = nx.read_graphml(path)
    assert set(back) == set(graph) and back.number_of_edges() == graph.number_of_edges()
    for node, data in graph.nodes(data=True):
        assert back.nodes[node]["type"] == data["type"]
        assert back.nodes[node]["community"] == data["community"]


def test_positions_and_years_travel_as_attributes() -> None:
    graph = annotate(build_network("partners", fixture_source()))
    text = write_graphml(graph, positions=layout(graph)).decode()
    assert 'attr.name="x"' in text and 'attr.name="first_year"' in text
    assert write_graphml(graph) == write_graphml(
        annotate(build_network("partners", fixture_source()))
    )
