"""``ccpj export``: write the graph in other shapes: the flat activity table, facet matrices
and the networks."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import click

from ccpj_graph.api import FACETS
from ccpj_graph.cli.common import (
    PathParam,
    VerbGroup,
    emit,
    output_option,
    project_graph,
    store_folder,
)
from ccpj_graph.cli.export_network import COMMANDS as NETWORK_COMMANDS
from ccpj_graph.errors import InputError

__all__ = ["export"]


@click.group(cls=VerbGroup)
def export() -> None:
    """Export the knowledge graph for other tools: the flat activity table, facet matrices,
    charts and a world map (SVG/PNG), and the networks as GEXF (Gephi), GraphML, Gephi CSV,
    PNG/SVG pictures or one interactive HTML page.

    \b
    Example:
      ccpj export activities --format csv -o activities.csv
      ccpj export gexf --network partners --theme prison -o partners.gexf
      ccpj export map --theme prison -o prison.svg
    """


for _name, _command in NETWORK_COMMANDS.items():
    export.add_command(_command, _name)


@export.command("activities", reads=project_graph)
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
    "--count",
    type=click.Choice(["work", "statements"]),
    default="work",
    show_default=True,
    help="Count distinct work (what two overlapping reports both state counts once) or every"
    " activity statement.",
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
    type=PathParam(implied=store_folder, file_okay=False, path_type=Path),
    envvar="CCPJ_STORE",
    default=None,
    help="The query store folder (default: data/store, made by `ccpj build`).",
)
@output_option
def matrix(
    row_facet: str,
    column_facet: str,
    where: tuple[str, ...],
    count: str,
    fmt: str,
    store: Path | None,
    output: str,
) -> None:
    """Count distinct work by two facets: a countries x standards table, or any pair of
    year, theme, country, region, organisation, standard, mandate, type and report.

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
    result = open_graph(store).matrix(row_facet, column_facet, count=count, **filters)
    emit(write_matrix(result, fmt=fmt), output)


def _figure_format(fmt: str | None, output: str) -> Literal["svg", "png"]:
    """``--format``, else the suffix of ``-o`` (.svg or .png); SVG when writing to stdout."""
    if fmt == "png":
        return "png"
    if fmt:
        return "svg"
    suffix = Path(output).suffix.lower().lstrip(".")
    if output == "-" or not suffix:
        return "svg"
    if suffix not in ("svg", "png"):
        raise InputError(f"-o {output}: name a .svg or .png file, or give --format svg|png")
    return "png" if suffix == "png" else "svg"


def _emit_figure(data: bytes, output: str) -> None:
    import sys

    from ccpj_graph.atomic import write_output

    if output == "-":
        if not data.startswith(b"<") and sys.stdout.isatty():
            raise InputError("-o: refusing to write a PNG to a terminal; give -o FILE")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_output(Path(output), data)
    click.echo(f"wrote {output}", err=True)


def _figure_options(command: Any) -> Any:
    """The filters, store, format and output every figure takes."""
    for option in reversed(
        [
            click.option(
                "--theme", default=None, help="Only activities on this theme (key or label)."
            ),
            click.option("--year", default=None, help="Only activities of this year."),
            click.option(
                "--standard", default=None, help="Only activities applying this standard."
            ),
            click.option(
                "--region", default=None, help="Only activities in this region (key or name)."
            ),
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["svg", "png"]),
                default=None,
                help="svg or png (default: from the -o suffix; svg on stdout).",
            ),
            click.option(
                "--store",
                type=PathParam(implied=store_folder, file_okay=False, path_type=Path),
                envvar="CCPJ_STORE",
                default=None,
                help="The query store folder (default: data/store, made by `ccpj build`).",
            ),
            output_option,
        ]
    ):
        command = option(command)
    return command


@export.command("chart")
@click.option(
    "--kind",
    "kind",
    type=click.Choice(["activities-by-year-theme", "partners-by-kind"]),
    required=True,
    help="activities-by-year-theme: activities per year, stacked by theme; partners-by-kind: "
    "partner organisations per year, stacked by kind.",
)
@click.option("--country", default=None, help="Only activities in this country (ISO3 or name).")
@_figure_options
def chart(
    kind: str,
    country: str | None,
    theme: str | None,
    year: str | None,
    standard: str | None,
    region: str | None,
    fmt: str | None,
    store: Path | None,
    output: str,
) -> None:
    """A chart as SVG or PNG: activities per year by theme, or partners per year by kind.
    Byte-identical for the same graph and options.

    \b
    Example:
      ccpj export chart --kind activities-by-year-theme -o activities.svg
      ccpj export chart --kind partners-by-kind --theme prison -o partners.png
    """
    from ccpj_graph.api import open as open_graph
    from ccpj_graph.export.chart import chart_bytes

    figure = _figure_format(fmt, output)
    where = {"country": country, "theme": theme, "year": year, "standard": standard}
    where["region"] = region
    data = chart_bytes(open_graph(store), kind, fmt=figure, **where)
    _emit_figure(data, output)


@export.command("map")
@_figure_options
def world_map(
    theme: str | None,
    year: str | None,
    standard: str | None,
    region: str | None,
    fmt: str | None,
    store: Path | None,
    output: str,
) -> None:
    """A world map of beneficiary countries (distinct activities per country) as SVG or PNG.
    Countries without an outline at the map's scale are listed under it and on stderr.

    \b
    Example:
      ccpj export map -o countries.svg
      ccpj export map --theme prison --year 2020 -o prison-2020.png
      ccpj export map --standard "Bangkok Rules" -o bangkok.svg
    """
    from ccpj_graph.api import open as open_graph
    from ccpj_graph.export.map import draw_map, map_data

    figure = _figure_format(fmt, output)
    where = {"theme": theme, "year": year, "standard": standard, "region": region}
    world = map_data(open_graph(store), **where)
    if world.missing:
        names = ", ".join(f"{c.label} ({c.activities})" for c in world.missing)
        click.echo(f"note: no outline at this scale, listed under the map: {names}", err=True)
    _emit_figure(draw_map(world, fmt=figure), output)
