"""``ccpj review REPORT``: what the graph made of a report, and what it may have missed."""

from __future__ import annotations

import click

from ccpj_graph.cli.common import Verb, emit, output_option, project_graph

__all__ = ["review"]


@click.command("review", cls=Verb, reads=project_graph)
@click.argument("report")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "text", "csv"]),
    default="html",
    show_default=True,
    help="One HTML page, marked-up text, or CSV of the candidate misses.",
)
@click.option(
    "--unlinked",
    is_flag=True,
    help="Only the candidate misses, grouped by kind and text with counts.",
)
@output_option
def review(report: str, fmt: str, unlinked: bool, output: str) -> None:
    """Show each paragraph of REPORT with its linked spans marked by kind, each activity's
    evidence delimited, and the candidate misses: countries and organisations the text names
    that no activity carries, organisation-like names and acronyms the reference data lacks,
    cited resolutions and UN symbols no activity cites, and sentences in which UNODC acts
    that produced no activity. Reads the built graph (data/graph) and the review cues of
    the extraction profile (data/profiles/<name>/review.toml).

    \b
    Examples:
      ccpj review 000 -o review-000.html
      ccpj review 002 --format text | less
      ccpj review 004 --unlinked --format csv -o unlinked-004.csv
    """
    from ccpj_graph.build.merged import merged_graph
    from ccpj_graph.review.collect import review_report
    from ccpj_graph.review.render import render_review

    result = review_report(merged_graph(), report)
    emit(render_review(result, fmt=fmt, unlinked=unlinked), output)
