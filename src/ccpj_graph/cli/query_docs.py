"""``docs/queries.md``, generated: every canned query with its example run on the store.

Why: the page documents each ``queries/*.rq`` header (description, parameters, columns) and
shows what its example prints. Written by hand it went stale whenever a query or the graph
changed; rendered from the headers and the store it cannot, and a test compares the committed
page with a fresh rendering. Examples run exactly as ``ccpj query`` would: the example is split
with :mod:`shlex`, parsed by the query's own click command (so a misspelt option fails here as
it would on the command line), and answered by :func:`~ccpj_graph.query.run.run_canned`; the
table is :func:`~ccpj_graph.query.results.render`'s, less the IRI columns and cut to
:data:`SHOWN_ROWS` rows. The page's fixed text is the template
``templates/query/queries.md.j2``.

Regenerate with ``python -m ccpj_graph.cli.query_docs --write`` (``--check`` exits 1 when the
page is out of date; with neither, the page goes to stdout).
"""

from __future__ import annotations

import argparse
import difflib
import re
import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import jinja2
from click.core import ParameterSource

from ccpj_graph import resources
from ccpj_graph.cli.query import canned_command, parameter_state, parameter_values
from ccpj_graph.errors import CcpjError
from ccpj_graph.query.canned import CannedQuery, load_queries
from ccpj_graph.query.results import SelectResult, render
from ccpj_graph.query.run import DEFAULT_TIMEOUT, run_canned

__all__ = [
    "REGENERATE",
    "SHOWN_ROWS",
    "command_values",
    "default_page",
    "example_output",
    "example_values",
    "main",
    "render_query_docs",
    "shown_columns",
    "shown_commands",
]

#: Rows of an example's table shown on the page; longer tables end with "... (N rows in all)".
SHOWN_ROWS = 8

#: The command that rewrites the page (quoted by messages and by the test).
REGENERATE = "python -m ccpj_graph.cli.query_docs --write"

_TEMPLATE = "queries.md.j2"
_DIFF_LINES = 60  # --check shows at most this much of the difference


def default_page() -> Path:
    """Where the page lives in a checkout: ``docs/queries.md`` next to ``queries/``."""
    return resources.home() / "docs" / "queries.md"


#: A ``ccpj query NAME --option value ...`` command in Markdown text: its words up to a shell
#: comment, a redirection, a short option (``-o FILE``) or the end of the code span.
_SHOWN_COMMAND = re.compile(
    r"ccpj query [a-z-]+(?: --[a-z-]+(?:[ =](?:\"[^\"]*\"|[^\s`\"#<>|&;-][^\s`]*))?)*"
)


def _parsed(query: CannedQuery, command: str, what: str = "example") -> click.Context:
    """``command``, a ``ccpj query NAME ...`` line, parsed by ``query``'s own command;
    ``what`` names it in an error."""
    where = f"{query.path}: {what} {command!r}"
    try:
        words = shlex.split(command)
    except ValueError as err:
        raise CcpjError(f"{where}: {err}") from None
    if words[:3] != ["ccpj", "query", query.name]:
        raise CcpjError(f"{where}: it must start with 'ccpj query {query.name}'")
    if "--help" in words[3:]:  # checked first: click would print the help while parsing
        raise CcpjError(f"{where}: it must run the query, not ask for help")
    try:
        return canned_command(query).make_context(f"ccpj query {query.name}", words[3:])
    except click.ClickException as err:
        raise CcpjError(f"{where}: {err.format_message()}") from None


def _given(context: click.Context) -> set[str]:
    return {
        name
        for name in context.params
        if context.get_parameter_source(name) is ParameterSource.COMMANDLINE
    }


