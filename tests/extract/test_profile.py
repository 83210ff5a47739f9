"""Extraction profiles: one loader checks a profile against the schema and the reference data.

Each test breaks a copy of the shipped profile in one way and expects the one-line
``file:line: message`` error a maintainer would need to fix it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph import resources
from ccpj_graph.cli import cli
from ccpj_graph.extract._rules import agent, grammar, load_rules
from ccpj_graph.extract.profile import (
    ProfileError,
    current,
    default_profile_name,
    load_profile,
    profile_names,
    use_profile,
)
from ccpj_graph.extract.themes import classify_themes

NAME = "unodc-standards-norms"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of ``data/profiles``."""
    copy = tmp_path / "profiles"
    shutil.copytree(resources.profiles_dir(), copy)
    return copy


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) by ``new``; the 1-based line where it stood."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _error(root: Path) -> str:
    with pytest.raises(ProfileError) as info:
        load_profile(NAME, root=root)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_shipped_profile_loads_and_is_the_default() -> None:
    profile = load_profile()
    assert profile.name == default_profile_name() == NAME
    assert NAME in profile_names()
    assert profile.agent_key == "unodc"
    assert "the Office" in profile.agent_names
    assert set(profile.rules) == {
        "sentences",
        "segment",
        "roles",
        "types",
        "themes",
        "years",
        "lexicon",
        "review",
    }
    assert len(profile.digest) == 64


def test_rules_and_agent_come_from_the_active_profile(root: Path) -> None:
    _edit(
        root / NAME / "profile.toml",
        'names = ["UNODC", "the Office", "the United Nations Office on Drugs and Crime"]',
        'names = ["UNDP"]',
    )
    _edit(root / NAME / "sentences.toml", '"No", ', "")
    other = load_profile(NAME, root=root)
    assert other.digest != load_profile().digest
    with use_profile(other):
        assert current() is other
        assert "UNDP" in agent().name and "UNODC" not in agent().name
        assert "No" not in load_rules("sentences")["abbreviations"]
    assert "UNODC" in agent().name  # back to the default once the block ends
    assert "No" in load_rules("sentences")["abbreviations"]


