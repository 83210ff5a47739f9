"""The read-only SPARQL endpoint behind ``ccpj serve``: gate, worker process, result formats.

Why a gate: pyoxigraph has no switch to turn ``SERVICE`` off, and a dataset clause (``FROM``,
``FROM NAMED``, ``default-graph-uri``) asks the engine to read something other than the
published graph, so both are refused after parsing and before evaluation; update requests are
refused outright. Why a worker process: pyoxigraph ignores signals until a query finishes, so
the time limit is enforced by killing the worker and starting a fresh one. The worker holds
the published dump and ontology in memory and sends back at most ``limit`` rows (or triples,
already written as Turtle or N-Triples); the answer says when it was cut short.

The query stage (``ccpj_graph.query``) owns the same refusals for the CLI; the constants here
mirror its defaults.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import multiprocessing
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ccpj_graph.errors import CcpjError
from ccpj_graph.publish.conneg import Format, negotiate

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT",
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "QueryRefused",
    "QueryTimeout",
    "SparqlAnswer",
    "SparqlService",
    "check_query",
]

DEFAULT_TIMEOUT = 10.0  # seconds
DEFAULT_LIMIT = 10_000  # rows or triples

JSON = Format("application/sparql-results+json", "srj", "SPARQL JSON", ("application/json",))
XML = Format("application/sparql-results+xml", "srx", "SPARQL XML", ("application/xml",))
CSV = Format("text/csv", "csv", "CSV")
TSV = Format("text/tab-separated-values", "tsv", "TSV")
TURTLE = Format("text/turtle", "ttl", "Turtle", ("application/x-turtle",))
NTRIPLES = Format("application/n-triples", "nt", "N-Triples", ("text/plain",))

#: Formats for SELECT and ASK (first is the default), and for CONSTRUCT and DESCRIBE.
RESULT_FORMATS: tuple[Format, ...] = (JSON, XML, CSV, TSV)
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES)
#: ``format=`` request parameter values (a convenience many endpoints offer).
FORMAT_NAMES = {
    "json": JSON,
    "xml": XML,
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ttl": TURTLE,
    "ntriples": NTRIPLES,
    "nt": NTRIPLES,
}


class QueryRefused(CcpjError):
    """The query is malformed or asks for something the endpoint does not do (HTTP 400/403)."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class QueryTimeout(CcpjError):
    """The query ran past the time limit and was stopped (HTTP 503)."""


def _walk(node: Any) -> Any:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or (hasattr(node, "asList") and not isinstance(node, str)):
        for value in node:
            yield from _walk(value)


