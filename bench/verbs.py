"""Time ``publish``, ``ingest`` and every ``export`` on N-times corpora, to see that each stays
linear in the size of the graph (issue 13, item 3).

    python bench/verbs.py --sizes 1 3 10 [--keep DIR]

For each size N a project is made as ``bench/scale.py`` makes it (the bundled reports copied N
times under new keys and moved-on periods) and built (``ccpj build -q``, not timed here:
``bench/scale.py`` times it). Then each command below runs in a fresh process, as a user runs
it, and its wall time and CPU time (user + system, workers included) are recorded:

* ``ccpj publish`` of the whole site;
* ``ccpj ingest`` of a new report (report 004's text with its years moved on, so it is a text
  the corpus does not hold): one incremental build with the new report's extraction,
  validation and reasoning;
* every ``ccpj export`` verb, on the partners network where the verb draws a network.

Prints one Markdown row per command, its time at each size, and the fitted exponent of wall
time against N (time ~ N^k, least squares on logs; 1 is linear). bench/README.md keeps the
recorded table.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import ROOT, Run, exponent, period_span, scaled_project, timed

#: (name, arguments after ``ccpj``); ``{out}`` is a scratch folder of the project
COMMANDS: list[tuple[str, list[str]]] = [
    ("publish", ["publish", "--out", "{out}/site"]),
    ("export activities (csv)", ["export", "activities", "--format", "csv", "-o", "{out}/a.csv"]),
    (
        "export chart (by year and theme)",
        ["export", "chart", "--kind", "activities-by-year-theme", "-o", "{out}/chart.svg"],
    ),
    ("export map", ["export", "map", "-o", "{out}/map.svg"]),
    (
        "export matrix (country x standard)",
        ["export", "matrix", "--rows", "country", "--columns", "standard", "-o", "{out}/m.csv"],
    ),
    ("export gexf (partners)", ["export", "gexf", "-n", "partners", "-o", "{out}/p.gexf"]),
    ("export graphml (partners)", ["export", "graphml", "-n", "partners", "-o", "{out}/p.graphml"]),
    ("export csv (partners)", ["export", "csv", "-n", "partners", "-o", "{out}/partners"]),
    ("export html (partners)", ["export", "html", "-n", "partners", "-o", "{out}/p.html"]),
    ("export svg (partners)", ["export", "svg", "-n", "partners", "-o", "{out}/p.svg"]),
    ("export png (partners)", ["export", "png", "-n", "partners", "-o", "{out}/p.png"]),
    ("ingest one report", []),  # arguments made per project: ingest_args
]


def ingest_args(home: Path, size: int) -> list[str]:
    """``ccpj ingest`` of report 004's text with every year moved on past the copies' periods
    (a new text, as next year's report would be)."""
    original = next((ROOT / "data" / "sources").glob("004_*.txt"))
    text = original.read_text(encoding="utf-8")
    shift = period_span() * size  # past the last copy's periods
    moved = re.sub(r"\b(20[012]\d)\b", lambda m: str(int(m[1]) + shift), text)
    new = home / "next-report.txt"
    new.write_text(moved, encoding="utf-8")
    manifest = (ROOT / "data" / "sources" / "manifest.ttl").read_text(encoding="utf-8")
    entry = manifest.split("<https://w3id.org/ccpj/id/report/004>", 1)[1]
    found = re.search(r'ccpj:periodStart "(\d{4})"', entry)
    assert found, "report 004's period"
    year = int(found[1]) + shift  # its own period, moved on as its text
    return [
        "ingest",
        str(new),
        "--title",
        "Bench: next year's report",
        "--date",
        f"{year + 1}-03-01",
        "--period",
        str(year),
        "--quiet",
    ]


def measure(size: int, keep: Path | None) -> dict[str, Run]:
    with scaled_project(size, keep, prefix="verbs") as home:
        env = {**os.environ, "CCPJ_HOME": str(home)}
        ccpj = [sys.executable, "-m", "ccpj_graph"]
        built = timed([*ccpj, "build", "--quiet"], env)
        if "store:" not in built.output:
            raise SystemExit(f"the {size}x build failed:\n{built.output[-3000:]}")
        out = home / "out"
        out.mkdir()
        found: dict[str, Run] = {}
        for name, args in COMMANDS:
            args = ingest_args(home, size) if name.startswith("ingest") else args
            argv = [a.replace("{out}", str(out)) for a in args]
            manifest = (home / "data" / "sources" / "manifest.ttl").read_bytes()
            run = timed([*ccpj, *argv], env)
            written = Path(argv[argv.index("-o") + 1]) if "-o" in argv else out / "site"
            done = (
                (home / "data" / "sources" / "manifest.ttl").read_bytes() != manifest
                if name.startswith("ingest")
                else any(written.parent.glob(written.name + "*"))
            )
            if not done:
                raise SystemExit(f"{size}x: {' '.join(argv)} did not do its job:\n{run.output}")
            found[name] = run
            print(f"<!-- {size}x {name}: {run.seconds:.1f} s, CPU {run.cpu:.1f} s -->", flush=True)
        return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument("--keep", type=Path, help="keep each project folder under DIR")
    args = parser.parse_args()
    results = {size: measure(size, args.keep) for size in args.sizes}
    print("| command | " + " | ".join(f"{n}x wall (CPU)" for n in args.sizes) + " | exponent |")
    print("|---" * (len(args.sizes) + 2) + "|")
    for name, _ in COMMANDS:
        runs = [results[n][name] for n in args.sizes]
        k = exponent([(n, run.seconds) for n, run in zip(args.sizes, runs, strict=True)])
        cells = [f"{run.seconds:.1f} s ({run.cpu:.1f} s)" for run in runs]
        print(f"| `{name}` | " + " | ".join(cells) + f" | {'-' if k is None else f'{k:.2f}'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
