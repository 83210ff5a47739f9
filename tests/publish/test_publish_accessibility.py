"""Basic accessibility of every published HTML page: landmarks, one h1, labelled controls,
pictures with text alternatives, and keyboard-reachable sorting; and the links out."""

from __future__ import annotations

import re

import pytest
from site_support import dump_dom

from ccpj_graph.publish.analyst import Analyst
from ccpj_graph.publish.base import SiteBase, rebase
from ccpj_graph.publish.entities import SiteGraph
from ccpj_graph.publish.views import Views
from publish_support import BASE, fixture_triples, ontology_triples


def test_every_page_has_landmarks_one_h1_and_labelled_controls(fixture_site):
    out, _ = fixture_site
    pages = list(out.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text()
        where = page.relative_to(out)
        assert '<html lang="en">' in text, where
        assert text.count("<h1") == 1, where
        assert '<main id="main">' in text and "<footer>" in text, where
        assert '<nav aria-label="Main">' in text and 'role="search"' in text, where
        assert 'class="skip" href="#main"' in text, where
        labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', text))
        for input_id in re.findall(r'<(?:input|textarea|select)[^>]*id="([^"]+)"', text):
            assert input_id in labelled, (where, input_id)
        for img in re.findall(r"<img[^>]*>", text):
            assert "alt=" in img, (where, img)
        for svg in re.findall(r"<svg[^>]*>\s*<title", text):
            assert 'role="img"' in svg, (where, svg)


@pytest.mark.slow
def test_sortable_headings_are_reachable_by_keyboard(fixture_site, tmp_path):
    out, _ = fixture_site
    dom = dump_dom((out / "id/country/index.html").as_uri(), tmp_path)
    headings = re.findall(r'<th scope="col"[^>]*>', dom)
    assert headings and all('tabindex="0"' in th for th in headings)


def test_links_out_are_shown_from_the_curated_data():
    import pyoxigraph as ox

    base = SiteBase.parse(BASE)
    triples = rebase(fixture_triples(), base)
    kenya = ox.NamedNode(BASE + "id/country/KEN")
    match = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
    triples.append(ox.Triple(kenya, match, ox.NamedNode("http://www.wikidata.org/entity/Q114")))
    triples.append(ox.Triple(kenya, match, ox.NamedNode("http://lexvo.org/id/un_m49/404")))
    analyst = Analyst(SiteGraph(triples, base), ontology_triples())
    views = Views(analyst, lambda iri, root: None)
    assert sorted(views.elsewhere(kenya.value), key=lambda link: link["label"]) == [
        {"label": "UN M49 404", "href": "http://lexvo.org/id/un_m49/404"},
        {"label": "Wikidata Q114", "href": "http://www.wikidata.org/entity/Q114"},
    ]
    assert views.elsewhere(BASE + "id/country/CIV") == []
