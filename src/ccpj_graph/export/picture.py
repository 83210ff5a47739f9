"""A picture of a network (PNG or SVG) for readers without Gephi, drawn with matplotlib.

Why these choices: the picture must be legible on its own, so nodes are coloured by kind
(organisations: UN entity, government body, civil society, ...) or else by type, with a legend
that counts them, sized by degree, edges drawn thicker for heavier weights, and only the
best-connected nodes labelled (all of them in a small network), each label on a white box and
dropped when it would overlap a more important one. The largest nodes are labelled by their
full name, the others by their acronym or short name; a state's body always names its state
("Judiciary (Guatemala)"), as nobody can tell one country's "Ministry of Justice" from another's.
The figure is built on a bare ``Figure`` (no pyplot global state, no display needed) and saved
without date or software stamps and with a fixed SVG hash salt, so the same network gives the
same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections import Counter
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Literal

import networkx as nx

from ccpj_graph import resources
from ccpj_graph.network.layout import layout
from ccpj_graph.network.stats import annotate
from ccpj_graph.network.style import load_style

if TYPE_CHECKING:
    from matplotlib.transforms import Bbox

__all__ = ["FORMATS", "display_label", "draw_network", "state_names"]

FORMATS = ("png", "svg")
_MAX_LABELS = 40
#: How many of the largest nodes are labelled by their full name rather than their acronym.
_NAMED = 6
_STATE_KINDS = frozenset({"government-body"})


@cache
def state_names() -> dict[str, str]:
    """ISO alpha-3 -> the country's United Nations short name, from the reference data."""
    from rdflib import Namespace
    from rdflib.namespace import RDFS

    from ccpj_graph.rdfio import read_graph

    ccpj = Namespace("https://w3id.org/ccpj/ontology#")
    graph = read_graph(resources.reference_dir() / "countries.ttl")
    return {
        str(iso3): str(graph.value(country, RDFS.label))
        for country, iso3 in graph.subject_objects(ccpj.iso3)
        if graph.value(country, RDFS.label) is not None
    }


def display_label(
    data: Mapping[str, object], *, full: bool = False, limit: int | None = None
) -> str:
    """A node's label for a reader: its acronym or short name (``full``: its name), and for a
    state's body the state's name after it, unless the label already says it. ``limit``
    shortens the label, never the state, to at most that many characters."""
    short = str(data.get("label") or "")
    name = str(data.get("name") or short)
    text = name if full and name else short or name
    suffix = ""
    iso3 = str(data.get("iso3") or "")
    if str(data.get("kind") or "") in _STATE_KINDS and iso3:
        state = state_names().get(iso3, iso3)
        if state.casefold() not in text.casefold():
            suffix = f" ({state})"
    if limit is not None and len(text) + len(suffix) > limit:
        text = text[: max(limit - len(suffix) - 1, 8)].rstrip() + "…"
    return text + suffix


def _scale(n: int) -> float:
    if n <= 60:
        return 1.0
    if n <= 300:
        return 0.7
    if n <= 1000:
        return 0.45
    return 0.3


