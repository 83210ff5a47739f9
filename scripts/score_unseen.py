"""Score extraction on reports the rules were not written for: ``tests/data/unseen/``.

Why: the five bundled reports are where the rules were fitted, so their scores flatter the
rules; next year's report is the real test. Each ``synthetic-*.txt`` there is a report in the
family's style that a reader wrote without seeing the rules, and ``dev-<key>.jsonl`` that
reader's annotation of it, made before any run (both described in
``tests/data/unseen/README.md``).

What it does: copies the project's home (ontology, shapes, queries and the data the build
reads) into a temporary folder, ingests the texts there (005 to 009) with ``ccpj ingest``
(never touching this checkout), extracts them with ``ccpj build --no-validate --no-reason``
and prints ``ccpj evaluate`` of each against its annotation. ``--report KEY`` scores one;
arguments after the script's own are passed to ``ccpj evaluate`` (``--differences``,
``--format json``).

Usage::

    python scripts/score_unseen.py
    python scripts/score_unseen.py --report 006 --differences
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = ROOT / "tests" / "data" / "unseen"
#: what the build reads from a home; the store, the cache and the built graph are left behind
HOME_PARTS = ("ontology", "shapes", "queries", "data/sources", "data/reference",
              "data/profiles", "data/curation")  # fmt: skip
TITLE = (
    "Use and application of United Nations standards and norms in crime prevention and "
    "criminal justice"
)


@dataclass(frozen=True)
class Unseen:
    """One unseen text, its annotation and what ``ccpj ingest`` is told about it."""

    key: str
    text: str
    date: str
    period: str

    @property
    def gold(self) -> Path:
        return UNSEEN / f"dev-{self.key}.jsonl"

    def ingest(self) -> list[str]:
        return ["ingest", str(UNSEEN / self.text), "--key", self.key, "--title", TITLE,
                "--date", self.date, "--period", self.period,
                "--pursuant-to", "ECOSOC resolution 1992/22", "--no-build", "--quiet"]  # fmt: skip


#: the unseen texts, oldest first (reports.toml there, which the end-to-end test reads too)
REPORTS = tuple(
    Unseen(**entry)
    for entry in tomllib.loads((UNSEEN / "reports.toml").read_text(encoding="utf-8"))["report"]
)


def ccpj(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``ccpj ARGS`` with ``home`` as CCPJ_HOME; stops the script on failure."""
    env = {**os.environ, "CCPJ_HOME": str(home)}
    command = [sys.executable, "-m", "ccpj_graph", *args]  # this interpreter, fixed verbs
    run = subprocess.run(command, env=env, text=True, capture_output=True)  # noqa: S603
    if run.returncode != 0:
        sys.exit(f"ccpj {args[0]} failed: {(run.stderr or run.stdout).strip()}")
    return run


def main(args: list[str]) -> int:
    keys = [r.key for r in REPORTS]
    chosen = REPORTS
    if args[:1] == ["--report"]:
        if len(args) < 2 or args[1] not in keys:
            sys.exit(f"--report: expected one of {', '.join(keys)}")
        chosen = tuple(r for r in REPORTS if r.key == args[1])
        args = args[2:]
    with tempfile.TemporaryDirectory(prefix="ccpj-unseen-") as tmp:
        home = Path(tmp) / "home"
        for part in HOME_PARTS:
            shutil.copytree(ROOT / part, home / part)
        (home / "data" / "graph").mkdir()
        for report in chosen:
            ccpj(home, *report.ingest())
        graph = Path(tmp) / "graph"
        ccpj(home, "build", "--out", str(graph), "--store", str(Path(tmp) / "store"),
             "--no-validate", "--no-reason", "--no-answers", "--quiet")  # fmt: skip
        for report in chosen:
            print(f"== {report.key} ({report.text})")
            print(ccpj(home, "evaluate", "--gold", str(report.gold), "--graph", str(graph),
                       *args).stdout, end="")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
