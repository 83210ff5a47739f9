"""Time every canned query three ways, side by side, and check that the answers agree.

    python bench/query.py [--store data/store] [--repeat 11] [--rdflib-repeat 3]

For each canned query (with the parameters of its header's first example):

- ``ccpj``: ``ccpj query NAME ...`` from the shell, interpreter start included, answering
  from the store that ``ccpj build`` left;
- ``rdflib``: a fresh Python process that parses the same Turtle files plus the inferred
  triples with rdflib and runs the same SPARQL text (what a tool without a store would do);
- ``oxigraph``: the ``oxigraph`` command-line tool (``pip install oxigraph``) querying a
  database it loaded itself from a dump of the same data.

It prints the median wall time of each, the speed-up of ``ccpj`` over rdflib, and whether the
three answers are the same rows; it exits 1 when a target is missed (median over 0.3 s,
speed-up under 5x) or an answer differs. The data are whatever the store was built from.

    python bench/query.py --flagship [--store data/store] [--repeat 21]

times only the flagship, ``ccpj query partners --theme prison --year 2020``, against a bare
script that opens the store read-only with pyoxigraph and runs the same SPARQL (the
``--explain`` text); target: ``ccpj`` within 2x of the bare script, same rows. Both run with
Python's bytecode cache on (in a temporary ``PYTHONPYCACHEPREFIX``, filled by one untimed run
of each), as for an installed package, even where ``PYTHONDONTWRITEBYTECODE`` is set: without
it every run compiles ccpj's modules from source. ``--no-bytecode`` keeps the environment as
it is.

    python bench/query.py --scale 100 [--project DIR] [--repeat 3]

hands over to ``bench/query_scale.py``: every query the README shows, with and without
filters, on an N-times corpus (target: 0.5 s at 100x).
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

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.store import INFERRED_GRAPH, check_store
from ccpj_graph.query.terms import Term

TARGET_SECONDS = 0.3
TARGET_SPEEDUP = 5.0
TARGET_FLAGSHIP = 2.0
FLAGSHIP = ["partners", "--theme", "prison", "--year", "2020"]
# The asserted triples alone, as the canned query reads them (its "# reads:" header).
_BARE = (
    "import sys, pyoxigraph as ox\n"
    "store = ox.Store.read_only(sys.argv[1])\n"
    "text = open(sys.argv[2], encoding='utf-8').read()\n"
    "answer = store.query(text, use_default_graph_as_union=False)\n"
    "sys.stdout.buffer.write(answer.serialize(format=ox.QueryResultsFormat.JSON))\n"
)

_SHIM = (
    "import sys; from ccpj_graph.cli.query import query;"
    " query(sys.argv[1:], prog_name='ccpj query')"
)


def _rows(sparql_json: str) -> list[tuple[Term | None, ...]]:
    doc = json.loads(sparql_json)
    columns = doc["head"]["vars"]
    return [
        tuple(Term.from_json(b[c]) if c in b else None for c in columns)
        for b in doc["results"]["bindings"]
    ]


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {shlex.join(command)}\n{done.stderr.strip()}")
    return elapsed, done.stdout


def _ccpj_command() -> list[str]:
    """``ccpj query`` as wired in the CLI, or the query group directly until it is."""
    probe = subprocess.run(
        [sys.executable, "-m", "ccpj_graph", "query", "--help"], capture_output=True, check=False
    )
    if probe.returncode == 0:
        return [sys.executable, "-m", "ccpj_graph", "query"]
    return [sys.executable, "-c", _SHIM]


def _rdflib_worker(query_file: str, files: list[str]) -> None:
    """Parse ``files`` with rdflib, run the query, print SPARQL JSON (one timed process)."""
    import rdflib

    graph = rdflib.Graph()
    for path in files:
        graph.parse(path, format="nt" if path.endswith(".nt") else "turtle")
    result = graph.query(Path(query_file).read_text(encoding="utf-8"))
    sys.stdout.write(result.serialize(format="json").decode("utf-8"))


def _dump(store: Path, work: Path) -> tuple[Path, Path]:
    """The store's contents as N-Quads (for oxigraph) and its inferred graph as N-Triples."""
    import pyoxigraph as ox

    from ccpj_graph.query.store import open_store

    db = open_store(store)
    quads = work / "store.nq"
    db.dump(str(quads), format=ox.RdfFormat.N_QUADS)
    inferred = work / "inferred.nt"
    triples = [
        q.triple for q in db.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH))
    ]
    ox.serialize(triples, str(inferred), format=ox.RdfFormat.N_TRIPLES)
    return quads, inferred


