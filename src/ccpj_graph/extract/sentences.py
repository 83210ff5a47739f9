"""Sentence splitting that survives UN report prose.

A full stop ends a sentence only when the next word opens one, and never after an
abbreviation ("No.", "para.", "e.g."), inside a symbol ("E/CN.15/2022/9", "1.1 million") or
before a lower-case word. A closing quote or bracket after the stop stays with its sentence,
so ``... "Data Matters". The Office`` splits after the quote. Sentences are returned as
offsets into the paragraph text, so quotes cut from them are verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ccpj_graph.extract._rules import load_rules
from ccpj_graph.extract.profile import per_profile

__all__ = ["Sentence", "sentence_end", "sentence_start", "split_sentences"]

_CLOSERS = "\"'”’»)]*_"
_OPENERS = "\"'“‘«([*_"
# A stop, then any closing quotes or brackets, then space, then what may open a sentence.
_BOUNDARY = re.compile(
    rf"(?P<stop>[.!?…])(?P<close>[{re.escape(_CLOSERS)}]*)(?P<space>\s+)"
    rf"(?=[{re.escape(_OPENERS)}]*[A-Z0-9À-ÖØ-Þ#])"
)
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text == paragraph_text[start:end]``."""

    start: int
    end: int
    text: str


@per_profile
def _abbreviations() -> frozenset[str]:
    return frozenset(load_rules("sentences")["abbreviations"])


def _is_abbreviation(text: str, stop_at: int, abbreviations: frozenset[str]) -> bool:
    match = _WORD_BEFORE.search(text, 0, stop_at)
    if match is None:
        return False
    word = match.group(1).lstrip("(\"'“‘")
    if word in abbreviations:
        return True
    # A single capital before the stop is an initial ("J. Smith"), not a sentence end.
    return len(word) == 1 and word.isupper() and word not in {"I", "A"}


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text`` in order, with their offsets; empty text gives none.

    The one sentence splitter of the rule modules; a paragraph is split once per profile
    (cached), however many rules ask."""
    return _split(text, _abbreviations())


def sentence_start(text: str, offset: int) -> int:
    """Where the sentence holding ``offset`` starts (``offset`` itself when it lies between
    two sentences)."""
    start = 0
    for sentence in split_sentences(text):
        if sentence.start > offset:
            break
        start = sentence.start
    return min(start, offset)


def sentence_end(text: str, offset: int) -> int:
    """Where the sentence holding ``offset`` ends, its stop and closing quotes included
    (``offset`` itself when it lies between two sentences)."""
    for sentence in split_sentences(text):
        if sentence.end > offset:
            return max(offset, sentence.start) if sentence.start > offset else sentence.end
    return max(offset, len(text.rstrip()))


@lru_cache(maxsize=4096)
def _split(text: str, abbreviations: frozenset[str]) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        stop = match.start("stop")
        if match.group("stop") == "." and _is_abbreviation(text, stop, abbreviations):
            continue
        end = match.end("close")
        _append(sentences, text, start, end)
        start = match.end("space")
    _append(sentences, text, start, len(text))
    return tuple(sentences)


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))
