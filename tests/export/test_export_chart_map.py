"""Charts and the world map on the committed graph: the numbers equal the facets and the
matrix export, the files are real pictures, byte-stable, and the map names the countries it
cannot draw."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image

import ccpj_graph
from ccpj_graph.api import KnowledgeGraph
from ccpj_graph.build.merged import graph_files
from ccpj_graph.cli import cli
from ccpj_graph.errors import InputError
from ccpj_graph.export.chart import chart_bytes, chart_data, render_chart, snapshot
from ccpj_graph.export.geo import ATLAS
from ccpj_graph.export.map import map_bytes, map_data, render_map
from ccpj_graph.network.style import load_style, rgb
from ccpj_graph.query.store import build_store

ATLAS_FILE = Path(ccpj_graph.__file__).parent / "publish" / ATLAS

# every test reads the committed graph's store through the facet query and most draw pictures
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A query store of the committed graph, ontology and reference data included, built from
    copies so that nothing else writing the graph files makes it stale mid-run."""
    folder = tmp_path_factory.mktemp("charts")
    copies = []
    for i, source in enumerate(graph_files()):
        copy = folder / f"{i:03d}-{source.name}"
        shutil.copyfile(source, copy)
        copies.append(copy)
    build_store(copies, None, folder / "store")
    return folder / "store"


@pytest.fixture(scope="module")
def kg(store: Path) -> KnowledgeGraph:
    return ccpj_graph.open(store)


