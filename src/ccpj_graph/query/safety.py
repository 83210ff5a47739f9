"""The gate in front of user SPARQL: read-only, no network, no local files, clear syntax errors.

Why: a SPARQL engine is not a sandbox. rdflib's ``SERVICE <url>`` makes an HTTP request with
no timeout, and on a dataset ``FROM <file:///...>`` reads local files into the answer;
pyoxigraph has no switch to turn SERVICE off. So a query is parsed (rdflib's parser builds the
algebra without evaluating anything), the algebra is walked, and the query is refused before
any engine sees it when it is an update (INSERT, DELETE, LOAD, CLEAR, ...), calls SERVICE, or
names a dataset with FROM / FROM NAMED. ``allow_network=True`` lets SERVICE and FROM through;
the store's own named graphs may always be named.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ccpj_graph.errors import InputError

__all__ = ["CheckedQuery", "QueryRefused", "QuerySyntaxError", "check_query"]

_MAX_CHARS = 1_000_000
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


def _update_ops(text: str) -> list[str] | None:
    """The operations of ``text`` read as a SPARQL Update, or None if it is not one."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except Exception:  # not an update either: the query's own syntax error is reported
        return None
    return [
        _UPDATES.get(getattr(r, "name", ""), str(getattr(r, "name", "update")))
        for r in parsed.request
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

    ``prefixes`` are predeclared (the user need not write PREFIX lines for them; line numbers
    in errors stay those of ``text``). ``allowed_graphs`` are IRIs that FROM / FROM NAMED may
    name without ``allow_network`` (the store's own named graphs).
    """
    if len(text) > _MAX_CHARS:
        raise QueryRefused(f"the query is longer than {_MAX_CHARS:,} characters")
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    # rdflib logs a warning for IRIs it finds odd (it keeps the backslash of an escaped
    # local name such as ccpjid:country\\/KEN); the store reads them right, so keep quiet.
    quiet = logging.getLogger("rdflib.term")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
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
        raise QueryRefused(
            f"SERVICE <{services[0]}> refused: it would query another server"
            " (pass --allow-network to allow it)"
        )
    outside = [(kind, iri) for kind, iri in datasets if iri not in allowed]
    if outside and not allow_network:
        kind, iri = outside[0]
        raise QueryRefused(
            f"{kind} <{iri}> refused: a dataset clause can read files or the network"
            " (pass --allow-network to allow it)"
        )
    return CheckedQuery(text, form, tuple(services), tuple(iri for _, iri in datasets))
