"""National, sub-national and new organisations: which state, which key, which label.

Regression tests for the linker fixes reported by activity extraction: a national body takes
its own sentence's country (001 para 42), a state's government is ``<iso3>-government`` with
one label, bodies of a province or department are flagged ``sub-national``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ccpj_graph import resources
from ccpj_graph.corpus import Report
from ccpj_graph.extract.entities import (
    EntityMention,
    find_all,
    find_organisations,
    government,
    government_name,
)
from ccpj_graph.extract.linking import EntityLinker
from ccpj_graph.extract.vocab import Vocabulary, load_vocabulary, slugify


def by_key(mentions: list[EntityMention], key: str) -> EntityMention:
    matches = [m for m in mentions if m.key == key]
    assert len(matches) == 1, (key, [m.key for m in mentions])
    return matches[0]


def _without(tmp_path: Path, key: str) -> Vocabulary:
    """The reference data less one organisation, so that the linker has to mint it."""
    folder = tmp_path / "reference"
    shutil.copytree(resources.reference_dir(), folder)
    organisations = folder / "organisations.ttl"
    text = organisations.read_text(encoding="utf-8")
    start = text.index(f"orgid:{key}\n")
    end = text.index("\n\n", start)
    organisations.write_text(text[:start] + text[end + 2 :], encoding="utf-8")
    return load_vocabulary(folder)


# --- which state --------------------------------------------------------------------------------


def test_a_national_body_takes_its_own_sentences_country(
    corpus: dict[str, Report], tmp_path: Path
) -> None:
    # "... for 113 practitioners from Kazakhstan, Tajikistan and Uzbekistan. UNODC, together
    # with the Ministry of Education and Science and the Law Enforcement Academy of the
    # Prosecutor General's Office of Kazakhstan, delivered ...": Kazakhstan's ministry, not
    # that of Uzbekistan, the last country of the sentence before
    paragraph = corpus["001"].paragraph("42")
    assert paragraph is not None
    vocab = _without(tmp_path, "kaz-ministry-of-education-and-science")
    ministry = by_key(
        find_organisations(paragraph.text, vocab=vocab), "kaz-ministry-of-education-and-science"
    )
    assert (ministry.country, ministry.known) == ("KAZ", False)
    known = by_key(find_organisations(paragraph.text), "kaz-ministry-of-education-and-science")
    assert known.known and known.country == "KAZ"


def test_a_country_after_the_body_in_its_sentence_beats_an_earlier_sentence() -> None:
    text = "Experts came from Chile. UNODC and the Supreme Court trained judges from Peru."
    court = by_key(find_organisations(text), "per-supreme-court")
    assert court.country == "PER" and court.flags == {"generic"}
    earlier = "In Chile, UNODC trained judges. The Supreme Court hosted the course."
    assert by_key(find_organisations(earlier), "chl-supreme-court").country == "CHL"


# --- keys and labels ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "number", "key", "label"),
    [
        ("004", "5", "are-government", "Government of the United Arab Emirates"),
        ("000", "57", "pse-government", "Government of the State of Palestine"),
        ("002", "14", "hnd-government", "Government of Honduras"),
        ("001", "53", "bra-government", "Government of Brazil"),  # "the Government"
    ],
)
def test_a_states_government_has_one_key_and_one_label(
    corpus: dict[str, Report], report: str, number: str, key: str, label: str
) -> None:
    paragraph = corpus[report].paragraph(number)
    assert paragraph is not None
    found = by_key(find_organisations(paragraph.text), key)
    assert (found.label, found.org_kind, found.known) == (label, "GovernmentBody", False)
    assert found.country is not None
    adapter = EntityLinker().government_of(found.country)
    assert (adapter.key, adapter.name) == (key, label)


def test_government_names_take_the_article_the_un_uses() -> None:
    vocab = load_vocabulary()
    assert government("NER", vocab) == ("ner-government", "Government of the Niger")
    assert government("KEN", vocab) == ("ken-government", "Government of Kenya")
    gambia = vocab.get("country", "GMB")
    assert gambia is not None and government_name(gambia) == "Government of the Gambia"


@pytest.mark.parametrize(
    ("iso3", "label"),
    [
        ("NLD", "Government of the Netherlands"),
        ("BOL", "Government of the Plurinational State of Bolivia"),
        ("VEN", "Government of the Bolivarian Republic of Venezuela"),
        ("IRN", "Government of the Islamic Republic of Iran"),
    ],
)
def test_a_label_in_list_form_gives_the_name_it_stands_for(iso3: str, label: str) -> None:
    # the reference labels read "Netherlands (Kingdom of the)"; a government is never
    # "Government of Netherlands (Kingdom of the)", and the grounding check finds it in text
    vocab = load_vocabulary()
    country = vocab.get("country", iso3)
    assert country is not None and "(" in country.label
    assert government(iso3, vocab) == (f"{iso3.lower()}-government", label)
    found = by_key(
        find_organisations(f"The project was funded by the {label}."), f"{iso3.lower()}-government"
    )
    assert found.label == label


def test_a_trailing_country_is_not_repeated_in_the_key() -> None:
    found = find_organisations("UNODC supported the Constitutional Court of the Niger.")
    court = by_key(found, "ner-constitutional-court")
    assert court.label == "Constitutional Court" and court.country == "NER"
    assert court.text == "Constitutional Court of the Niger"


@pytest.mark.slow
def test_minted_state_bodies_follow_the_key_pattern(corpus: dict[str, Report]) -> None:
    vocab = load_vocabulary()
    minted = [
        m
        for report in corpus.values()
        for paragraph in report.paragraphs
        for m in find_all(paragraph, vocab=vocab)
        if m.kind == "organisation" and not m.known and m.org_kind == "GovernmentBody" and m.key
    ]
    assert len({m.key for m in minted}) >= 15
    for mention in minted:
        assert mention.country is not None, mention
        country = vocab.get("country", mention.country)
        assert country is not None
        prefix, _, slug = mention.key.partition("-")
        assert prefix == mention.country.lower() and slug, mention
        assert slugify(country.label) not in slug, mention  # "are-government", never
        # "are-government-of-the-united-arab-emirates"


# --- sub-national bodies ------------------------------------------------------------------------


def test_sub_national_bodies_keep_their_names(corpus: dict[str, Report]) -> None:
    paragraph = corpus["004"].paragraph("39")  # "Also in Colombia, ... four municipalities of
    assert paragraph is not None  # the Department of Antioquia ... the Government of Antioquia."
    found = find_organisations(paragraph.text)
    for key, label in [
        ("col-department-of-antioquia", "Department of Antioquia"),
        ("col-government-of-antioquia", "Government of Antioquia"),
    ]:
        body = by_key(found, key)
        assert (body.label, body.country, body.org_kind) == (label, "COL", "GovernmentBody")
        assert "sub-national" in body.flags
    assert "col-government" not in [m.key for m in found]


def test_known_sub_national_body_is_flagged(corpus: dict[str, Report]) -> None:
    paragraph = corpus["000"].paragraph("41")  # "... the Municipality of São Paulo ..."
    assert paragraph is not None
    city = by_key(find_organisations(paragraph.text), "bra-municipality-of-sao-paulo")
    assert city.known and "sub-national" in city.flags


def test_a_ministry_named_department_is_national() -> None:
    text = "In Colombia, UNODC supported the Department of Justice and the Department of Cauca."
    found = find_organisations(text)
    assert "sub-national" not in by_key(found, "col-department-of-justice").flags
    # nothing else in the paragraph says Cauca is a place: not guessed
    assert "sub-national" not in by_key(found, "col-department-of-cauca").flags


def test_a_unit_of_a_ministry_is_named_with_it_and_keyed_as_itself() -> None:
    # as readers name it ("General Directorate ..., Ministry of Justice (Türkiye)"); the key
    # is the unit's own, so the unit named alone elsewhere is the same body
    text = (
        "In Türkiye, UNODC supported the General Directorate of Prisons and Detention Houses"
        " of the Ministry of Justice in drafting a strategy."
    )
    unit = by_key(
        find_organisations(text), "tur-general-directorate-of-prisons-and-detention-houses"
    )
    assert unit.label == (
        "General Directorate of Prisons and Detention Houses of the Ministry of Justice"
    )
    alone = "In Türkiye, UNODC supported the General Directorate of Prisons and Detention Houses."
    found = find_organisations(alone)
    assert by_key(found, unit.key).label == "General Directorate of Prisons and Detention Houses"


def test_an_academy_of_a_ministry_is_the_state_s_body_named_with_it() -> None:
    text = "In Azerbaijan, the Office and the Justice Academy of the Ministry of Justice met."
    academy = by_key(find_organisations(text), "aze-justice-academy")
    assert academy.label == "Justice Academy of the Ministry of Justice"
    assert academy.country == "AZE" and academy.org_kind == "GovernmentBody"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (
            "The guide was presented at an event co-organized with the Permanent Mission of "
            "Ghana to the United Nations (Vienna).",
            {"permanent-mission-of-ghana-to-the-united-nations": "GHA"},
        ),
        (
            "The guide was presented at an event co-organized with the Permanent Missions of "
            "Ghana, Peru and the Niger to the United Nations in Vienna.",
            {
                "permanent-mission-of-ghana-to-the-united-nations": "GHA",
                "permanent-mission-of-peru-to-the-united-nations": "PER",
                "permanent-mission-of-the-niger-to-the-united-nations": "NER",
            },
        ),
    ],
)
def test_a_permanent_mission_is_its_state_s_body_abroad(text: str, keys: dict[str, str]) -> None:
    """One mission or a list of them: each a State's body with its State, the same key for
    the same mission whichever way it is named, flagged ``abroad`` (its State is no place of
    the work)."""
    found = {m.key: m for m in find_organisations(text) if m.key in keys}
    assert {k: m.country for k, m in found.items()} == keys
    assert all(m.org_kind == "GovernmentBody" and "abroad" in m.flags for m in found.values())


def test_a_unit_takes_its_acronym_after_its_ministry_s_name_and_the_ministry_none() -> None:
    """ "the Committee ... of the Ministry of Internal Affairs of Kazakhstan (CCES)": CCES
    abbreviates the committee, not the ministry; "(Police nationale du Burundi, PNB)" the
    national police in its own language."""
    mentions = find_organisations(
        "The Committee of the Criminal Executive System of the Ministry of Internal Affairs of "
        "Kazakhstan (CCES), with the support of the Office, introduced a new instrument. The "
        "guide was piloted with the National Police of Burundi (Police nationale du Burundi, "
        "PNB)."
    )
    unit = by_key(mentions, "kaz-committee-of-the-criminal-executive-system")
    assert unit.acronym == "CCES" and unit.country == "KAZ"
    assert (
        unit.label
        == "Committee of the Criminal Executive System of the Ministry of Internal Affairs"
    )
    assert by_key(mentions, "kaz-ministry-of-internal-affairs").acronym is None
    police = by_key(mentions, "bdi-national-police")
    assert police.acronym == "PNB" and police.text.endswith("PNB)")
