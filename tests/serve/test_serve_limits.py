"""``/sparql`` under hostile and concurrent use (issue 12): the gate holds, every request gets an
answer, budgets stop a query (parsing included) and the server stays healthy afterwards.

Servers bind 127.0.0.1 on a free port; a listening socket stands for "another server" and
must receive no connection. Each test here failed on the code before the worker pool.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from ccpj_graph.publish.load import ontology_files
from ccpj_graph.query.canned import load_prefixes
from ccpj_graph.query.reference import load_graph
from ccpj_graph.query.run import run_sparql
from ccpj_graph.query.store import build_store
from ccpj_graph.reason import reason
from ccpj_graph.serve import open_site_server
from listener_support import Listener
from publish_support import FIXTURE, fetch, free_port

BYPASS = (  # issue 12 item 1: rdflib read a comment or a string where Oxigraph ran SERVICE
    'SELECT * WHERE {{ ?s ?p ?o . # \\\\u000A FILTER(?o != """\n'
    'SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} # """)\n'
    "}} LIMIT 1"
)
CR_BYPASS = (  # a bare carriage return ends a comment for Oxigraph, not for rdflib
    "SELECT * WHERE {{ ?s ?p ?o . # x\rSERVICE <http://127.0.0.1:{port}/s> {{ ?a ?b ?c }}\n}}"
)
ACTIVITIES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ccpj:Activity }"


@pytest.fixture
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.close()


def _start(site: Path, port: int, **options: object):
    srv = open_site_server(site, port=port, quiet=True, **options)  # type: ignore[arg-type]
    srv.start_in_thread()
    return srv


@pytest.fixture(scope="module")
def server(site: tuple[Path, int]):
    srv = _start(site[0], site[1], timeout=5, workers=2, queue_size=4, memory_mb=256)
    yield srv
    srv.stop()


def _query(srv, text: str, *, accept: str = "application/sparql-results+json", **params: str):
    query = urllib.parse.urlencode({"query": text, **params})
    return fetch(f"{srv.url}sparql?{query}", accept=accept)


def _post(srv, text: str):
    return fetch(
        f"{srv.url}sparql",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-query"},
        accept="application/sparql-results+json",
    )


def _count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def _health(srv) -> dict:
    status, _, body, _ = fetch(srv.url + "health")
    assert status == 200
    return json.loads(body)


# --- the gate ------------------------------------------------------------------------------


@pytest.mark.parametrize("template", [BYPASS, CR_BYPASS], ids=["u-escape", "carriage-return"])
def test_service_hidden_from_the_gate_is_refused_and_never_connects(server, listener, template):
    status, _, body, _ = _query(server, template.format(port=listener.port))
    assert status == 403, body
    assert b"refused" in body
    assert listener.connections == 0


@pytest.mark.parametrize("template", [BYPASS, CR_BYPASS], ids=["u-escape", "carriage-return"])
def test_the_cli_refuses_the_same_texts(tmp_path: Path, listener, template):
    from ccpj_graph.query.safety import QueryRefused

    store = tmp_path / "store"
    build_store([FIXTURE], None, store)
    with pytest.raises(QueryRefused):
        run_sparql(template.format(port=listener.port), store=store, timeout=5)
    assert listener.connections == 0


# --- concurrency and back-pressure ---------------------------------------------------------


