"""The one phrase matcher for the profile's cue lists (theme cues, type cues, ...).

A rule file lists phrases; a rule module asks where they stand in a text. Literal phrases,
most of every list, are found in one pass of an Aho-Corasick automaton (pyahocorasick) over the
text, whatever the number of lists and phrases, instead of one regular-expression alternation
per list re-scanning the text. A list that holds a phrase written as a regular expression
(``/train(ed|ing)/``) is matched by :func:`~ccpj_graph.extract._rules.phrase_pattern`'s
alternation, as before.

Either way a list's matches are what that alternation finds: whole words (no word character
or hyphen on either side), the leftmost match first, at one position the alternative that sorts
first (longest phrase first), never overlapping within the list; a space in a phrase matches
any run of whitespace and a hyphen between two letters may be missing ("gender-responsive"
also finds "genderresponsive", as text converted from a PDF leaves a word a line end split).
Matches of different lists may overlap ("asset recovery" is a cue of two themes).
``tests/extract/test_phrases.py`` holds the two ways equal on the corpus and on generated
texts.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from ccpj_graph.extract._rules import IN_WORD_HYPHEN, phrase_pattern

__all__ = ["PhraseMatch", "PhraseMatcher"]

K = TypeVar("K", bound=Hashable)

_WORD_CHAR = re.compile(r"[\w-]")
_SPACES = re.compile(r"\s+")
# whitespace that normalising changes: a run of two or more, or one that is not a plain space
_UNEVEN_SPACE = re.compile(r"\s{2,}|[^\S ]")


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[K]):
    """One phrase of list ``group`` found at ``text[start:end]``."""

    start: int
    end: int
    group: K
    text: str


def _is_regex(phrase: str) -> bool:
    return len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/")


def _spellings(phrase: str) -> set[str]:
    """``phrase`` as written and with any of its in-word hyphens left out, as the
    alternation's ``-?`` matches it ("pre-trial": "pre-trial", "pretrial")."""
    first, *rest = IN_WORD_HYPHEN.split(phrase)
    out = {first}
    for piece in rest:
        out = {s + joint + piece for s in out for joint in ("-", "")}
    return out


def _key(phrase: str, ignore_case: bool) -> str:
    words = " ".join(phrase.split())
    return words.lower() if ignore_case else words


class _Normalised:
    """``text`` with every whitespace run made one space (and lower-cased), and the map back
    from each of its offsets to the original text's."""

    __slots__ = ("offsets", "text")

    def __init__(self, text: str, ignore_case: bool) -> None:
        folded = text.lower() if ignore_case else text
        if len(folded) != len(text):  # a character whose lower case is longer ("İ")
            folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        self.text = folded
        self.offsets: Sequence[int] = range(len(folded) + 1)
        if not _UNEVEN_SPACE.search(folded):
            return  # most paragraphs: single spaces only, so every offset maps to itself
        pieces: list[str] = []
        offsets: list[int] = []
        at = 0
        for run in _SPACES.finditer(folded):
            pieces.append(folded[at : run.start()])
            offsets.extend(range(at, run.start()))
            pieces.append(" ")
            offsets.append(run.start())
            at = run.end()
        pieces.append(folded[at:])
        offsets.extend(range(at, len(folded) + 1))  # one past the end maps to the end
        self.text = "".join(pieces)
        self.offsets = offsets


class _Regexes:
    """A list's phrases written as regular expressions: one alternation to find where the
    next may start, and each phrase alone, in the alternation's order, to tell which one
    matches at a start."""

    __slots__ = ("each", "first")

    def __init__(self, phrases: Sequence[str], flags: int) -> None:
        self.first = re.compile(phrase_pattern(list(phrases)), flags)
        self.each = tuple(
            ((-len(p), p), re.compile(phrase_pattern([p]), flags))
            for p in sorted(set(phrases), key=lambda p: (-len(p), p))
        )

    def at(self, text: str, start: int) -> tuple[tuple[int, str], int] | None:
        """(order, end) of the first phrase that matches at ``start``."""
        for order, pattern in self.each:
            match = pattern.match(text, start)
            if match:
                return order, match.end()
        return None


