"""Themes: cue phrases with weights, the section heading's main theme, names masked."""

from __future__ import annotations

from ccpj_graph.extract.themes import classify_themes, heading_themes, theme_cues
from ccpj_graph.extract.vocab import load_vocabulary

PRISON_HEADING = (
    "Comprehensive and gender-responsive penal and prison reforms implemented to reduce the "
    "overuse of imprisonment, prison overcrowding and other prison challenges, including "
    "radicalization and violent extremism in prisons"
)


def test_content_decides_several_themes() -> None:
    text = (
        "UNODC published a study on the killing of women and girls by intimate partners and "
        "statistics on prison populations during the COVID-19 pandemic."
    )
    themes = classify_themes(text)
    assert {"gender", "data", "prison", "covid-19"} <= set(themes)
    assert "children" not in themes


def test_heading_adds_its_strongest_core_theme_only() -> None:
    core, _ = heading_themes(PRISON_HEADING, theme_cues())
    assert core == "prison"
    themes = classify_themes("UNODC trained 126 officers.", section_title=PRISON_HEADING)
    assert themes == ("prison",)


def test_a_region_heading_names_no_theme() -> None:
    assert classify_themes("In Kenya, UNODC trained 126 officers.", section_title="Africa") == ()


def test_weak_cues_need_company() -> None:
    assert "children" not in classify_themes("with a focus on children and youth")
    assert "children" in classify_themes("violence against women and children")


def test_names_and_field_names_are_not_themes() -> None:
    text = "UNODC presented it at the Fourteenth United Nations Congress on Crime Prevention."
    assert "crime-prevention" not in classify_themes(text)
    name = "United Nations Entity for Gender Equality and the Empowerment of Women"
    text = f"UNODC worked with the {name} on data."
    start = text.index(name)
    assert "gender" not in classify_themes(text, masked=[(start, start + len(name))])
    assert "gender" in classify_themes(text)


def test_cue_table_keys_exist_in_the_reference_data() -> None:
    reference = {e.notation or e.key for e in load_vocabulary().of_kind("theme")}
    core = {"access-to-justice", "crime-prevention", "gender", "children", "prison", "data"}
    assert core <= reference
    restricted = theme_cues(frozenset(reference))
    assert set(restricted.order) <= reference
    assert core <= set(restricted.order)


def test_order_is_deterministic() -> None:
    text = "prison reform, gender-based violence, legal aid and crime prevention"
    assert classify_themes(text) == classify_themes(text)
    assert list(classify_themes(text)) == [
        k for k in theme_cues().order if k in classify_themes(text)
    ]


def test_a_list_of_the_offices_other_fields_is_not_the_paragraphs_theme() -> None:
    # 004 §1: the fields the work helps fight, named in one list
    listed = (
        "Strengthening criminal justice systems is a prerequisite for fighting transnational "
        "organized crime, drug trafficking, corruption and terrorism."
    )
    assert not {"organized-crime", "drugs", "corruption", "terrorism"} & set(
        classify_themes(listed)
    )
    # the work that is the sentence's subject, four words before the list, still counts
    assert "access-to-justice" in classify_themes(listed)
    # a list that is what the work covers counts (003 §29, 002 §10), in any wording the
    # profile's topic_list_before knows
    covered = {
        "The Programme delivers trainings to officials on threats such as transnational "
        "organized crime, terrorism, illicit drugs and cybercrime.": {
            "organized-crime",
            "terrorism",
            "drugs",
            "cybercrime",
        },
        "It outlines the work of the Office in five thematic areas: transnational organized "
        "crime, corruption, terrorism and addressing the world drug problem.": {
            "organized-crime",
            "corruption",
            "terrorism",
            "drugs",
        },
        "UNODC offered courses on corruption, terrorism and cybercrime.": {
            "corruption",
            "terrorism",
            "cybercrime",
        },
    }
    for text, themes in covered.items():
        assert set(classify_themes(text)) == themes, text
    # the same cues apart, each the subject of its own sentence, still count
    apart = (
        "UNODC trained investigators on corruption cases. It also organized a workshop on "
        "terrorism financing for prosecutors."
    )
    assert {"corruption", "terrorism"} <= set(classify_themes(apart))