@pytest.fixture(scope="module")
def facets(kg: KnowledgeGraph) -> dict[str, dict[str, set[str]]]:
    """activity -> facet -> keys, straight from the facet rows; the pseudo-facet ``unit`` is
    what the API counts for it (its same-work representative where the rows give one)."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in kg.facets():
        activity = str(row["activity"])
        out[activity][str(row["facet"])].add(str(row["key"]))
        out[activity]["unit"] = {str(row.get("work") or activity)}
    return out


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- the numbers -----------------------------------------------------------------------------


def test_activities_chart_equals_the_matrix_export(kg: KnowledgeGraph, store: Path) -> None:
    chart = chart_data(kg, "activities-by-year-theme", theme="prison")
    code, out, _ = _invoke(
        "export", "matrix", "--rows", "year", "--columns", "theme",
        "--where", "theme=prison", "--format", "json", "--store", str(store),
    )  # fmt: skip
    assert code == 0
    cells = {(r["year_key"], r["theme_key"]): r["activities"] for r in json.loads(out)}
    drawn = {
        (year, key): n
        for key, _, counts in chart.series
        for year, n in zip(chart.categories, counts, strict=True)
        if n
    }
    assert drawn == cells and drawn
    assert list(chart.categories) == sorted(chart.categories, key=int)
    assert chart.subtitle == "theme prison"


def test_partners_chart_counts_distinct_organisations_per_year(
    kg: KnowledgeGraph, facets: dict[str, dict[str, set[str]]]
) -> None:
    chart = chart_data(kg, "partners-by-kind")
    expected: dict[str, set[str]] = defaultdict(set)
    for values in facets.values():
        for year in values.get("year", ()):
            expected[year] |= values.get("organisation", set())
    for i, year in enumerate(chart.categories):
        assert sum(counts[i] for _, _, counts in chart.series) == len(expected[year])
    kinds = {key for key, _, _ in chart.series}
    assert {"un-entity", "government-body"} <= kinds


def test_map_counts_activities_per_country_as_the_api_counts(
    kg: KnowledgeGraph, facets: dict[str, dict[str, set[str]]]
) -> None:
    standards = Counter(s for values in facets.values() for s in values.get("standard", ()))
    top_standard = min(standards, key=lambda s: (-standards[s], s))
    for where in ({}, {"theme": "prison", "year": "2020"}, {"standard": top_standard}):
        world = map_data(kg, **where)
        expected: dict[str, set[str]] = defaultdict(set)
        for values in facets.values():
            if any(where[f] not in values.get(f, ()) for f in where):
                continue
            for country in values.get("country", ()):
                expected[country] |= values["unit"]
        assert {c.iso3: c.activities for c in world.countries} == {
            country: len(units) for country, units in expected.items()
        }
        assert [c.activities for c in world.countries] == sorted(
            (c.activities for c in world.countries), reverse=True
        )


def test_countries_without_an_outline_are_returned_and_listed(kg: KnowledgeGraph) -> None:
    world = map_data(kg)
    atlas = json.loads(ATLAS_FILE.read_text(encoding="utf-8"))
    drawn = {g.get("id") for g in atlas["objects"]["countries"]["geometries"]}
    assert {c.iso3 for c in world.missing} == {
        c.iso3 for c in world.countries if c.code not in drawn
    }
    assert world.missing, "some beneficiary is too small for 1:110m (the Maldives are)"
    assert {c.code for c in world.countries} - {c.code for c in world.missing} <= drawn
    text = " ".join(etree.fromstring(render_map(kg).encode("utf-8")).itertext())
    for country in world.missing:
        assert f"{country.label} ({country.activities})" in text


# --- the pictures ----------------------------------------------------------------------------


def _colours(data: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    return {colour for _, colour in image.getcolors(maxcolors=1 << 24)}


def _has(colours: set[tuple[int, int, int]], hex_colour: str) -> bool:
    wanted = rgb(hex_colour)
    return any(sum(abs(a - b) for a, b in zip(c, wanted, strict=True)) < 6 for c in colours)


def test_png_chart_is_a_drawn_picture_in_the_kind_colours(kg: KnowledgeGraph) -> None:
    data = chart_bytes(kg, "partners-by-kind", fmt="png")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1650, 840)
    colours = _colours(data)
    assert len(colours) > 50
    style = load_style()
    for key, _, _ in chart_data(kg, "partners-by-kind").series:
        assert _has(colours, style.kind(key).color), key


def test_png_map_shades_countries(kg: KnowledgeGraph) -> None:
    from ccpj_graph.export.map import _PALETTE, _class

    data = map_bytes(kg, fmt="png")
    assert Image.open(io.BytesIO(data)).size == (1650, 990)
    colours = _colours(data)
    world = map_data(kg)
    drawn = [c for c in world.countries if c not in world.missing]
    for index in {_class(c.activities) for c in drawn}:
        assert _has(colours, _PALETTE[index])


def test_svg_is_xml_with_text_titles_and_no_date(kg: KnowledgeGraph) -> None:
    svg = render_chart(kg, "activities-by-year-theme", year=2020)
    assert svg.startswith("<svg") and "<!DOCTYPE" not in svg  # ready to sit inside a page
    root = etree.fromstring(svg.encode("utf-8"))
    assert root.tag.endswith("svg")
    text = " ".join(root.itertext())
    assert "Activities per year, by theme" in text and "year 2020" in text
    assert "<dc:date>" not in svg


def test_same_input_same_bytes_across_processes(kg: KnowledgeGraph, store: Path) -> None:
    assert chart_bytes(kg, "partners-by-kind", fmt="png") == chart_bytes(
        kg, "partners-by-kind", fmt="png"
    )
    here = map_bytes(kg, fmt="svg", theme="prison")
    script = (
        "import sys, ccpj_graph; from ccpj_graph.export.map import map_bytes; "
        "sys.stdout.buffer.write(map_bytes(ccpj_graph.open(sys.argv[1]), fmt='svg', "
        "theme='prison'))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    there = subprocess.run(
        [sys.executable, "-c", script, str(store)], capture_output=True, check=True, env=env
    ).stdout
    assert here == there


# --- the commands ----------------------------------------------------------------------------


def test_cli_writes_the_format_of_the_suffix_with_the_umask_mode(
    store: Path, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        code, _, err = _invoke(
            "export", "map", "--store", str(store), "-o", str(tmp_path / "m.png")
        )
    finally:
        os.umask(old)
    assert code == 0
    assert "no outline at this scale" in err and "Maldives" in err
    path = tmp_path / "m.png"
    assert path.read_bytes().startswith(b"\x89PNG")
    assert path.stat().st_mode & 0o777 == 0o644
    code, _, _ = _invoke(
        "export", "chart", "--kind", "activities-by-year-theme", "--store", str(store),
        "-o", str(tmp_path / "a.svg"),
    )  # fmt: skip
    assert code == 0 and (tmp_path / "a.svg").read_bytes().lstrip().startswith(b"<?xml")


def test_svg_goes_to_stdout(store: Path) -> None:
    code, out, _ = _invoke("export", "map", "--year", "2021", "--store", str(store), "-o", "-")
    assert code == 0 and etree.fromstring(out.encode("utf-8")).tag.endswith("svg")
    assert "year 2021" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["map", "--theme", "prisn"], "--theme prisn: no activity has this theme; did you mean"),
        (["map", "--year", "1999"], "--year 1999: no activity has this year"),
        (["map", "-o", "map.jpg"], "-o map.jpg: name a .svg or .png file"),
        (["chart", "--kind", "activities-by-year-theme", "--country", "Atlantis"], "--country"),
    ],
)
def test_bad_options_are_one_line_errors(store: Path, args: list[str], message: str) -> None:
    code, _, err = _invoke("export", *args, "--store", str(store))
    assert code == 2
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_api_errors_are_input_errors(kg: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match="unknown chart"):
        chart_data(kg, "pie")
    with pytest.raises(InputError, match="unknown filter"):
        map_data(kg, colour="red")


def test_a_snapshot_gives_the_same_figures_from_one_reading(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap = snapshot(kg)
    assert map_data(snap, theme="prison") == map_data(kg, theme="prison")
    assert chart_data(snap, "partners-by-kind") == chart_data(kg, "partners-by-kind")

    def no_store(*_: object, **__: object) -> None:
        raise AssertionError("the snapshot asked the store again")

    monkeypatch.setattr(KnowledgeGraph, "facets", no_store)
    monkeypatch.setattr(KnowledgeGraph, "sparql", no_store)
    assert map_data(snap, year="2020").countries
    assert chart_data(snap, "partners-by-kind", theme="prison").series


def test_a_theme_keeps_its_colour_whatever_the_filters(kg: KnowledgeGraph) -> None:
    from ccpj_graph.export.chart import _colors

    def colours(**where: str) -> dict[str, str]:
        chart = chart_data(kg, "activities-by-year-theme", **where)
        return dict(zip((k for k, _, _ in chart.series), _colors(chart), strict=True))

    everything, some = colours(), colours(year="2011", theme="prison")
    assert set(some) < set(everything)
    assert all(everything[key] == colour for key, colour in some.items())
    assert len(set(everything.values())) == len(everything)  # no two themes share a colour
