"""``ccpj queries``, ``ccpj query NAME``, ``ccpj sparql``: questions to the graph, from the store.

Each canned query is a sub-command whose options come from its ``.rq`` header, so
``ccpj query partners --help`` lists its parameters. Answers come from the store that
``ccpj build`` leaves (never from re-parsed Turtle); this module imports nothing heavy, so a
query costs an interpreter start and the query itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from ccpj_graph import resources
from ccpj_graph.cli.common import PathParam, Seconds, Verb, Whole, store_folder
from ccpj_graph.cli.quick import DEFAULT_LIMIT, DEFAULT_TIMEOUT, RESERVED, answer, emit_result
from ccpj_graph.errors import InputError
from ccpj_graph.limits import QUERY_BYTES, describe
from ccpj_graph.query.canned import (
    PARAM_TYPES,
    CannedQuery,
    Parameter,
    get_query,
    load_queries,
    query_text,
    read_query_file,
)
from ccpj_graph.query.results import FORMATS

__all__ = ["canned_command", "parameter_state", "parameter_values", "queries", "query", "sparql"]

F = TypeVar("F", bound=Callable[..., Any])


def _names_a_file(word: str) -> bool:
    """``word`` names a query file: it ends like one, or a file of that name exists."""
    path = Path(word)
    return path.suffix.lower() in {".rq", ".sparql"} or path.is_file()


_TYPE_HELP = {
    "year": "a year such as 2020",
    "theme": "a theme key (prison) or label",
    "country": "ISO3, ISO2 or UN name",
    "region": "a region name or M49 code",
    "partner": "an acronym or name",
    "role": "co-deliverer, funder, host, ...",
    "standard": "a short name (Bangkok Rules) or name",
    "report": "a report key (001), UN symbol or file name",
    "activity-type": "training, legislative-assistance, advisory, ...",
}


def _store_options() -> list[click.Option]:
    return [
        click.Option(
            ["--store"],
            type=PathParam(implied=store_folder, file_okay=False, path_type=Path),
            envvar="CCPJ_STORE",
            default=None,
            help="The query store folder (default: data/store, made by `ccpj build`).",
        )
    ]


def _output_options() -> list[click.Option]:
    """Options every query command shares (fresh objects: click options are per command)."""
    return [
        click.Option(
            ["--format", "fmt"],
            type=click.Choice(FORMATS),
            default=None,
            help="Row format (default: table on a terminal, csv otherwise or from -o's suffix);"
            " CONSTRUCT and DESCRIBE always give Turtle.",
        ),
        click.Option(
            ["-o", "--output"],
            type=PathParam(writes=True, dir_okay=False, allow_dash=True),
            default="-",
            show_default=True,
            help="Write the answer to this file; - is stdout.",
        ),
        click.Option(
            ["--timeout"],
            type=Seconds(zero="no limit"),
            default=DEFAULT_TIMEOUT,
            show_default=True,
            help="Stop the query after this many seconds (0: no limit).",
        ),
        click.Option(
            ["--limit"],
            type=Whole(min=0),
            default=DEFAULT_LIMIT,
            show_default=True,
            help="Return at most this many rows or triples (0: no limit).",
        ),
        *_store_options(),
    ]


def _with(options: Callable[[], list[click.Option]]) -> Callable[[F], F]:
    """A decorator adding ``options()`` to a click command function, in order."""

    def decorate(func: F) -> F:
        params = getattr(func, "__click_params__", [])
        # click reverses __click_params__ (decorators apply bottom-up): prepend reversed.
        # click reads this function attribute; vars() sets it without defeating type checks
        vars(func)["__click_params__"] = list(reversed(options())) + params
        return func

    return decorate


def _store_path(store: Path | None) -> Path:
    return store if store is not None else resources.store_dir()


# --- ccpj queries --------------------------------------------------------------------------


def parameter_state(p: Parameter) -> str:
    """How ``ccpj queries`` (and docs/queries.md) describe a parameter: required, default or
    optional."""
    return "required" if p.required else (f"default {p.default}" if p.default else "optional")


def _describe(q: CannedQuery) -> list[str]:
    lines = [q.name, f"  {q.description}"]
    for p in q.parameters:
        lines.append(f"  --{p.name} ({p.type}, {parameter_state(p)})  {p.help}")
    lines.append(f"  columns: {', '.join(q.columns)}")
    lines += [f"  example: {e}" for e in q.examples]
    return lines


@click.command("queries", cls=Verb)
@click.option(
    "--values",
    "value_type",
    type=click.Choice([t for t in PARAM_TYPES if t != "year"]),
    default=None,
    help="Instead, list the values a parameter of this type accepts (read from the store).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@_with(_store_options)
def queries(value_type: str | None, as_json: bool, store: Path | None) -> None:
    """List the canned queries with their parameters and columns.

    \b
    Examples:
      ccpj queries
      ccpj queries --values theme
    """
    import json

    if value_type:
        from ccpj_graph.api import KnowledgeGraph

        found = KnowledgeGraph(_store_path(store)).candidates(value_type)
        if as_json:
            data: list[dict[str, Any]] = [
                {"value": c.display, "keys": list(c.keys), "iri": c.term.value} for c in found
            ]
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for c in found:
                click.echo(f"{c.described}\t{c.term.value}")
        return
    canned = load_queries()
    if as_json:
        data = [
            {
                "name": q.name,
                "description": q.description,
                "parameters": [
                    {"name": p.name, "type": p.type, "required": p.required, "default": p.default}
                    for p in q.parameters
                ],
                "columns": list(q.columns),
                "examples": list(q.examples),
            }
            for q in canned.values()
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    blocks = ["\n".join(_describe(q)) for q in canned.values()]
    click.echo("\n\n".join(blocks))


# --- ccpj query NAME -----------------------------------------------------------------------


def parameter_values(q: CannedQuery, options: Mapping[str, Any]) -> dict[str, str]:
    """The friendly parameter values, by parameter name, that the options parsed by
    :func:`canned_command` give (options left out are not included)."""
    values = {p.name: options.get(f"param_{p.var}") for p in q.parameters}
    return {k: v for k, v in values.items() if v is not None}


def canned_command(q: CannedQuery) -> click.Command:
    """The ``ccpj query NAME`` command of ``q``: one option per declared parameter, then the
    shared output options."""
    clash = {p.name for p in q.parameters} & RESERVED
    if clash:
        raise InputError(f"{q.path}: parameter names {', '.join(sorted(clash))} are reserved")

    def callback(**kwargs: Any) -> None:
        answer(q, kwargs)

    params: list[click.Parameter] = []
    for p in q.parameters:
        extra = f" Default: {p.default}." if p.default else ""
        params.append(
            click.Option(
                [p.option, f"param_{p.var}"],
                required=p.required,
                metavar=p.type.upper().replace("-", "_"),
                help=f"{p.help or _TYPE_HELP.get(p.type, p.type)}{extra}",
            )
        )
    params.append(
        click.Option(
            ["--explain"],
            is_flag=True,
            help="Print the SPARQL with the parameters bound, and do not run it.",
        )
    )
    params.append(
        click.Option(
            ["--fresh"],
            is_flag=True,
            help="Compute the answer even if a slow one is kept for this store, and keep none.",
        )
    )
    examples = "\n".join(f"  {e}" for e in q.examples)
    epilog = f"Columns: {', '.join(q.columns)}."
    command = Verb(
        q.name,
        callback=callback,
        params=params,
        help=f"{q.description}\n\n\b\nExample:\n{examples}" if examples else q.description,
        short_help=q.description.split(";")[0].split(". ")[0][:70],
        epilog=epilog,
    )
    command.params.extend(_output_options())
    return command


class QueryGroup(click.Group):
    """``ccpj query``: one sub-command per ``queries/*.rq`` file, built from its header."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(load_queries())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        try:
            return canned_command(get_query(cmd_name))
        except InputError:
            return None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = click.utils.make_str(args[0])
        command = self.get_command(ctx, name)
        if command is None and not ctx.resilient_parsing:
            get_query(name)  # raises InputError with "did you mean"
        return super().resolve_command(ctx, args)


@click.group("query", cls=QueryGroup)
def query() -> None:
    """Ask a canned question; each has its own options (ccpj query NAME --help).

    \b
    Examples:
      ccpj query partners --theme prison --year 2020
      ccpj query countries --standard "Nelson Mandela Rules" --format csv -o countries.csv
      ccpj query partners --theme prison --explain
    """


def _argument_text(text: str) -> str:
    """The TEXT argument, checked as a file is: bytes that are not UTF-8 reach argv as lone
    surrogates (surrogateescape), which the worker failed on ("UnicodeEncodeError ...
    surrogates not allowed"). A surrogate no byte gives (only a caller in Python can pass
    one) is left to :func:`ccpj_graph.query.run.run_sparql`, which refuses it too."""
    try:
        data = os.fsencode(text)
    except UnicodeEncodeError:
        return text.removeprefix("\ufeff")
    return query_text(data, "TEXT")


def _stdin_query() -> str:
    """The query piped on stdin, read as bytes (at most the cap) and decoded as a file is: a
    text stream would have decoded it with the locale's error handler already."""
    if sys.stdin is None or sys.stdin.isatty():
        raise InputError("give a query as an argument, with -f FILE, or on stdin")
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stream (replaced in a test or an embedding program)
        data = sys.stdin.read(QUERY_BYTES + 1).encode("utf-8", "surrogateescape")
    else:
        data = stream.read(QUERY_BYTES + 1)
    if len(data) > QUERY_BYTES:
        raise InputError(f"stdin: holds more than {describe(QUERY_BYTES)}; a query may not")
    return query_text(data, "stdin")


# --- ccpj sparql ---------------------------------------------------------------------------


@click.command("sparql", cls=Verb)
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=PathParam(exists=True, dir_okay=False, path_type=Path),
    help="Read the query from this file.",
)
@click.option(
    "--allow-network",
    is_flag=True,
    help="Allow SERVICE and FROM / FROM NAMED, which can reach other servers or files.",
)
@_with(_output_options)
def sparql(
    text: str | None,
    file: Path | None,
    allow_network: bool,
    fmt: str | None,
    output: str,
    timeout: float,
    limit: int,
    store: Path | None,
) -> None:
    """Run a read-only SPARQL query on the store (argument, -f FILE or stdin).

    The prefixes ccpj:, ccpjid:, prov:, org:, skos:, dcterms:, rdfs:, rdf:, xsd: and owl:
    are predeclared. SELECT and ASK give rows; CONSTRUCT and DESCRIBE give Turtle. Updates
    are refused, and so are SERVICE and FROM unless --allow-network is given.

    \b
    Examples:
      ccpj sparql "SELECT (COUNT(*) AS ?n) WHERE { ?a ccpj:statedIn ?p }"
      ccpj sparql -f my-question.rq --format json
      echo "ASK { ?s ccpj:beneficiary ccpjid:country\\/KEN }" | ccpj sparql
    """
    from ccpj_graph.api import KnowledgeGraph

    if text is not None and file is not None:
        raise InputError("give the query as an argument or with -f, not both")
    if text is not None and len(text.split()) == 1 and _names_a_file(text):
        # one word is no query (the shortest is "ASK {}"), and this one names a file
        raise InputError(f"TEXT {text!r} is a file name, not a query: ccpj sparql -f {text}")
    if file is not None:
        text = read_query_file(file, error=InputError)
    elif text is None:
        text = _stdin_query()
    else:
        text = _argument_text(text)
    from ccpj_graph.query.safety import NetworkRefused

    graph = KnowledgeGraph(_store_path(store), timeout=timeout, limit=limit)
    try:
        result = graph.sparql_result(text, allow_network=allow_network)
    except NetworkRefused as err:
        raise NetworkRefused(f"{err} (pass --allow-network to allow it)") from None
    emit_result(result, fmt=fmt, output=output, limit=limit)
