"""``ccpj extract``: look inside extraction."""

from __future__ import annotations

from pathlib import Path

import click

from ccpj_graph.cli.common import emit, output_option

__all__ = ["extract"]


@click.group()
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
    type=click.Path(file_okay=False, exists=True, path_type=Path),
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
