"""``ccpj corpus``: look at the source documents as the reader sees them.

``list`` shows every document with its paragraph counts, ``show`` one paragraph with its
section and footnotes, ``paragraphs`` all of a document's paragraphs, and ``check`` reads any
text file (a report you are about to add) without a manifest entry. Data goes to stdout
(``--format json`` for machines), warnings to stderr.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from ccpj_graph import resources
from ccpj_graph.cli.common import PathParam, VerbGroup, format_option, sources_folder
from ccpj_graph.corpus import (
    Paragraph,
    Reading,
    ReportMeta,
    inspect_corpus,
    inspect_report,
    load_manifest,
    read_text,
    unlisted_sources,
)
from ccpj_graph.corpus.manifest import KINDS, MANIFEST_NAME
from ccpj_graph.corpus.source import read_source_text
from ccpj_graph.errors import InputError

__all__ = ["corpus"]

sources_option = click.option(
    "--sources",
    "sources",
    type=PathParam(implied=sources_folder, file_okay=False, path_type=Path),
    default=None,
    help="Folder holding manifest.ttl and the text files [default: the bundled data/sources].",
)


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _paragraph_json(para: Paragraph) -> dict[str, Any]:
    return {
        "key": para.key,
        "report": para.report,
        "number": para.number,
        "numbered": para.numbered,
        "section": para.section,
        "section_title": para.section_title,
        "text": para.text,
        "footnotes": [
            {"mark": note.mark, "offset": note.offset, "text": note.text} for note in para.footnotes
        ],
    }


def _reading_json(reading: Reading) -> dict[str, Any]:
    report, meta = reading.report, reading.report.meta
    return {
        "key": report.key,
        "file": meta.file_name,
        "kind": meta.kind,
        "layout": reading.layout.name,
        "title": meta.title,
        "publisher": meta.body,
        "issued": meta.issued,
        "period_start": meta.period_start,
        "period_end": meta.period_end,
        "symbol": meta.symbol,
        "pursuant_to": list(meta.pursuant_to),
        "paragraphs": len(report.paragraphs),
        "numbered": sum(1 for p in report.paragraphs if p.numbered),
        "by_position": sum(1 for p in report.paragraphs if not p.numbered),
        "footnotes": reading.footnote_count,
        "sections": len(reading.sections),
        "summary": report.summary is not None,
        "reader_notes": list(reading.notes),
    }


def _reading(sources: Path | None, key: str) -> Reading:
    """Read only the document ``key`` (the others are not touched)."""
    folder = sources if sources is not None else resources.sources_dir()
    metas = load_manifest(folder / MANIFEST_NAME)
    for meta in metas:
        if meta.key == key.strip():
            return inspect_report(folder / meta.file_name, meta)
    known = ", ".join(meta.key for meta in metas)
    raise InputError(f"unknown report {key!r} (known: {known})")


@click.group(cls=VerbGroup)
def corpus() -> None:
    """Inspect the source documents as paragraphs.

    \b
    Example:
      ccpj corpus list
      ccpj corpus show 001 17
    """


@corpus.command("list")
@format_option
@sources_option
def list_(fmt: str, sources: Path | None) -> None:
    """List the documents with their paragraph counts.

    "by position" counts paragraphs the document printed no number for (numbered from the one
    before); a brochure's blocks are all numbered by position.

    \b
    Example:
      ccpj corpus list
      ccpj corpus list --format json
    """
    readings = inspect_corpus(sources)
    for name in unlisted_sources(sources):
        click.echo(f"warning: {name} is not listed in {MANIFEST_NAME}; it is not read", err=True)
    if fmt == "json":
        _dump([_reading_json(reading) for reading in readings])
        return
    click.echo(
        f"{'key':<5} {'kind':<8} {'layout':<13} {'paras':>5} {'by pos':>6} {'fnotes':>6}  title"
    )
    for reading in readings:
        row = _reading_json(reading)
        click.echo(
            f"{row['key']:<5} {row['kind']:<8} {row['layout']:<13} {row['paragraphs']:>5}"
            f" {row['by_position']:>6} {row['footnotes']:>6}  {row['title']}"
        )


@corpus.command("show")
@click.argument("report")
@click.argument("para")
@format_option
@sources_option
def show(report: str, para: str, fmt: str, sources: Path | None) -> None:
    """Print paragraph PARA of REPORT with its section and footnotes.

    PARA is the paragraph number, or "summary" for the front-matter summary.

    \b
    Example:
      ccpj corpus show 001 17
      ccpj corpus show 001 17 --format json
    """
    reading = _reading(sources, report)
    doc = reading.report
    found = doc.summary if para == "summary" else doc.paragraph(para.strip())
    if found is None:
        numbers = [p.number for p in doc.paragraphs]
        span = f"{numbers[0]}-{numbers[-1]}" if numbers else "none"
        raise InputError(f"report {doc.key} has no paragraph {para!r} (paragraphs {span})")
    if fmt == "json":
        _dump(_paragraph_json(found))
        return
    click.echo(_paragraph_text(found))


def _paragraph_text(para: Paragraph) -> str:
    if para.section and para.section != para.section_title:
        where = f"{para.section}  {para.section_title}".strip()
    else:  # no address, or a brochure block whose address is its title
        where = para.section_title
    flag = "" if para.numbered or para.number == "summary" else "  (numbered by position)"
    lines = [f"{para.key}  {where}{flag}".rstrip(), para.text]
    if para.footnotes:
        lines.append("")
        lines.extend(f"  [{note.mark}] {note.text}" for note in para.footnotes)
    return "\n".join(lines)


@corpus.command("paragraphs")
@click.argument("report")
@click.option("--section", default=None, help="Only this section and its subsections (e.g. IV.E).")
@format_option
@sources_option
def paragraphs(report: str, section: str | None, fmt: str, sources: Path | None) -> None:
    """Print every paragraph of REPORT in reading order.

    \b
    Example:
      ccpj corpus paragraphs 001 --section IV.E
      ccpj corpus paragraphs 002 --format json
    """
    doc = _reading(sources, report).report
    chosen = [
        p
        for p in doc.paragraphs
        if section is None or p.section == section or p.section.startswith(f"{section}.")
    ]
    if section is not None and not chosen:
        known = ", ".join(dict.fromkeys(p.section for p in doc.paragraphs if p.section))
        raise InputError(f"report {doc.key} has no section {section!r} (sections: {known})")
    if fmt == "json":
        _dump([_paragraph_json(p) for p in chosen])
        return
    click.echo("\n\n".join(_paragraph_text(p) for p in chosen))


@corpus.command("check")
@click.argument("file", type=PathParam(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="report",
    show_default=True,
    help="Numbered report, or brochure read as titled blocks.",
)
@format_option
def check(file: Path, kind: str, fmt: str) -> None:
    """Read FILE (not yet in the manifest) and report what the reader makes of it.

    Exits non-zero with a one-line error if FILE cannot be read as a report.

    \b
    Example:
      ccpj corpus check data/sources/005_new_report.txt
    """
    key = re.split(r"[_.\s]", file.name, maxsplit=1)[0].lower() or "new"
    meta = ReportMeta(key=key, file_name=file.name, title=file.stem, body="", kind=kind)
    reading = read_text(read_source_text(file), meta, source=file)
    if fmt == "json":
        data = _reading_json(reading)
        data["section_list"] = [
            {"section": section, "title": title} for section, title in reading.sections
        ]
        _dump(data)
        return
    doc = reading.report
    numbers = [p.number for p in doc.paragraphs]
    click.echo(
        f"{file}: layout {reading.layout.name}, {len(numbers)} paragraphs"
        f" ({numbers[0]}-{numbers[-1]}), {reading.footnote_count} footnotes,"
        f" summary {'yes' if doc.summary else 'no'}"
    )
    for section, title in reading.sections:
        count = sum(1 for p in doc.paragraphs if (p.section, p.section_title) == (section, title))
        click.echo(f"  {section or '-':<10} {count:>3}  {title}")
    for note in reading.notes:
        click.echo(f"note: {note}", err=True)
