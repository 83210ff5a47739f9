"""`ccpj evaluate` on the committed graph meets the extraction targets on the dev annotation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph.cli import cli

GOLD = Path(__file__).parents[1] / "data" / "dev-001.jsonl"
TARGETS = {"countries": 0.95, "partners": 0.85, "standards": 0.90, "mandates": 0.95, "themes": 0.85}


@pytest.mark.slow
def test_targets_on_the_committed_graph() -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(GOLD), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    for name, target in TARGETS.items():
        assert scores[name]["f1"] >= target, (name, scores[name])
    assert scores["year"]["accuracy"] >= 0.95
    assert scores["paragraphs"] == 69


def test_missing_gold_file_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert result.output.count("\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"report": "999"}, "report 999 is not in the graph (reports: 000, 001, 002, 003, 004)"),
        ({"para": "500"}, "report 001 has no paragraph '500' in the graph (paragraphs 1-69)"),
    ],
)
def test_a_paragraph_the_graph_lacks_is_named_not_scored_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: dict[str, str], says: str
) -> None:
    """An annotation of a report the graph was not built with, or of a paragraph its reader
    does not find, scored zero recall without a word, as if nothing had been extracted."""
    monkeypatch.chdir(tmp_path)
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    rows[-1] = {**rows[-1], **change}
    gold = tmp_path / "gold.jsonl"
    lines = [json.dumps(row) for row in rows]
    lines.insert(-1, "")  # a blank line: the error names the file's line, not the row's
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold)])
    assert result.exit_code == 2
    # the README promises file:line for these too (it said the file alone)
    assert result.output == f"error: {gold}:{len(rows) + 1}: {says}\n"


@pytest.mark.slow
def test_several_annotations_are_scored_each_on_its_own() -> None:
    other = GOLD.with_name("dev-002.jsonl")
    args = ["evaluate", "--gold", str(GOLD), "--gold", str(other), "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert list(scores) == [str(GOLD), str(other)]
    assert scores[str(GOLD)]["paragraphs"] == 69
    assert scores[str(other)]["paragraphs"] == 100  # report 002 has 100 paragraphs


@pytest.mark.slow
def test_differences_name_the_paragraphs_and_items_behind_the_scores() -> None:
    other = GOLD.with_name("dev-004.jsonl")
    args = ["evaluate", "--gold", str(other), "--differences"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    table, _, listing = result.output.partition("\n\n")
    assert table.startswith("field") and "paragraphs compared: 59" in table
    lines = listing.splitlines()
    assert lines and all(line.startswith("004 \N{SECTION SIGN}") for line in lines)
    as_json = CliRunner().invoke(cli, [*args, "--format", "json"])
    differences = json.loads(as_json.output)["differences"]
    assert len(differences) == len(lines)
    assert {d["field"] for d in differences} <= {
        "countries",
        "partners",
        "standards",
        "mandates",
        "themes",
        "year",
        "activities",
    }
    plain = CliRunner().invoke(cli, ["evaluate", "--gold", str(other), "--format", "json"])
    assert "differences" not in json.loads(plain.output)


def test_a_bug_is_one_line_exit_70_and_its_traceback_is_there_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unexpected exception (a bug, not bad input) reaches the user as one line naming the
    verb and the exception, exit 70; CCPJ_DEBUG=1 lets it through for a bug report."""
    import ccpj_graph.evaluate

    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(ccpj_graph.evaluate, "evaluate_graph", broken)
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(GOLD)])
    assert result.exit_code == 70, result.output
    assert result.output.strip() == (
        "error: internal error in 'cli evaluate': IndexError: list index out of range"
        " (a bug; run again with CCPJ_DEBUG=1 for the traceback)"
    )
    debug = CliRunner().invoke(cli, ["evaluate", "--gold", str(GOLD)], env={"CCPJ_DEBUG": "1"})
    assert isinstance(debug.exception, IndexError)
