"""Every path to a SPARQL engine meets the gate: canned queries and network projections pass it
as they are, and a projection that would call another server is refused before it runs."""

from __future__ import annotations

import contextlib
import hashlib
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from ccpj_graph import resources
from ccpj_graph.network.projection import load_projections
from ccpj_graph.network.source import Source
from ccpj_graph.query import safety
from ccpj_graph.query.bound import same_but_values
from ccpj_graph.query.canned import load_queries, parse_query_file
from ccpj_graph.query.run import run_canned, run_sparql
from ccpj_graph.query.safety import QueryRefused, check_query


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_every_canned_query_passes_the_gate(name: str) -> None:
    query = load_queries()[name]
    assert check_query(query.gated_text).form == "SELECT"


def test_a_parameter_lookup_meets_the_gate(project_copy: Path, fixture_store: Path) -> None:
    # a lookup (queries/params/<type>.rq; a #@below line's list is one too) is SPARQL that
    # runs in the store: one that would call another server is refused before it runs
    lookup = project_copy / "queries" / "params" / "theme.rq"
    opening = "SELECT DISTINCT ?term ?key WHERE {"
    text = lookup.read_text(encoding="utf-8")
    assert opening in text
    hostile = f"{opening}\n  SERVICE <http://127.0.0.1:9/s> {{ ?x ?y ?z }}"
    lookup.write_text(text.replace(opening, hostile, 1), encoding="utf-8")
    for _ in range(2):  # a refusal is not kept
        with pytest.raises(QueryRefused, match="SERVICE"):
            run_canned(load_queries()["partners"], {"theme": "prison"}, store=fixture_store)


@pytest.mark.parametrize("name", sorted(load_projections()))
def test_every_network_projection_passes_the_gate(name: str) -> None:
    assert check_query(load_projections()[name].text).form == "SELECT"


def test_a_projection_calling_a_service_is_refused_and_never_connects(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        source = Source(ox.Store(), name="empty")
        text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(QueryRefused, match="SERVICE"):
            source.select(text)
        with pytest.raises(BlockingIOError):  # nobody knocked
            listener.accept()


SNEAKY = """# name: sneaky
# description: A canned query that calls another server.
# columns: s
SELECT ?s WHERE {
  #@values
  SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o }
}
"""


def test_a_canned_query_calling_a_service_is_refused_and_never_connects(
    fixture_store: Path, tmp_path: Path
) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        path = tmp_path / "sneaky.rq"
        path.write_text(SNEAKY.replace("{port}", str(listener.getsockname()[1])), "utf-8")
        query = parse_query_file(path)
        for _ in range(2):  # a refusal is not kept: the second run is refused again
            with pytest.raises(QueryRefused, match="SERVICE"):
                run_canned(query, {}, store=fixture_store, timeout=20)
        with pytest.raises(BlockingIOError):
            listener.accept()


def test_a_canned_query_s_verdict_is_kept(fixture_store: Path) -> None:
    query = load_queries()["tools"]
    run_canned(query, {}, store=fixture_store, timeout=20)
    gate = (Path(safety.__file__)).read_bytes()
    key = hashlib.sha256(gate + b"\0" + query.gated_text.encode("utf-8")).hexdigest()
    entry = resources.home() / "data" / ".cache" / "gate" / key[:2] / key
    assert entry.read_bytes() == b"passed\n"


def test_a_bound_canned_query_is_covered_by_its_file_s_kept_verdict(fixture_store: Path) -> None:
    # the gate covers the text the engine runs: the query as bound differs from its file only
    # by VALUES lines of plain terms where binding writes them (query/bound.py), so the file's
    # kept verdict holds for it; anything else is parsed (the test below)
    query = load_queries()["partners"]
    text, _ = run_canned(query, {"theme": "prison"}, store=fixture_store, timeout=20)
    assert text != query.gated_text
    assert same_but_values(query.gated_text, text, query.value_slots)
    gate = (Path(safety.__file__)).read_bytes()
    key = hashlib.sha256(gate + b"\0" + query.gated_text.encode("utf-8")).hexdigest()
    entry = resources.home() / "data" / ".cache" / "gate" / key[:2] / key
    assert entry.read_bytes() == b"passed\n"


def test_a_bound_text_the_gate_refuses_never_runs(
    fixture_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # whatever binding gives (here a binder that adds a SERVICE clause), the engine runs only
    # a text the gate passed: refused, and the other server is never called
    from ccpj_graph.query import run as run_module

    real = run_module.bind_query
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        service = f"SERVICE <http://127.0.0.1:{listener.getsockname()[1]}/s> {{ ?x ?y ?z }}"

        def hostile(*args: object, **kwargs: object) -> str:
            text = real(*args, **kwargs)  # type: ignore[arg-type]
            return text.replace("WHERE {", "WHERE {\n  " + service, 1)

        monkeypatch.setattr(run_module, "bind_query", hostile)
        for _ in range(2):  # a refusal is not kept
            with pytest.raises(QueryRefused, match="SERVICE"):
                run_canned(load_queries()["tools"], {}, store=fixture_store, timeout=20)
        with pytest.raises(BlockingIOError):  # nobody knocked
            listener.accept()


def test_allow_network_lifts_the_gate_and_the_fence_in_the_cli(fixture_store: Path) -> None:
    # the control for every "never connects" test: with --allow-network the store does connect
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(20)
        port = listener.getsockname()[1]
        text = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/s> {{ ?s ?p ?o }} }}"
        done = threading.Thread(
            target=_quietly,
            args=(run_sparql, text),
            kwargs={"store": fixture_store, "timeout": 20, "allow_network": True},
        )
        done.start()
        conn, _ = listener.accept()  # the worker knocked
        conn.close()
        done.join()


def _quietly(func: Callable[..., object], *args: object, **kwargs: object) -> None:
    with contextlib.suppress(Exception):
        func(*args, **kwargs)
