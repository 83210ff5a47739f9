"""Build an N-times corpus and record what each stage costs, to see how the build scales.

    python bench/scale.py --sizes 1 10 30 [--queries] [--keep DIR]

For each size N the bundled reports are copied N times under new keys (copy c of report 001
is ``<c:03d>001``) with their reporting periods moved c spans on (a span: the years the bundled
reports cover, 2011-2021, so no two copies' periods overlap, as successive years of reports
would not: the same-work stage compares reports whose periods overlap), into a temporary project
(``CCPJ_HOME``: ontology, shapes, queries, reference data and curation copied from this
repository). Then, in a fresh process each:

* ``ccpj build`` with an empty cache (cold): per-stage wall time as the build reports it
  (extract, validate, reason, store, answers ahead), total wall time and peak RSS of the process;
* ``ccpj build`` again with nothing changed (the build cache at work);
* ``ccpj build`` after one report changed (a curation entry retracts one activity of the last
  report);
* with ``--queries``: ``ccpj query countries`` (every year) and
  ``ccpj export gexf --network full``, wall time each.

Prints one Markdown table row per size and the fitted exponent of build time against N
(time ~ N^k, least squares on logs); bench/README.md keeps the recorded table.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = "<https://w3id.org/ccpj/id/report/"


@dataclass
class Run:
    seconds: float
    peak_gb: float
    output: str
    cpu: float = 0.0  # user + system seconds of the process and its workers


@dataclass
class Row:
    size: int
    activities: int = 0
    triples: int = 0
    build: Run | None = None
    rebuild: Run | None = None
    one_changed: Run | None = None
    stages: dict[str, float] = field(default_factory=dict)
    queries: dict[str, float] = field(default_factory=dict)
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after the build


def period_span() -> int:
    """The years the bundled reports cover (2011-2021: 11): each copy's periods move on by it,
    so no two copies overlap."""
    manifest = (ROOT / "data" / "sources" / "manifest.ttl").read_text(encoding="utf-8")
    years = [int(y) for y in re.findall(r'"(\d{4})"\^\^xsd:gYear', manifest)]
    return max(years) - min(years) + 1


def make_project(home: Path, copies: int) -> None:
    """A project folder whose sources are the bundled reports ``copies`` times over."""
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, home / name)
    for name in ("reference", "curation", "profiles"):
        if (ROOT / "data" / name).is_dir():
            shutil.copytree(ROOT / "data" / name, home / "data" / name)
    sources = home / "data" / "sources"
    sources.mkdir(parents=True)
    original = ROOT / "data" / "sources"
    manifest = (original / "manifest.ttl").read_text(encoding="utf-8")
    head, _, _ = manifest.partition(REPORT)
    entries = [REPORT + chunk for chunk in manifest.split(REPORT)[1:]]
    span = period_span()
    out = [head]
    for copy in range(copies):
        for entry in entries:
            out.append(_copied(entry, copy, span, original, sources))
    (sources / "manifest.ttl").write_text("".join(out), encoding="utf-8")


def _copied(entry: str, copy: int, span: int, original: Path, sources: Path) -> str:
    key = entry[len(REPORT) :].split(">", 1)[0]
    file_name = re.search(r'ccpj:sourceFile "([^"]+)"', entry)
    assert file_name, entry
    if copy == 0:
        shutil.copy(original / file_name[1], sources / file_name[1])
        return entry
    new_key = f"{copy:03d}{key}"
    new_file = f"{new_key}_{file_name[1].split('_', 1)[1]}"
    shutil.copy(original / file_name[1], sources / new_file)
    text = entry.replace(f"{REPORT}{key}>", f"{REPORT}{new_key}>")
    text = text.replace(f'dcterms:identifier "{key}"', f'dcterms:identifier "{new_key}"')
    text = text.replace(file_name[1], new_file)
    text = re.sub(r'ccpj:unSymbol "[^"]*" ;\n\s*', "", text)  # a symbol names one document
    return re.sub(
        r'"(\d{4})"\^\^xsd:gYear',
        lambda m: f'"{int(m[1]) + copy * span}"^^xsd:gYear',
        text,
    )


def timed(args: list[str], env: dict[str, str]) -> Run:
    """Run ``args``; wall time and the child's peak RSS (from wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed:\n{output}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024 / 1024, output, cpu)


def stages(output: str) -> dict[str, float]:
    found = {}
    for name, label in (
        ("extract", "extracted"),
        ("validate", "validated"),
        ("reason", "reasoned"),
        ("store", "store"),
        ("answers", "answered ahead"),
    ):
        line = next((x for x in output.splitlines() if x.startswith(f"{label}:")), "")
        match = re.search(r"\(([\d.]+) s\)\s*$", line)
        if match:
            found[name] = float(match[1])
    return found


