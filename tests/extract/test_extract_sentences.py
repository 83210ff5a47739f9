"""Sentence splitting on UN report prose: abbreviations, symbols, quotes, offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ccpj_graph.extract.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_and_numbers_do_not_end_sentences() -> None:
    text = (
        "See para. 24 and No. 5, e.g. UNODC. It reached 1.1 million people (see paras. 51–55 "
        "below). The previous report is E/CN.15/2020/9. It was cited."
    )
    assert texts(text) == [
        "See para. 24 and No. 5, e.g. UNODC.",
        "It reached 1.1 million people (see paras. 51–55 below).",
        "The previous report is E/CN.15/2020/9.",
        "It was cited.",
    ]


def test_a_resolution_number_at_the_end_closes_the_sentence() -> None:
    text = "It was prepared pursuant to General Assembly resolution 75/196. The Office also acted."
    assert texts(text) == [
        "It was prepared pursuant to General Assembly resolution 75/196.",
        "The Office also acted.",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    text = 'UNODC launched "Data Matters." The series grew. It issued “Leave no one behind.” Next.'
    assert texts(text) == [
        'UNODC launched "Data Matters."',
        "The series grew.",
        "It issued “Leave no one behind.”",
        "Next.",
    ]


def test_lower_case_after_a_stop_continues_the_sentence() -> None:
    assert texts("It covers approx. three regions. Done.") == [
        "It covers approx. three regions.",
        "Done.",
    ]


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("") == ()
    assert split_sentences("   ") == ()


def test_real_paragraph_offsets_are_verbatim(corpus) -> None:
    for report in corpus.values():
        for para in report.paragraphs:
            sentences = split_sentences(para.text)
            assert sentences, para.key
            for s in sentences:
                assert para.text[s.start : s.end] == s.text


_words = st.lists(
    st.sampled_from(["UNODC", "trained", "No.", "e.g.", "1.1", "the", "Office.", "In", "Kenya,"]),
    max_size=30,
)


@given(_words)
def test_sentences_cover_the_text_in_order(words: list[str]) -> None:
    text = " ".join(words)
    sentences = split_sentences(text)
    last = 0
    for s in sentences:
        assert s.start >= last and text[s.start : s.end] == s.text and s.text.strip() == s.text
        last = s.end
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


def test_sentence_start_is_the_shared_splitters() -> None:
    from ccpj_graph.extract.sentences import sentence_start

    text = "UNODC met (see para. 5) in Vienna. The Office trained judges."
    assert sentence_start(text, text.index("Vienna")) == 0  # "para." ends no sentence
    assert sentence_start(text, text.index("judges")) == text.index("The Office")


def test_a_citation_takes_its_body_from_its_own_sentence_past_an_abbreviation() -> None:
    from ccpj_graph.extract.entities import find_mandates

    text = (
        "The Commission on Crime Prevention and Criminal Justice met (see para. 5) and adopted "
        "resolution 30/1."
    )
    (found,) = find_mandates(text)
    assert found.key == "ccpcj-30-1"
    assert "body-from-context" in found.flags
    # a real sentence break still bounds it: the body named in the sentence before is not taken
    (alone,) = find_mandates("The Commission on Crime Prevention met. It adopted resolution 30/1.")
    assert alone.key is None


def test_sentence_end_is_the_shared_splitters() -> None:
    from ccpj_graph.extract.sentences import sentence_end

    text = "UNODC met (see para. 5) in Vienna. The Office trained judges."
    assert sentence_end(text, 0) == text.index(" The Office")  # the stop stays with it
    assert sentence_end(text, text.index("judges")) == len(text)


def test_a_partnership_window_runs_to_the_end_of_its_sentence() -> None:
    from ccpj_graph.extract.entities import find_organisations

    # "e.g." ends no sentence, so the partner after it is still named under the cue
    text = "UNODC worked in partnership with several bodies, e.g. the Zeta Reform Foundation."
    found = [(m.label, m.rule) for m in find_organisations(text) if not m.known]
    assert found == [("Zeta Reform Foundation", "partnership-phrase")]
