"""`ccpj ingest`: next year's report joins the corpus and the graph without code changes."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ccpj_graph import resources
from ccpj_graph.build.pipeline import build
from ccpj_graph.cli import cli
from ccpj_graph.corpus import load_corpus, load_manifest
from ccpj_graph.corpus.ingest import ingest_report, parse_mandate, parse_period
from ccpj_graph.corpus.journal import JOURNAL_NAME
from ccpj_graph.corpus.manifest import REPORT_KEY
from ccpj_graph.errors import CorpusError, InputError
from ccpj_graph.namespaces import CCPJ
from ccpj_graph.rdfio import read_graph
from ccpj_graph.workflow import run_pipeline

TITLE = "Use and application of United Nations standards and norms in crime prevention"


def next_years_report(tmp_path: Path, home: Path) -> Path:
    """A report nobody has seen: 001's text moved one year on (2021 -> 2022)."""
    text = (home / "data" / "sources" / "001_4d443e7ad4d789de.txt").read_text(encoding="utf-8")
    text = text.replace("2022", "2023").replace("2021", "2022")
    path = tmp_path / "E_CN.15_2023_9.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_ingested_report_is_read_described_and_extracted(
    tmp_path: Path, project_copy: Path
) -> None:
    path = next_years_report(tmp_path, project_copy)
    added = ingest_report(
        path,
        title=TITLE,
        issued="2023-03-21",
        period="2022",
        body="Economic and Social Council",
        symbol="E/CN.15/2023/9",
        pursuant_to=("ECOSOC resolution 1992/22",),
    )
    assert added.report.key == "005"
    assert len(added.report.paragraphs) == 69
    meta = {m.key: m for m in load_manifest()}["005"]
    assert (meta.file_name, meta.period_start, meta.period_end) == (path.name, 2022, 2022)
    assert meta.pursuant_to == ("ecosoc-1992-22",)
    assert (project_copy / "data" / "sources" / path.name).is_file()
    assert [r.key for r in load_corpus()][-1] == "005"

    result = build(out_dir=project_copy / "data" / "graph")
    counts = {r.key: r.activities for r in result.reports}
    assert counts["005"] > 150
    years = {f.year for f in result.activities if f.report == "005"}
    assert years == {2022}


@pytest.mark.slow
def test_an_undated_document_ingests_and_conforms(tmp_path: Path, project_copy: Path) -> None:
    """A document that states no reporting period (a brochure, a report ingested without
    --period): work whose paragraph states no year has none, and that is a warning, never a
    violation that fails the ingest (issue 10: what a report's text states never fails
    validation)."""
    path = next_years_report(tmp_path, project_copy)
    result = CliRunner().invoke(cli, ["ingest", str(path), "--title", TITLE, "--quiet"])
    assert result.exit_code == 0, result.output
    assert "warning: no --period: 005's activities get no year" in result.stderr
    # what the ingest wrote: the report's graph, and its validation (read from the cache)
    graph = read_graph(project_copy / "data" / "graph" / "005.ttl")
    activities = set(graph.subjects(CCPJ.statedIn, None))
    # with no period no year counts as a date (years.toml: "In 2022, UNODC ..." is not checked)
    assert len(activities) > 150
    assert not any(graph.triples((None, CCPJ.year, None)))
    assert not any(graph.triples((None, CCPJ.yearBasis, None)))
    undated = {f"ccpjid:activity/{str(a).rsplit('/', 1)[1]}" for a in activities}
    built = run_pipeline(reason_graph=False, answers=False)
    assert built.validation is not None and built.validation.conforms
    # one warning per undated activity, saying why (the report states no period), not one
    # for the missing year, one for its missing basis and one for the period
    mine = [r for r in built.validation.results if r.focus.startswith("ccpjid:activity/005-")]
    assert sorted(r.focus for r in mine if r.shape == "ccpjsh:ActivityReportPeriodShape") == sorted(
        undated
    )
    assert [r.shape for r in mine if "year" in r.shape.lower()] == []


def test_rollback_restores_the_corpus(tmp_path: Path, project_copy: Path) -> None:
    manifest = project_copy / "data" / "sources" / "manifest.ttl"
    before = manifest.read_bytes()
    added = ingest_report(
        next_years_report(tmp_path, project_copy),
        title=TITLE,
        issued=None,
        period="2022",
        body="Economic and Social Council",
    )
    added.rollback()
    assert manifest.read_bytes() == before
    assert not added.text_path.exists()


