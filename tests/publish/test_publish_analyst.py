"""The question-shaped pages, citations, labels and search index (fixture graph and real graph)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from site_support import RealSite

from ccpj_graph.publish.analyst import Analyst, Report
from ccpj_graph.publish.base import SiteBase, rebase
from ccpj_graph.publish.cite import cite_paragraph, cite_report, undocs_url
from ccpj_graph.publish.entities import SiteGraph
from ccpj_graph.publish.views.activity import highlight
from publish_support import BASE, fixture_triples, ontology_triples


def _analyst() -> Analyst:
    base = SiteBase.parse(BASE)
    return Analyst(SiteGraph(rebase(fixture_triples(), base), base), ontology_triples())


def test_a_state_body_is_labelled_with_its_state_and_a_standard_by_its_short_name():
    analyst = _analyst()
    assert analyst.label(BASE + "id/org/ken-national-police-service") == (
        "National Police Service (Kenya)"
    )
    assert analyst.label(BASE + "id/standard/nelson-mandela-rules") == "Nelson Mandela Rules"


def test_a_report_is_cited_by_its_stated_symbol_with_its_ods_address():
    report = _analyst().reports[BASE + "id/report/001"]
    cite = cite_report(report)
    assert cite.href == "https://undocs.org/E/CN.15/2022/9" == undocs_url("E/CN.15/2022/9")
    assert "E/CN.15/2022/9, 21 March 2022" in cite.text
    pin = cite_paragraph(report, "17")
    assert pin.text == "E/CN.15/2022/9, para. 17 (21 March 2022)"


def test_a_report_without_a_symbol_is_cited_by_title_body_and_date_never_a_made_up_symbol():
    report = Report(
        iri="x",
        key="002",
        title="Implementation of the mandates",
        publisher="General Assembly",
        symbol=None,
        issued="2021-06-30",
        period=("2020", "2021"),
        brochure=False,
    )
    cite = cite_report(report)
    assert cite.href is None and cite.symbol is None
    assert cite.text.startswith("General Assembly. Implementation of the mandates. Report, 30 June")
    assert "/" not in cite.text  # no symbol-like string invented
    assert Analyst.report_label(report) == "General Assembly report, covering 2020–2021"
    pin = cite_paragraph(report, "14")
    assert pin.href is None and pin.text.endswith("para. 14")


def test_evidence_is_highlighted_by_its_words_even_when_spacing_differs():
    text = "In Kenya, UNODC trained 45 prison officers.  Then it  helped the police."
    parts = highlight(text, "Then it helped the police", None)
    assert parts is not None
    assert [p["text"] for p in parts if p["mark"]] == ["Then it  helped the police"]
    assert "".join(p["text"] for p in parts) == text
    assert highlight(text, "words that are not there", None) is None
    by_offsets = highlight(text, "ignored", (0, 8))
    assert by_offsets is not None and by_offsets[0] == {"text": "In Kenya", "mark": True}


def test_fixture_country_page_groups_activities_by_year_with_partners_and_citation(fixture_site):
    out, _ = fixture_site
    page = (out / "id/country/KEN.html").read_text()
    assert '<h3 id="year-2021">2021' in page
    assert "National Police Service (Kenya)" in page
    assert 'href="https://undocs.org/E/CN.15/2022/9"' in page
    assert "E/CN.15/2022/9, para. 17 (21 March 2022)" in page
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S)
    assert nav is not None
    labels = re.findall(r">([^<]+)</a>", nav.group(1))
    assert labels[:7] == [
        "Countries",
        "Organisations",
        "Standards",
        "Mandates",
        "Activities",
        "Reports",
        "Themes",
    ]


def test_fixture_report_page_has_a_cite_this_line(fixture_site):
    out, _ = fixture_site
    page = (out / "id/report/001.html").read_text()
    assert "<strong>Cite this:</strong>" in page
    assert "https://undocs.org/E/CN.15/2022/9" in page


@pytest.fixture(scope="module")
def real_site(real_site_once: RealSite) -> Path:
    """The project's own graph, published once per run (tests/publish/conftest.py)."""
    return real_site_once.out


@pytest.mark.slow
def test_country_index_lists_countries_with_activities_first_with_counts(real_site):
    page = (real_site / "id/country/index.html").read_text()
    counts = [int(n) for n in re.findall(r'<td class="n">(\d+)</td></tr>', page)]
    assert len(counts) > 200
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > 0 and counts[-1] == 0
    assert 'class="index sortable"' in page


@pytest.mark.slow
def test_kenya_page_answers_what_when_and_with_whom(real_site):
    page = (real_site / "id/country/KEN.html").read_text()
    years = re.findall(r'<h3 id="year-(\d{4})">', page)
    assert years == sorted(years, reverse=True) and len(years) >= 2
    assert "Activities per year and theme" in page
    assert "<h2>Partners</h2>" in page and "Eastern Africa" in page
    assert re.search(r'<span class="type">[^<]+</span>', page)


