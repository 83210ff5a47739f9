"""``ccpj query NAME [OPTIONS]`` without importing click: the shell's quick answer.

Why: importing click and the standard modules it pulls in (inspect, typing, gettext, uuid,
datetime, ...) costs as much CPU as opening the store and answering the flagship question
(about 60 ms against 70 ms on the 2-core machine), so ``ccpj query`` could not come within 2x
of a bare pyoxigraph script while click parsed its options (issue 13, item 4).

:func:`main` reads the one shape of command line a canned query takes (its declared options
and the shared output options, as ``--opt VALUE``, ``--opt=VALUE`` or ``-o FILE``), converts
the values exactly as the click command of :mod:`ccpj_graph.cli.query` would, and answers with
the same function that command calls. Anything else (``--help``, an unknown or misspelt
option, a missing or invalid value, a value starting with ``-``, shell completion, Windows,
where click expands wildcards) returns None and click parses the line as before, so help
texts and usage errors stay click's own.
``tests/cli/test_query_quick.py`` checks that every line this module accepts gives exactly the
values click gives. Output and errors go through :func:`echo` and :func:`report`, which the
click commands use too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ccpj_graph.errors import CcpjError
from ccpj_graph.limits import parse_seconds

TYPE_CHECKING = False  # typing itself is not imported: it costs this path more than it does
if TYPE_CHECKING:
    from typing import Any

    from ccpj_graph.query.canned import CannedQuery
    from ccpj_graph.query.results import QueryResult
    from ccpj_graph.query.worker import StoreWorker

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT",
    "RESERVED",
    "answer",
    "early_settings",
    "echo",
    "emit",
    "emit_result",
    "main",
    "parse",
    "report",
]

#: ``--timeout`` and ``--limit`` of ``ccpj query`` and ``ccpj sparql`` when not given.
DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000

#: The options every canned query shares that take a value, and the name click gives each.
_VALUE_OPTIONS = {
    "--format": "fmt",
    "-o": "output",
    "--output": "output",
    "--timeout": "timeout",
    "--limit": "limit",
    "--store": "store",
}
_FLAGS = {"--explain": "explain", "--fresh": "fresh"}
#: Names a canned query's parameter may not take (its options would clash with these).
RESERVED = frozenset({"format", "output", "explain", "fresh", "timeout", "limit", "store", "help"})
_COMPLETION = "_CCPJ_COMPLETE"


# --- output and errors, shared with the click commands ----------------------------------------


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Write ``message`` (and a newline) to stdout or stderr and flush, as ``click.echo`` does.

    A stream click would write to as it is (a text stream with a non-ASCII encoding) is written
    here directly; anything else (no such stream attributes, an ASCII locale, Windows, ANSI
    escapes click would strip) is left to ``click.echo`` itself, so the bytes are the same.
    """
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    if "\x1b" in message or sys.platform == "win32" or not _plain_text(stream):
        import click

        click.echo(message, err=err, nl=nl)
        return
    out = f"{message}\n" if nl else message
    if out:
        stream.write(out)
    stream.flush()


def _plain_text(stream: Any) -> bool:
    """True for a text stream click would use unchanged (its encoding set, not ASCII)."""
    import codecs

    encoding = getattr(stream, "encoding", None)
    if not encoding or getattr(stream, "errors", None) is None:
        return False
    try:
        return codecs.lookup(encoding).name != "ascii"
    except LookupError:
        return True


def emit(text: str, output: str = "-") -> None:
    """Print ``text`` to stdout, or write it to ``output`` with the one writer
    (:mod:`ccpj_graph.atomic`: never half a file; devices and FIFOs written through)."""
    if output == "-":
        echo(text, nl=False)
        return
    from ccpj_graph.atomic import write_output

    write_output(Path(output), text.encode("utf-8"))


def report(err: BaseException) -> int:
    """Say what went wrong in one line on stderr and return the exit code; the one handler of
    every verb (``CcpjGroup.invoke``) and of :func:`main`. Raises ``err`` again when it is not
    one of the errors a user can meet (a bug keeps its traceback)."""
    if isinstance(err, CcpjError):
        echo(f"error: {err}", err=True)
        return err.exit_code
    if isinstance(err, BrokenPipeError):  # `ccpj ... | head` closed the pipe: end quietly
        sys.stderr.close()
        return 0
    if isinstance(err, OSError):  # e.g. stdout on a full disk: one line, never a traceback
        _quiet_stdout()
        where = f"{err.filename}: " if err.filename else ""
        echo(f"error: {where}{err.strerror or err}", err=True)
        return 1
    if isinstance(err, MemoryError):
        echo("error: out of memory", err=True)
        return 1
    if isinstance(err, RecursionError):  # a hostile input nested beyond any parser's depth
        echo("error: input nested too deeply", err=True)
        return 2
    raise err


