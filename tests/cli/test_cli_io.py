"""Output files and option values through the CLI: one-line errors, never a traceback.

Regressions of issue 12 items 7 and 10: ``query -o`` / ``sparql -o`` wrote with
``Path.write_text`` (a ``PermissionError`` or ``OSError`` traceback for an unwritable folder or
``/dev/full``), ``-o /dev/null`` replaced the device node, files came out 0600 or 0644 by
accident, and ``--timeout nan`` / ``inf`` were accepted.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph.cli import COMMANDS
from ccpj_graph.cli.common import CcpjGroup
from ccpj_graph.errors import InputError
from ccpj_graph.evaluate import load_gold
from ccpj_graph.query.store import build_store

DATA = Path(__file__).resolve().parent.parent / "data" / "query"
CLI = CcpjGroup(lazy_commands=COMMANDS)
ASK = "ASK { ?s ?p ?o }"
SELECT = "SELECT ?s WHERE { ?s a ccpj:Activity } ORDER BY ?s LIMIT 3"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-io") / "store"
    build_store([DATA / "graph.ttl"], DATA / "inferred.ttl", path)
    return path


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def run(store: Path | None, *args: str):
    env = {"CCPJ_STORE": str(store)} if store else {}
    return CliRunner().invoke(CLI, list(args), env=env)


def one_line_error(result, code: int = 2) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("verb", [("sparql", SELECT), ("query", "partners", "--theme", "prison")])
def test_output_to_a_full_device_is_one_line(store: Path, verb: tuple[str, ...]) -> None:
    line = one_line_error(run(store, *verb, "-o", "/dev/full"))
    assert line == "error: -o /dev/full: cannot write: No space left on device"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("verb", [("sparql", SELECT), ("query", "partners", "--theme", "prison")])
def test_output_into_a_folder_that_cannot_be_made_is_one_line(
    store: Path, tmp_path: Path, verb: tuple[str, ...]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    line = one_line_error(run(store, *verb, "-o", str(blocker / "answer.csv")))
    assert line.startswith(f"error: -o {blocker / 'answer.csv'}: cannot write: ")


def test_output_to_dev_null_keeps_the_device(store: Path) -> None:
    before = os.stat("/dev/null")
    result = run(store, "sparql", SELECT, "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_query_output_gets_the_umask_mode(store: Path, tmp_path: Path, umask_022) -> None:
    target = tmp_path / "rows.csv"
    assert run(store, "sparql", SELECT, "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text().startswith("s\n")


def test_reason_output_gets_the_umask_mode_and_follows_a_link(tmp_path: Path, umask_022) -> None:
    real = tmp_path / "inferred.ttl"
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    result = run(None, "reason", "--no-ontology", str(DATA / "graph.ttl"), "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
    assert real.read_text().startswith("PREFIX ")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "1e300", "soon"])
@pytest.mark.parametrize(
    "verb",
    [
        ("sparql", ASK),
        ("query", "partners", "--theme", "prison"),
        ("push", "--endpoint", "http://127.0.0.1:9/store"),
        ("serve", "--site", "."),
    ],
)
def test_a_timeout_that_is_not_a_finite_duration_is_refused(
    store: Path, verb: tuple[str, ...], value: str
) -> None:
    result = run(store, *verb, f"--timeout={value}")
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--timeout'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("verb", [("push", "--endpoint", "http://127.0.0.1:9/store")])
def test_a_zero_timeout_is_refused_where_it_would_mean_never(verb: tuple[str, ...]) -> None:
    result = run(None, *verb, "--timeout", "0")
    assert result.exit_code == 2
    assert "must be more than 0 seconds" in result.output


def test_a_zero_timeout_means_no_limit_for_queries(store: Path) -> None:
    result = run(store, "sparql", ASK, "--timeout", "0", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output == "ask\ntrue\n"


# --- issue 12 item 9: bounded input ------------------------------------------------------------


@pytest.fixture
def endless(tmp_path: Path):
    """A file name that is a symbolic link to ``/dev/zero``: size 0, no end."""

    def make(name: str) -> Path:
        link = tmp_path / name
        link.symlink_to("/dev/zero")
        return link

    return make


@pytest.mark.parametrize(
    ("args", "name"),
    [(("sparql", "-f"), "q.rq"), (("validate",), "g.ttl"), (("corpus", "check"), "r.txt")],
)
def test_a_link_to_dev_zero_is_refused_in_one_line(
    store: Path, endless, args: tuple[str, ...], name: str
) -> None:
    link = endless(name)
    result = run(store, *args, str(link))
    line = one_line_error(result, code=1 if args[0] == "corpus" else 2)
    assert line == f"error: {link}: binary file (a NUL byte at offset 0), not UTF-8 text"


@pytest.mark.parametrize(
    ("args", "name", "size", "message"),
    [
        (("sparql", "-f"), "q.rq", 600 * 1024, "is 600 KB; a query may be at most 512 KB"),
        (("corpus", "check"), "r.txt", 3 << 20, "is 3 MB; a report text may be at most 2 MB"),
    ],
)
def test_a_file_over_its_cap_is_refused_in_one_line(
    store: Path, tmp_path: Path, args: tuple[str, ...], name: str, size: int, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"# text\n" * (size // 7) + b"#" * (size % 7))
    result = run(store, *args, str(path))
    line = one_line_error(result, code=1 if args[0] == "corpus" else 2)
    assert line == f"error: {path}: {message}"


def test_a_query_on_stdin_is_capped(store: Path) -> None:
    result = CliRunner().invoke(
        CLI, ["sparql"], input="#" * (600 * 1024), env={"CCPJ_STORE": str(store)}
    )
    assert one_line_error(result) == "error: stdin: holds more than 512 KB; a query may not"


def test_a_query_file_that_is_not_utf8(store: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_bytes(b"# caf\xe9\nASK {}\n")
    assert (
        one_line_error(run(store, "sparql", "-f", str(query)))
        == f"error: {query}:1: not UTF-8 text"
    )


def test_an_annotation_file_is_capped(tmp_path: Path) -> None:
    link = tmp_path / "gold.jsonl"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="holds more than 16 MB; an annotation file may be"):
        load_gold(link)


def test_stdout_on_a_full_disk_is_one_line(store: Path) -> None:
    """A real process: CliRunner's stdout is memory, never full."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "ccpj_graph", "sparql", SELECT, "--format", "csv"],
            stdout=full,
            stderr=subprocess.PIPE,
            env={**os.environ, "CCPJ_STORE": str(store)},
            timeout=120,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "error: No space left on device\n"
