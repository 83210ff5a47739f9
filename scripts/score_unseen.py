"""Score extraction on a report the rules were not written for: ``tests/data/unseen/``.

Why: the five bundled reports are where the rules were fitted, so their scores flatter the
rules; next year's report is the real test. ``synthetic-2022.txt`` is a report in the family's
style that a reader wrote without seeing the rules, and ``dev-005.jsonl`` that reader's
annotation of it, made before any run (both described in ``tests/data/unseen/README.md``).

What it does: copies the project's home (ontology, shapes, queries and the data the build
reads) into a temporary folder, ingests the text there as report 005 with ``ccpj ingest``
(never touching this checkout), extracts it with ``ccpj build --no-validate --no-reason``
and prints ``ccpj evaluate`` against the annotation. Arguments after the script's own are
passed to ``ccpj evaluate`` (``--differences``, ``--format json``).

Usage::

    python scripts/score_unseen.py
    python scripts/score_unseen.py --differences
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = ROOT / "tests" / "data" / "unseen"
TEXT = UNSEEN / "synthetic-2022.txt"
GOLD = UNSEEN / "dev-005.jsonl"
#: what the build reads from a home; the store, the cache and the built graph are left behind
HOME_PARTS = ("ontology", "shapes", "queries", "data/sources", "data/reference",
              "data/profiles", "data/curation")  # fmt: skip
INGEST = [
    "ingest", str(TEXT), "--key", "005", "--title",
    "Use and application of United Nations standards and norms in crime prevention and "
    "criminal justice", "--date", "2023-03-20", "--period", "2022",
    "--pursuant-to", "ECOSOC resolution 1992/22", "--no-build", "--quiet",
]  # fmt: skip


def ccpj(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``ccpj ARGS`` with ``home`` as CCPJ_HOME; stops the script on failure."""
    env = {**os.environ, "CCPJ_HOME": str(home)}
    command = [sys.executable, "-m", "ccpj_graph", *args]  # this interpreter, fixed verbs
    run = subprocess.run(command, env=env, text=True, capture_output=True)  # noqa: S603
    if run.returncode != 0:
        sys.exit(f"ccpj {args[0]} failed: {(run.stderr or run.stdout).strip()}")
    return run


def main(evaluate_args: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="ccpj-unseen-") as tmp:
        home = Path(tmp) / "home"
        for part in HOME_PARTS:
            shutil.copytree(ROOT / part, home / part)
        (home / "data" / "graph").mkdir()
        ccpj(home, *INGEST)
        graph = Path(tmp) / "graph"
        ccpj(home, "build", "--out", str(graph), "--store", str(Path(tmp) / "store"),
             "--no-validate", "--no-reason", "--no-answers", "--quiet")  # fmt: skip
        print(ccpj(home, "evaluate", "--gold", str(GOLD), "--graph", str(graph),
                   *evaluate_args).stdout, end="")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
