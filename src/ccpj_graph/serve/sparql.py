"""The read-only SPARQL endpoint of ``ccpj serve``: a thin HTTP adapter over ``ccpj_graph.query``.

The query stage owns what makes SPARQL safe and bounded, and ``/sparql`` reuses all of it, so
the endpoint refuses, stops and cuts short exactly as ``ccpj sparql`` does and answers the same
rows: the safety gate and the query run in one worker process (:class:`SparqlJob`), under a
wall-clock, CPU and memory budget with the network denied; a bounded pool of such workers
(:mod:`ccpj_graph.serve.pool`) gives back-pressure. The store is built here, once, in a private
temporary folder, from the published dump and ontology plus the triples the project's reasoner
infers from them (the named graph ``INFERRED_GRAPH``, as in ``ccpj build``), and the
predeclared ``ccpjid:`` prefix follows the site's base URI. What this module adds is the
protocol side: choosing a result format from ``Accept`` (or ``format=``) and writing the SPARQL
1.1 Query Results XML, CSV and TSV formats and N-Triples, which the CLI does not need; SPARQL
JSON is the query stage's own.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ccpj_graph.errors import CcpjError
from ccpj_graph.publish.conneg import Format, negotiate
from ccpj_graph.query.canned import load_prefixes
from ccpj_graph.query.results import AskResult, GraphResult, SelectResult, render
from ccpj_graph.query.run import DEFAULT_LIMIT, DEFAULT_TIMEOUT, SparqlJob
from ccpj_graph.query.safety import QueryRefused as GateRefused
from ccpj_graph.query.safety import QuerySyntaxError
from ccpj_graph.query.sandbox import Budget
from ccpj_graph.query.store import BudgetExceeded, QueryFailed, build_store
from ccpj_graph.query.store import QueryTimeout as StoreTimeout
from ccpj_graph.query.terms import Term
from ccpj_graph.serve.pool import Busy, WorkerPool
from ccpj_graph.spreadsheet import csv_text

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT",
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Busy",
    "QueryRefused",
    "QueryTimeout",
    "SparqlAnswer",
    "SparqlService",
]

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
    """The request cannot be answered as asked; ``status`` is the HTTP status to send."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class QueryTimeout(CcpjError):
    """The query ran past the time limit and was stopped (HTTP 503)."""


@dataclass(frozen=True, slots=True)
class SparqlAnswer:
    """A rendered answer: body bytes, its media type, and whether the limit cut it short."""

    body: bytes
    media_type: str
    truncated: bool = False


class SparqlService:
    """Answers SPARQL over ``files`` (the published N-Triples dump, gzipped or not, and the
    ontology) plus what reasoning infers from them, through the query stage's gate and store,
    in a bounded pool of fenced worker processes."""

    def __init__(
        self,
        files: list[Path],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        limit: int = DEFAULT_LIMIT,
        id_base: str | None = None,
        infer: bool = True,
        workers: int = 2,
        queue_size: int = 16,
        memory_mb: int = 1024,
    ) -> None:
        if not timeout > 0 or timeout == float("inf"):
            raise CcpjError(f"--timeout {timeout:g}: must be a number of seconds more than 0")
        if limit < 1:
            raise CcpjError(f"--limit {limit}: must be at least 1")
        if memory_mb < 64:
            raise CcpjError(f"--memory {memory_mb}: must be at least 64 (MB)")
        self.timeout = timeout
        self.limit = limit
        self.prefixes = dict(load_prefixes())  # a copy: the loaded one is shared
        if id_base:
            self.prefixes["ccpjid"] = id_base
        self.pool: WorkerPool | None = None
        _remove_orphans()
        self._dir: Path | None = Path(tempfile.mkdtemp(prefix=f"ccpj-serve-{os.getpid()}-"))
        try:
            inputs = self._dir / "inputs"
            inputs.mkdir()
            sources = []
            for number, file in enumerate(files):
                data = Path(file).read_bytes()
                if file.name.endswith(".gz"):
                    data = gzip.decompress(data)
                source = inputs / f"{number}-{file.name.removesuffix('.gz')}.ttl"
                source.write_bytes(data)  # N-Triples is Turtle: the store reads both
                sources.append(source)
            inferred = _inferred(sources, self._dir / "inferred.nt") if infer else None
            self.store = self._dir / "store"
            info = build_store(sources, inferred, self.store)
            self.triples = info.asserted
            self.inferred = info.inferred
            self.pool = WorkerPool(
                self.store,
                workers=workers,
                queue_size=queue_size,
                wait=min(timeout, 10.0),
                budget=Budget(seconds=timeout, memory_mb=memory_mb),
            )
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the workers and remove the store."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def health(self) -> dict[str, object]:
        """What ``/health`` answers: the pool's state and the store's size."""
        stats = self.pool.stats() if self.pool is not None else None
        ok = stats is not None and stats.alive > 0
        doc: dict[str, object] = {
            "status": "ok" if ok else "down",
            "triples": self.triples,
            "inferred": self.inferred,
            "timeout": self.timeout,
            "limit": self.limit,
        }
        if stats is not None:
            doc.update(asdict(stats))
        return doc

    def run(self, text: str, *, accept: str | None = None, fmt: str | None = None) -> SparqlAnswer:
        """Check, run and render ``text`` for a client that sent ``accept`` (or ``fmt``)."""
        if self.pool is None:
            raise QueryRefused("the endpoint is shutting down", status=503)
        chosen_name = FORMAT_NAMES.get(fmt.lower()) if fmt else None
        if fmt and chosen_name is None:
            names = ", ".join(FORMAT_NAMES)
            raise QueryRefused(f"format {fmt!r}: not offered; use one of {names}", status=406)
        if not fmt and negotiate(accept, (*RESULT_FORMATS, *GRAPH_FORMATS)) is None:
            offered = ", ".join(f.media_type for f in (*RESULT_FORMATS, *GRAPH_FORMATS))
            raise QueryRefused(f"Accept: none of {offered} is acceptable", status=406)
        job = SparqlJob(text, self.limit, self.prefixes)
        try:
            result = self.pool.run(job, timeout=self.timeout)
        except GateRefused as err:
            raise QueryRefused(str(err), status=403) from None
        except QuerySyntaxError as err:
            raise QueryRefused(str(err), status=400) from None
        except StoreTimeout as err:
            raise QueryTimeout(str(err)) from None
        except BudgetExceeded as err:
            raise QueryRefused(str(err), status=503) from None
        except QueryFailed as err:
            raise QueryRefused(str(err), status=400) from None
        graph = isinstance(result, GraphResult)
        formats = GRAPH_FORMATS if graph else RESULT_FORMATS
        form = "CONSTRUCT and DESCRIBE" if graph else "SELECT and ASK"
        if fmt:
            chosen = chosen_name
            if chosen not in formats:
                names = ", ".join(k for k, v in FORMAT_NAMES.items() if v in formats)
                raise QueryRefused(
                    f"format {fmt!r}: not offered for {form}; use one of {names}", status=406
                )
        else:
            chosen = negotiate(accept, formats, default=formats[0])
            if chosen is None:
                offered = ", ".join(f.media_type for f in formats)
                raise QueryRefused(
                    f"Accept: none of {offered} is acceptable for {form}", status=406
                )
        if isinstance(result, GraphResult):
            body = result.turtle.encode("utf-8")
            if chosen is NTRIPLES:
                ntriples = ox.serialize(
                    list(ox.parse(body, format=ox.RdfFormat.TURTLE)), format=ox.RdfFormat.N_TRIPLES
                )
                assert ntriples is not None  # no output file given: the bytes are returned
                body = ntriples
            return SparqlAnswer(body, chosen.media_type, truncated=result.truncated)
        if chosen is JSON:
            body = render(result, "sparql-json").encode("utf-8")
        elif isinstance(result, AskResult):
            body = _render_ask(result.value, chosen)
        else:
            assert isinstance(result, SelectResult)
            rows = [tuple(_plain(t) for t in row) for row in result.rows]
            body = _render_select(list(result.columns), rows, chosen)
        truncated = bool(getattr(result, "truncated", False))
        return SparqlAnswer(body, chosen.media_type, truncated=truncated)


