"""Answers written as table, CSV, TSV, JSON and SPARQL JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ccpj_graph.query.results import (
    AskResult,
    GraphResult,
    SelectResult,
    format_for_path,
    is_empty,
    render,
)
from ccpj_graph.query.terms import XSD, Term

ROWS = SelectResult(
    ("partner", "activities", "year", "iri"),
    (
        (
            Term.literal("UNDP, the\tProgramme", lang="EN"),
            Term.literal("12", datatype=XSD + "integer"),
            Term.literal("2020", datatype=XSD + "gYear"),
            Term.iri("https://w3id.org/ccpj/id/org/undp"),
        ),
        (
            Term.literal('Say "hi"\nthere'),
            Term.literal("3", datatype=XSD + "integer"),
            None,
            Term.iri("https://w3id.org/ccpj/id/org/x"),
        ),
    ),
)


def test_csv_round_trips_values() -> None:
    parsed = list(csv.reader(io.StringIO(render(ROWS, "csv"))))
    assert parsed == [
        ["partner", "activities", "year", "iri"],
        ["UNDP, the\tProgramme", "12", "2020", "https://w3id.org/ccpj/id/org/undp"],
        ['Say "hi"\nthere', "3", "", "https://w3id.org/ccpj/id/org/x"],
    ]


def test_tsv_keeps_one_line_per_row() -> None:
    lines = render(ROWS, "tsv").splitlines()
    assert lines[1].split("\t") == [
        "UNDP, the Programme",
        "12",
        "2020",
        "https://w3id.org/ccpj/id/org/undp",
    ]
    assert len(lines) == 3


def test_json_types_numbers_and_years() -> None:
    assert json.loads(render(ROWS, "json"))[0] == {
        "partner": "UNDP, the\tProgramme",
        "activities": 12,
        "year": 2020,
        "iri": "https://w3id.org/ccpj/id/org/undp",
    }


def test_sparql_json_keeps_terms() -> None:
    doc = json.loads(render(ROWS, "sparql-json"))
    assert doc["head"]["vars"] == list(ROWS.columns)
    first, second = doc["results"]["bindings"]
    assert first["partner"] == {
        "type": "literal",
        "value": "UNDP, the\tProgramme",
        "xml:lang": "en",
    }
    assert first["year"]["datatype"] == XSD + "gYear"
    assert "year" not in second  # unbound
    assert [Term.from_json(first[c]) for c in ROWS.columns] == list(ROWS.rows[0])


def test_table_aligns_and_right_justifies_numbers() -> None:
    lines = render(ROWS, "table").splitlines()
    assert lines[0].startswith("partner")
    header_end = lines[0].index("activities") + len("activities")
    assert lines[2][:header_end].endswith("12") and lines[3][:header_end].endswith(" 3")
    assert "\n" not in lines[3] and 'Say "hi" there' in lines[3]


def test_ask_and_graph_results() -> None:
    assert render(AskResult(True), "table") == "true\n"
    assert json.loads(render(AskResult(False), "sparql-json")) == {"head": {}, "boolean": False}
    graph = GraphResult("<a:b> <a:c> <a:d> .\n", 1)
    assert render(graph, "csv") == graph.turtle
    assert is_empty(GraphResult("", 0)) and not is_empty(AskResult(False))


def test_format_for_path_and_unknown_format() -> None:
    assert format_for_path("out.CSV") == "csv"
    assert format_for_path("answer.srj") == "sparql-json"
    assert format_for_path("notes.txt") is None
    with pytest.raises(ValueError, match="unknown format"):
        render(ROWS, "xml")


@pytest.mark.parametrize(
    ("term", "sparql"),
    [
        (Term.iri("https://x.org/a"), "<https://x.org/a>"),
        (Term.literal('a "b"\\\n'), '"a \\"b\\"\\\\\\n"'),
        (Term.literal("chat", lang="FR"), '"chat"@fr'),
        (Term.literal("1", datatype=XSD + "integer"), f'"1"^^<{XSD}integer>'),
        (Term.literal("plain", datatype=XSD + "string"), '"plain"'),
    ],
)
def test_terms_in_sparql_syntax(term: Term, sparql: str) -> None:
    assert term.sparql() == sparql
