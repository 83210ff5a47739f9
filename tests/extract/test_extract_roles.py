"""Partner roles from the phrases that name organisations."""

from __future__ import annotations

from ccpj_graph.extract.roles import NamedSpan, assign_roles


def spans(text: str, **names: str) -> list[NamedSpan]:
    out = []
    for key, name in names.items():
        start = text.index(name)
        out.append(NamedSpan(key, start, start + len(name)))
    return out


def roles(text: str, verb: str, **names: str) -> dict[str, tuple[str, bool]]:
    decisions = assign_roles(
        text,
        spans(text, **names),
        scope=[(0, len(text))],
        verb_start=text.index(verb),
        excluded=frozenset({"unodc"}),
    )
    return {d.span.key: (d.role, d.strict) for d in decisions}


def test_a_cue_governs_the_list_after_it() -> None:
    text = (
        "Together with UN-Women and the International Association of Women Police, the Office "
        "published a handbook."
    )
    got = roles(
        text, "published", unwomen="UN-Women", iawp="International Association of Women Police"
    )
    assert got == {"unwomen": ("co-deliverer", True), "iawp": ("co-deliverer", True)}


def test_funder_host_network_and_other() -> None:
    text = (
        "A meeting was held in Vienna, thanks to the generous contribution of the Government of "
        "Japan, under the auspices of the Global Focal Point, with speakers from UNDP."
    )
    got = roles(text, "held", japan="Government of Japan", gfp="Global Focal Point", undp="UNDP")
    assert got["japan"] == ("funder", True)
    assert got["gfp"] == ("member-network", False)
    assert got["undp"] == ("other", False)
    text = "UNODC contributed to the conference organized by the Organization for Security."
    assert roles(text, "contributed", osce="Organization for Security") == {"osce": ("host", False)}


def test_co_subjects_and_supported_bodies_deliver() -> None:
    text = "UNODC, UNDP, OHCHR and UNESCO jointly organized a series of training workshops."
    got = roles(text, "organized", undp="UNDP", ohchr="OHCHR", unesco="UNESCO")
    assert set(got.values()) == {("co-deliverer", True)}
    text = "UNODC supported the National Police Service to conduct online training."
    assert roles(text, "supported", nps="National Police Service") == {
        "nps": ("co-deliverer", True)
    }
    text = "The Ministry of Justice, in cooperation with UNODC, carried out an assessment."
    assert roles(text, "carried", moj="Ministry of Justice") == {"moj": ("co-deliverer", True)}


def test_a_cue_word_inside_a_name_governs_nothing() -> None:
    name = "Office of the United Nations High Commissioner for Human Rights"
    text = f"UNODC and the {name} and UNESCO jointly organized workshops."
    got = roles(text, "organized", ohchr=name, unesco="UNESCO")
    assert got == {"ohchr": ("co-deliverer", True), "unesco": ("co-deliverer", True)}


def test_unodc_is_never_its_own_partner_and_plain_mentions_are_none() -> None:
    text = "At the request of the Statistical Commission, UNODC developed a framework."
    assert roles(text, "developed", unodc="UNODC", statcom="Statistical Commission") == {}


def test_a_list_broken_by_semicolons_and_places_keeps_its_role() -> None:
    # regression: the cue passed over a product name ("UNODC Education for Justice") and the
    # semicolons of the list stopped it, so no institution of the list was a partner
    text = (
        "The Office partnered with a number of institutions to promote the use of UNODC "
        "Education for Justice modules, including with the Tata Institute of Social Sciences in "
        "India; the University of Lisbon; Qatar University and the Academy of Uzbekistan."
    )
    got = roles(
        text,
        "partnered",
        unodc="UNODC",
        tiss="Tata Institute of Social Sciences",
        lisbon="University of Lisbon",
        qatar="Qatar University",
        academy="Academy of Uzbekistan",
    )
    assert got == {key: ("co-deliverer", True) for key in ("tiss", "lisbon", "qatar", "academy")}


def test_a_list_does_not_run_across_sentences() -> None:
    text = "UNODC worked with UNDP. The Government of Chile hosted a meeting."
    got = roles(text, "worked", unodc="UNODC", undp="UNDP", chl="Government of Chile")
    assert got == {"undp": ("co-deliverer", True)}


def test_a_passive_done_by_a_body_and_unodc_makes_it_a_co_deliverer() -> None:
    # regression: "signed by the Government of Honduras and UNODC" named no partner
    text = "A memorandum of understanding was signed by the Government of Honduras and UNODC."
    got = roles(text, "signed", hnd="Government of Honduras", unodc="UNODC")
    assert got == {"hnd": ("co-deliverer", True)}
    text = "The plan was adopted by UNODC and the Ministry of Justice."
    assert roles(text, "adopted", unodc="UNODC", moj="Ministry of Justice") == {
        "moj": ("co-deliverer", True)
    }
