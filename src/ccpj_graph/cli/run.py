"""``ccpj run``: the main job end to end on the bundled corpus (what ``make run`` calls)."""

from __future__ import annotations

import sys

import click

from ccpj_graph.cli.build import echo_pipeline, progress_printer
from ccpj_graph.cli.common import Verb

__all__ = ["run"]


@click.command(cls=Verb)
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def run(quiet: bool) -> None:
    """Build, validate, reason, load the store, then answer the flagship question.

    The flagship question: which partners co-delivered prison work in 2020? (the same as
    `ccpj query partners --theme prison --year 2020`). Exit 1 when the graph has SHACL
    violations: then it is not kept (as with ccpj build) and the question is not asked.

    \b
    Example:
      ccpj run
    """
    from ccpj_graph.query.canned import get_query
    from ccpj_graph.query.results import render
    from ccpj_graph.query.run import run_canned
    from ccpj_graph.workflow import FLAGSHIP, run_pipeline

    progress, done = progress_printer(quiet)
    result = run_pipeline(progress=progress, facts=False)
    done()
    code = echo_pipeline(result)
    if result.store is None:  # the graph did not conform and was not kept: no answer
        sys.exit(code)
    name, values = FLAGSHIP
    _, answer = run_canned(get_query(name), values, store=result.store.path)
    assert answer is not None
    click.echo("\nWhich partners co-delivered prison work in 2020?")
    click.echo(f"(ccpj query {name} --theme prison --year 2020)\n")
    click.echo(render(answer, "table"), nl=False)
    sys.exit(code)