class PhraseMatcher(Generic[K]):
    """Every list of ``groups`` (a key -> its phrases), found in a text at once."""

    def __init__(self, groups: Mapping[K, Sequence[str]], *, ignore_case: bool = True) -> None:
        self._order: dict[K, int] = {key: i for i, key in enumerate(groups)}
        self._ignore_case = ignore_case
        flags = re.IGNORECASE if ignore_case else 0
        self._regexes: dict[K, _Regexes] = {}
        self._automaton: ahocorasick.Automaton | None = None
        table: dict[str, list[tuple[K, tuple[int, str]]]] = {}
        for key, phrases in groups.items():
            written = [p for p in phrases if _is_regex(p)]
            if written:
                self._regexes[key] = _Regexes(written, flags)
            for phrase in {p for p in phrases if not _is_regex(p)}:
                # the alternation tries phrases in this order at one position; a hyphen
                # between two letters may be missing in the text (phrase_pattern)
                for spelling in _spellings(phrase):
                    table.setdefault(_key(spelling, ignore_case), []).append(
                        (key, (-len(phrase), phrase))
                    )
        if table:
            automaton = ahocorasick.Automaton()
            for word, owners in table.items():
                automaton.add_word(word, (len(word), tuple(owners)))
            automaton.make_automaton()
            self._automaton = automaton

    def find(self, text: str) -> list[PhraseMatch[K]]:
        """Every list's matches in ``text``, by list (in the order the lists were given), then
        by position."""
        literal = self._candidates(text)
        found: list[PhraseMatch[K]] = []
        for key in sorted(literal.keys() | self._regexes.keys(), key=self._order.__getitem__):
            found.extend(self._scan(text, key, literal.get(key, {})))
        return found

    def search(self, group: K, text: str) -> PhraseMatch[K] | None:
        """The first match of list ``group`` in ``text``, or None."""
        return next((m for m in self.find(text) if m.group == group), None)

    def _candidates(self, text: str) -> dict[K, dict[int, tuple[tuple[int, str], int]]]:
        """Per list, the literal phrases standing as whole words: start -> (order, end) of the
        first in the alternation's order."""
        out: dict[K, dict[int, tuple[tuple[int, str], int]]] = {}
        if self._automaton is None:
            return out
        norm = _Normalised(text, self._ignore_case)
        for last, (length, owners) in self._automaton.iter(norm.text):
            start = norm.offsets[last - length + 1]
            end = norm.offsets[last] + 1
            if start > 0 and _WORD_CHAR.match(text, start - 1):
                continue
            if end < len(text) and _WORD_CHAR.match(text, end):
                continue
            for key, order in owners:
                starts = out.setdefault(key, {})
                if start not in starts or order < starts[start][0]:
                    starts[start] = (order, end)
        return out

    def _scan(
        self, text: str, key: K, literal: Mapping[int, tuple[tuple[int, str], int]]
    ) -> Iterable[PhraseMatch[K]]:
        """The alternation's walk: the leftmost start, there the first phrase in its order,
        then on from that match's end."""
        regexes = self._regexes.get(key)
        starts = sorted(literal)
        i = 0
        pos = 0
        # the leftmost pattern match from ``pos``: searched again only once the walk has passed
        # the last one found (a match at a position does not depend on where the search began,
        # and a search that found nothing finds nothing further on), not after every literal
        # match as before
        next_regex = regexes.first.search(text, pos) if regexes else None
        while True:
            while i < len(starts) and starts[i] < pos:
                i += 1
            next_literal = starts[i] if i < len(starts) else None
            if regexes is not None and next_regex is not None and next_regex.start() < pos:
                next_regex = regexes.first.search(text, pos)
            if next_literal is None and next_regex is None:
                return
            start = min(
                s for s in (next_literal, next_regex and next_regex.start()) if s is not None
            )
            best = literal.get(start) if start == next_literal else None
            if regexes is not None and next_regex is not None and next_regex.start() == start:
                written = regexes.at(text, start)
                if written is not None and (best is None or written[0] < best[0]):
                    best = written
            assert best is not None
            end = best[1]
            yield PhraseMatch(start, end, key, text[start:end])
            pos = end if end > start else start + 1
