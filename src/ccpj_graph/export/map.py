"""A world choropleth of beneficiary countries: activities per country (SVG or PNG).

The counts come from the Python API: the diagonal of the countries x countries matrix, whose
cell (c, c) counts the activities in country c exactly as every other matrix cell counts (the
same filters by theme, year, standard or any other facet, and the same unit as ``ccpj export
matrix``), so the map, the matrix export and the site cannot disagree. Outlines are Natural
Earth's at 1:110m (:mod:`ccpj_graph.export.geo`), joined on the ISO 3166-1 numeric code (the
M49 code as a fallback). Small states have no outline at that scale: they are returned in
:attr:`WorldMap.missing` and listed under the map, never silently dropped. Antarctica is not
drawn (it is nobody's beneficiary and would take a fifth of the picture).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ccpj_graph.export.chart import (
    Format,
    check_filters,
    filter_text,
    inline_svg,
    matrix_filters,
    rc_params,
    save_figure,
    select,
    snapshot,
)
from ccpj_graph.export.geo import equal_earth, load_countries, outline, unwrap

if TYPE_CHECKING:
    from ccpj_graph.api import FilterValue, KnowledgeGraph

__all__ = ["CLASSES", "MapCountry", "WorldMap", "draw_map", "map_bytes", "map_data", "render_map"]

#: Lower bounds of the colour classes (distinct activities); the last is open-ended.
CLASSES = (1, 2, 5, 10, 20, 50)
_PALETTE = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
_NONE = "#eeeeee"
_ANTARCTICA = "010"


@dataclass(frozen=True, slots=True)
class MapCountry:
    """A country with activities: ISO alpha-3, name, ISO numeric code, distinct activities."""

    iso3: str
    label: str
    code: str
    activities: int


@dataclass(frozen=True, slots=True)
class WorldMap:
    """What the map shows: every country with activities (most first), those of them without
    an outline at the atlas's scale, and the filters in words."""

    countries: tuple[MapCountry, ...]
    missing: tuple[MapCountry, ...]
    filters: str

    def total(self) -> int:
        return sum(c.activities for c in self.countries)


def map_data(kg: KnowledgeGraph, /, **where: FilterValue | None) -> WorldMap:
    """Distinct activities per beneficiary country, filtered like ``kg.matrix``."""
    kg = snapshot(kg)
    check_filters(kg, where)
    matrix = kg.matrix("country", "country", **matrix_filters(where))
    codes: dict[str, tuple[str, str]] = {}
    for row in select(kg, "country-codes"):
        code = row.get("isoNumeric") or row.get("m49") or ""
        codes[str(row["iso3"])] = (str(code), str(row.get("label") or row["iso3"]))
    drawn = {c.code for c in load_countries() if c.code}
    countries = []
    for iso3, label in matrix.rows:
        total = matrix.get(iso3, iso3)
        code = codes.get(iso3, ("", label))[0]
        countries.append(MapCountry(iso3, label, code, total))
    countries.sort(key=lambda c: (-c.activities, c.label, c.iso3))
    missing = tuple(c for c in countries if c.code not in drawn)
    return WorldMap(tuple(countries), missing, filter_text(where))


def _class(count: int) -> int:
    """The colour class of a count: index into CLASSES (-1 for no activity)."""
    index = -1
    for i, low in enumerate(CLASSES):
        if count >= low:
            index = i
    return index


def _class_label(index: int) -> str:
    low = CLASSES[index]
    if index + 1 == len(CLASSES):
        return f"{low} or more"
    high = CLASSES[index + 1] - 1
    return str(low) if high == low else f"{low}–{high}"


@cache
def _outlines() -> tuple[tuple[str, tuple[tuple[float, float], ...], tuple[int, ...]], ...]:
    """Every drawn country's code and projected outline as path vertices and codes (projected
    once per process: the atlas never changes, only the colours do)."""
    from matplotlib.path import Path

    move, line, close = int(Path.MOVETO), int(Path.LINETO), int(Path.CLOSEPOLY)
    out = []
    for country in load_countries():
        if country.code == _ANTARCTICA or not country.polygons:
            continue
        vertices: list[tuple[float, float]] = []
        kinds: list[int] = []
        for polygon in country.polygons:
            for ring in (part for whole in polygon for part in unwrap(whole)):
                points = [equal_earth(lon, lat) for lon, lat in ring]
                vertices.extend([*points, points[0]])
                kinds.extend([move, *[line] * (len(points) - 1), close])
        out.append((country.code, tuple(vertices), tuple(kinds)))
    return tuple(out)


def draw_map(world: WorldMap, *, fmt: Format = "svg", dpi: int = 150) -> bytes:
    """The choropleth as SVG or PNG bytes."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Polygon
    from matplotlib.path import Path

    counts = {c.code: c.activities for c in world.countries}
    paths, faces = [], []
    for code, vertices, kinds in _outlines():
        paths.append(Path(vertices, kinds))
        index = _class(counts.get(code, 0)) if code else -1
        faces.append(_PALETTE[index] if index >= 0 else _NONE)

    with mpl.rc_context(rc_params()):
        fig = Figure(figsize=(11.0, 6.6), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.01, 0.17, 0.98, 0.71))
        ax.set_axis_off()
        ax.set_aspect("equal")
        collection = PathCollection(paths, facecolors=faces, edgecolors="white", linewidths=0.3)
        ax.add_collection(collection)
        edge = Polygon(outline(), closed=True, facecolor="none", edgecolor="none")
        ax.add_patch(edge)
        collection.set_clip_path(edge)
        ax.set_xlim(-2.72, 2.72)
        ax.set_ylim(-1.1, 1.33)
        used = sorted({_class(c.activities) for c in world.countries})
        handles = [Patch(facecolor=_PALETTE[i], label=_class_label(i)) for i in used]
        handles.append(Patch(facecolor=_NONE, label="none"))
        ax.legend(
            handles=handles,
            title="activities",
            loc="lower left",
            frameon=False,
            fontsize=8,
            title_fontsize=8,
        )
        fig.text(0.02, 0.97, "Beneficiary countries", fontsize=14, weight="bold", va="top")
        sub = (
            f"Activities per country: {len(world.countries)} countries "
            "(an activity in several countries counts in each)"
        )
        if world.filters:
            sub += f" — {world.filters}"
        fig.text(0.02, 0.925, sub, fontsize=9.5, color="#444444", va="top")
        note = "No outline at 1:110m, not drawn: " + (
            ", ".join(f"{c.label} ({c.activities})" for c in world.missing)
            if world.missing
            else "none"
        )
        fig.text(
            0.02,
            0.145,
            "\n".join(textwrap.wrap(note, 150)),
            fontsize=8,
            color="#333333",
            va="top",
        )
        fig.text(
            0.98,
            0.01,
            "Outlines: Natural Earth (public domain) via world-atlas; projection: Equal Earth",
            fontsize=7,
            color="#777777",
            ha="right",
        )
        return save_figure(fig, fmt)


def map_bytes(kg: KnowledgeGraph, /, *, fmt: Format = "svg", **where: FilterValue | None) -> bytes:
    """The map as SVG or PNG bytes (what ``ccpj export map`` writes)."""
    return draw_map(map_data(kg, **where), fmt=fmt)


def render_map(kg: KnowledgeGraph, /, **where: FilterValue | None) -> str:
    """The map as an ``<svg>`` element, to embed in a page."""
    return inline_svg(map_bytes(kg, fmt="svg", **where))
