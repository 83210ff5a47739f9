"""How UN documents cite resolutions and decisions, read from the reference data.

Why a file, not Python: the citation forms (the keyword, the number shapes, the adoption date,
the document symbols) are the United Nations' own and shared by every family of reports, so
they are reference data (``data/reference/resolution-citations.toml``) beside the mandates,
which a maintainer extends without reading Python. What a family words its own way (the
phrases that name a body) stays in its profile's lexicon and fills the ``<bodies>`` and
``<treaty-heads>`` placeholders. The file is checked when it loads: an unknown or missing key,
a value of the wrong kind, a regular expression that does not compile or a body key that
:data:`ccpj_graph.mandates.BODIES` lacks is a :class:`~ccpj_graph.errors.CcpjError` reading
``file:line: message``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError
from ccpj_graph.mandates import BODIES
from ccpj_graph.tomlfile import read_toml

__all__ = ["CITATIONS_FILE", "Citations", "load_citations"]

#: the citation forms, beside the mandates in the reference data
CITATIONS_FILE = "resolution-citations.toml"

#: key -> kind of the file's top level; "pattern" may hold <placeholders>
_TOP: dict[str, str] = {
    "keyword": "pattern",
    "not_after": "words",
    "number": "pattern",
    "separator": "pattern",
    "key_number": "pattern",
    "dated": "pattern",
    "months": "words",
    "body_before": "pattern",
    "body_after": "pattern",
    "treaty_body": "pattern",
    "shapes": "shapes",
    "symbol": "symbol",
}
#: named groups the code reads from a pattern
_GROUPS: dict[str, frozenset[str]] = {
    "keyword": frozenset({"decision"}),
    "dated": frozenset({"year"}),
    "symbol.pattern": frozenset({"organ", "session", "n", "year"}),
}
_SHAPE = {"pattern": "pattern", "body": "body"}
_SYMBOL = {"pattern": "pattern", "organs": "organs", "yearly": "bodies"}
#: the placeholders a pattern may hold, filled by the caller (the profile's body phrases and
#: treaty heads) or from the file (the months); a pattern not listed holds none
_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "dated": frozenset({"months"}),
    "body_before": frozenset({"bodies"}),
    "body_after": frozenset({"bodies"}),
    "treaty_body": frozenset({"treaty-heads"}),
}
_PLACEHOLDER = re.compile(r"(?<!\?P)<([a-z][a-z-]*)>")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


@dataclass(frozen=True, slots=True, eq=False)
class Citations:
    """The checked citation forms; patterns with placeholders stay as text (:meth:`fill`).
    Hashed by identity: one object per version of the file (a cache key of the lexicon)."""

    keyword: re.Pattern[str]
    not_after: tuple[str, ...]  # lower-case words
    number: re.Pattern[str]
    numbers: re.Pattern[str]  # whitespace, then a list of numbers (group "list")
    key_number: re.Pattern[str]
    dated: re.Pattern[str]
    body_before: str
    body_after: str
    treaty_body: str
    shapes: tuple[tuple[re.Pattern[str], str], ...]  # (whole-number pattern, body key)
    symbol: re.Pattern[str]
    organs: Mapping[str, str]  # organ letter -> body key
    yearly: frozenset[str]  # bodies whose numbers carry a year, not a session

    def fill(self, template: str, values: Mapping[str, str]) -> re.Pattern[str]:
        """``template`` (one of the placeholder patterns) compiled with ``values`` filled in."""
        return _filled(template, tuple(sorted(values.items())))


@cache
def _filled(template: str, values: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    given = dict(values)
    return re.compile(_PLACEHOLDER.sub(lambda m: given[m.group(1)], template))


class _Reader:
    """Checks one parsed file; the first problem raises with the file and line."""

    def __init__(self, path: Path, lines: list[str]) -> None:
        self.path, self.lines = path, lines

    def fail(self, table: str, key: str | None, message: str) -> NoReturn:
        raise CcpjError(f"{self.path}:{self.line(table, key)}: {message}")

    def line(self, table: str, key: str | None) -> int:
        """The 1-based line of ``key`` in ``table`` ("" the top level, "shapes#2" the second
        [[shapes]]); the table's header, else line 1, when the key is not written there."""
        name, _, nth = table.partition("#")
        wanted = int(nth) if nth else 1
        current, seen, found = "", 0, 0 if not name else None
        for number, text in enumerate(self.lines):
            header = _HEADER.match(text)
            if header:
                current = header.group(1).strip()
                if current == name:
                    seen += 1
                    if seen == wanted:
                        found = number
                continue
            if found is None or current != name or (name and seen != wanted):
                continue
            if key is not None and re.match(rf"""^\s*["']?{re.escape(key)}["']?\s*=""", text):
                return number + 1
        return (found or 0) + 1

    def shape(self, data: Mapping[str, Any], shape: Mapping[str, str], table: str) -> None:
        where = f"[{table.split('#')[0]}] " if table else ""
        for key in data:
            if key not in shape:
                allowed = ", ".join(sorted(shape))
                self.fail(table, key, f"{where}unknown key {key!r} (allowed: {allowed})")
        for key, kind in shape.items():
            if key not in data:
                self.fail(table, None, f"{where}missing key {key!r} ({kind})")
            self.value(data[key], kind, table, key, f"{where}{key}")

    def value(self, value: Any, kind: str, table: str, key: str, name: str) -> None:
        if kind == "pattern":
            if not isinstance(value, str) or not value.strip():
                self.fail(table, key, f"{name}: must be a non-empty regular expression")
            unknown = set(_PLACEHOLDER.findall(value)) - _PLACEHOLDERS.get(key, frozenset())
            if unknown:
                self.fail(table, key, f"{name}: unknown placeholder <{sorted(unknown)[0]}>")
            try:
                compiled = re.compile(_PLACEHOLDER.sub("(?:x)", value))
            except re.error as err:
                self.fail(table, key, f"{name}: bad regular expression: {err}")
            missing = _GROUPS.get(f"{table}.{key}" if table else key, frozenset()) - set(
                compiled.groupindex
            )
            if missing:
                self.fail(table, key, f"{name}: needs the group (?P<{sorted(missing)[0]}>...)")
        elif kind in ("words", "bodies"):
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                self.fail(table, key, f"{name}: must be a list of non-empty strings")
            if len(set(value)) != len(value):
                self.fail(table, key, f"{name}: an entry is listed twice")
            if kind == "bodies":
                for item in value:
                    self.body(item, table, key, name)
        elif kind == "body":
            self.body(value, table, key, name)
        elif kind == "organs":
            if not isinstance(value, dict) or not value:
                self.fail(table, key, f"{name}: must be a table (letter = body key)")
            for body in value.values():
                self.body(body, table, key, name)
        elif kind == "shapes":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.fail(table, key, f"{name}: must be a list of [[{key}]] tables")
            for n, entry in enumerate(value, start=1):
                self.shape(entry, _SHAPE, f"{key}#{n}")
        elif kind == "symbol":
            if not isinstance(value, dict):
                self.fail(table, key, f"{name}: must be a table")
            self.shape(value, _SYMBOL, key)

    def body(self, value: object, table: str, key: str, name: str) -> None:
        if value not in BODIES:
            self.fail(
                table,
                key,
                f"{name}: {value!r} is not a mandate body ({', '.join(sorted(BODIES))})",
            )


