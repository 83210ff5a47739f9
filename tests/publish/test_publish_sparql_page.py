"""The SPARQL editor page: from ``ccpj serve`` it runs a canned query and shows refusals inline;
opened from disk it says an endpoint is needed."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from site_support import dump_dom

from ccpj_graph.serve import open_site_server
from publish_support import free_port, publish_fixture

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    port = free_port()
    site = tmp_path_factory.mktemp("sparql-page") / "site"
    publish_fixture(site, base=f"http://127.0.0.1:{port}/")
    server = open_site_server(site, port=port, quiet=True)
    server.start_in_thread()
    yield server, site
    server.stop()


def test_the_editor_runs_a_canned_query_and_shows_a_table(served, tmp_path):
    server, _ = served
    dom = dump_dom(server.url + "sparql/index.html?example=countries&run", tmp_path)
    assert 'class="CodeMirror' in dom  # the editor, with SPARQL highlighting
    assert re.search(r'<span class="cm-keyword">SELECT</span>', dom, re.I)
    table = re.search(r'<table id="sparql-results"[^>]*>(.*?)</table>', dom, re.S)
    assert table is not None
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table.group(1))
    assert "country" in headers
    assert "Kenya" in table.group(1)
    assert re.search(r'id="sparql-status"[^>]*>\d+ rows?<', dom)


def test_a_refused_query_shows_the_error_inline(served, tmp_path):
    server, _ = served
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    url = server.url + "sparql/index.html?run&query=" + urllib.parse.quote(query)
    dom = dump_dom(url, tmp_path)
    error = re.search(r'<div id="sparql-error" class="error" role="alert">([^<]+)</div>', dom)
    assert error is not None and "SERVICE" in error.group(1)


def test_from_disk_the_page_says_an_endpoint_is_needed(served, tmp_path):
    _, site = served
    dom = dump_dom((site / "sparql/index.html").as_uri() + "?run", tmp_path)
    assert '<p id="sparql-offline" class="notice">' in dom  # shown, not hidden
    assert "ccpj serve" in dom


def test_served_at_sparql_itself_the_page_finds_its_styles_scripts_and_endpoint(served, tmp_path):
    server, _ = served
    dom = dump_dom(server.url + "sparql?example=countries&run", tmp_path)
    assert 'class="CodeMirror' in dom  # the scripts loaded from ../assets/
    assert re.search(r'id="sparql-status"[^>]*>\d+ rows?<', dom)
