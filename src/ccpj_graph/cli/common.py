"""What every command shares: lazy verb loading, error handling and the shared options."""

from __future__ import annotations

import importlib
import io
import math
import os
import sys
from pathlib import Path
from typing import Any

import click

from ccpj_graph.errors import CcpjError

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
        except CcpjError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(err.exit_code)
        except BrokenPipeError:  # `ccpj ... | head` closed the pipe: end quietly
            sys.stderr.close()
            sys.exit(0)
        except OSError as err:  # e.g. stdout on a full disk: one line, never a traceback
            _quiet_stdout()
            where = f"{err.filename}: " if err.filename else ""
            click.echo(f"error: {where}{err.strerror or err}", err=True)
            sys.exit(1)
        except MemoryError:
            click.echo("error: out of memory", err=True)
            sys.exit(1)
        except RecursionError:  # a hostile input nested beyond any parser's depth
            click.echo("error: input nested too deeply", err=True)
            sys.exit(2)


def _quiet_stdout() -> None:
    """Drop what stdout still buffers, so the interpreter's exit does not fail on it again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


class Seconds(click.ParamType[float, Any]):
    """A duration in seconds: a finite number, more than 0 (or 0 where ``zero`` says what it
    means), at most :data:`MAX_SECONDS`. ``nan``, ``inf`` and negatives are refused."""

    name = "seconds"

    def __init__(self, *, zero: str | None = None) -> None:
        self.zero = zero

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, float | int) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r}: give a finite number of seconds", param, ctx)
        if number < 0 or (number == 0 and self.zero is None):
            least = "0 or more" if self.zero is not None else "more than 0"
            self.fail(f"{value!r}: must be {least} seconds", param, ctx)
        if number > MAX_SECONDS:
            self.fail(f"{value!r}: at most {MAX_SECONDS:g} seconds", param, ctx)
        return number


#: The longest timeout any verb accepts (a week): beyond it timers overflow on some systems.
MAX_SECONDS = 7 * 24 * 3600.0


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
    """Print ``text`` to stdout, or write it to ``output`` with the one writer
    (:mod:`ccpj_graph.atomic`: never half a file; devices and FIFOs written through)."""
    if output == "-":
        click.echo(text, nl=False)
        return
    from ccpj_graph.atomic import write_output

    write_output(Path(output), text.encode("utf-8"))
