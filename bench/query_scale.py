"""Time every canned query the README shows, with and without filters, on an N-times corpus.

    python bench/query_scale.py --scale 100 [--project DIR] [--repeat 3]
    python bench/query_scale.py --store data/store --answers-out before.json
    python bench/query_scale.py --store data/store --answers-against before.json

The cases: every ``ccpj query`` command README.md shows (its code blocks and its table), the
first example of each query's header, each query with no filter, each with every parameter
those commands use on its own, and ``--count statements`` where a query counts. Each case runs
``--repeat`` times two ways: in-process through :func:`ccpj_graph.open` (the killable worker and
the gate, as a notebook asks) and through ``ccpj query`` from the shell (interpreter start
included), both with their default row limit (10,000, as a user gets) and ``--fresh`` (every
answer computed, none read from the kept answers). The median of each is printed, slowest
first, and "again": the same question asked a second time without ``--fresh``, when an answer
that took 0.5 s or more is read from the kept answers (``query/answers.py``). Before all that,
"first ask": the store's kept answers and lookups and the gate's kept verdicts are removed,
the overview and documented questions are answered ahead as ``ccpj build`` does for a new store
(``query/ahead.py``, timed), and each case is asked once as a user asks it the first time
after a build on a machine that never asked it (in-process, without ``--fresh``). The run
exits 1 when a first ask or a computed median is over the target (0.5 s, issue 13) or the ways
disagree on the rows.

The N-times corpus is bench/scale.py's (the bundled reports copied under new keys, each
copy's periods moved past the previous copy's), built once with ``ccpj build --no-validate``
(SHACL does not change what the store holds; reasoning is kept) in ``--project DIR`` (reused
when it already holds a store) or a temporary folder. ``--store`` times an existing store
instead. ``--answers-out`` writes every case's rows; ``--answers-against`` compares with such a
file (to show a query's rewrite changed no answer) and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import make_project

import ccpj_graph
from ccpj_graph import resources
from ccpj_graph.cli.query_docs import command_values, shown_commands
from ccpj_graph.errors import CcpjError
from ccpj_graph.query.ahead import answer_ahead
from ccpj_graph.query.canned import CannedQuery, load_queries

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.5
Case = tuple[str, tuple[tuple[str, str], ...]]


def cases(queries: dict[str, CannedQuery]) -> list[Case]:
    """README's commands and the headers' examples, then each query bare, each parameter alone,
    and counted by statement; required parameters kept from the query's first example."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    try:
        shown: list[Case] = [
            (name, tuple(values.items())) for name, values in shown_commands(readme, queries)
        ]
    except CcpjError as err:
        raise SystemExit(f"README.md: {err}") from None
    shown += [
        (q.name, tuple(command_values(q, q.examples[0]).items()))
        for q in queries.values()
        if q.examples
    ]
    found: list[Case] = list(shown)
    for name, query in queries.items():
        required = {p.name for p in query.parameters if p.required}
        first = command_values(query, query.examples[0]) if query.examples else {}
        base = tuple((k, first[k]) for k in sorted(required))
        found.append((name, base))
        for shown_name, params in shown:
            if shown_name == name:
                for key, value in params:
                    if key not in required:
                        found.append((name, (*base, (key, value))))
        if any(p.name == "count" for p in query.parameters):
            found.append((name, (*base, ("count", "statements"))))
    unique: list[Case] = []
    for case in found:
        normal = (case[0], tuple(sorted(case[1])))
        if normal not in unique:
            unique.append(normal)
    return unique


def _label(case: Case) -> str:
    return " ".join([case[0], *(f"--{k} {shlex.quote(v)}" for k, v in case[1])])


def build(size: int, project: Path | None) -> Path:
    """The store of an N-times corpus, built once (``--no-validate``) and reused."""
    home = project or Path(tempfile.mkdtemp(prefix=f"ccpj-query-{size}x-"))
    store = home / "data" / "store"
    if (store / "meta.json").exists() or (project and store.is_dir()):
        print(f"reusing the {size}x store in {home}", file=sys.stderr)
        return store
    make_project(home, size)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ccpj_graph", "build", "--no-validate", "--quiet"],
        env={**os.environ, "CCPJ_HOME": str(home)},
        check=False,
    )
    print(f"built {size}x in {time.perf_counter() - started:.0f} s: {home}", file=sys.stderr)
    return store


def _in_process(kg: ccpj_graph.api.KnowledgeGraph, case: Case) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    rows = kg.query(case[0], **{k.replace("-", "_"): v for k, v in case[1]})
    return time.perf_counter() - started, rows


