"""``ccpj run``: the main job end to end on the bundled corpus (what ``make run`` calls)."""

from __future__ import annotations

import click

from ccpj_graph.corpus import load_corpus

__all__ = ["run"]


@click.command()
def run() -> None:
    """Read the bundled corpus and print a summary.

    \b
    Example:
      ccpj run
    """
    for report in load_corpus():
        click.echo(f"{report.key}  {len(report.paragraphs):4d} paragraphs  {report.meta.title}")
