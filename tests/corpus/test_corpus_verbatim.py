"""Paragraph text keeps the source's words: no two source words glued, none split.

The reader joins lines, re-joins words split at a line end and repairs words a PDF converter
broke with a space. Each repair must only ever undo damage: every word of every paragraph
must be a word of the raw source once its layout is undone (line breaks and runs of spaces
as one space, a word split at a line end joined, with or without its hyphen; footnote marks
and Markdown markup dropped).
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from ccpj_graph.corpus.model import Report
from ccpj_graph.corpus.text import Spelling, join_lines

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MARKS = re.compile(r"\^\{?\d+\}?|[\u00b9\u00b2\u00b3\u2070-\u2079]+|\[\^?\d+\]")


def _source_words(path: Path) -> set[str]:
    raw = _MARKS.sub(" ", path.read_text(encoding="utf-8"))
    raw = raw.replace("\\", "").replace("*", " ").replace("#", " ")
    words = set(_WORD.findall(raw))
    lines = raw.split("\n")
    # a word split at a line end, with or without its hyphen
    for line, after in pairwise(lines):
        left = re.search(r"([^\W\d_]+)-\s*$", line)
        right = re.match(r"\s*([^\W\d_]+)", after)
        if left and right:
            words.add(left.group(1) + right.group(1))
    # words of the document re-joined where a converter put a space inside them
    return words | {w for w in _WORD.findall(join_lines(lines, Spelling.from_lines(lines)))}


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_every_word_of_every_paragraph_is_a_source_word(
    corpus: dict[str, Report], sources_dir: Path, key: str
) -> None:
    report = corpus[key]
    (path,) = sources_dir.glob(f"{key}_*.txt")
    source = _source_words(path)
    foreign: dict[str, str] = {}
    for para in report.paragraphs:
        for text in (para.text, *(note.text for note in para.footnotes)):
            for word in _WORD.findall(text):
                if word not in source:
                    foreign.setdefault(word, para.key)
    assert foreign == {}, foreign


@pytest.mark.parametrize(
    ("key", "words"),
    [("000", ["We applaud", "With her", "road map"])],
)
def test_real_word_pairs_stay_apart(corpus: dict[str, Report], key: str, words: list[str]) -> None:
    # regression: "#WeApplaud", "#WithHer" and the title "UNODC Roadmap" made the reader glue
    # "We applaud", "With her" and "road map" into one word each
    text = " ".join(p.text for p in corpus[key].paragraphs)
    for pair in words:
        assert pair in text, pair
        assert pair.replace(" ", "") not in text, pair
