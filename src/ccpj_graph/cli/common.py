"""What every command shares: lazy verb loading, error handling, the shared options, and the
path type and verb class through which no path is blank and no output lands on an input."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click
from click.exceptions import NoArgsIsHelpError

from ccpj_graph.cli.quick import emit, report
from ccpj_graph.errors import CcpjError
from ccpj_graph.limits import MAX_SECONDS, parse_seconds

__all__ = [
    "MAX_SECONDS",
    "CcpjGroup",
    "PathParam",
    "Seconds",
    "Verb",
    "VerbGroup",
    "emit",
    "format_option",
    "graph_folder",
    "output_option",
    "project_graph",
    "refuse_overlaps",
    "sources_folder",
    "store_folder",
]


_ARGV = "ccpj.argv"


def takes_one_value(parameter: click.Parameter) -> bool:
    """An option that keeps one value (not a flag, a count or a repeatable option)."""
    return isinstance(parameter, click.Option) and not (
        parameter.multiple or parameter.is_flag or parameter.count
    )


def _refuse_repeats(ctx: click.Context, argv: list[str]) -> None:
    """Refuse an option that takes one value given twice (``--year 2020 --year 2021``): click
    keeps the last one silently, so the answer was for 2021 alone with nothing said. Options
    that take several (``--where``) repeat as before. The verb is found by its words in
    ``argv``; nothing runs before this check."""
    command: click.Command = ctx.command
    where = ctx
    words = list(argv)
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        found = command.get_command(where, words[0])
        if found is None:
            return  # click says the verb is unknown
        where = click.Context(found, info_name=words.pop(0), parent=where)
        command = found
    single = {
        name: option for option in command.params if takes_one_value(option) for name in option.opts
    }
    given: dict[str, list[str]] = {}
    while words:
        word = words.pop(0)
        if word == "--":
            break
        name, equals, value = word.partition("=")
        if word.startswith("--") and equals and name in single:
            given.setdefault(single[name].opts[0], []).append(value)
        elif word in single and words:
            given.setdefault(single[word].opts[0], []).append(words.pop(0))
    for name, values in given.items():
        if len(values) > 1:
            raise click.UsageError(
                f"{name} given {len(values)} times ({', '.join(values)}): it takes one value",
                ctx=where,
            )


#: the exit status of a bug (BSD sysexits' EX_SOFTWARE): not 1, which bad input gets
INTERNAL_ERROR = 70


class CcpjGroup(click.Group):
    """A click group that loads verbs lazily and turns user errors into one line on stderr."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands:
            module_name, attr = self.lazy_commands[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attr)
        return super().get_command(ctx, cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_ARGV] = list(args)  # the line as typed, for _refuse_repeats
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            _refuse_repeats(ctx, ctx.meta.get(_ARGV, []))
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk behind stdout fails here, not at exit
            return result
        except NoArgsIsHelpError:
            raise  # a group called with nothing: click prints its help
        except click.UsageError as err:
            # a bad option, value or argument: one line naming it, as every other error
            where = err.ctx.command_path if err.ctx is not None else ctx.command_path
            # click lists a missing choice option's values one per line ("Choose from:\n\t...")
            message = re.sub(r"\s*\n\s*", " ", err.format_message().strip())
            click.echo(f"error: {message} (see '{where} --help')", err=True)
            sys.exit(err.exit_code)
        except (CcpjError, OSError, MemoryError, RecursionError) as err:
            sys.exit(report(err))
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own ways out
        except Exception as err:
            # a bug, not bad input: one line that says so, not a traceback in the user's
            # terminal; CCPJ_DEBUG=1 shows the traceback for a bug report
            if os.environ.get("CCPJ_DEBUG"):
                raise
            verb = " ".join(filter(None, (ctx.command_path, ctx.invoked_subcommand)))
            click.echo(
                f"error: internal error in '{verb}': {type(err).__name__}: {err}"
                " (a bug; run again with CCPJ_DEBUG=1 for the traceback)",
                err=True,
            )
            sys.exit(INTERNAL_ERROR)


class Seconds(click.ParamType[float, Any]):
    """A duration in seconds: a finite number, more than 0 (or 0 where ``zero`` says what it
    means), at most :data:`MAX_SECONDS`. ``nan``, ``inf`` and negatives are refused."""

    name = "seconds"

    def __init__(self, *, zero: str | None = None) -> None:
        self.zero = zero

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            return parse_seconds(value, zero=self.zero is not None)
        except ValueError as err:
            self.fail(str(err), param, ctx)


