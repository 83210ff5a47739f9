"""Text passes: de-hyphenation, word repair, markup, and footnote sentinels."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ccpj_graph.corpus.text import (
    Spelling,
    WordRepair,
    clean_markdown,
    collapse,
    ends_sentence,
    join_lines,
    repair_pdf_spacing,
    sentinel,
    take_sentinels,
)

DOC = [
    "The sentence in this document is long, and non-custodial measures",
    "apply to women offenders. A case load of work and a caseload of",
    "sen-",
    "tence work; the non-",
    "custodial option.",
]


def test_spelling_leaves_out_fragments_around_line_end_hyphens() -> None:
    spelling = Spelling.from_lines(DOC)
    assert spelling.words["sentence"] == 1
    assert spelling.words["sen"] == 0
    assert spelling.words["tence"] == 0
    assert spelling.compounds["non-custodial"] == 1


def test_soft_hyphen_at_line_end_is_dropped_when_the_document_spells_the_word() -> None:
    spelling = Spelling.from_lines(DOC)
    assert join_lines(["a long sen-", "tence here"], spelling) == "a long sentence here"


def test_real_hyphen_at_line_end_is_kept() -> None:
    spelling = Spelling.from_lines(DOC)
    assert join_lines(["apply non-", "custodial measures"], spelling) == (
        "apply non-custodial measures"
    )
    assert join_lines(["Timor-", "Leste and"], spelling) == "Timor-Leste and"
    # A half is a word of the document and the joined form is not: a compound.
    assert join_lines(["a work-", "load"], Spelling.from_lines(["work", "load"])) == ("a work-load")
    assert join_lines(["victim-", "centred"], Spelling.from_lines(["victim"])) == ("victim-centred")
    # ... unless the document writes the joined form.
    assert join_lines(["a case-", "load"], spelling) == "a caseload"


def test_halves_that_are_not_words_are_joined() -> None:
    spelling = Spelling.from_lines(["nothing to see"])
    assert join_lines(["the mana-", "gement"], spelling) == "the management"


def test_suspended_hyphens_spaced_hyphens_and_ranges() -> None:
    spelling = Spelling.from_lines(DOC)
    assert join_lines(["age-", "and gender-sensitive"], spelling) == "age- and gender-sensitive"
    assert join_lines(["technology -", "based solutions"], spelling) == (
        "technology-based solutions"
    )
    assert join_lines(["the period 2021-", "2025"], spelling) == "the period 2021-2025"
    assert join_lines(["  Member ", "", " States "]) == "Member States"


def test_repair_pdf_spacing() -> None:
    assert repair_pdf_spacing("apply non -custodial measures") == "apply non-custodial measures"
    assert repair_pdf_spacing("research briefs . Next") == "research briefs. Next"
    assert repair_pdf_spacing("Practices ; the") == "Practices; the"
    assert repair_pdf_spacing("age- and gender-sensitive") == "age- and gender-sensitive"
    assert repair_pdf_spacing("from 7 - 12 May") == "from 7 - 12 May"


def test_word_repair_joins_broken_words_only() -> None:
    texts = [
        "evaluation of sp ort-based initiatives and sport for all",
        "legal aid pract itioners and practitioners",
        "went in to the room, in the end, into the night, to be",
        "by conduct ing an assessment; conducting more; standardiz ing and standardizing",
        "conduct of staff",
    ]
    repair = WordRepair.learn(texts)
    assert repair.apply(texts[0]) == "evaluation of sport-based initiatives and sport for all"
    assert repair.apply(texts[1]) == "legal aid practitioners and practitioners"
    assert repair.apply(texts[2]) == texts[2]  # "in" and "to" occur on their own
    # "ing" is explained by two broken words; "conduct" is a word, yet the pair is re-joined.
    assert repair.apply("by conduct ing an") == "by conducting an"


def test_word_repair_without_evidence_changes_nothing() -> None:
    repair = WordRepair.learn(["natio nal"])  # "national" never written whole
    assert repair.apply("natio nal") == "natio nal"


def test_clean_markdown() -> None:
    assert clean_markdown("resolution [75/196](#). It") == "resolution 75/196. It"
    assert (
        clean_markdown("the *Handbook on X* and *Fiebre*, a") == "the Handbook on X and Fiebre, a"
    )
    assert clean_markdown("*Global Study 2020* and") == "Global Study 2020 and"
    assert clean_markdown("budget of \\$106 million") == "budget of $106 million"
    assert clean_markdown("**www.unodc.org.**") == "www.unodc.org."
    assert clean_markdown("R&amp;D and 2*3 and a * b") == "R&D and 2*3 and a * b"


def test_ends_sentence() -> None:
    assert ends_sentence("It ended.")
    assert ends_sentence("“Quoted.”")
    assert ends_sentence("justice." + sentinel(0))
    assert not ends_sentence("the following:")
    assert not ends_sentence("guidelines;")
    assert not ends_sentence("together with the")


def test_take_sentinels_examples() -> None:
    mark = sentinel(0)
    assert take_sentinels(f"groups, {mark} providing") == ("groups, providing", [(mark, 7)])
    assert take_sentinels(f"justice.{mark}") == ("justice.", [(mark, 8)])
    assert take_sentinels(f"six States{mark} on") == ("six States on", [(mark, 10)])
    assert take_sentinels(f"{mark}The COVID") == ("The COVID", [(mark, 0)])
    assert take_sentinels(f"INSPIRE {mark} workshop") == ("INSPIRE workshop", [(mark, 7)])
    two = sentinel(1)
    assert take_sentinels(f"a{mark}{two} b") == ("a b", [(mark, 1), (two, 1)])


_words = st.lists(
    st.text(alphabet="abcdefghij.,“”-", min_size=1, max_size=8), min_size=1, max_size=12
)


@given(words=_words, data=st.data())
def test_take_sentinels_gives_back_the_text_and_where_the_mark_stood(
    words: list[str], data: st.DataObject
) -> None:
    text = " ".join(words)
    position = data.draw(st.integers(min_value=0, max_value=len(text)))
    mark = sentinel(3)
    result, found = take_sentinels(collapse(text[:position] + mark + text[position:]))
    spaced = collapse(text[:position] + " " + text[position:])
    assert result in (text, spaced)  # a mark between two words may leave their space
    assert len(found) == 1 and found[0][0] == mark
    offset = found[0][1]
    assert result[:offset].rstrip() == text[:position].rstrip()
