"""The vocabulary loader: tokens, normal forms, exact look-up, caching and errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError
from ccpj_graph.extract.vocab import (
    fold,
    load_lexicon,
    load_vocabulary,
    normalise,
    slugify,
    tokenize,
)


def test_tokens_keep_offsets_into_the_original_text() -> None:
    text = "In Côte d’Ivoire, Kenya's police (UN-Women) met  the Niger."
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.text for t in tokens][:7] == ["In", "Côte", "d’Ivoire", ",", "Kenya", "'s", "police"]
    assert "UN" in [t.text for t in tokens] and "-" in [t.text for t in tokens]


def test_normal_forms() -> None:
    assert normalise("Côte d’Ivoire  –  x") == "Côte d'Ivoire - x"
    assert fold("Côte d’Ivoire") == fold("COTE D'IVOIRE") == "cote d'ivoire"
    assert slugify("South-eastern Asia") == "south-eastern-asia"
    assert slugify("Supreme People's Court") == "supreme-peoples-court"
    assert slugify("Fédération Internationale de Football Association") == (
        "federation-internationale-de-football-association"
    )


def test_resolve_is_exact_and_case_aware() -> None:
    vocab = load_vocabulary()
    assert [e.key for e in vocab.resolve("Republic of Korea")] == ["KOR"]
    assert vocab.resolve("Korea") == ()
    assert [e.key for e in vocab.resolve("WHO")] == ["who"]
    assert vocab.resolve("who") == ()  # acronyms keep their case
    assert [e.key for e in vocab.resolve("côte d'ivoire")] == ["CIV"]  # names do not
    assert [e.key for e in vocab.resolve("Kenyan", kind="country")] == ["KEN"]


def test_national_body_names_are_generic_without_their_country() -> None:
    vocab = load_vocabulary()
    generic = {c.entity.country for c in vocab.index.lookup("Office of the Attorney General")}
    assert generic == {"NPL", "GTM", "PAN"}
    assert all(c.generic for c in vocab.index.lookup("Office of the Attorney General"))
    kenyan = vocab.index.lookup("Kenya Prison Service")
    assert [(c.entity.key, c.generic) for c in kenyan] == [("ken-kenya-prison-service", False)]


def test_theme_keywords_and_ancestors() -> None:
    vocab = load_vocabulary()
    keywords = vocab.theme_keywords()
    assert "probation" in keywords["prison"]
    assert vocab.ancestors("region", "western-balkans") == (
        "balkans", "southern-europe", "europe", "world",
    )  # fmt: skip


def test_vocabulary_is_cached_until_a_file_changes(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(resources.reference_dir(), folder)
    first = load_vocabulary(folder)
    assert load_vocabulary(folder) is first
    roles = folder / "roles.ttl"
    roles.write_text(
        roles.read_text(encoding="utf-8").replace('"funder"@en ;', '"donor"@en ;'),
        encoding="utf-8",
    )
    stat = roles.stat()
    os.utime(roles, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load_vocabulary(folder)
    assert second is not first
    role = second.get("role", "funder")
    assert role is not None and role.label == "donor"


def test_bad_turtle_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(resources.reference_dir(), folder)
    (folder / "roles.ttl").write_text(
        '@prefix ccpj: <https://w3id.org/ccpj/ontology#> .\n\n<x> ccpj:p "unterminated .\n'
    )
    with pytest.raises(CcpjError, match=r"roles\.ttl.*line 3|roles\.ttl.*3:") as caught:
        load_vocabulary(folder)
    assert "\n" not in str(caught.value)


def test_an_entity_without_a_label_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    folder.mkdir()
    (folder / "x.ttl").write_text(
        "@prefix ccpj: <https://w3id.org/ccpj/ontology#> .\n"
        "<https://w3id.org/ccpj/id/role/x> a ccpj:PartnerRole .\n"
    )
    with pytest.raises(CcpjError, match=r"x\.ttl: .*role/x.* rdfs:label"):
        load_vocabulary(folder)


def test_an_entity_outside_its_iri_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    folder.mkdir()
    (folder / "x.ttl").write_text(
        "@prefix ccpj: <https://w3id.org/ccpj/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/ccpj/id/org/KEN> a ccpj:Country ; rdfs:label "Kenya"@en .\n'
    )
    with pytest.raises(CcpjError, match="not under"):
        load_vocabulary(folder)


def test_missing_folder_and_lexicon_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(CcpjError, match="not found"):
        load_vocabulary(tmp_path / "nowhere")
    with pytest.raises(CcpjError, match="lexicon"):
        load_lexicon(tmp_path / "lexicon.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("cues = [\n")
    with pytest.raises(CcpjError, match=r"bad\.toml: invalid TOML"):
        load_lexicon(bad)


def test_one_slug_everywhere() -> None:
    """Every key minted from a name goes through slugify: the same name, the same key."""
    from ccpj_graph.build.mint import slug

    for spelling in ("Côte d'Ivoire", "Côte d’Ivoire", "CÔTE D'IVOIRE", "Cote d`Ivoire"):
        assert slugify(spelling) == slug(spelling) == "cote-divoire"
    assert slugify("Prosecutor's Office of Côte d'Ivoire", limit=12) == "prosecutors-"