def test_concurrent_first_queries_all_answer_correctly(site: tuple[Path, int]):
    # issue 12 item 3: rdflib's parser, shared by threads, broke on the first concurrent parses
    srv = _start(site[0], free_port(), timeout=10, workers=2, queue_size=64)
    try:
        text = "PREFIX ccpj: <https://w3id.org/ccpj/ontology#>\n" + (
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a ccpj:Country ; ?p ?o . ?s ?q ?r }"
        )
        expected = _count(_query(srv, text)[2])
        answers: list[tuple[int, int | None]] = []

        def client() -> None:
            for _ in range(6):
                status, _, body, _ = _query(srv, text)
                answers.append((status, _count(body) if status == 200 else None))

        threads = [threading.Thread(target=client) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [(200, expected)] * 48
        assert _health(srv)["replaced"] == 0
    finally:
        srv.stop()


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_saturated_endpoint_answers_503_with_retry_after(site: tuple[Path, int]):
    srv = _start(site[0], free_port(), timeout=3, workers=1, queue_size=0)
    try:
        slow = threading.Thread(target=_query, args=(srv, SLOW))
        slow.start()
        deadline = time.monotonic() + 20
        while _health(srv)["busy"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        status, headers, body, _ = _query(srv, "ASK { ?s ?p ?o }")
        slow.join()
        assert status == 503, body
        assert int(headers["Retry-After"]) >= 1
        assert _health(srv)["refused_busy"] == 1
        status, _, body, _ = _query(srv, "ASK { ?s ?p ?o }")  # and it recovers
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        srv.stop()


# --- budgets -------------------------------------------------------------------------------


def _many_ors(n: int) -> str:
    tests = " || ".join(f"?o = {i}" for i in range(n))
    return f"SELECT * WHERE {{ ?s ?p ?o FILTER({tests}) }}"


def test_the_time_limit_covers_parsing_and_the_worker_is_replaced(server):
    # issue 12 item 5: a 40,000-OR query parsed for 80-100 s outside any limit
    before = _health(server)["replaced"]
    status, _, body, _ = _post(server, _many_ors(40_000))
    assert status == 503, body[:200]
    assert b"stopped" in body
    health = _health(server)
    assert health["replaced"] == before + 1 and health["alive"] == health["workers"]
    status, _, body, _ = _query(server, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_the_memory_budget_stops_a_query_and_the_server_stays_healthy(server):
    # issue 12 item 5: chained CONCAT doublings reached 2.1 GB in 3 s
    binds = ['BIND("0123456789abcdef" AS ?v0)']
    binds += [f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(32)]
    text = f"SELECT (STRLEN(?v32) AS ?n) WHERE {{ {' '.join(binds)} }}"
    status, _, body, _ = _query(server, text)
    assert status == 503, body[:200]
    assert b"MB" in body or b"stopped" in body
    status, _, body, _ = _query(server, "ASK { ?s ?p ?o }")
    assert status == 200


def test_the_cli_time_limit_covers_parsing(tmp_path: Path):
    from ccpj_graph.query.store import QueryTimeout

    store = tmp_path / "store"
    build_store([FIXTURE], None, store)
    with pytest.raises(QueryTimeout):
        run_sparql(_many_ors(40_000), store=store, timeout=1)


# --- HTTP limits ---------------------------------------------------------------------------


def _raw(srv, data: bytes, *, wait: float = 10) -> bytes:
    host, port = srv.server_address[:2]
    with socket.create_connection((host, port), timeout=wait) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("length", [b"abc", b"\xb2", b"1\xb3"])  # latin-1 superscripts
def test_a_content_length_that_is_not_a_number_is_400(server, length: bytes):
    """ "²" is a digit to str.isdigit() (headers are read as latin-1), not to int()."""
    answer = _raw(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: " + length + b"\r\n\r\nASK {}",
    )
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert b"Content-Length" in answer
    assert _query(server, "ASK { ?s ?p ?o }")[0] == 200


def test_a_slow_client_is_cut_off(site: tuple[Path, int]):
    srv = _start(site[0], free_port(), client_timeout=0.5)
    try:
        host, port = srv.server_address[:2]
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(b"GET /sparql?query=ASK")  # and nothing more
            assert sock.recv(1024) == b""  # the server closed the connection
    finally:
        srv.stop()


def test_connections_past_the_limit_get_503(site: tuple[Path, int]):
    srv = _start(site[0], free_port(), max_connections=2, client_timeout=5)
    host, port = srv.server_address[:2]
    idle = [socket.create_connection((host, port), timeout=10) for _ in range(2)]
    try:
        time.sleep(0.2)  # let the server take both
        answer = _raw(srv, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 503 "), answer[:200]
        assert b"Retry-After: 1" in answer
    finally:
        for sock in idle:
            sock.close()
        srv.stop()


def test_health_reports_the_workers(server):
    health = _health(server)
    assert health["status"] == "ok"
    assert health["workers"] == 2 and health["alive"] == 2
    assert health["triples"] > 0 and health["inferred"] > 0


def test_a_browser_gets_the_site_s_sparql_page_or_the_built_in_one(site, tmp_path: Path):
    copy = tmp_path / "site"
    shutil.copytree(site[0], copy)
    own = copy / "sparql" / "index.html"
    if not own.is_file():
        own.parent.mkdir(exist_ok=True)
        own.write_text("<!DOCTYPE html><title>the site's editor</title>\n", encoding="utf-8")
    srv = _start(copy, free_port())
    try:
        for url in ("sparql", "sparql?query=ASK%7B%7D"):
            status, headers, body, _ = fetch(srv.url + url, accept="text/html")
            assert status == 200 and headers["Content-Type"].startswith("text/html")
            assert body == own.read_bytes()
        own.unlink()
        (copy / "sparql.html").unlink(missing_ok=True)
        status, _, body, _ = fetch(srv.url + "sparql", accept="text/html,*/*;q=0.8")
        assert status == 200
        assert b"<form" in body and b"$triples" not in body  # the built-in page, filled in
        status, _, body, _ = fetch(srv.url + "sparql", accept="application/sparql-results+json")
        assert status == 400  # a client without a query is told what is missing
    finally:
        srv.stop()


# --- the endpoint answers what the CLI answers ---------------------------------------------


def test_the_endpoint_and_the_cli_agree_inferred_triples_and_prefixes(server, tmp_path: Path):
    # issue 12 item 4: 667 from the CLI, 0 from /sparql; ccpjid: ignored --base-uri
    graph = load_graph([FIXTURE], None)
    store = tmp_path / "store"
    build_store([FIXTURE, *ontology_files()], reason(graph).graph, store)
    prefixes = load_prefixes()
    cli = run_sparql(ACTIVITIES, store=store, timeout=10)
    cli_count = int(cli.rows[0][0].value)  # type: ignore[union-attr]
    status, _, body, _ = _query(server, ACTIVITIES)
    assert status == 200
    assert _count(body) == cli_count > 0
    key = "ASK { ?activity ccpj:beneficiary ccpjid:country\\/KEN }"
    assert run_sparql(key, store=store, timeout=10).value is True  # type: ignore[union-attr]
    status, _, body, _ = _query(server, key)
    assert json.loads(body)["boolean"] is True
    assert prefixes["ccpjid"] != server.url + "id/"


# --- SIGTERM -------------------------------------------------------------------------------


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary folder with a short path. serve's worker pool puts its AF_UNIX socket under
    TMPDIR, and a socket path may not exceed 107 bytes: under pytest-xdist, tmp_path
    (/tmp/pytest-of-root/pytest-N/popen-gw1/test_sigterm_.../tmp) is too long for it."""
    folder = Path(tempfile.mkdtemp(prefix="ccpj-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _serving(site: Path, temp: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``ccpj serve`` in a process of its own, with ``temp`` as TMPDIR, once it has answered
    /health; killed on the way out if it is still running."""
    port = free_port()
    env = {**os.environ, "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "ccpj_graph", "serve", "--site", str(site)]
    command += ["--port", str(port), "--quiet"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and process.poll() is None and status != 200:
            try:
                status = fetch(f"http://127.0.0.1:{port}/health")[0]
            except OSError:
                time.sleep(0.2)
        assert status == 200, "serve answered /health"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()


def test_sigterm_stops_serve_and_removes_its_temporary_store(site: tuple[Path, int], short_tmp):
    temp = short_tmp / "tmp"
    temp.mkdir()
    with _serving(site[0], temp) as process:
        assert any(temp.iterdir()), "serve keeps its store under TMPDIR"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert [p.name for p in temp.iterdir() if p.name.startswith("ccpj-serve-")] == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_right_after_an_answer_stops_serve(
    site: tuple[Path, int], short_tmp, sig: signal.Signals
):
    """The client has its answer before serve's main thread is back from starting the
    request's thread, so a signal sent then lands inside socketserver. Raising there was
    turned into another error and the signal was lost: serve kept running (2579ded: 1 run in
    4, later 4 in 6). Twice per signal; each time serve must stop within 30 s."""
    for _ in range(2):
        temp = Path(tempfile.mkdtemp(dir=short_tmp))
        with _serving(site[0], temp) as process:
            process.send_signal(sig)
            assert process.wait(timeout=30) == 0
        assert [p.name for p in temp.iterdir() if p.name.startswith("ccpj-serve-")] == []


def test_a_killed_server_s_store_is_removed_by_the_next(
    site: tuple[Path, int], tmp_path, monkeypatch
):
    # multiprocessing keeps its own temporary folder (the query pool's AF_UNIX socket) for
    # the life of the process, made under tempfile's on first use: made now, before the
    # patch, it is neither under tmp_path (a socket path too long) nor removed with it
    multiprocessing.util.get_temp_dir()
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    orphan = temp / f"ccpj-serve-{dead.stdout.strip()}-abc123"
    (orphan / "store").mkdir(parents=True)
    srv = _start(site[0], free_port())
    try:
        assert not orphan.exists()
        assert len(list(temp.glob("ccpj-serve-*"))) == 1  # its own
    finally:
        srv.stop()
    assert list(temp.glob("ccpj-serve-*")) == []


def test_too_many_headers_and_a_long_request_line_are_refused(server):
    many = b"".join(b"X-%d: y\r\n" % i for i in range(120))
    answer = _raw(server, b"GET /health HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:100]
    answer = _raw(server, b"GET /sparql?query=" + b"A" * 9000 + b" HTTP/1.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 "), answer[:100]
    assert _query(server, "ASK { ?s ?p ?o }")[0] == 200