def check_query(text: str) -> str:
    """The query form (SELECT, CONSTRUCT, DESCRIBE, ASK) of ``text``, or refuse it."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except ParseException as err:
        try:
            parseUpdate(text)
        except ParseException:
            raise QueryRefused(
                f"query: syntax error at line {err.lineno}, column {err.col}"
            ) from None
        raise QueryRefused(
            "query: updates are refused: this endpoint is read-only", status=403
        ) from None
    except Exception as err:  # rdflib raises plain exceptions for some malformed input
        raise QueryRefused(f"query: cannot parse: {err}") from None
    body = parsed[1]
    if dict.get(body, "datasetClause"):  # CompValue.get answers its key when missing
        raise QueryRefused(
            "query: FROM and FROM NAMED are refused: the endpoint answers over the published "
            "graph only",
            status=403,
        )
    for node in _walk(parsed):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise QueryRefused(
                "query: SERVICE is refused: the endpoint never calls out", status=403
            )
    form = str(body.name).removesuffix("Query").upper()
    return form


@dataclass(frozen=True, slots=True)
class SparqlAnswer:
    """A rendered answer: body bytes, its media type, and whether the limit cut it short."""

    body: bytes
    media_type: str
    truncated: bool = False


# --- worker process ------------------------------------------------------------------------


def _term(term: Any) -> tuple[str, str, str, str] | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, "", "")
    return ("literal", term.value, term.datatype.value, term.language or "")


def _worker(files: list[str], conn: Connection) -> None:  # pragma: no cover - other process
    import pyoxigraph as ox

    store = ox.Store()
    for name in files:
        data = Path(name).read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        fmt = ox.RdfFormat.N_TRIPLES if ".nt" in name else ox.RdfFormat.TURTLE
        store.bulk_load(data, format=fmt)
    conn.send(("ready", store.__len__()))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        text, limit, graph_format = request
        try:
            result = store.query(text)
            if isinstance(result, ox.QueryBoolean):
                conn.send(("ask", bool(result)))
            elif isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                rows = []
                for solution in result:
                    if len(rows) == limit:
                        conn.send(("select", variables, rows, True))
                        break
                    rows.append(tuple(_term(solution[v]) for v in variables))
                else:
                    conn.send(("select", variables, rows, False))
            else:
                triples = []
                truncated = False
                for triple in result:
                    if len(triples) == limit:
                        truncated = True
                        break
                    triples.append(triple)
                fmt = ox.RdfFormat.TURTLE if graph_format == "ttl" else ox.RdfFormat.N_TRIPLES
                conn.send(("graph", ox.serialize(triples, format=fmt), truncated))
        except Exception as err:  # the worker answers every request, whatever went wrong
            conn.send(("error", str(err).splitlines()[0] if str(err) else type(err).__name__))


class SparqlService:
    """Answers SPARQL queries over ``files`` (N-Triples, optionally gzipped, or Turtle)."""

    def __init__(
        self, files: list[Path], *, timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT
    ) -> None:
        if timeout <= 0:
            raise CcpjError(f"--timeout {timeout}: must be more than 0 seconds")
        if limit < 1:
            raise CcpjError(f"--limit {limit}: must be at least 1")
        self.files = [str(f) for f in files]
        self.timeout = timeout
        self.limit = limit
        self.triples = 0
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._conn: Connection | None = None
        self._start()

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker, args=(self.files, child), daemon=True)
        process.start()
        child.close()
        if not parent.poll(120):
            process.kill()
            raise CcpjError("sparql: the query worker did not start within 120 s")
        try:
            message = parent.recv()
        except EOFError:
            raise CcpjError("sparql: the query worker could not load the published data") from None
        self.triples = int(message[1])
        self._process, self._conn = process, parent

    def close(self) -> None:
        """Stop the worker process."""
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
            self._process = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def run(self, text: str, *, accept: str | None = None, fmt: str | None = None) -> SparqlAnswer:
        """Check, run and render ``text`` for a client that sent ``accept``."""
        form = check_query(text)
        formats = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
        if fmt:
            chosen = FORMAT_NAMES.get(fmt.lower())
            if chosen is None or chosen not in formats:
                names = ", ".join(k for k, v in FORMAT_NAMES.items() if v in formats)
                raise QueryRefused(
                    f"format {fmt!r}: not offered for {form}; use one of {names}", status=406
                )
        else:
            chosen = negotiate(accept, formats, default=formats[0])
            if chosen is None:
                offered = ", ".join(f.media_type for f in formats)
                raise QueryRefused(f"Accept: none of {offered} is acceptable", status=406)
        with self._lock:
            if self._conn is None:
                self._start()
            assert self._conn is not None
            self._conn.send((text, self.limit, chosen.extension))
            if not self._conn.poll(self.timeout):
                self.close()
                self._start()
                raise QueryTimeout(f"query: stopped after the time limit of {self.timeout:g} s")
            try:
                reply = self._conn.recv()
            except EOFError:
                self.close()
                self._start()
                raise QueryRefused("query: the query worker failed", status=500) from None
        kind = reply[0]
        if kind == "error":
            raise QueryRefused(f"query: {reply[1]}")
        if kind == "graph":
            return SparqlAnswer(reply[1], chosen.media_type, truncated=reply[2])
        if kind == "ask":
            return SparqlAnswer(_render_ask(reply[1], chosen), chosen.media_type)
        variables, rows, truncated = reply[1], reply[2], reply[3]
        return SparqlAnswer(_render_select(variables, rows, chosen), chosen.media_type, truncated)


# --- result formats (SPARQL 1.1 Query Results JSON, XML, CSV and TSV) -------------------------

_Row = tuple[tuple[str, str, str, str] | None, ...]
_PLAIN = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _json_term(term: tuple[str, str, str, str]) -> dict[str, str]:
    kind, value, datatype, lang = term
    out = {"type": kind, "value": value}
    if lang:
        out["xml:lang"] = lang
    elif kind == "literal" and datatype and datatype != _PLAIN:
        out["datatype"] = datatype
    return out


def _nt_term(term: tuple[str, str, str, str]) -> str:
    kind, value, datatype, lang = term
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype and datatype not in (_PLAIN, _LANG_STRING):
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _render_ask(value: bool, fmt: Format) -> bytes:
    if fmt is XML:
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            f"  <head/>\n  <boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"
        ).encode()
    if fmt in (CSV, TSV):
        return (
            ("_askResult\r\n" if fmt is CSV else "?_askResult\n").encode()
            + (b"true" if value else b"false")
            + (b"\r\n" if fmt is CSV else b"\n")
        )
    return json.dumps({"head": {}, "boolean": value}).encode()


def _render_select(variables: list[str], rows: list[_Row], fmt: Format) -> bytes:
    if fmt is JSON:
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    if fmt is XML:
        lines = [
            '<?xml version="1.0"?>',
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
            "  <head>",
        ]
        lines += [f"    <variable name={quoteattr(v)}/>" for v in variables]
        lines += ["  </head>", "  <results>"]
        for row in rows:
            lines.append("    <result>")
            for v, t in zip(variables, row, strict=True):
                if t is None:
                    continue
                kind, value, datatype, lang = t
                if kind == "uri":
                    inner = f"<uri>{escape(value)}</uri>"
                elif kind == "bnode":
                    inner = f"<bnode>{escape(value)}</bnode>"
                elif lang:
                    inner = f"<literal xml:lang={quoteattr(lang)}>{escape(value)}</literal>"
                elif datatype and datatype != _PLAIN:
                    inner = f"<literal datatype={quoteattr(datatype)}>{escape(value)}</literal>"
                else:
                    inner = f"<literal>{escape(value)}</literal>"
                lines.append(f"      <binding name={quoteattr(v)}>{inner}</binding>")
            lines.append("    </result>")
        lines += ["  </results>", "</sparql>", ""]
        return "\n".join(lines).encode("utf-8")
    if fmt is CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(
                ["" if t is None else (f"_:{t[1]}" if t[0] == "bnode" else t[1]) for t in row]
            )
        return buffer.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else _nt_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