def _shell(store: Path, case: Case) -> tuple[float, list[list[str]]]:
    args = [a for k, v in case[1] for a in (f"--{k}", v)]
    command = [sys.executable, "-m", "ccpj_graph", "query", case[0], *args, "--fresh"]
    command += ["--store", str(store), "--format", "json", "--timeout", "120"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {shlex.join(command)}\n{done.stderr.strip()}")
    return elapsed, json.loads(done.stdout)


def _plain(rows: list[dict]) -> list[list[str | None]]:
    return [[None if v is None else str(v) for v in row.values()] for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--scale", type=int, help="build (or reuse) an N-times corpus")
    where.add_argument("--store", type=Path, help="an existing store")
    parser.add_argument("--project", type=Path, help="keep or reuse the N-times project here")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-shell", action="store_true", help="in-process only")
    parser.add_argument("--only", nargs="+", help="only these queries")
    parser.add_argument("--answers-out", type=Path, help="write every case's rows (JSON)")
    parser.add_argument("--answers-against", type=Path, help="compare with --answers-out's")
    args = parser.parse_args()
    store = args.store if args.store else build(args.scale, args.project)
    queries = load_queries()
    todo = [c for c in cases(queries) if not args.only or c[0] in args.only]
    # every answer computed (--fresh): a kept answer would time a file read; the read of a
    # kept answer is timed on its own ("again")
    timings: list[tuple[float, float | None, Case]] = []
    answers: dict[str, list[list[str | None]]] = {}
    all_same = True
    kg = ccpj_graph.open(store, timeout=120, fresh=True)
    keeping = ccpj_graph.open(store, timeout=120)
    # what a user gets the first time after a build, on a machine that never asked: the
    # store's kept answers and lookups are those the build made, and the gate has seen only
    # the texts the build ran (the kept answers, lookups and gate verdicts of every store of
    # this project go)
    for kept in ("answer", "lookup", "gate"):
        shutil.rmtree(resources.home() / "data" / ".cache" / kept, ignore_errors=True)
    ahead = answer_ahead(store)
    print(f"answered ahead: {len(ahead.kept)} questions in {ahead.seconds:.2f} s", flush=True)
    first: dict[str, float] = {}
    for case in todo:
        first[_label(case)], rows = _in_process(keeping, case)
        answers[_label(case)] = _plain(rows)
    for case in todo:
        mine, rows = [], []
        for _ in range(args.repeat):
            elapsed, rows = _in_process(kg, case)
            mine.append(elapsed)
        all_same &= _plain(rows) == answers[_label(case)]  # the first ask's rows
        _in_process(keeping, case)  # kept when it took KEEP_AFTER seconds or more
        again, kept_rows = _in_process(keeping, case)
        all_same &= _plain(kept_rows) == answers[_label(case)]
        shell_median = None
        if not args.no_shell:
            theirs, shell_rows = [], []
            for _ in range(args.repeat):
                elapsed, shell_rows = _shell(store, case)
                theirs.append(elapsed)
            shell_median = statistics.median(theirs)
            same = _plain(shell_rows) == answers[_label(case)]
            all_same &= same
            if not same:
                print(f"ROWS DIFFER between the API and the shell: {_label(case)}")
        timings.append((statistics.median(mine), shell_median, case))
        shown = "" if shell_median is None else f"  shell {shell_median:6.3f} s"
        shown += f"  again {again:6.3f} s"
        print(
            f"first {first[_label(case)]:6.3f} s  computed {statistics.median(mine):6.3f} s{shown}"
            f"  {len(rows):>6} rows  {_label(case)}"
        )
        sys.stdout.flush()
    print(f"\n{len(todo)} cases, median of {args.repeat}; slowest first:")
    timings.sort(key=lambda t: -t[0])
    for api_s, shell_s, case in timings[:5]:
        shown = "" if shell_s is None else f"  shell {shell_s:.3f} s"
        print(f"  api {api_s:.3f} s{shown}  {_label(case)}")
    worst = timings[0][0] if timings else 0.0
    within = sum(1 for seconds in first.values() if seconds <= TARGET_SECONDS)
    ok = worst <= TARGET_SECONDS and within == len(first)
    print(
        f"first asks after the build within {TARGET_SECONDS} s: {within} of {len(first)};"
        f" slowest computed median {worst:.3f} s (target <= {TARGET_SECONDS} s):",
        "ok" if ok else "MISSED",
    )
    if args.answers_out:
        args.answers_out.write_text(json.dumps(answers, indent=1) + "\n", encoding="utf-8")
    if args.answers_against:
        before = json.loads(args.answers_against.read_text(encoding="utf-8"))
        differ = [k for k in answers if k in before and before[k] != answers[k]]
        missing = [k for k in answers if k not in before]
        print(
            f"answers against {args.answers_against}: {len(answers) - len(missing)} compared,"
            f" {len(differ)} differ{': ' + '; '.join(differ) if differ else ''}"
        )
        all_same &= not differ
    return 0 if ok and all_same else 1


if __name__ == "__main__":
    sys.exit(main())