def _quiet_stdout() -> None:
    """Drop what stdout still buffers, so the interpreter's exit does not fail on it again."""
    import io

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


# --- the answer -----------------------------------------------------------------------------


def emit_result(result: QueryResult, *, fmt: str | None, output: str, limit: int) -> None:
    """Write ``result``; say on stderr when it is empty or was cut at ``--limit``."""
    from ccpj_graph.query.results import GraphResult, format_for_path, is_empty, render

    if fmt is None:
        implied = format_for_path(output) if output != "-" else None
        fmt = implied or ("table" if output == "-" and sys.stdout.isatty() else "csv")
    if isinstance(result, GraphResult) and fmt not in (None, "table", "csv"):
        echo("note: CONSTRUCT and DESCRIBE answers are written as Turtle", err=True)
    text = render(result, fmt)
    empty = is_empty(result)
    if not (empty and fmt == "table"):
        emit(text, output)
    if empty:
        echo("no results", err=True)
    elif getattr(result, "truncated", False):
        unit = "triples" if isinstance(result, GraphResult) else "rows"
        echo(f"showing the first {limit} {unit} (raise --limit for more)", err=True)


def answer(query: CannedQuery, options: dict[str, Any], worker: StoreWorker | None = None) -> None:
    """Run canned ``query`` with the options click (or :func:`parse`) gave and print the
    answer: what ``ccpj query NAME`` does. ``worker``: one :func:`main` started on the same
    store with the same timeout (this function stops it); else one is started here."""
    from ccpj_graph.query.worker import StoreWorker

    store = _store(options["store"])
    # the worker opens the store while this process imports the rest and binds the question
    # (on two cores the two overlap: issue 13's quick answer)
    with worker or StoreWorker(store, timeout=options["timeout"]) as worker:
        from ccpj_graph.query.run import run_canned

        # run_canned, as ccpj_graph.api's KnowledgeGraph.query does, without importing it
        values = {p.name: options.get(f"param_{p.var}") for p in query.parameters}
        given = {k: v for k, v in values.items() if v is not None}
        limit = options["limit"]
        text, result = run_canned(
            query,
            given,
            store=store,
            timeout=options["timeout"],
            limit=limit,
            explain=options["explain"],
            fresh=options.get("fresh", False),
            worker=worker,
        )
    if result is None:  # --explain
        emit(text, options["output"])
        return
    emit_result(result, fmt=options["fmt"], output=options["output"], limit=limit)


# --- the quick path -------------------------------------------------------------------------


def _path_ok(value: str, *, file_okay: bool, dir_okay: bool, allow_dash: bool) -> bool:
    """What ``cli.common.PathParam`` (readable, not required to exist) accepts without
    complaint: not a blank value (click would read it as the current folder)."""
    if not value.strip():
        return False
    if file_okay and allow_dash and value == "-":
        return True
    try:
        st = os.stat(value)
    except OSError:
        return True  # need not exist
    import stat

    if not file_okay and stat.S_ISREG(st.st_mode):
        return False
    if not dir_okay and stat.S_ISDIR(st.st_mode):
        return False
    return os.access(value, os.R_OK)


def _repeated(raw: dict[str, Any], dest: str) -> bool:
    """An option that takes one value, given a second time: click's group refuses the line
    (``cli/common.py``), so the line is left to click."""
    return dest in raw


def parse(argv: Sequence[str]) -> tuple[CannedQuery, dict[str, Any]] | None:
    """The canned query and the options click would pass its command for ``argv`` (the
    arguments after ``ccpj``), or None when the line is not one this path reads."""
    if len(argv) < 2 or argv[0] != "query" or os.environ.get(_COMPLETION):
        return None
    if os.name == "nt":  # click expands wildcards in the arguments there: leave it to click
        return None
    from ccpj_graph.query.canned import load_queries
    from ccpj_graph.query.results import FORMATS

    try:
        query = load_queries().get(argv[1])
    except CcpjError:
        return None  # click reports it
    if query is None:
        return None
    names = {p.option: f"param_{p.var}" for p in query.parameters}
    if any(p.name in RESERVED for p in query.parameters):
        return None  # the click command reports it
    names.update(_VALUE_OPTIONS)
    raw: dict[str, Any] = {}
    rest = list(argv[2:])
    while rest:
        token = rest.pop(0)
        if token in _FLAGS:
            raw[_FLAGS[token]] = True
        elif token.startswith("--") and "=" in token:
            option, _, value = token.partition("=")
            if option not in names or _repeated(raw, names[option]):
                return None
            raw[names[option]] = value
        elif token in names and rest and (rest[0] == "-" or not rest[0].startswith("-")):
            if _repeated(raw, names[token]):
                return None
            raw[names[token]] = rest.pop(0)
        else:
            return None
    options: dict[str, Any] = {}
    for p in query.parameters:
        dest = f"param_{p.var}"
        if p.required and dest not in raw:
            return None
        options[dest] = raw.get(dest)
    options["explain"] = raw.get("explain", False)
    options["fresh"] = raw.get("fresh", False)
    fmt = raw.get("fmt")
    if fmt is not None and fmt not in FORMATS:
        return None
    options["fmt"] = fmt
    output = raw.get("output", "-")
    if not _path_ok(output, file_okay=True, dir_okay=False, allow_dash=True):
        return None
    options["output"] = output
    try:
        options["timeout"] = parse_seconds(raw.get("timeout", DEFAULT_TIMEOUT), zero=True)
        limit = raw.get("limit", DEFAULT_LIMIT)
        if isinstance(limit, str) and not limit.isascii():
            return None  # click's path names the option and refuses it
        options["limit"] = int(limit)
    except ValueError:
        return None
    if options["limit"] < 0:
        return None
    store = raw.get("store")
    if store is None:
        store = os.environ.get("CCPJ_STORE") or None
    if store is not None and not _path_ok(store, file_okay=False, dir_okay=True, allow_dash=False):
        return None
    options["store"] = Path(store) if store is not None else None
    if output != "-" and _overlaps(output, options["store"]):
        return None
    return query, options


