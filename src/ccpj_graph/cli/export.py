"""``ccpj export``: write the graph in other shapes (the flat activity table for now)."""

from __future__ import annotations

import click

from ccpj_graph.cli.common import emit, output_option

__all__ = ["export"]


@click.group()
def export() -> None:
    """Export the knowledge graph for other tools.

    \b
    Example:
      ccpj export activities --format csv -o activities.csv
    """


@export.command("activities")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines (lists kept as lists) or CSV (lists joined with '; ').",
)
@output_option
def activities(fmt: str, output: str) -> None:
    """One record per activity: id, source_file, paragraph, year, type, themes, countries,
    regions, partners, standards, mandates, tools, quote.

    \b
    Example:
      ccpj export activities --format jsonl -o activities.jsonl
    """
    from ccpj_graph.build.merged import merged_graph
    from ccpj_graph.export.activities import activity_records, write_activities

    emit(write_activities(activity_records(merged_graph()), fmt=fmt), output)
