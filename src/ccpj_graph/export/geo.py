"""Country outlines for the world map: the vendored ``world-atlas`` TopoJSON, decoded here.

Why our own decoder: TopoJSON is a small format (shared, delta-encoded, quantised arcs; rings
as lists of arc indices, ``~i`` for arc ``i`` reversed) and the one file we read needs no more
than that, so a dozen lines beat a dependency. The geometry is Natural Earth's admin-0
countries at 1:110m (public domain), packaged by the npm ``world-atlas`` (ISC) and vendored with
the site (``publish/vendor/``); it is keyed by ISO 3166-1 numeric code, which is the UN M49
code for every country and area that has one, so it joins on ``ccpj:isoNumeric``.

The projection is Equal Earth (Šavrič, Patterson, Jenny 2018): an equal-area projection, so a
choropleth does not make northern countries look bigger than they are.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ccpj_graph.errors import CcpjError

__all__ = [
    "ATLAS",
    "Country",
    "Ring",
    "decode_topology",
    "equal_earth",
    "load_countries",
    "outline",
    "unwrap",
]

#: The vendored TopoJSON, relative to the ``ccpj_graph.publish`` package.
ATLAS = "vendor/world-atlas/countries-110m.json"

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Country:
    """One country or area of the atlas: its ISO numeric code ("" for the few without one,
    such as Kosovo), its name in the atlas, and its outline as polygons of rings (lon, lat)."""

    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) points: undo the delta encoding and the quantisation."""
    transform = topology.get("transform")
    scale = transform["scale"] if transform else (1.0, 1.0)
    translate = transform["translate"] if transform else (0.0, 0.0)
    out = []
    for arc in topology["arcs"]:
        x = y = 0.0
        points = []
        for position in arc:
            if transform:
                x, y = x + position[0], y + position[1]
            else:
                x, y = position[0], position[1]
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        out.append(points)
    return out


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    """A ring from arc indices; each arc after the first repeats the last point of the one
    before, so that point is dropped."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def _polygons(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> list[Any]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [tuple(_ring(r, arcs) for r in geometry["arcs"])]
    if kind == "MultiPolygon":
        return [tuple(_ring(r, arcs) for r in polygon) for polygon in geometry["arcs"]]
    return []  # a null geometry has no outline


def decode_topology(topology: dict[str, Any], name: str = "countries") -> tuple[Country, ...]:
    """The geometries of object ``name`` of a TopoJSON topology, in the file's order."""
    arcs = _arcs(topology)
    return tuple(
        Country(
            code=str(g.get("id") or ""),
            name=str((g.get("properties") or {}).get("name", "")),
            polygons=tuple(_polygons(g, arcs)),
        )
        for g in topology["objects"][name]["geometries"]
    )


@cache
def load_countries() -> tuple[Country, ...]:
    """The atlas's countries, in the file's order (cached: the file never changes at run time)."""
    path = resources.files("ccpj_graph.publish").joinpath(ATLAS)
    try:
        return decode_topology(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise CcpjError(f"{path}: world atlas not found (run scripts/vendor_js.sh)") from None
    except (ValueError, KeyError, TypeError, IndexError) as err:
        raise CcpjError(f"{path}: not a world-atlas TopoJSON file ({err})") from None


_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in degrees -> Equal Earth (x, y) on the unit sphere."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def unwrap(ring: Ring) -> list[Ring]:
    """A ring ready for a flat map: longitudes made continuous where the ring crosses the
    antimeridian (Russia, Fiji), then drawn twice, once shifted by 360 degrees, so that clipping
    to :func:`outline` shows both halves; a ring that does not cross is returned as it is."""
    if not ring:
        return []
    points = [ring[0]]
    for lon, lat in ring[1:]:
        previous = points[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        points.append((lon, lat))
    lons = [lon for lon, _ in points]
    if min(lons) >= -180 and max(lons) <= 180:
        return [ring]
    shift = 360.0 if min(lons) < -180 else -360.0
    return [tuple(points), tuple((lon + shift, lat) for lon, lat in points)]


def outline(steps: int = 90) -> list[tuple[float, float]]:
    """The edge of the world in Equal Earth coordinates (the meridians at -180 and 180)."""
    lats = [-90 + 180 * i / steps for i in range(steps + 1)]
    east = [equal_earth(180.0, lat) for lat in lats]
    west = [equal_earth(-180.0, lat) for lat in reversed(lats)]
    return east + west
