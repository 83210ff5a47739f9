"""The gate in front of every SPARQL text: read-only, no network, no local files, clear errors.

Why: a SPARQL engine is not a sandbox. rdflib's ``SERVICE <url>`` makes an HTTP request with
no timeout, and on a dataset ``FROM <file:///...>`` reads local files into the answer;
pyoxigraph has no switch to turn SERVICE off. So a query is parsed (rdflib's parser builds the
algebra without evaluating anything), the algebra is walked, and the query is refused before
any engine sees it when it is an update (INSERT, DELETE, LOAD, CLEAR, ...), calls SERVICE, or
names a dataset with FROM / FROM NAMED. ``allow_network=True`` lets SERVICE and FROM through;
the store's own named graphs may always be named.

The text that is checked is the text that runs. Two parsers read the same characters
differently in two places (RELIABILITY.md): ``\\u`` escapes (rdflib expands them everywhere
before parsing, as SPARQL 1.1 says, even after an escaped backslash; Oxigraph 0.5 reads them
only inside strings and IRIs, so for it ``# \\\\u000A`` stays a comment) and a bare carriage
return (the end of a comment for Oxigraph, not for rdflib). So :func:`engine_text` expands the
escapes once, everywhere, as the SPARQL 1.1 Recommendation says (a backslash escaped by another
is kept), refuses a text whose expansion still holds a backslash before ``u`` or ``U`` (each
parser would read it its own way), and turns every line break into ``\\n``. The result has no
escapes left for either parser to read its own way; it is what the gate parses and what
:class:`CheckedQuery` hands to the engine. Both run in the same worker process, under its
time, CPU and memory budget and its network ban (:mod:`ccpj_graph.query.sandbox`).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ccpj_graph.errors import InputError

__all__ = [
    "CheckedQuery",
    "NetworkRefused",
    "QueryRefused",
    "QuerySyntaxError",
    "check_query",
    "engine_text",
]

_MAX_CHARS = 1_000_000
# rdflib's SPARQL parser (pyparsing) is not thread-safe: concurrent first parses from threads
# corrupt it for the life of the process (../shared/RELIABILITY.md). Every parse the gate
# makes holds this lock (the build answers questions ahead from two threads).
_PARSER = threading.Lock()
_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_UPDATES = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}


class QueryRefused(InputError):
    """The query would write, reach the network or read files: it is not run."""


class NetworkRefused(QueryRefused):
    """The query would reach another server or read files (SERVICE, FROM): each front end says
    how its user allows it (``ccpj sparql --allow-network``, ``allow_network=True``); the
    endpoint's users cannot."""


class QuerySyntaxError(InputError):
    """The query does not parse; the message gives line and column."""


@dataclass(frozen=True, slots=True)
class CheckedQuery:
    """A query that passed the gate: its text, its form and what it names outside the graph."""

    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    services: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()


def _walk(node: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every algebra node under ``node`` (CompValues are dicts; parts sit in lists)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item, seen)


_HEX = frozenset("0123456789abcdefABCDEF")
_LEFTOVER = re.compile(r"\\[uU]")