def test_report_without_activities_is_taken_back(tmp_path: Path, project_copy: Path) -> None:
    manifest = project_copy / "data" / "sources" / "manifest.ttl"
    before = manifest.read_bytes()
    quiet = "The weather was mild for most of the season and the rivers rose and fell as usual. "
    body = "\n\n".join(f"- {n}. {quiet * 3}" for n in range(1, 11))
    path = tmp_path / "quiet.txt"
    path.write_text(f"I. Introduction\n\n{body}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--title", "Quiet", "--period", "2022"])
    assert result.exit_code == 1
    assert "quiet.txt: no activities" in result.output
    assert "took back" in result.output
    assert manifest.read_bytes() == before
    assert not (project_copy / "data" / "sources" / "quiet.txt").exists()
    assert not (project_copy / "data" / "graph").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "21 March 2023"], "--date '21 March 2023': expected an ISO date"),
        (["--period", "last year"], "--period 'last year'"),
        (["--pursuant-to", "WHO resolution 1/2"], "--pursuant-to 'WHO resolution 1/2'"),
        (["--key", "001"], "--key '001': the manifest already has"),
        (["--symbol", "not a symbol"], "--symbol 'not a symbol': expected a UN document symbol"),
        (["--profile", "no-such-family"], "profile 'no-such-family': no "),
        # blamed on manifest.ttl ("invalid Turtle", "not a report IRI", "is empty"), or an
        # empty value taken for no value (--key "" the next key, --period "" no period)
        *(
            (["--key", key], f"--key {key!r}: expected lower-case letters (a-z), digits")
            for key in ("", "a b", "005 ", "ABC", "x/y", "../evil", "-5", "٠٠٥")
        ),
        (["--period", ""], "--period '': expected a year or a range"),
        (["--period", "٢٠٢٢"], "--period '٢٠٢٢': expected a year or a range"),
        (["--symbol", ""], "--symbol '': expected a UN document symbol"),
        (["--body", " "], "--body: must not be empty"),
        (["--date", "20230321"], "--date '20230321': expected an ISO date"),
        (["--pursuant-to", "GA resolution ٧٥/196"], "--pursuant-to 'GA resolution ٧٥/196'"),
    ],
)
def test_bad_options_are_one_line_and_write_nothing(
    tmp_path: Path, project_copy: Path, args: list[str], message: str
) -> None:
    manifest = project_copy / "data" / "sources" / "manifest.ttl"
    before = manifest.read_bytes()
    path = next_years_report(tmp_path, project_copy)
    result = CliRunner().invoke(cli, ["ingest", str(path), "--title", TITLE, *args])
    assert result.exit_code != 0
    assert result.output.startswith("error: ")
    assert message in result.output
    assert result.output.count("\n") == 1
    assert manifest.read_bytes() == before
    assert not (project_copy / "data" / "sources" / path.name).exists()


@settings(max_examples=200, deadline=None)
@given(key=st.text(max_size=8).filter(lambda k: not REPORT_KEY.fullmatch(k)))
def test_a_key_the_manifest_refuses_is_refused_naming_key(key: str) -> None:
    """Any --key the manifest's rule refuses is refused up front, naming --key, before
    anything is read or written (the bundled sources: nothing may change them)."""
    before = (resources.sources_dir() / "manifest.ttl").read_bytes()
    with pytest.raises(InputError) as err:
        ingest_report(Path(__file__), title=TITLE, issued=None, period=None, body="B", key=key)
    assert str(err.value).startswith("--key ")
    assert (resources.sources_dir() / "manifest.ttl").read_bytes() == before


def test_unreadable_file_names_the_file(tmp_path: Path, project_copy: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--title", TITLE, "--no-build"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {path}")


def test_parsers() -> None:
    assert parse_period("2020-2021") == (2020, 2021)
    assert parse_period("2022") == (2022, 2022)
    assert parse_mandate("GA resolution 75/196") == "ga-75-196"
    assert parse_mandate("ecosoc-1992-22") == "ecosoc-1992-22"
    with pytest.raises(InputError, match="ends before"):
        parse_period("2021-2020")


# --- issue 12 item 9: all-or-nothing, also when killed; no text twice; size cap ----------------


def sources(home: Path) -> Path:
    return home / "data" / "sources"


def corpus_state(home: Path) -> tuple[bytes, list[str]]:
    folder = sources(home)
    return (folder / "manifest.ttl").read_bytes(), sorted(p.name for p in folder.iterdir())


