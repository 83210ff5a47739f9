"""The quick path of ``ccpj query NAME`` (``ccpj_graph.cli.quick``): the same values as click
for every line it reads, the same answers and errors, and no click import."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccpj_graph import resources
from ccpj_graph.cli import quick
from ccpj_graph.cli.group import cli
from ccpj_graph.cli.query import canned_command
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.store import build_store

DATA = Path(__file__).resolve().parent.parent / "data" / "query"
QUERIES = load_queries()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick") / "store"
    build_store([DATA / "graph.ttl"], DATA / "inferred.ttl", path)
    return path


def _click_params(argv: list[str]) -> dict[str, Any] | None:
    """What click passes the canned command's callback for ``ccpj query NAME ...``, or None
    when click refuses the line."""
    command = canned_command(QUERIES[argv[1]])
    try:
        with command.make_context(argv[1], argv[2:]) as ctx:
            return dict(ctx.params)
    except (click.ClickException, click.exceptions.Exit):
        return None


def _options(name: str) -> list[str]:
    q = QUERIES[name]
    shared = ["--format", "-o", "--output", "--timeout", "--limit", "--store", "--explain"]
    shared += ["--fresh"]
    return [p.option for p in q.parameters] + shared + ["--help", "-h", "--", "--nope"]


_VALUES = [
    "prison",
    "2020",
    "",
    "-",
    "csv",
    "CSV",
    "json",
    "sparql-json",
    "0",
    "-1",
    " 7 ",
    "1_0",
    "2.5",
    "nan",
    "inf",
    "1e9",
    "out.csv",
    "--theme",
    "--explain",
    "--fresh",
    "a=b",
]


@st.composite
def _lines(draw: st.DrawFn, tmp: Path) -> list[str]:
    name = draw(st.sampled_from(sorted(QUERIES)))
    tokens = _options(name)
    values = [*_VALUES, str(tmp), str(tmp / "file.txt")]
    argv = ["query", name]
    for _ in range(draw(st.integers(0, 6))):
        option = draw(st.sampled_from(tokens))
        form = draw(st.sampled_from(["separate", "equals", "bare"]))
        value = draw(st.sampled_from(values))
        if form == "separate":
            argv += [option, value]
        elif form == "equals":
            argv.append(f"{option}={value}")
        else:
            argv.append(option)
    return argv


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_line_the_quick_path_reads_gives_what_click_gives(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every line the quick path reads gives the values click gives; and the store worker,
    started from a scan of --store and --timeout before the line is parsed, gets the store
    and timeout parsing gives (else it would be thrown away, and the line pay for two)."""
    tmp = tmp_path_factory.getbasetemp()
    (tmp / "file.txt").write_text("x", encoding="utf-8")
    argv = data.draw(_lines(tmp))
    env = data.draw(st.sampled_from([None, str(tmp), str(tmp / "file.txt"), ""]))
    saved = os.environ.pop("CCPJ_STORE", None)
    try:
        if env is not None:
            os.environ["CCPJ_STORE"] = env
        parsed = quick.parse(argv)
        if parsed is None:
            return  # click reads the line
        query, options = parsed
        assert query.name == argv[1]
        assert options == _click_params(argv), argv
        store = options["store"] if options["store"] is not None else resources.store_dir()
        assert quick.early_settings(argv) == (store, options["timeout"]), argv
    finally:
        os.environ.pop("CCPJ_STORE", None)
        if saved is not None:
            os.environ["CCPJ_STORE"] = saved


@pytest.mark.parametrize(
    "example", [e for q in QUERIES.values() for e in q.examples], ids=lambda e: e
)
def test_the_documented_examples_take_the_quick_path(example: str) -> None:
    argv = shlex.split(example)[1:]
    parsed = quick.parse(argv)
    assert parsed is not None, example
    assert parsed[1] == _click_params(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "partners", "--help"],
        ["query", "partners", "-h"],
        ["query", "partners", "--theme"],
        ["query", "partners", "--them", "prison"],
        ["query", "partners", "--limit", "-1"],
        ["query", "partners", "--timeout", "nan"],
        ["query", "partners", "--format", "xls"],
        ["query", "partners", "--explain=yes"],
        ["query", "partners", "-o", ""],
        ["query", "partners", "-o", " "],
        ["query", "partners", "--output="],
        ["query", "partners", "--store", ""],
        ["query", "partners", "--store=\t"],
        ["query", "partners", "stray"],
        ["query", "country-profile"],
        ["query", "no-such-query"],
        ["queries"],
        ["--help"],
    ],
)
def test_lines_it_does_not_read_go_to_click(argv: list[str]) -> None:
    assert quick.parse(argv) is None


def test_an_output_in_the_store_goes_to_click(store: Path) -> None:
    """``-o`` inside the store (or on it) is refused by the click command; the quick path
    must not write it."""
    for output in (store / "meta.json", store / "oxigraph" / "x.csv", store / ".." / "ok.csv"):
        parsed = quick.parse(["query", "partners", "--store", str(store), "-o", str(output)])
        assert (parsed is None) == (output.name != "ok.csv"), output


