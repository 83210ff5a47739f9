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

    def invoke(self, ctx: click.Context) -> Any:
        try:
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
