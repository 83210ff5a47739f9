"""Every verb's paths: a blank one is refused, and no output may land on an input or another
output. Checked over every click command, found programmatically.

Regressions of the build-output probe: ``build --out "" --store st`` wrote the graph into the
current folder (click reads "" as ".") and loaded every ``*.ttl`` there; ``build --out same
--store same`` removed the graph it had just written; ``sparql -f q.rq -o q.rq``, ``reason
g.ttl -o g.ttl`` and ``validate g.ttl --format json -o g.ttl`` replaced their input with
their answer, exit 0.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccpj_graph import resources
from ccpj_graph.cli import COMMANDS, cli
from ccpj_graph.cli.common import PathParam, Verb
from ccpj_graph.overlap import check_overlaps
from ccpj_graph.query.store import build_store

DATA = Path(__file__).resolve().parent.parent / "data" / "query"
QUERY = "SELECT ?s WHERE { ?s a ccpj:Activity } ORDER BY ?s LIMIT 3\n"


def _leaves() -> Iterator[tuple[str, click.Command]]:
    """Every command that runs (not a group), with its name as typed after ``ccpj``."""

    def walk(
        name: str, command: click.Command, ctx: click.Context
    ) -> Iterator[tuple[str, click.Command]]:
        if not isinstance(command, click.Group):
            yield name, command
            return
        sub = click.Context(command, info_name=name.split()[-1], parent=ctx)
        for child in command.list_commands(sub):
            found = command.get_command(sub, child)
            assert found is not None, f"{name} {child}"
            yield from walk(f"{name} {child}", found, sub)

    top = click.Context(cli, info_name="ccpj")
    for name in COMMANDS:
        command = cli.get_command(top, name)
        assert command is not None, name
        yield from walk(name, command, top)


LEAVES = sorted(_leaves(), key=lambda item: item[0])


def _paths(command: click.Command) -> list[click.Parameter]:
    return [p for p in command.params if isinstance(p.type, PathParam)]


def _label(param: click.Parameter) -> str:
    return param.opts[0] if isinstance(param, click.Option) else (param.name or "").upper()


def _line(
    command: click.Command, given: dict[str, str], *, extra: tuple[str, ...] = ()
) -> list[str]:
    """The words after the verb's name: ``given`` (param name -> value) and a placeholder for
    every other required parameter (the verbs are refused before they would read them)."""
    words: list[str] = []
    for param in command.params:
        if param.name in given:
            value = given[param.name]
        elif param.required:
            value = param.type.choices[0] if isinstance(param.type, click.Choice) else "x"
        else:
            continue
        words += [param.opts[0], value] if isinstance(param, click.Option) else [value]
    return [*words, *extra]


def _invoke(name: str, words: list[str]) -> Result:
    return CliRunner().invoke(cli, [*name.split(), *words], prog_name="ccpj")


def _one_line(result: Result, code: int = 2) -> str:
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    return line


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every node under ``folder``: a file's bytes, None for a folder or link."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
        for p in sorted(folder.rglob("*"))
    }


# --- the class: every verb and every path is covered -----------------------------------------


@pytest.mark.parametrize(("name", "command"), LEAVES, ids=[n for n, _ in LEAVES])
def test_every_verb_checks_its_paths_and_every_path_is_a_path_param(
    name: str, command: click.Command
) -> None:
    """A verb that is not a :class:`Verb`, or a path option that is a bare ``click.Path``,
    would skip the blank-path and overlap checks: none may."""
    assert isinstance(command, Verb), f"ccpj {name} is not a Verb"
    for param in command.params:
        if isinstance(param.type, click.Path):
            assert isinstance(param.type, PathParam), f"ccpj {name} {_label(param)}"


BLANK_CASES = [(n, c, p) for n, c in LEAVES for p in _paths(c)]


@pytest.mark.parametrize(
    ("name", "command", "param"),
    BLANK_CASES,
    ids=[f"{n} {_label(p)}" for n, _, p in BLANK_CASES],
)
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(blank=st.text(alphabet=" \t\n\r\x0b\x0c", max_size=3))
def test_a_blank_path_is_a_usage_error_naming_the_option(
    name: str,
    command: click.Command,
    param: click.Parameter,
    blank: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every path option and argument of every verb, given "" or only white space: one usage
    line naming it, exit 2, and nothing written where the verb runs."""
    monkeypatch.chdir(tmp_path)
    line = _one_line(_invoke(name, _line(command, {param.name or "": blank})))
    assert line.startswith("error: Invalid value for "), line
    assert f"'{_label(param)}'" in line if param.opts[0].startswith("-") else _label(param) in line
    assert "an empty path names no file or folder" in line, line
    assert line.endswith(f"(see 'ccpj {name} --help')"), line
    assert list(tmp_path.iterdir()) == []


# --- an output on an input ------------------------------------------------------------------


