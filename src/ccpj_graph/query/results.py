"""Query answers as records, and how they are written: table, CSV, TSV, JSON, SPARQL JSON.

Both engines (the store and rdflib) produce the same records, so tests and the benchmark can
compare answers by value and the CLI renders them one way whatever ran the query. Tables and
CSV show values only (labels first, IRIs in their own columns); ``sparql-json`` keeps every
term's type, datatype and language for tools that need them.
"""

from __future__ import annotations

import json
from pathlib import Path

from ccpj_graph.query.record import Record
from ccpj_graph.query.terms import Term

__all__ = [
    "FORMATS",
    "AskResult",
    "GraphResult",
    "QueryResult",
    "SelectResult",
    "format_for_path",
    "is_empty",
    "render",
]

#: Output formats for rows (SELECT) and booleans (ASK); CONSTRUCT and DESCRIBE give Turtle.
FORMATS = ("table", "csv", "tsv", "json", "sparql-json")

_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "sparql-json"}
_TABLE_CELL = 72  # a terminal table clips long cells (quotes); csv/json carry them whole


class SelectResult(Record):
    """Rows of a SELECT query, in the order the query gave them."""

    __match_args__ = ("columns", "rows", "truncated")
    __slots__ = __match_args__
    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool  # True when --limit cut the answer short

    def __init__(
        self,
        columns: tuple[str, ...],
        rows: tuple[tuple[Term | None, ...], ...],
        truncated: bool = False,
    ) -> None:
        self._set(columns=columns, rows=rows, truncated=truncated)

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of plain values (numbers typed, unbound as None)."""
        return [
            {
                c: (t.plain() if t is not None else None)
                for c, t in zip(self.columns, row, strict=True)
            }
            for row in self.rows
        ]


class AskResult(Record):
    """The answer of an ASK query."""

    __match_args__ = ("value",)
    __slots__ = __match_args__
    value: bool

    def __init__(self, value: bool) -> None:
        self._set(value=value)


class GraphResult(Record):
    """The triples of a CONSTRUCT or DESCRIBE query, already written as Turtle."""

    __match_args__ = ("turtle", "triples", "truncated")
    __slots__ = __match_args__
    turtle: str
    triples: int
    truncated: bool

    def __init__(self, turtle: str, triples: int, truncated: bool = False) -> None:
        self._set(turtle=turtle, triples=triples, truncated=truncated)


QueryResult = SelectResult | AskResult | GraphResult


def is_empty(result: QueryResult) -> bool:
    """True for no rows or no triples (an ASK answer is never empty)."""
    if isinstance(result, SelectResult):
        return not result.rows
    if isinstance(result, GraphResult):
        return result.triples == 0
    return False


def format_for_path(path: str | Path) -> str | None:
    """The row format a file name implies (``.csv``, ``.tsv``, ``.json``, ``.srj``)."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def _text(term: Term | None) -> str:
    return "" if term is None else term.value


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TABLE_CELL else text[: _TABLE_CELL - 1] + "…"


def _table(result: SelectResult) -> str:
    cells = [[_clip(_text(t)) for t in row] for row in result.rows]
    widths = [len(c) for c in result.columns]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    numeric = [
        bool(result.rows)
        and all(
            t is None or (isinstance(t.plain(), int | float) and not isinstance(t.plain(), bool))
            for t in (row[i] for row in result.rows)
        )
        for i in range(len(result.columns))
    ]

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(result.columns)), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out) + "\n"


def _delimited(result: SelectResult, delimiter: str) -> str:
    """CSV or TSV (one line per row); cells a spreadsheet would run as formulas are quoted
    (:mod:`ccpj_graph.spreadsheet`)."""
    from ccpj_graph.spreadsheet import csv_text, tsv_text  # imported for these formats only

    rows = ([_text(t) for t in row] for row in result.rows)
    if delimiter == ",":
        return csv_text(result.columns, rows)
    return tsv_text(result.columns, rows)


def _sparql_json(result: SelectResult | AskResult) -> str:
    if isinstance(result, AskResult):
        doc: dict[str, object] = {"head": {}, "boolean": result.value}
    else:
        bindings = [
            {c: t.to_json() for c, t in zip(result.columns, row, strict=True) if t is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render(result: QueryResult, fmt: str) -> str:
    """``result`` written in ``fmt`` (one of :data:`FORMATS`); graphs are always Turtle."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if isinstance(result, GraphResult):
        return result.turtle
    if fmt == "sparql-json":
        return _sparql_json(result)
    if isinstance(result, AskResult):
        answer = "true" if result.value else "false"
        if fmt == "json":
            return answer + "\n"
        return answer + "\n" if fmt == "table" else f"ask\n{answer}\n"
    if fmt == "table":
        return _table(result)
    if fmt == "csv":
        return _delimited(result, ",")
    if fmt == "tsv":
        return _delimited(result, "\t")
    return json.dumps(result.records(), ensure_ascii=False, indent=2) + "\n"
