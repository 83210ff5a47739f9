"""The entity linker on real paragraphs of the five reports (``corpus`` fixture, tests/conftest.py).

Paragraphs are addressed by report key and number; the expected entities are what the sentence
plainly says. A few short sentences that the corpus lacks (a demonym before "judiciary", the
two Congos) are written out and marked as such.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ccpj_graph import resources
from ccpj_graph.corpus import Footnote, Paragraph, Report
from ccpj_graph.extract.entities import (
    FLAGS,
    EntityMention,
    find_all,
    find_countries,
    find_mandates,
    find_organisations,
    find_regions,
    find_standards,
    find_tools,
)
from ccpj_graph.extract.vocab import Vocabulary, load_vocabulary


def para(corpus: dict[str, Report], report: str, number: str) -> Paragraph:
    found = corpus[report].paragraph(number)
    assert found is not None, f"{report}-{number}"
    return found


def keys(mentions: list[EntityMention], *, flagged: str | None = None) -> list[str | None]:
    return [m.key for m in mentions if (flagged in m.flags if flagged else not m.flags)]


def by_key(mentions: list[EntityMention], key: str) -> EntityMention:
    matches = [m for m in mentions if m.key == key]
    assert len(matches) == 1, (key, matches)
    return matches[0]


# --- countries --------------------------------------------------------------------------------


def test_list_with_parenthesised_un_name(corpus: dict[str, Report]) -> None:
    p = para(corpus, "000", "45")  # "... from Bolivia (Plurinational State of), Ecuador and Nepal."
    found = find_countries(p.text)
    assert keys(found) == ["BOL", "ECU", "NPL"]
    assert found[0].text == "Bolivia (Plurinational State of)"


def test_article_forms_and_longest_match(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "54")  # "... Nigeria, the Sudan and Viet Nam ... the Gambia ..."
    found = find_countries(p.text)
    assert {"SDN", "GMB", "NGA", "VNM"} <= set(keys(found))
    assert by_key(found, "GMB").text == "the Gambia"
    assert by_key(found, "SDN").text == "the Sudan"
    assert "SSD" not in keys(found) and "NER" not in keys(found)


def test_long_beneficiary_list(corpus: dict[str, Report]) -> None:
    p = para(corpus, "000", "73")  # 53 States, Côte d’Ivoire with a typographic apostrophe
    found = find_countries(p.text)
    assert len(found) == len(set(keys(found))) == 53
    assert {"CIV", "NER", "NGA", "PSE", "MDA", "GMB", "BOL", "ARE", "VNM"} <= set(keys(found))
    assert by_key(found, "CIV").text == "Côte d’Ivoire"


def test_either_apostrophe(corpus: dict[str, Report]) -> None:
    straight = para(corpus, "002", "63")  # "joining Côte d'Ivoire, the Dominican Republic, ..."
    found = find_countries(straight.text)
    assert by_key(found, "CIV").text == "Côte d'Ivoire"
    assert "DOM" in keys(found) and "DMA" not in keys(found)
    assert "TUR" in keys(found)  # "Turkey", the name of the time


def test_niger_nigeria_and_guinea_bissau(corpus: dict[str, Report]) -> None:
    niger = find_countries(para(corpus, "001", "21").text)  # "... in Burkina Faso and the Niger"
    assert "NER" in keys(niger) and "NGA" not in keys(niger)
    bissau = find_countries(para(corpus, "004", "29").text)  # "In Guinea-Bissau, ..."
    assert "GNB" in keys(bissau) and "GIN" not in keys(bissau)
    sudan = find_countries(para(corpus, "004", "47").text)  # "South Sudan" only
    assert set(keys(sudan)) == {"SSD"}


def test_former_names_in_the_2012_report(corpus: dict[str, Report]) -> None:
    balkans = find_countries(para(corpus, "004", "48").text)
    assert set(keys(balkans)) == {"ALB", "HRV", "MKD", "MNE", "SRB"}
    palestine = find_countries(para(corpus, "004", "46").text)  # "Occupied Palestinian Territory"
    assert "PSE" in keys(palestine)
    cape_verde = find_countries(para(corpus, "004", "29").text)
    assert "CPV" in keys(cape_verde)


def test_country_inside_an_organisation_name_is_flagged(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "15")  # "... Committee on Law and Justice of the United States of
    found = find_countries(p.text)  # America National Academy of Sciences ..."
    usa = by_key(found, "USA")
    assert usa.flags == {"in-org-name"}
    assert (
        usa.inside
        == "committee-on-law-and-justice-of-the-united-states-national-academy-of-sciences"
    )
    thailand = find_countries(para(corpus, "001", "4").text)  # "... the Thailand Institute of
    assert by_key(thailand, "THA").flags == {"in-org-name"}  # Justice ..."
    assert {"ALB", "CZE"} <= set(keys(thailand))


def test_demonym_inside_an_organisation_name(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "34")  # "... together with the Lebanese Association for Victims ..."
    found = find_countries(p.text)
    lebanon = by_key(found, "LBN")
    assert lebanon.rule == "demonym" and "in-org-name" in lebanon.flags
    assert {"EGY", "IRQ", "PSE"} <= set(keys(found))


def test_demonym_denoting_state_bodies_written_out() -> None:
    # not in the corpus; the brief's own example
    found = find_countries(
        "UNODC trained the Kenyan judiciary and Nigerian police, and met African and Arab experts."
    )
    assert [(m.key, m.rule) for m in found] == [("KEN", "demonym"), ("NGA", "demonym")]
    assert find_countries("translated into Kenyan Swahili and French") == []


def test_congo_is_never_confused_written_out() -> None:
    # not in the corpus
    found = find_countries("Missions to the Democratic Republic of the Congo and the Congo.")
    assert [(m.key, m.text) for m in found] == [
        ("COD", "the Democratic Republic of the Congo"),
        ("COG", "the Congo"),
    ]


def test_footnote_list_behind_a_count(corpus: dict[str, Report]) -> None:
    p = para(corpus, "000", "47")  # "... from seven Arab States⁶ on ..."
    assert p.footnotes, "the reader keeps footnote 6 with its offset"
    found = [m for m in find_countries(p.text, footnotes=p.footnotes) if m.rule == "footnote-list"]
    assert sorted(keys(found)) == ["EGY", "IRQ", "JOR", "LBN", "MAR", "PSE", "TUN"]
    assert {m.text for m in found} == {"seven Arab States"}
    assert {m.footnote for m in found} == {p.footnotes[0].mark}
    assert all(p.text[m.start : m.end] == m.text for m in found)


def test_footnote_list_after_punctuation(corpus: dict[str, Report]) -> None:
    p = para(corpus, "000", "38")  # "... from five States.⁴ In addition ..."
    found = [m for m in find_countries(p.text, footnotes=p.footnotes) if m.rule == "footnote-list"]
    assert sorted(keys(found)) == ["KGZ", "LBN", "PSE", "TJK", "UZB"]


def test_footnote_count_mismatch_is_flagged() -> None:
    text = "UNODC trained officials from three countries on legal aid."
    note = Footnote(mark="9", text="Kenya and Uganda.", offset=text.index(" on"))
    found = find_countries(text, footnotes=[note])
    assert keys(found, flagged="count-mismatch") == ["KEN", "UGA"]


def test_a_city_whose_name_holds_another_state_names_neither() -> None:
    # written out: "Port of Spain" is in Trinidad and Tobago, not Spain
    text = "In Trinidad and Tobago, UNODC assisted the Port of Spain City Corporation."
    assert [m.key for m in find_countries(text)] == ["TTO"]
    assert [m.key for m in find_countries("A workshop was held in Port of Spain.")] == ["TTO"]
    found = find_organisations("UNODC assisted the Ministry of National Security in Port of Spain.")
    assert "esp-ministry-of-national-security" not in {m.key for m in found}


def test_a_ministrys_portfolio_list_closed_by_its_state() -> None:
    # written out: the list of portfolios runs up to the state that closes it
    found = find_organisations(
        "At the invitation of the Ministry of Education, Sports and Culture of Samoa, UNODC"
        " adapted its lesson plans."
    )
    assert (
        "wsm-ministry-of-education-sports-and-culture",
        "Ministry of Education, Sports and Culture",
    ) in {(m.key, m.label) for m in found}
    found = find_organisations(
        "UNODC supported the Ministry of Justice, Public Administration and Human Rights of Angola."
    )
    assert "ago-ministry-of-justice-public-administration-and-human-rights" in {
        m.key for m in found
    }


def test_a_ministrys_portfolio_after_and_without_an_article() -> None:
    found = find_organisations("In Suriname, UNODC supported the Ministry of Justice and Police.")
    assert "sur-ministry-of-justice-and-police" in {m.key for m in found}
    found = find_organisations("UNODC supported the Ministry of Justice and the Police of Kenya.")
    assert {"ken-ministry-of-justice", "ken-police"} <= {m.key for m in found}


def test_a_body_of_a_state_named_by_its_formal_name() -> None:
    # written out: "of the Republic of Slovenia" qualifies the body as "of Slovenia" would
    found = find_organisations(
        "UNODC worked with the Ombudsperson of the Republic of Croatia and the Human Rights"
        " Ombudsman of the Republic of Slovenia."
    )
    assert [(m.key, m.label) for m in found if m.key != "unodc"] == [
        ("hrv-ombudsperson", "Ombudsperson"),
        ("svn-human-rights-ombudsman", "Human Rights Ombudsman"),
    ]


def test_a_unit_named_after_its_parents_acronym_is_the_parent() -> None:
    # written out: "the GCC General Secretariat" is the GCC's, no body of its own
    found = find_organisations("A seminar was hosted by the GCC General Secretariat in Riyadh.")
    assert [(m.key, m.text) for m in found] == [("gcc", "GCC")]
    # a name of its own after an acronym stays one: "the OSCE Office for Democratic ..."
    found = find_organisations("It was held with the OSCE Office for Democratic Institutions.")
    assert [m.text for m in found] != ["OSCE"]
    assert any(m.text.startswith("OSCE Office for Democratic") for m in found)
    # but an office of the reporting agent is the agent (profile.toml [agent] offices)
    found = find_organisations("It was held with the UNODC Regional Office for Southern Africa.")
    assert [m.key for m in found] == ["unodc"]


def test_footnote_list_away_from_its_count_takes_the_count_before_the_mark() -> None:
    # written out: the mark stands after the region, and the count comes again later
    text = (
        "A project in four countries of Southern Europe, financed by the EU, was implemented"
        " by UNODC, and a report on the four countries was published."
    )
    note = Footnote(mark="2", text="Croatia, Greece, Malta and Spain.", offset=text.index(","))
    found = [m for m in find_countries(text, footnotes=[note]) if m.rule == "footnote-list"]
    assert sorted(keys(found, flagged="footnote-by-count")) == ["ESP", "GRC", "HRV", "MLT"]
    assert {m.text for m in found} == {"four countries"}
    assert {m.start for m in found} == {text.index("four")}


def test_footnote_list_announced_without_a_count() -> None:
    text = "Its piloting was supported in the following countries during the year."
    note = Footnote(mark="4", text="Cuba, Eritrea and Malta.", offset=text.index(" during"))
    found = [m for m in find_countries(text, footnotes=[note]) if m.rule == "footnote-list"]
    assert sorted(keys(found)) == ["CUB", "ERI", "MLT"]
    assert {m.text for m in found} == {"the following countries"}
    assert not any("count-mismatch" in m.flags for m in found)


@pytest.mark.slow
def test_every_country_name_in_the_corpus_resolves_to_one_iso_code(
    corpus: dict[str, Report],
) -> None:
    vocab = load_vocabulary()
    seen: dict[str, str] = {}
    for report in corpus.values():
        for paragraph in report.paragraphs:
            texts = [paragraph.text, *(f.text for f in paragraph.footnotes)]
            for text in texts:
                for mention in find_countries(text, vocab=vocab):
                    if mention.rule == "demonym":
                        continue
                    if mention.rule == "city":  # "held in Astana": the gazetteer's one country
                        cities = vocab.cities.lookup(mention.text)
                        assert [c.entity.key for c in cities] == [mention.key], mention
                        continue
                    resolved = vocab.resolve(mention.text, kind="country")
                    assert [e.key for e in resolved] == [mention.key], mention
                    assert seen.setdefault(mention.text, mention.key) == mention.key
    assert len(set(seen.values())) >= 100  # the reports name over a hundred countries


# --- regions -----------------------------------------------------------------------------------


def test_regions_and_coordinated_names(corpus: dict[str, Report]) -> None:
    p = para(corpus, "002", "54")  # "... Latin America, South-Eastern Europe, Eastern and
    found = find_regions(p.text)  # Southern Africa, the Pacific region, South and South-East
    assert set(keys(found, flagged="coordinated")) == {  # Asia and West and Central Africa"
        "eastern-africa", "southern-asia", "western-africa",
    }  # fmt: skip
    assert {
        "latin-america", "south-eastern-europe", "southern-africa", "pacific",
        "south-eastern-asia", "middle-africa",
    } <= set(keys(found))  # fmt: skip


def test_region_inside_an_organisation_name(corpus: dict[str, Report]) -> None:
    p = para(corpus, "002", "47")  # "... Caribbean Community Implementation Agency ..."
    found = find_regions(p.text)
    assert "caribbean" in keys(found)  # "the Caribbean region"
    organisations = find_organisations(p.text)
    assert "caricom-impacs" in keys(organisations)


def test_non_m49_regions(corpus: dict[str, Report]) -> None:
    assert "middle-east-and-north-africa" in keys(find_regions(para(corpus, "000", "47").text))
    assert "sahel" in keys(find_regions(para(corpus, "000", "70").text))
    assert "western-balkans" in keys(find_regions(para(corpus, "004", "48").text))


# --- organisations -----------------------------------------------------------------------------


def test_full_names_with_acronyms(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "3")
    found = find_organisations(p.text)
    assert [k for k in keys(found) if k][:4] == ["unodc", "undp", "ohchr", "unesco"]
    undp = by_key(found, "undp")
    assert undp.text == "United Nations Development Programme (UNDP)"
    assert undp.org_kind == "UNEntity"


def test_national_body_from_the_sentence_country(corpus: dict[str, Report]) -> None:
    kenya = find_organisations(para(corpus, "001", "19").text)
    police = by_key(kenya, "ken-national-police-service")
    assert police.country == "KEN" and police.org_kind == "GovernmentBody"


def test_national_bodies_of_a_list_resolve_to_their_countries(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "32")  # "... the Office of the Attorney General in Nepal, ... by the
    found = find_organisations(p.text)  # Ministry of Public Security, the prosecution service
    assert "npl-office-of-the-attorney-general" in keys(found, flagged="generic") + keys(found)
    assert by_key(found, "vnm-ministry-of-public-security").country == "VNM"
    assert by_key(found, "vnm-supreme-peoples-court").country == "VNM"
    service = by_key(found, "vnm-prosecution-service")  # and the Supreme People's Court in
    assert not service.known and service.flags == {"generic"}  # Viet Nam"


def test_generic_judiciary_takes_the_paragraph_country(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "33")  # "In Guatemala, ... UNODC also supported the judiciary ..."
    found = find_organisations(p.text)
    judiciary = by_key(found, "gtm-judiciary")
    assert judiciary.text == "judiciary" and judiciary.country == "GTM"
    assert "gtm-national-police" in keys(found) + keys(found, flagged="generic")


def test_context_country_keyword() -> None:
    text = "UNODC supported the Supreme Court and the Office of the Attorney General."
    kenya = find_organisations(text, country="KEN")
    assert keys(kenya, flagged="generic") == [
        "ken-supreme-court",
        "ken-office-of-the-attorney-general",
    ]
    assert all(not m.known and m.org_kind == "GovernmentBody" for m in kenya if m.key != "unodc")
    nepal = find_organisations(text, country="NPL")
    assert by_key(nepal, "npl-office-of-the-attorney-general").known
    nowhere = find_organisations(text)
    assert keys(nowhere, flagged="country-unknown") == [None, None]


def test_lowercase_generic_words_are_not_names(corpus: dict[str, Report]) -> None:
    p = para(corpus, "000", "49")  # "... UNODC launched a national police manual ..."
    found = find_organisations(p.text)
    assert not [m for m in found if m.text.lower() == "national police"]
    assert by_key(found, "egy-ministry-of-the-interior").country == "EGY"


@pytest.fixture(scope="module")
def without_omega(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    """The reference data less one organisation, to see an unknown one minted."""
    folder = tmp_path_factory.mktemp("reference")
    for path in resources.reference_dir().iterdir():
        shutil.copy(path, folder / path.name)
    organisations = folder / "organisations.ttl"
    text = organisations.read_text(encoding="utf-8")
    start = text.index("orgid:omega-research-foundation")
    end = text.index("\n\n", start)
    organisations.write_text(text[:start] + text[end + 2 :], encoding="utf-8")
    return load_vocabulary(Path(folder))


def test_unknown_partner_after_a_partnership_cue(
    corpus: dict[str, Report], without_omega: Vocabulary
) -> None:
    p = para(corpus, "001", "17")  # "... in cooperation with the Omega Research Foundation, ..."
    found = find_organisations(p.text, vocab=without_omega)
    omega = by_key(found, "omega-research-foundation")
    assert not omega.known and omega.rule == "partnership-phrase"
    assert omega.org_kind == "CivilSocietyOrganisation"
    assert omega.label == "Omega Research Foundation"
    centre = by_key(found, "uzb-national-human-rights-centre")  # "In Uzbekistan, together with
    assert centre.known  # the National Human Rights Centre"


def test_acronym_definition_mints_an_organisation(without_omega: Vocabulary) -> None:
    text = "The figures come from the Conflict Studies Observatory (CSO) of Peru."
    found = find_organisations(text, vocab=without_omega)
    assert [(m.key, m.rule, m.org_kind) for m in found] == [
        ("cso", "acronym-definition", "Organisation")
    ]


def test_coordinated_organisation_names(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "63")  # "... the European and African Forums for Restorative Justice."
    found = find_organisations(p.text)
    assert {"efrj", "african-forum-for-restorative-justice"} <= set(
        keys(found, flagged="coordinated")
    )
    assert {"undp", "un-women", "unhcr", "ilag", "uia"} <= set(keys(found))


# --- standards ---------------------------------------------------------------------------------


def test_full_name_with_short_name_is_one_mention(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "52")  # "United National Standard Minimum Rules for Non-custodial
    found = find_standards(p.text)  # Measures (the Tokyo Rules)" (sic) and the Bangkok Rules
    assert keys(found) == ["tokyo-rules", "bangkok-rules"]
    assert found[0].text.endswith("(the Tokyo Rules)")
    assert found[1].text.endswith("(the Bangkok Rules)")


def test_standards_by_short_name_and_lower_case(corpus: dict[str, Report]) -> None:
    assert keys(find_standards(para(corpus, "001", "57").text)) == [
        "nelson-mandela-rules", "nelson-mandela-rules", "nelson-mandela-rules", "bangkok-rules",
        "tokyo-rules",
    ]  # fmt: skip
    lower = find_standards(para(corpus, "004", "7").text)
    assert set(keys(lower)) == {"nelson-mandela-rules"} and len(lower) == 3


def test_brochure_variants(corpus: dict[str, Report]) -> None:
    found = {m.key for r in ("003",) for p in corpus[r].paragraphs for m in find_standards(p.text)}
    assert {
        "nelson-mandela-rules", "bangkok-rules", "tokyo-rules",
        "principles-and-guidelines-on-access-to-legal-aid",
        "updated-model-strategies-on-violence-against-women",
        "model-strategies-on-violence-against-children",
    } <= found  # fmt: skip


def test_generic_reference_resolved_when_unambiguous(corpus: dict[str, Report]) -> None:
    p = para(corpus, "002", "20")  # "... of the Convention against Corruption ..."
    found = find_standards(p.text)
    assert keys(found) == ["convention-against-corruption"]
    p = para(corpus, "002", "19")  # UNCAC named, then "the Convention" twice
    generic = [m for m in find_standards(p.text) if m.rule == "generic-reference"]
    assert {m.key for m in generic} == {"convention-against-corruption"}


def test_standard_in_an_organisation_name_is_flagged(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "50")  # "Group of Friends of the Nelson Mandela Rules"
    found = find_standards(p.text)
    assert keys(found, flagged="in-org-name") == ["nelson-mandela-rules"]
    assert keys(found) == ["nelson-mandela-rules"]


# --- mandates ----------------------------------------------------------------------------------


def test_mandate_display_form_and_key(corpus: dict[str, Report]) -> None:
    found = find_mandates(para(corpus, "001", "30").text)
    assert [(m.key, m.label, m.known) for m in found] == [
        ("ga-76-183", "GA resolution 76/183", True)
    ]
    found = find_mandates(para(corpus, "001", "1").text)
    assert [(m.key, m.label, m.text) for m in found] == [
        (
            "ecosoc-1992-22",
            "ECOSOC resolution 1992/22",
            "Economic and Social Council resolution 1992/22",
        )
    ]


def test_resolution_lists(corpus: dict[str, Report]) -> None:
    found = find_mandates(para(corpus, "004", "26").text)
    assert keys(found) == ["ga-65-213", "ecosoc-2007-23", "ecosoc-2009-26"]
    assert found[2].text == "2009/26"


def test_body_from_the_sentence(corpus: dict[str, Report]) -> None:
    assert keys(find_mandates(para(corpus, "002", "3").text)) == ["ga-75-196"]  # "as requested
    assert keys(find_mandates(para(corpus, "004", "7").text)) == ["ga-65-230"]  # by the General
    conference = find_mandates(para(corpus, "002", "20").text)  # Assembly in its resolution"
    assert keys(conference, flagged="body-from-context") == ["uncac-cosp-8-1"]
    assert keys(find_mandates(para(corpus, "002", "78").text)) == ["untoc-cop-10-5"]
    assert keys(find_mandates(para(corpus, "002", "19").text)) == ["uncac-cosp-8-9"]
    assert keys(find_mandates(para(corpus, "004", "5").text)) == ["ccpcj-18-2"]
    council = find_mandates(para(corpus, "002", "99").text)
    assert [(m.key, m.label) for m in council] == [("sc-2396", "SC resolution 2396 (2017)")]


def test_commission_resolution_in_a_footnote(corpus: dict[str, Report]) -> None:
    p = para(corpus, "000", "19")  # footnote 2: "... implementation of Commission resolution 27/6"
    cited = [m for m in find_all(p) if m.kind == "mandate"]
    assert [(m.key, m.label, m.in_footnote) for m in cited] == [
        ("ccpcj-27-6", "CCPCJ resolution 27/6", True)
    ]
    note = next(f for f in p.footnotes if f.mark == cited[0].footnote)
    assert note.text[cited[0].start : cited[0].end] == cited[0].text


def test_body_from_the_number_shape() -> None:
    found = find_mandates("in line with resolutions 2002/13 and 69/194, and resolution 30/1")
    assert [(m.key, sorted(m.flags)) for m in found] == [
        ("ecosoc-2002-13", ["body-from-number"]),
        ("ga-69-194", ["body-from-number"]),
        (None, ["body-unknown"]),
    ]
    # document symbols are not mandates; a decision is, by the shape of its number
    found = find_mandates("documents E/CN.15/2020/9 and A/76/119; decision 74/550 B")
    assert [(m.key, m.text, sorted(m.flags)) for m in found] == [
        ("ga-decision-74-550", "decision 74/550", ["body-from-number"])
    ]


# --- tools -------------------------------------------------------------------------------------


def test_titled_publications(corpus: dict[str, Report]) -> None:
    found = find_tools(para(corpus, "000", "16").text)
    assert [m.label for m in found if not m.flags] == [
        "Handbook on the Classification of Prisoners"
    ]
    cue = find_tools(para(corpus, "000", "18").text)
    assert "Preventing Violent Extremism through Sport: Technical Guide" in [m.label for m in cue]


def test_several_titles_in_one_sentence(corpus: dict[str, Report]) -> None:
    labels = [m.label for m in find_tools(para(corpus, "001", "12").text) if not m.flags]
    assert labels[:4] == [
        "Handbook on Ensuring Quality of Legal Aid Services in Criminal Justice Processes: "
        "Practical Guidance and Promising Practices",
        "Toolkit on Gender-Responsive Non-Custodial Measures",
        "Handbook on Police Accountability, Oversight and Integrity",
        "Handbook on the Management of High-Risk Prisoners",
    ]
    assert "Handbook on Restorative Justice Programmes (second edition)" in labels


def test_quoted_titles_but_not_event_themes(corpus: dict[str, Report]) -> None:
    data = find_tools(para(corpus, "001", "4").text)  # "a new series of briefs entitled "Data
    assert "Data Matters" in [m.label for m in data]  # Matters""
    webinar = find_tools(para(corpus, "001", "14").text)  # a webinar "entitled" and a theme
    assert [m for m in webinar if m.rule == "quoted-title"] == []


def test_described_publication(corpus: dict[str, Report]) -> None:
    found = find_tools(para(corpus, "000", "24").text)  # "launched an e-learning course for ..."
    course = [m for m in found if m.flags == {"descriptive"}]
    assert course and course[0].label.startswith(
        "e-learning course for the National Police Service"
    )


def test_standard_names_are_not_titles(corpus: dict[str, Report]) -> None:
    p = para(corpus, "001", "28")  # "In line with the Guidelines for Cooperation ..."
    assert find_tools(p.text) == []
    standards = find_standards(p.text)
    assert {"urban-crime-prevention-guidelines", "guidelines-for-the-prevention-of-crime",
            "kyoto-declaration"} == set(keys(standards))  # fmt: skip


# --- the whole corpus --------------------------------------------------------------------------


@pytest.mark.slow
def test_every_mention_quotes_its_text(corpus: dict[str, Report]) -> None:
    for report in corpus.values():
        for paragraph in report.paragraphs:
            notes = {f.mark: f.text for f in paragraph.footnotes}
            for mention in find_all(paragraph):
                source = notes[mention.footnote] if mention.in_footnote else paragraph.text
                assert source[mention.start : mention.end] == mention.text, mention
                assert mention.flags <= set(FLAGS), mention
                if mention.known:
                    assert mention.iri and mention.key, mention


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UNODC took part in a conference held in Astana on 4-6 October 2011.", ["KAZ"]),
        ("a centre of excellence in Santo Domingo whose objectives", ["DOM"]),
        ("seminars organized by UNDP in Nairobi and Nepal respectively.", ["KEN", "NPL"]),
        ("a workshop held at Bogota for judges", ["COL"]),
        # a seat of the United Nations, where an office sits, a longer name, no place word
        ("A meeting of the Expert Group was held in Vienna in 2011.", []),
        ("the meetings in New York and Geneva", []),
        ("UNODC has a regional justice programme based in Nairobi.", []),
        ("a seminar in Bangkok Rules compliance", []),
        ("a guide on violence for Nairobi and Accra", []),
        ("the Office's partners at the University of Lisbon", []),
    ],
)
def test_a_city_names_its_country_only_as_the_place_of_work(text: str, expected: list[str]) -> None:
    found = [m for m in find_countries(text) if m.rule in {"city", "name"}]
    assert sorted(m.key for m in found) == expected
    assert all(m.text == text[m.start : m.end] for m in found)


def test_a_state_ends_an_organisation_name_before_and_written_out() -> None:
    """ "the Government of Mexico and the Penal Reform Council" names two bodies."""
    text = "UNODC, the Government of Mexico and Penal Reform Council organized an event."
    labels = [m.label for m in find_organisations(text)]
    assert "Government of Mexico" in labels, labels
    assert not any("Penal" in label for label in labels if "Mexico" in label), labels