class Whole(click.IntRange):
    """A whole number written in ASCII digits, within optional bounds: click's ``int`` (and
    Python's) also takes other scripts' digits ("--port ٨٠٠٠", "--limit ５"), which no user
    means and no other check of the project accepts."""

    def __init__(self, min: int | None = None, max: int | None = None) -> None:
        super().__init__(min, max)
        if min is None and max is None:
            self.name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.isascii():
            self.fail(f"{value!r}: write the number with the digits 0-9", param, ctx)
        return super().convert(value, param, ctx)


class PathParam(click.Path):
    """A path a verb reads (``writes=False``) or writes: every path option and argument is one
    (a test holds every ``click.Path`` to it).

    Why a type of its own: click reads an empty value as the current folder (``build --out
    ""`` wrote the graph into it and loaded every ``*.ttl`` there), so a blank value is refused
    here, once for every verb, as a usage error naming the option. And :class:`Verb` finds by
    it what the verb reads and writes; ``implied`` gives what an option not given stands for
    (``--store``: ``data/store``), so that a default is checked as a given path is.
    """

    def __init__(
        self,
        *,
        writes: bool = False,
        implied: Callable[[], Iterable[Path]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.writes = writes
        self.implied = implied

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path names no file or folder", param, ctx)
        return super().convert(value, param, ctx)


def _label(param: click.Parameter) -> str:
    """How a message names a parameter: its first option name, or an argument's metavar."""
    if isinstance(param, click.Option):
        return param.opts[0]
    return (param.name or "").upper()


def refuse_overlaps(command: click.Command, ctx: click.Context) -> None:
    """Refuse, before ``command`` runs, an output that is one of its inputs (or lies inside or
    holds one) and two outputs that overlap (:func:`ccpj_graph.overlap.check_overlaps`)."""
    from ccpj_graph.overlap import check_overlaps

    params = [p for p in command.params if isinstance(p.type, PathParam) and p.name]
    outputs = [pair for p in params if _writes(p) for pair in _given(p, ctx)]
    if all(str(path) == "-" for _, path in outputs):
        return  # nothing written but stdout: the inputs need not be looked up
    inputs = [pair for p in params if not _writes(p) for pair in _given(p, ctx)]
    reads = getattr(command, "reads", None)
    if reads is not None:
        inputs.extend(("", path) for path in reads())
    check_overlaps(outputs, inputs)


def _writes(param: click.Parameter) -> bool:
    return isinstance(param.type, PathParam) and param.type.writes


def _given(param: click.Parameter, ctx: click.Context) -> list[tuple[str, Path | str]]:
    """The paths ``param`` names on this line, else those it stands for when not given."""
    value = ctx.params.get(param.name or "")
    paths: list[Path | str] = [
        v for v in (value if isinstance(value, tuple | list) else [value]) if v is not None
    ]
    if not paths and isinstance(param.type, PathParam) and param.type.implied is not None:
        paths = list(param.type.implied())
    return [(_label(param), path) for path in paths]


class Verb(click.Command):
    """A verb: once its line is parsed and before it runs, what it writes is checked against
    what it reads (:func:`refuse_overlaps`). ``reads`` lists inputs no option names (``ccpj
    review`` reads the project's graph)."""

    def __init__(
        self, *args: Any, reads: Callable[[], Iterable[Path]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.reads = reads

    def invoke(self, ctx: click.Context) -> Any:
        refuse_overlaps(self, ctx)
        return super().invoke(ctx)


class VerbGroup(click.Group):
    """A group of verbs: ``@group.command()`` makes a :class:`Verb`."""

    command_class = Verb


def project_graph() -> list[Path]:
    """The files of the project's graph: ontology, reference data, manifest, ``data/graph``."""
    from ccpj_graph.build.merged import graph_files

    return graph_files()


def store_folder() -> list[Path]:
    """The project's query store folder: what its option stands for when not given."""
    from ccpj_graph import resources

    return [resources.store_dir()]


def graph_folder() -> list[Path]:
    """The project's graph folder (``data/graph``): what its option stands for when not given."""
    from ccpj_graph import resources

    return [resources.graph_dir()]


def sources_folder() -> list[Path]:
    """The project's sources folder (``data/sources``): what --sources stands for when not
    given."""
    from ccpj_graph import resources

    return [resources.sources_dir()]


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)

output_option = click.option(
    "-o",
    "--output",
    "output",
    type=PathParam(writes=True, dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Write to FILE ('-' for stdout).",
)
