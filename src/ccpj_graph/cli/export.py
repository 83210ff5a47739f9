"""``ccpj export``: write the graph in other shapes (the flat activity table for now)."""

from __future__ import annotations

import click

from ccpj_graph.cli.common import emit, output_option
from ccpj_graph.cli.export_network import COMMANDS as NETWORK_COMMANDS

__all__ = ["export"]


@click.group()
def export() -> None:
    """Export the knowledge graph for other tools: the flat activity table, and the networks
    as GEXF (Gephi), GraphML, Gephi CSV, PNG/SVG pictures or one interactive HTML page.

    \b
    Example:
      ccpj export activities --format csv -o activities.csv
      ccpj export gexf --network partners --theme prison -o partners.gexf
    """


for _name, _command in NETWORK_COMMANDS.items():
    export.add_command(_command, _name)


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
