"""``ccpj evaluate``: precision, recall and F1 of the graph against an annotation."""

from __future__ import annotations

import json
from pathlib import Path

import click

__all__ = ["evaluate"]


@click.command()
@click.option(
    "--gold",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Annotation in the dev-001.jsonl format (one JSON object per paragraph).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def evaluate(gold: Path, fmt: str) -> None:
    """Compare the built graph with a paragraph-by-paragraph annotation.

    Fields are compared per paragraph as sets (countries, partners, standards, mandates,
    themes), so a different split into activities is not punished; partners marked strict
    count for recall, all annotated partners for precision. Year is an accuracy.

    \b
    Example:
      ccpj evaluate --gold tests/data/dev-001.jsonl
    """
    from ccpj_graph.build.merged import merged_graph
    from ccpj_graph.evaluate import evaluate_graph

    scores = evaluate_graph(merged_graph(ontology=False), gold)
    if fmt == "json":
        click.echo(json.dumps(scores.as_dict(), indent=2, sort_keys=True))
    else:
        click.echo(scores.render())
