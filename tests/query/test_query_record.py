"""The query path's frozen records behave as the dataclasses they replace: by their fields."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from ccpj_graph.query.canned import CannedQuery, Parameter
from ccpj_graph.query.record import FrozenRecordError
from ccpj_graph.query.results import AskResult, GraphResult, SelectResult
from ccpj_graph.query.sandbox import Budget
from ccpj_graph.query.terms import Term

IRI = Term("uri", "https://w3id.org/ccpj/id/theme/prison")
RECORDS = [
    IRI,
    Term.literal("2020", datatype="http://www.w3.org/2001/XMLSchema#gYear"),
    Term.literal("Prison", lang="EN"),
    SelectResult(("theme",), ((IRI,), (None,)), truncated=True),
    AskResult(True),
    GraphResult("<a> <b> <c> .\n", 1),
    Parameter("theme", "theme", default="prison", help="A theme.", var="theme"),
    CannedQuery("q", "Q.", (Parameter("year", "year"),), ("a",), (), "SELECT *", Path("q.rq")),
    Budget(seconds=5.0, network=True),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_equal_hashable_picklable_and_frozen(record: object) -> None:
    copy = pickle.loads(pickle.dumps(record))
    assert copy == record and hash(copy) == hash(record) and copy is not record
    assert repr(copy) == repr(record)
    field = type(record).__match_args__[0]  # type: ignore[attr-defined]
    with pytest.raises(FrozenRecordError):
        setattr(record, field, None)
    with pytest.raises(AttributeError):
        delattr(record, field)


def test_fields_positional_keyword_and_defaults() -> None:
    assert Term("uri", "x") == Term(kind="uri", value="x", datatype=None, lang=None)
    assert repr(Term("uri", "x")) == "Term(kind='uri', value='x', datatype=None, lang=None)"
    assert Budget() == Budget(30.0, 1024, False)
    assert Parameter("p", "year").required is False and Parameter("p", "year").help == ""
    assert SelectResult((), ()).truncated is False


def test_equal_only_to_the_same_class() -> None:
    assert AskResult(True) != True  # noqa: E712 (a record is not its field)
    assert Term("uri", "x") != ("uri", "x", None, None)
    assert GraphResult("", 0) != SelectResult((), ())


def test_terms_order_by_their_fields_in_order() -> None:
    terms = [Term("uri", "b"), Term("literal", "z"), Term("uri", "a"), Term("literal", "a", "t")]
    assert sorted(terms) == [
        Term("literal", "a", "t"),
        Term("literal", "z"),
        Term("uri", "a"),
        Term("uri", "b"),
    ]
    assert Term("uri", "a") < Term("uri", "b") <= Term("uri", "b")
    with pytest.raises(TypeError):
        _ = Term("uri", "a") < AskResult(True)  # type: ignore[operator]
