"""Heading recognition: numerals must fit where the outline stands."""

from __future__ import annotations

import pytest

from ccpj_graph.corpus.sections import Heading, SectionTracker, roman_value


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("I", 1),
        ("IV", 4),
        ("IX", 9),
        ("XIV", 14),
        ("XL", 40),
        ("IIII", None),
        ("VX", None),
        ("", None),
    ],
)
def test_roman_value(numeral: str, value: int | None) -> None:
    assert roman_value(numeral) == value


def _walk(lines: list[str], *, next_paragraph: int = 99) -> list[str]:
    tracker = SectionTracker()
    seen = []
    for line in lines:
        heading = tracker.propose(
            line, next_paragraph=next_paragraph, standalone=True, before_numbered=True
        )
        if heading:
            tracker.enter(heading)
            seen.append(f"{tracker.section}|{tracker.title}")
        else:
            seen.append(f"-|{line}")
    return seen


def test_chapters_subsections_and_deeper_levels() -> None:
    assert _walk(
        [
            "I. Introduction",
            "II. Action taken",
            "A. Strategic issues",
            "B. Advancing crime prevention",
            "1. Addressing the causes of crime",
            "2. Addressing the economic dimension of crime",
            "(a) Trafficking in persons",
            "(b) Measures against trafficking in firearms",
            "C. Advancing the criminal justice system",
            "1. Safeguarding victims' rights",
            "III. Partnerships",
        ]
    ) == [
        "I|Introduction",
        "II|Action taken",
        "II.A|Strategic issues",
        "II.B|Advancing crime prevention",
        "II.B.1|Addressing the causes of crime",
        "II.B.2|Addressing the economic dimension of crime",
        "II.B.2.a|Trafficking in persons",
        "II.B.2.b|Measures against trafficking in firearms",
        "II.C|Advancing the criminal justice system",
        "II.C.1|Safeguarding victims' rights",
        "III|Partnerships",
    ]


def test_v_is_a_chapter_after_iv_and_a_letter_after_u() -> None:
    tracker = SectionTracker(roman=4, letter=5)
    heading = tracker.propose("V. Partnerships", next_paragraph=50, standalone=True)
    assert heading == Heading(1, "V", "Partnerships")
    tracker = SectionTracker(roman=2, letter=21)
    assert tracker.propose("V. Other matters", next_paragraph=50, standalone=True) == Heading(
        2, "V", "Other matters"
    )


def test_numerals_out_of_sequence_are_not_headings() -> None:
    assert _walk(["III. Too early", "I. Introduction", "C. Not yet", "A. First"]) == [
        "-|III. Too early",
        "I|Introduction",
        "-|C. Not yet",
        "I.A|First",
    ]


def test_sentences_are_not_headings() -> None:
    tracker = SectionTracker(roman=1)
    assert tracker.propose("A. This is a sentence.", next_paragraph=3, standalone=True) is None
    assert (
        tracker.propose(
            "II. The Commission may wish to do the following;", next_paragraph=3, standalone=True
        )
        is None
    )


def test_a_number_that_is_the_next_paragraph_is_a_paragraph() -> None:
    tracker = SectionTracker(roman=4, letter=1)
    # Wrapped PDF line of paragraph 1 looks like a heading but is the next paragraph.
    assert (
        tracker.propose(
            "1. The present report was prepared pursuant to", next_paragraph=1, standalone=False
        )
        is None
    )
    assert tracker.propose("1. Access to justice", next_paragraph=30, standalone=False) == Heading(
        3, "1", "Access to justice"
    )


def test_digit_and_paren_levels_need_their_parent() -> None:
    tracker = SectionTracker(roman=2)
    assert tracker.propose("1. Something", next_paragraph=9, standalone=True) is None
    tracker = SectionTracker(roman=2, letter=1)
    assert (
        tracker.propose("(a) Something", next_paragraph=9, standalone=True, before_numbered=True)
        is None
    )


def test_list_items_are_not_paren_headings() -> None:
    tracker = SectionTracker(roman=8, letter=0, digit=0)
    assert (
        tracker.propose(
            "(a) Continue encouraging the use;",
            next_paragraph=60,
            standalone=True,
            before_numbered=False,
        )
        is None
    )
    tracker = SectionTracker(roman=4, letter=5, digit=4)
    assert (
        tracker.propose(
            "(a) Adopt measures", next_paragraph=60, standalone=True, before_numbered=False
        )
        is None
    )


def test_unnumbered_headings_keep_the_address_and_give_the_title() -> None:
    tracker = SectionTracker()
    tracker.enter(Heading(1, "VI", "Concluding observations"))
    heading = tracker.propose(
        "Advancing crime prevention", next_paragraph=89, standalone=True, before_numbered=True
    )
    assert heading == Heading(2, None, "Advancing crime prevention")
    tracker.enter(heading)
    assert (tracker.section, tracker.title) == ("VI", "Advancing crime prevention")
    # Not when the line goes on a sentence, or no numbered paragraph follows.
    assert (
        tracker.propose(
            "Advancing it",
            next_paragraph=89,
            standalone=True,
            before_numbered=True,
            after_complete=False,
        )
        is None
    )
    assert (
        tracker.propose("Advancing it", next_paragraph=89, standalone=True, before_numbered=False)
        is None
    )
    assert (
        tracker.propose("Advancing it", next_paragraph=89, standalone=False, before_numbered=True)
        is None
    )


def test_wrapped_titles_extend() -> None:
    tracker = SectionTracker()
    tracker.enter(Heading(1, "I", "More effective, community- and knowledge-based crime"))
    tracker.extend_title("prevention ")
    assert tracker.title == "More effective, community- and knowledge-based crime prevention"
