"""The TopoJSON decoder, the antimeridian handling and the projection behind the world map."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import ccpj_graph
from ccpj_graph.export import geo
from ccpj_graph.export.geo import decode_topology, equal_earth, load_countries, outline, unwrap

ATLAS = Path(ccpj_graph.__file__).parent / "publish" / geo.ATLAS


def test_quantised_delta_arcs_and_reversed_arcs_decode_to_positions() -> None:
    # Two arcs sharing an edge: arc 0 runs (0,0)->(2,0)->(2,2), arc 1 runs (2,2)->(0,2)->(0,0);
    # the square is [0, 1] (arc 0 then arc 1), the same square backwards is [~1, ~0].
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "A"}},
                    {"type": "MultiPolygon", "arcs": [[[~1, ~0]]], "id": "002"},
                    {"type": None, "id": "003"},
                ],
            }
        },
    }
    a, b, c = decode_topology(topology)
    square = ((10.0, 20.0), (11.0, 20.0), (11.0, 20.5), (10.0, 20.5), (10.0, 20.0))
    assert a.code == "001" and a.name == "A" and a.polygons == ((square,),)
    assert b.polygons == ((tuple(reversed(square)),),)
    assert c.polygons == () and c.name == ""


def test_the_vendored_atlas_is_natural_earth_by_iso_numeric_code() -> None:
    countries = {c.code: c for c in load_countries() if c.code}
    raw = json.loads(ATLAS.read_text(encoding="utf-8"))["objects"]["countries"]["geometries"]
    assert len(load_countries()) == len(raw)
    kenya = countries["404"]
    points = [p for polygon in kenya.polygons for ring in polygon for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    # Kenya lies between about 33.9 and 41.9 degrees east and 4.7 south and 5.5 north.
    assert 33 < min(lons) < max(lons) < 42.5 and -5.5 < min(lats) < max(lats) < 6


def test_rings_across_the_antimeridian_are_drawn_on_both_sides() -> None:
    russia = next(c for c in load_countries() if c.code == "643")
    rings = [ring for polygon in russia.polygons for ring in polygon]
    crossing = [r for r in rings if len(unwrap(r)) == 2]
    assert crossing, "Chukotka crosses the antimeridian"
    for ring in crossing:
        first, second = unwrap(ring)
        steps = [abs(b[0] - a[0]) for a, b in itertools.pairwise(first)]
        assert max(steps) < 180  # no jump across the whole map
        assert {round(b[0] - a[0]) for a, b in zip(first, second, strict=True)} in ({360}, {-360})
    ordinary = next(r for r in rings if len(unwrap(r)) == 1)
    assert unwrap(ordinary) == [ordinary]


def x_max() -> float:
    return equal_earth(180, 0)[0]


def test_equal_earth_is_symmetric_and_keeps_the_edge_at_180_degrees() -> None:
    assert equal_earth(0, 0) == (0.0, 0.0)
    x, y = equal_earth(30, 45)
    assert equal_earth(-30, -45) == pytest.approx((-x, -y))
    edge = outline()
    assert edge[0] == pytest.approx(equal_earth(180, -90)) and max(p[0] for p in edge) == x_max()
    # The map is about 2.05 times as wide as it is tall (the projection's published ratio).
    width = 2 * equal_earth(180, 0)[0]
    height = 2 * equal_earth(0, 90)[1]
    assert width / height == pytest.approx(2.05, abs=0.01)
