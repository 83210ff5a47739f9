"""Charts as files: activities per year per theme, and partners per year by kind (SVG or PNG).

Why through the Python API: the numbers come from :meth:`ccpj_graph.api.KnowledgeGraph.matrix`
(distinct activities by two facets, with the facet filters every other view uses), so a chart,
``ccpj export matrix``, the site and a notebook agree. Why matplotlib on a bare ``Figure``: no
pyplot state and no display; with a fixed font, a fixed SVG hash salt and no date or software
stamp the same data gives the same bytes.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from ccpj_graph.api import KnowledgeGraph, check_where
from ccpj_graph.errors import InputError
from ccpj_graph.network.style import ORGANISATION_OTHER

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ccpj_graph.api import FilterValue, Row

__all__ = [
    "CHART_KINDS",
    "FIGURE_FORMATS",
    "FILTERS",
    "Chart",
    "Format",
    "Snapshot",
    "chart_bytes",
    "chart_data",
    "check_filters",
    "draw_chart",
    "export_query",
    "filter_text",
    "inline_svg",
    "matrix_filters",
    "rc_params",
    "render_chart",
    "save_figure",
    "select",
    "snapshot",
]

CHART_KINDS = ("activities-by-year-theme", "partners-by-kind")
FIGURE_FORMATS = ("svg", "png")
#: The facets a chart or the map can be filtered by (CLI options of the same names).
FILTERS = ("theme", "year", "standard", "country", "region", "organisation", "type", "report")

Format = Literal["svg", "png"]
Where = Mapping[str, "FilterValue | None"]


@dataclass(frozen=True, slots=True)
class Chart:
    """What a stacked bar chart shows: one bar per category (year), one stack per series."""

    kind: str
    title: str
    subtitle: str
    ylabel: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, str, tuple[int, ...]], ...]  # (key, label, one count per category)
    note: str = ""
    #: Every key a series of this kind can have, in a fixed order: a theme keeps its colour
    #: from one chart to the next, whatever the filters leave.
    palette_keys: tuple[str, ...] = ()

    def total(self) -> int:
        return sum(sum(counts) for _, _, counts in self.series)


@dataclass(frozen=True, slots=True)
class Snapshot(KnowledgeGraph):
    """A :class:`~ccpj_graph.api.KnowledgeGraph` that reads the facet rows and the figures'
    SELECT answers once and keeps them: a page with many charts and maps (one per standard)
    then asks the store a few times, not a few times per figure. The counts are the same."""

    answers: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def facets(self) -> list[Row]:
        if "facets" not in self.answers:
            self.answers["facets"] = KnowledgeGraph.facets(self)
        rows: list[Row] = self.answers["facets"]
        return rows


def snapshot(kg: KnowledgeGraph) -> Snapshot:
    """``kg`` with its answers kept (itself when it already is a snapshot)."""
    if isinstance(kg, Snapshot):
        return kg
    return Snapshot(kg.store, kg.timeout, kg.limit)


def select(kg: KnowledgeGraph, name: str) -> list[Row]:
    """The rows of the shipped SELECT ``export/queries/NAME.rq``, kept by a snapshot."""
    kept = kg.answers if isinstance(kg, Snapshot) else {}
    key = f"query:{name}"
    if key not in kept:
        rows = kg.sparql(export_query(name))
        assert isinstance(rows, list)  # the shipped queries are SELECTs
        kept[key] = rows
    found: list[Row] = kept[key]
    return found


def export_query(name: str) -> str:
    """The text of a SPARQL file shipped beside this module (``export/queries/NAME.rq``)."""
    path = resources.files("ccpj_graph.export").joinpath("queries", f"{name}.rq")
    return path.read_text(encoding="utf-8")


def _active(where: Where) -> dict[str, FilterValue]:
    return {facet: value for facet, value in where.items() if value is not None}


def matrix_filters(where: Where) -> dict[str, Any]:
    """The filters as keyword arguments of ``kg.matrix`` (only facets: :func:`check_filters`
    has refused anything else, so none can be taken for one of its options)."""
    return dict(_active(where))


def _values(value: FilterValue) -> list[str]:
    return [str(value)] if isinstance(value, str | int) else [str(v) for v in value]


def check_filters(kg: KnowledgeGraph, where: Where) -> None:
    """Refuse a filter value no activity has (a typo would otherwise draw an empty chart),
    suggesting the nearest values; the values are the facets' keys and labels, any case
    (:func:`ccpj_graph.api.check_where`, which ``export matrix`` uses too)."""
    wanted = _active(where)
    if not wanted:
        return
    for facet in wanted:
        if facet not in FILTERS:
            raise InputError(f"unknown filter {facet!r}; choose from {', '.join(FILTERS)}")
    check_where(kg.facets(), wanted, name="--{facet} {value}")


def filter_text(where: Where) -> str:
    """The filters in words, for a subtitle: "theme prison, year 2020"."""
    return ", ".join(
        f"{facet} {' or '.join(_values(value))}" for facet, value in _active(where).items()
    )


def _years(keys: list[str]) -> list[str]:
    return sorted(keys, key=lambda y: (not y.isdigit(), int(y) if y.isdigit() else 0, y))


def chart_data(kg: KnowledgeGraph, kind: str, /, **where: FilterValue | None) -> Chart:
    """The counts behind chart ``kind`` (one of :data:`CHART_KINDS`), filtered like
    :meth:`~ccpj_graph.api.KnowledgeGraph.matrix`."""
    if kind not in CHART_KINDS:
        raise InputError(f"unknown chart {kind!r}; choose from {', '.join(CHART_KINDS)}")
    kg = snapshot(kg)
    check_filters(kg, where)
    filters = filter_text(where)
    if kind == "activities-by-year-theme":
        matrix = kg.matrix("year", "theme", **matrix_filters(where))
        years = _years([key for key, _ in matrix.rows])
        series = tuple(
            (key, label, tuple(matrix.get(year, key) for year in years))
            for key, label in matrix.columns
        )
        themes = sorted({str(r["key"]) for r in kg.facets() if r["facet"] == "theme"})
        return Chart(
            kind,
            "Activities per year, by theme",
            filters,
            "activities",
            tuple(years),
            series,
            "An activity on several themes counts once in each.",
            tuple(themes),
        )
    matrix = kg.matrix("organisation", "year", **matrix_filters(where))
    kinds: dict[str, tuple[str, str]] = {}
    for row in select(kg, "organisation-kinds"):
        kinds.setdefault(str(row["key"]), (str(row["kind"]), str(row["kindLabel"])))
    years = _years([key for key, _ in matrix.columns])
    partners: dict[tuple[str, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for org, _ in matrix.rows:
        kind_key, kind_label = kinds.get(org, (ORGANISATION_OTHER, "other organisation"))
        labels[kind_key] = kind_label
        for year in years:
            if matrix.get(org, year):
                partners[(kind_key, year)].add(org)
    totals = {k: sum(len(partners[(k, y)]) for y in years) for k in labels}
    order = sorted(labels, key=lambda k: (-totals[k], labels[k]))
    return Chart(
        kind,
        "Partner organisations per year, by kind",
        filters,
        "organisations",
        tuple(years),
        tuple((k, labels[k], tuple(len(partners[(k, y)]) for y in years)) for k in order),
        "Distinct organisations taking part in the year's activities in any role.",
    )


def rc_params() -> dict[Any, Any]:
    """matplotlib settings that make the output depend on the data alone."""
    return {
        "svg.hashsalt": "ccpj-graph",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def save_figure(fig: Figure, fmt: Format) -> bytes:
    """The figure as SVG or PNG bytes, without date or software stamps."""
    if fmt not in FIGURE_FORMATS:
        raise InputError(f"format {fmt!r}: choose svg or png")
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buffer, format=fmt, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def _colors(chart: Chart) -> list[str]:
    """Organisation kinds take the network pictures' colours; themes a qualitative palette,
    by their place among every theme (so a theme's colour does not depend on the filters)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    keys = [key for key, _, _ in chart.series]
    if chart.kind == "partners-by-kind":
        from ccpj_graph.network.style import load_style

        style = load_style()
        return [style.kind(key).color for key in keys]
    palette = [to_hex(colormaps[name](i)) for name in ("tab20", "tab20b") for i in range(20)]
    order = {key: i for i, key in enumerate(chart.palette_keys)}
    fallback = len(order)
    return [palette[order.get(key, fallback + i) % len(palette)] for i, key in enumerate(keys)]


def draw_chart(chart: Chart, *, fmt: Format = "svg", dpi: int = 150) -> bytes:
    """The chart drawn as stacked bars, SVG or PNG bytes."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with mpl.rc_context(rc_params()):
        fig = Figure(figsize=(11.0, 5.6), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.07, 0.12, 0.52, 0.7))
        x = list(range(len(chart.categories)))
        bottom = [0] * len(x)
        colors = _colors(chart)
        for (_, label, counts), color in zip(chart.series, colors, strict=True):
            ax.bar(x, counts, bottom=bottom, color=color, label=label, width=0.75)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        ax.set_xticks(x, list(chart.categories))
        ax.set_ylabel(chart.ylabel)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if not chart.series:
            ax.text(0.5, 0.5, "no activities", transform=ax.transAxes, ha="center")
        else:
            handles, labels = ax.get_legend_handles_labels()
            ax.legend(
                handles[::-1],
                labels[::-1],
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
                frameon=False,
                fontsize=8,
            )
        fig.text(0.02, 0.96, chart.title, fontsize=14, weight="bold", va="top")
        sub = chart.subtitle or "all reports"
        fig.text(0.02, 0.9, sub, fontsize=9.5, color="#444444", va="top")
        fig.text(0.02, 0.02, chart.note, fontsize=8, color="#555555")
        fig.text(0.98, 0.02, "ccpj-graph", fontsize=8, color="#777777", ha="right")
        return save_figure(fig, fmt)


def chart_bytes(
    kg: KnowledgeGraph, kind: str, /, *, fmt: Format = "svg", **where: FilterValue | None
) -> bytes:
    """Chart ``kind`` as SVG or PNG bytes (what ``ccpj export chart`` writes)."""
    return draw_chart(chart_data(kg, kind, **where), fmt=fmt)


def inline_svg(data: bytes) -> str:
    """SVG bytes as an element to put inside an HTML page: the XML declaration and DOCTYPE,
    which only a standalone file needs, are dropped."""
    text = data.decode("utf-8")
    return text[text.index("<svg") :]


def render_chart(kg: KnowledgeGraph, kind: str, /, **where: FilterValue | None) -> str:
    """Chart ``kind`` as an ``<svg>`` element, to embed in a page."""
    return inline_svg(chart_bytes(kg, kind, fmt="svg", **where))
