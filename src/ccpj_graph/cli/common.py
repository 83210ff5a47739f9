"""What every command shares: lazy verb loading, error handling and the shared options."""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

import click
from click.exceptions import NoArgsIsHelpError

from ccpj_graph.cli.quick import emit, report
from ccpj_graph.errors import CcpjError
from ccpj_graph.limits import MAX_SECONDS, parse_seconds

__all__ = ["MAX_SECONDS", "CcpjGroup", "Seconds", "emit", "format_option", "output_option"]


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
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Write to FILE ('-' for stdout).",
)
