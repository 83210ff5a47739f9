"""Gephi's spreadsheet tables: the headers Gephi recognises, one row per node and per edge,
weights, and time intervals in Gephi's syntax."""

from __future__ import annotations

import csv
import io
import re

import pytest

from ccpj_graph.export.gephi_csv import write_gephi_csv
from ccpj_graph.export.gexf import year_runs
from ccpj_graph.network import annotate, build_network
from network_support import NETWORKS, fixture_source

INTERVAL = re.compile(r"^<\[\d{4},\d{4}\](;\[\d{4},\d{4}\])*>$")


@pytest.mark.parametrize("name", NETWORKS)
def test_tables_hold_the_network(name: str) -> None:
    graph = annotate(build_network(name, fixture_source()))
    tables = write_gephi_csv(graph)
    nodes = list(csv.DictReader(io.StringIO(tables.nodes)))
    edges = list(csv.DictReader(io.StringIO(tables.edges)))
    assert list(nodes[0])[:3] == ["Id", "Label", "Time Interval"]
    assert list(edges[0])[:7] == [
        "Source",
        "Target",
        "Type",
        "Id",
        "Label",
        "Weight",
        "Time Interval",
    ]
    assert {row["Id"]: row["Label"] for row in nodes} == {
        n: d["label"] for n, d in graph.nodes(data=True)
    }
    kind = "Directed" if graph.is_directed() else "Undirected"
    read = {(row["Source"], row["Target"]): float(row["Weight"]) for row in edges}
    assert read == {(u, v): float(w) for u, v, w in graph.edges(data="weight")}
    assert {row["Type"] for row in edges} == {kind}
    assert len({row["Id"] for row in edges}) == len(edges)
    for row in edges:
        years = graph.edges[row["Source"], row["Target"]]["years"]
        if years:
            assert INTERVAL.match(row["Time Interval"])
            assert (
                row["Time Interval"]
                == "<" + ";".join(f"[{a},{b}]" for a, b in year_runs(years)) + ">"
            )
        else:
            assert row["Time Interval"] == ""
    for row in nodes:
        data = graph.nodes[row["Id"]]
        assert int(row["degree"]) == data["degree"]
        for theme, count in data["themes"].items():
            assert int(row[f"theme:{theme}"]) == count


def test_awkward_names_survive_the_round_trip() -> None:
    graph = annotate(build_network("partners", fixture_source()))
    nodes = list(csv.DictReader(io.StringIO(write_gephi_csv(graph).nodes)))
    names = {row["name"] for row in nodes}
    assert 'Fondation "</script><b>Justice & Paix</b>"' in names
