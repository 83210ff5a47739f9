"""The ``ccpj`` command: one click group; each verb group lives in its own module here.

Commands parse options, call one library function and print its result: data on stdout,
messages on stderr.
"""

from __future__ import annotations

import click

from ccpj_graph import __version__
from ccpj_graph.cli.common import CcpjGroup
from ccpj_graph.cli.corpus import corpus
from ccpj_graph.cli.run import run

__all__ = ["cli", "main"]


@click.group(cls=CcpjGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ccpj")
def cli() -> None:
    """ccpj: the UN crime prevention and criminal justice standards as a knowledge graph.

    \b
    Example:
      ccpj corpus list
    """


cli.add_command(corpus)
cli.add_command(run)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ccpj")
