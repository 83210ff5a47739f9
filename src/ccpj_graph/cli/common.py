"""What every command shares: lazy verb loading, error handling and the shared options."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from ccpj_graph.errors import CcpjError, InputError

__all__ = ["CcpjGroup", "emit", "format_option", "output_option"]


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
            return super().invoke(ctx)
        except CcpjError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(err.exit_code)
        except BrokenPipeError:  # `ccpj ... | head` closed the pipe: end quietly
            sys.stderr.close()
            sys.exit(0)


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


def emit(text: str, output: str = "-") -> None:
    """Print ``text`` to stdout, or write it atomically to ``output`` (never half a file)."""
    if output == "-":
        click.echo(text, nl=False)
        return
    from ccpj_graph.atomic import atomic_write

    path = Path(output)
    if path.is_dir():
        raise InputError(f"-o {output}: is a directory")
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as err:
        raise InputError(f"-o {output}: cannot write: {err.strerror}") from err
