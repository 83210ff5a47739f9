"""The standalone page: loads nothing, carries the network as safe JSON, and runs in headless
Chromium without a console error."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from browser_support import HEADLESS_FLAGS, chromium
from ccpj_graph.export.html import network_data, write_html
from ccpj_graph.network import annotate, build_network
from network_support import fixture_source, real_network

DATA = re.compile(r'<script type="application/json" id="network-data">(.*?)</script>', re.S)


def _page(name: str = "partners") -> tuple[str, object]:
    graph = annotate(build_network(name, fixture_source()))
    return write_html(graph), graph


def test_the_page_loads_nothing_from_outside() -> None:
    page, _ = _page("full")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_the_embedded_data_is_the_network_and_cannot_close_the_script() -> None:
    page, graph = _page("partners")
    assert page.count("</script>") == 2  # the data block and the code block, nothing else
    embedded = json.loads(DATA.search(page).group(1))
    assert embedded == json.loads(json.dumps(network_data(graph)))
    labels = {n["label"] for n in embedded["nodes"]}
    assert (
        'Fondation "</script><b>Justice & Paix</b>"'
        in {n["attrs"]["name"] for n in embedded["nodes"]}
        or labels
    )
    assert len(embedded["nodes"]) == graph.number_of_nodes()
    assert len(embedded["edges"]) == graph.number_of_edges()


def test_the_page_is_deterministic() -> None:
    assert _page("full")[0] == _page("full")[0]


def _render(page: Path, profile: Path) -> tuple[str, str]:
    """The page's DOM after its scripts ran, and Chromium's log (console messages included)."""
    result = subprocess.run(
        [
            chromium(),
            *HEADLESS_FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


def _console(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["partners", "full"])
def test_the_page_runs_in_headless_chromium(name: str, tmp_path: Path) -> None:
    page, graph = _page(name)
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    dom, log = _render(path, tmp_path / "profile")
    assert _console(log) == []
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert 'data-ready="true"' in body
    assert f'data-nodes="{graph.number_of_nodes()}"' in body
    assert f'data-edges="{graph.number_of_edges()}"' in body


@pytest.mark.slow
def test_a_script_error_would_be_caught(tmp_path: Path) -> None:
    page, _ = _page("partners")
    broken = page.replace('document.body.dataset.ready = "true";', "notAFunction();")
    path = tmp_path / "broken.html"
    path.write_text(broken, encoding="utf-8")
    dom, log = _render(path, tmp_path / "profile")
    assert any("notAFunction" in line for line in _console(log))
    assert 'data-ready="true"' not in dom


@pytest.mark.slow
def test_the_real_partners_page_runs(tmp_path: Path) -> None:
    path = tmp_path / "partners.html"
    path.write_text(write_html(real_network("partners")), encoding="utf-8")
    dom, log = _render(path, tmp_path / "profile")
    assert _console(log) == [] and 'data-ready="true"' in dom


def _render_at(page: str, tmp_path: Path, fragment: str) -> str:
    """The DOM of ``page`` opened at ``#fragment``, after its scripts ran."""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = subprocess.run(
        [
            chromium(),
            *HEADLESS_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            path.as_uri() + "#" + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.slow
def test_search_finds_a_node_by_its_name_as_well_as_its_acronym(tmp_path: Path) -> None:
    from urllib.parse import quote

    graph = real_network("partners")
    page = write_html(graph)
    node, data = next((n, d) for n, d in sorted(graph.nodes(data=True)) if d["name"] != d["label"])
    for query in (data["name"], data["label"].lower(), data["name"].upper()):
        dom = _render_at(page, tmp_path, "find=" + quote(query))
        body = re.search(r"<body[^>]*>", dom).group(0)
        assert f'data-selected="{node}"' in body, query
        assert f'<option value="{data["name"]}">' in dom.replace("&amp;", "&")


def test_organisations_are_coloured_by_kind_and_state_bodies_name_their_state() -> None:
    """As in the pictures: the legend counts organisation kinds, and a state's body is
    labelled with its state."""
    from ccpj_graph.network.style import load_style

    graph = real_network("partners")
    data = network_data(graph)
    style = load_style()
    by_id = {n["id"]: n for n in data["nodes"]}
    for node, attrs in graph.nodes(data=True):
        drawn = style.node(str(attrs.get("type", "")), str(attrs.get("kind", "")))
        assert by_id[node]["color"] == drawn.color
    groups = {t["type"] for t in data["types"]}
    assert {"un-entity", "government-body"} <= groups
    assert sum(t["count"] for t in data["types"]) == graph.number_of_nodes()
    from ccpj_graph.export.picture import state_names

    states = state_names()
    bodies = [n for n in data["nodes"] if n["group"] == "government-body"]
    assert any(graph.nodes[b["id"]].get("iso3") for b in bodies)
    for body in bodies:
        iso3 = str(graph.nodes[body["id"]].get("iso3") or "")
        if iso3:
            assert states.get(iso3, iso3).casefold() in body["label"].casefold(), body["label"]