def test_the_same_text_under_a_new_name_is_refused(tmp_path: Path, project_copy: Path) -> None:
    before = corpus_state(project_copy)
    original = sources(project_copy) / "001_4d443e7ad4d789de.txt"
    copy = tmp_path / "E_CN.15_2022_9_again.txt"
    # the same text with Windows line ends: the same report after normalisation
    copy.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    result = CliRunner().invoke(cli, ["ingest", str(copy), "--title", TITLE, "--no-build"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(
        f"error: {copy}: the same text as 001_4d443e7ad4d789de.txt (report 001, sha256 "
    )
    assert result.output.count("\n") == 1
    assert corpus_state(project_copy) == before


def test_a_text_over_the_cap_is_refused(tmp_path: Path, project_copy: Path) -> None:
    before = corpus_state(project_copy)
    big = tmp_path / "big.txt"
    big.write_text("1. Paragraph of text.\n\n" * 120_000, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(big), "--title", TITLE, "--no-build"])
    assert result.exit_code == 1
    size = big.stat().st_size // (1024 * 1024)
    assert result.output.startswith(f"error: {big}: is {size}")
    assert result.output.endswith("a report text may be at most 2 MB\n")
    assert corpus_state(project_copy) == before


def test_a_second_ingest_waits_for_none_and_touches_nothing(
    tmp_path: Path, project_copy: Path
) -> None:
    manifest = sources(project_copy) / "manifest.ttl"
    manifest.chmod(0o640)
    path = next_years_report(tmp_path, project_copy)
    first = ingest_report(path, title=TITLE, issued=None, period="2022", body="ECOSOC")
    during = corpus_state(project_copy)
    other = tmp_path / "other.txt"
    other.write_text(path.read_text(encoding="utf-8").replace("2022", "2024"), encoding="utf-8")
    with pytest.raises(CorpusError, match="another ccpj ingest is running"):
        ingest_report(other, title=TITLE, issued=None, period="2024", body="ECOSOC")
    assert corpus_state(project_copy) == during
    first.commit()
    assert [m.key for m in load_manifest()][-1] == "005"
    assert stat.S_IMODE(manifest.stat().st_mode) == 0o640  # kept, not mkstemp's 0600
    assert not (sources(project_copy) / JOURNAL_NAME).exists()


def test_an_ingest_that_died_is_taken_back_by_the_next_reader(
    tmp_path: Path, project_copy: Path
) -> None:
    before = corpus_state(project_copy)
    path = next_years_report(tmp_path, project_copy)
    added = ingest_report(path, title=TITLE, issued=None, period="2022", body="ECOSOC")
    graph = project_copy / "data" / "graph"
    graph.mkdir()
    (graph / "005.ttl").write_text("# written by the build before the kill\n")
    assert added.journal is not None
    os.close(added.journal.lock_fd)  # what the kernel does when the process dies
    added.journal.lock_fd = -1
    assert [m.key for m in load_manifest()][-1] == "004"
    assert corpus_state(project_copy) == before
    assert not (graph / "005.ttl").exists()


def _ingest_process(path: Path, home: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CCPJ_HOME": str(home)}
    command = [sys.executable, "-m", "ccpj_graph", "ingest", str(path), "--title", TITLE]
    return subprocess.Popen(
        [*command, "--period", "2022", "--quiet"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_until_written(process: subprocess.Popen[bytes], home: Path, name: str) -> None:
    """Until the text and its manifest entry are in place (the build then starts)."""
    folder = sources(home)
    for _ in range(6000):
        if (folder / name).exists() and name.encode() in (folder / "manifest.ttl").read_bytes():
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.01)
    raise AssertionError("the ingest never wrote the report")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_ingest_leaves_the_corpus_as_it_was(
    tmp_path: Path, project_copy: Path, signum: int
) -> None:
    before = corpus_state(project_copy)
    path = next_years_report(tmp_path, project_copy)
    process = _ingest_process(path, project_copy)
    _wait_until_written(process, project_copy, path.name)
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode != 0
    if signum == signal.SIGTERM:  # the handler took it back before exiting
        assert b"took back 005" in err
        assert b"Traceback" not in err
        assert corpus_state(project_copy) == before
    else:  # nothing ran: the journal and the backup are still there, until the next reader
        assert JOURNAL_NAME in corpus_state(project_copy)[1]
    assert [m.key for m in load_manifest()][-1] == "004"
    assert corpus_state(project_copy) == before
    assert not (project_copy / "data" / "graph" / "005.ttl").exists()


def test_the_profile_is_recorded_in_the_manifest(tmp_path: Path, project_copy: Path) -> None:
    path = next_years_report(tmp_path, project_copy)
    args = [
        "ingest",
        str(path),
        "--title",
        TITLE,
        "--no-build",
        "--profile",
        "unodc-standards-norms",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    (meta,) = [m for m in load_manifest() if m.file_name == path.name]
    assert meta.profile == "unodc-standards-norms"
    other = tmp_path / "other.txt"
    other.write_text(path.read_text(encoding="utf-8").replace("2022", "2024"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(other), "--title", TITLE, "--no-build"])
    assert result.exit_code == 0, result.output
    (meta,) = [m for m in load_manifest() if m.file_name == other.name]
    assert meta.profile == "unodc-standards-norms"  # the default, written out
