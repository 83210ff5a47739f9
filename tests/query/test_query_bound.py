"""The gate's verdict on a canned query's gated text holds for the text as bound only when
binding wrote nothing but VALUES lines of plain terms (query/bound.py): whatever that check
accepts, the gate's own parse accepts with the same form and nothing outside the graph, and
Oxigraph running it contacts no server; anything else is parsed as before."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ccpj_graph.errors import CcpjError
from ccpj_graph.query import run as run_module
from ccpj_graph.query.bound import same_but_values
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.run import run_canned
from ccpj_graph.query.safety import CheckedQuery, check_query, engine_text
from ccpj_graph.query.store import open_store
from ccpj_graph.query.terms import Term
from listener_support import Listener

QUERIES = load_queries()
PORT = "{port}"


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.close()


def test_every_canned_query_bound_by_the_binder_needs_no_parse() -> None:
    prison = Term.iri("https://w3id.org/ccpj/id/theme/prison")
    year = Term.literal("2020", datatype="http://www.w3.org/2001/XMLSchema#gYear")
    for query in QUERIES.values():
        # every parameter bound (an IRI, or a year literal), with and without #@below lists
        values = {p.name: {"year": year}.get(p.type, prison) for p in query.parameters}
        below = {b.out: (prison, Term.iri("https://w3id.org/ccpj/id/theme/x")) for b in query.below}
        for text in (query.bind({}), query.bind(values, below), query.bind(values)):
            assert same_but_values(query.gated_text, text, query.value_slots), query.name


@pytest.mark.parametrize(
    "line",
    [
        "VALUES ?x { <urn:a> } SERVICE <http://127.0.0.1:1/> { ?a ?b ?c }",
        "VALUES ?x { ccpj:prison }",  # a prefixed name
        'VALUES ?x { """a""" }',  # a long string
        "VALUES ?x { 'a' }",
        "VALUES ?x { _:b }",
        "VALUES ?x { 12 }",
        'VALUES ?x { "a" "b"}',
        "VALUES ?x { <urn:a> } # comment",
        "VALUES ?x { <urn:a> }\x0bSERVICE <http://127.0.0.1:1/> { ?a ?b ?c }",
        "VALUES (?x) { (<urn:a>) } . ?s ?p ?o",
        "VALUES (?x) { (<urn:a>) (<urn:b>) }",  # the binder writes one row
        'VALUES ?x { "\\u0022" }',  # an escape: parsed
        "VALUES ?x { <urn:a\\u003E> }",
        "values ?x { <urn:a> }",
        "FILTER(true) VALUES ?x { <urn:a> }",
    ],
)
def test_a_slot_line_the_grammar_does_not_know_is_parsed(line: str) -> None:
    query = QUERIES["partners"]
    lines = query.bind({}).split("\n")
    lines[query.value_slots[0]] = line
    assert not same_but_values(query.gated_text, "\n".join(lines), query.value_slots)


def test_a_changed_line_outside_the_slots_or_a_moved_line_is_parsed() -> None:
    query = QUERIES["partners"]
    text = query.bind({})
    lines = text.split("\n")
    outside = next(n for n in range(len(lines)) if n not in query.value_slots and lines[n])
    changed = lines.copy()
    changed[outside] = "VALUES ?x { <urn:a> }"
    assert not same_but_values(query.gated_text, "\n".join(changed), query.value_slots)
    assert not same_but_values(query.gated_text, text + "\nVALUES ?x { }", query.value_slots)
    assert not same_but_values(query.gated_text, text.replace("\n", "\r\n"), query.value_slots)
    slot = query.value_slots[0]
    shifted = [*lines[:slot], "VALUES ?x { }", *lines[slot:-1]]
    assert not same_but_values(query.gated_text, "\n".join(shifted), query.value_slots)


# Term values an attacker controls: any text as an IRI or a literal, with a language tag or a
# datatype, and pieces that break out of a string or an IRI in one parser or the other.
PIECES = [
    '"',
    '"""',
    "'",
    ">",
    "<",
    "\\",
    "\\u0022",
    "\\u003E",
    "\n",
    "\r",
    "\x0b",
    "\u2028",
    "#",
    " ",
    "}",
    ")",
    " SERVICE <http://127.0.0.1:{port}/sparql> { ?a ?b ?c } ",
    "urn:x",
    "UNDEF",
]
values = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
terms = st.one_of(
    values.map(Term.iri),
    values.map(Term.literal),
    st.tuples(values, st.sampled_from(["en", "fr-CA", "en\nx"])).map(
        lambda v: Term.literal(v[0], lang=v[1])
    ),
    st.tuples(values, values).map(lambda v: Term.literal(v[0], datatype=v[1])),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(name="partners", term=Term.iri("x> } SERVICE <http://127.0.0.1:{port}/s> { ?a ?b ?c } #"))
@example(name="partners", term=Term.literal('" } SERVICE <http://127.0.0.1:{port}/s> { } #'))
@example(name="countries", term=Term.literal("a", datatype="urn:x> SERVICE <urn:y"))
@given(name=st.sampled_from(sorted(QUERIES)), term=terms)
def test_what_the_check_accepts_the_gate_accepts_and_reaches_no_server(
    fixture_store: Path, listener: Listener, name: str, term: Term
) -> None:
    query = QUERIES[name]
    port = str(listener.port)
    term = Term(
        term.kind,
        term.value.replace(PORT, port),
        term.datatype.replace(PORT, port) if term.datatype else None,
        term.lang,
    )
    values = {p.name: term for p in query.parameters}
    below = {b.out: (term, term) for b in query.below}
    try:
        text = query.bind(values, below)
    except ValueError:  # a term with no SPARQL form (Term.sparql): never bound
        return
    if not same_but_values(query.gated_text, text, query.value_slots):
        return  # parsed by the gate, as before (its own property tests)
    assert engine_text(text) == text
    checked = check_query(text)  # the full gate agrees ...
    template = _template_verdict(name)
    assert (checked.form, checked.services, checked.datasets) == (
        template.form,
        (),
        template.datasets,
    )
    before = listener.connections  # ... and the engine reaches no server with it
    with contextlib.suppress(CcpjError, SyntaxError, ValueError, OSError):
        list(_store(fixture_store).query(text))
    assert listener.connections == before, f"connected for {text!r}"


_STORES: dict[Path, ox.Store] = {}
_TEMPLATES: dict[str, CheckedQuery] = {}


def _template_verdict(name: str) -> CheckedQuery:
    if name not in _TEMPLATES:
        _TEMPLATES[name] = check_query(QUERIES[name].gated_text)
    return _TEMPLATES[name]


def _store(path: Path) -> ox.Store:
    if path not in _STORES:
        _STORES[path] = open_store(path)
    return _STORES[path]


def test_a_new_parameter_combination_is_not_parsed(
    fixture_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question with values never asked before runs without the gate checking its bound
    text (rdflib's parse is most of a first ask); the same rows as the gate's own path."""
    checked: list[str] = []
    real = run_module.check_canned

    def spy(text: str) -> None:
        checked.append(text)
        real(text)

    monkeypatch.setattr(run_module, "check_canned", spy)
    query = QUERIES["partners"]
    values = {"theme": "gender", "role": "any"}
    text, result = run_canned(query, values, store=fixture_store, timeout=60, fresh=True)
    assert query.gated_text in checked and text not in checked and result is not None
    # nor the lookup of the themes below gender (one text per value, a VALUES line too)
    assert not any("theme/gender" in t for t in checked)
    # when the check declines, the gate checks the bound text: the same rows
    monkeypatch.setattr("ccpj_graph.query.bound.same_but_values", lambda *_: False)
    again, rows = run_canned(query, values, store=fixture_store, timeout=60, fresh=True)
    assert again == text and text in checked and rows == result
