"""Recall rules for the family of UN reports (issue 10): partner cues, co-subjects, venues,
units of a parent body and organisations the reference data lacks. Each test is a class of
phrasing met in reports 000-002, written afresh so that no test names a report's sentence."""

from __future__ import annotations

from ccpj_graph.extract.entities import find_organisations
from ccpj_graph.extract.roles import NamedSpan, assign_roles
from ccpj_graph.extract.segment import segment_paragraph


def roles(text: str, verb: str, **names: str) -> dict[str, tuple[str, bool]]:
    spans = []
    for key, name in names.items():
        start = text.index(name)
        spans.append(NamedSpan(key, start, start + len(name)))
    decisions = assign_roles(
        text,
        spans,
        scope=[(0, len(text))],
        verb_start=text.index(verb),
        excluded=frozenset({"unodc"}),
    )
    return {d.span.key: (d.role, d.strict) for d in decisions}


def test_unodc_first_of_a_coordinated_subject_acts() -> None:
    text = "UNODC and the Ministry of Justice of Ruritania worked to revise the penal code."
    (only,) = segment_paragraph(text)
    assert only.verb == "worked"
    got = roles(text, "worked", moj="Ministry of Justice of Ruritania")
    assert got == {"moj": ("co-deliverer", True)}


def test_a_body_supported_in_developing_work_co_delivers() -> None:
    text = (
        "The Office has been supporting the Department for Peace Operations in the "
        "development of guidance."
    )
    assert roles(text, "supporting", dpo="Department for Peace Operations") == {
        "dpo": ("co-deliverer", True)
    }
    text = "UNODC is supporting the National Police to conduct training."
    assert roles(text, "supporting", np="National Police") == {"np": ("co-deliverer", True)}


def test_a_joint_effort_with_a_body_names_a_partner() -> None:
    text = "UNODC took part in a group, as part of a joint effort with the Alliance for Action."
    assert roles(text, "took", alliance="Alliance for Action") == {
        "alliance": ("co-deliverer", True)
    }


def test_the_body_whose_session_hosted_an_event_is_no_partner() -> None:
    text = (
        "UNODC co-organized events during the tenth session of the Conference of the Parties "
        "and on the margins of the Commission."
    )
    got = roles(text, "co-organized", cop="Conference of the Parties", ccpcj="Commission")
    assert got == {}


def test_the_parent_named_after_a_unit_is_no_partner() -> None:
    text = "UNODC forged partnerships with the Office for Democratic Institutions of OSCE and SADC."
    got = roles(
        text, "forged", odihr="Office for Democratic Institutions", osce="OSCE", sadc="SADC"
    )
    assert got == {"odihr": ("co-deliverer", True), "sadc": ("co-deliverer", True)}


def test_unknown_bodies_after_any_partner_cue_are_minted() -> None:
    text = "The workshop was organized by the Ruritanian Bar Association in March."
    found = {m.label: m for m in find_organisations(text)}
    assert "Ruritanian Bar Association" in found
    assert not found["Ruritanian Bar Association"].known


def test_a_programme_is_not_an_organisation_even_with_a_head_word() -> None:
    text = (
        "UNODC continued its partnership with UNDP in the implementation of the Joint Global "
        "Programme on Essential Services for Women and Girls."
    )
    labels = {m.label for m in find_organisations(text)}
    assert not any("Essential Services" in label for label in labels)