def example_values(query: CannedQuery, example: str) -> dict[str, str]:
    """The parameter values (by parameter name) that ``example``, a ``ccpj query NAME ...``
    command line, passes to ``query``, parsed by the query's own ``ccpj query`` command.

    An example that is not a ``ccpj query`` call of this query, that the command rejects, or
    that sets anything but the query's parameters (``--format``, ``--limit``, ... would make
    the page show something the command does not print) raises :class:`CcpjError`.
    """
    context = _parsed(query, example)
    own = {f"param_{p.var}" for p in query.parameters}
    extra = sorted(_given(context) - own)
    if extra:
        where = f"{query.path}: example {example!r}"
        raise CcpjError(f"{where}: the page shows tables; leave out {', '.join(extra)}")
    return parameter_values(query, context.params)


def command_values(query: CannedQuery, command: str) -> dict[str, str]:
    """The values of ``query``'s own parameters that ``command`` passes (by parameter name),
    parsed as :func:`example_values` does; the output options (``--format``, ``--limit``,
    ``--explain``, ...) are left out rather than refused: what a user asks, whatever the
    form of the answer."""
    context = _parsed(query, command, "command")
    given = _given(context)
    return parameter_values(query, {k: v for k, v in context.params.items() if k in given})


def shown_commands(
    text: str, queries: Mapping[str, CannedQuery] | None = None
) -> list[tuple[str, dict[str, str]]]:
    """Every ``ccpj query`` command ``text`` shows (README.md: code blocks, tables, prose) as
    (query name, :func:`command_values`), each once, in the order shown: what a user copies,
    and so what the tests and the benchmarks of the canned queries ask. A command naming no
    canned query, or one its command rejects, raises :class:`CcpjError`."""
    found = load_queries() if queries is None else queries
    shown: list[tuple[str, dict[str, str]]] = []
    for match in _SHOWN_COMMAND.finditer(text):
        name = match[0].split()[2]
        if name not in found:
            raise CcpjError(f"{match[0]!r}: no canned query {name!r}")
        case = (name, command_values(found[name], match[0]))
        if case not in shown:
            shown.append(case)
    return shown


def shown_columns(columns: Sequence[str]) -> tuple[int, ...]:
    """Indexes of the columns the page shows: all but the IRI ones (``iri``, ``iri_a``,
    ``standard_iri``, ...), which repeat the labels beside them at great width."""
    return tuple(i for i, name in enumerate(columns) if "iri" not in name.split("_"))


