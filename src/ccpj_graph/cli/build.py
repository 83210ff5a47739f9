"""``ccpj build``: sources -> extracted Turtle -> merged graph -> SHACL validation."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["build"]


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the extracted Turtle (default: data/graph).",
)
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation of the merged graph.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def build(out: Path | None, no_validate: bool, quiet: bool) -> None:
    """Extract every report in data/sources and write data/graph/<report>.ttl.

    Writes one canonical Turtle file per report (byte-identical for the same input), then
    validates the merged graph (ontology + reference data + manifest + extracted) with the
    project's SHACL shapes. Exit 0 when it conforms, 1 on violations.

    \b
    Example:
      ccpj build
      ccpj build --out /tmp/graph --no-validate
    """
    from ccpj_graph.build.pipeline import build as run_build

    show = not quiet and sys.stderr.isatty()

    def progress(key: str) -> None:
        if show:
            click.echo(f"\rbuilding {key} ...", err=True, nl=False)

    result = run_build(out_dir=out, progress=progress)
    if show:
        click.echo("\r" + " " * 30 + "\r", err=True, nl=False)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for r in result.reports:
        state = "written" if r.changed else "unchanged"
        click.echo(
            f"{r.key}  {r.paragraphs:4d} paragraphs  {r.activities:4d} activities"
            f"  {r.triples:6d} triples  {r.path.name} ({state})"
        )
    click.echo(f"total: {result.total_activities} activities, {result.total_triples} triples")
    if no_validate:
        return
    from ccpj_graph.build.merged import merged_graph
    from ccpj_graph.validate import validate

    report = validate(merged_graph(graph_dir=out))
    click.echo(report.summary_line(), err=True)
    if not report.conforms:
        click.echo(report.render("text"), err=True)
        sys.exit(1)
