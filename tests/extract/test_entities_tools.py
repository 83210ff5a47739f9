"""Publication titles: whole titles, and quoted names that are not publications.

Real paragraphs of the corpus (``corpus`` fixture) plus a few written-out sentences, marked.
"""

from __future__ import annotations

from ccpj_graph.corpus import Report
from ccpj_graph.extract.entities import find_all, find_standards, find_tools


def labels(text: str) -> list[str]:
    return [m.label for m in find_tools(text)]


def test_a_title_runs_on_through_based_on(corpus: dict[str, Report]) -> None:
    paragraph = corpus["001"].paragraph("12")  # "... and the Technical Guidance for Prison
    assert paragraph is not None  # Planning: ... based on the Standard Minimum Rules for the
    title = (  # Treatment of Prisoners into Russian; ..."
        "Technical Guidance for Prison Planning: Technical and Operational Considerations "
        "based on the Standard Minimum Rules for the Treatment of Prisoners"
    )
    assert title in labels(paragraph.text)
    rules = [m for m in find_standards(paragraph.text) if m.key == "nelson-mandela-rules"]
    assert [sorted(m.flags) for m in rules] == [["in-title"]]  # named by the title, not applied


def test_an_inner_phrase_needs_a_capitalised_continuation() -> None:
    # written out: "based on" followed by ordinary words ends the title
    assert labels(
        "UNODC published the Handbook on Prison Reform based on evidence from Kenya."
    ) == ["Handbook on Prison Reform"]


def test_a_quoted_programme_name_is_not_a_tool(corpus: dict[str, Report]) -> None:
    paragraph = corpus["000"].paragraph("34")  # "In Uzbekistan, UNODC launched an online
    assert paragraph is not None  # “sport challenge” to promote sport ..."
    assert [m for m in find_all(paragraph) if m.kind == "tool"] == []
    event = corpus["002"].paragraph("79")  # "an event organized by UNESCO and the Italian
    assert event is not None  # Carabinieri entitled “Fighting the illicit traffic of ...”"
    assert [m.rule for m in find_tools(event.text)].count("quoted-title") == 0


def test_quoted_publications_keep_their_cue(corpus: dict[str, Report]) -> None:
    cases = [
        ("000", "6", "dataUNODC"),  # "launched “dataUNODC”, a global portal for data ..."
        ("001", "4", "Data Matters"),  # "a new series of briefs entitled “Data Matters”"
        ("001", "43", "Chuka: break the silence"),  # "the comic book “Chuka: ...”"
        ("002", "42", "Ensuring access to justice in the context of COVID-19"),  # a guidance note
        ("002", "74", "Guiding templates for firearms-related investigations"),
    ]
    for report, number, title in cases:
        paragraph = corpus[report].paragraph(number)
        assert paragraph is not None
        quoted = [m.label for m in find_tools(paragraph.text) if m.rule == "quoted-title"]
        assert title in quoted, (report, number, quoted)
    published = corpus["001"].paragraph("8")  # "UNODC also published “The Impact of COVID-19
    assert published is not None  # on Criminal Justice System Responses ...”"
    assert any(t.startswith("The Impact of COVID-19") for t in labels(published.text))


def test_a_publication_verb_alone_is_a_cue() -> None:
    # written out
    assert labels("UNODC published “Justice Matters” in five languages.") == ["Justice Matters"]
    assert labels("UNODC launched “Justice Matters” in five countries.") == []
    assert labels("UNODC launched “Justice Matters”, a series of podcasts.") == ["Justice Matters"]


def test_a_described_publication_ends_before_its_partner_and_its_count(
    corpus: dict[str, Report],
) -> None:
    """What a described, untitled publication is about ends where the sentence turns to who
    worked on it or how many places it served (lexicon.toml ``title_clause_end``)."""
    found = [
        label
        for report in corpus.values()
        for paragraph in report.paragraphs
        for label in labels(paragraph.text)
        if label.startswith(("study on criminal justice responses", "assessment toolkits"))
    ]
    assert sorted(found) == [
        "assessment toolkits for key criminal justice actors and standards for courtroom"
        " facilities",
        "study on criminal justice responses to sexual violence",
    ]
    # written out: every partner cue and a count end it; what it is about stays
    for tail in (
        "in partnership with the Ministry of Justice",
        "in cooperation with WHO",
        "jointly with UNDP",
        "with the support of the European Union",
        "funded by Japan",
        "in 12 provinces",
    ):
        sentence = f"UNODC developed a guide on legal aid for children {tail}."
        assert labels(sentence) == ["guide on legal aid for children"], sentence
    assert labels("UNODC developed a guide on justice in the context of COVID-19.") == [
        "guide on justice in the context of COVID-19"
    ]


def test_a_described_publication_ends_before_the_countries_it_was_made_for(
    corpus: dict[str, Report],
) -> None:
    """The same manual, named with its country in one report and without it in another, is one
    tool (lexicon.toml ``title_place_lead``); the activity keeps the country."""
    found = {
        label
        for report in corpus.values()
        for paragraph in report.paragraphs
        for label in labels(paragraph.text)
        if label.startswith("training manual on justice for children")
    }
    assert found == {"training manual on justice for children in the context of counter-terrorism"}
    # written out: one country, a list of them; a region or a subject that is not a place stays
    for places in ("Indonesia", "the Philippines", "Ghana and Malawi", "Ghana, Malawi and Zambia"):
        sentence = f"UNODC developed a guide on legal aid for children in {places}."
        assert labels(sentence) == ["guide on legal aid for children"], sentence
    assert labels("UNODC developed an analytical brief on prison populations in Asia.") == [
        "analytical brief on prison populations in Asia"
    ]
    assert labels("UNODC developed a guide on Kenya.") == ["guide on Kenya"]
    assert labels("UNODC developed a guide on prisons in Kenya for judges.") == [
        "guide on prisons in Kenya for judges"
    ]


def test_a_title_that_starts_inside_a_standard_s_name_is_no_tool() -> None:
    # written out: the standard's name runs on through a comma into the agent
    text = (
        "By resolution 67/187 the Assembly adopted the United Nations Principles and Guidelines"
        " on Access to Legal Aid in Criminal Justice Systems, UNODC continued to support States."
    )
    assert labels(text) == []
    assert [m.label for m in find_standards(text)] == [
        "United Nations Principles and Guidelines on Access to Legal Aid in Criminal Justice"
        " Systems"
    ]


def test_and_a_title_head_starts_a_second_title() -> None:
    # written out: two Title Case titles joined by "and a"
    text = (
        "UNODC published the Handbook on Dynamic Security and Prison Intelligence and a Guide"
        " on Gender-Responsive Probation."
    )
    assert labels(text) == [
        "Handbook on Dynamic Security and Prison Intelligence",
        "Guide on Gender-Responsive Probation",
    ]
    assert labels("UNODC published the Handbook on Women and Imprisonment.") == [
        "Handbook on Women and Imprisonment"
    ]


def test_a_title_starts_with_the_word_its_head_ends() -> None:
    # "Self-Assessment Tool": a title cut at the hyphen ("Assessment Tool for Courts") stood in
    # no quote the grounding check could read
    (found,) = [m for m in find_tools(TEXT_WITH_COMPOUND) if "Tool" in m.label]
    assert found.label == "Self-Assessment Tool for Courts"
    assert TEXT_WITH_COMPOUND[found.start : found.end] == found.label


TEXT_WITH_COMPOUND = (
    "In 2025, the Network published Judicial Well-being and Integrity: A Self-Assessment Tool "
    "for Courts, and the Office held a regional dialogue in Manila."
)
