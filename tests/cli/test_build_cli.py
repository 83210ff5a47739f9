"""`ccpj build` and `ccpj run` end to end, on a copy of the project (the real data untouched)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph.cli import cli

pytestmark = pytest.mark.slow


def test_build_writes_graph_validates_and_loads_the_store(project_copy: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--no-reason"])
    assert result.exit_code == 0, result.output
    graph = project_copy / "data" / "graph"
    reports = [f"00{n}.ttl" for n in range(5)]
    assert sorted(p.name for p in graph.glob("*.ttl")) == [*reports, "same-work.ttl"]
    assert "validated: conforms: 0 violation(s)" in result.output
    assert "store: " in result.output
    assert (project_copy / "data" / "store" / "meta.json").is_file()
    # the same input gives the same bytes as the committed graph
    committed = Path(__file__).parents[2] / "data" / "graph"
    for path in graph.glob("*.ttl"):
        assert path.read_bytes() == (committed / path.name).read_bytes(), path.name


def test_run_answers_the_flagship_question(project_copy: Path) -> None:
    result = CliRunner().invoke(cli, ["run", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Which partners co-delivered prison work in 2020?" in result.output
    assert "Southern African Development Community" in result.output
    assert "reasoned: " in result.output and "consistent" in result.output


def test_query_before_build_says_to_build(project_copy: Path) -> None:
    result = CliRunner().invoke(cli, ["query", "partners"])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert "ccpj build" in result.output


def test_a_graph_built_elsewhere_never_replaces_the_project_s_store(
    project_copy: Path, tmp_path: Path
) -> None:
    store = project_copy / "data" / "store"
    before = sorted(p.name for p in store.rglob("*")) if store.exists() else []
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "graph"), "-q"])
    assert result.exit_code == 2
    assert result.output.startswith("error: --out ") and "--store" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "graph").exists()  # nothing written
    assert (sorted(p.name for p in store.rglob("*")) if store.exists() else []) == before
    # the project's own graph folder named as --out is the default, and needs no --store
    same = CliRunner().invoke(
        cli, ["build", "--out", str(project_copy / "data" / "graph"), "-q", "--no-reason"]
    )
    assert same.exit_code == 0, same.output
    assert (store / "meta.json").is_file()
