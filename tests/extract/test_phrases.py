"""The phrase matcher finds what the rule files' regular-expression alternation finds.

The alternation (``phrase_pattern``) is the definition of a cue list's matches; the matcher
(Aho-Corasick) must give the same spans, on generated texts and on every paragraph of the
corpus with the profile's real lists.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccpj_graph.corpus.reader import load_corpus
from ccpj_graph.extract._rules import load_rules, phrase_pattern
from ccpj_graph.extract.phrases import PhraseMatcher


def _by_regex(phrases: list[str], text: str, ignore_case: bool = True) -> list[tuple[int, int]]:
    flags = re.IGNORECASE if ignore_case else 0
    return [m.span() for m in re.compile(phrase_pattern(phrases), flags).finditer(text)]


def _by_matcher(phrases: list[str], text: str, ignore_case: bool = True) -> list[tuple[int, int]]:
    matcher = PhraseMatcher({"cues": phrases}, ignore_case=ignore_case)
    return [(m.start, m.end) for m in matcher.find(text)]


# "re-form" and "pre-trial" as phrases also match "reform" and "pretrial" (a hyphen a line end
# lost); "re" and "form" glued or hyphenated make both spellings in the texts
WORDS = st.sampled_from(
    [
        *("prison", "prisons", "Prison", "reform", "legal", "aid", "-", "x"),
        *("re-form", "pre-trial", "pretrial", "re", "form", "Re-Form"),
    ]
)
LITERAL = st.lists(WORDS.filter(lambda w: w != "-"), min_size=1, max_size=3).map(" ".join)
WRITTEN = st.sampled_from(
    ["/prisons?/", "/legal (?:aid|reform)/", "/x+/", "/aid(?: x)?/", "/P\\w+/"]
)
PHRASES = st.lists(st.one_of(LITERAL, LITERAL, WRITTEN), min_size=1, max_size=6)
GLUE = st.sampled_from([" ", "  ", "\n", "-", ", ", ".", "", "_", "é"])
TEXTS = st.lists(st.tuples(WORDS, GLUE), max_size=14).map(
    lambda parts: "".join(w + g for w, g in parts)
)


@settings(max_examples=600, deadline=None)
@given(phrases=PHRASES, text=TEXTS, ignore_case=st.booleans())
def test_same_spans_as_the_alternation(phrases: list[str], text: str, ignore_case: bool) -> None:
    assert _by_matcher(phrases, text, ignore_case) == _by_regex(phrases, text, ignore_case)


def test_overlapping_phrases_take_the_longest_at_the_leftmost_start() -> None:
    text = "legal aid providers and legal aid; prison reform-minded"
    phrases = ["legal aid", "legal aid providers", "aid", "prison reform"]
    assert _by_matcher(phrases, text) == [(0, 19), (24, 33)] == _by_regex(phrases, text)


def test_lists_may_overlap_each_other_but_not_themselves() -> None:
    matcher = PhraseMatcher({"a": ["asset recovery"], "b": ["asset recovery", "recovery"]})
    found = [(m.group, m.start, m.end) for m in matcher.find("Asset  recovery, recovery")]
    assert found == [("a", 0, 15), ("b", 0, 15), ("b", 17, 25)]


def test_a_regular_expression_phrase_is_matched_as_one() -> None:
    matcher = PhraseMatcher({"t": ["/train(ed|ing)/", "workshop"]})
    assert [m.text for m in matcher.find("Trained staff; a training workshop")] == [
        "Trained",
        "training",
        "workshop",
    ]


def test_a_hyphen_between_letters_may_be_missing_in_the_text() -> None:
    text = "genderresponsive and gender-responsive measures; pre-trial; gender responsive"
    phrases = ["gender-responsive", "pretrial"]
    expected = [(0, 16), (21, 38)]
    assert _by_matcher(phrases, text) == expected == _by_regex(phrases, text)
    # a phrase written without the hyphen does not match the hyphenated word
    assert _by_matcher(["genderresponsive"], "gender-responsive") == []


def test_a_character_whose_lower_case_is_longer_keeps_offsets() -> None:
    text = "İstanbul prison reform"
    assert _by_matcher(["prison reform"], text) == [(9, 22)] == _by_regex(["prison reform"], text)


@pytest.mark.parametrize(
    "file,table", [("themes", "themes"), ("types", "decisive"), ("types", "object")]
)
def test_the_profiles_lists_on_the_corpus(file: str, table: str) -> None:
    rules = load_rules(file)
    if table == "themes":
        lists = [
            spec[strength]
            for spec in rules["themes"].values()
            for strength in ("strong", "weak")
            if spec.get(strength)
        ]
    else:
        lists = [entry["cues"] for entry in rules[table]]
    texts = [p.text for report in load_corpus() for p in report.paragraphs]
    assert len(lists) >= 5 and len(texts) > 300
    matched = 0
    for phrases in lists:
        matcher = PhraseMatcher({0: phrases})
        pattern = re.compile(phrase_pattern(phrases), re.IGNORECASE)
        for text in texts:
            spans = [(m.start, m.end) for m in matcher.find(text)]
            assert spans == [m.span() for m in pattern.finditer(text)], (phrases[:3], text[:80])
            matched += len(spans)
    assert matched > 100
