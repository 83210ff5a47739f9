"""What every command shares: the error handling and the shared options."""

from __future__ import annotations

import sys
from typing import Any

import click

from ccpj_graph.errors import CcpjError

__all__ = ["CcpjGroup", "format_option"]


class CcpjGroup(click.Group):
    """A click group that turns user errors into one line on stderr and a non-zero exit."""

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
