"""``ccpj push`` against a real Oxigraph server (the ``oxigraph`` test extra), over HTTP.

The server runs in memory on 127.0.0.1 on a free port, started here and stopped after. After a
push, a SPARQL client (SPARQLWrapper) checks over HTTP that the store holds as many triples as
were sent and answers a canned query exactly as a local store of the same triples does.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccpj_graph.cli.common import CcpjGroup
from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.publish.base import SiteBase, rebase
from ccpj_graph.push import push_graph
from publish_support import FIXTURE, fetch, fixture_triples, free_port, ontology_triples

GRAPH = "https://example.org/lod/graph"
CANNED = """PREFIX ccpj: <https://w3id.org/ccpj/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?activity ?type ?country ?quote WHERE {
  GRAPH ?g { ?activity ccpj:beneficiary ?country ; a ?type ; ccpj:quote ?quote }
} ORDER BY ?activity ?type ?country"""


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    assert Path(found).exists(), "the oxigraph server is missing: pip install -e '.[test]'"
    return found


@pytest.fixture()
def store():
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                fetch(url + "/query?query=ASK%7B%7D")
                break
            except OSError:
                assert time.monotonic() < deadline, "oxigraph did not start"
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def sparql(store: str, query: str) -> list[dict]:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(store + "/query")
    client.setQuery(query)
    client.setReturnFormat(JSON)
    client.setTimeout(30)
    return client.query().convert()["results"]["bindings"]


def local_answer(triples: list[ox.Triple], graph: str) -> list[dict]:
    local = ox.Store()
    local.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples)
    rows = []
    for solution in local.query(CANNED):
        rows.append(
            {name: solution[name].value for name in ("activity", "type", "country", "quote")}
        )
    return rows


def test_push_loads_the_graph_and_the_store_answers_like_a_local_copy(store):
    triples = rebase(
        fixture_triples() + ontology_triples(), SiteBase.parse("https://example.org/lod")
    )
    result = push_graph(triples, endpoint=store + "/store", graph=GRAPH, timeout=30)
    distinct = len(set(triples))
    assert result.sent == distinct and result.stored == distinct
    assert result.status in (200, 201, 204)
    count = sparql(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert int(count[0]["n"]["value"]) == distinct
    remote = [
        {name: row[name]["value"] for name in ("activity", "type", "country", "quote")}
        for row in sparql(store, CANNED)
    ]
    assert remote == local_answer(triples, GRAPH)
    assert len(remote) == 3
    # a second push replaces the graph: nothing doubles, nothing stale stays
    fewer = [t for t in triples if "activity/001-18-1" not in t.subject.value]
    assert push_graph(fewer, endpoint=store + "/store", graph=GRAPH).stored == len(set(fewer))
    assert len(sparql(store, CANNED)) == 2


def test_push_to_the_default_graph(store):
    triples = fixture_triples()
    result = push_graph(triples, endpoint=store + "/store")
    assert result.url.endswith("/store?default") and result.stored == len(set(triples))
    count = sparql(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(count[0]["n"]["value"]) == len(set(triples))


def test_the_cli_pushes_and_reports(store):
    cli = CcpjGroup(lazy_commands={"push": "ccpj_graph.cli.publish:push"})
    result = CliRunner().invoke(
        cli, ["push", "--endpoint", store + "/store", "--graph", GRAPH, "--input", str(FIXTURE)]
    )
    assert result.exit_code == 0, result.output
    sent = len(set(fixture_triples() + ontology_triples()))
    assert f"pushed {sent} triples" in result.output and f"the store holds {sent}" in result.output
    count = sparql(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert int(count[0]["n"]["value"]) == sent


def test_an_endpoint_that_refuses_is_one_clear_line():
    port = free_port()  # nothing listens there
    with pytest.raises(
        CcpjError, match=rf"^--endpoint http://127.0.0.1:{port}/store: connection refused$"
    ):
        push_graph(fixture_triples(), endpoint=f"http://127.0.0.1:{port}/store", timeout=5)


def test_an_endpoint_that_never_answers_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        accepted: list[socket.socket] = []
        thread = threading.Thread(target=lambda: accepted.append(silent.accept()[0]), daemon=True)
        thread.start()
        started = time.monotonic()
        with pytest.raises(CcpjError, match=r"no answer within 1 s"):
            push_graph(fixture_triples(), endpoint=f"http://127.0.0.1:{port}/store", timeout=1)
        assert time.monotonic() - started < 10
        for conn in accepted:
            conn.close()


def test_the_store_s_refusal_is_reported_with_its_status(store):
    with pytest.raises(CcpjError, match=r"PUT answered 4\d\d"):
        push_graph(fixture_triples(), endpoint=store + "/nothing-here", timeout=5)


@pytest.mark.parametrize(
    ("endpoint", "graph", "message"),
    [
        ("ftp://127.0.0.1/store", None, "--endpoint"),
        ("/store", None, "--endpoint"),
        ("http://127.0.0.1:1/store", "not an iri", "--graph"),
        # these four raised ValueError / http.client.InvalidURL with a traceback, or tried
        # to connect to a port that does not exist
        ("http://[::1", None, r"--endpoint 'http://\[::1': not a URL \(Invalid IPv6 URL\)$"),
        ("http://127.0.0.1:1/store", "http://[::1", r"--graph 'http://\[::1': not an absolute"),
        ("http://x:abc/store", None, "--endpoint .*: the port must be a number from 1 to 65535$"),
        ("http://127.0.0.1:99999/", None, "--endpoint .*: the port must be a number from 1 to"),
        ("http://127.0.0.1:0/", None, "--endpoint .*: the port must be a number from 1 to"),
        ("http://127.0.0.1:1/é", None, "--endpoint .*: must be ASCII"),
        ("http://127.0.0.1:1/s#f", None, "--endpoint .*: must not have a fragment"),
        ("http://127.0.0.1:1/s\x1b[2J", None, "--endpoint .*: contains characters not allowed"),
    ],
)
def test_bad_options_are_refused_before_any_request(endpoint, graph, message):
    with pytest.raises(InputError, match=f"^{message}"):
        push_graph(fixture_triples(), endpoint=endpoint, graph=graph)


@pytest.mark.parametrize(
    "endpoint",
    ["http://user:s3cret@127.0.0.1:1/", "http://user:s3cret@[::1", "https://:s3cret@x:abc/"],
)
def test_credentials_in_the_endpoint_are_refused_and_never_echoed(endpoint):
    """``http://user:pass@host/`` was reported as an unknown host, with the password."""
    with pytest.raises(InputError, match=r"^--endpoint 'https?://\*\*\*@") as caught:
        push_graph(fixture_triples(), endpoint=endpoint)
    assert "s3cret" not in str(caught.value) and "user:" not in str(caught.value)


