"""``ccpj reason``: materialise the OWL 2 RL closure and write the inferred triples.

The inferred triples go to ``-o`` as canonical Turtle (atomically; ``-`` is stdout), the
summary to stderr. An inconsistent graph writes nothing and exits 1; a missing or malformed
file exits 2.
"""

from __future__ import annotations

from pathlib import Path

import click

from ccpj_graph.cli.common import PathParam, Verb, emit, output_option, project_graph

__all__ = ["reason"]


@click.command(cls=Verb)
@click.argument(
    "files", nargs=-1, type=PathParam(implied=project_graph, dir_okay=False, path_type=Path)
)
@click.option(
    "--ontology/--no-ontology",
    default=True,
    show_default=True,
    help="Reason with the project ontology added to FILES.",
)
@click.option(
    "--keep-schema",
    is_flag=True,
    help="Also keep inferences about the ontology's own classes and properties.",
)
@output_option
@click.pass_context
def reason(
    ctx: click.Context,
    files: tuple[Path, ...],
    ontology: bool,
    keep_schema: bool,
    output: str,
) -> None:
    """Infer what OWL 2 RL entails from FILES and write only the inferred triples.

    With no FILES, reason over the reference data, source manifest and built graph
    (data/graph/*.ttl). Reasoning is slow (owlrl: about 80 s per 100k triples): run it once
    at build time, never per query. Axiomatic triples, literal subjects and blank nodes are
    dropped from the output.

    \b
    Examples:
      ccpj reason -o data/inferred.ttl
      ccpj reason data/reference/countries.ttl data/reference/regions.ttl | head
    """
    from ccpj_graph.build.serialize import canonical_turtle
    from ccpj_graph.rdfio import read_graph
    from ccpj_graph.reason import reason as run_reasoner
    from ccpj_graph.validate import project_files

    paths = list(files) or project_files(ontology=False)
    result = run_reasoner(read_graph(*paths), ontology=ontology, keep_schema=keep_schema)
    for message in result.inconsistencies:
        click.echo(f"inconsistency: {message}", err=True)
    click.echo(result.summary(), err=True)
    if not result.consistent:
        ctx.exit(1)
    emit(canonical_turtle(result.graph).decode("utf-8"), output)
