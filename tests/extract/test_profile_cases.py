"""Every regression case of every profile holds under that profile's rules.

The cases (``data/profiles/<name>/cases/*.toml``) are what a reader expects from a paragraph;
a failure names the case's file and line and what the rules produced instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph import resources
from ccpj_graph.corpus import load_corpus
from ccpj_graph.corpus.model import Report
from ccpj_graph.extract.cases import Case, check_case, load_cases
from ccpj_graph.extract.pipeline import extract_report
from ccpj_graph.extract.profile import ProfileError, load_profile, profile_names

CASES = [(name, case) for name in profile_names() for case in load_cases(load_profile(name))]


@pytest.fixture(scope="module")
def corpus() -> dict[str, Report]:
    return {report.key: report for report in load_corpus()}


def test_every_profile_has_cases() -> None:
    for name in profile_names():
        assert len(load_cases(load_profile(name))) >= 5, name


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}:{c.name}" for n, c in CASES])
def test_case_holds(name: str, case: Case, corpus: dict[str, Report]) -> None:
    problems = check_case(case, corpus, extract_report, load_profile(name))
    assert not problems, "\n".join(problems)


def test_a_contradicted_case_says_where_and_what(tmp_path: Path, corpus: dict[str, Report]) -> None:
    root = tmp_path / "profiles"
    import shutil

    shutil.copytree(resources.profiles_dir(), root)
    folder = root / "unodc-standards-norms" / "cases"
    (folder / "wrong.toml").write_text(
        "# a reader who expects a funder the text does not name\n"
        "[[case]]\n"
        'name = "wrong on purpose"\n'
        'text = "UNODC trained 45 judges in Kenya."\n'
        "[[case.activity]]\n"
        'quote = "UNODC trained"\n'
        'type = "training"\n'
        'countries = ["KEN", "UGA"]\n'
        'partners = ["undp:funder"]\n',
        encoding="utf-8",
    )
    profile = load_profile("unodc-standards-norms", root=root)
    (case,) = [c for c in load_cases(profile) if c.name == "wrong on purpose"]
    (problem,) = check_case(case, corpus, extract_report, profile)
    assert problem.startswith(f"{folder / 'wrong.toml'}:2: case 'wrong on purpose': activity 1")
    assert "countries lack ['UGA']" in problem
    assert "partners lack ['undp:funder']" in problem
    (folder / "wrong.toml").write_text('[[case]]\nname = "x"\ntext = "y"\ncolour = 1\n')
    with pytest.raises(ProfileError, match=r"wrong\.toml:1: case 'x': unknown key 'colour'"):
        load_cases(profile)
    (folder / "wrong.toml").write_text('[[case]]\nname = "x"\ntext = "y"\nsection_title = 2\n')
    with pytest.raises(ProfileError, match=r"case 'x': section_title must be a text, with text"):
        load_cases(profile)


def test_the_cli_checks_a_profile_and_runs_its_cases(project_copy: Path) -> None:
    from click.testing import CliRunner

    from ccpj_graph.cli import cli

    result = CliRunner().invoke(cli, ["extract", "profile"])
    assert result.exit_code == 0, result.output
    held = len(load_cases(load_profile()))
    assert f"cases: {held} of {held} hold" in result.output
    folder = project_copy / "data" / "profiles" / "unodc-standards-norms" / "cases"
    (folder / "wrong.toml").write_text(
        '[[case]]\nname = "wrong"\ntext = "UNODC trained 45 judges in Kenya."\n'
        '[[case.activity]]\nquote = "UNODC trained"\ncountries = ["UGA"]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["extract", "profile"])
    assert result.exit_code == 1
    assert f"{folder / 'wrong.toml'}:1: case 'wrong': activity 1" in result.output
    assert f"cases: {held} of {held + 1} hold" in result.output
    result = CliRunner().invoke(cli, ["extract", "profile", "nope"])
    assert result.exit_code != 0
    assert result.output.startswith("error: profile 'nope'")
