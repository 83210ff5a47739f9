"""Read one source document into a :class:`Report`: the passes in order, and the checks.

text -> layout (:mod:`.layout`) -> front matter / body (:mod:`.scan`) -> footnote marks to
sentinels (:mod:`.footnotes`) -> headings and paragraph drafts (:mod:`.paragraphs`, or
:mod:`.brochure` for unnumbered documents) -> rendered text: lines joined and de-hyphenated,
converter damage repaired, markup off, footnotes attached at their offsets.

The same input always gives the same paragraphs, numbers and bytes: nothing here depends on
time, order of a set, or anything but the text and its manifest entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ccpj_graph import resources
from ccpj_graph.corpus.brochure import draft_blocks
from ccpj_graph.corpus.footnotes import place_marks
from ccpj_graph.corpus.layout import Layout, detect_layout
from ccpj_graph.corpus.manifest import MANIFEST_NAME, load_manifest
from ccpj_graph.corpus.model import Footnote, Paragraph, Report, ReportMeta
from ccpj_graph.corpus.paragraphs import Draft, draft_paragraphs
from ccpj_graph.corpus.scan import body_start, front_matter_summary, scan_body
from ccpj_graph.corpus.source import read_source_text
from ccpj_graph.corpus.text import (
    SENTINEL_RE,
    Spelling,
    WordRepair,
    clean_markdown,
    collapse,
    join_lines,
    repair_pdf_spacing,
    strip_sentinels,
    take_sentinels,
)
from ccpj_graph.errors import CorpusError

__all__ = [
    "Reading",
    "inspect_corpus",
    "inspect_report",
    "load_corpus",
    "read_report",
    "read_text",
    "unlisted_sources",
]


@dataclass(frozen=True, slots=True)
class Reading:
    """A report as read, with the layout it was read in and what the reader had to infer."""

    report: Report
    layout: Layout
    notes: tuple[str, ...]

    @property
    def footnote_count(self) -> int:
        return sum(len(p.footnotes) for p in self.report.paragraphs)

    @property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """``(section, title)`` pairs in reading order, each once."""
        seen: dict[tuple[str, str], None] = {}
        for para in self.report.paragraphs:
            seen.setdefault((para.section, para.section_title), None)
        return tuple(seen)


class _Renderer:
    """Turns raw lines (with sentinels) into final one-line text for one document."""

    def __init__(self, layout: Layout, spelling: Spelling) -> None:
        self.layout = layout
        self.spelling = spelling
        self.repair = WordRepair(frozenset())

    def base(self, lines: list[str]) -> str:
        text = join_lines(lines, self.spelling)
        text = repair_pdf_spacing(text) if self.layout.wrapped else clean_markdown(text)
        return collapse(text)

    def learn(self, texts: list[str]) -> None:
        if self.layout.wrapped:
            self.repair = WordRepair.learn(texts)

    def final(self, text: str) -> tuple[str, list[tuple[str, int]]]:
        return take_sentinels(collapse(self.repair.apply(text)))


def read_text(text: str, meta: ReportMeta, *, source: Path | str = "<text>") -> Reading:
    """Read document ``text`` described by ``meta``; ``source`` names it in errors."""
    # Private-use characters are symbol-font glyphs (PDF bullets), not text; the reader uses
    # that range for its own footnote sentinels, so none may come from the source.
    text = SENTINEL_RE.sub("", text)
    layout = detect_layout(text, source=source)
    lines = text.split("\n")
    summary_lines: list[str] = []
    if meta.kind == "brochure":
        scan = scan_body(lines, first_no=1, layout=layout)
        placement = place_marks(scan.lines, scan.notes)
        drafts, messages = draft_blocks(scan.lines, layout=layout)
        if not drafts:
            raise CorpusError(f"{source}: no text blocks found (layout {layout.name})")
    else:
        start = body_start(lines)
        if start is None:
            raise CorpusError(
                f"{source}: no numbered paragraphs (no '1.' paragraph or 'I.' section found,"
                f" layout {layout.name}); if it has none, declare it a brochure in the manifest"
            )
        summary_lines = front_matter_summary(lines[:start], layout=layout)
        scan = scan_body(lines[start:], first_no=start + 1, layout=layout)
        placement = place_marks(scan.lines, scan.notes)
        drafts, messages = draft_paragraphs(scan.lines, layout=layout)
        if not any(draft.numbered for draft in drafts):
            raise CorpusError(f"{source}: no numbered paragraphs found (layout {layout.name})")
    messages = [*placement.messages, *messages]

    spelling = Spelling.from_lines(
        [line.text for line in scan.lines]
        + [text for note in scan.notes for text in note.lines]
        + summary_lines
    )
    renderer = _Renderer(layout, spelling)
    bodies = [renderer.base(draft.lines) for draft in drafts]
    titles = {draft.title: renderer.base(draft.title.split("\n")) for draft in drafts}
    note_bodies = {mark: renderer.base(note.lines) for mark, note in placement.notes.items()}
    summary = renderer.base(summary_lines) if summary_lines else ""
    renderer.learn([*bodies, *titles.values(), *note_bodies.values(), summary])

    # sentinel -> (label, final text) of the footnote it stands for
    notes = {
        mark: (placement.notes[mark].label, renderer.final(body)[0])
        for mark, body in note_bodies.items()
    }
    paragraphs = [
        _paragraph(
            meta.key,
            draft,
            renderer.final(body),
            renderer.final(titles[draft.title])[0] if draft.title else "",
            notes,
            titled_blocks=meta.kind == "brochure",
        )
        for draft, body in zip(drafts, bodies, strict=True)
    ]
    empty = [p.number for p in paragraphs if not p.text]
    if empty:
        messages.append(f"paragraph(s) {', '.join(empty)} have no text")
    summary_para = None
    if summary:
        summary_text, _ = renderer.final(summary)
        summary_para = Paragraph(
            report=meta.key,
            number="summary",
            section="",
            section_title="Summary",
            text=strip_sentinels(summary_text),
            numbered=False,
        )
    report = Report(meta=meta, paragraphs=tuple(paragraphs), summary=summary_para)
    return Reading(report=report, layout=layout, notes=tuple(messages))


def _paragraph(
    key: str,
    draft: Draft,
    rendered: tuple[str, list[tuple[str, int]]],
    title: str,
    notes: dict[str, tuple[str, str]],
    *,
    titled_blocks: bool,
) -> Paragraph:
    text, marks = rendered
    footnotes = tuple(
        Footnote(mark=notes[mark][0], text=notes[mark][1], offset=offset)
        for mark, offset in marks
        if mark in notes
    )
    return Paragraph(
        report=key,
        number=str(draft.number),
        section=title if titled_blocks else draft.section,
        section_title=title,
        text=text,
        footnotes=footnotes,
        numbered=draft.numbered,
    )


def inspect_report(path: Path, meta: ReportMeta) -> Reading:
    """Read the document at ``path`` and keep what the reader inferred (for ``ccpj corpus``)."""
    return read_text(read_source_text(path), meta, source=path)


def read_report(path: Path, meta: ReportMeta) -> Report:
    """Read the document at ``path``, described by ``meta``, into a :class:`Report`.

    Raises :class:`CorpusError` (one line naming the file) for a missing, empty or binary
    file, a layout the reader does not know, or a report without numbered paragraphs.
    """
    return inspect_report(path, meta).report


def load_corpus(sources_dir: Path | None = None) -> list[Report]:
    """Every document the manifest in ``sources_dir`` lists, read, ordered by key.

    The default folder is the bundled ``data/sources``.
    """
    return [reading.report for reading in inspect_corpus(sources_dir)]


def inspect_corpus(sources_dir: Path | None = None) -> list[Reading]:
    """Like :func:`load_corpus`, keeping each document's layout and reader notes."""
    folder = sources_dir if sources_dir is not None else resources.sources_dir()
    metas = load_manifest(folder / MANIFEST_NAME)
    return [inspect_report(folder / meta.file_name, meta) for meta in metas]


def unlisted_sources(sources_dir: Path | None = None) -> list[str]:
    """Text files in ``sources_dir`` that the manifest does not list (a forgotten entry?)."""
    folder = sources_dir if sources_dir is not None else resources.sources_dir()
    listed = {meta.file_name for meta in load_manifest(folder / MANIFEST_NAME)}
    return sorted(p.name for p in folder.glob("*.txt") if p.name not in listed)
