"""The site's world map: country outlines as SVG paths that the page's script recolours.

Geometry: the ``world-atlas`` package (npm; Natural Earth 1:110m admin-0 countries, public
domain; the package ISC), vendored in ``publish/vendor/world-atlas`` with its licence by
``scripts/vendor_js.sh``. Features carry ISO 3166-1 numeric codes, which equal the UN M49 codes
of countries, so a country joins on ``ccpj:m49`` (else ``ccpj:isoNumeric``). Small states have
no polygon at that scale; the page lists the beneficiaries it cannot draw. The projection is
plain equirectangular: the map is for finding countries, and the page gives exact counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "COLOURS",
    "Outline",
    "choropleth",
    "colour",
    "legend",
    "outlines",
    "view_box",
    "without_geometry",
]

ATLAS = Path(__file__).resolve().parent / "vendor" / "world-atlas" / "countries-110m.json"
_WIDTH, _HEIGHT = 960.0, 440.0
_TOP, _BOTTOM = 83.7, -56.0  # Antarctica left out: no beneficiary, and a fifth of the map
#: Sequential blues for 1, 2-3, 4-7, 8-15, 16+ activities (light to dark); grey for none.
COLOURS = ((1, "#c6dbef"), (2, "#9ecae1"), (4, "#6baed6"), (8, "#3182bd"), (16, "#08519c"))
NONE = "#e4e4e4"


@dataclass(frozen=True, slots=True)
class Outline:
    code: str  # ISO 3166-1 numeric = M49, three digits
    name: str  # the atlas's own short name (the page shows the graph's label instead)
    path: str  # SVG path data in the map's coordinates


def _decode_arcs(topology: dict[str, object]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs: delta-encoded, quantised positions -> longitude, latitude."""
    transform = topology["transform"]
    arcs = topology["arcs"]
    assert isinstance(transform, dict) and isinstance(arcs, list)
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    out = []
    for arc in arcs:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _xy(lon: float, lat: float) -> tuple[float, float]:
    x = (lon + 180.0) / 360.0 * _WIDTH
    y = (_TOP - max(min(lat, _TOP), _BOTTOM)) / (_TOP - _BOTTOM) * _HEIGHT
    return x, y


def _path(polygons: list[list[list[int]]], arcs: list[list[tuple[float, float]]]) -> str:
    parts = []
    for polygon in polygons:
        for ring_arcs in polygon:
            ring: list[tuple[float, float]] = []
            for i in ring_arcs:
                points = arcs[i] if i >= 0 else arcs[~i][::-1]
                ring.extend(points[1:] if ring else points)
            if ring and max(p[0] for p in ring) - min(p[0] for p in ring) > 270:
                # a ring along the antimeridian (Chukotka, Fiji): keep it on one side
                ring = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring]
            xy = [_xy(lon, lat) for lon, lat in ring]
            if len(xy) >= 3:
                parts.append("M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


@cache
def outlines() -> tuple[Outline, ...]:
    """Every coded country of the atlas, by code."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code or code == "010":
            continue
        kind = geometry["type"]
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"]
        if kind not in ("Polygon", "MultiPolygon"):
            continue
        name = geometry.get("properties", {}).get("name", "")
        found.append(Outline(str(code).zfill(3), name, _path(polygons, arcs)))
    return tuple(sorted(found, key=lambda o: o.code))


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
