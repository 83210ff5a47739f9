"""Networks projected from the knowledge graph: organisations, countries, standards, all of it.

Why a package of its own: every network export (GEXF, GraphML, Gephi CSV, pictures, the HTML
page) and ``ccpj network stats`` share one pipeline: a declarative SPARQL projection
(``queries/networks/<name>.rq``, :mod:`.projection`) run over the graph (:mod:`.source`),
aggregated into a networkx graph with theme and year filters (:mod:`.model`), then annotated
with degree, betweenness and communities (:mod:`.stats`). Exporters take the annotated graph;
this package never imports them.

    >>> from ccpj_graph.network import load_network
    >>> graph = load_network("partners", theme="prison")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ccpj_graph.network.layout import layout
from ccpj_graph.network.model import Filters, build_network
from ccpj_graph.network.projection import Projection, get_projection, load_projections
from ccpj_graph.network.source import Source, graph_source, open_source
from ccpj_graph.network.stats import NetworkStats, annotate, network_stats

__all__ = [
    "Filters",
    "NetworkStats",
    "Projection",
    "Source",
    "annotate",
    "build_network",
    "get_projection",
    "graph_source",
    "layout",
    "load_network",
    "load_projections",
    "network_stats",
    "open_source",
]


def load_network(
    name: str,
    *,
    source: Source | None = None,
    graph_dir: Path | None = None,
    theme: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> nx.Graph:
    """The network ``name``, filtered and annotated, over ``source`` (default: the built graph
    in ``graph_dir`` or ``data/graph``). Bad names, themes or years raise ``InputError``."""
    projection = get_projection(name)  # an unknown name fails before the graph is read
    filters = Filters(theme=theme, year_from=year_from, year_to=year_to)
    graph = build_network(projection, source or open_source(graph_dir), filters=filters)
    return annotate(graph)
