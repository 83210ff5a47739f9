"""Splitting paragraphs into activities: places, new predicates, passives, background."""

from __future__ import annotations

from ccpj_graph.extract.segment import segment_paragraph


def quotes(text: str) -> list[str]:
    return [s.quote(text) for s in segment_paragraph(text)]


def test_a_new_place_starts_a_new_activity() -> None:
    text = (
        "In Brazil, UNODC adapted the police compliance index. In Kazakhstan, the Office "
        "trained 90 police officers. The Office also organized a seminar."
    )
    segments = segment_paragraph(text)
    assert [s.quote(text) for s in segments] == [
        "In Brazil, UNODC adapted the police compliance index.",
        "In Kazakhstan, the Office trained 90 police officers.",
        "The Office also organized a seminar.",
    ]
    assert all(s.agent == "unodc" for s in segments)


def test_place_switch_and_coordinated_verbs_inside_a_sentence() -> None:
    text = (
        "In Ethiopia, the Office contributed to the drafting of the national strategy, and in "
        "Kyrgyzstan it contributed to the drafting of new legislation. UNODC assisted "
        "prosecutors in preparing cases and provided mentorship to maritime agencies."
    )
    segments = segment_paragraph(text)
    assert [s.rule for s in segments] == [
        "sentence",
        "place-switch",
        "sentence",
        "coordinated-verb",
    ]
    assert segments[1].quote(text).startswith("in Kyrgyzstan it contributed")
    assert segments[3].quote(text).startswith("provided mentorship")


def test_two_verbs_of_one_predicate_and_adjectives_do_not_split() -> None:
    assert len(quotes("UNODC developed and distributed handbooks for first responders.")) == 1
    assert len(quotes("The Office supported a study on small arms and organized crime.")) == 1
    assert quotes("UNODC focused on addressing the increased demand.") == [
        "UNODC focused on addressing the increased demand."
    ]


def test_a_frame_listing_places_is_not_cut() -> None:
    text = "In Cambodia, Ghana and Viet Nam, UNODC procured personal protective equipment."
    assert quotes(text) == [text]


def test_passives_report_work_only_when_their_subject_is_work() -> None:
    text = (
        "UNODC trained judges. In Brazil, 16 online events were held on detention hearings. "
        "Data showed trends, and a link was established between crime and development."
    )
    segments = segment_paragraph(text)
    assert [s.agent for s in segments] == ["unodc", "passive"]
    # the background sentence continues the activity before it
    assert segments[1].scope[-1][1] == len(text)


def test_other_actors_and_the_report_itself_are_not_activities() -> None:
    assert quotes("The Commission held its thirtieth session in May.") == []
    assert quotes("Technical assistance described in this report was provided to States.") == []
    assert quotes("Member States should strengthen legal aid.") == []
    text = "The evaluation concluded that it had enabled providers to deliver more legal aid."
    assert quotes(text) == []


def test_background_before_the_first_activity_belongs_to_none() -> None:
    text = "Many countries face challenges. UNODC organized a series of workshops."
    (segment,) = segment_paragraph(text)
    assert segment.scope == ((text.index("UNODC"), len(text)),)


def test_an_invitation_to_unodc_is_its_activity() -> None:
    (segment,) = segment_paragraph(
        "Cape Verde invited UNODC to assess its juvenile justice system."
    )
    assert segment.agent == "unodc" and segment.verb == "assessed"


def test_real_paragraphs_quote_verbatim(corpus) -> None:
    para = corpus["001"].paragraph("17")
    segments = segment_paragraph(para.text)
    assert len(segments) >= 4
    for s in segments:
        assert s.quote(para.text) in para.text
        assert s.start <= s.verb_start < s.end
    assert segments[0].quote(para.text).startswith("In Thailand, UNODC provided comments")


def test_a_sentence_opening_on_a_new_place_is_a_new_activity() -> None:
    """Regression (000 para 78): "In Mexico, UNODC complemented ..." was merged into the
    legislative assistance before it, making Mexico a beneficiary of that assistance."""
    text = (
        "UNODC provided legislative assistance to Ethiopia and Ghana. In Mexico, UNODC "
        "complemented previous work on a certification scheme for prisons."
    )
    segments = segment_paragraph(text)
    assert len(segments) == 2
    assert "Mexico" in segments[1].quote(text)
    assert "Mexico" not in segments[0].quote(text)


def test_a_sentence_with_unodc_as_subject_opens_its_own_activity() -> None:
    # regression: "forged" and "continued its partnership" are no action verbs, so these
    # sentences lent their partners to the activity of the first sentence
    text = (
        "UNODC partnered with the Office of Counter-Terrorism. In the field of prison reform, "
        "UNODC forged new partnerships with regional entities such as SADC. Furthermore, UNODC "
        "continued its partnership with the Thailand Institute of Justice. UNODC noted that "
        "more work was needed."
    )
    segments = segment_paragraph(text)
    assert [s.verb for s in segments] == ["partnered", "forged", "continued"]
    # each activity's evidence is its own sentence; "noted" reports no work and continues
    assert [text[slice(*s.evidence)][:20] for s in segments] == [
        "UNODC partnered with",
        "In the field of pris",
        "Furthermore, UNODC c",
    ]
    assert segments[-1].evidence[1] == len(text)


def test_work_named_as_the_subject_of_a_listing_verb_is_an_activity() -> None:
    # regression: "Capacity-building activities included ..." yielded no activity
    text = (
        "Capacity-building activities included tailor-made training for the staff of judicial "
        "authorities. Key results included new legislation."
    )
    first, second = segment_paragraph(text)
    assert (first.verb, first.agent) == ("included", "passive")
    assert text[slice(*first.evidence)].startswith("Capacity-building activities included")
    assert text[slice(*second.evidence)] == "Key results included new legislation."


def test_a_progressive_with_an_adverb_before_been_is_an_action() -> None:
    # regression: "The Office has also been supporting ..." continued the activity before it
    text = "UNODC published a guide. The Office has also been supporting the police in Peru."
    first, second = segment_paragraph(text)
    assert first.verb == "published"
    assert second.verb == "supported" and second.agent == "unodc"
