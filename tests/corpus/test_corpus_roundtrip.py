"""Round trips: a report written out in another export layout reads back to the same report.

Each bundled report is re-typeset the way the other converters do it - hard-wrapped PDF text
(double-spaced lines, page furniture, footnotes under a ``____`` rule, page starts indented,
words broken at hyphens) or Markdown-like ``- 12.`` items with superscript marks - and must
read back to the same paragraph numbers, sections, titles, text and footnotes. That is how
next year's report, in any of these layouts, is expected to read without code changes.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccpj_graph.corpus import Paragraph, Report, read_text
from ccpj_graph.corpus.scan import SUPERSCRIPTS

_TO_SUPER = str.maketrans("0123456789", SUPERSCRIPTS)


def _labels(section: str) -> list[str]:
    return section.split(".") if section else []


def _heading_lines(previous: Paragraph | None, para: Paragraph) -> list[tuple[str, str]]:
    """(label line prefix, title) for every heading that opens before ``para``."""
    old = _labels(previous.section) if previous else []
    new = _labels(para.section)
    if old == new:
        if previous is not None and previous.section_title != para.section_title:
            return [("", para.section_title)]  # an unnumbered heading
        return []
    common = 0
    while common < min(len(old), len(new)) and old[common] == new[common]:
        common += 1
    out = []
    for depth in range(common, len(new)):
        label = new[depth]
        title = para.section_title if depth == len(new) - 1 else f"Part {label} of the report"
        prefix = f"({label})" if depth == 3 else f"{label}."
        out.append((prefix, title))
    return out


def _marked(para: Paragraph, *, superscript: bool) -> tuple[str, list[str]]:
    """The paragraph text with its marks put back (heading-cited notes are returned apart)."""
    text, heading_marks = para.text, []
    for note in sorted(para.footnotes, key=lambda n: n.offset, reverse=True):
        mark = note.mark.translate(_TO_SUPER) if superscript else note.mark
        if note.offset == 0:
            heading_marks.insert(0, mark)
            continue
        text = text[: note.offset] + mark + text[note.offset :]
    return text, heading_marks


def to_pdf_text(report: Report, *, width: int, hyphens: bool = False) -> str:
    """Typeset ``report`` like the hard-wrapped PDF export (000).

    ``hyphens`` lets lines break after the hyphen of a compound, as PDF text does.
    """
    out: list[str] = []
    page_lines = 0

    def wrapped(text: str, indent: str = "", *, page_break: bool = True) -> None:
        nonlocal page_lines
        for line in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=hyphens):
            if page_break and page_lines >= 40:  # furniture, then an indented first line
                out.extend(["GE.23-01234 (E)", "3/12", "E/CN.15/2023/7"])
                out.extend([" " + line + " ", ""])
                page_lines = 0
            else:
                out.extend([indent + line + " ", ""])
            page_lines += 1

    if report.summary:
        out.extend(["  Summary ", ""])
        wrapped(report.summary.text)
    previous = None
    for para in report.paragraphs:
        text, heading_marks = _marked(para, superscript=False)
        headings = _heading_lines(previous, para)
        for index, (prefix, title) in enumerate(headings):
            marks = "".join(heading_marks) if index == len(headings) - 1 else ""
            out.extend([" ", "", " ", ""])
            wrapped(f"{prefix} {title}{marks}".strip(), indent=" ")
            out.extend([" ", ""])
        wrapped(f"{para.number}. {text}")
        if para.footnotes:
            out.append("__________________ ")
            out.append("")
            for note in para.footnotes:
                wrapped(f" {note.mark} {note.text}", page_break=False)
            out.append("https://undocs.org/")
            page_lines = 40  # the notes end the page
        previous = para
    return "\n".join(out) + "\n"


def to_markdown(report: Report) -> str:
    """Write ``report`` like the Markdown-like exports (001): ``- 12.`` items, superscripts."""
    out: list[str] = []
    if report.summary:
        out.extend(["Summary", "", report.summary.text, ""])
    previous = None
    for index, para in enumerate(report.paragraphs):
        text, heading_marks = _marked(para, superscript=True)
        headings = _heading_lines(previous, para)
        for position, (prefix, title) in enumerate(headings):
            marks = "".join(heading_marks) if position == len(headings) - 1 else ""
            out.extend([f"{prefix} {title}{marks}".strip(), ""])
        out.append(f"- {para.number}. {text}" if para.numbered else f"- {text}")
        if para.footnotes:
            out.extend(["", f"V.23-01234 {index}/40", "", "_", ""])
            out.extend(f"{note.mark.translate(_TO_SUPER)} {note.text}" for note in para.footnotes)
            out.append("")
        previous = para
    return "\n".join(out) + "\n"


def _same(read: Report, original: Report) -> None:
    assert [p.number for p in read.paragraphs] == [p.number for p in original.paragraphs]
    for got, want in zip(read.paragraphs, original.paragraphs, strict=True):
        assert got == want, want.key
    assert read.summary == original.summary


def _unhyphenated(para: Paragraph) -> tuple[object, ...]:
    """A paragraph with hyphens ignored (offsets counted without them)."""
    notes = tuple(
        (n.mark, n.text.replace("-", ""), n.offset - para.text[: n.offset].count("-"))
        for n in para.footnotes
    )
    return (
        para.number,
        para.numbered,
        para.section,
        para.section_title,
        para.text.replace("-", ""),
        notes,
    )


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_pdf_text_round_trip(corpus: dict[str, Report], key: str) -> None:
    original = corpus[key]
    reading = read_text(to_pdf_text(original, width=82), original.meta, source=f"{key}.pdf.txt")
    assert reading.layout.name == "pdf-text"
    assert reading.notes == ()
    _same(reading.report, original)


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_pdf_text_broken_at_hyphens_round_trip(corpus: dict[str, Report], key: str) -> None:
    """Lines broken after compound hyphens: re-joined, hyphen kept where the text shows it.

    A compound whose halves occur nowhere else in the document ("self-" / "assessment")
    gives no evidence and is read as one word split in two: that is the known limit, so at
    most a few paragraphs may differ, and only by such a hyphen.
    """
    original = corpus[key]
    read = read_text(to_pdf_text(original, width=66, hyphens=True), original.meta).report
    differing = 0
    for got, want in zip(read.paragraphs, original.paragraphs, strict=True):
        assert _unhyphenated(got) == _unhyphenated(want), want.key
        differing += got != want
    assert differing <= max(2, len(original.paragraphs) // 30)


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_markdown_round_trip(corpus: dict[str, Report], key: str) -> None:
    original = corpus[key]
    reading = read_text(to_markdown(original), original.meta, source=f"{key}.md.txt")
    assert reading.layout.name == "markdown"
    _same(reading.report, original)


@pytest.mark.slow
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(width=st.integers(min_value=60, max_value=110), key=st.sampled_from(["000", "002", "004"]))
def test_pdf_text_round_trip_at_any_width(corpus: dict[str, Report], width: int, key: str) -> None:
    original = corpus[key]
    _same(read_text(to_pdf_text(original, width=width), original.meta).report, original)