@contextlib.contextmanager
def scaled_project(size: int, keep: Path | None, prefix: str = "scale") -> Iterator[Path]:
    """A temporary project of the bundled reports ``size`` times over (:func:`make_project`),
    removed afterwards or moved under ``keep``."""
    home = Path(tempfile.mkdtemp(prefix=f"ccpj-{prefix}-{size}x-"))
    try:
        make_project(home, size)
        yield home
    finally:
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.move(str(home), keep / home.name)
        else:
            shutil.rmtree(home, ignore_errors=True)


def measure(size: int, *, queries: bool, keep: Path | None) -> Row:
    with scaled_project(size, keep) as home:
        env = {**os.environ, "CCPJ_HOME": str(home)}
        ccpj = [sys.executable, "-m", "ccpj_graph"]
        row = Row(size)
        before = os.getloadavg()[0]
        row.build = timed([*ccpj, "build", "--quiet"], env)
        row.load = (before, os.getloadavg()[0])
        if "store:" not in row.build.output:
            raise SystemExit(f"the {size}x build failed:\n{row.build.output[-3000:]}")
        row.stages = stages(row.build.output)
        match = re.search(r"extracted: (\d+) activities", row.build.output)
        row.activities = int(match[1]) if match else 0
        match = re.search(r"store: (\d+) asserted \+ (\d+) inferred", row.build.output)
        row.triples = int(match[1]) + int(match[2]) if match else 0
        row.rebuild = timed([*ccpj, "build", "--quiet"], env)
        retract_one(home, size)
        row.one_changed = timed([*ccpj, "build", "--quiet"], env)
        if queries:
            for name, args in (
                ("countries", ["query", "countries", "--format", "csv", "-o", "/dev/null"]),
                ("gexf full", ["export", "gexf", "--network", "full", "-o", str(home / "f.gexf")]),
            ):
                row.queries[name] = timed([*ccpj, *args], env).seconds
        return row


def retract_one(home: Path, size: int) -> None:
    """Change one report: a curation entry retracts the first activity of the last report
    (the last, so that no later report's graph depends on what it describes)."""
    key = "004" if size == 1 else f"{size - 1:03d}004"
    text = (home / "data" / "graph" / f"{key}.ttl").read_text(encoding="utf-8")
    found = re.search(rf"/id/activity/({key}-[0-9-]+)>", text)
    assert found, key
    entry = f'[[retract]]\nactivity = "{found[1]}"\nreason = "bench: one report changed"\n'
    (home / "data" / "curation" / "bench.toml").write_text(entry, encoding="utf-8")


def exponent(points: list[tuple[int, float]]) -> float | None:
    """The fitted k of time ~ N^k from (N, seconds) points (least squares on logs)."""
    logs = [(math.log(n), math.log(t)) for n, t in points if t > 0]
    if len(logs) < 2:
        return None
    mean_x = sum(x for x, _ in logs) / len(logs)
    mean_y = sum(y for _, y in logs) / len(logs)
    num = sum((x - mean_x) * (y - mean_y) for x, y in logs)
    den = sum((x - mean_x) ** 2 for x, _ in logs)
    return num / den if den else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--queries", action="store_true", help="also time two heavy queries")
    parser.add_argument("--keep", type=Path, help="keep each project folder under DIR")
    args = parser.parse_args()
    header = (
        "| corpus | activities | triples | build | extract | SHACL | reason | store | answers "
        "| build CPU | peak RSS | rebuild (no change) | one report changed |"
    )
    extra = " countries | gexf full |" if args.queries else ""
    print(header + extra)
    print("|---" * (13 + (2 if args.queries else 0)) + "|")
    rows = []
    for size in args.sizes:
        row = measure(size, queries=args.queries, keep=args.keep)
        rows.append(row)
        assert row.build is not None and row.rebuild is not None
        assert row.one_changed is not None
        cells = [
            f"{size}x",
            f"{row.activities:,}",
            f"{row.triples / 1000:.0f} k",
            f"{row.build.seconds:.1f} s",
            *(f"{row.stages.get(name, 0):.1f} s" for name in ("extract", "validate", "reason")),
            f"{row.stages.get('store', 0):.1f} s",
            f"{row.stages.get('answers', 0):.1f} s",
            f"{row.build.cpu:.1f} s",
            f"{row.build.peak_gb:.2f} GB",
            f"{row.rebuild.seconds:.1f} s",
            f"{row.one_changed.seconds:.1f} s",
        ]
        if args.queries:
            cells += [f"{row.queries[name]:.1f} s" for name in ("countries", "gexf full")]
        print("| " + " | ".join(cells) + " |", flush=True)
        print(f"<!-- {size}x: load average {row.load[0]:.1f} -> {row.load[1]:.1f} -->", flush=True)
    k = exponent([(r.size, r.build.seconds) for r in rows if r.build])
    if k is not None:
        print(f"\nfitted exponent of build time against N: {k:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