def draw_network(
    graph: nx.Graph,
    *,
    fmt: Literal["png", "svg"] = "png",
    positions: Mapping[str, tuple[float, float]] | None = None,
    max_labels: int = _MAX_LABELS,
    dpi: int = 150,
) -> bytes:
    """The network drawn as PNG or SVG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}")
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if graph.number_of_nodes() and "degree" not in graph.nodes[next(iter(graph))]:
        annotate(graph)
    style = load_style()
    pos = dict(positions) if positions is not None else layout(graph)
    nodes = sorted(graph)
    n = len(nodes)
    scale = _scale(n)
    max_degree = max((graph.degree(v) for v in nodes), default=0)
    max_weight = max((float(w) for _, _, w in graph.edges(data="weight", default=1)), default=1.0)

    with mpl.rc_context({"svg.hashsalt": "ccpj-graph", "svg.fonttype": "none"}):
        width = 12.0 if n <= 300 else 16.0
        fig = Figure(figsize=(width, width * 0.75), dpi=dpi)
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0.02, 0.06, 0.96, 0.86))
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.set_xlim(-1.12, 1.12)
        ax.set_ylim(-1.12, 1.12)

        segments, widths = [], []
        for u, v, w in sorted(graph.edges(data="weight", default=1)):
            segments.append([pos[u], pos[v]])
            widths.append((0.4 + 3.2 * float(w) / max_weight) * max(scale, 0.5))
        if segments:
            ax.add_collection(
                LineCollection(segments, linewidths=widths, colors="#6b6b6b", alpha=0.35, zorder=1)
            )
        sizes = [(style.size(graph.degree(v), max_degree) * 1.1 * scale) ** 2 for v in nodes]
        look = {
            v: style.node(str(graph.nodes[v].get("type", "")), str(graph.nodes[v].get("kind", "")))
            for v in nodes
        }
        colors = [look[v].color for v in nodes]
        if nodes:
            ax.scatter(
                [pos[v][0] for v in nodes],
                [pos[v][1] for v in nodes],
                s=sizes,
                c=colors,
                edgecolors="white",
                linewidths=0.6,
                zorder=2,
            )

        ranked = sorted(
            nodes,
            key=lambda v: (-graph.degree(v), -graph.nodes[v].get("weighted_degree", 0.0), v),
        )
        # A translucent box, not a stroke path effect: SVG then keeps labels as real text.
        halo = {"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.75}
        radius = {v: size**0.5 / 2 for v, size in zip(nodes, sizes, strict=True)}
        canvas.draw()
        renderer = canvas.get_renderer()
        kept: list[Bbox] = []
        for rank, v in enumerate(ranked[:max_labels]):  # most important first; four places each
            if rank < _NAMED:
                label = display_label(graph.nodes[v], full=True, limit=90) or v
                label = "\n".join(textwrap.wrap(label, 30))
            else:
                label = display_label(graph.nodes[v], limit=44) or v
            share = graph.degree(v) / max_degree if max_degree else 0.0
            gap = radius[v] + 2
            for offset, ha, va in (
                ((0, gap), "center", "bottom"),
                ((gap, 0), "left", "center"),
                ((0, -gap), "center", "top"),
                ((-gap, 0), "right", "center"),
            ):
                text = ax.annotate(
                    label,
                    pos[v],
                    xytext=offset,
                    textcoords="offset points",
                    fontsize=7 + 5 * share,
                    ha=ha,
                    va=va,
                    zorder=3,
                    bbox=halo,
                )
                box = text.get_window_extent(renderer).expanded(1.02, 1.1)
                if any(box.overlaps(other) for other in kept):
                    text.remove()
                    continue
                kept.append(box)
                break

        counts = Counter(look.values())
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=8,
                markerfacecolor=entry.color,
                markeredgecolor="white",
                label=f"{entry.label} ({n})",
            )
            for entry, n in sorted(counts.items(), key=lambda item: (-item[1], item[0].label))
        ]
        if handles:  # in the figure's right margin, clear of the nodes
            fig.legend(
                handles=handles,
                loc="upper right",
                bbox_to_anchor=(0.995, 0.9),
                frameon=False,
                fontsize=8,
                handletextpad=0.3,
            )
        title = str(graph.graph.get("title") or graph.graph.get("name", "network"))
        if graph.graph.get("filter_text"):
            title += f" — {graph.graph['filter_text']}"
        fig.text(0.02, 0.965, title, fontsize=15, weight="bold", va="top")
        years = graph.graph.get("years") or []
        span = f", {years[0]}–{years[-1]}" if years else ""
        fig.text(
            0.02,
            0.925,
            f"{n} nodes, {graph.number_of_edges()} edges{span}. Node size: degree; "
            "edge width: weight (shared activities).",
            fontsize=9.5,
            color="#444444",
            va="top",
        )
        fig.text(
            0.98,
            0.02,
            "ccpj-graph: UN standards and norms in crime prevention and criminal justice",
            fontsize=8,
            color="#777777",
            ha="right",
        )
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata, facecolor="white")
    return buffer.getvalue()