def _code_point(digits: str) -> str | None:
    """The character ``digits`` (hex) name, or None when they are not one (a surrogate)."""
    if not all(c in _HEX for c in digits):
        return None
    value = int(digits, 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return None
    return chr(value)


def _expand(text: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` expanded everywhere before parsing (SPARQL 1.1, 19.2).

    A backslash pairs with the character after it (``\\\\u0041`` stays as written); an
    escape whose digits do not name a character is kept, digits and all, and its digits are not
    read again.
    """
    if "\\" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        width = 4 if nxt == "u" else 8 if nxt == "U" else 0
        if not width:
            out.append(text[i : i + 2])
            i += 2
            continue
        digits = text[i + 2 : i + 2 + width]
        char = _code_point(digits) if len(digits) == width else None
        out.append(char if char is not None else text[i : i + 2 + width])
        i += 2 + width
    return "".join(out)


def engine_text(text: str) -> str:
    """The one text both the gate and the engine read: escapes expanded, line breaks ``\\n``.

    Refuses (:class:`QueryRefused`) a text whose expansion still holds a backslash before
    ``u`` or ``U``: each parser would expand it its own way.
    """
    expanded = _expand(text)
    leftover = _LEFTOVER.search(expanded)
    if leftover:
        line = expanded.count("\n", 0, leftover.start()) + 1
        raise QueryRefused(
            f"line {line}: a backslash before u or U that is not a complete \\uXXXX or"
            " \\UXXXXXXXX escape is refused (SPARQL parsers disagree on it); in a string,"
            ' write it with CONCAT("\\\\", "u...")'
        )
    return expanded.replace("\r\n", "\n").replace("\r", "\n")


def _update_ops(text: str) -> list[str] | None:
    """The operations of ``text`` read as a SPARQL Update, or None if it is not one."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except Exception:  # not an update either: the query's own syntax error is reported
        return None
    requests = getattr(parsed, "request", None) or []  # None for a text of comments only
    return [
        _UPDATES.get(getattr(r, "name", ""), str(getattr(r, "name", "update"))) for r in requests
    ]


def _syntax_error(text: str, err: Exception) -> QuerySyntaxError:
    line = getattr(err, "lineno", None)
    col = getattr(err, "col", None)
    message = getattr(err, "msg", None) or str(err)
    if line is None or col is None:
        return QuerySyntaxError(f"SPARQL syntax error: {message}")
    lines = text.splitlines() or [""]
    shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    excerpt = f" near {shown[:60]!r}" if shown else ""
    return QuerySyntaxError(f"SPARQL syntax error at line {line}, column {col}: {message}{excerpt}")


def check_query(
    text: str,
    *,
    prefixes: Mapping[str, str] | None = None,
    allow_network: bool = False,
    allowed_graphs: Iterable[str] = (),
) -> CheckedQuery:
    """Parse ``text`` and refuse it if it is not a read-only query of the local graph.

    The returned :attr:`CheckedQuery.text` is :func:`engine_text` of ``text``: run that text,
    never the original.

    ``prefixes`` are predeclared (the user need not write PREFIX lines for them; line numbers
    in errors stay those of ``text``). ``allowed_graphs`` are IRIs that FROM / FROM NAMED may
    name without ``allow_network`` (the store's own named graphs).
    """
    if len(text) > _MAX_CHARS:
        raise QueryRefused(f"the query is longer than {_MAX_CHARS:,} characters")
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    text = engine_text(text)
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    # rdflib logs a warning for IRIs it finds odd (it keeps the backslash of an escaped
    # local name such as ccpjid:country\\/KEN); the store reads them right, so keep quiet.
    quiet = logging.getLogger("rdflib.term")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with _PARSER:
            prepared = prepareQuery(text, initNs=dict(prefixes or {}))
    except ParseException as err:
        ops = _update_ops(text)
        if ops:
            raise QueryRefused(
                f"{', '.join(dict.fromkeys(ops))} refused: ccpj sparql is read-only"
                " (updates, LOAD and CLEAR are never run)"
            ) from None
        raise _syntax_error(text, err) from None
    except Exception as err:  # e.g. an undeclared prefix, found while translating
        raise QuerySyntaxError(f"SPARQL error: {err}") from None
    finally:
        quiet.setLevel(level)
    algebra = prepared.algebra
    form = _FORMS.get(algebra.name, algebra.name)
    services: list[str] = []
    for node in _walk(algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            services.append(str(dict.get(node, "term")))
    # dict.get: CompValue.get returns the key itself for a missing key.
    datasets = [
        (
            "FROM NAMED" if "named" in clause else "FROM",
            str(dict.get(clause, "named") or dict.get(clause, "default")),
        )
        for clause in (dict.get(algebra, "datasetClause") or [])
    ]
    allowed = set(allowed_graphs)
    if services and not allow_network:
        raise NetworkRefused(f"SERVICE <{services[0]}> refused: it would query another server")
    outside = [(kind, iri) for kind, iri in datasets if iri not in allowed]
    if outside and not allow_network:
        kind, iri = outside[0]
        raise NetworkRefused(
            f"{kind} <{iri}> refused: a dataset clause can read files or the network"
        )
    return CheckedQuery(text, form, tuple(services), tuple(iri for _, iri in datasets))
