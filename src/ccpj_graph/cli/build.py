"""``ccpj build``: sources -> extracted Turtle -> validation -> reasoning -> query store."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ccpj_graph.cli.common import PathParam, Verb, graph_folder, store_folder

if TYPE_CHECKING:
    from ccpj_graph.workflow import Pipeline

__all__ = ["build", "build_inputs", "echo_pipeline", "progress_printer"]


def progress_printer(quiet: bool) -> tuple[Callable[[str], None], Callable[[], None]]:
    """Progress on stderr: a bar redrawn in place on a terminal, plain stage lines when piped
    (a log keeps them), nothing with ``--quiet``.

    Stages arrive as "extract 001 (2/5)", "validate", ...; a trailing "(i/n)" draws the bar.
    Piped, a stage prints one line when it starts, and a counted stage about ten in all.
    """
    terminal = sys.stderr.isatty()
    last = {"stage": "", "shown": 0}

    def progress(stage: str) -> None:
        if quiet:
            return
        counted = _COUNTED.search(stage)
        name = stage.split(" ", 1)[0]
        if terminal:
            line = f"{stage} ..."
            if counted:
                done, total = int(counted["done"]), int(counted["total"])
                filled = round(_BAR * done / max(total, 1))
                line = f"[{'#' * filled}{'.' * (_BAR - filled)}] {stage}"
            click.echo(f"\r\033[K{line}", err=True, nl=False)
            return
        if counted:
            done, total = int(counted["done"]), int(counted["total"])
            step = max(1, -(-total // 10))
            if name == last["stage"] and done % step and done != total:
                return
        elif name == last["stage"]:
            return
        last["stage"] = name
        click.echo(f"{stage} ...", err=True)

    def done() -> None:
        if terminal and not quiet:
            click.echo("\r\033[K", err=True, nl=False)

    return progress, done


_COUNTED = re.compile(r"\((?P<done>\d+)/(?P<total>\d+)\)$")
_BAR = 24


def echo_pipeline(result: Pipeline) -> int:
    """Print what a pipeline run did; returns the exit code (1 on SHACL violations)."""
    for warning in result.build.warnings:
        click.echo(f"warning: {warning}", err=True)
    for r in result.build.reports:
        state = (
            "not kept" if result.restored and r.changed else "written" if r.changed else "unchanged"
        )
        click.echo(
            f"{r.key}  {r.paragraphs:4d} paragraphs  {r.activities:4d} activities"
            f"  {r.triples:6d} triples  {r.path.name} ({state})"
        )
    click.echo(
        f"extracted: {result.build.total_activities} activities, "
        f"{result.build.total_triples} triples ({result.seconds['build']:.1f} s)"
    )
    if result.cached:
        click.echo(f"from the build cache: {', '.join(sorted(result.cached))}")
    code = 0
    if result.validation is not None:
        click.echo(f"validated: {result.validation.summary()} ({result.seconds['validate']:.1f} s)")
        if not result.validation.conforms:
            click.echo(result.validation.render("text"), err=True)
            violations = result.validation.counts.get("Violation", 0)
            click.echo(
                f"error: the graph does not conform ({violations} violation(s)): the graph "
                "folder and the store stay as the last good build left them (ccpj build "
                "--no-validate keeps a graph that does not conform)",
                err=True,
            )
            code = 1
    if result.reasoning is not None:
        click.echo(f"reasoned: {result.reasoning.summary()} ({result.seconds['reason']:.1f} s)")
        for problem in result.reasoning.inconsistencies[:10]:
            click.echo(f"warning: inconsistent: {problem}", err=True)
    if result.store is not None:
        click.echo(
            f"store: {result.store.asserted} asserted + {result.store.inferred} inferred triples"
            f" in {result.store.path} ({result.seconds['store']:.1f} s)"
        )
    if result.ahead is not None:
        ahead = result.ahead
        click.echo(
            f"answered ahead: {len(ahead.kept)} canned questions (overview and documented),"
            f" {len(ahead.lookups)} parameter lookups ({result.seconds['answers']:.1f} s)"
        )
        if ahead.absent:
            click.echo(
                f"not asked: {len(ahead.absent)} documented questions name a value this graph"
                f" does not hold ({', '.join(ahead.absent)})"
            )
        for question in ahead.skipped:
            click.echo(f"warning: not answered ahead: {question}", err=True)
    files, size = result.pruned
    if files:
        from ccpj_graph.cache import UNUSED_DAYS

        click.echo(
            f"build cache: removed {files} entries unused for {UNUSED_DAYS} days"
            f" ({size / 1e6:.1f} MB)"
        )
    return code


def build_inputs() -> list[Path]:
    """What a build reads besides its own graph folder: the home's sources, reference data,
    curation, profiles, ontology, shapes and queries (no output may lie in or hold them)."""
    from ccpj_graph import resources

    return [
        resources.sources_dir(),
        resources.reference_dir(),
        resources.curation_dir(),
        resources.profiles_dir(),
        resources.ontology_dir(),
        resources.shapes_dir(),
        resources.queries_dir(),
    ]


@click.command(cls=Verb, reads=build_inputs)
@click.option(
    "--out",
    type=PathParam(writes=True, implied=graph_folder, file_okay=False, path_type=Path),
    default=None,
    help="Folder for the extracted Turtle (default: data/graph).",
)
@click.option(
    "--store",
    "store_dir",
    type=PathParam(writes=True, implied=store_folder, file_okay=False, path_type=Path),
    default=None,
    help="Folder for the query store (default: data/store).",
)
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation of the merged graph.")
@click.option("--no-reason", is_flag=True, help="Skip OWL RL reasoning (queries lose inferences).")
@click.option(
    "--clean",
    is_flag=True,
    help="Ignore the build cache (data/.cache): extract, validate and reason everything again.",
)
@click.option(
    "--no-answers",
    is_flag=True,
    help="Do not answer the overview and documented canned questions ahead (done for a new store).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def build(
    out: Path | None,
    store_dir: Path | None,
    no_validate: bool,
    no_reason: bool,
    clean: bool,
    no_answers: bool,
    quiet: bool,
) -> None:
    """Extract every report in data/sources and make the graph ready to query.

    Writes one canonical Turtle file per report to data/graph (byte-identical for the same
    input), validates the merged graph (ontology + reference data + manifest + extracted) with
    the SHACL shapes, materialises the OWL RL closure once, and loads everything into the query
    store (data/store), then answers the canned questions with no filter ("ccpj query
    partners", each way of counting) and the queries' examples ("ccpj query NAME --help")
    and keeps the answers for that store, so that their
    first ask is a read. Each stage's output is cached under a hash of its inputs
    (data/.cache), so a build re-does only what a changed report, curation file, reference
    file, shape or ontology term affects; --clean ignores the cache. Exit 0 when the graph
    conforms; 1 on SHACL violations, and then the graph folder and the store are left as they
    were (--no-validate keeps the new graph anyway).

    \b
    Example:
      ccpj build
      ccpj build --clean
      ccpj build --out /tmp/graph --store /tmp/store --no-validate
    """
    from ccpj_graph.workflow import run_pipeline

    progress, done = progress_printer(quiet)
    result = run_pipeline(
        out_dir=out,
        store_dir=store_dir,
        validate_graph=not no_validate,
        reason_graph=not no_reason,
        progress=progress,
        clean=clean,
        facts=False,
        answers=not no_answers,
    )
    done()
    sys.exit(echo_pipeline(result))
