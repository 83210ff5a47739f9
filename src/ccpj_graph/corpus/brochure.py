"""Unnumbered documents (a brochure): titled blocks, each text unit numbered by position.

A brochure has no paragraph numbers; what structures it is its block titles ("Access to
Justice", "Crime Prevention") set off by a wider gap, and within a block short labels
("KEY AREAS OF INTERVENTION:") that introduce a list or a paragraph. The reader turns:

- a block title into the section (``section`` and ``section_title`` are the title);
- a label into the lead-in of the unit it introduces ("KEY AREAS OF INTERVENTION: ...");
- a bulleted list into one paragraph whose items are joined with "; " where they carry no
  punctuation of their own (list numbers such as "3." are list order, not paragraph numbers);
- a quotation followed by its source into one paragraph ("“...” — source");
- short lines before the first block title into nothing: that is the masthead.

Paragraphs are numbered "1", "2", ... in reading order with ``numbered=False``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ccpj_graph.corpus.layout import Layout
from ccpj_graph.corpus.paragraphs import Draft
from ccpj_graph.corpus.scan import SourceLine
from ccpj_graph.corpus.text import ends_sentence, is_open, strip_sentinels, word_count

__all__ = ["draft_blocks"]

_MAX_LABEL_WORDS = 12
_MAX_SOURCE_WORDS = 30
_TITLE_GAP = 2  # blank lines before a block title
_LIST_NUMBER = re.compile(r"^\d{1,3}\.\s+")
_QUOTE_OPENERS = ('"', "“", "«", "'", "‘")


@dataclass(slots=True)
class _Unit:
    lines: list[SourceLine] = field(default_factory=list)
    is_list: bool = False

    @property
    def first(self) -> SourceLine:
        return self.lines[0]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def _units(lines: list[SourceLine], layout: Layout) -> list[_Unit]:
    """Group lines into paragraphs and lists.

    In wrapped text a line continues the one before when that one is left open and runs
    (nearly) the full width of the page; a short open line is a label or title.
    """
    lengths = sorted(len(line.text) for line in lines) or [0]
    full = 0.6 * lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]
    units: list[_Unit] = []
    for line in lines:
        last = units[-1] if units else None
        if line.bullet:
            if last is not None and last.is_list and line.gap <= 1:
                last.lines.append(line)
            else:
                units.append(_Unit([line], is_list=True))
            continue
        if (
            layout.wrapped
            and last is not None
            and not last.is_list
            and line.gap <= 1
            and is_open(last.text)
            and len(last.lines[-1].text) >= full
        ):
            last.lines.append(line)
            continue
        units.append(_Unit([line]))
    return units


def _is_label(text: str) -> bool:
    plain = strip_sentinels(text).strip()
    if not plain or plain.startswith(_QUOTE_OPENERS) or word_count(plain) > _MAX_LABEL_WORDS:
        return False
    return not (ends_sentence(plain) or plain.endswith((";", ",")))


def _join_items(items: list[str]) -> str:
    parts = []
    for index, item in enumerate(items):
        item = _LIST_NUMBER.sub("", item.strip(), count=1)
        last = index == len(items) - 1
        if last or strip_sentinels(item).rstrip().endswith((".", ";", ":", ",", "!", "?")):
            parts.append(item + ("" if last else " "))
        else:
            parts.append(item + "; ")
    return "".join(parts)


def _lead(labels: list[str], text: str) -> str:
    out = ""
    for label in [*labels, text]:
        if not out:
            out = label
        elif out.rstrip().endswith(":"):
            out = f"{out} {label}"
        else:
            out = f"{out}: {label}"
    return out


def draft_blocks(lines: list[SourceLine], *, layout: Layout) -> tuple[list[Draft], list[str]]:
    """Body lines of an unnumbered document -> paragraph drafts, and messages."""
    drafts: list[Draft] = []
    messages: list[str] = []
    section: str | None = None  # None: still in the masthead
    pending: list[str] = []
    pending_line = 0
    previous_quote = False

    def add(text: str, first_line: int) -> None:
        drafts.append(
            Draft(
                number=len(drafts) + 1,
                numbered=False,
                section=section or "",
                title=section or "",
                lines=[text],
                first_line=first_line,
            )
        )

    for index, unit in enumerate(_units(lines, layout)):
        text = unit.text
        if unit.is_list:
            body = _join_items([line.text for line in unit.lines])
            if pending:
                add(_lead(pending, body), pending_line)
                pending = []
            elif drafts and section is not None and drafts[-1].lines[-1].rstrip().endswith(":"):
                drafts[-1].lines.append(body)
            else:
                add(body, unit.first.no)
            previous_quote = False
            continue
        if (
            previous_quote
            and unit.first.gap < _TITLE_GAP
            and not ends_sentence(text)
            and word_count(text) <= _MAX_SOURCE_WORDS
        ):
            drafts[-1].lines.append(f"— {text}")
            previous_quote = False
            continue
        if _is_label(text):
            title = not text.rstrip().endswith(":") and (index == 0 or unit.first.gap >= _TITLE_GAP)
            if title:
                if pending and section is not None:
                    add(_lead(pending[:-1], pending[-1]), pending_line)
                elif pending:
                    messages.append(f"line {pending_line}: masthead left out")
                pending = []
                section = strip_sentinels(text).strip()
            elif section is None:
                messages.append(f"line {unit.first.no}: masthead left out")
            elif pending:
                add(_lead(pending, text), pending_line)
                pending = []
            else:
                pending, pending_line = [text], unit.first.no
            previous_quote = False
            continue
        if pending:
            add(_lead(pending, text), pending_line)
            pending = []
        else:
            add(text, unit.first.no)
        previous_quote = text.lstrip().startswith(_QUOTE_OPENERS)
    if pending and section is not None:
        add(_lead(pending[:-1], pending[-1]), pending_line)
    return drafts, messages
