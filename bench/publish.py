"""Time ``ccpj publish`` of the whole corpus and weigh the search index it ships.

    python bench/publish.py [--repeat 5] [--out DIR]

Runs ``ccpj publish --out DIR/site`` (the project's reference data, manifest and built graph,
as a user would: interpreter start included) ``--repeat`` times into the same folder, so every
run after the first also swaps out and removes the previous site, as a re-publish does. Prints
each run's wall-clock and CPU seconds (user + system of the child process), their medians, the
load average before and after, the site's files and bytes, and the size of the search index
(``assets/search-index.js``) against the targets of issue 11: publishing under 10 s, the index
under 1 MB. Wall-clock time is what a user waits; CPU time is what the machine did, and stays
comparable when other work shares the cores (on a busy 2-core machine wall time can be twice
the CPU time or more). Exit status 1 when a target is missed (``--strict``: the wall-clock
median counts too; otherwise only CPU time and the index size).

Why it exists: the site is regenerated on every publish (about 8,700 files for the five
reports), so its cost grows with the corpus; this keeps it visible. Figures are recorded in
``bench/README.md``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 10.0
TARGET_INDEX_BYTES = 1_000_000  # 1 MB
INDEX = Path("assets") / "search-index.js"


def _ccpj() -> list[str]:
    """The ``ccpj`` of this interpreter's environment (the CLI as users run it)."""
    script = Path(sys.executable).with_name("ccpj")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ccpj_graph"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def run_once(site: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``ccpj publish --out site``."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(  # our own CLI, fixed arguments
        [*_ccpj(), "publish", "--out", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"ccpj publish failed ({done.returncode}): {done.stderr.strip()}")
    return wall, _children_cpu() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs to take the median of")
    parser.add_argument("--out", type=Path, help="folder for the site (default: a temporary one)")
    parser.add_argument(
        "--strict", action="store_true", help="also fail when the wall-clock median misses"
    )
    args = parser.parse_args(argv)

    folder = args.out or Path(tempfile.mkdtemp(prefix="ccpj-bench-publish-"))
    site = folder / "site"
    load_before = os.getloadavg()
    walls: list[float] = []
    cpus: list[float] = []
    try:
        for n in range(1, max(1, args.repeat) + 1):
            wall, cpu = run_once(site)
            walls.append(wall)
            cpus.append(cpu)
            print(f"run {n}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        load_after = os.getloadavg()
        files, size = _size(site)
        index = (site / INDEX).stat().st_size
    finally:
        if args.out is None:
            shutil.rmtree(folder, ignore_errors=True)

    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(f"cores: {os.cpu_count()}, load average before {load_before[0]:.1f}, "
          f"after {load_after[0]:.1f}")  # fmt: skip
    print(f"site: {files} files, {size / 1e6:.1f} MB")
    target = f"target < {TARGET_SECONDS:.0f} s"
    print(f"median of {len(walls)}: {wall:.2f} s wall, {cpu:.2f} s CPU ({target})")
    print(f"search index: {index:,} bytes ({index / 1e6:.2f} MB, target < 1 MB)")
    missed = []
    if cpu >= TARGET_SECONDS or (args.strict and wall >= TARGET_SECONDS):
        missed.append("publish time")
    if index >= TARGET_INDEX_BYTES:
        missed.append("search index size")
    print("targets: " + ("met" if not missed else "MISSED: " + ", ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