def example_output(
    query: CannedQuery,
    example: str,
    *,
    store: Path,
    shown_rows: int = SHOWN_ROWS,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> str:
    """What the page shows under ``$ example``: the table ``ccpj query`` prints, without the
    IRI columns, cut to ``shown_rows`` rows plus a line counting them all."""
    values = example_values(query, example)
    _, result = run_canned(query, values, store=store, timeout=timeout, limit=None)
    if not isinstance(result, SelectResult):
        raise CcpjError(f"{query.path}: a canned query must be a SELECT to be shown as a table")
    if not result.rows:
        return "no results\n"  # what the command says (on stderr) instead of an empty table
    keep = shown_columns(result.columns)
    table = SelectResult(
        columns=tuple(result.columns[i] for i in keep),
        rows=tuple(tuple(row[i] for i in keep) for row in result.rows[:shown_rows]),
    )
    text = render(table, "table")
    if len(result.rows) > shown_rows:
        text += f"... ({len(result.rows)} rows in all)\n"
    return text


@dataclass(frozen=True, slots=True)
class _ParameterEntry:
    option: str
    type: str
    state: str
    help: str


@dataclass(frozen=True, slots=True)
class _QueryEntry:
    name: str
    description: str
    parameters: tuple[_ParameterEntry, ...]
    columns: tuple[str, ...]
    example: str | None
    output: str
    fence: str


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in ``text``."""
    longest, run = 0, 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def _entry(
    query: CannedQuery, *, store: Path, shown_rows: int, timeout: float | None
) -> _QueryEntry:
    example = query.examples[0] if query.examples else None
    output = ""
    if example is not None:
        output = example_output(query, example, store=store, shown_rows=shown_rows, timeout=timeout)
    return _QueryEntry(
        name=query.name,
        description=query.description,
        parameters=tuple(
            _ParameterEntry(p.option, p.type, parameter_state(p), p.help) for p in query.parameters
        ),
        columns=query.columns,
        example=example,
        output=output,
        fence=_fence(f"{example or ''}\n{output}"),
    )


def render_query_docs(
    store: Path,
    *,
    queries: Mapping[str, CannedQuery] | None = None,
    shown_rows: int = SHOWN_ROWS,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> str:
    """The text of ``docs/queries.md``: each canned query (default: the shipped ones, by name)
    with its first example run on the query ``store``.

    The store must be current (:class:`~ccpj_graph.query.store.StoreMissing` otherwise);
    the same store and queries always give the same text.
    """
    if shown_rows < 1:
        raise CcpjError(f"shown_rows must be at least 1, not {shown_rows}")
    found = load_queries() if queries is None else queries
    entries = [
        _entry(found[name], store=Path(store), shown_rows=shown_rows, timeout=timeout)
        for name in sorted(found)
    ]
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("ccpj_graph", "templates/query"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - Markdown, not HTML; the values are our own headers
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = environment.get_template(_TEMPLATE)
    return template.render(queries=entries, shown_rows=shown_rows, **_shared_options())


def _shared_options() -> dict[str, object]:
    """What the intro says of the options every ``ccpj query`` command shares, read from the
    command itself so the page cannot drift from it."""
    # a query without parameters: its command holds only the shared options
    bare = CannedQuery("bare", "", (), ("x",), (), "SELECT ?x {}", Path("bare.rq"))
    options = {p.name: p for p in canned_command(bare).params}
    formats = options["fmt"].type
    assert isinstance(formats, click.Choice)
    timeout = options["timeout"].default
    return {
        "formats": list(formats.choices),
        "limit": options["limit"].default,
        "timeout": f"{timeout:g}" if isinstance(timeout, float) else timeout,
    }


def _diff(old: str, new: str, name: str) -> str:
    lines = list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{name} (committed)",
            tofile=f"{name} (rendered)",
        )
    )
    if len(lines) > _DIFF_LINES:
        lines = [*lines[:_DIFF_LINES], f"... ({len(lines) - _DIFF_LINES} more diff lines)\n"]
    return "".join(lines)


def _write(page: Path, text: str) -> None:
    """Write ``page`` with the one writer (:mod:`ccpj_graph.atomic`): a failed run leaves it
    whole, and it keeps its mode."""
    from ccpj_graph.atomic import atomic_write

    try:
        atomic_write(page, text.encode("utf-8"))
    except OSError as err:
        raise CcpjError(f"{page}: cannot write ({err.strerror})") from None


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ccpj_graph.cli.query_docs",
        description="Render docs/queries.md from the canned queries and the query store.",
        epilog=f"Example: {REGENERATE}",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="rewrite the page")
    action.add_argument("--check", action="store_true", help="exit 1 when the page is out of date")
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="the query store (default: data/store, made by `ccpj build`)",
    )
    parser.add_argument(
        "--page", type=Path, default=None, help="the page (default: docs/queries.md)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """``python -m ccpj_graph.cli.query_docs [--write | --check] [--store DIR] [--page FILE]``.

    Exit codes: 0 written, printed or current; 1 out of date (``--check``); 2 could not run.
    """
    args = _arguments().parse_args(argv)
    page: Path = args.page or default_page()
    try:
        text = render_query_docs(args.store or resources.store_dir())
        if not (args.write or args.check):
            sys.stdout.write(text)
            return 0
        try:
            current = page.read_text(encoding="utf-8") if page.exists() else ""
        except OSError as err:
            raise CcpjError(f"{page}: cannot read ({err.strerror})") from None
        if current == text:
            print(f"{page} is current")
            return 0
        if args.check:
            sys.stderr.write(_diff(current, text, page.name))
            print(f"{page} is out of date: run {REGENERATE}", file=sys.stderr)
            return 1
        _write(page, text)
        print(f"{page} rewritten")
        return 0
    except CcpjError as err:  # 1 means "out of date": anything that stopped the run is 2
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
