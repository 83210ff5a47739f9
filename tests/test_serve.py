"""``ccpj serve``: content negotiation, the SPARQL endpoint, refusals, limits and a browser.

The site is published from the fixture graph with the server's own address as base, so the
IRIs in the documents are the URLs fetched. Servers bind 127.0.0.1 on a free port and stop
after their tests; every request has a timeout.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.parse

import pytest
from rdflib import Graph, URIRef

from browser_support import HEADLESS_FLAGS, chromium
from ccpj_graph.errors import CcpjError
from ccpj_graph.serve import open_site_server
from publish_support import fetch, free_port, publish_fixture

RDF = {
    "text/turtle": ("text/turtle", "turtle", "ttl"),
    "application/ld+json": ("application/ld+json", "json-ld", "jsonld"),
    "application/n-triples": ("application/n-triples", "nt", "nt"),
}
COUNTRIES = """PREFIX ccpj: <https://w3id.org/ccpj/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?country ?label (COUNT(?activity) AS ?activities) WHERE {
  ?activity ccpj:beneficiary ?country . ?country rdfs:label ?label
} GROUP BY ?country ?label ORDER BY ?label"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    port = free_port()
    site = tmp_path_factory.mktemp("serve") / "site"
    publish_fixture(site, base=f"http://127.0.0.1:{port}/")
    srv = open_site_server(site, port=port, quiet=True, limit=3)
    srv.start_in_thread()
    yield srv
    srv.stop()


@pytest.mark.parametrize("accept", list(RDF))
def test_entity_iris_answer_303_then_the_document_in_the_format_asked(server, accept):
    media_type, rdf_format, ext = RDF[accept]
    for path in ("id/activity/001-17-2", "id/country/KEN", "id/paragraph/001-18"):
        iri = server.url + path
        status, headers, _, _ = fetch(iri, accept=accept, follow=False)
        assert status == 303
        assert headers["Location"] == f"/{path}.{ext}"
        assert headers["Vary"] == "Accept"
        status, headers, body, url = fetch(iri, accept=accept)
        assert status == 200 and url == f"{iri}.{ext}"
        assert headers["Content-Type"].split(";")[0] == media_type
        graph = Graph().parse(data=body, format=rdf_format)
        assert set(graph.subjects()) == {URIRef(iri)}
        assert len(graph) > 3


def test_html_is_the_answer_for_browsers_and_for_no_accept(server):
    iri = server.url + "id/country/KEN"
    for accept in (None, "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"):
        status, headers, body, url = fetch(iri, accept=accept)
        assert status == 200 and url == iri + ".html"
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"<title>Kenya" in body


def test_unacceptable_types_get_406_and_unknown_paths_404(server):
    assert fetch(server.url + "id/country/KEN", accept="application/rdf+xml")[0] == 406
    assert fetch(server.url + "id/country/XXX.ttl")[0] == 404
    for sneaky in (
        "/.htaccess",
        "/.ccpj-site.json",
        "/../../../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/id/..%2f..%2f..%2fetc/passwd",
    ):
        assert fetch(server.url.rstrip("/") + sneaky)[0] == 404, sneaky


def test_dataset_ontology_index_and_well_known_void(server):
    for path, ext in (("dataset", "ttl"), ("ontology", "ttl"), (".well-known/void", "ttl")):
        status, headers, _, _ = fetch(server.url + path, accept="text/turtle", follow=False)
        assert status == 303 and headers["Location"].endswith(f".{ext}")
    status, headers, body, _ = fetch(server.url)
    assert status == 200 and b"Downloads" in body
    status, headers, body, url = fetch(server.url + "id/country")
    assert status == 200 and url.endswith("/id/country/") and b"Kenya" in body
    assert fetch(server.url + "id/country/KEN.ttl", method="HEAD")[2] == b""


def sparql_get(server, query: str, accept: str | None = None, **params: str):
    url = server.url + "sparql?" + urllib.parse.urlencode({"query": query, **params})
    return fetch(url, accept=accept)