def _read(path: Path) -> Citations:
    data, lines = read_toml(path)
    _Reader(path, lines).shape(data, _TOP, "")
    months = "|".join(re.escape(m) for m in data["months"])
    dated = data["dated"].replace("<months>", months)
    number = data["number"]
    symbol = data["symbol"]
    return Citations(
        keyword=re.compile(data["keyword"]),
        not_after=tuple(w.lower() for w in data["not_after"]),
        number=re.compile(number),
        numbers=re.compile(rf"\s+(?P<list>{number}(?:(?:{data['separator']}){number})*)"),
        key_number=re.compile(data["key_number"]),
        dated=re.compile(dated),
        body_before=data["body_before"],
        body_after=data["body_after"],
        treaty_body=data["treaty_body"],
        shapes=tuple((re.compile(s["pattern"]), s["body"]) for s in data["shapes"]),
        symbol=re.compile(symbol["pattern"]),
        organs=dict(symbol["organs"]),
        yearly=frozenset(symbol["yearly"]),
    )


@cache
def _cached(path: Path, stamp: int) -> Citations:
    return _read(path)


def load_citations(path: Path | None = None) -> Citations:
    """The checked citation forms at ``path`` (default: the reference data's
    ``resolution-citations.toml``); cached until the file changes."""
    path, stamp = resources.file_stamp(path or resources.reference_file(CITATIONS_FILE))
    if stamp is None:
        raise CcpjError(f"{path}: resolution citation forms not found")
    return _cached(path, stamp)
