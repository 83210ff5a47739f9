"""First pass over a document's lines: page furniture out, footnote texts apart, body lines in.

Works line by line and keeps each line's number in the file, so later passes can say where
they found something. What counts as furniture or as a footnote is decided by patterns that
hold for UN documents in general (job numbers such as ``V.22-01611``, ``GE.21-...``, page
numbers, running ``E/CN.15/...`` headers, ``____`` footnote rules), never by file name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ccpj_graph.corpus.layout import Layout

__all__ = [
    "SUPERSCRIPTS",
    "NoteDef",
    "Scan",
    "SourceLine",
    "body_start",
    "front_matter_summary",
    "is_furniture",
    "scan_body",
    "to_ascii_label",
]

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_ASCII = str.maketrans(SUPERSCRIPTS, "0123456789")

# UN job number with optional page numbers and sales barcode: "V.22-01611 3/15", "GE.21-08765".
_JOB_NUMBER = re.compile(
    r"^(?:\d{1,3}\s*/\s*\d{1,3}\s+)?[A-Z]{1,2}\.\d{2}-\d{5}(?:\s*\([A-Z]\))?"
    r"(?:\s+\d{1,3}\s*/\s*\d{1,3})?(?:\s+\*\d{5,}\*)?$"
)
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?$", re.IGNORECASE)
_BARCODE = re.compile(r"^\*\d{5,}\*$")
_RECYCLE = re.compile(r"^please\s+recycle\b", re.IGNORECASE)
# A UN document symbol alone on a line, maybe with a page number: a running header.
_SYMBOL_LINE = re.compile(
    r"^(?:(?P<pre>\d{1,3}\s*/\s*\d{1,3})\s+)?(?P<symbol>[A-Z]{1,4}(?:/[A-Z0-9.\-]+){2,})"
    r"(?:\s+(?P<post>\d{1,3}\s*/\s*\d{1,3}))?$"
)
_RULE = re.compile(r"^_{1,}$|^[_\-]{5,}$")
# A PDF link annotation the converter printed after the notes: a bare address with a scheme
# and no closing full stop (a note's own wrapped address usually ends its sentence).
_LINK_ANNOTATION = re.compile(r"^https?://\S+(?<![.;,])$")
_BULLET = re.compile(r"^[-*•]\s+|^[-*•]$")
# Footnote definitions in Markdown-like exports: "¹ Text", "^{1} Text", "[^1]: Text".
_MD_NOTE = re.compile(
    rf"^(?:\^\{{(?P<caret>[^}}\s]+)\}}|\[\^(?P<bracket>[^\]\s]+)\]:|(?P<super>[{SUPERSCRIPTS}]+))"
    r"\s*(?P<text>\S.*)$"
)
# Footnote definitions in hard-wrapped PDF text: " 3 The five sub-items ...".
_PDF_NOTE = re.compile(r"^\s*(?P<label>\d{1,3})\s+(?P<text>\S.*)$")
# The masthead's asterisk footnote ("Item 7 of the provisional agenda*" -> "* E/CN.15/...").
_STAR_NOTE = re.compile(r"^(?:\^\{\*+\}|\*+)\s+\S")
_BOLD_SPLIT = re.compile(r"\*{2,}")
_FIRST_SECTION = re.compile(r"^(?:\*\*)?I\.\s+\S")
_FIRST_PARAGRAPH = re.compile(r"^(?:[-*•]\s+)?1\.\s+\S")


def to_ascii_label(label: str) -> str:
    """``"²"`` -> ``"2"``; ``"^{3}"`` was already reduced to ``"3"`` by the scanner."""
    return label.translate(_SUPER_TO_ASCII)


@dataclass(slots=True)
class SourceLine:
    """One body line: its text (bullet and bold markers off), and where and how it stood."""

    no: int  # 1-based line number in the file
    text: str
    bullet: bool = False
    bold: bool = False
    gap: int = 0  # blank lines just before it
    indent: int = 0


@dataclass(slots=True)
class NoteDef:
    """A footnote's text as printed, with its label ("3") and the line where it starts."""

    label: str
    no: int
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Scan:
    """The body of a document split into body lines and footnote definitions."""

    lines: list[SourceLine]
    notes: list[NoteDef]
    dropped: int = 0  # furniture lines taken out


def is_furniture(line: str, *, repeated_symbols: frozenset[str] = frozenset()) -> bool:
    """Is ``line`` (stripped) page furniture: job number, page number, running header?"""
    if _JOB_NUMBER.match(line) or _PAGE_NUMBER.match(line) or _BARCODE.match(line):
        return True
    if _RECYCLE.match(line):
        return True
    symbol = _SYMBOL_LINE.match(line)
    if symbol:
        paged = symbol.group("pre") or symbol.group("post")
        return bool(paged) or symbol.group("symbol") in repeated_symbols
    return False


def _repeated_symbols(lines: list[str]) -> frozenset[str]:
    """Symbols standing alone on two or more lines: running headers, not text."""
    counts = Counter(
        match.group("symbol")
        for match in (_SYMBOL_LINE.match(line.strip()) for line in lines)
        if match and not (match.group("pre") or match.group("post"))
    )
    return frozenset(symbol for symbol, count in counts.items() if count >= 2)