def _offline_getaddrinfo(real):
    """``socket.getaddrinfo`` that resolves IP literals only (no DNS query leaves the test),
    after the same checks of the host name (IDNA encoding) the real one makes."""

    def resolve(host, port, family=0, type=0, proto=0, flags=0):
        return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)

    return resolve


_SECRET = "s3cret"
_PORT = free_port()  # nothing listens there
_URLISH = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "", "http:/"]),
        st.sampled_from(["", f"user:{_SECRET}@", "user@", f":{_SECRET}@", f"u:{_SECRET}@@"]),
        st.sampled_from(["127.0.0.1", "[::1]", "[::1", "localhost", "a" * 70, "", "ü", "x..y"])
        | st.text(max_size=8),
        st.sampled_from(["", ":", ":0", f":{_PORT}", ":99999", ":abc", ":+1", ":\u0661"])
        | st.text(max_size=5).map(":".__add__),
        st.sampled_from(["", "/store", "/s?x=1", "/s#f", "/é", "/%zz"]) | st.text(max_size=8),
    ),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    endpoint=st.one_of(st.text(max_size=40), _URLISH),
    graph=st.none() | st.text(max_size=20) | st.sampled_from(["urn:g", "http://[::1", "a b:"]),
)
def test_any_endpoint_text_ends_in_one_line_never_a_traceback(
    endpoint: str, graph: str | None, tmp_path, monkeypatch
):
    """Whatever --endpoint and --graph hold, push exits 2 (a usage error naming the option)
    or 1 (the store could not be reached) with one ``error:`` line, never a traceback, and
    never shows a password written into the URL."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(socket, "getaddrinfo", _offline_getaddrinfo(socket.getaddrinfo))
    cli = CcpjGroup(lazy_commands={"push": "ccpj_graph.cli.publish:push"})
    args = ["push", "--endpoint", endpoint, "--input", str(FIXTURE), "--no-ontology"]
    args += ["--timeout", "2"] + ([] if graph is None else ["--graph", graph])
    result = CliRunner().invoke(cli, args)
    assert isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (1, 2), result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    if result.exit_code == 2:
        assert lines[0].startswith(("error: --endpoint ", "error: --graph ")), lines[0]
    if _SECRET in _userinfo(endpoint):
        assert _SECRET not in result.output


def _userinfo(text: str) -> str:
    """What stands before the last ``@`` of the authority: after ``scheme://`` (or from the
    start), up to the first ``/``, ``?`` or ``#``."""
    _, sep, rest = text.partition("://")
    authority = re.split(r"[/?#]", rest if sep else text, maxsplit=1)[0]
    return authority.rpartition("@")[0]


def test_cli_errors_have_no_traceback():
    cli = CcpjGroup(lazy_commands={"push": "ccpj_graph.cli.publish:push"})
    port = free_port()
    result = CliRunner().invoke(
        cli,
        ["push", "--endpoint", f"http://127.0.0.1:{port}/store", "--input", str(FIXTURE)],
    )
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"error: --endpoint http://127.0.0.1:{port}/store: connection refused"
    )
