"""``ccpj validate``: check RDF files against the project's SHACL shapes.

Exit codes: 0 conforms (warnings alone still conform), 1 violations (or warnings with
``--fail-on warning``), 2 could not run (a file is missing or malformed: one line on stderr
naming FILE:LINE:COL).
"""

from __future__ import annotations

from pathlib import Path

import click

from ccpj_graph.cli.common import PathParam, Verb, emit, output_option, project_graph

__all__ = ["validate"]


@click.command(cls=Verb)
@click.argument(
    "files", nargs=-1, type=PathParam(implied=project_graph, dir_okay=False, path_type=Path)
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="Report format: readable text, a SHACL report in Turtle, or JSON.",
)
@click.option(
    "--shapes",
    "shape_files",
    multiple=True,
    type=PathParam(dir_okay=False, path_type=Path),
    help="Validate against these shape files instead of the project's shapes/ "
    "(checked against the SHACL meta-shapes first). Repeatable.",
)
@click.option(
    "--ontology/--no-ontology",
    default=True,
    show_default=True,
    help="Mix the project ontology into the data so sh:class follows its subclasses.",
)
@click.option(
    "--context/--alone",
    default=True,
    show_default=True,
    help="Take what the project's graph says of the IRIs FILES link to without describing "
    "(countries, themes, bodies...) and report only the nodes FILES describe; --alone checks "
    "FILES on their own.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning"]),
    default="violation",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@output_option
@click.pass_context
def validate(
    ctx: click.Context,
    files: tuple[Path, ...],
    fmt: str,
    shape_files: tuple[Path, ...],
    ontology: bool,
    context: bool,
    fail_on: str,
    output: str,
) -> None:
    """Validate FILES (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) with SHACL.

    With no FILES, validate the project's own ontology, reference data, source manifest and
    built graph (data/graph/*.ttl). Given FILES are checked with what the project's graph says
    of the IRIs they link to (only their own nodes are reported) unless --alone.
    Files are parsed strictly: a syntax error is reported as FILE:LINE:COL and exits 2. The
    report groups results by severity and focus node.

    \b
    Exit codes: 0 conforms, 1 violations, 2 could not run.

    \b
    Examples:
      ccpj validate
      ccpj validate data/graph/001.ttl --format json -o report.json
    """
    from ccpj_graph.validate import validate_files

    report = validate_files(files, shapes=shape_files, ontology=ontology, context=context)
    emit(report.render(fmt), output)
    if fmt != "text" or output != "-":
        click.echo(report.summary(), err=True)
    ctx.exit(report.exit_code(fail_on="warning" if fail_on == "warning" else "violation"))
