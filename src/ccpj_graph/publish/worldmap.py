"""The site's world map: country outlines as SVG paths that the page's script recolours.

Geometry: the ``world-atlas`` package (npm; Natural Earth 1:110m admin-0 countries, public
domain; the package ISC), vendored in ``publish/vendor/world-atlas`` with its licence by
``scripts/vendor_js.sh``. Features carry ISO 3166-1 numeric codes, which equal the UN M49 codes
of countries, so a country joins on ``ccpj:m49`` (else ``ccpj:isoNumeric``). Small states have
no polygon at that scale; the page lists the beneficiaries it cannot draw. Decoding and the
Equal Earth projection are ``ccpj_graph.export.geo``'s, so the site's map and ``ccpj export
map`` draw the same shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ccpj_graph.export.geo import equal_earth, load_countries, unwrap

__all__ = [
    "COLOURS",
    "Outline",
    "choropleth",
    "colour",
    "edge",
    "legend",
    "outlines",
    "view_box",
    "without_geometry",
]

_WIDTH = 960.0
_NORTH, _SOUTH = 84.0, -58.0  # Antarctica left out: no beneficiary, and a fifth of the map
#: Sequential blues for 1, 2-3, 4-7, 8-15, 16+ activities (light to dark); grey for none.
COLOURS = ((1, "#c6dbef"), (2, "#9ecae1"), (4, "#6baed6"), (8, "#3182bd"), (16, "#08519c"))
NONE = "#e4e4e4"
_XMAX = equal_earth(180.0, 0.0)[0]
_SCALE = _WIDTH / (2 * _XMAX)
_TOP = equal_earth(0.0, _NORTH)[1]
_HEIGHT = round((_TOP - equal_earth(0.0, _SOUTH)[1]) * _SCALE, 1)


@dataclass(frozen=True, slots=True)
class Outline:
    code: str  # ISO 3166-1 numeric = M49, three digits
    name: str  # the atlas's own short name (the page shows the graph's label instead)
    path: str  # SVG path data in the map's coordinates


def _xy(lon: float, lat: float) -> tuple[float, float]:
    x, y = equal_earth(lon, lat)
    return (x + _XMAX) * _SCALE, (_TOP - y) * _SCALE


def _path(polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            for piece in unwrap(ring):  # a ring across the antimeridian is drawn on both sides
                xy = [_xy(lon, lat) for lon, lat in piece]
                if len(xy) >= 3:
                    parts.append("M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


@cache
def outlines() -> tuple[Outline, ...]:
    """Every coded country of the atlas but Antarctica, by code."""
    found = [
        Outline(country.code.zfill(3), country.name, _path(country.polygons))
        for country in load_countries()
        if country.code and country.code != "010"
    ]
    return tuple(sorted(found, key=lambda o: o.code))


def edge() -> str:
    """The world's edge as an SVG path: the map clips to it (unwrapped rings overhang)."""
    return "M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in (_xy(*p) for p in _edge_lonlat())) + "Z"


def _edge_lonlat() -> list[tuple[float, float]]:
    lats = [_SOUTH + (_NORTH - _SOUTH) * i / 60 for i in range(61)]
    return [(180.0, lat) for lat in lats] + [(-180.0, lat) for lat in reversed(lats)]


def view_box() -> str:
    return f"0 0 {_WIDTH:g} {_HEIGHT:g}"


def legend() -> list[tuple[str, str]]:
    """(label, colour) of each class, "none" first."""
    out = [("none", NONE)]
    lows = [low for low, _ in COLOURS]
    for i, (low, colour) in enumerate(COLOURS):
        high = lows[i + 1] - 1 if i + 1 < len(lows) else None
        out.append(
            (f"{low}+" if high is None else str(low) if high == low else f"{low}–{high}", colour)
        )
    return out


def without_geometry(codes: Iterable[str]) -> set[str]:
    """The codes the atlas has no outline for at this scale."""
    return {c.zfill(3) for c in codes} - {o.code for o in outlines()}


def colour(count: int) -> str:
    """The fill for ``count`` activities."""
    fill = NONE
    for low, step in COLOURS:
        if count >= low:
            fill = step
    return fill


def choropleth(counts: dict[str, int], names: dict[str, str]) -> dict[str, object]:
    """A map coloured at publish time: ``counts`` and ``names`` by M49 code.

    For pages that show one fixed selection (a standard's uptake) and need no script.
    """
    return {
        "view_box": view_box(),
        "edge": edge(),
        "outlines": [
            {
                "code": o.code,
                "path": o.path,
                "fill": colour(counts.get(o.code, 0)),
                "title": f"{names.get(o.code, o.name)}: {counts.get(o.code, 0)}",
            }
            for o in outlines()
        ],
        "legend": legend(),
        "missing": sorted(names[c] for c in without_geometry(counts) if c in names),
    }
