"""``ccpj export``: write the graph in other shapes: the flat activity table, facet matrices
and the networks."""

from __future__ import annotations

from pathlib import Path

import click

from ccpj_graph.api import FACETS
from ccpj_graph.cli.common import emit, output_option
from ccpj_graph.cli.export_network import COMMANDS as NETWORK_COMMANDS
from ccpj_graph.errors import InputError

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


@export.command("matrix")
@click.option(
    "--rows",
    "row_facet",
    type=click.Choice(FACETS),
    required=True,
    help="The facet along the rows (e.g. country).",
)
@click.option(
    "--columns",
    "column_facet",
    type=click.Choice(FACETS),
    required=True,
    help="The facet along the columns (e.g. standard).",
)
@click.option(
    "--where",
    "where",
    multiple=True,
    metavar="FACET=VALUE",
    help="Only activities with this value of a facet (key or label); repeat for more.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "tsv", "json"]),
    default="csv",
    show_default=True,
    help="CSV/TSV: one row per row value, one column per column value; JSON: one record per"
    " non-empty cell.",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CCPJ_STORE",
    default=None,
    help="The query store folder (default: data/store, made by `ccpj build`).",
)
@output_option
def matrix(
    row_facet: str,
    column_facet: str,
    where: tuple[str, ...],
    fmt: str,
    store: Path | None,
    output: str,
) -> None:
    """Count distinct activities by two facets: a countries x standards table, or any pair
    of year, theme, country, region, organisation, standard, mandate, type and report.

    \b
    Example:
      ccpj export matrix --rows country --columns standard --where theme=prison -o m.csv
    """
    from ccpj_graph.api import open as open_graph
    from ccpj_graph.export.matrix import write_matrix

    filters: dict[str, list[str]] = {}
    for item in where:
        facet, sep, value = item.partition("=")
        if not sep or not value:
            raise InputError(f"--where {item!r}: write FACET=VALUE, e.g. theme=prison")
        filters.setdefault(facet.strip(), []).append(value.strip())
    result = open_graph(store).matrix(row_facet, column_facet, **filters)
    emit(write_matrix(result, fmt=fmt), output)
