"""Friendly values resolve exactly to terms read from the graph; near misses get suggestions."""

from __future__ import annotations

import re

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from ccpj_graph.errors import InputError
from ccpj_graph.query.canned import Parameter, get_query, load_queries
from ccpj_graph.query.params import (
    UnknownValue,
    candidates,
    normalise,
    resolve_parameters,
    resolve_value,
)
from ccpj_graph.query.reference import rdflib_select
from ccpj_graph.query.terms import XSD, Term

ID = "https://w3id.org/ccpj/id/"


@pytest.fixture(scope="module")
def select(fixture_graph: rdflib.Graph):
    return rdflib_select(fixture_graph)


@pytest.mark.parametrize(
    ("ptype", "value", "iri"),
    [
        ("theme", "prison", "theme/prison"),
        ("theme", "Prison reform", "theme/prison"),
        ("theme", "ACCESS TO JUSTICE", "theme/access-to-justice"),
        ("country", "KEN", "country/KEN"),
        ("country", "ke", "country/KEN"),
        ("country", "Kenya", "country/KEN"),
        ("country", "Bolivia (Plurinational State of)", "country/BOL"),
        ("country", "bolivia", "country/BOL"),
        ("region", "Eastern Africa", "region/eastern-africa"),
        ("region", "014", "region/eastern-africa"),
        ("partner", "UNDP", "org/undp"),
        ("partner", "United Nations Development Programme", "org/undp"),
        ("partner", "un women", "org/un-women"),
        ("standard", "Nelson Mandela Rules", "standard/nelson-mandela-rules"),
        (
            "standard",
            "Standard Minimum Rules for the Treatment of Prisoners",
            "standard/nelson-mandela-rules",
        ),
        ("report", "001", "report/001"),
        ("report", "E/CN.15/2022/9", "report/001"),
        ("report", "000_2550b87c4cb66abc.txt", "report/000"),
        ("role", "co-deliverer", "role/co-deliverer"),
        ("activity-type", "legislative-assistance", None),
    ],
)
def test_values_resolve_exactly(select, ptype: str, value: str, iri: str | None) -> None:
    term = resolve_value(Parameter("x", ptype), value, select)
    expected = ID + iri if iri else "https://w3id.org/ccpj/ontology#LegislativeAssistance"
    assert term == Term.iri(expected)


def test_year_becomes_a_gyear_literal(select) -> None:
    assert resolve_value(Parameter("year", "year"), "2020", select) == Term.literal(
        "2020", datatype=XSD + "gYear"
    )
    with pytest.raises(InputError, match=r"--year: expected a year such as 2020, got '20x'"):
        resolve_value(Parameter("year", "year"), "20x", select)


@pytest.mark.parametrize(
    ("ptype", "value", "suggestion"),
    [
        ("theme", "prisn", "prison (Prison reform)"),
        ("country", "Kenia", "KEN (Kenya)"),
        ("partner", "UNPD", "UNDP (United Nations Development Programme)"),
        ("standard", "Bangkok Rule", "Bangkok Rules"),
        ("activity-type", "trainings", "training"),
    ],
)
def test_unknown_values_suggest_the_nearest(
    select, ptype: str, value: str, suggestion: str
) -> None:
    with pytest.raises(UnknownValue) as err:
        resolve_value(Parameter("x", ptype), value, select)
    message = str(err.value)
    assert message.startswith(f"--x: unknown {ptype.replace('-', ' ')} {value!r}; did you mean ")
    assert suggestion in message


def test_suggestions_never_resolve(select) -> None:
    # difflib would pick "prison" for "prisons"; resolution must not
    with pytest.raises(UnknownValue):
        resolve_value(Parameter("theme", "theme"), "prisons", select)


def test_a_value_naming_two_things_is_ambiguous(fixture_graph: rdflib.Graph) -> None:
    graph = rdflib.Graph()
    for triple in fixture_graph:
        graph.add(triple)
    graph.add((rdflib.URIRef(ID + "org/eu"), rdflib.SKOS.altLabel, rdflib.Literal("UNDP")))
    with pytest.raises(UnknownValue, match="names more than one partner"):
        resolve_value(Parameter("p", "partner"), "UNDP", rdflib_select(graph))


def test_nothing_to_match_says_so() -> None:
    empty = rdflib_select(rdflib.Graph())
    with pytest.raises(UnknownValue, match="the graph has no theme values"):
        resolve_value(Parameter("t", "theme"), "prison", empty)


def test_defaults_any_and_required(select) -> None:
    partners = get_query("partners")
    bound = resolve_parameters(partners, {}, select)
    assert bound == {
        "theme": None,
        "year": None,
        "country": None,
        "role": Term.iri(ID + "role/co-deliverer"),
        "count": Term.literal("work"),
    }
    assert resolve_parameters(partners, {"role": "any"}, select)["role"] is None
    assert resolve_parameters(partners, {"count": "Statements"}, select)["count"] == Term.literal(
        "statements"
    )
    with pytest.raises(InputError, match="country-profile: --country is required"):
        resolve_parameters(get_query("country-profile"), {}, select)
    with pytest.raises(InputError, match="no parameter colour"):
        resolve_parameters(partners, {"colour": "red"}, select)


def test_candidates_carry_every_key(select) -> None:
    kenya = next(c for c in candidates("country", select) if c.term.value.endswith("/KEN"))
    assert kenya.keys == ("KE", "KEN", "Kenya")
    assert kenya.display == "KEN"


def test_normalise() -> None:
    assert normalise("  Côte d'Ivoire ") == "cote d ivoire"
    assert normalise("access-to-justice") == normalise("Access to Justice")


#: Every parameter of every canned query, as (query name, parameter).
PARAMETERS = [(name, p) for name, q in load_queries().items() for p in q.parameters]
#: Strings a user may type for "nothing": empty, spaces, tabs, no-break and other spaces.
BLANKS = st.text(alphabet=" \t\r\n\u00a0\u2003\u3000", max_size=4)


@settings(max_examples=150, deadline=None)
@given(chosen=st.sampled_from(PARAMETERS), blank=BLANKS)
def test_an_empty_value_is_refused_naming_its_option(
    select, chosen: tuple[str, Parameter], blank: str
) -> None:
    """An empty value was taken for no value: ``--year ""`` answered for every year, and
    ``--role ""`` dropped the default co-deliverer filter, exit 0. Only None (not given)
    leaves a parameter open or to its default."""
    name, param = chosen
    with pytest.raises(InputError) as err:
        resolve_parameters(get_query(name), {param.name: blank}, select)
    assert re.match(rf"{re.escape(param.option)}: empty value; give an? ", str(err.value))
    if param.default is not None and not param.required:
        assert f"its default ({param.default})" in str(err.value)


def test_none_still_means_not_given(select) -> None:
    partners = get_query("partners")
    bound = resolve_parameters(partners, {"theme": None, "role": None}, select)
    assert bound["theme"] is None
    assert bound["role"] == Term.iri(ID + "role/co-deliverer")


@pytest.mark.parametrize("value", ["２０２０", "٢٠٢٠", "20２0", "2020²"])
def test_ascii_years_only(select, value: str) -> None:
    """``^\\d{4}$`` took "２０２０" and "٢٠٢٠", bound as a gYear no activity has: "no
    results", exit 0 (every validator: tests/test_ascii_digits.py)."""
    with pytest.raises(InputError, match="expected a year such as 2020"):
        resolve_value(Parameter("year", "year"), value, select)
    assert resolve_value(Parameter("year", "year"), " 2020 ", select) == Term.literal(
        "2020", datatype=XSD + "gYear"
    )
