"""Section headings: ``IV.`` chapters, ``E.`` subsections, ``4.`` and ``(a)`` sub-subsections.

A heading is recognised by its numeral *and* by where the numbering stands: ``V.`` is a chapter
only after ``IV.`` (and the letter V only after U), ``2.`` is a sub-subsection only inside a
lettered subsection and when it is not the next paragraph number. That keeps wrapped lines and
list items that happen to start with "A." or "(b)" in their paragraphs.

A section is addressed by its numerals joined with dots: ``"IV"``, ``"IV.E"``,
``"IV.E.4"``, ``"IV.E.4.a"``. Unnumbered headings (a report's closing chapter may have
"Advancing crime prevention" sub-headings) keep the enclosing section's address and give the
title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ccpj_graph.corpus.text import ends_sentence, strip_sentinels, word_count

__all__ = ["Heading", "SectionTracker", "roman_value"]

_ROMAN = re.compile(r"^(?P<label>[IVXLC]{1,7})\.\s+(?P<title>\S.*)$")
_LETTER = re.compile(r"^(?P<label>[A-Z])\.\s+(?P<title>\S.*)$")
_DIGIT = re.compile(r"^(?P<label>\d{1,2})\.\s+(?P<title>\S.*)$")
_PAREN = re.compile(r"^\((?P<label>[a-z])\)\s+(?P<title>\S.*)$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_VALID_ROMAN = re.compile(r"^C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")

_MAX_CHAPTER_WORDS = 45
_MAX_MINOR_WORDS = 20
_MAX_UNNUMBERED_WORDS = 20


def roman_value(numeral: str) -> int | None:
    """``"IV"`` -> 4; ``None`` for what is not a well-formed Roman numeral."""
    if not numeral or not _VALID_ROMAN.match(numeral):
        return None
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


@dataclass(frozen=True, slots=True)
class Heading:
    """A recognised heading: its level (1 = chapter), numeral (``None`` if unnumbered), title."""

    level: int
    label: str | None
    title: str


def _heading_shaped(title: str, *, max_words: int) -> bool:
    plain = strip_sentinels(title).strip()
    if not plain or ends_sentence(plain) or plain.endswith(";"):
        return False
    return word_count(plain) <= max_words


@dataclass(slots=True)
class SectionTracker:
    """Where the reader stands in the document's outline; proposes and applies headings."""

    roman: int = 0
    letter: int = 0  # 1 = A
    digit: int = 0
    paren: int = 0  # 1 = (a)
    stack: list[Heading] = field(default_factory=list)

    @property
    def section(self) -> str:
        return ".".join(h.label for h in self.stack if h.label is not None)

    @property
    def title(self) -> str:
        return self.stack[-1].title if self.stack else ""

    def propose(
        self,
        text: str,
        *,
        next_paragraph: int,
        standalone: bool,
        bold: bool = False,
        before_numbered: bool = False,
        after_complete: bool = True,
    ) -> Heading | None:
        """The heading ``text`` would be here, or ``None`` if it is not one.

        ``next_paragraph`` is the paragraph number expected next (a ``3.`` that is the next
        paragraph is a paragraph, not a sub-subsection); ``standalone`` says the line stands
        alone (one paragraph per line); ``before_numbered`` says a numbered paragraph follows;
        ``after_complete`` says the text before it ended a sentence.
        """
        plain = strip_sentinels(text).strip()
        roman, letter = _ROMAN.match(plain), _LETTER.match(plain)
        if (
            letter
            and self.roman
            and _is_next(ord(letter["label"]) - 64, self.letter)
            and _heading_shaped(letter["title"], max_words=_MAX_CHAPTER_WORDS)
        ):
            return Heading(2, letter["label"], letter["title"])
        value = roman_value(roman["label"]) if roman else None
        if (
            roman
            and value is not None
            and _is_next(value, self.roman)
            and _heading_shaped(roman["title"], max_words=_MAX_CHAPTER_WORDS)
        ):
            return Heading(1, roman["label"], roman["title"])
        digit = _DIGIT.match(plain)
        if (
            digit
            and self.letter
            and _is_next(int(digit["label"]), self.digit, skip=0)
            and _heading_shaped(digit["title"], max_words=_MAX_MINOR_WORDS)
            and (int(digit["label"]) != next_paragraph or (standalone and before_numbered))
        ):
            return Heading(3, digit["label"], digit["title"])
        paren = _PAREN.match(plain)
        if (
            paren
            and self.digit
            and before_numbered
            and _is_next(ord(paren["label"]) - 96, self.paren, skip=0)
            and _heading_shaped(paren["title"], max_words=_MAX_MINOR_WORDS)
            and not plain.endswith(":")
        ):
            return Heading(4, paren["label"], paren["title"])
        if (
            (standalone or bold)
            and self.roman
            and after_complete
            and before_numbered
            and not (roman or letter or digit or paren)
            and plain[:1].isupper()
            and not plain.endswith(":")
            and _heading_shaped(plain, max_words=_MAX_UNNUMBERED_WORDS)
        ):
            return Heading(len([h for h in self.stack if h.label]) + 1, None, plain)
        return None

    def enter(self, heading: Heading) -> None:
        """Make ``heading`` the current section."""
        level = heading.level
        if heading.label is None:
            self.stack = [h for h in self.stack if h.label is not None and h.level < level]
            self.stack.append(heading)
            return
        if level == 1:
            self.roman = roman_value(heading.label) or self.roman + 1
            self.letter = self.digit = self.paren = 0
        elif level == 2:
            self.letter = ord(heading.label) - 64
            self.digit = self.paren = 0
        elif level == 3:
            self.digit = int(heading.label)
            self.paren = 0
        else:
            self.paren = ord(heading.label) - 96
        self.stack = [h for h in self.stack if h.label is not None and h.level < level]
        self.stack.append(heading)

    def extend_title(self, more: str) -> None:
        """Add a wrapped continuation line to the current heading's title."""
        if not self.stack:
            return
        last = self.stack.pop()
        self.stack.append(Heading(last.level, last.label, f"{last.title} {more.strip()}"))


def _is_next(value: int, current: int, *, skip: int = 1) -> bool:
    """``value`` follows ``current`` (allowing ``skip`` missing numbers in between)."""
    return current < value <= current + 1 + skip
