"""Numbered reports: body lines -> headings and paragraph drafts, numbered as the document does.

Two passes. The first walks the lines once, recognising headings (see :mod:`.sections`) and
lines that start with the next paragraph number, and sorts the remaining lines into
*continuations* (a lower-case start, a ``(b)`` list item, or text after a sentence left open)
and *candidates* (a line that could start a paragraph the document forgot to number).

The second pass lets the document's own numbering decide about candidates: between paragraphs
19 and 21 there is room for exactly one paragraph, so one candidate becomes paragraph 20 (by
position, ``numbered=False``) and the others are continuations. A candidate that carries the
missing number mid-sentence ("in collaboration with 20. OHCHR") gets that number and
``numbered=True``, with the stray number taken out of the text. The first line after a heading
always starts a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ccpj_graph.corpus.layout import Layout
from ccpj_graph.corpus.scan import SourceLine
from ccpj_graph.corpus.sections import SectionTracker
from ccpj_graph.corpus.text import SENTINEL_RE, ends_sentence, is_open, strip_sentinels

__all__ = ["Draft", "draft_paragraphs"]

_NUMBER_START = re.compile(r"^(?P<number>\d{1,3})\.\s+(?P<rest>\S.*)$")
_ENUMERATOR = re.compile(r"^\((?:[a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)\s")
_WINDOW = 5  # a printed number may skip this many unnumbered paragraphs
_MAX_TITLE_LINES = 4  # wrapped heading titles run over at most this many lines


@dataclass(slots=True)
class Draft:
    """A paragraph before rendering: its number, section and raw lines (with sentinels)."""

    number: int
    numbered: bool
    section: str
    title: str  # raw heading title; rendered later like paragraph text
    lines: list[str]
    first_line: int  # line number in the file, for messages


@dataclass(slots=True)
class _Unit:
    kind: str  # "heading" | "numbered" | "candidate" | "cont"
    line: SourceLine
    text: str
    section: str = ""
    number: int | None = None
    after_heading: bool = False
    marks: str = ""  # footnote sentinels a heading carried, for the next paragraph
    misplaced: int | None = None
    title_lines: list[str] = field(default_factory=list)  # a heading's title, line by line
    owner: _Unit | None = None  # the heading in force


def _plausible(number: int, last: int) -> bool:
    return last < number <= last + _WINDOW


def _number_of(line: SourceLine, last: int, *, after_sentence: bool = True) -> int | None:
    """The paragraph number ``line`` starts with, if it can be the next one.

    A number that skips ahead (unnumbered paragraphs in between) must follow a finished
    sentence, so a wrapped line starting "25. " inside a paragraph is not taken for one.
    """
    match = _NUMBER_START.match(strip_sentinels(line.text))
    if not match or not _plausible(int(match["number"]), last):
        return None
    number = int(match["number"])
    if number > last + 1 and not after_sentence:
        return None
    return number


def _numbered_soon(lines: list[SourceLine], index: int, last: int, *, wrapped: bool) -> bool:
    """Does a numbered paragraph follow line ``index`` (after a wrapped title, in PDF text)?"""
    for ahead in lines[index + 1 : index + (5 if wrapped else 2)]:
        if _number_of(ahead, last) is not None:
            return True
        if ends_sentence(ahead.text):
            return False
    return False


def _without_number(text: str) -> str:
    """The text after its leading ``12.``."""
    return re.sub(r"^\d{1,3}\.\s+", "", text.lstrip(), count=1)


def _first_pass(lines: list[SourceLine], layout: Layout) -> list[_Unit]:
    tracker = SectionTracker()
    units: list[_Unit] = []
    owner: _Unit | None = None
    last = 0
    open_text = False  # the text so far does not end a sentence
    for index, line in enumerate(lines):
        number = _number_of(line, last, after_sentence=not open_text)
        heading = tracker.propose(
            line.text,
            next_paragraph=last + 1,
            # In wrapped text a line stands alone when set off by more than one blank line.
            standalone=not layout.wrapped or line.gap >= 2,
            bold=line.bold,
            before_numbered=_numbered_soon(lines, index, last, wrapped=layout.wrapped),
            after_complete=not open_text,
        )
        if heading:
            tracker.enter(heading)
            marks = "".join(SENTINEL_RE.findall(line.text))
            unit = _Unit("heading", line, line.text, tracker.section, marks=marks)
            unit.title_lines = [strip_sentinels(heading.title)]
            units.append(unit)
            owner = unit
            open_text = False
            continue
        previous = units[-1] if units else None
        if number is not None:
            text = _without_number(line.text)
            units.append(_Unit("numbered", line, text, tracker.section, number, owner=owner))
            last = number
            open_text = is_open(text)
            continue
        if (
            layout.wrapped
            and previous is not None
            and previous.kind == "heading"
            and len(previous.title_lines) < _MAX_TITLE_LINES
            and not ends_sentence(previous.title_lines[-1])
            and not _ENUMERATOR.match(strip_sentinels(line.text))
        ):
            previous.title_lines.append(strip_sentinels(line.text))
            previous.marks += "".join(SENTINEL_RE.findall(line.text))
            continue
        plain = strip_sentinels(line.text).lstrip()
        if previous is None or previous.kind == "heading":
            kind, after_heading = "candidate", True
        elif layout.wrapped or _ENUMERATOR.match(plain) or plain[:1].islower() or open_text:
            kind, after_heading = "cont", False
        else:
            kind, after_heading = "candidate", False
        units.append(
            _Unit(kind, line, line.text, tracker.section, after_heading=after_heading, owner=owner)
        )
        open_text = is_open(line.text)
    return units


def _misplaced(text: str, low: int, high: int) -> tuple[int, str] | None:
    """A paragraph number between ``low`` and ``high`` (exclusive) pushed into the sentence."""
    for number in range(low + 1, high):
        pattern = re.compile(rf"(?<=\s){number}\.\s+(?=[A-Z“\"(])")
        matches = list(pattern.finditer(text))
        if len(matches) == 1:
            match = matches[0]
            return number, text[: match.start()] + text[match.end() :]
    return None


def _resolve(units: list[_Unit], messages: list[str]) -> None:
    """Decide which candidates start paragraphs, and number them (second pass)."""
    anchors = [i for i, unit in enumerate(units) if unit.kind == "numbered"]
    previous_number, start = 0, 0
    for stop in [*anchors, len(units)]:
        bound = units[stop].number if stop < len(units) else None
        candidates = [unit for unit in units[start:stop] if unit.kind == "candidate"]
        high = bound if bound is not None else previous_number + len(candidates) + 1
        for unit in candidates:
            found = _misplaced(unit.text, previous_number, high)
            if found:
                unit.misplaced, unit.text = found
        slots = None if bound is None else bound - previous_number - 1
        chosen = _choose(candidates, slots)
        number = previous_number
        for unit in candidates:
            if unit not in chosen:
                unit.kind = "cont"
                continue
            proposed = unit.misplaced if unit.misplaced is not None else number + 1
            if proposed <= number or (bound is not None and proposed >= bound):
                unit.kind = "cont"
                messages.append(
                    f"line {unit.line.no}: no paragraph number is free for this text;"
                    " kept with the paragraph before"
                )
                continue
            unit.number = number = proposed
        if bound is not None:
            if number < bound - 1:
                missing = ", ".join(str(n) for n in range(number + 1, bound))
                messages.append(f"paragraph number(s) {missing} not found before {bound}")
            previous_number = bound
        start = stop + 1


def _choose(candidates: list[_Unit], slots: int | None) -> list[_Unit]:
    """The candidates that start paragraphs, given ``slots`` free numbers (None: no limit)."""
    chosen = [unit for unit in candidates if unit.after_heading or unit.misplaced is not None]
    if slots is None:
        chosen += [unit for unit in candidates if unit.line.bullet and unit not in chosen]
        return chosen
    free = slots - len(chosen)
    ranked = sorted(
        (unit for unit in candidates if unit not in chosen),
        key=lambda unit: (not unit.line.bullet, candidates.index(unit)),
    )
    chosen += ranked[: max(free, 0)]
    return chosen


def draft_paragraphs(lines: list[SourceLine], *, layout: Layout) -> tuple[list[Draft], list[str]]:
    """Body lines -> paragraph drafts in document order, and messages about what was inferred."""
    units = _first_pass(lines, layout)
    messages: list[str] = []
    _resolve(units, messages)
    drafts: list[Draft] = []
    pending_marks = ""
    for unit in units:
        if unit.kind == "heading":
            pending_marks += unit.marks
            continue
        if unit.number is not None:  # a numbered line, or a candidate given a number
            if unit.kind == "candidate":
                how = "number found mid-sentence" if unit.misplaced else "numbered by position"
                messages.append(f"paragraph {unit.number} (line {unit.line.no}): {how}")
            drafts.append(
                Draft(
                    number=unit.number,
                    numbered=unit.kind == "numbered" or unit.misplaced is not None,
                    section=unit.section,
                    title="\n".join(unit.owner.title_lines) if unit.owner else "",
                    lines=[pending_marks + unit.text],
                    first_line=unit.line.no,
                )
            )
            pending_marks = ""
            continue
        if not drafts:
            messages.append(f"line {unit.line.no}: text before the first paragraph left out")
            continue
        drafts[-1].lines.append(unit.text)
    return drafts, messages