def _remove_orphans() -> None:
    """Remove the temporary stores of servers that were killed (SIGKILL leaves them): folders
    ``ccpj-serve-<pid>-*`` whose process is gone."""
    for folder in Path(tempfile.gettempdir()).glob("ccpj-serve-*-*"):
        pid = folder.name.split("-")[2]
        if not pid.isdigit() or int(pid) == os.getpid() or not folder.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # alive, another user's
            continue


def _inferred(sources: list[Path], out: Path) -> Path:
    """The inferred triples of ``sources`` as an N-Triples file at ``out``: from the build
    cache (``data/.cache/serve-inferred``, keyed by the sources' bytes and the code) when this
    site was served before, else reasoned now (seconds) and cached."""
    from ccpj_graph.cache import Cache, code_digest, digest

    cache = Cache()
    key = digest(code_digest(), *(source.read_bytes() for source in sources))
    data = cache.get("serve-inferred", key, ".nt")
    if data is None:
        data = _infer(sources).serialize(format="nt", encoding="utf-8")
        cache.put("serve-inferred", key, data, ".nt")
    out.write_bytes(data)
    return out


def _infer(sources: list[Path]) -> Any:
    """What the project's reasoner infers from ``sources`` (the last is the ontology), as in
    ``ccpj build``: the endpoint then answers what ``ccpj sparql`` answers."""
    from ccpj_graph.rdfio import read_graph
    from ccpj_graph.reason import reason

    data = read_graph(*sources[:-1], fmt="turtle")
    return reason(data, ontology=read_graph(sources[-1], fmt="turtle")).graph


def _plain(term: Term | None) -> tuple[str, str, str, str] | None:
    if term is None:
        return None
    return (term.kind, term.value, term.datatype or "", term.lang or "")


# --- result formats (SPARQL 1.1 Query Results XML, CSV and TSV) -------------------------

_Row = tuple[tuple[str, str, str, str] | None, ...]
_PLAIN = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


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
    answer = "true" if value else "false"
    if fmt is CSV:
        return f"_askResult\r\n{answer}\r\n".encode()
    return f"?_askResult\n{answer}\n".encode()


def _render_select(variables: list[str], rows: list[_Row], fmt: Format) -> bytes:
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
    if fmt is CSV:  # formula-safe cells, like every CSV the tool writes (spreadsheet.py)
        cells = (
            ["" if t is None else (f"_:{t[1]}" if t[0] == "bnode" else t[1]) for t in row]
            for row in rows
        )
        return csv_text(variables, cells, lineterminator="\r\n").encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else _nt_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
