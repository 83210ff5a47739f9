"""Pictures: a real PNG and SVG, with the legend and the hub's label, byte-stable."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from PIL import Image

from ccpj_graph.export.picture import display_label, draw_network
from ccpj_graph.network import annotate, build_network
from ccpj_graph.network.style import load_style, rgb
from network_support import NETWORKS, fixture_source, real_network


@pytest.mark.parametrize("name", NETWORKS)
def test_png_is_a_drawn_picture(name: str) -> None:
    graph = annotate(build_network(name, fixture_source()))
    data = draw_network(graph, fmt="png", dpi=80)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == (960, 720)
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 24)}
    assert len(colours) > 50  # not a blank canvas
    style = load_style()
    for look in {style.node(d["type"], d.get("kind", "")) for _, d in graph.nodes(data=True)}:
        wanted = rgb(look.color)
        assert any(sum(abs(a - b) for a, b in zip(c, wanted, strict=True)) < 12 for c in colours)


def test_svg_has_the_labels_as_text_and_is_stable() -> None:
    graph = annotate(build_network("partners", fixture_source()))
    data = draw_network(graph, fmt="svg")
    assert data == draw_network(annotate(build_network("partners", fixture_source())), fmt="svg")
    root = etree.fromstring(data)
    text = " ".join(root.itertext())
    assert "Partner organisations" in text and "UN entity (" in text
    assert b"<dc:date>" not in data


def test_labels_can_be_turned_off() -> None:
    graph = annotate(build_network("partners", fixture_source()))
    text = " ".join(etree.fromstring(draw_network(graph, fmt="svg", max_labels=0)).itertext())
    assert "UNDP" not in text


@pytest.mark.slow
def test_the_real_partners_picture() -> None:
    data = draw_network(real_network("partners"), fmt="png", dpi=60)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def _svg_text(graph: object, **options: object) -> str:
    return " ".join(etree.fromstring(draw_network(graph, fmt="svg", **options)).itertext())


@pytest.mark.slow
def test_nodes_are_coloured_and_counted_by_kind_in_the_legend() -> None:
    graph = real_network("partners")
    style = load_style()
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        label = style.node(data["type"], data.get("kind", "")).label
        counts[label] = counts.get(label, 0) + 1
    assert len(counts) >= 5, "UN entities, government bodies, civil society, ... each their own"
    text = _svg_text(graph)
    for label, n in counts.items():
        assert f"{label} ({n})" in text
    assert len({style.kind(k).color for k in style.kinds}) == len(style.kinds)


@pytest.mark.slow
def test_state_bodies_are_labelled_with_their_state() -> None:
    graph = real_network("partners-countries")
    countries = {d["iso3"]: d["name"] for _, d in graph.nodes(data=True) if d["type"] == "Country"}
    bodies = [
        d for _, d in graph.nodes(data=True) if d.get("kind") == "government-body" and d["iso3"]
    ]
    checked = 0
    for data in bodies:
        state = countries.get(data["iso3"])
        if state is None:
            continue
        label = display_label(data)
        assert label == data["label"] or label == f"{data['label']} ({state})"
        assert state.casefold() in label.casefold(), label
        checked += 1
    assert checked >= 10
    root = etree.fromstring(draw_network(graph, fmt="svg", max_labels=500))
    drawn = {"".join(t.itertext()).strip() for t in root.iter("{*}text")}
    renamed = [d for d in bodies if display_label(d) != d["label"]]
    assert not drawn & {d["label"] for d in renamed}, "a state body drawn without its state"
    assert drawn & {display_label(d, limit=44) for d in renamed}


def test_a_shortened_label_keeps_the_state() -> None:
    data = {"label": "Directorate " * 6, "kind": "government-body", "iso3": "KEN"}
    label = display_label(data, limit=44)
    assert len(label) <= 44 and label.endswith("… (Kenya)")
    assert (
        display_label({"label": "Kenya Prisons Service", "kind": "government-body", "iso3": "KEN"})
        == "Kenya Prisons Service"
    )
    assert (
        display_label(
            {"label": "UNDP", "name": "United Nations Development Programme", "kind": "un-entity"},
            full=True,
        )
        == "United Nations Development Programme"
    )


@pytest.mark.slow
def test_the_largest_nodes_are_labelled_by_name() -> None:
    graph = annotate(real_network("partners"))
    top = max(graph, key=lambda v: (graph.degree(v), v))
    name = graph.nodes[top]["name"]
    assert name != graph.nodes[top]["label"]  # UNODC: the name, not the acronym
    words = set(_svg_text(graph).split())
    assert set(name.split()) <= words
