"""``ccpj evaluate``: precision, recall and F1 of the graph against one or more annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ccpj_graph.cli.common import PathParam, Verb, graph_folder

__all__ = ["evaluate"]


@click.command(cls=Verb)
@click.option(
    "--gold",
    "golds",
    required=True,
    multiple=True,
    type=PathParam(dir_okay=False, path_type=Path),
    help="Annotation in the dev-001.jsonl format (one JSON object per paragraph). Repeatable: "
    "each file is scored on its own.",
)
@click.option(
    "--graph",
    "graph_dir",
    type=PathParam(implied=graph_folder, file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Folder of extracted Turtle to score (default: data/graph).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--differences",
    is_flag=True,
    help="Also list, paragraph by paragraph, what the graph has that the annotation does not "
    "(+) and what it lacks (-), field by field: the places to read when a score drops.",
)
def evaluate(golds: tuple[Path, ...], graph_dir: Path | None, fmt: str, differences: bool) -> None:
    """Compare the built graph with paragraph-by-paragraph annotations.

    Fields are compared per paragraph as sets (countries, partners, standards, mandates,
    themes), so a different split into activities is not punished; partners marked strict
    count for recall, all annotated partners for precision. Year is an accuracy. With several
    --gold files, each is scored on its own, under its file name. --differences lists where
    they disagree, one line per paragraph and field.

    \b
    Example:
      ccpj evaluate --gold tests/data/dev-001.jsonl
      ccpj evaluate --gold tests/data/dev-000.jsonl --gold tests/data/dev-002.jsonl
      ccpj evaluate --gold tests/data/dev-002.jsonl --differences
    """
    from ccpj_graph.build.merged import merged_graph
    from ccpj_graph.evaluate import Scores, evaluate_graph

    graph = merged_graph(graph_dir=graph_dir, ontology=False)
    scores = {gold: evaluate_graph(graph, gold) for gold in golds}

    def text(score: Scores) -> str:
        if not differences:
            return score.render()
        return f"{score.render()}\n\n{score.render_differences()}"

    if fmt == "json":
        data = {str(gold): s.as_dict(differences=differences) for gold, s in scores.items()}
        only = data if len(golds) > 1 else next(iter(data.values()))
        click.echo(json.dumps(only, indent=2, sort_keys=True))
        return
    if len(golds) == 1:
        click.echo(text(next(iter(scores.values()))))
        return
    click.echo("\n\n".join(f"== {gold}\n{text(s)}" for gold, s in scores.items()))
