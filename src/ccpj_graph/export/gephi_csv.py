"""Gephi's spreadsheet import: a nodes table and an edges table, as CSV.

Why these headers: Gephi's "Import spreadsheet" recognises ``Id`` and ``Label`` in a nodes
table and ``Source``, ``Target``, ``Type``, ``Id``, ``Label`` and ``Weight`` in an edges
table; every other column is imported as an attribute. The attribute columns are those of
GEXF and GraphML (:mod:`ccpj_graph.network.table`). Years also come as the ``Time Interval``
column Gephi documents for dynamic spreadsheets: closed intervals of consecutive years, the
same runs as the GEXF spells (``<[2011,2012];[2020,2020]>``), so the Timeline works from CSV
too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from ccpj_graph.export.gexf import clean_text, year_runs
from ccpj_graph.network.stats import annotate
from ccpj_graph.network.table import Value, edge_columns, edge_values, node_columns, node_values
from ccpj_graph.spreadsheet import csv_text

__all__ = ["TABLES", "GephiTables", "write_gephi_csv"]

TABLES = ("nodes", "edges")


@dataclass(frozen=True, slots=True)
class GephiTables:
    """The two CSV texts."""

    nodes: str
    edges: str

    def table(self, name: str) -> str:
        if name not in TABLES:
            raise ValueError(f"table must be one of {TABLES}")
        return self.nodes if name == "nodes" else self.edges


def _cell(value: Value | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return clean_text(value)


def _interval(years: Iterable[int] | None) -> str:
    runs = year_runs(years or ())
    return "<" + ";".join(f"[{a},{b}]" for a, b in runs) + ">" if runs else ""


def _csv(header: list[str], rows: list[list[str]]) -> str:
    return csv_text(header, rows)


def write_gephi_csv(graph: nx.Graph) -> GephiTables:
    """The nodes and edges tables of the network."""
    if graph.number_of_nodes() and "degree" not in graph.nodes[next(iter(graph))]:
        annotate(graph)
    ncols = [c.id for c in node_columns(graph)]
    ecols = [c.id for c in edge_columns(graph)]
    node_rows = []
    for node in sorted(graph):
        values = node_values(graph, node)
        data = graph.nodes[node]
        node_rows.append(
            [_cell(node), _cell(data.get("label", node)), _interval(data.get("years"))]
            + [_cell(values.get(c)) for c in ncols]
        )
    kind = "Directed" if graph.is_directed() else "Undirected"
    edge_rows = []
    for number, (source, target) in enumerate(sorted(graph.edges())):
        values = edge_values(graph, source, target)
        data = graph.edges[source, target]
        edge_rows.append(
            [
                _cell(source),
                _cell(target),
                kind,
                str(number),
                _cell(", ".join(data.get("relations", ()))),
                _cell(float(data.get("weight", 1))),
                _interval(data.get("years")),
            ]
            + [_cell(values.get(c)) for c in ecols]
        )
    return GephiTables(
        nodes=_csv(["Id", "Label", "Time Interval", *ncols], node_rows),
        edges=_csv(
            ["Source", "Target", "Type", "Id", "Label", "Weight", "Time Interval", *ecols],
            edge_rows,
        ),
    )