def test_the_agent_s_offices_stand_for_it_and_are_optional(root: Path) -> None:
    """An office of the agent names it ("the Regional Office for Southern Africa", "the UNODC
    Country Office in Kenya"), another body's office does not; a profile may list none."""
    pattern = re.compile(agent().name)
    for text in (
        "The Regional Office for Southern Africa",
        "the UNODC Country Office in Kenya",
        "the Regional Office",
    ):
        assert pattern.fullmatch(text), text
    assert not pattern.match("the Regional Office for Europe of the World Health Organization")
    path = root / NAME / "profile.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("offices = [")
    path.write_text(text[:start] + text[text.index("]\n", start) + 2 :], encoding="utf-8")
    with use_profile(load_profile(NAME, root=root)):
        assert not re.compile(agent().name).search("The Regional Office for Southern Africa")
        assert re.compile(agent().name).fullmatch("UNODC")


def test_unknown_key_names_file_and_line(root: Path) -> None:
    path = root / NAME / "years.toml"
    line = _edit(path, "range_openers =", "range_opener =")
    message = _error(root)
    assert message.startswith(f"{path}:{line}: ")
    assert "unknown key 'range_opener'" in message


def test_unknown_key_in_a_table_of_tables(root: Path) -> None:
    path = root / NAME / "roles.toml"
    line = _edit(path, "max_gap_words = 3\n", "max_gap_words = 3\nstrictly = true\n") + 1
    message = _error(root)
    assert message.startswith(f"{path}:{line}: [role.5] unknown key 'strictly'")


def test_missing_key(root: Path) -> None:
    path = root / NAME / "profile.toml"
    line = _edit(path, 'title = "', '# title = "')
    message = _error(root)
    assert message.startswith(f"{path}:1: missing key 'title' (text)")
    assert line > 1


def test_duplicate_phrase(root: Path) -> None:
    path = root / NAME / "segment.toml"
    line = _edit(path, '"trained", "organized",', '"trained", "organized", "trained",')
    message = _error(root)
    assert message.startswith(f"{path}:{line}: action_verbs: 'trained' is listed twice")


def test_duplicate_key_is_a_toml_error_with_its_line(root: Path) -> None:
    path = root / NAME / "years.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'period_cues = ["again"]\n', encoding="utf-8")
    line = len(text.splitlines()) + 1
    message = _error(root)
    assert message.startswith(f"{path}:{line}: invalid TOML")


def test_cue_in_two_entries_of_the_role_table(root: Path) -> None:
    path = root / NAME / "roles.toml"
    _edit(path, 'cues = ["hosted by",', 'cues = ["in partnership with", "hosted by",')
    message = _error(root)
    assert "'in partnership with' is a cue of entry" in message
    assert message.startswith(f"{path}:")


def test_bad_regular_expression(root: Path) -> None:
    path = root / NAME / "themes.toml"
    line = _edit(path, '"coronavirus"', '"/corona(virus/"')
    message = _error(root)
    assert message.startswith(f"{path}:{line}: [themes.covid-19] strong: bad regular expression")
    assert "'/corona(virus/'" in message


def test_bad_grammar_pattern(root: Path) -> None:
    path = root / NAME / "roles.toml"
    line = _edit(
        path, r"by_before = '''\bby\s+(?:the\s+)?$'''", r"by_before = '''\bby\s+(?:the\s+$'''"
    )
    message = _error(root)
    assert message.startswith(f"{path}:{line}: [grammar] by_before: bad regular expression")


def test_grammar_placeholders_are_the_agents_names(root: Path) -> None:
    _edit(
        root / NAME / "profile.toml",
        'names = ["UNODC", "the Office", "the United Nations Office on Drugs and Crime"]',
        'names = ["UNDP"]',
    )
    with use_profile(load_profile(NAME, root=root)):
        assert grammar("roles", "by_agent_and").search("signed by UNDP and the ")
        assert not grammar("roles", "by_agent_and").search("signed by UNODC and the ")
    assert grammar("roles", "by_agent_and").search("signed by UNODC and the ")


def test_unknown_theme(root: Path) -> None:
    path = root / NAME / "themes.toml"
    line = _edit(path, "[themes.firearms]", "[themes.fire-arms]")
    message = _error(root)
    assert message.startswith(f"{path}:{line}: [themes.fire-arms] 'fire-arms' is not a theme")


def test_theme_list_glue_and_field_are_checked_data(root: Path) -> None:
    path = root / NAME / "themes.toml"
    line = _edit(path, 'themes = ["crime-prevention", "access-to-justice"]', 'themes = ["crime"]')
    message = _error(root)
    assert message.startswith(f"{path}:{line}: [field] themes: 'crime' is not a theme")
    _edit(path, 'themes = ["crime"]', 'themes = ["crime-prevention", "access-to-justice"]')
    line = _edit(path, 'list_glue = ["and", "or",', 'list_glue = ["and", "and",')
    assert _error(root).startswith(f"{path}:{line}: list_glue: 'and' is listed twice")
    _edit(path, 'list_glue = ["and", "and",', '# list_glue = ["and", "or",')
    assert "missing key 'list_glue' (words)" in _error(root)


def test_the_list_glue_comes_from_the_profile(root: Path) -> None:
    listed = (
        "a prerequisite for fighting organized crime, drug trafficking, corruption and terrorism"
    )
    assert not {"corruption", "terrorism"} & set(classify_themes(listed))
    path = root / NAME / "themes.toml"
    _edit(path, 'list_glue = ["and", "or",', 'list_glue = ["or",')
    _edit(path, "enumeration_gap_words = 3", "enumeration_gap_words = 0")
    with use_profile(load_profile(NAME, root=root)):
        # "and" is now a word of the gap: "terrorism" stands apart from the three before it
        themes = set(classify_themes(listed))
    assert "terrorism" in themes and "corruption" not in themes


def test_unknown_role(root: Path) -> None:
    path = root / NAME / "roles.toml"
    line = _edit(path, 'role = "funder"', 'role = "donor"')
    message = _error(root)
    assert message.startswith(f"{path}:{line}: [role.1] role: 'donor' is not a partner role")


def test_unknown_activity_type(root: Path) -> None:
    path = root / NAME / "types.toml"
    line = _edit(path, 'type = "training"', 'type = "trainings"')
    message = _error(root)
    assert message.startswith(f"{path}:{line}: [decisive.2] type: 'trainings' is not an activity")


def test_unknown_agent_and_mandate_body(root: Path) -> None:
    _edit(root / NAME / "profile.toml", 'key = "unodc"', 'key = "nobody-at-all"')
    assert "'nobody-at-all' is not an organisation" in _error(root)
    _edit(root / NAME / "profile.toml", 'key = "nobody-at-all"', 'key = "unodc"')
    path = root / NAME / "lexicon.toml"
    line = _edit(path, '"ECOSOC" = "ecosoc"', '"ECOSOC" = "ecosocc"')
    message = _error(root)
    assert message.startswith(f"{path}:{line}: [mandates.bodies] ECOSOC: 'ecosocc' is not a")


def test_wrong_kind_of_value(root: Path) -> None:
    path = root / NAME / "roles.toml"
    line = _edit(path, "max_gap_words = 14", 'max_gap_words = "fourteen"')
    assert _error(root).startswith(f"{path}:{line}: max_gap_words: must be an integer")


def test_missing_rule_file_and_name_mismatch(root: Path) -> None:
    (root / NAME / "years.toml").unlink()
    assert "no file 'years.toml'" in _error(root)
    shutil.copy(resources.profiles_dir() / NAME / "years.toml", root / NAME / "years.toml")
    _edit(root / NAME / "profile.toml", f'name = "{NAME}"', 'name = "another"')
    assert "differs from its folder's" in _error(root)


def test_unknown_profile_lists_the_known_ones(root: Path) -> None:
    with pytest.raises(ProfileError, match=f"profile 'nope'.*profiles: {NAME}"):
        load_profile("nope", root=root)
    with pytest.raises(ProfileError, match="not a profile name"):
        load_profile("../elsewhere", root=root)


def test_a_changed_file_is_checked_again(root: Path) -> None:
    first = load_profile(NAME, root=root)
    assert load_profile(NAME, root=root) is first
    _edit(root / NAME / "years.toml", '"since", ', '"since", "ever since", ')
    second = load_profile(NAME, root=root)
    assert second is not first and second.digest != first.digest
    assert "ever since" in second.rules["years"]["range_openers"]


@pytest.mark.slow
def test_build_with_a_broken_profile_fails_cleanly_and_writes_nothing(project_copy: Path) -> None:
    graph = project_copy / "data" / "graph"

    def files() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in graph.glob("*")} if graph.exists() else {}

    before = files()
    path = project_copy / "data" / "profiles" / NAME / "themes.toml"
    line = _edit(path, "[themes.firearms]", "[themes.fire-arms]")
    result = CliRunner().invoke(cli, ["build", "--no-validate", "--no-reason", "-q"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    errors = [e for e in result.output.splitlines() if e.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {path}:{line}: ")
    assert "'fire-arms' is not a theme" in errors[0]
    assert files() == before


def test_a_reports_cache_key_holds_its_profiles_bytes(project_copy: Path) -> None:
    """A changed rule file is a new extract key for every report read with that profile."""
    from ccpj_graph.build.pipeline import _report_key
    from ccpj_graph.corpus import load_manifest

    meta = load_manifest()[0]
    source = project_copy / "data" / "sources" / meta.file_name
    before = _report_key("shared", meta, source, [], set())
    assert _report_key("shared", meta, source, [], set()) == before
    _edit(project_copy / "data" / "profiles" / NAME / "years.toml", '"since", ', '"ever since", ')
    assert _report_key("shared", meta, source, [], set()) != before


def test_another_family_needs_only_a_profile(root: Path) -> None:
    """A family whose reporting agent is UNDP: a copied profile with the agent's key and names
    changed reads the same sentence with UNDP acting and UNODC as its partner, no Python."""
    from ccpj_graph.corpus.model import Paragraph, Report, ReportMeta
    from ccpj_graph.extract.pipeline import extract_report

    folder = root / "undp-family"
    shutil.copytree(root / NAME, folder)
    _edit(folder / "profile.toml", f'name = "{NAME}"', 'name = "undp-family"')
    _edit(folder / "profile.toml", 'key = "unodc"', 'key = "undp"')
    _edit(
        folder / "profile.toml",
        'names = ["UNODC", "the Office", "the United Nations Office on Drugs and Crime"]',
        'names = ["UNDP", "the Programme"]',
    )
    _edit(
        folder / "segment.toml",
        '"UNODC", "/the Office(?:\'s|’s)?/", "/The Office(?:\'s|’s)?/"',
        '"UNDP", "/the Programme(?:\'s|’s)?/", "/The Programme(?:\'s|’s)?/"',
    )
    text = "The Programme trained 40 judges in Kenya, in cooperation with UNODC."
    meta = ReportMeta(
        key="900", file_name="900.txt", title="t", body="b", period_start=2021, period_end=2021
    )
    paragraph = Paragraph(report="900", number="1", section="I", section_title="", text=text)
    report = Report(meta=meta, paragraphs=(paragraph,))
    (theirs,) = extract_report(report, profile=load_profile("undp-family", root=root)).activities
    assert "/undp/" in theirs.rule
    assert [(p.org, p.role) for p in theirs.partners] == [("unodc", "co-deliverer")]
    assert theirs.countries == ("KEN",) and theirs.type == "training"
    (ours,) = extract_report(report, profile=load_profile(NAME, root=root)).activities
    assert "/unodc/" in ours.rule and not ours.partners  # UNODC is never its own partner


def test_a_home_made_for_an_older_version_names_the_rule_it_lacks(root: Path) -> None:
    # a home copied before a rule existed: its profile and its schema both lack the key, and
    # this code reads it; the code's own schema makes it a missing key, not a KeyError later
    schema = root / "schema.toml"
    _edit(schema, 'with_agent_after_verb = "pattern"\n', "")
    segment = root / NAME / "segment.toml"
    text = segment.read_text(encoding="utf-8")
    start = text.index("with_agent_after_verb = ")
    segment.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    message = _error(root)
    assert message.startswith(f"{segment}:")
    assert message.endswith("[grammar] missing key 'with_agent_after_verb' (pattern)")


def test_a_role_cue_that_looks_ahead_is_refused(root: Path) -> None:
    # role cues are matched on the text before the name they govern, so "(?=\s+[A-Z])" after
    # a cue never matched (", with" read "with UNICEF" as no cue at all)
    path = root / NAME / "roles.toml"
    _edit(path, '"/(?<=, )with/",', '"/(?<=, )with(?=\\\\s+[A-Z])/",')
    message = _error(root)
    assert message.startswith(f"{path}:")
    assert "a role cue is matched on the text before the name it governs" in message
