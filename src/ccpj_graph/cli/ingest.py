"""``ccpj ingest``: add next year's report to the corpus and rebuild the graph."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from ccpj_graph.cli.build import echo_pipeline, progress_printer
from ccpj_graph.cli.common import PathParam, Verb

__all__ = ["ingest"]


@click.command(cls=Verb)
@click.argument("file", type=PathParam(dir_okay=False, path_type=Path))
@click.option("--title", required=True, help="The report's title, as printed.")
@click.option("--date", "issued", default=None, help="Issue date as printed (ISO: 2023-03-21).")
@click.option("--period", default=None, help="Years the report covers: 2022 or 2020-2021.")
@click.option(
    "--body",
    default="Commission on Crime Prevention and Criminal Justice",
    show_default=True,
    help="The body the report is addressed to.",
)
@click.option("--symbol", default=None, help="UN symbol, only if the text prints one.")
@click.option(
    "--pursuant-to",
    multiple=True,
    help="Resolution the report answers, e.g. 'ECOSOC resolution 1992/22' (repeatable).",
)
@click.option("--key", default=None, help="Report key (default: the next free number, e.g. 005).")
@click.option("--kind", type=click.Choice(["report", "brochure"]), default="report")
@click.option(
    "--profile",
    default=None,
    help="Extraction profile (a folder of data/profiles) the report is read with "
    "(default: the default of data/profiles/schema.toml, recorded in the manifest).",
)
@click.option("--no-build", is_flag=True, help="Only add it to data/sources; do not rebuild.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def ingest(
    file: Path,
    title: str,
    issued: str | None,
    period: str | None,
    body: str,
    symbol: str | None,
    pursuant_to: tuple[str, ...],
    key: str | None,
    kind: str,
    profile: str | None,
    no_build: bool,
    quiet: bool,
) -> None:
    """Add a report of the same family to data/sources and rebuild the graph.

    The text is read first (any layout the reader knows); it is copied and described in
    data/sources/manifest.ttl only if it reads. The rebuild then extracts it with the rules
    of its extraction profile (--profile, a folder of data/profiles; by default the same as
    every other report's); if the report yields no activities, its graph does not conform to
    the shapes, or the run is stopped (Ctrl-C, SIGTERM, even SIGKILL: the next run finishes
    the rollback), the copy and the manifest entry are taken back and nothing else changes.
    A text already in the corpus (under any name) is refused.

    \b
    Example:
      ccpj ingest ~/E_CN.15_2023_9.txt --title "Use and application of United Nations
        standards and norms in crime prevention and criminal justice" --date 2023-03-21
        --period 2022 --symbol E/CN.15/2023/9 --pursuant-to "ECOSOC resolution 1992/22"
    """
    from ccpj_graph.corpus.ingest import ingest_report
    from ccpj_graph.extract.profile import load_profile
    from ccpj_graph.workflow import run_pipeline

    profile = load_profile(profile).name  # it must exist and be sound before anything is copied
    with _terminate_as_exit():
        # A SIGTERM while the text and its manifest entry are being written waits (blocked)
        # until the block below can take them back: delivered in between, it left them for
        # the next run's journal without a word.
        held = _hold_sigterm()
        try:
            added = ingest_report(
                file,
                title=title,
                issued=issued,
                period=period,
                body=body,
                symbol=symbol,
                pursuant_to=pursuant_to,
                key=key,
                kind=kind,
                profile=profile,
            )
        except BaseException:  # nothing written, or ingest_report took it back
            _release_sigterm(held)
            raise
        meta = added.report.meta
        done: Callable[[], None] | None = None
        try:
            _release_sigterm(held)  # a SIGTERM that came meanwhile is raised here
            click.echo(
                f"added {meta.key}: {meta.file_name}, {len(added.report.paragraphs)} paragraphs",
                err=True,
            )
            if period is None:
                # no year counts as a date without a period to check it against (years.toml)
                click.echo(
                    f"warning: no --period: {meta.key}'s activities get no year; ingest it with"
                    " --period (e.g. --period 2022) to date them",
                    err=True,
                )
            if no_build:
                added.commit()
                return
            progress, done = progress_printer(quiet)
            result = run_pipeline(progress=progress, facts=False)
            validation = result.validation
            if result.restored or (validation is not None and not validation.conforms):
                # the graph was put back as it was: the report goes too (exits 1)
                done()
                done = None
                raise SystemExit(echo_pipeline(result))
        except BaseException:  # a rejected report, Ctrl-C or SIGTERM: all or nothing
            if done is not None:
                done()
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # let the rollback finish
            added.rollback()
            click.echo(f"took back {meta.key}: the corpus is as it was", err=True)
            raise
        added.commit()
    done()
    sys.exit(echo_pipeline(result))


def _hold_sigterm() -> bool:
    """Block SIGTERM in this thread (POSIX); whether it was blocked here."""
    if not hasattr(signal, "pthread_sigmask"):
        return False
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    return signal.SIGTERM not in before


def _release_sigterm(held: bool) -> None:
    """Unblock SIGTERM if :func:`_hold_sigterm` blocked it; one pending is delivered now."""
    if held:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into ``SystemExit(143)`` so the rollback runs (SIGKILL cannot be caught:
    the ingest journal covers it, see :mod:`ccpj_graph.corpus.journal`)."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
