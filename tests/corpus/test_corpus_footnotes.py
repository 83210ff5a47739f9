"""Placing footnote marks: superscripts, carets, glued and standalone digits."""

from __future__ import annotations

from ccpj_graph.corpus.footnotes import place_marks
from ccpj_graph.corpus.scan import NoteDef, SourceLine
from ccpj_graph.corpus.text import sentinel


def _lines(*texts: str) -> list[SourceLine]:
    return [SourceLine(no=index + 1, text=text) for index, text in enumerate(texts)]


def test_superscript_and_caret_marks() -> None:
    lines = _lines("groups, ¹ providing", "topics.^{2} The", "see [^3] here", "last")
    notes = [NoteDef("1", 10, ["a"]), NoteDef("2", 11, ["b"]), NoteDef("3", 12, ["c"])]
    placement = place_marks(lines, notes)
    assert [line.text for line in lines[:3]] == [
        f"groups, {sentinel(0)} providing",
        f"topics.{sentinel(1)} The",
        f"see {sentinel(2)} here",
    ]
    assert placement.notes[sentinel(1)].label == "2"
    assert placement.messages == ()


def test_superscript_one_is_not_read_inside_twelve() -> None:
    lines = _lines("first¹² and second¹ here")
    place_marks(lines, [NoteDef("1", 5, ["x"])])
    assert lines[0].text == f"first¹² and second{sentinel(0)} here"


def test_plain_digits_glued_to_words_or_punctuation() -> None:
    lines = _lines(
        "UNODC launched “dataUNODC”,1 a portal and COVID-19 data",
        "from five States.2 In addition, Goal 16 and six States3 on",
    )
    place_marks(lines, [NoteDef("1", 8, ["u"]), NoteDef("2", 9, ["v"]), NoteDef("3", 9, ["w"])])
    assert lines[0].text == f"UNODC launched “dataUNODC”,{sentinel(0)} a portal and COVID-19 data"
    assert lines[1].text == (
        f"from five States.{sentinel(1)} In addition, Goal 16 and six States{sentinel(2)} on"
    )


def test_a_standalone_digit_is_the_last_resort() -> None:
    lines = _lines("the second regional INSPIRE 7  workshop and more")
    place_marks(lines, [NoteDef("7", 4, ["INSPIRE is ..."])])
    assert lines[0].text == f"the second regional INSPIRE {sentinel(0)}  workshop and more"


def test_marks_are_searched_before_their_note_and_after_the_previous_mark() -> None:
    lines = _lines("a States1 b", "c Region1 d", "e f")
    # Note 1 printed after line 2: the nearest mark before it wins.
    place_marks(lines, [NoteDef("1", 3, ["n"])])
    assert lines[0].text == "a States1 b"
    assert lines[1].text == f"c Region{sentinel(0)} d"


def test_an_unplaced_note_is_attached_to_the_text_before_it() -> None:
    lines = _lines("no marks here", "nor here")
    placement = place_marks(lines, [NoteDef("4", 2, ["orphan"])])
    assert lines[0].text == f"no marks here{sentinel(0)}"
    assert placement.messages == (
        "footnote 4 (line 2): mark not found; attached to the text of line 1",
    )
