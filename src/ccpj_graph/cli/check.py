"""``ccpj check``: checks that hold the built graph to extraction's promises."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ccpj_graph.cli.common import (
    PathParam,
    VerbGroup,
    emit,
    format_option,
    graph_folder,
    output_option,
)

__all__ = ["check"]


@click.group(cls=VerbGroup)
def check() -> None:
    """Check the built graph against what extraction promises.

    \b
    Example:
      ccpj check grounding
    """


@check.command()
@click.option(
    "--report",
    "reports",
    multiple=True,
    help="Check only this report (manifest key, e.g. 001). Repeatable.",
)
@click.option(
    "--graph",
    "graph_dir",
    type=PathParam(implied=graph_folder, file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Folder of extracted Turtle to check (default: data/graph).",
)
@format_option
@output_option
@click.pass_context
def grounding(
    ctx: click.Context,
    reports: tuple[str, ...],
    graph_dir: Path | None,
    fmt: str,
    output: str,
) -> None:
    """Is every fact of every activity stated in the activity's own evidence?

    The evidence is the activity's quote (whole sentences of its paragraph, at the offsets
    ccpj:evidenceStart..ccpj:evidenceEnd) and the footnotes whose marks stand in it. Partners,
    countries, regions, standards, mandates, tools, years and themes are checked; curated
    activities are exempt. Prints, per report, how many facts are grounded, then each fact
    that is not, with its activity and evidence. Then how many pairs of an activity's
    co-deliverers one sentence of its evidence names together, and the activities with a pair
    it does not (for review: they do not change the exit code).

    \b
    Exit codes: 0 every fact grounded, 1 some fact is not, 2 could not run.

    \b
    Examples:
      ccpj check grounding
      ccpj check grounding --report 000 --format json -o grounding.json
    """
    from ccpj_graph.build.merged import merged_graph
    from ccpj_graph.check import check_grounding
    from ccpj_graph.errors import InputError

    graph = merged_graph(graph_dir=graph_dir, ontology=False)
    result = check_grounding(graph, reports=reports or None)
    unknown = sorted(set(reports) - set(result.per_report()))
    if unknown:
        raise InputError(f"--report: no report {', '.join(unknown)} in the graph")
    if fmt == "json":
        emit(json.dumps(result.as_dict(), indent=2, sort_keys=True) + "\n", output)
    else:
        emit(result.render() + "\n", output)
    ctx.exit(1 if result.ungrounded else 0)
