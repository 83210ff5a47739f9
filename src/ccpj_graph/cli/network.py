"""``ccpj network``: what networks there are and their statistics.

Also defines the options every network command shares (``--network``, ``--theme``,
``--from``, ``--to``, ``--graph``), used by ``ccpj export gexf|graphml|csv|png|svg|html`` too
(``cli/export_network.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ccpj_graph.cli.common import (
    PathParam,
    VerbGroup,
    Whole,
    emit,
    format_option,
    graph_folder,
    output_option,
    store_folder,
)

__all__ = ["load_from_options", "network", "network_options"]

F = TypeVar("F", bound=Callable[..., Any])


def _names() -> str:
    try:
        from ccpj_graph.network.projection import load_projections

        return ", ".join(load_projections())
    except Exception:  # help text must never fail; the command itself reports the problem
        return "see `ccpj network list`"


def _graph_or_store() -> list[Path]:
    """What a network reads without --graph: the project's store when current, else its
    graph folder (both, for the overlap check)."""
    return [*graph_folder(), *store_folder()]


def network_options(func: F) -> F:
    """--network, --theme, --from, --to and --graph, in that order in the help."""
    options = [
        click.option(
            "-n",
            "--network",
            "network_name",
            required=True,
            metavar="NAME",
            help=f"The network: {_names()}.",
        ),
        click.option(
            "--theme",
            metavar="KEY",
            default=None,
            help="Only activities on this theme (e.g. prison).",
        ),
        click.option(
            "--from",
            "year_from",
            type=Whole(),
            metavar="YEAR",
            default=None,
            help="Only activities of this year or later.",
        ),
        click.option(
            "--to",
            "year_to",
            type=Whole(),
            metavar="YEAR",
            default=None,
            help="Only activities of this year or earlier.",
        ),
        click.option(
            "--graph",
            "graph_dir",
            type=PathParam(implied=_graph_or_store, path_type=Path),
            default=None,
            help="Built graph to read: a folder of Turtle files or one file (default: data/graph).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def load_from_options(
    network_name: str,
    theme: str | None,
    year_from: int | None,
    year_to: int | None,
    graph_dir: Path | None,
) -> Any:
    """The annotated network the shared options describe."""
    from ccpj_graph.network import load_network

    return load_network(
        network_name, graph_dir=graph_dir, theme=theme, year_from=year_from, year_to=year_to
    )


@click.group(cls=VerbGroup)
def network() -> None:
    """Networks projected from the graph: partners, countries and standards, everything.

    \b
    Example:
      ccpj network list
      ccpj network stats --network partners --theme prison
    """


@network.command("list")
@format_option
def list_networks(fmt: str) -> None:
    """The networks defined in queries/networks/, with what each links.

    \b
    Example:
      ccpj network list --format json
    """
    from ccpj_graph.network.projection import load_projections

    projections = load_projections()
    if fmt == "json":
        rows = [
            {
                "name": p.name,
                "title": p.title,
                "description": p.description,
                "directed": p.directed,
                "weight": p.weight,
                "file": str(p.path),
            }
            for p in projections.values()
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for p in projections.values():
        kind = "directed" if p.directed else "undirected"
        click.echo(f"{p.name:<22} {p.title} ({kind}, weight = {p.weight})")
        click.echo(f"{'':<22} {p.description}")


@network.command("stats")
@network_options
@click.option(
    "--top", type=Whole(1, 1000), default=10, show_default=True, help="Rows per top list."
)
@format_option
@output_option
def stats(
    network_name: str,
    theme: str | None,
    year_from: int | None,
    year_to: int | None,
    graph_dir: Path | None,
    top: int,
    fmt: str,
    output: str,
) -> None:
    """Size, density, components, top nodes by degree and betweenness, and communities.

    Betweenness is computed on hops and normalised (estimated from a fixed sample on networks
    of more than 1,500 nodes); communities are Louvain's with a fixed seed, so the answer is
    the same on every run.

    \b
    Example:
      ccpj network stats --network partners
      ccpj network stats --network countries-standards --from 2020 --to 2021 --format json
    """
    from ccpj_graph.network import network_stats

    graph = load_from_options(network_name, theme, year_from, year_to, graph_dir)
    summary = network_stats(graph, top=top)
    emit(summary.to_json() if fmt == "json" else summary.render(), output)