def _unbold(text: str) -> tuple[str, bool]:
    """Strip ``**`` markers; say whether the whole line was bold."""
    stripped = text.strip()
    whole = stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
    return _BOLD_SPLIT.sub(" ", stripped).strip(), whole


def body_start(lines: list[str]) -> int | None:
    """Index of the first line of the body: section ``I.`` or paragraph ``1.``, if any."""
    for index, raw in enumerate(lines):
        line = raw.strip()
        if _FIRST_SECTION.match(line) or _FIRST_PARAGRAPH.match(line):
            return index
    return None


def front_matter_summary(lines: list[str], *, layout: Layout) -> list[str]:
    """The lines of the front-matter summary (after a "Summary" heading), if there is one.

    Bold runs are split into separate lines first, since a bold-header export may glue the
    masthead into one line ("...Secretary-General***Summary*").
    """
    segments: list[str] = []
    for raw in lines:
        line = raw.strip()
        if _RULE.match(line) or _STAR_NOTE.match(line) or _MD_NOTE.match(line):
            continue  # a footnote of the masthead, or its rule
        for piece in _BOLD_SPLIT.split(line):
            piece = piece.strip().strip("*").strip()
            if piece:
                segments.append(piece)
    repeated = _repeated_symbols(segments)
    for index, segment in enumerate(segments):
        if segment.rstrip(":").strip().lower() == "summary":
            body = segments[index + 1 :]
            break
    else:
        return []
    return [s for s in body if not is_furniture(s, repeated_symbols=repeated)]


def scan_body(lines: list[str], *, first_no: int, layout: Layout) -> Scan:
    """Split body lines (file lines from number ``first_no`` on) into text and footnotes."""
    if layout.wrapped:
        return _scan_wrapped(lines, first_no=first_no)
    return _scan_markdown(lines, first_no=first_no)


def _scan_wrapped(lines: list[str], *, first_no: int) -> Scan:
    """Hard-wrapped PDF text: footnotes follow a ``____`` rule until the next page starts.

    The converter writes each printed line followed by a blank line; the first line of a new
    page comes straight after the line before it, indented. That, or a bare link-annotation
    URL, ends a footnote block.
    """
    repeated = _repeated_symbols(lines)
    out: list[SourceLine] = []
    notes: list[NoteDef] = []
    dropped = 0
    in_notes = False
    seen_url = False
    gap = 0
    previous_blank = True
    for offset, raw in enumerate(lines):
        no = first_no + offset
        line = raw.strip()
        if not line:
            gap += 1
            previous_blank = True
            continue
        blank_before, previous_blank = previous_blank, False
        if _RULE.match(line):
            in_notes, seen_url = True, False
            continue
        if is_furniture(line, repeated_symbols=repeated):
            dropped += 1
            continue
        if in_notes:
            note = _PDF_NOTE.match(raw)
            expected = int(notes[-1].label) + 1 if notes else None
            if note and (expected is None or int(note.group("label")) == expected):
                notes.append(NoteDef(note.group("label"), no, [note.group("text").strip()]))
                seen_url = False
                continue
            if _LINK_ANNOTATION.match(line):  # link annotations the PDF keeps after the notes
                seen_url = True
                dropped += 1
                continue
            page_resumes = seen_url or (not blank_before and raw[:1].isspace())
            if not page_resumes and notes:
                notes[-1].lines.append(line)
                continue
            in_notes = False
        indent = len(raw) - len(raw.lstrip())
        out.append(SourceLine(no=no, text=line, gap=gap, indent=indent))
        gap = 0
    return Scan(out, notes, dropped)


def _scan_markdown(lines: list[str], *, first_no: int) -> Scan:
    """One paragraph per line: footnote definitions are lines that start with their mark."""
    repeated = _repeated_symbols(lines)
    out: list[SourceLine] = []
    notes: list[NoteDef] = []
    dropped = 0
    gap = 0
    for offset, raw in enumerate(lines):
        no = first_no + offset
        line = raw.strip()
        if not line:
            gap += 1
            continue
        if _RULE.match(line) or is_furniture(line, repeated_symbols=repeated):
            dropped += 1
            continue
        note = _MD_NOTE.match(line)
        if note:
            label = note.group("caret") or note.group("bracket") or note.group("super")
            label = to_ascii_label(label)
            if label.strip("*"):
                notes.append(NoteDef(label, no, [note.group("text").strip()]))
            else:
                dropped += 1  # an asterisk note belongs to the masthead, not the body
            continue
        bullet = bool(_BULLET.match(line))
        if bullet:
            line = _BULLET.sub("", line, count=1).strip()
            if not line:
                dropped += 1
                continue
        text, bold = _unbold(line)
        indent = len(raw) - len(raw.lstrip())
        out.append(SourceLine(no=no, text=text, bullet=bullet, bold=bold, gap=gap, indent=indent))
        gap = 0
    return Scan(out, notes, dropped)
