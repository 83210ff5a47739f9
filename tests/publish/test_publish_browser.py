"""The published site driven in headless Chromium from ``file://``, on the project's own graph.

A reader searches from the home page, opens Kenya and sees the 2020 activities with their
partners; the activity browser agrees with ``ccpj query partners``; a bad facet value in the
address shows an empty state. Every page is read from disk with the network off.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from site_support import RealSite, dump_dom

from ccpj_graph.build.merged import graph_files
from ccpj_graph.publish.site import PublishResult
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.run import run_canned
from ccpj_graph.query.store import build_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_site(real_site_once: RealSite) -> tuple[Path, PublishResult]:
    """The project's own graph, published once per run (tests/publish/conftest.py)."""
    return real_site_once.out, real_site_once.result


def _hits(dom: str) -> list[tuple[str, str]]:
    """(href, text) of the search results on search.html."""
    found = re.search(r'<ol id="search-hits"[^>]*>(.*?)</ol>', dom, re.S)
    assert found, "no result list on the search page"
    return [
        (href, html.unescape(re.sub(r"<[^>]+>", " ", text)).strip())
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', found.group(1), re.S)
    ]


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("Kenya", "id/country/KEN.html"),
        ("Thailand Institute of Justice", "id/org/tij.html"),
        ("TIJ", "id/org/tij.html"),
        ("Bangkok Rules", "id/standard/bangkok-rules.html"),
        ("Bangkok Ruels", "id/standard/bangkok-rules.html"),  # a typo still finds it
        ("Nelson Mandela Rules", "id/standard/nelson-mandela-rules.html"),
    ],
)
def test_search_finds_the_page(real_site, tmp_path, query, page):
    out, _ = real_site
    dom = dump_dom(f"{(out / 'search.html').as_uri()}?q={query.replace(' ', '+')}", tmp_path)
    hits = _hits(dom)
    assert hits, f"nothing found for {query!r}"
    assert hits[0][0] == page, (query, hits[:3])


def test_from_the_home_page_search_kenya_and_see_2020_activities_with_partners(real_site, tmp_path):
    out, _ = real_site
    home = (out / "index.html").read_text()
    assert 'action="search.html"' in home and 'name="q"' in home  # the box on the home page
    dom = dump_dom(f"{(out / 'search.html').as_uri()}?q=Kenya", tmp_path)
    href, text = _hits(dom)[0]
    assert text.startswith("Kenya")
    page = dump_dom((out / href).as_uri(), tmp_path)
    assert "<h1>Kenya</h1>" in page
    section = page.split('id="year-2020"', 1)[1].split('<section class="year">', 1)[0]
    assert section.count('<li class="activity">') >= 5
    assert "National Police Service (Kenya)" in section
    assert re.search(r'<span class="role">\([a-z -]+\)</span>', section)  # with its role
    assert "E/CN.15/2022/9" in page  # citations carry the symbol where the report states it


def _facet_counts(dom: str, facet: str) -> dict[str, int]:
    box = re.search(rf'<fieldset data-facet="{facet}">(.*?)</fieldset>', dom, re.S)
    assert box, facet
    return {
        key: int(n)
        for key, n in re.findall(
            r'<label[^>]*data-key="([^"]+)"[^>]*>.*?<span class="n">\((\d+)\)</span>',
            box.group(1),
            re.S,
        )
    }


def test_facets_prison_2020_co_deliverer_list_the_partners_query_answer(real_site, tmp_path):
    out, _ = real_site
    store = tmp_path / "store"
    build_store(graph_files(), None, store)
    partners = load_queries()["partners"]
    answers = {}
    for count in ("work", "statements"):  # the CLI's default and the browser count work
        values = {"theme": "prison", "year": "2020", "count": count}
        _, answer = run_canned(partners, values, store=store)
        assert answer is not None
        answers[count] = {row[4].value.rsplit("/", 1)[-1]: int(row[3].value) for row in answer.rows}
    assert answers["work"], "the flagship question has an answer"
    url = (out / "browse/index.html").as_uri() + "?theme=prison&year=2020&role=co-deliverer"
    dom = dump_dom(url, tmp_path / "profile")
    shown = _facet_counts(dom, "org")
    assert set(shown) == set(answers["work"])  # the same organisations as the CLI lists
    assert shown == answers["work"]  # each with its number of distinct activities (work)
    assert sum(answers["statements"].values()) >= sum(shown.values())
    status = re.search(r'id="browse-status"[^>]*>([^<]*)<', dom)
    assert status and status.group(1).endswith(" activities")
    assert 'id="browse-problem" class="notice" hidden' in dom


def test_a_bad_facet_value_in_the_address_shows_an_empty_state(real_site, tmp_path):
    out, _ = real_site
    url = (out / "browse/index.html").as_uri() + "?theme=no-such-theme&year=2020"
    dom = dump_dom(url, tmp_path)
    assert re.search(r'id="browse-status"[^>]*>0 of \d+ activities<', dom)
    problem = re.search(r'<p id="browse-problem" class="notice">([^<]*)</p>', dom)
    assert problem and "no-such-theme" in problem.group(1)
    assert "<tbody></tbody>" in dom


def test_search_index_is_small_and_the_site_fetches_nothing(real_site):
    out, _ = real_site
    assert (out / "assets/search-index.js").stat().st_size < 1_000_000
    for page in out.rglob("*.html"):
        text = page.read_text()
        for src in re.findall(r'<script[^>]+src="([^"]+)"', text):
            assert not src.startswith(("http:", "https:", "//")), (page, src)
        for href in re.findall(r'<link[^>]+href="([^"]+)"[^>]*rel="stylesheet"', text):
            assert not href.startswith(("http:", "https:", "//")), (page, href)


def _map_counts(dom: str) -> dict[str, int]:
    table = re.search(r'<table id="map-table"[^>]*>(.*?)</table>', dom, re.S)
    assert table, "no map table"
    return {
        html.unescape(name): int(n)
        for name, n in re.findall(
            r'<a href="[^"]*">([^<]+)</a></td><td class="n">(\d+)</td>', table.group(1)
        )
    }


def test_the_map_colours_beneficiaries_and_filters_by_theme(real_site, tmp_path):
    out, _ = real_site
    page = (out / "charts/index.html").as_uri()
    dom = dump_dom(page, tmp_path / "all")
    counts = _map_counts(dom)
    kenya = (out / "id/country/KEN.html").read_text()
    stated = re.search(r"Activities by year <span class=\"count\">\((\d+)\)</span>", kenya)
    assert stated and counts["Kenya"] == int(stated.group(1))
    coloured = re.findall(r'<path data-code="(\d{3})" fill="(#[0-9a-f]{6})"', dom)
    assert coloured and sum(1 for _, fill in coloured if fill != "#e4e4e4") > 50
    missing = re.search(r'<p id="map-missing" class="meta">([^<]*)</p>', dom)
    assert missing and "Maldives" in missing.group(1)  # no outline at 1:110m, so listed
    prison = _map_counts(dump_dom(page + "?theme=prison", tmp_path / "prison"))
    assert prison and set(prison) < set(counts)
    assert all(prison[c] <= counts[c] for c in prison)
    assert "Activities per theme, one bar per year" in dom  # the bar charts are there too