def test_the_field_named_as_the_work_gives_its_broad_themes_only_without_a_core_theme() -> None:
    # 004 §3: the work is the field itself
    field = (
        "UNODC promotes the use of the standards and norms on the basis of its thematic "
        "programme on crime prevention and criminal justice."
    )
    assert classify_themes(field) == ("access-to-justice", "crime-prevention")
    # a core theme of its own decides instead
    own = "UNODC trained prison officers in its programme on crime prevention and criminal justice."
    assert classify_themes(own) == ("prison",)
    # the field in a body's or in the standards' name is no cue
    names = (
        "UNODC reported to the Commission on Crime Prevention and Criminal Justice on the "
        "standards and norms in the field of crime prevention and criminal justice."
    )
    assert classify_themes(names) == ()
    # an activity counts only the field named inside its own clauses
    start = field.index("on the basis")
    assert classify_themes(field, within=[(0, start)]) == ()
    assert classify_themes(field, within=[(start, len(field))]) == (
        "access-to-justice",
        "crime-prevention",
    )


def test_passing_mentions_are_not_themes() -> None:
    # the topics of a list of indicators are measured, not worked on (000 §4)
    measured = (
        "Participants analysed the indicators relating to crime, corruption, illicit "
        "trafficking, governance and prisons."
    )
    assert not {"corruption", "organized-crime"} & set(classify_themes(measured))
    # "children and youth" are the young people of justice for children (004 §42)
    young = "reintegration of children and youth in conflict with the law; 161 children and youth"
    assert "crime-prevention" not in classify_themes(young)
    assert "children" in classify_themes(young)
    # police conduct, not arms control (000 §20)
    assert "firearms" not in classify_themes("modules on the use of force and firearms")
    assert "firearms" in classify_themes("a study on trafficking in firearms")
    # one word "data" or sport among other things (001 §28, §55)
    assert "data" not in classify_themes("on the basis of an analysis of data on risk factors")
    assert "data" in classify_themes("UNODC supported data collection and analysis")
    assert "sport" not in classify_themes("the prisoners' access to sports, education and training")
    assert "sport" in classify_themes("activities using sport to support rehabilitation")


def test_a_heading_on_the_congress_gives_the_field_only_where_no_core_theme_is() -> None:
    heading = "Fourteenth Congress and follow-up to the Thirteenth Congress"
    text = "The Congress adopted its declaration on 7 March."
    themes = classify_themes(text, section_title=heading)
    assert themes == ("access-to-justice", "crime-prevention")
    prisons = classify_themes("UNODC trained 40 prison officers.", section_title=heading)
    assert prisons == ("prison",)


def test_international_cooperation_counts_in_a_heading_that_begins_with_it() -> None:
    heading = "International cooperation to deprive criminals of their proceeds of crime"
    themes = classify_themes("UNODC supported four networks.", section_title=heading)
    assert set(themes) == {"international-cooperation", "money-laundering"}
    passing = "Promoting international cooperation and technical assistance to prevent crime"
    assert "international-cooperation" not in classify_themes(
        "I encourage Member States to ratify the Convention.", section_title=passing
    )
    assert "international-cooperation" not in classify_themes(
        "States agreed to advance crime prevention, the rule of law and international cooperation."
    )


def test_a_pointer_to_other_sources_says_nothing_of_the_work() -> None:
    # 003 §4: the field named inside a pointer to the website gives no theme
    pointer = (
        "For more information on UNODC's work on crime prevention and criminal justice, "
        "please consult UNODC website: www.unodc.org."
    )
    assert classify_themes(pointer) == ()
    # the same words as the work itself still count
    work = "UNODC expanded its work on crime prevention and criminal justice in Kenya."
    assert set(classify_themes(work)) == {"access-to-justice", "crime-prevention"}
    # 002 §86: the title of the report pointed to is not the paragraph's theme
    assert (
        classify_themes(
            "Information on the governance and financial situation of UNODC is presented in the "
            "report of the Secretary-General on international cooperation against the world drug "
            "problem (A/76/121)."
        )
        == ()
    )
    # and a cue after the pointer's sentence counts
    assert "prison" in classify_themes(pointer + " UNODC trained 40 prison officers.")