def flagship(store: Path, repeat: int, *, bytecode: bool = True) -> int:
    """``ccpj query`` for the flagship question against a bare pyoxigraph script."""
    ccpj = [*_ccpj_command(), *FLAGSHIP, "--store", str(store)]
    work = Path(tempfile.mkdtemp(prefix="ccpj-bench-"))
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        _, text = _timed([*ccpj, "--explain"], env)
        query_file = work / "partners.rq"
        query_file.write_text(text, encoding="utf-8")
        bare = [sys.executable, "-c", _BARE, str(store / "oxigraph"), str(query_file)]
        answer = [*ccpj, "--format", "sparql-json", "--limit", "0"]
        _timed(answer, env)  # untimed: fills the bytecode cache, as the first run would
        _timed(bare, env)
        mine, theirs = [], []
        mine_out = theirs_out = ""
        for _ in range(repeat):  # interleaved, so both see the same load
            elapsed, mine_out = _timed(answer, env)
            mine.append(elapsed)
            elapsed, theirs_out = _timed(bare, env)
            theirs.append(elapsed)
        ratio = statistics.median(mine) / statistics.median(theirs)
        same = _rows(mine_out) == _rows(theirs_out)
        cache = "on" if bytecode else "as the environment has it"
        print(f"ccpj query {' '.join(FLAGSHIP)}: median of {repeat}, bytecode cache {cache}")
        print(f"  ccpj         {statistics.median(mine):.3f} s")
        print(f"  bare script  {statistics.median(theirs):.3f} s")
        print(f"  ratio {ratio:.2f}x (target <= {TARGET_FLAGSHIP:g}x); same rows: {same}")
        return 0 if ratio <= TARGET_FLAGSHIP and same else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=resources.store_dir())
    parser.add_argument("--repeat", type=int, default=11, help="runs of ccpj and oxigraph")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="runs of rdflib (slow)")
    parser.add_argument("--rdflib-worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--flagship", action="store_true", help="only the flagship vs bare")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="--flagship: keep PYTHONDONTWRITEBYTECODE"
    )
    if "--scale" in sys.argv[1:]:
        import runpy

        sys.argv[0] = str(Path(__file__).with_name("query_scale.py"))
        runpy.run_path(sys.argv[0], run_name="__main__")
        return 0
    args = parser.parse_args()
    try:
        check_store(args.store)
    except CcpjError as err:
        raise SystemExit(f"error: {err}") from None
    if args.flagship:
        return flagship(args.store, args.repeat, bytecode=not args.no_bytecode)
    if args.rdflib_worker:
        _rdflib_worker(args.rdflib_worker[0], args.rdflib_worker[1:])
        return 0

    info = check_store(args.store)
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(oxigraph).exists():
        raise SystemExit("the oxigraph CLI is missing: pip install oxigraph")
    ccpj = _ccpj_command()
    work = Path(tempfile.mkdtemp(prefix="ccpj-bench-"))
    try:
        quads, inferred = _dump(args.store, work)
        subprocess.run(
            [oxigraph, "load", "--location", str(work / "ox"), "--file", str(quads)],
            check=True,
            capture_output=True,
        )
        turtle = [stamp["path"] for stamp in info.files]
        print(
            f"data: {len(turtle)} Turtle files, {info.asserted} asserted + {info.inferred}"
            f" inferred triples; ccpj median of {args.repeat}, rdflib of {args.rdflib_repeat}"
        )
        header = f"{'query':<16} {'ccpj':>8} {'rdflib':>9} {'oxigraph':>9} {'speed-up':>9}  same"
        print(header)
        print("-" * len(header))
        worst, slowest_ratio, all_same = 0.0, float("inf"), True
        for name, q in load_queries().items():
            example = shlex.split(q.examples[0])[3:] if q.examples else []
            base = [*ccpj, name, *example, "--store", str(args.store)]
            _, text = _timed([*base, "--explain"])
            query_file = work / f"{name}.rq"
            query_file.write_text(text, encoding="utf-8")
            ccpj_times, ccpj_out = [], ""
            for _ in range(args.repeat):
                elapsed, ccpj_out = _timed([*base, "--format", "sparql-json", "--limit", "0"])
                ccpj_times.append(elapsed)
            rdf_times, rdf_out = [], ""
            for _ in range(args.rdflib_repeat):
                command = [sys.executable, __file__, "--rdflib-worker", str(query_file), *turtle]
                elapsed, rdf_out = _timed([*command, str(inferred)])
                rdf_times.append(elapsed)
            ox_times, ox_out = [], ""
            for _ in range(args.repeat):
                elapsed, ox_out = _timed(
                    [
                        oxigraph,
                        "query",
                        "--location",
                        str(work / "ox"),
                        "--query-file",
                        str(query_file),
                        "--results-format",
                        "json",
                        "--union-default-graph",
                    ]
                )
                ox_times.append(elapsed)
            mine = statistics.median(ccpj_times)
            theirs = statistics.median(rdf_times)
            same = _rows(ccpj_out) == _rows(rdf_out) == _rows(ox_out)
            worst = max(worst, mine)
            slowest_ratio = min(slowest_ratio, theirs / mine)
            all_same &= same
            print(
                f"{name:<16} {mine:>7.3f}s {theirs:>8.3f}s {statistics.median(ox_times):>8.3f}s"
                f" {theirs / mine:>8.1f}x  {'yes' if same else 'NO'}"
            )
        ok_time = worst < TARGET_SECONDS
        ok_ratio = slowest_ratio >= TARGET_SPEEDUP
        print(
            f"slowest ccpj median {worst:.3f} s (target < {TARGET_SECONDS} s):",
            "ok" if ok_time else "MISSED",
        )
        print(
            f"smallest speed-up {slowest_ratio:.1f}x (target >= {TARGET_SPEEDUP:g}x):",
            "ok" if ok_ratio else "MISSED",
        )
        print(f"answers identical: {'yes' if all_same else 'NO'}")
        return 0 if ok_time and ok_ratio and all_same else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