def test_sparql_wrapper_runs_a_canned_query(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(COUNTRIES)
    client.setReturnFormat(JSON)
    client.setTimeout(30)
    rows = client.query().convert()["results"]["bindings"]
    got = [(r["label"]["value"], int(r["activities"]["value"])) for r in rows]
    assert got == [("Côte d'Ivoire", 1), ("Kenya", 2)]
    client.setMethod("POST")
    assert client.query().convert()["results"]["bindings"] == rows


@pytest.mark.parametrize(
    ("accept", "media_type", "check"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", b'"vars"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
        ("text/csv", "text/csv", b"country,label,activities\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?country\t?label"),
    ],
)
def test_select_results_in_each_format(server, accept, media_type, check):
    status, headers, body, _ = sparql_get(server, COUNTRIES, accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media_type
    assert check in body
    assert "Kenya" in body.decode("utf-8")


def test_csv_answers_neutralise_formula_cells_like_the_cli(server):
    """OWASP CSV injection: a cell a spreadsheet would run as a formula gets a leading quote
    on /sparql exactly as in `ccpj sparql --format csv` (one writer, spreadsheet.csv_text)."""
    query = 'SELECT ?x ?n WHERE { VALUES (?x ?n) { ("=HYPERLINK(1)" -2) ("@cmd" 3) } }'
    status, _, body, _ = sparql_get(server, query, "text/csv")
    assert status == 200
    assert body.decode("utf-8").split("\r\n") == ["x,n", "'=HYPERLINK(1),-2", "'@cmd,3", ""]


def test_select_results_are_standard_sparql_json_and_xml(server):
    import pyoxigraph as ox

    for accept, fmt in (
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ):
        body = sparql_get(server, COUNTRIES, accept)[2]
        rows = list(ox.parse_query_results(body, format=fmt))
        assert [r["label"].value for r in rows] == ["Côte d'Ivoire", "Kenya"]
        assert rows[1]["activities"].datatype.value.endswith("#integer")


def test_ask_construct_and_post_forms(server):
    body = sparql_get(server, "ASK { ?s ?p ?o }", "application/sparql-results+json")[2]
    assert json.loads(body) == {"head": {}, "boolean": True}
    construct = (
        "CONSTRUCT { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE "
        "{ ?c a <https://w3id.org/ccpj/ontology#Country> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
    status, headers, body, _ = sparql_get(server, construct, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == 2
    status, _, body, _ = fetch(
        server.url + "sparql",
        data=COUNTRIES.encode(),
        headers={"Content-Type": "application/sparql-query"},
        accept="text/csv",
    )
    assert status == 200 and body.count(b"\r\n") == 3
    status, _, body, _ = fetch(
        server.url + "sparql",
        data=urllib.parse.urlencode({"query": COUNTRIES, "format": "tsv"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200 and body.startswith(b"?country\t")


def test_the_result_limit_cuts_answers_short_and_says_so(server):
    status, headers, body, _ = sparql_get(
        server, "SELECT ?s WHERE { ?s ?p ?o }", "application/sparql-results+json"
    )
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 3
    assert headers["X-CCPJ-Truncated"] == "limit 3"
    headers = sparql_get(server, "SELECT ?s WHERE { ?s a ?c } LIMIT 2")[1]
    assert "X-CCPJ-Truncated" not in headers


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403, b"SERVICE"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 403, b"FROM"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }", 403, b"FROM"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", 403, b"read-only"),
        ("DROP ALL", 403, b"read-only"),
        ("SELEKT nothing", 400, b"SPARQL syntax error at line 1"),
    ],
)
def test_refusals(server, query, status, message):
    got, _, body, _ = sparql_get(server, query)
    assert got == status
    assert message in body
    assert b"Traceback" not in body
    assert b"--allow-network" not in body  # a command-line option the endpoint's user lacks


def test_protocol_refusals(server):
    assert fetch(server.url + "sparql?update=DROP%20ALL")[0] == 403
    status, _, body, _ = sparql_get(
        server, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": "file:///etc/passwd"}
    )
    assert status == 403 and b"default-graph-uri" in body
    assert (
        fetch(
            server.url + "sparql",
            data=b"DROP ALL",
            headers={"Content-Type": "application/sparql-update"},
        )[0]
        == 403
    )
    assert fetch(server.url + "sparql", accept="application/sparql-results+json")[0] == 400
    assert b"<form" in fetch(server.url + "sparql", accept="text/html")[2]
    assert fetch(server.url + "id/country/KEN", data=b"x")[0] == 405
    assert sparql_get(server, "ASK {}", "image/png")[0] == 406


def test_a_slow_query_stops_at_the_time_limit_and_the_endpoint_recovers(tmp_path):
    site = tmp_path / "site"
    publish_fixture(site)
    srv = open_site_server(site, port=0, quiet=True, timeout=1.0)
    srv.start_in_thread()
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        status, _, body, _ = sparql_get(srv, slow)
        assert status == 503 and b"ran longer than 1 s" in body
        status, _, body, _ = sparql_get(srv, "ASK { ?s ?p ?o }", "application/sparql-results+json")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        srv.stop()


def test_bad_input_is_a_clear_error(tmp_path):
    with pytest.raises(CcpjError, match="no such directory"):
        open_site_server(tmp_path / "missing", port=0)
    (tmp_path / "plain").mkdir()
    with pytest.raises(CcpjError, match="not a site written by ccpj publish"):
        open_site_server(tmp_path / "plain", port=0)
    site = tmp_path / "site"
    publish_fixture(site)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(CcpjError, match=rf"--port {port}: 127.0.0.1:{port} is already in use"):
            open_site_server(site, port=port, sparql=False)


def test_the_cli_serves_on_127_0_0_1_and_stops(tmp_path):
    site = tmp_path / "site"
    publish_fixture(site)
    port = free_port()
    script = (
        "from ccpj_graph.cli.common import CcpjGroup\n"
        "import click\n"
        "cli = CcpjGroup(lazy_commands={'serve': 'ccpj_graph.cli.publish:serve'})\n"
        "if __name__ == '__main__':\n    cli()\n"
    )
    runner = tmp_path / "run_cli.py"
    runner.write_text(script)
    process = subprocess.Popen(
        [sys.executable, str(runner), "serve", "--site", str(site), "--port", str(port), "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()
        assert line.startswith(f"serving {site} at http://127.0.0.1:{port}/")
        status, _, _, _ = fetch(
            f"http://127.0.0.1:{port}/id/country/KEN", accept="text/turtle", follow=False
        )
        assert status == 303
        busy = subprocess.run(
            [sys.executable, str(runner), "serve", "--site", str(site), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert busy.returncode == 1
        assert busy.stderr.strip() == f"error: --port {port}: 127.0.0.1:{port} is already in use"
    finally:
        process.terminate()
        process.wait(10)


def test_chromium_loads_an_entity_page(server, tmp_path):
    browser = chromium()
    flags = list(HEADLESS_FLAGS)
    iri = server.url + "id/country/KEN"
    dom = subprocess.run(
        [browser, *flags, f"--user-data-dir={tmp_path / 'profile-dom'}", "--dump-dom", iri],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "<title>Kenya · ccpj-graph" in dom.stdout, dom.stderr[-2000:]
    assert '<a href="../../id/region/eastern-africa.html"' in dom.stdout
    shot = tmp_path / "entity-page.png"
    subprocess.run(
        [
            browser,
            *flags,
            f"--user-data-dir={tmp_path / 'profile-shot'}",
            "--window-size=1200,1400",
            "--virtual-time-budget=5000",
            f"--screenshot={shot}",
            iri,
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
