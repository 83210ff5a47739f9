"""GEXF 1.3: every network, static and dynamic, validates against the official RelaxNG schema
(vendored under tests/data/schemas/gexf-1.3/ with its CC BY 4.0 licence and source, so it runs
on a clean clone), reads back with networkx with the same nodes, edges, weights and spells,
and is byte-stable."""

from __future__ import annotations

import io
import itertools
from datetime import date

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ccpj_graph.export.gexf import GEXF_NS, VIZ_NS, write_gexf, year_runs
from ccpj_graph.network import annotate, build_network, layout
from ccpj_graph.network.style import load_style, rgb
from network_support import NETWORKS, assert_valid_gexf, fixture_source

NS = {"g": GEXF_NS, "viz": VIZ_NS}
VARIANTS = [("dynamic", "date"), ("dynamic", "integer"), ("static", "date")]


def _network(name: str) -> nx.Graph:
    return annotate(build_network(name, fixture_source()))


@pytest.mark.parametrize(("mode", "timeformat"), VARIANTS)
@pytest.mark.parametrize("name", NETWORKS)
def test_valid_against_the_official_schema(name: str, mode: str, timeformat: str) -> None:
    graph = _network(name)
    assert_valid_gexf(write_gexf(graph, mode=mode, timeformat=timeformat))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", NETWORKS)
def test_valid_with_positions_and_a_stamp(name: str) -> None:
    graph = _network(name)
    data = write_gexf(graph, positions=layout(graph), lastmodified=date(2024, 5, 1))
    assert_valid_gexf(data)
    root = etree.fromstring(data)
    assert root.find("g:meta", NS).get("lastmodifieddate") == "2024-05-01"
    assert len(root.findall(".//viz:position", NS)) == graph.number_of_nodes()


@pytest.mark.parametrize(("mode", "timeformat"), VARIANTS)
@pytest.mark.parametrize("name", NETWORKS)
def test_networkx_reads_back_the_same_network(name: str, mode: str, timeformat: str) -> None:
    graph = _network(name)
    data = write_gexf(graph, mode=mode, timeformat=timeformat)  # type: ignore[arg-type]
    back = nx.read_gexf(io.BytesIO(data), version="1.3")
    assert back.is_directed() == graph.is_directed()
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    for u, v, w in graph.edges(data="weight"):
        assert back.edges[u, v]["weight"] == pytest.approx(w)
    for node, data_ in graph.nodes(data=True):
        read = back.nodes[node]
        assert read["label"] == data_["label"]
        assert read["type"] == data_["type"] and read["degree"] == data_["degree"]
        for theme, count in data_["themes"].items():
            assert read[f"theme:{theme}"] == count
        if mode == "dynamic" and data_["years"]:
            runs = year_runs(data_["years"])
            spells = [(int(str(a)[:4]), int(str(b)[:4])) for a, b in read["spells"]]
            assert spells == runs
        else:
            assert "spells" not in read


def test_the_document_is_what_gephi_expects() -> None:
    graph = _network("partners")
    root = etree.fromstring(write_gexf(graph))
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    assert root.find("g:meta", NS).get("lastmodifieddate") is None
    element = root.find("g:graph", NS)
    years = graph.graph["years"]
    assert element.get("mode") == "dynamic" and element.get("timeformat") == "date"
    assert (element.get("start"), element.get("end")) == (f"{years[0]}-01-01", f"{years[-1]}-12-31")
    declared = {
        a.get("id"): a.get("type")
        for a in element.findall("g:attributes[@class='node']/g:attribute", NS)
    }
    assert declared["type"] == "string" and declared["iso3"] == "string"
    assert declared["degree"] == "integer" and declared["community"] == "integer"
    assert declared["betweenness"] == "double"
    assert all(declared[f"theme:{t}"] == "integer" for t in graph.graph["themes"])
    style = load_style()
    sizes = {}
    for node in element.findall("g:nodes/g:node", NS):
        data = graph.nodes[node.get("id")]
        assert node.get("label") == data["label"]
        color = node.find("viz:color", NS)
        assert (int(color.get("r")), int(color.get("g")), int(color.get("b"))) == rgb(
            style.of(data["type"]).color
        )
        sizes[node.get("id")] = float(node.find("viz:size", NS).get("value"))
    by_degree = sorted(graph, key=graph.degree)
    assert [sizes[n] for n in by_degree] == sorted(sizes[n] for n in by_degree)


def test_bytes_are_deterministic_and_clean() -> None:
    one = write_gexf(_network("full"))
    two = write_gexf(annotate(build_network("full", fixture_source())))
    assert one == two
    assert b"\x0c" not in one  # the fixture's form feed is not XML
    assert b"in drafting juvenile justice" in one
    assert b"Fondation &quot;&lt;/script&gt;" in one


@given(st.sets(st.integers(min_value=1990, max_value=2030)))
def test_year_runs_cover_exactly_the_years(years: set[int]) -> None:
    runs = year_runs(years)
    expanded = {y for a, b in runs for y in range(a, b + 1)}
    assert expanded == years
    assert all(runs[i][1] + 1 < runs[i + 1][0] for i in range(len(runs) - 1))


def _whole_tree(data: bytes) -> bytes:
    """``data`` parsed and serialised again as one pretty-printed lxml tree: what the writer
    gave when it built the whole document before writing it."""
    tree = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_AWKWARD = st.lists(
    st.sampled_from(["a", "é", " ", '"', "'", "<", ">", "&", "\n", "\t", "-", "!"])
    | st.sampled_from([' xmlns="http://gexf.net/1.3"', "<!--ccpj-gexf-items-0-->", "      "]),
    min_size=1,
    max_size=12,
).map("".join)


@given(
    labels=st.lists(_AWKWARD, min_size=0, max_size=4),
    mode=st.sampled_from(["dynamic", "static"]),
)
def test_written_item_by_item_the_bytes_are_the_whole_tree_s(labels: list[str], mode: str) -> None:
    """Nodes and edges are serialised one at a time (memory); the document must be exactly
    the one pretty-printed tree, whatever the labels hold (quotes, markup, a namespace
    declaration or the writer's own placeholder as text)."""
    graph = nx.Graph(title="awkward")  # an empty <description> would read back as <description/>
    for number, label in enumerate(labels):
        graph.add_node(f"https://w3id.org/ccpj/id/org/n{number}", label=label, type="Organisation")
    nodes = sorted(graph)
    for left, right in itertools.pairwise(nodes):
        graph.add_edge(left, right, weight=1, relations=[labels[0]], years=[2020])
    data = write_gexf(graph, mode=mode)  # type: ignore[arg-type]
    assert data == _whole_tree(data)
    assert data.count(b'xmlns="') == data.count(b'xmlns:viz="') == 1  # declared on <gexf> only
    assert_valid_gexf(data)
    back = etree.fromstring(data)
    assert [n.get("label") for n in back.iterfind(".//g:node", NS)] == [
        graph.nodes[n]["label"] for n in nodes
    ]
