"""Tests over the reference knowledge itself (``data/reference/*.ttl``).

Each test states a property a user of the data relies on: codes are valid, names are the UN's,
no name points at two entities, every link lands on a defined entity, resolution numbers agree
with their bodies and years, the terms used are the ontology's.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import countrynames
import pycountry
import pyoxigraph
import pytest

from ccpj_graph import resources
from ccpj_graph.extract.vocab import (
    ONTOLOGY,
    Entity,
    Vocabulary,
    fold,
    load_vocabulary,
    slugify,
)

REFERENCE = resources.reference_dir()
FILES = sorted(REFERENCE.glob("*.ttl"))


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def _of(vocab: Vocabulary, kind: str) -> tuple[Entity, ...]:
    return vocab.of_kind(kind)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_parses_strictly(path: Path) -> None:
    triples = list(pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE))
    assert triples
    assert not any(isinstance(t.subject, pyoxigraph.BlankNode) for t in triples), (
        "mint IRIs, not blank nodes: blank nodes make serialisation unstable"
    )


def test_every_ccpj_term_is_declared_by_the_ontology() -> None:
    ontology = {
        q.subject.value
        for q in pyoxigraph.parse(
            path=resources.ontology_dir() / "ccpj.ttl", format=pyoxigraph.RdfFormat.TURTLE
        )
        if isinstance(q.subject, pyoxigraph.NamedNode)
    }
    used = set()
    for path in FILES:
        for quad in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE):
            for term in (quad.predicate, quad.object):
                if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(ONTOLOGY):
                    used.add(term.value)
    assert used, "reference data uses no ccpj: term"
    assert sorted(used - ontology) == []


def test_labels_are_trimmed_and_unique_within_a_kind(vocab: Vocabulary) -> None:
    seen: dict[tuple[str, str, str | None], str] = {}
    for entity in vocab.entities.values():
        for name in (entity.label, *entity.names, *entity.hidden):
            assert name == name.strip() and "  " not in name, (entity.iri, name)
        key = (entity.kind, fold(entity.label), entity.country)
        assert key not in seen, f"{entity.iri} and {seen[key]} share the label {entity.label!r}"
        seen[key] = entity.iri


def test_no_name_points_at_two_entities(vocab: Vocabulary) -> None:
    """Across all linked kinds: a name (label, alias, acronym, short name) means one entity.
    National bodies whose name does not say whose they are may repeat across countries, but
    not within one."""
    owners: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for folded, candidates in vocab.names.items():
        for candidate in candidates:
            scope = candidate.entity.country if candidate.generic else None
            owners[(folded, scope)].add(candidate.entity.iri)
    shared = {name: iris for name, iris in owners.items() if len(iris) > 1}
    assert shared == {}


def test_no_demonym_points_at_two_countries(vocab: Vocabulary) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for country in _of(vocab, "country"):
        for demonym in country.hidden:
            owners[fold(demonym)].add(country.key)
    assert {d: c for d, c in owners.items() if len(c) > 1} == {}
    assert "arab" not in owners and "african" not in owners


# --- countries -------------------------------------------------------------------------------


def test_countries_cover_iso_3166_with_valid_codes(vocab: Vocabulary) -> None:
    countries = {c.key: c for c in _of(vocab, "country")}
    assert set(countries) == {c.alpha_3 for c in pycountry.countries}
    for iso in pycountry.countries:
        country = countries[iso.alpha_3]
        assert (country.iso2, country.iso3) == (iso.alpha_2, iso.alpha_3)
        assert country.m49 in {iso.numeric, None}
    assert countries["TWN"].m49 is None  # the one ISO entry M49 does not list


@pytest.mark.parametrize(
    ("iso3", "label", "alias"),
    [
        ("BOL", "Bolivia (Plurinational State of)", "Bolivia"),
        ("VNM", "Viet Nam", "Vietnam"),
        ("NER", "Niger", "the Niger"),
        ("CIV", "Côte d'Ivoire", "Côte d’Ivoire"),
        ("PSE", "State of Palestine", "Occupied Palestinian Territory"),
        ("MDA", "Republic of Moldova", "Moldova"),
        ("TUR", "Türkiye", "Turkey"),
        ("CZE", "Czechia", "Czech Republic"),
        ("TZA", "United Republic of Tanzania", "Tanzania"),
        ("IRN", "Iran (Islamic Republic of)", "Iran"),
        ("VEN", "Venezuela (Bolivarian Republic of)", "Venezuela"),
        ("LAO", "Lao People's Democratic Republic", "Laos"),
        ("COD", "Democratic Republic of the Congo", "the Democratic Republic of the Congo"),
        ("KOR", "Republic of Korea", "Korea, Republic of"),
        ("PRK", "Democratic People's Republic of Korea", "Korea, Democratic People's Republic of"),
        ("GMB", "Gambia", "the Gambia"),
        ("MKD", "North Macedonia", "the former Yugoslav Republic of Macedonia"),
    ],
)
def test_united_nations_names(vocab: Vocabulary, iso3: str, label: str, alias: str) -> None:
    country = vocab.get("country", iso3)
    assert country is not None
    assert country.label == label
    assert alias in country.names
    assert [e.key for e in vocab.resolve(alias, kind="country")] == [iso3]


def test_bare_korea_and_congo_are_not_guessed(vocab: Vocabulary) -> None:
    assert vocab.resolve("Korea", kind="country") == ()
    assert [e.key for e in vocab.resolve("Congo", kind="country")] == ["COG"]


def test_names_agree_with_countrynames(vocab: Vocabulary) -> None:
    """An independent name table (countrynames, exact mode) never maps one of our names to a
    different country."""
    disagreements = []
    for country in _of(vocab, "country"):
        for name in country.names:
            code = countrynames.to_code(name, fuzzy=False)
            if code is not None and code != country.iso2:
                disagreements.append((name, country.iso2, code))
    assert disagreements == []


def test_every_place_chains_up_to_the_world(vocab: Vocabulary) -> None:
    for kind in ("country", "region"):
        for place in _of(vocab, kind):
            if place.key == "world":
                continue
            chain = vocab.ancestors(kind, place.key)
            assert chain and chain[-1] == "world", (place.iri, chain)
            assert all(vocab.get("region", r) for r in chain)


def test_m49_regions_have_unique_three_digit_codes(vocab: Vocabulary) -> None:
    codes = [r.m49 for r in _of(vocab, "region") if r.m49]
    assert all(re.fullmatch(r"\d{3}", c) for c in codes)
    assert len(codes) == len(set(codes)) >= 30


def test_countries_sit_in_their_m49_sub_regions(vocab: Vocabulary) -> None:
    assert vocab.ancestors("country", "KEN")[:3] == (
        "eastern-africa",
        "sub-saharan-africa",
        "africa",
    )
    assert vocab.ancestors("country", "MEX")[:2] == (
        "central-america",
        "latin-america-and-the-caribbean",
    )
    assert vocab.ancestors("country", "NRU")[0] == "micronesia"
    assert vocab.ancestors("country", "JEY")[:2] == ("channel-islands", "northern-europe")
    assert "western-asia" in vocab.ancestors("country", "PSE")


# --- standards, mandates, clusters ------------------------------------------------------------


def test_standard_keys_are_slugs_of_short_names(vocab: Vocabulary) -> None:
    for standard in _of(vocab, "standard"):
        assert standard.short_name, standard.iri
        assert standard.key == slugify(standard.short_name)


def test_standards_link_to_defined_mandates_and_clusters(vocab: Vocabulary) -> None:
    clusters = {c.key for c in _of(vocab, "cluster")}
    assert len(clusters) == 4
    for standard in _of(vocab, "standard"):
        assert standard.adoption_year and 1945 <= standard.adoption_year <= 2030
        for key in standard.adopted_by:
            mandate = vocab.get("mandate", key)
            assert mandate is not None, (standard.key, key)
            assert mandate.year == standard.adoption_year, (standard.key, key)
        if standard.cluster:
            assert standard.cluster in clusters
        if "Convention" in standard.classes:
            assert standard.cluster is None


@pytest.mark.parametrize(
    ("key", "mandate"),
    [
        ("nelson-mandela-rules", "ga-70-175"),
        ("bangkok-rules", "ga-65-229"),
        ("tokyo-rules", "ga-45-110"),
        ("beijing-rules", "ga-40-33"),
        ("riyadh-guidelines", "ga-45-112"),
        ("havana-rules", "ga-45-113"),
        ("principles-and-guidelines-on-access-to-legal-aid", "ga-67-187"),
        ("guidelines-for-the-prevention-of-crime", "ecosoc-2002-13"),
        ("basic-principles-on-restorative-justice", "ecosoc-2002-12"),
        ("updated-model-strategies-on-violence-against-women", "ga-65-228"),
        ("model-strategies-on-violence-against-children", "ga-69-194"),
        ("guidelines-on-child-victims-and-witnesses", "ecosoc-2005-20"),
        ("bangalore-principles", "ecosoc-2006-23"),
    ],
)
def test_adopting_resolutions_named_in_the_brief(vocab: Vocabulary, key: str, mandate: str) -> None:
    standard = vocab.get("standard", key)
    assert standard is not None and mandate in standard.adopted_by


_BODY_NAMES = {
    "ga": "General Assembly",
    "ecosoc": "Economic and Social Council",
    "ccpcj": "Commission on Crime Prevention and Criminal Justice",
    "sc": "Security Council",
    "untoc-cop": "Conference of the Parties to the United Nations Convention against "
    "Transnational Organized Crime",
    "uncac-cosp": "Conference of the States Parties to the United Nations Convention against "
    "Corruption",
}


def test_mandate_keys_labels_and_years_agree(vocab: Vocabulary) -> None:
    for mandate in _of(vocab, "mandate"):
        body, number, year = mandate.issuing_body, mandate.resolution_number, mandate.year
        assert body in _BODY_NAMES and number and year, mandate.iri
        assert vocab.get("organisation", body) is not None
        assert mandate.key == f"{body}-{number.split(' ')[0].replace('/', '-')}"
        assert mandate.label == f"{_BODY_NAMES[body]} resolution {number}"
        first = int(re.split(r"[/ ]", number)[0])
        if body == "ecosoc":
            assert first == year  # 1992/22 was adopted in 1992
        elif body == "ga":
            assert year in {1945 + first, 1946 + first}  # session 75 ran 2020-2021
        elif body == "ccpcj":
            assert year == 1991 + first  # the Commission's first session was in 1992
        elif body == "sc":
            assert number.endswith(f"({year})")


# --- organisations, themes, roles --------------------------------------------------------------


def test_organisation_keys_and_national_bodies(vocab: Vocabulary) -> None:
    for org in _of(vocab, "organisation"):
        if "GovernmentBody" in org.classes:
            assert org.country and vocab.get("country", org.country), org.iri
            assert org.key.startswith(f"{org.country.lower()}-"), org.iri
        else:
            assert org.country is None, org.iri
        expected = {slugify(org.label)} | ({slugify(org.acronym)} if org.acronym else set())
        if org.country:
            expected = {f"{org.country.lower()}-{e}" for e in expected}
        body_keys = {"ga", "ecosoc", "ccpcj", "sc", "hrc", "untoc-cop", "uncac-cosp", "coe"}
        assert org.key in expected or org.key in body_keys or org.key.endswith("-dcd"), org.iri


def test_reporting_entity_and_mandate_bodies_are_organisations(vocab: Vocabulary) -> None:
    unodc = vocab.get("organisation", "unodc")
    assert unodc is not None and unodc.acronym == "UNODC"
    for body in ("ga", "ecosoc", "ccpcj", "sc", "hrc", "untoc-cop", "uncac-cosp"):
        assert vocab.get("organisation", body) is not None, body
    women = vocab.get("organisation", "un-women")
    assert women is not None and {"UN-Women", "UN Women"} <= set(women.names)


def test_theme_keys_are_the_cli_keys(vocab: Vocabulary) -> None:
    themes = {t.key: t for t in _of(vocab, "theme")}
    required = {
        "access-to-justice", "crime-prevention", "gender", "children", "prison", "data",
        "corruption", "organized-crime", "terrorism", "covid-19", "trafficking", "cybercrime",
        "maritime-crime", "sport",
    }  # fmt: skip
    assert required <= set(themes)
    for key, theme in themes.items():
        assert theme.notation == key
        assert theme.hidden, f"theme {key} has no keywords"
        assert all(vocab.get("theme", b) for b in theme.broader)
    assert {"prison", "penitentiary", "non-custodial", "probation"} <= set(themes["prison"].hidden)
    assert {"legal aid", "police"} <= set(themes["access-to-justice"].hidden)


def test_roles(vocab: Vocabulary) -> None:
    roles = {r.key for r in _of(vocab, "role")}
    assert roles == {"co-deliverer", "funder", "host", "endorsed", "member-network", "other"}


def test_every_theme_of_the_annotation_is_a_reference_theme(vocab: Vocabulary) -> None:
    """The annotated development set (tests/data/dev-001.jsonl) names themes by key, broader ones
    as ``other:<key>``; each must be a theme of ``themes.ttl``, or the classifier (which only
    assigns reference themes) can never find it. ``mandate`` and ``partnerships`` mark a
    report's mandate statement and its partnership section, not thematic areas."""
    gold = Path(__file__).resolve().parents[1] / "data" / "dev-001.jsonl"
    named = {
        theme.removeprefix("other:")
        for line in gold.read_text(encoding="utf-8").splitlines()
        for theme in json.loads(line)["themes"]
    }
    themes = {t.key for t in _of(vocab, "theme")}
    assert {"hate-crime", "discrimination"} <= named
    assert sorted(named - themes - {"mandate", "partnerships"}) == []
    for key in ("hate-crime", "discrimination"):
        theme = vocab.get("theme", key)
        assert theme is not None and theme.notation == key and theme.hidden
        assert theme.broader == ("access-to-justice",)
