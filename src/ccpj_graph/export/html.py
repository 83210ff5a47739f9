"""One standalone, interactive HTML page of a network: pan, zoom, search, details, timeline.

Why a single file with everything inline: the page must open from a laptop, an e-mail or an
intranet without a network connection or a CDN, and must not load anything: a Content
Security Policy (``default-src 'none'``) forbids every fetch. The page is rendered from
``templates/network/page.html.j2`` with jinja2 (autoescaping on); the network travels as JSON
in a ``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped, so no
label can close the script. Positions come from :func:`ccpj_graph.network.layout.layout`, so
the page is deterministic and draws at once; the script renders on a canvas, which stays fast
with thousands of nodes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache

import jinja2
import networkx as nx
from markupsafe import Markup

from ccpj_graph import __version__
from ccpj_graph.export.picture import display_label
from ccpj_graph.network.layout import layout
from ccpj_graph.network.stats import annotate
from ccpj_graph.network.style import TypeStyle, load_style
from ccpj_graph.network.table import node_values

__all__ = ["network_data", "write_html"]

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("ccpj_graph", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _script_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def network_data(
    graph: nx.Graph, *, positions: Mapping[str, tuple[float, float]] | None = None
) -> dict[str, object]:
    """What the page's script reads: meta, legend types, nodes (with attributes) and edges."""
    if graph.number_of_nodes() and "degree" not in graph.nodes[next(iter(graph))]:
        annotate(graph)
    style = load_style()
    pos = dict(positions) if positions is not None else layout(graph)
    nodes = sorted(graph)
    index = {node: i for i, node in enumerate(nodes)}
    max_degree = max((graph.degree(v) for v in nodes), default=0)
    ranked = sorted(
        nodes, key=lambda v: (-graph.degree(v), -graph.nodes[v].get("weighted_degree", 0.0), v)
    )
    rank = {node: i for i, node in enumerate(ranked)}
    counts: dict[str, int] = {}
    groups: dict[str, TypeStyle] = {}
    node_rows = []
    for node in nodes:
        data = graph.nodes[node]
        kind = str(data.get("type", ""))
        # Organisations are drawn by their kind (as in the pictures and the legend there);
        # every other node by its type.
        drawn = style.node(kind, str(data.get("kind", "")))
        group = str(data.get("kind") or "") if drawn is not style.of(kind) else kind
        group = group or kind
        groups[group] = drawn
        counts[group] = counts.get(group, 0) + 1
        attrs = {k: v for k, v in node_values(graph, node).items() if v != ""}
        node_rows.append(
            {
                "id": node,
                "label": display_label({**data, "label": data.get("label", node)}),
                "type": kind,
                "group": group,
                "typeLabel": drawn.label,
                "color": drawn.color,
                "size": style.size(graph.degree(node), max_degree),
                "x": pos[node][0],
                "y": pos[node][1],
                "years": list(data.get("years", ())),
                "rank": rank[node],
                "attrs": attrs,
            }
        )
    edge_rows = [
        [index[u], index[v], float(w), list(graph.edges[u, v].get("years", ()))]
        for u, v, w in sorted(graph.edges(data="weight", default=1))
    ]
    types = [
        {"type": g, "label": groups[g].label, "color": groups[g].color, "count": counts[g]}
        for g in sorted(counts)
    ]
    return {
        "meta": {
            "name": graph.graph.get("name", ""),
            "title": graph.graph.get("title", ""),
            "description": graph.graph.get("description", ""),
            "filters": graph.graph.get("filter_text", ""),
            "directed": graph.is_directed(),
            "years": list(graph.graph.get("years", ())),
        },
        "types": types,
        "nodes": node_rows,
        "edges": edge_rows,
    }


def write_html(
    graph: nx.Graph, *, positions: Mapping[str, tuple[float, float]] | None = None
) -> str:
    """The page as text (UTF-8 when written)."""
    data = network_data(graph, positions=positions)
    years = list(graph.graph.get("years", ()))
    filters = str(graph.graph.get("filter_text", ""))
    span = f", {years[0]}–{years[-1]}" if years else ""
    subtitle = (
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges{span}"
        + (f" · {filters}" if filters else "")
        + " · node size: degree, edge width: weight"
    )
    template = _environment().get_template("network/page.html.j2")
    return template.render(
        title=graph.graph.get("title") or graph.graph.get("name", "network"),
        subtitle=subtitle,
        description=graph.graph.get("description", ""),
        filters=filters,
        years=years,
        generator=f"ccpj-graph {__version__}",
        data_json=Markup(_script_json(data)),  # noqa: S704 - escaped by _script_json
    )
