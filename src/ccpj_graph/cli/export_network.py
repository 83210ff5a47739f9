"""``ccpj export gexf|graphml|csv|png|svg|html``: a network as files for Gephi and friends.

The commands are attached to the ``ccpj export`` group (``cli/export.py``). Each parses the
shared network options, builds the annotated network once, calls one exporter and writes its
bytes atomically: the target is checked before any work, the data goes to a temporary sibling
and is renamed into place, so an error never leaves a partial file (for CSV, both tables are
written before either is renamed).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from ccpj_graph.atomic import atomic_write_many
from ccpj_graph.cli.common import PathParam, Verb, Whole
from ccpj_graph.cli.network import load_from_options, network_options
from ccpj_graph.errors import InputError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["COMMANDS", "csv_command", "gexf", "graphml", "html", "png", "svg", "write_files"]

_F = TypeVar("_F", bound=Callable[..., Any])


def _output(
    default: str | None = "-", *, help_text: str = "Write to FILE ('-' for stdout)."
) -> Callable[[_F], _F]:
    return click.option(
        "-o",
        "--output",
        "output",
        type=PathParam(writes=True, allow_dash=True),
        default=default,
        show_default=True,
        help=help_text,
    )


def _check_target(path: Path, option: str = "-o") -> None:
    """Fail early, before any work, when ``path`` cannot be written."""
    if path.is_dir():
        raise InputError(f"{option} {path}: is a folder; give a file name")
    parent = path.parent
    while not parent.exists():
        if parent == parent.parent:
            break
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise InputError(f"{option} {path}: {parent} is not a folder")
    if parent.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{option} {path}: cannot write in {parent}")


def write_files(files: dict[Path, bytes], option: str = "-o") -> None:
    """Write every file atomically, renaming them only when all are written."""
    try:
        atomic_write_many(files)
    except OSError as err:
        where = err.filename or next(iter(files))
        raise InputError(f"{option} {where}: cannot write: {err.strerror or err}") from None


def _emit(data: bytes, output: str, *, binary: bool = False) -> None:
    if output == "-":
        if binary and sys.stdout.isatty():
            raise InputError("-o: refusing to write binary data to a terminal; give -o FILE")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_files({Path(output): data})
    click.echo(f"wrote {output}", err=True)


def _start(output: str) -> None:
    if output != "-":
        _check_target(Path(output))


@click.command("gexf", cls=Verb)
@network_options
@click.option(
    "--mode",
    type=click.Choice(["dynamic", "static"]),
    default="dynamic",
    show_default=True,
    help="dynamic: yearly spells on nodes and edges for Gephi's Timeline; static: none.",
)
@click.option(
    "--timeformat",
    type=click.Choice(["date", "integer"]),
    default="date",
    show_default=True,
    help="Spells as dates (YYYY-01-01 to YYYY-12-31) or as integer years.",
)
@click.option("--positions", is_flag=True, help="Add viz:position from the built-in layout.")
@click.option(
    "--stamp",
    "stamp",
    default=None,
    metavar="DATE",
    help="Write <meta lastmodifieddate> (YYYY-MM-DD or 'today'); by default none, so the "
    "bytes depend on the data alone.",
)
@_output()
def gexf(
    network_name: str,
    theme: str | None,
    year_from: int | None,
    year_to: int | None,
    graph_dir: Path | None,
    mode: Literal["dynamic", "static"],
    timeformat: Literal["date", "integer"],
    positions: bool,
    stamp: str | None,
    output: str,
) -> None:
    """A network as GEXF 1.3 for Gephi, with a timeline over the years its activities state.

    Node ids are the entities' IRIs; attributes include type, kind, ISO code, per-theme
    counts, degree, betweenness and community; nodes are coloured by type and sized by degree.

    \b
    Example:
      ccpj export gexf --network partners -o partners.gexf
      ccpj export gexf --network countries-standards --theme prison --mode static -o cs.gexf
    """
    from ccpj_graph.export.gexf import write_gexf

    stamped = _stamp(stamp)
    _start(output)
    graph = load_from_options(network_name, theme, year_from, year_to, graph_dir)
    pos = _positions(graph) if positions else None
    data = write_gexf(graph, mode=mode, timeformat=timeformat, positions=pos, lastmodified=stamped)
    _emit(data, output)


def _stamp(value: str | None) -> date | None:
    if value is None:
        return None
    if value == "today":
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--stamp {value}: expected YYYY-MM-DD or 'today'") from None


def _positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    from ccpj_graph.network.layout import layout

    return layout(graph)


@click.command("graphml", cls=Verb)
@network_options
@click.option("--positions", is_flag=True, help="Add x and y from the built-in layout.")
@_output()
def graphml(
    network_name: str,
    theme: str | None,
    year_from: int | None,
    year_to: int | None,
    graph_dir: Path | None,
    positions: bool,
    output: str,
) -> None:
    """A network as GraphML (yEd, Cytoscape, igraph, networkx), with the GEXF attributes.

    \b
    Example:
      ccpj export graphml --network partners-countries -o pc.graphml
    """
    from ccpj_graph.export.graphml import write_graphml

    _start(output)
    graph = load_from_options(network_name, theme, year_from, year_to, graph_dir)
    _emit(write_graphml(graph, positions=_positions(graph) if positions else None), output)


def csv_paths(output: str) -> dict[str, Path]:
    """``-o out/partners`` or ``-o out/partners.csv`` -> out/partners-nodes.csv, -edges.csv."""
    base = Path(output)
    stem = base.name[: -len(".csv")] if base.name.endswith(".csv") else base.name
    return {t: base.with_name(f"{stem}-{t}.csv") for t in ("nodes", "edges")}


@click.command("csv", cls=Verb)
@network_options
@click.option(
    "--table",
    type=click.Choice(["both", "nodes", "edges"]),
    default="both",
    show_default=True,
    help="Which table to write; a single table may go to stdout.",
)
@_output(
    default=None,
    help_text="Path for the tables: '-o out/partners' writes out/partners-nodes.csv and "
    "out/partners-edges.csv; with --table nodes|edges, FILE itself ('-' for stdout).",
)
def csv_command(
    network_name: str,
    theme: str | None,
    year_from: int | None,
    year_to: int | None,
    graph_dir: Path | None,
    table: str,
    output: str | None,
) -> None:
    """A network as Gephi's spreadsheet tables: nodes (Id, Label, ...) and edges (Source,
    Target, Type, Weight, ...), with a "Time Interval" column for Gephi's Timeline.

    \b
    Example:
      ccpj export csv --network partners -o partners
      ccpj export csv --network partners --table edges -o - | head
    """
    from ccpj_graph.export.gephi_csv import write_gephi_csv

    if not output:
        raise InputError(
            "-o: give a path (e.g. -o partners writes partners-nodes.csv and partners-edges.csv)"
        )
    if table == "both":
        if output == "-":
            raise InputError(
                "-o -: two tables cannot go to stdout; use --table nodes|edges or -o PATH"
            )
        paths = csv_paths(output)
        for path in paths.values():
            _check_target(path)
        tables = write_gephi_csv(
            load_from_options(network_name, theme, year_from, year_to, graph_dir)
        )
        write_files({paths[t]: tables.table(t).encode("utf-8") for t in ("nodes", "edges")})
        for path in paths.values():
            click.echo(f"wrote {path}", err=True)
        return
    _start(output)
    tables = write_gephi_csv(load_from_options(network_name, theme, year_from, year_to, graph_dir))
    _emit(tables.table(table).encode("utf-8"), output)


def _picture(fmt: Literal["png", "svg"]) -> click.Command:
    @click.command(fmt, cls=Verb)
    @network_options
    @click.option(
        "--labels",
        type=Whole(0, 500),
        default=40,
        show_default=True,
        help="Label at most this many nodes (the best connected; overlapping labels are dropped).",
    )
    @_output(
        default="-" if fmt == "svg" else None,
        help_text="Write to FILE" + (" ('-' for stdout)." if fmt == "svg" else "."),
    )
    def command(
        network_name: str,
        theme: str | None,
        year_from: int | None,
        year_to: int | None,
        graph_dir: Path | None,
        labels: int,
        output: str | None,
    ) -> None:
        from ccpj_graph.export.picture import draw_network

        if not output:
            raise InputError(f"-o: give a file name (e.g. -o {network_name}.{fmt})")
        _start(output)
        graph = load_from_options(network_name, theme, year_from, year_to, graph_dir)
        _emit(draw_network(graph, fmt=fmt, max_labels=labels), output, binary=fmt == "png")

    command.help = (
        f"A picture of a network as {fmt.upper()}: nodes coloured by type with a legend, sized by "
        "degree, the best-connected labelled; for readers without Gephi.\n\n"
        f"\b\nExample:\n  ccpj export {fmt} --network partners -o partners.{fmt}\n"
        f"  ccpj export {fmt} --network countries-standards --theme children -o children.{fmt}"
    )
    return command


png = _picture("png")
svg = _picture("svg")


@click.command("html", cls=Verb)
@network_options
@_output()
def html(
    network_name: str,
    theme: str | None,
    year_from: int | None,
    year_to: int | None,
    graph_dir: Path | None,
    output: str,
) -> None:
    """A network as one standalone interactive page: pan, zoom, search, node details and a
    year-by-year timeline. Everything is inline; the page loads nothing from the network.

    \b
    Example:
      ccpj export html --network partners -o partners.html
    """
    from ccpj_graph.export.html import write_html

    _start(output)
    graph = load_from_options(network_name, theme, year_from, year_to, graph_dir)
    _emit(write_html(graph).encode("utf-8"), output)


#: The commands to attach to ``ccpj export``, by name.
COMMANDS: dict[str, click.Command] = {
    "gexf": gexf,
    "graphml": graphml,
    "csv": csv_command,
    "png": png,
    "svg": svg,
    "html": html,
}
