"""Property tests for the SPARQL gate: generated texts mixing escapes, comments, strings, line
breaks, prefixed names and keyword casing around a SERVICE call never make the store connect.

Checked by the store's own behaviour, not by a parser's opinion: a socket listens on
127.0.0.1, each generated query goes through the gate and, when it passes, is run by Oxigraph
exactly as the gate hands it over, in this process (no worker, no network ban: the gate alone
is under test); the listener must receive no connection. A second property checks the network
ban alone (no gate), and a third that the gate's engine text means what the user wrote.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ccpj_graph.errors import CcpjError
from ccpj_graph.query.canned import load_prefixes
from ccpj_graph.query.run import SparqlJob
from ccpj_graph.query.safety import QueryRefused, engine_text
from ccpj_graph.query.sandbox import network_denial_supported
from ccpj_graph.query.store import open_store
from ccpj_graph.query.worker import run_in_store
from listener_support import Listener


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.close()


PORT = "{port}"
PIECES = [
    " ",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x0c",
    "#",
    "# note ",
    '"',
    '"""',
    "'",
    "'''",
    "\\",
    "\\\\",
    "\\u000A",
    "\\u000a",
    "\\u000D",
    "\\U0000000A",
    "\\u0022",
    "\\u0027",
    "\\u0023",
    "\\u005C",
    "\\u005Cu000A",
    "\\\\u000A",
    "\\u003C",
    "\\u007B",
    "SERVICE",
    "service",
    "SeRvIcE",
    "SERVICE SILENT",
    "\\u0053ERVICE",
    f"<http://127.0.0.1:{PORT}/sparql>",
    f"<http://127.0.0.1:{PORT}\\u002Fsparql>",
    "{ ?a ?b ?c }",
    "{",
    "}",
    "FILTER(?o != ",
    ")",
    "ccpj:statedIn",
    "ccpjid:country\\/KEN",
    "?s ?p ?o .",
    "<urn:x>",
    "FROM",
    "GRAPH ?g",
    "OPTIONAL",
    "UNION",
    ".",
]
ISSUE_QUERY = (  # issue 12 item 1, as it was written in a file
    'SELECT * WHERE { ?s ?p ?o . # \\\\u000A FILTER(?o != """\n'
    'SERVICE <http://127.0.0.1:{port}/sparql> { ?a ?b ?c } # """)\n'
    "} LIMIT 1"
)


def _wrap(pieces: list[str]) -> str:
    return "SELECT * WHERE { ?s ?p ?o . " + "".join(pieces) + " } LIMIT 1"


texts = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map(_wrap),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=20).map("".join),
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(ISSUE_QUERY)
@example("SELECT * WHERE { ?s ?p ?o . # x\rSERVICE <http://127.0.0.1:{port}/s> { ?a ?b ?c } }")
@example("SELECT * WHERE { ?s ?p ?o . # \\u000D SERVICE <http://127.0.0.1:{port}/s> { ?a ?b ?c } }")
@example(_wrap(["\\u0053ERVICE", f"<http://127.0.0.1:{PORT}/sparql>", "{ ?a ?b ?c }"]))
@given(texts)
def test_nothing_the_gate_lets_through_reaches_a_socket(
    fixture_store: Path, listener: Listener, template: str
) -> None:
    text = template.replace(PORT, str(listener.port))
    job = SparqlJob(text, limit=5, prefixes=load_prefixes())
    store = _store(fixture_store)
    before = listener.connections
    # the gate, then Oxigraph on the gate's text, in this very process; a refusal, a syntax
    # error or the store rejecting the text are all fine
    with contextlib.suppress(CcpjError):
        job(store)
    assert listener.connections == before, f"connected for {text!r}"


_STORES: dict[Path, ox.Store] = {}


def _store(path: Path) -> ox.Store:
    if path not in _STORES:
        _STORES[path] = open_store(path)
    return _STORES[path]


def test_control_oxigraph_alone_does_connect(fixture_store: Path, listener: Listener) -> None:
    # the property above can fail: Oxigraph runs what the gate used to let through
    before = listener.connections
    text = ISSUE_QUERY.replace(PORT, str(listener.port))
    with contextlib.suppress(OSError):  # the listener hangs up: the request fails, after
        list(_store(fixture_store).query(text))  # type: ignore[arg-type]
    assert listener.connections == before + 1


class _ServiceJob:
    """Calls SERVICE straight through the store, bypassing the gate (the ban alone)."""

    def __init__(self, port: int) -> None:
        self.text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} }}"

    def __call__(self, store: ox.Store) -> str:
        try:
            list(store.query(self.text))  # type: ignore[arg-type]
        except OSError as err:
            return str(err)
        return "answered"


def test_the_worker_s_network_ban_stops_service_without_the_gate(
    fixture_store: Path, listener: Listener
) -> None:
    assert network_denial_supported()  # Linux on x86-64 or arm64: where the tests run
    before = listener.connections
    message = run_in_store(fixture_store, _ServiceJob(listener.port), timeout=20)
    assert listener.connections == before
    assert "denied" in message.lower() or "permission" in message.lower()


def test_a_store_worker_s_texts_are_under_the_network_ban_too(
    fixture_store: Path, listener: Listener
) -> None:
    """The texts a canned query sends its worker (lookups, the bound query) run under the
    same fence as a job: SERVICE straight to the worker, no gate, reaches no socket."""
    from ccpj_graph.query.store import QueryFailed
    from ccpj_graph.query.worker import StoreWorker

    before = listener.connections
    with StoreWorker(fixture_store, timeout=20) as worker, contextlib.suppress(QueryFailed):
        worker.execute(_ServiceJob(listener.port).text)
    assert listener.connections == before


PIECES_WITH_ESCAPES = [*PIECES, "\\u00E9", "\\U0001F600", "\\u0041", "\\uZZZZ", "\\u12"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES_WITH_ESCAPES), max_size=16).map("".join))
def test_the_engine_text_leaves_nothing_for_a_parser_to_read_its_own_way(text: str) -> None:
    try:
        checked = engine_text(text)
    except QueryRefused:
        return
    assert not re.search(r"\\[uU]", checked)  # no escape left for rdflib or Oxigraph
    assert "\r" not in checked  # no bare carriage return: one end of line for both
    assert engine_text(checked) == checked


def test_escapes_mean_what_sparql_1_1_says() -> None:
    store = ox.Store()

    def value(text: str) -> str:
        rows = list(store.query(engine_text(text)))  # type: ignore[arg-type]
        return str(rows[0]["v"].value)  # type: ignore[index]

    assert (
        value('SELECT ?v WHERE { BIND("caf\\u00E9 \\U0001F600" AS ?v) }') == "caf\u00e9 \U0001f600"
    )
    assert value('\\u0053ELECT ?v WHERE { BIND("a" AS ?v) }') == "a"  # a keyword, spelt out
    with pytest.raises(QueryRefused, match="line 1"):
        engine_text('SELECT ?v WHERE { BIND("C:\\\\users" AS ?v) }')
