"""``ccpj network`` and ``ccpj export gexf|graphml|csv|png|svg|html`` through click, on the
fixture graph: outputs, one-line errors with non-zero exits, and never a partial file.

The commands are mounted on a group built like ``ccpj`` (``CcpjGroup``, which turns user errors
into ``error: ...``), with ``CCPJ_HOME`` pointing at a home whose built graph is the fixture.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import click
import networkx as nx
import pytest
from click.testing import CliRunner, Result

from ccpj_graph import resources
from ccpj_graph.cli.common import CcpjGroup
from ccpj_graph.cli.export_network import COMMANDS, csv_paths
from ccpj_graph.cli.network import network
from ccpj_graph.export.gexf import write_gexf
from ccpj_graph.network import annotate, build_network, network_stats
from network_support import FIXTURE, NETWORKS, fixture_source

ROOT = Path(__file__).resolve().parents[2]


def _cli() -> click.Group:
    @click.group(cls=CcpjGroup)
    def cli() -> None:
        """Test harness: the network commands as ``ccpj`` mounts them."""

    @cli.group()
    def export() -> None:
        """Export."""

    for name, command in COMMANDS.items():
        export.add_command(command, name)
    cli.add_command(network)
    return cli


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / "data" / "graph").mkdir(parents=True)
    (home / "data" / "reference").mkdir()
    # pictures name a state's bodies with the state, from the reference country names
    countries = ROOT / "data" / "reference" / "countries.ttl"
    (home / "data" / "reference" / "countries.ttl").symlink_to(countries)
    (home / "data" / "sources").mkdir()
    # a home needs a manifest (an empty folder is an error); the fixture names no report
    (home / "data" / "sources" / "manifest.ttl").write_text("# no reports\n", encoding="utf-8")
    (home / "ontology").symlink_to(ROOT / "ontology")
    (home / "queries").symlink_to(ROOT / "queries")
    (home / "data" / "graph" / "fixture.ttl").write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv("CCPJ_HOME", str(home))
    resources.home.cache_clear()
    yield home
    resources.home.cache_clear()


def run(*args: str) -> Result:
    return CliRunner().invoke(_cli(), list(args), catch_exceptions=False)


def _error(result: Result, starts: str) -> None:
    assert result.exit_code != 0
    assert result.stderr.startswith(f"error: {starts}"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_list(home: Path) -> None:
    text = run("network", "list")
    assert text.exit_code == 0
    for name in NETWORKS:
        assert f"\n{name} " in "\n" + text.stdout
    rows = json.loads(run("network", "list", "--format", "json").stdout)
    assert {r["name"] for r in rows} >= set(NETWORKS)


def test_stats_text_and_json(home: Path) -> None:
    expected = network_stats(annotate(build_network("partners", fixture_source())), top=4)
    text = run("network", "stats", "--network", "partners", "--top", "4")
    assert text.exit_code == 0 and text.stdout == expected.render()
    data = json.loads(run("network", "stats", "-n", "partners", "--format", "json").stdout)
    assert (data["nodes"], data["edges"]) == (expected.nodes, expected.edges)
    filtered = json.loads(
        run(
            "network",
            "stats",
            "-n",
            "partners",
            "--from",
            "2020",
            "--to",
            "2020",
            "--format",
            "json",
        ).stdout
    )
    assert filtered["years"] == [2020] and filtered["filters"] == "2020"


def test_gexf_to_a_file_and_to_stdout(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "partners.gexf"
    result = run("export", "gexf", "--network", "partners", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    expected = write_gexf(annotate(build_network("partners", fixture_source())))
    assert target.read_bytes() == expected
    piped = run("export", "gexf", "-n", "partners")
    assert piped.stdout_bytes == expected
    static = run("export", "gexf", "-n", "partners", "--mode", "static", "--timeformat", "integer")
    assert b"<spells>" not in static.stdout_bytes and b'mode="static"' in static.stdout_bytes
    stamped = run("export", "gexf", "-n", "partners", "--stamp", "2024-01-31")
    assert b'lastmodifieddate="2024-01-31"' in stamped.stdout_bytes


def test_graphml_csv_pictures_and_page(home: Path, tmp_path: Path) -> None:
    graph = annotate(build_network("partners-countries", fixture_source()))
    base = ["-n", "partners-countries"]
    assert run("export", "graphml", *base, "-o", str(tmp_path / "g.graphml")).exit_code == 0
    read = nx.read_graphml(tmp_path / "g.graphml")
    assert read.number_of_edges() == graph.number_of_edges()
    assert run("export", "csv", *base, "-o", str(tmp_path / "pc.csv")).exit_code == 0
    paths = csv_paths(str(tmp_path / "pc.csv"))
    assert paths["nodes"].name == "pc-nodes.csv" and paths["edges"].name == "pc-edges.csv"
    nodes = list(csv.DictReader(paths["nodes"].open(encoding="utf-8")))
    assert len(nodes) == graph.number_of_nodes()
    edges = run("export", "csv", *base, "--table", "edges", "-o", "-").stdout
    assert len(list(csv.DictReader(io.StringIO(edges)))) == graph.number_of_edges()
    assert run("export", "png", *base, "-o", str(tmp_path / "p.png")).exit_code == 0
    assert (tmp_path / "p.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert run("export", "svg", *base).stdout.lstrip().startswith("<?xml")
    assert run("export", "html", *base, "-o", str(tmp_path / "p.html")).exit_code == 0
    assert "document.body.dataset.ready" in (tmp_path / "p.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (
            ["network", "stats", "-n", "partnrs"],
            "--network: unknown network 'partnrs'; did you mean partners?",
        ),
        (["export", "gexf", "-n", "colours"], "--network: unknown network 'colours'"),
        (
            ["export", "gexf", "-n", "partners", "--theme", "astrology"],
            "--theme: unknown theme 'astrology'",
        ),
        (
            ["export", "gexf", "-n", "partners", "--from", "2030", "--to", "2031"],
            "--from 2030 --to 2031: network partners has no activities there",
        ),
        (
            ["export", "gexf", "-n", "partners", "--from", "2021", "--to", "2011"],
            "--from 2021 --to 2011: the range is empty",
        ),
        (
            ["export", "gexf", "-n", "partners", "--stamp", "yesterday"],
            "--stamp yesterday: expected YYYY-MM-DD",
        ),
        (["export", "png", "-n", "partners"], "-o: give a file name"),
        (["export", "csv", "-n", "partners", "-o", "-"], "-o -: two tables cannot go to stdout"),
        (
            ["export", "gexf", "-n", "partners", "--graph", "/nonexistent/graph"],
            "/nonexistent/graph: no built graph here; run `ccpj build` first",
        ),
    ],
)
def test_bad_options_are_one_line_errors(home: Path, args: list[str], starts: str) -> None:
    _error(run(*args), starts)


@pytest.mark.parametrize("command", ["gexf", "graphml", "csv", "png", "svg", "html"])
def test_an_unwritable_path_fails_before_any_work(home: Path, tmp_path: Path, command: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "out" / f"x.{command}"
    named = target.with_name("x-nodes.csv") if command == "csv" else target
    _error(run("export", command, "-n", "partners", "-o", str(target)), f"-o {named}")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    if command != "csv":
        _error(
            run("export", command, "-n", "partners", "-o", str(folder)), f"-o {folder}: is a folder"
        )


def test_an_error_leaves_an_existing_file_alone(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "keep.gexf"
    target.write_bytes(b"previous")
    _error(run("export", "gexf", "-n", "partners", "--theme", "nope", "-o", str(target)), "--theme")
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "keep.gexf"]


def test_a_failed_write_leaves_no_partial_file(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    calls = []

    def failing_replace(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:  # the second table fails: the first must not be left either
            raise OSError(28, "No space left on device", str(dst))
        os.rename(src, dst)

    monkeypatch.setattr("ccpj_graph.cli.export_network.os.replace", failing_replace)
    result = run("export", "csv", "-n", "partners", "-o", str(out / "p"))
    _error(result, f"-o {out / 'p-edges.csv'}: cannot write: No space left on device")
    leftovers = sorted(p.name for p in out.iterdir())
    assert leftovers in ([], ["p-nodes.csv"])  # renamed before the failure, never half-written
    assert not [name for name in leftovers if name.startswith(".")]


@pytest.mark.parametrize("command", [*sorted(COMMANDS), "stats", "list"])
def test_every_command_has_help_with_an_example(home: Path, command: str) -> None:
    group = ["network"] if command in ("stats", "list") else ["export"]
    result = run(*group, command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "ccpj " in result.stdout
