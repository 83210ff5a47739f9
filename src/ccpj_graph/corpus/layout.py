"""Which export layout a text is in, judged from the text's own features (never its name).

The corpus holds three families of plain-text export, and next year's reports will come from
the same converters:

``pdf-text``
    hard-wrapped PDF text: one printed line per line (about 60-100 characters), page furniture,
    footnotes at the foot of each page after a ``____`` rule, words split at line ends.
``markdown``
    one paragraph per line, Markdown-like ``- 12.`` items, ``¹`` / ``^{1}`` footnote marks.
``markdown-bold``
    the same with ``**bold**`` headers.

A text that fits none of these (HTML, RTF, JSON, a table, a few words) is refused with a
one-line :class:`~ccpj_graph.errors.CorpusError` rather than read into nonsense.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ccpj_graph.errors import CorpusError

__all__ = ["LAYOUTS", "Layout", "detect_layout"]

LAYOUTS = ("pdf-text", "markdown", "markdown-bold")

_PROSE_WORDS = 5  # a line with at least this many words counts as prose
_MIN_PROSE_LINES = 3
_LONG_LINE = 160  # no PDF page is this wide; a paragraph per line usually is
_LONG_SHARE = 0.25
_WRAP_WIDTH = 140  # 95th percentile of prose line length in hard-wrapped text


@dataclass(frozen=True, slots=True)
class Layout:
    """The export family of a text and the features it was judged by."""

    name: str
    wrapped: bool  # lines are printed lines, not paragraphs
    bullets: bool  # paragraphs are written as ``- 12.`` list items
    bold_headers: bool  # headers are wrapped in ``**``
    prose_lines: int
    long_share: float  # share of prose lines longer than a printed line


def _refuse(source: Path | str, why: str) -> CorpusError:
    return CorpusError(f"{source}: unknown layout: {why}")


def _markup(text: str) -> str | None:
    """Name the markup language ``text`` is written in, if it is one we must not read."""
    head = text.lstrip()[:400]
    low = head.lower()
    if low.startswith("%pdf"):
        return "a PDF file, not its text export"
    if low.startswith("{\\rtf"):
        return "RTF, not plain text"
    if low.startswith(("<!doctype", "<html", "<?xml")) or re.search(r"<(html|body|div|p)\b", low):
        return "HTML/XML markup, not plain text"
    if head[:1] in "{[":
        try:
            json.loads(text)
        except ValueError:
            return None
        return "JSON, not plain text"
    return None


def detect_layout(text: str, *, source: Path | str = "<text>") -> Layout:
    """Judge the layout of ``text`` from its line lengths and markup.

    Raises :class:`CorpusError` naming ``source`` when the text fits no known layout.
    """
    markup = _markup(text)
    if markup:
        raise _refuse(source, markup)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    tabbed = sum(1 for line in lines if "\t" in line)
    if lines and tabbed > len(lines) / 2:
        raise _refuse(source, "tab-separated table, not running text")
    prose = [line for line in lines if len(line.split()) >= _PROSE_WORDS]
    if len(prose) < _MIN_PROSE_LINES:
        raise _refuse(
            source, f"only {len(prose)} line(s) of running text; is this a report export?"
        )
    long_share = sum(1 for line in prose if len(line) > _LONG_LINE) / len(prose)
    lengths = sorted(len(line) for line in prose)
    p95 = lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))]
    bold = sum(1 for line in lines if line.startswith("**")) >= 2
    bullets = sum(1 for line in lines if re.match(r"^[-*•]\s+\d{1,3}\.\s", line)) >= 3
    if long_share >= _LONG_SHARE:
        name, wrapped = ("markdown-bold" if bold else "markdown"), False
    elif p95 <= _WRAP_WIDTH:
        name, wrapped = "pdf-text", True
    else:
        raise _refuse(
            source,
            f"line lengths fit neither hard-wrapped text (95% of lines <= {_WRAP_WIDTH} "
            f"characters) nor one paragraph per line ({long_share:.0%} of lines are long)",
        )
    return Layout(
        name=name,
        wrapped=wrapped,
        bullets=bullets,
        bold_headers=bold,
        prose_lines=len(prose),
        long_share=round(long_share, 3),
    )
