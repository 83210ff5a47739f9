"""GEXF of the graph built from the bundled corpus: every network, static and dynamic, is valid
GEXF 1.3 (the official schema, vendored under tests/data/schemas/gexf-1.3/) and
reads back with networkx with the same counts and weights."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from lxml import etree

from ccpj_graph.export.gexf import write_gexf
from network_support import NETWORKS, assert_valid_gexf, real_network

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("mode", ["dynamic", "static"])
@pytest.mark.parametrize("name", NETWORKS)
def test_the_real_networks_are_valid_and_read_back(name: str, mode: str) -> None:
    graph = real_network(name)
    data = write_gexf(graph, mode=mode)  # type: ignore[arg-type]
    assert_valid_gexf(data)
    # written one node or edge at a time: exactly the one pretty-printed tree
    tree = etree.fromstring(data, etree.XMLParser(remove_blank_text=True, huge_tree=True))
    assert data == etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    assert data.count(b'xmlns="') == data.count(b'xmlns:viz="') == 1  # declared on <gexf> only
    back = nx.read_gexf(io.BytesIO(data), version="1.3")
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    assert sum(w for _, _, w in back.edges(data="weight")) == pytest.approx(
        sum(w for _, _, w in graph.edges(data="weight"))
    )
