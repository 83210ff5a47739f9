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


# A shape every activity breaks: the graph no longer conforms, whatever the reports say.
STRICT_SHAPE = """\
@prefix ccpj: <https://w3id.org/ccpj/ontology#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:test:strict> a sh:NodeShape ;
    sh:targetClass ccpj:Activity ;
    sh:property [ sh:path ccpj:neverStated ; sh:minCount 1 ] .
"""


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_build_that_does_not_conform_changes_nothing(project_copy: Path, tmp_path: Path) -> None:
    """Issue 10: nothing in data/graph changes when a build fails; the store stays the last
    good build's, and an ingest whose graph does not conform takes the report back."""
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--quiet", "--no-answers"]).exit_code == 0
    graph = project_copy / "data" / "graph"
    store_meta = project_copy / "data" / "store" / "meta.json"
    manifest = project_copy / "data" / "sources" / "manifest.ttl"
    before, store_before, manifest_before = (
        _snapshot(graph),
        store_meta.read_bytes(),
        (manifest.read_bytes()),
    )
    (project_copy / "shapes" / "strict.ttl").write_text(STRICT_SHAPE, encoding="utf-8")

    # a report's text changes: its new graph is written, found wanting and taken back
    source = next((project_copy / "data" / "sources").glob("004_*.txt"))
    source.write_text(
        source.read_text(encoding="utf-8").replace("UNODC", "The Office", 3), encoding="utf-8"
    )
    failed = runner.invoke(cli, ["build", "--quiet", "--no-answers"])
    assert failed.exit_code == 1, failed.output
    assert "004.ttl (not kept)" in failed.stdout
    assert "error: the graph does not conform (" in failed.stderr
    assert "store: " not in failed.stdout
    assert _snapshot(graph) == before
    assert store_meta.read_bytes() == store_before
    run = runner.invoke(cli, ["run", "--quiet"])
    assert run.exit_code == 1, run.output
    assert "Which partners" not in run.stdout

    # next year's report whose graph does not conform is not ingested
    text = next((project_copy / "data" / "sources").glob("001_*.txt")).read_text(encoding="utf-8")
    path = tmp_path / "next.txt"
    path.write_text(text.replace("2022", "2023").replace("2021", "2022"), encoding="utf-8")
    ingest = runner.invoke(cli, ["ingest", str(path), "--title", "Next", "--period", "2022", "-q"])
    assert ingest.exit_code == 1, ingest.output
    assert "005.ttl (not kept)" in ingest.stdout
    assert "took back 005" in ingest.stderr
    assert manifest.read_bytes() == manifest_before
    assert _snapshot(graph) == before
    assert store_meta.read_bytes() == store_before
