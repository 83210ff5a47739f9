"""Layout: deterministic, inside [-1, 1], components kept apart, any size handled."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from ccpj_graph.network import build_network, layout
from ccpj_graph.network.layout import fruchterman_reingold
from network_support import NETWORKS, fixture_source


@pytest.mark.parametrize("name", NETWORKS)
def test_positions_are_deterministic_and_bounded(name: str) -> None:
    graph = build_network(name, fixture_source())
    one, two = layout(graph), layout(build_network(name, fixture_source()))
    assert one == two
    assert set(one) == set(graph)
    coords = np.array(list(one.values()))
    assert coords.min() >= -1.0 and coords.max() <= 1.0
    assert pytest.approx(coords.max(axis=0).max()) == 1.0 or pytest.approx(coords.min()) == -1.0


def test_an_isolated_node_does_not_squash_the_rest() -> None:
    graph = build_network("full", fixture_source())
    pos = layout(graph)
    main = max(nx.weakly_connected_components(graph), key=len)
    xs = [pos[n][0] for n in main]
    ys = [pos[n][1] for n in main]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) > 1.0  # the big component gets real room
    lonely = "https://w3id.org/ccpj/id/country/NOR"
    assert not (min(xs) <= pos[lonely][0] <= max(xs) and min(ys) <= pos[lonely][1] <= max(ys))


def test_tiny_graphs() -> None:
    assert layout(nx.Graph()) == {}
    single = nx.Graph()
    single.add_node("a")
    assert layout(single) == {"a": (0.0, 0.0)}


def test_linked_nodes_end_up_closer_than_unlinked_ones() -> None:
    ring = nx.cycle_graph(30)
    pos = fruchterman_reingold(nx.to_numpy_array(ring), iterations=150, seed=1)
    linked = np.mean([np.linalg.norm(pos[i] - pos[(i + 1) % 30]) for i in range(30)])
    opposite = np.mean([np.linalg.norm(pos[i] - pos[(i + 15) % 30]) for i in range(30)])
    assert linked * 3 < opposite
