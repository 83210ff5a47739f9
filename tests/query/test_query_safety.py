"""User SPARQL is refused before it runs when it would write, reach the network or read files.

An audit hook records every file opened and every socket or URL request made while a refused
query goes through ``run_sparql``, in this process and in the worker it forks (the hook writes
each event to a file descriptor opened before the fork): a refusal must leave both lists empty
(not merely raise). Positive controls show the hook does see rdflib reading a FROM file and
calling a SERVICE, so the assertions can fail.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import rdflib

from ccpj_graph.query.canned import load_prefixes
from ccpj_graph.query.run import run_sparql
from ccpj_graph.query.safety import NetworkRefused, QueryRefused, QuerySyntaxError, check_query
from ccpj_graph.query.store import INFERRED_GRAPH

_FD: int | None = None  # where events go, in this process and in forked workers


def _hook(event: str, args: tuple) -> None:
    if _FD is None:
        return
    if event == "open":
        line = f"{event}\t{args[0]}"
    elif event.startswith(("socket.", "urllib.", "http.")):
        line = f"{event}\t{repr(args)[:200]}"
    else:
        return
    os.write(_FD, (line.replace("\n", " ") + "\n").encode("utf-8", "replace"))


sys.addaudithook(_hook)


@contextmanager
def audit() -> Iterator[list[tuple[str, str]]]:
    global _FD
    events: list[tuple[str, str]] = []
    with tempfile.TemporaryFile() as log:
        _FD = log.fileno()
        try:
            yield events
        finally:
            _FD = None
            log.seek(0)
            for line in log.read().decode("utf-8").splitlines():
                event, _, arg = line.partition("\t")
                events.append((event, arg))


def _outside_python(
    events: list[tuple[str, str]], store: Path | None = None
) -> list[tuple[str, str]]:
    """Events other than Python reading its own modules (lazy imports), the store's files and
    what a worker process opens to start and to fence itself (``/dev/null``, its ``/proc``)."""
    roots = {sys.prefix, sys.base_prefix, str(Path(rdflib.__file__).parents[1])}
    if store is not None:
        roots.add(str(store))
    roots = tuple(roots)
    return [
        (event, arg)
        for event, arg in events
        if not (
            event == "open"
            and (
                arg.endswith((".py", ".pyc"))
                or arg.startswith(roots)
                or arg == os.devnull
                or arg.isdigit()  # an inherited file descriptor, not a path
                or (arg.startswith("/proc/") and arg.endswith("/statm"))
            )
        )
    ]


REFUSED = {
    "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "service-in-exists": (
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS"
        " { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }"
    ),
    "service-variable": (
        "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } SERVICE ?e { ?s ?p ?o } }"
    ),
    "from-file": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "from-named-file": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "from-http": "CONSTRUCT { ?s ?p ?o } FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "load": "LOAD <file:///etc/passwd>",
    "load-into": "LOAD SILENT <http://127.0.0.1:9/x.ttl> INTO GRAPH <urn:x>",
    "insert-data": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "clear": "CLEAR ALL",
    "drop": "DROP GRAPH <https://w3id.org/ccpj/graph/inferred>",
    "modify": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    # lazy imports and the prefix file are read before recording starts
    load_prefixes()
    check_query("ASK { ?s ?p ?o }")
    for text in REFUSED.values():
        with pytest.raises(QueryRefused):
            check_query(text)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_without_touching_files_or_network(fixture_store: Path, name: str) -> None:
    with audit() as events, pytest.raises(QueryRefused) as err:
        run_sparql(REFUSED[name], store=fixture_store, timeout=5)
    assert _outside_python(events, fixture_store) == []
    assert not any(event != "open" for event, _ in events)
    assert "refused" in str(err.value)
    assert err.value.exit_code == 2


def test_updates_are_named_in_the_message() -> None:
    with pytest.raises(QueryRefused, match=r"^LOAD refused: ccpj sparql is read-only"):
        check_query(REFUSED["load"])
    with pytest.raises(QueryRefused, match=r"^INSERT DATA refused"):
        check_query(REFUSED["insert-data"])


def test_network_refusals_are_their_own_kind_and_name_no_option() -> None:
    # each front end says how its user allows them (ccpj sparql --allow-network, the API's
    # allow_network=True); the endpoint's users cannot, so the gate names no option
    with pytest.raises(NetworkRefused, match=r"SERVICE <http://127.0.0.1:9/sparql> refused") as err:
        check_query(REFUSED["service"])
    assert "--allow-network" not in str(err.value)
    with pytest.raises(NetworkRefused, match=r"FROM NAMED <file:///etc/passwd> refused"):
        check_query(REFUSED["from-named-file"])
    with pytest.raises(QueryRefused) as update:
        check_query(REFUSED["load"])
    assert not isinstance(update.value, NetworkRefused)


def test_allow_network_lets_service_and_from_through() -> None:
    checked = check_query(REFUSED["service"], allow_network=True)
    assert checked.services == ("http://127.0.0.1:9/sparql",)
    assert check_query(REFUSED["from-file"], allow_network=True).datasets == ("file:///etc/passwd",)
    with pytest.raises(QueryRefused):  # updates stay refused
        check_query(REFUSED["load"], allow_network=True)


def test_the_store_s_own_graph_may_be_named() -> None:
    text = f"SELECT * FROM NAMED <{INFERRED_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert check_query(text, allowed_graphs=[INFERRED_GRAPH]).datasets == (INFERRED_GRAPH,)


def test_syntax_errors_give_line_and_column() -> None:
    with pytest.raises(QuerySyntaxError, match=r"line 3, column 3") as err:
        check_query("SELECT ?s\nWHERE {\n  ?s ?p .\n}")
    assert "\n" not in str(err.value)
    with pytest.raises(QuerySyntaxError, match="Unknown namespace prefix"):
        check_query("SELECT * WHERE { ?s nope:p ?o }")
    with pytest.raises(QuerySyntaxError, match="empty"):
        check_query("  \n")


def test_predeclared_prefixes_keep_user_line_numbers() -> None:
    prefixes = load_prefixes()
    assert check_query("SELECT * WHERE { ?a ccpj:statedIn ?p }", prefixes=prefixes).form == "SELECT"
    with pytest.raises(QuerySyntaxError, match=r"line 2, column"):
        check_query("SELECT *\nWHERE { ?a ccpj:statedIn }", prefixes=prefixes)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside rdflib
def test_control_the_hook_sees_rdflib_read_a_from_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:s> <urn:p> 'secret' .\n", encoding="utf-8")
    with audit() as events:
        rows = list(
            rdflib.Dataset().query(f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
        )
    assert [str(r[0]) for r in rows] == ["secret"]  # rdflib really reads local files
    assert ("open", str(secret)) in events


def test_control_the_hook_sees_rdflib_call_a_service() -> None:
    # nothing listens on port 9: the attempt is what counts
    with audit() as events, contextlib.suppress(Exception):
        list(rdflib.Graph().query(REFUSED["service"]))
    assert any(event.startswith(("socket.", "urllib.")) for event, _ in events)


_THREADED_PARSES = """
from concurrent.futures import ThreadPoolExecutor
from ccpj_graph.query.safety import check_query
texts = [
    f"SELECT ?s{i} WHERE {{ ?s{i} ?p ?o FILTER(?o > {i}) OPTIONAL {{ ?s{i} <urn:x> ?y }} }}"
    f" LIMIT {i + 1}"
    for i in range(16)
]
with ThreadPoolExecutor(8) as pool:
    checked = list(pool.map(lambda text: check_query(text).text, texts))
assert checked == [check_query(text).text for text in texts]
print(len(checked))
"""


def test_the_gate_parses_from_many_threads_at_once() -> None:
    """rdflib's parser is not thread-safe (concurrent first parses corrupt it for the
    process's life): the gate serialises its parses. In a fresh interpreter, where every
    parse is a first one."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", _THREADED_PARSES], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "16"
