"""GraphML for yEd, Cytoscape, igraph and networkx: the same attributes as GEXF, flattened.

Why networkx's writer here (unlike GEXF): its GraphML is valid and readable by igraph; what it
needs is flat, typed, deterministic input, which this module prepares from the attribute table
(:mod:`ccpj_graph.network.table`): nodes and edges in sorted order, ``label`` and every column,
empty values left out. GraphML has no time model, so years travel as the ``years``,
``first_year`` and ``last_year`` attributes; positions (``x``, ``y``) are added when given.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import networkx as nx

from ccpj_graph.export.gexf import clean_text
from ccpj_graph.network.stats import annotate
from ccpj_graph.network.style import load_style
from ccpj_graph.network.table import edge_columns, edge_values, node_columns, node_values

__all__ = ["flat_graph", "write_graphml"]


def _clean(values: Mapping[str, object]) -> dict[str, object]:
    return {k: (clean_text(v) if isinstance(v, str) else v) for k, v in values.items() if v != ""}


def flat_graph(
    graph: nx.Graph, *, positions: Mapping[str, tuple[float, float]] | None = None
) -> nx.Graph:
    """A copy of ``graph`` whose attributes are plain strings and numbers, in sorted order."""
    if graph.number_of_nodes() and "degree" not in graph.nodes[next(iter(graph))]:
        annotate(graph)
    style = load_style()
    flat: nx.Graph = nx.DiGraph() if graph.is_directed() else nx.Graph()
    flat.graph["name"] = clean_text(graph.graph.get("title") or graph.graph.get("name", ""))
    ncols = [c.id for c in node_columns(graph)]
    ecols = [c.id for c in edge_columns(graph)]
    for node in sorted(graph):
        values = node_values(graph, node)
        attrs: dict[str, object] = {"label": graph.nodes[node].get("label", node)}
        attrs.update((c, values[c]) for c in ncols if c in values)
        attrs["color"] = style.of(str(graph.nodes[node].get("type", ""))).color
        if positions is not None and node in positions:
            attrs["x"], attrs["y"] = (float(v) for v in positions[node])
        flat.add_node(clean_text(node), **_clean(attrs))
    for source, target in sorted(graph.edges()):
        values = edge_values(graph, source, target)
        attrs = {"weight": float(graph.edges[source, target].get("weight", 1))}
        attrs.update((c, values[c]) for c in ecols if c in values)
        flat.add_edge(clean_text(source), clean_text(target), **_clean(attrs))
    return flat


def write_graphml(
    graph: nx.Graph, *, positions: Mapping[str, tuple[float, float]] | None = None
) -> bytes:
    """The network as GraphML bytes (UTF-8).

    Written by networkx's lxml writer, which streams each node and edge out as it goes:
    ``generate_graphml`` builds the whole ElementTree first (1.9 GB peak for the full network
    at 10x the corpus)."""
    out = io.BytesIO()
    nx.write_graphml_lxml(flat_graph(graph, positions=positions), out, encoding="utf-8")
    out.write(b"\n")
    return out.getvalue()