@pytest.mark.slow
def test_no_report_is_cited_with_a_symbol_the_manifest_does_not_state(real_site):
    stated = {"E/CN.15/2022/9"}  # the only symbol data/sources/manifest.ttl states
    cited: set[str] = set()
    for page in (real_site / "id").rglob("*.html"):
        found = re.findall(r'class="cite" href="https://undocs\.org/([^"]+)"', page.read_text())
        cited |= set(found)
    assert cited and cited <= stated


@pytest.mark.slow
def test_search_index_holds_names_acronyms_and_alternative_names(real_site):
    text = (real_site / "assets/search-index.js").read_text()
    index = json.loads(text.removeprefix("window.CCPJ_SEARCH_INDEX=").rstrip(";\n"))
    terms = {term for term, _ in index["index"]}
    assert {"tij", "bangkok", "kenya", "thailand", "mandela"} <= terms
    stored = index["storedFields"].values()
    assert any(s["t"] == "Thailand Institute of Justice" and s["a"] == "TIJ" for s in stored)
    assert len(text.encode()) < 1_000_000


@pytest.mark.slow
def test_a_standard_page_shows_its_uptake_on_a_map_and_in_a_table(real_site):
    page = (real_site / "id/standard/nelson-mandela-rules.html").read_text()
    assert "<h2>Uptake by country and year</h2>" in page
    svg = re.search(r'<svg class="map" role="img".*?</svg>', page, re.S)
    assert svg is not None
    path = re.compile(r'<path fill="(#[0-9a-f]{6})"[^>]*><title>([^<]+): (\d+)</title>')
    shaded = path.findall(svg.group(0))
    assert shaded and all((fill == "#e4e4e4") == (n == "0") for fill, _, n in shaded)
    table = page.split("<h2>Uptake by country and year</h2>", 1)[1].split("</table>", 1)[0]
    for _, name, n in (s for s in shaded if s[2] != "0"):
        row = re.escape(name) + r"</a></td>.*?<td class=\"n\">" + n + "</td></tr>"
        assert re.search(row, table), name


@pytest.mark.slow
def test_a_mandate_page_lists_the_paragraphs_that_cite_it(real_site):
    # GA decision 74/550: cited in 002 para. 8 (the Assembly's request), for no activity
    page = (real_site / "id/mandate/ga-decision-74-550.html").read_text()
    cited = page.split("<h2>Cited in</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<a href="([^"]+)">([^<]+)</a></td>.*?<td class="n">(\d+)</td></tr>', cited)
    assert len(rows) == 1
    href, label, count = rows[0]
    assert href.endswith("/id/paragraph/002-8.html") and label.endswith("para. 8") and count == "0"
    assert "No activity in the reports names it; the paragraphs above cite it." in page
    paragraph = (real_site / "id/paragraph/002-8.html").read_text()
    assert re.search(r"<dt>Mandates cited</dt><dd><a [^>]+>GA decision 74/550</a></dd>", paragraph)
    # a mandate an activity cites: its paragraph counts that activity
    page = (real_site / "id/mandate/ga-76-183.html").read_text()
    cited = page.split("<h2>Cited in</h2>", 1)[1].split("</table>", 1)[0]
    assert re.search(r'paragraph/001-30\.html">[^<]+</a></td>.*?<td class="n">[1-9]</td>', cited)


@pytest.mark.slow
def test_every_activity_page_marks_exactly_its_evidence_in_its_paragraph(real_site):
    import html

    import pyoxigraph as ox

    pages = sorted((real_site / "id/activity").glob("*.html"))
    pages = [p for p in pages if p.name != "index.html"]
    assert len(pages) > 500
    for page in pages:
        text = page.read_text()
        marks = re.findall(r"<mark>(.*?)</mark>", text, re.S)
        quote = re.search(r'<blockquote class="paragraph">', text)
        assert quote and len(marks) == 1, page.name
        triples = ox.parse(path=str(page.with_suffix(".nt")), format=ox.RdfFormat.N_TRIPLES)
        quotes = [t.object.value for t in triples if t.predicate.value.endswith("#quote")]
        assert len(quotes) == 1, page.name
        expected = quotes[0]
        assert html.unescape(marks[0]) == expected, page.name


@pytest.mark.slow
def test_the_same_work_told_by_two_reports_is_linked_both_ways(real_site):
    pattern = re.compile(r"<dt>Also reported in</dt><dd>(.*?)</dd>", re.S)
    linked: dict[str, set[str]] = {}
    for page in (real_site / "id/activity").glob("*-*.html"):
        found = pattern.search(page.read_text())
        if found:
            targets = re.findall(r'href="\.\./\.\./id/activity/([^"]+)\.html"', found.group(1))
            linked[page.stem] = set(targets)
    graph = (real_site / "dump/ccpj.ttl").read_text()
    assert ("sameWorkAs" in graph) == bool(linked)
    for key, others in linked.items():
        for other in others:
            assert key in linked.get(other, set()), (key, other)