def _pairs() -> Iterator[tuple[str, click.Command, click.Parameter, click.Parameter]]:
    for name, command in LEAVES:
        for out in _paths(command):
            assert isinstance(out.type, PathParam)
            if not out.type.writes:
                continue
            for source in _paths(command):
                assert isinstance(source.type, PathParam)
                if not source.type.writes:
                    yield name, command, out, source


PAIRS = list(_pairs())


def test_the_verbs_with_inputs_and_outputs_are_found() -> None:
    """The enumeration below is not empty by accident: the verbs of the probe are in it."""
    found = {(name, _label(out), _label(source)) for name, _, out, source in PAIRS}
    for expected in [
        ("sparql", "-o", "-f"),
        ("sparql", "-o", "--store"),
        ("reason", "-o", "FILES"),
        ("validate", "-o", "FILES"),
        ("validate", "-o", "--shapes"),
        ("publish", "--out", "--input"),
        ("query partners", "-o", "--store"),
        ("export gexf", "-o", "--graph"),
    ]:
        assert expected in found, expected


@pytest.mark.parametrize(
    ("name", "command", "out", "source"),
    PAIRS,
    ids=[f"{n} {_label(o)} {_label(s)}" for n, _, o, s in PAIRS],
)
def test_an_output_on_an_input_is_refused_before_anything_is_written(
    name: str,
    command: click.Command,
    out: click.Parameter,
    source: click.Parameter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every verb, every (output, input) pair of its options: the output naming the input
    file itself, or a file inside the input folder. One line, exit 2, every file as it was."""
    monkeypatch.chdir(tmp_path)
    assert isinstance(source.type, PathParam)
    if source.type.file_okay:
        Path("in.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
        given = {source.name or "": "in.ttl", out.name or "": "in.ttl"}
        expected = f"error: {_label(out)} in.ttl: is also an input of this command"
    else:
        Path("in.d").mkdir()
        Path("in.d", "kept.ttl").write_text("kept\n", encoding="utf-8")
        given = {source.name or "": "in.d", out.name or "": "in.d/out.txt"}
        expected = f"error: {_label(out)} in.d/out.txt: is inside in.d, an input of this command"
    before = _snapshot(tmp_path)
    line = _one_line(_invoke(name, _line(command, given)))
    assert line == expected
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "words",
    [
        ["sparql", "-f", "q.rq", "-o", "q.rq"],
        ["reason", "g.ttl", "-o", "g.ttl"],
        ["validate", "g.ttl", "--format", "json", "-o", "g.ttl"],
    ],
    ids=["sparql", "reason", "validate"],
)
def test_the_probe_s_lines_keep_their_input(
    words: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("q.rq").write_text(QUERY, encoding="utf-8")
    Path("g.ttl").write_bytes((DATA / "graph.ttl").read_bytes())
    line = _one_line(CliRunner().invoke(cli, words, prog_name="ccpj"))
    assert line == f"error: -o {words[-1]}: is also an input of this command"
    assert Path("q.rq").read_text(encoding="utf-8") == QUERY
    assert Path("g.ttl").read_bytes() == (DATA / "graph.ttl").read_bytes()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paths") / "store"
    build_store([DATA / "graph.ttl"], DATA / "inferred.ttl", path)
    return path


_FOLDERS = ["d", "./d", "d/../d", "dl", "{abs}/d", "{abs}/dl/../d"]
_SAME = ["q.rq", "ql", "qll", "hq.rq"]  # the file, a link, a link to the link, a hard link
_OTHER = ["other.rq", "q.rq.csv", "Q.rq"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    folder=st.sampled_from(_FOLDERS),
    name=st.sampled_from(_SAME + _OTHER),
)
def test_an_output_is_compared_with_the_input_by_what_it_leads_to(
    folder: str, name: str, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the spelling (``./``, ``..``, absolute, a linked folder, a symbolic link, a
    chain of them, a hard link), ``-o`` naming the query file is refused and the query kept;
    any other file is written and the query kept too."""
    monkeypatch.chdir(tmp_path)
    folder_path = Path("d")
    if not folder_path.exists():
        folder_path.mkdir()
        Path("dl").symlink_to("d", target_is_directory=True)
        (folder_path / "q.rq").write_text(QUERY, encoding="utf-8")
        (folder_path / "ql").symlink_to("q.rq")
        (folder_path / "qll").symlink_to("ql")
        os.link(folder_path / "q.rq", folder_path / "hq.rq")
    output = f"{folder.format(abs=tmp_path)}/{name}"
    result = CliRunner().invoke(
        cli, ["sparql", "-f", "d/q.rq", "-o", output, "--store", str(store)], prog_name="ccpj"
    )
    if name in _SAME:
        assert _one_line(result) == f"error: -o {output}: is also an input of this command"
    else:
        assert result.exit_code == 0, result.output
        assert Path(output).read_text(encoding="utf-8").startswith("s\n")
        Path(output).unlink()
    assert (folder_path / "q.rq").read_text(encoding="utf-8") == QUERY


def test_streams_are_never_compared() -> None:
    """``-``, a device or a FIFO is read or written in place: never refused as an overlap."""
    check_overlaps([("-o", "-")], [("FILES", "-")])
    check_overlaps([("-o", "/dev/null")], [("FILES", "/dev/null")])


# --- what a verb reads or writes without being told -------------------------------------------


@pytest.fixture
def work(project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder beside the project copy (``tmp_path/home``), made the current one."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_an_output_on_the_project_s_own_files_is_refused(work: Path) -> None:
    """``reason`` and ``validate`` with no FILES read the project's graph files, a query the
    project's store: an output there is refused as one given on the line is."""
    countries = resources.reference_dir() / "countries.ttl"
    before = countries.read_bytes()
    for verb in (["reason"], ["validate", "--format", "json"]):
        line = _one_line(CliRunner().invoke(cli, [*verb, "-o", str(countries)]))
        assert line == f"error: -o {countries}: is also an input of this command"
    assert countries.read_bytes() == before
    meta = resources.store_dir() / "meta.json"
    line = _one_line(CliRunner().invoke(cli, ["query", "partners", "-o", str(meta)]))
    assert line == (
        f"error: -o {meta}: is inside {resources.store_dir()}, an input of this command"
    )
    assert not meta.exists()


# --- build: the graph folder and the store folder ---------------------------------------------


@pytest.mark.parametrize(
    ("out", "store"),
    [("same", "same"), ("g", "g/st"), ("st/g", "st"), ("g", "./g/../g")],
)
def test_build_refuses_a_graph_and_store_that_overlap(out: str, store: str, work: Path) -> None:
    line = _one_line(CliRunner().invoke(cli, ["build", "-q", "--out", out, "--store", store]))
    assert line == (
        f"error: --out {out} and --store {Path(store)}: must be different places, neither "
        "inside the other"
    )
    assert list(work.iterdir()) == []


def test_build_refuses_a_store_on_the_project_s_graph(work: Path) -> None:
    """--out not given is data/graph: a --store there would have replaced the graph."""
    graph = resources.graph_dir()
    line = _one_line(CliRunner().invoke(cli, ["build", "-q", "--store", str(graph)]))
    assert line == (
        f"error: --out {graph} and --store {graph}: must be different places, neither inside "
        "the other"
    )


def test_build_refuses_an_output_on_the_project_s_sources(work: Path) -> None:
    sources = resources.sources_dir()
    before = _snapshot(sources)
    line = _one_line(
        CliRunner().invoke(cli, ["build", "-q", "--out", str(sources), "--store", "st"])
    )
    assert line == f"error: --out {sources}: is also an input of this command"
    assert _snapshot(sources) == before
    assert list(work.iterdir()) == []


def test_build_keeps_a_folder_that_is_not_a_store(work: Path) -> None:
    """The probe's data loss: ``--store sb`` on a folder of notes deleted them, exit 0. Now
    refused before anything is built: the notes stay and no graph is written."""
    Path("sb/notes").mkdir(parents=True)
    Path("sb/notes/thesis.txt").write_text("precious\n", encoding="utf-8")
    line = _one_line(CliRunner().invoke(cli, ["build", "-q", "--out", "g", "--store", "sb"]))
    assert line == (
        "error: --store sb: exists, is not empty and is not a query store made by ccpj build "
        "(it holds notes); choose a new or empty folder"
    )
    assert Path("sb/notes/thesis.txt").read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in work.iterdir()) == ["sb"]


def test_build_keeps_a_folder_that_is_not_a_graph_folder(work: Path) -> None:
    """``--out .`` (or any folder of the user's) would have overwritten its 000.ttl and loaded
    its other Turtle files into the store: refused unless the build wrote it."""
    Path("mine").mkdir()
    Path("mine/000.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    before = _snapshot(work)
    line = _one_line(CliRunner().invoke(cli, ["build", "-q", "--out", "mine", "--store", "st"]))
    assert line == (
        "error: --out mine: exists, is not empty and is not a graph folder written by ccpj "
        "build (no .ccpj-build.json); choose a new or empty folder"
    )
    assert _snapshot(work) == before


@pytest.mark.slow
def test_build_replaces_its_own_graph_folder_and_store(work: Path) -> None:
    """What a build wrote, the next build replaces: a store, and a graph folder holding the
    build's record; a symbolic link to the store stays a link."""
    line = ["build", "-q", "--no-reason", "--no-validate", "--no-answers", "--out", "g"]
    first = CliRunner().invoke(cli, [*line, "--store", "st"])
    assert first.exit_code == 0, first.output
    assert Path("g/.ccpj-build.json").is_file()
    Path("link").symlink_to("st", target_is_directory=True)
    again = CliRunner().invoke(cli, [*line, "--store", "link", "--clean"])  # a new store
    assert again.exit_code == 0, again.output
    assert Path("link").is_symlink()
    assert sorted(p.name for p in Path("st").iterdir()) == ["meta.json", "oxigraph"]
    assert sorted(p.name for p in work.iterdir()) == ["g", "link", "st"]
