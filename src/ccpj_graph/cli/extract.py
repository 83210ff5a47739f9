"""``ccpj extract``: look inside extraction."""

from __future__ import annotations

from pathlib import Path

import click

from ccpj_graph.cli.common import PathParam, VerbGroup, emit, output_option, sources_folder

__all__ = ["extract"]


@click.group(cls=VerbGroup)
def extract() -> None:
    """Look inside extraction: why a paragraph gave the activities it gave.

    \b
    Example:
      ccpj extract explain 001 17
    """


@extract.command()
@click.argument("report")
@click.argument("para")
@click.option(
    "--sources",
    type=PathParam(implied=sources_folder, file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Folder of the source texts and manifest (default: data/sources).",
)
@output_option
def explain(report: str, para: str, sources: Path | None, output: str) -> None:
    """Explain paragraph PARA of REPORT: each clause with the action found in it (verb and
    agent), each activity with its evidence and facts, and every linked name with the
    activities that carry it or why none does.

    \b
    Example:
      ccpj extract explain 001 17
      ccpj extract explain 000 88 -o explain.txt
    """
    from ccpj_graph import resources
    from ccpj_graph.corpus import load_manifest, read_report
    from ccpj_graph.errors import InputError
    from ccpj_graph.extract.explain import explain_paragraph

    folder = sources if sources is not None else resources.sources_dir()
    metas = {m.key: m for m in load_manifest(folder / "manifest.ttl")}
    meta = metas.get(report.strip())
    if meta is None:
        raise InputError(f"unknown report {report!r} (known: {', '.join(sorted(metas))})")
    doc = read_report(folder / meta.file_name, meta)
    if doc.paragraph(para.strip()) is None:
        numbers = [p.number for p in doc.paragraphs]
        span = f"{numbers[0]}-{numbers[-1]}" if numbers else "none"
        raise InputError(f"report {doc.key} has no paragraph {para!r} (paragraphs {span})")
    emit(explain_paragraph(doc, para.strip()).render(), output)


@extract.command("profile")
@click.argument("name", required=False)
@click.option(
    "--cases/--no-cases",
    default=True,
    show_default=True,
    help="Also run the profile's regression cases (cases/*.toml).",
)
def profile(name: str | None, cases: bool) -> None:
    """Check extraction profile NAME (default: the default profile) against
    data/profiles/schema.toml and the reference data, and run its regression cases.

    Prints what the profile holds, then every case whose expectations the rules contradict
    (file:line, what was expected, what was found). Exit 0 when the profile is sound and every
    case holds, 1 when a case fails; a broken profile is a one-line error naming file and line.

    \b
    Example:
      ccpj extract profile
      ccpj extract profile unodc-standards-norms --no-cases
    """
    from ccpj_graph.corpus import load_corpus
    from ccpj_graph.extract.cases import check_case, load_cases
    from ccpj_graph.extract.pipeline import extract_report
    from ccpj_graph.extract.profile import load_profile

    checked = load_profile(name)
    files = ", ".join(sorted(path.name for path in checked.files.values()))
    click.echo(f"profile {checked.name}: {checked.title}")
    click.echo(f"  agent {checked.agent_key} ({', '.join(checked.agent_names)}); files {files}")
    if not cases:
        return
    found = load_cases(checked)
    corpus = {report.key: report for report in load_corpus()} if found else {}
    failed = 0
    for case in found:
        problems = check_case(case, corpus, extract_report, checked)
        failed += bool(problems)
        for problem in problems:
            click.echo(problem)
    click.echo(f"cases: {len(found) - failed} of {len(found)} hold")
    if failed:
        raise SystemExit(1)