def _ccpj(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CCPJ_STORE": str(store)}
    return subprocess.run(
        [sys.executable, "-m", "ccpj_graph", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["query", "partners", "--theme", "prison", "--year", "2020", "--format", "csv"],
        ["query", "partners", "--theme=prison", "--explain"],
        ["query", "countries", "--partner", "UNPD"],
        ["query", "tools", "--year", "2021", "--format", "csv"],
        ["query", "activities", "--limit", "2", "--format", "json"],
        ["query", "standards", "--fresh", "--format", "csv"],
    ],
    ids=lambda a: " ".join(a[1:]),
)
def test_the_quick_path_answers_as_click_does(store: Path, args: list[str]) -> None:
    assert quick.parse(args) is not None
    shell = _ccpj(store, *args)
    runner = CliRunner().invoke(cli, args, env={"CCPJ_STORE": str(store)})
    assert (shell.returncode, shell.stdout, shell.stderr) == (
        runner.exit_code,
        runner.stdout,
        runner.stderr,
    )


def test_a_missing_store_is_one_line_on_the_quick_path(tmp_path: Path) -> None:
    done = _ccpj(tmp_path / "none", "query", "partners")
    assert done.returncode == 2
    assert done.stderr == f"error: no query store at {tmp_path / 'none'}; run ccpj build\n"


@pytest.mark.parametrize("args", [["query", "partners"], ["query", "partners", "--year", "2020"]])
def test_a_home_that_is_not_one_is_one_line_on_the_quick_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """``CCPJ_HOME`` naming no home: the quick path (which reads the query files and opens
    the store before click) says so in one line, as every other verb does."""
    monkeypatch.setenv("CCPJ_HOME", str(tmp_path / "typo"))
    monkeypatch.delenv("CCPJ_STORE", raising=False)
    done = subprocess.run(
        [sys.executable, "-m", "ccpj_graph", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(f"error: CCPJ_HOME={tmp_path / 'typo'}: no such directory")
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "repeat",
    [
        ["--year", "2020", "--year", "2021"],
        ["--year=2020", "--year", "2021"],
        ["--year", "2020", "--format", "csv", "--format", "json"],
    ],
)
def test_a_filter_given_twice_is_refused_on_the_quick_path(store: Path, repeat: list[str]) -> None:
    """The quick path leaves a repeated filter to click, which refuses it (it kept the last
    value, and the answer was for 2021 alone)."""
    assert quick.parse(["query", "partners", *repeat]) is None
    done = _ccpj(store, "query", "partners", *repeat)
    assert done.returncode == 2
    assert done.stdout == ""
    option, first, second = (
        ("--format", "csv", "json") if "--format" in repeat else ("--year", "2020", "2021")
    )
    assert done.stderr == (
        f"error: {option} given 2 times ({first}, {second}): it takes one value "
        "(see 'ccpj query partners --help')\n"
    )


def _quick_answer(store: Path, module: str) -> subprocess.CompletedProcess[str]:
    """The flagship asked through the quick path in a fresh interpreter; stderr says whether
    ``module`` was imported (``NO-CLICK 0``: not imported, exit code 0)."""
    flag = module.upper()
    code = (
        "import sys\n"
        "from ccpj_graph.cli.quick import main\n"
        "code = main(sys.argv[1:])\n"
        f"print('{flag}' if '{module}' in sys.modules else 'NO-{flag}', code, file=sys.stderr)\n"
    )
    args = ["query", "partners", "--theme", "prison", "--format", "csv", "--store", str(store)]
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def test_the_quick_path_does_not_import_click(store: Path) -> None:
    done = _quick_answer(store, "click")
    assert done.stderr.strip() == "NO-CLICK 0"
    assert done.stdout.startswith("partner,acronym,kind,activities,iri\n")


def test_the_quick_path_does_not_import_typing(store: Path) -> None:
    """``typing`` costs the quick path more than it gives (cli/quick.py); the helpers it
    shares with the other verbs (limits.parse_seconds) must not bring it in either."""
    done = _quick_answer(store, "typing")
    assert done.stderr.strip() == "NO-TYPING 0"


def test_a_line_left_to_click_stops_the_early_worker(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ccpj query NAME --help` looks like a quick line until it is parsed: the worker started
    for it is stopped and reaped before click takes over."""
    from ccpj_graph.query.worker import StoreWorker

    started: list[StoreWorker] = []
    real = StoreWorker.__init__

    def record(self: StoreWorker, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(StoreWorker, "__init__", record)
    assert quick.main(["query", "partners", "--store", str(store), "--help"]) is None
    assert len(started) == 1 and started[0]._pid is None
    assert quick.main(["query", "partners", "--store", str(store), "--format", "csv"]) == 0
    assert len(started) == 2 and started[1]._pid is None  # used, then reaped


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", ""], "error: --year: empty value; give a year, or leave the option out"),
        (["--role=", "--format", "csv"], "error: --role: empty value; give a role, or leave"),
        (["--year", "٢٠٢٠"], "error: --year: expected a year such as 2020, got '٢٠٢٠'"),
    ],
)
def test_an_empty_value_is_refused_on_the_quick_path(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    """The quick path reads these lines and refuses them as click's does: the check is in
    the parameter handling both share (query/params.py)."""
    monkeypatch.chdir(tmp_path)
    assert quick.parse(["query", "partners", *args]) is not None
    done = _ccpj(store, "query", "partners", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message) and done.stderr.count("\n") == 1