def _overlaps(output: str, store: Path | None) -> bool:
    """``-o`` is refused by the click command (``cli/common.py:Verb``) when it lies in the
    store, or would replace it; such a line is left to click, which says so."""
    from ccpj_graph.overlap import check_overlaps

    try:
        check_overlaps([("-o", output)], [("--store", _store(store))])
    except CcpjError:
        return True
    return False


def _store(option: Path | None) -> Path:
    """The store a query reads: ``--store`` (or ``CCPJ_STORE``, which :func:`parse` reads),
    else the project's."""
    from ccpj_graph import resources

    return option if option is not None else resources.store_dir()


def early_settings(argv: Sequence[str]) -> tuple[Path, float] | None:
    """The store and timeout of a line that looks like ``ccpj query NAME ...``, from a scan of
    its ``--store`` and ``--timeout`` tokens alone (and ``CCPJ_STORE``), before the line is
    parsed; None for any other line. :func:`main` starts the store worker with them and uses
    it only when :func:`parse` then gives the same two (on this path a value cannot start
    with ``-``, so none is mistaken for an option; a test checks the two agree)."""
    if len(argv) < 2 or argv[0] != "query" or os.environ.get(_COMPLETION) or os.name == "nt":
        return None
    found: dict[str, str] = {}
    tokens = list(argv[2:])
    for i, token in enumerate(tokens):
        for option in ("--store", "--timeout"):
            if token == option and i + 1 < len(tokens):
                found[option] = tokens[i + 1]
            elif token.startswith(option + "="):
                found[option] = token.partition("=")[2]
    store = found.get("--store", os.environ.get("CCPJ_STORE") or None)
    try:
        timeout = parse_seconds(found.get("--timeout", DEFAULT_TIMEOUT), zero=True)
    except ValueError:
        return None
    try:
        return _store(Path(store) if store is not None else None), timeout
    except CcpjError:
        return None  # a bad home (CCPJ_HOME): the line's own parse reports it


def _early_worker(argv: Sequence[str]) -> StoreWorker | None:
    """A store worker started before the line is parsed (:func:`early_settings`): it opens
    the store while this process reads the query files and binds the question."""
    settings = early_settings(argv)
    if settings is None:
        return None
    from ccpj_graph.query.worker import StoreWorker

    store, timeout = settings
    return StoreWorker(store, timeout=timeout)


def main(argv: Sequence[str]) -> int | None:
    """Answer ``ccpj query NAME ...`` without click and return the exit code; None when
    :func:`parse` does not read ``argv`` (click takes over)."""
    worker = _early_worker(argv)
    try:
        try:
            parsed = parse(argv)
        except CcpjError as err:  # no home to read the queries from (CCPJ_HOME)
            return report(err)
        if parsed is None:
            return None  # click parses the line (the worker is stopped below)
        query, options = parsed
        if worker is not None and (worker.path, worker.timeout) != (
            _store(options["store"]),
            options["timeout"],
        ):
            worker.close()  # not the store or timeout the line gives: answer() starts its own
            worker = None
        try:
            try:
                answer(query, options, worker)
                sys.stdout.flush()  # a full disk behind stdout fails here, not at exit
            except (CcpjError, OSError, MemoryError, RecursionError) as err:
                return report(err)
        except (EOFError, KeyboardInterrupt):  # as click's main: a blank line, then "Aborted!"
            echo(err=True)
            echo("Aborted!", err=True)
            return 1
        return 0
    finally:
        if worker is not None:
            worker.close()  # answer() has stopped it already, unless it never got there
