"""Pictures: a real PNG and SVG, with the legend and the hub's label, byte-stable."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from PIL import Image

from ccpj_graph.export.picture import draw_network
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
    for kind in {d["type"] for _, d in graph.nodes(data=True)}:
        wanted = rgb(style.of(kind).color)
        assert any(sum(abs(a - b) for a, b in zip(c, wanted, strict=True)) < 12 for c in colours)


def test_svg_has_the_labels_as_text_and_is_stable() -> None:
    graph = annotate(build_network("partners", fixture_source()))
    data = draw_network(graph, fmt="svg")
    assert data == draw_network(annotate(build_network("partners", fixture_source())), fmt="svg")
    root = etree.fromstring(data)
    text = " ".join(root.itertext())
    assert "UNODC" in text and "Partner organisations" in text and "organisation (" in text
    assert b"<dc:date>" not in data


def test_labels_can_be_turned_off() -> None:
    graph = annotate(build_network("partners", fixture_source()))
    text = " ".join(etree.fromstring(draw_network(graph, fmt="svg", max_labels=0)).itertext())
    assert "UNDP" not in text


@pytest.mark.slow
def test_the_real_partners_picture() -> None:
    data = draw_network(real_network("partners"), fmt="png", dpi=60)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
