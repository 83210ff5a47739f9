"""Next year's report, end to end: texts the rules were not written for ingest, build, validate
and stay grounded.

``tests/data/unseen/`` holds reports of the family that readers wrote without seeing the rules,
with their annotations (its README says how they were made). Ingesting them is what a user
does with a new report: it must conform to the shapes, every fact must stand in its evidence,
and the extraction must not fall below what it scored there when last measured (the floors
are those figures less 0.05, so a change that loses recall on unseen wording fails here).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph.cli import cli

UNSEEN = Path(__file__).resolve().parent.parent / "data" / "unseen"
TITLE = "Use and application of United Nations standards and norms in crime prevention"

#: key -> (text, date, period), as scripts/score_unseen.py reads them
REPORTS = {
    entry["key"]: (entry["text"], entry["date"], entry["period"])
    for entry in tomllib.loads((UNSEEN / "reports.toml").read_text(encoding="utf-8"))["report"]
}

#: the F1 each text must keep (scripts/score_unseen.py at the commit that set it, less 0.05)
FLOORS = {
    "005": {"countries": 0.92, "partners": 0.91, "standards": 0.92, "mandates": 0.83},
    "006": {"countries": 0.92, "partners": 0.84, "standards": 0.89, "mandates": 0.95},
    "007": {"countries": 0.94, "partners": 0.83, "standards": 0.91, "mandates": 0.95},
    "008": {"countries": 0.92, "partners": 0.82, "standards": 0.92, "mandates": 0.83},
    "009": {"countries": 0.85, "partners": 0.78, "standards": 0.90, "mandates": 0.95},
    "010": {"countries": 0.92, "partners": 0.85, "standards": 0.90, "mandates": 0.83},
    "011": {"countries": 0.94, "partners": 0.80, "standards": 0.91, "mandates": 0.95},
    "012": {"countries": 0.92, "partners": 0.80, "standards": 0.95, "mandates": 0.85},
    "013": {"countries": 0.97, "partners": 0.79, "standards": 0.94, "mandates": 0.88},
    "014": {"countries": 0.97, "partners": 0.77, "standards": 0.94, "mandates": 0.90},
    "015": {"countries": 0.96, "partners": 0.73, "standards": 0.88, "mandates": 0.85},
    "016": {"countries": 0.92, "partners": 0.75, "standards": 0.95, "mandates": 0.85},
    "017": {"countries": 0.93, "partners": 0.83, "standards": 0.94, "mandates": 0.75},
    "018": {"countries": 0.94, "partners": 0.84, "standards": 0.76, "mandates": 0.58},
    "019": {"countries": 0.88, "partners": 0.75, "standards": 0.91, "mandates": 0.75},
}


def test_every_unseen_text_has_floors() -> None:
    assert set(FLOORS) == set(REPORTS) and len(REPORTS) >= 5


@pytest.mark.slow
def test_unseen_reports_ingest_conform_and_stay_grounded(project_copy: Path) -> None:
    runner = CliRunner()
    for key, (name, date, period) in REPORTS.items():
        args = ["ingest", str(UNSEEN / name), "--key", key, "--title", TITLE, "--date", date,
                "--period", period, "--no-build", "--quiet"]  # fmt: skip
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    built = runner.invoke(cli, ["build", "--no-answers", "--quiet"])
    assert built.exit_code == 0, built.output  # conforms: no violation from what a text states

    grounding = runner.invoke(cli, ["check", "grounding", "--format", "json"])
    assert grounding.exit_code == 0, grounding.output
    data = json.loads(grounding.output)
    assert data["ungrounded"] == []
    for key in REPORTS:
        assert data["reports"][key]["share"] == 1.0 and data["reports"][key]["facts"] > 150

    graph = project_copy / "data" / "graph"
    for key, floors in FLOORS.items():
        gold = UNSEEN / f"dev-{key}.jsonl"
        scored = runner.invoke(
            cli, ["evaluate", "--gold", str(gold), "--graph", str(graph), "--format", "json"]
        )
        assert scored.exit_code == 0, scored.output
        scores = json.loads(scored.output)
        below = {f: scores[f]["f1"] for f, floor in floors.items() if scores[f]["f1"] < floor}
        assert not below, (key, below)
