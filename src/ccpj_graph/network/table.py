"""The attribute table every network export writes: one column list for nodes, one for edges.

Why one table: GEXF ``<attributes>``, GraphML ``<key>``s, Gephi's CSV headers and the HTML
page's details panel must name and type the same attributes; deriving all of them from here
keeps them in step. Column ids double as titles (``type``, ``theme:prison``, ``ccpj:iso3``),
so Gephi shows readable names.

Values: counts are integers (0 when a theme never applies, so ``theme:prison > 0`` filters
work), metrics are doubles, everything else a string; an empty string or a missing year means
"no value" and exporters leave it out where their format allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

__all__ = [
    "Column",
    "ColumnType",
    "Value",
    "edge_columns",
    "edge_values",
    "node_columns",
    "node_values",
]

ColumnType = Literal["string", "integer", "double"]
Value = str | int | float


@dataclass(frozen=True, slots=True)
class Column:
    """One attribute: its id (also its title) and its type."""

    id: str
    type: ColumnType


_NODE_FIXED: tuple[Column, ...] = (
    Column("name", "string"),
    Column("type", "string"),
    Column("kind", "string"),
    Column("iso3", "string"),
    Column("activities", "integer"),
    Column("degree", "integer"),
    Column("weighted_degree", "double"),
    Column("betweenness", "double"),
    Column("community", "integer"),
    Column("years", "string"),
    Column("first_year", "integer"),
    Column("last_year", "integer"),
)

_EDGE_FIXED: tuple[Column, ...] = (
    Column("activities", "integer"),
    Column("relations", "string"),
    Column("years", "string"),
    Column("first_year", "integer"),
    Column("last_year", "integer"),
)


def _theme_columns(graph: nx.Graph) -> list[Column]:
    return [Column(f"theme:{key}", "integer") for key in graph.graph.get("themes", {})]


def node_columns(graph: nx.Graph) -> list[Column]:
    """Node attributes of ``graph``: fixed ones, a count per theme, then literal attributes."""
    literal = [Column(name, "string") for name in graph.graph.get("node_attributes", ())]
    return [*_NODE_FIXED, *_theme_columns(graph), *literal]


def edge_columns(graph: nx.Graph) -> list[Column]:
    """Edge attributes of ``graph``: fixed ones, then a count per theme (weight is native)."""
    return [*_EDGE_FIXED, *_theme_columns(graph)]


def _years(data: dict[str, Any]) -> dict[str, Value]:
    years = tuple(data.get("years", ()))
    out: dict[str, Value] = {"years": "; ".join(str(y) for y in years)}
    if years:
        out["first_year"], out["last_year"] = int(years[0]), int(years[-1])
    return out


def node_values(graph: nx.Graph, node: str) -> dict[str, Value]:
    """The values of ``node`` by column id; a column with no value is absent or ``""``."""
    data = graph.nodes[node]
    themes: dict[str, int] = data.get("themes", {})
    out: dict[str, Value] = {}
    for column in node_columns(graph):
        if column.id.startswith("theme:"):
            out[column.id] = int(themes.get(column.id[len("theme:") :], 0))
        elif column.id in ("years", "first_year", "last_year"):
            continue
        elif column.id in data:
            value = data[column.id]
            out[column.id] = value if isinstance(value, int | float) else str(value)
    out.update(_years(data))
    return out


def edge_values(graph: nx.Graph, source: str, target: str) -> dict[str, Value]:
    """The values of the edge ``source`` -> ``target`` by column id (weight not included)."""
    data = graph.edges[source, target]
    themes: dict[str, int] = data.get("themes", {})
    out: dict[str, Value] = {"activities": int(data.get("activities", 0))}
    out["relations"] = "; ".join(data.get("relations", ()))
    out.update(_years(data))
    for column in _theme_columns(graph):
        out[column.id] = int(themes.get(column.id[len("theme:") :], 0))
    return out
