"""Find where each footnote is cited and put its sentinel there, so it reaches its paragraph.

Exports mark footnotes three ways: superscripts (``groups, ¹ providing``), carets
(``^{1}``, ``[^1]``) and, in PDF text, a plain digit glued to the word or punctuation before it
(``"dataUNODC”,1 a global portal"``, ``six States5 on``) or standing between two words
(``INSPIRE 7  workshop``). A digit is read as a mark only for a footnote that exists, and only
between the previous footnote's mark and the footnote's own text (notes print at the foot of
the page that cites them), nearest to the note first. A footnote whose mark cannot be found is
attached to the end of the text just before it, with a note saying so: never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ccpj_graph.corpus.scan import SUPERSCRIPTS, NoteDef, SourceLine
from ccpj_graph.corpus.text import sentinel

__all__ = ["Placement", "place_marks"]

_TO_SUPER = str.maketrans("0123456789", SUPERSCRIPTS)
_SUPER_CLASS = f"[{SUPERSCRIPTS}]"


@dataclass(frozen=True, slots=True)
class Placement:
    """Which footnote each sentinel stands for, and what could not be placed exactly."""

    notes: dict[str, NoteDef]  # sentinel -> footnote
    messages: tuple[str, ...]


def _marked_patterns(label: str) -> list[re.Pattern[str]]:
    escaped = re.escape(label)
    patterns = [
        re.compile(rf"\^\{{{escaped}\}}"),
        re.compile(rf"\[\^{escaped}\](?!:)"),
    ]
    if label.isdigit():
        supers = re.escape(label.translate(_TO_SUPER))
        patterns.append(re.compile(rf"(?<!{_SUPER_CLASS}){supers}(?!{_SUPER_CLASS})"))
        patterns.append(re.compile(rf"\^{escaped}(?!\d)"))
    return patterns


def _glued_pattern(label: str) -> re.Pattern[str]:
    # After a letter or closing punctuation, before a space, punctuation or the line end.
    return re.compile(rf"(?<=[^\W\d_]|[.,;:!?”’\"')\]]){re.escape(label)}(?!\d)(?=[\s.,;:)]|$)")


def _standalone_pattern(label: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=[^\W\d_] ){re.escape(label)}(?= +[^\W\d_])")


Position = tuple[int, int]  # (index into body lines, column)


def _search_before(
    lines: list[SourceLine],
    pattern: re.Pattern[str],
    *,
    before_no: int,
    after: Position,
) -> tuple[Position, re.Match[str]] | None:
    """The match of ``pattern`` nearest before file line ``before_no`` and after ``after``."""
    last_index = max((i for i, line in enumerate(lines) if line.no < before_no), default=-1)
    for index in range(last_index, after[0] - 1, -1):
        matches = [
            match
            for match in pattern.finditer(lines[index].text)
            if (index, match.start()) >= after
        ]
        if matches:
            return (index, matches[-1].start()), matches[-1]
    return None


def _search_after(
    lines: list[SourceLine], pattern: re.Pattern[str], *, after_no: int
) -> tuple[Position, re.Match[str]] | None:
    for index, line in enumerate(lines):
        if line.no <= after_no:
            continue
        match = pattern.search(line.text)
        if match:
            return (index, match.start()), match
    return None


def place_marks(lines: list[SourceLine], notes: list[NoteDef]) -> Placement:
    """Replace each footnote's mark in ``lines`` (in place) by its sentinel."""
    placed: dict[str, NoteDef] = {}
    messages: list[str] = []
    floor: Position = (0, 0)
    for index, note in enumerate(notes):
        mark = sentinel(index)
        found = None
        for pattern in _marked_patterns(note.label):
            found = _search_before(lines, pattern, before_no=note.no, after=floor)
            if found:
                break
        if found is None:
            for pattern in _marked_patterns(note.label):
                found = _search_after(lines, pattern, after_no=note.no)
                if found:
                    break
        if found is None and note.label.isdigit():
            for pattern in (_glued_pattern(note.label), _standalone_pattern(note.label)):
                found = _search_before(lines, pattern, before_no=note.no, after=floor)
                if found:
                    break
        placed[mark] = note
        if found is None:
            host = max((i for i, line in enumerate(lines) if line.no < note.no), default=None)
            if host is None:
                messages.append(f"footnote {note.label} (line {note.no}): no text cites it")
                continue
            lines[host].text += mark
            messages.append(
                f"footnote {note.label} (line {note.no}): mark not found; attached to the"
                f" text of line {lines[host].no}"
            )
            continue
        (line_index, column), match = found
        line = lines[line_index]
        line.text = line.text[:column] + mark + line.text[match.end() :]
        floor = (line_index, column)
    return Placement(placed, tuple(messages))
