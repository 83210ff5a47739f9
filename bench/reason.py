"""Time the OWL RL closure (and SHACL validation) on the project's own data.

    python bench/reason.py [--repeat 3] [--no-graph] [--validate] [--engine fast|owlrl|both]
                           [--parts]

Reasons over the ontology + reference data + source manifest + the built graph
(``data/graph/*.ttl``, unless ``--no-graph``) with :func:`ccpj_graph.reason.reason`, and
prints triples before (asserted), after (closure), kept (published inferred triples),
dropped, and the median seconds of ``--repeat`` runs, per engine: ``fast`` (the default
engine, :mod:`ccpj_graph.entail`) and ``owlrl`` (the reference); with ``both`` it also says
whether the kept triples and inconsistencies are identical. With ``--validate`` it also times
:func:`ccpj_graph.validate.validate` on the same graph. With ``--parts`` it also runs what
``ccpj build`` runs, validation and reasoning per part of the graph
(:mod:`ccpj_graph.build.parts`, one process and then two workers, no cache), and says whether
the union equals the whole-graph result; times are wall and CPU of this process (the workers'
CPU is not counted), so compare the one-process rows with the whole-graph ones.

Why it exists: owlrl is slow (about 80 s per 100k triples on our 2-core machines) and grows
a graph about twofold, so the closure is computed once at build time, never per query. This
script keeps the cost visible as the corpus grows.

Recorded 2026-11-25 (2 cores, Python 3.11, owlrl 7.6.2, pySHACL 0.40.1), five reports:

    asserted 18,286 triples (ontology 657, reference 4,230, manifest 56, graph 13,343)
    closure 39,476 triples (x2.16); 9,395 inferred triples kept, 11,795 dropped
    reasoning: median 13.1 s over 3 runs
    validation: 4.1 s (SPARQL constraints scoped by SPARQL targets; 71 s before that)
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from ccpj_graph import resources
from ccpj_graph.rdfio import read_graph, read_ontology
from ccpj_graph.reason import Engine, reason
from ccpj_graph.validate import ValidationReport, project_files, validate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--no-graph", action="store_true", help="leave out data/graph/*.ttl")
    parser.add_argument("--validate", action="store_true", help="also time SHACL validation")
    parser.add_argument("--engine", choices=["fast", "owlrl", "both"], default="both")
    parser.add_argument("--parts", action="store_true", help="also per part, as the build does")
    args = parser.parse_args()

    files = project_files(ontology=False)
    if args.no_graph:
        files = [p for p in files if p.parent != resources.graph_dir()]
    ontology = read_ontology()
    data = read_graph(*files)
    print(f"files: {len(files)} ({', '.join(sorted({p.parent.name for p in files}))})")
    print(f"ontology: {len(ontology)} triples, data: {len(data)} triples")

    engines: list[Engine] = ["fast", "owlrl"] if args.engine == "both" else [args.engine]
    results = {}
    for engine in engines:
        seconds = []
        result = None
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            result = reason(data, ontology=ontology, engine=engine)
            seconds.append(time.perf_counter() - started)
        assert result is not None
        results[engine] = result
        print(
            f"{engine}: asserted {result.asserted}, closure {result.closure} "
            f"(x{result.closure / result.asserted:.2f}), inferred kept {result.inferred}, "
            f"dropped {result.dropped}"
        )
        print(f"{engine}: median {statistics.median(seconds):.2f} s over {len(seconds)} runs")
        if result.inconsistencies:
            print(f"INCONSISTENT: {len(result.inconsistencies)}")
            for message in result.inconsistencies[:20]:
                print(f"  {message}")
    if len(results) == 2:
        fast, reference = results["fast"], results["owlrl"]
        same = set(fast.graph) == set(reference.graph)
        same = same and fast.inconsistencies == reference.inconsistencies
        print(f"fast == owlrl (kept triples and inconsistencies): {'yes' if same else 'NO'}")

    report = None
    if args.validate or args.parts:
        started, cpu = time.perf_counter(), time.process_time()
        report = validate(data, ontology=ontology)
        print(
            f"validate: {time.perf_counter() - started:.1f} s "
            f"(CPU {time.process_time() - cpu:.1f} s), {report.summary()}"
        )
    if args.parts:
        parts(files, report, results.get("fast") or results.get("owlrl"))
    return 1 if any(r.inconsistencies for r in results.values()) else 0


def parts(files: list[Path], whole: ValidationReport | None, reasoned: Any) -> None:
    """Validation and reasoning per part, as the build runs them, against the whole graph."""
    import tempfile

    from ccpj_graph.build.parts import Corpus, pool, reason_parts, validate_parts
    from ccpj_graph.cache import Cache

    ontology = sorted(resources.ontology_dir().glob("*.ttl"))
    base = [p for p in files if p.parent != resources.graph_dir()]
    data = [p for p in files if p.parent == resources.graph_dir()]
    started, cpu = time.perf_counter(), time.process_time()
    corpus = Corpus.load(ontology, base, data)
    print(f"parts: {len(corpus.parts())}, index {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory() as folder:
        for label, executor in (("one process", None), ("two workers", pool)):
            cache = Cache(Path(folder) / label, enabled=False)
            started, cpu = time.perf_counter(), time.process_time()
            report = validate_parts(lambda: corpus, cache, shapes_key="", executor=executor)
            same = whole is not None and report.to_record() == whole.to_record()
            print(
                f"validate per part, {label}: {time.perf_counter() - started:.1f} s "
                f"(CPU here {time.process_time() - cpu:.1f} s), same as whole: {same}"
            )
            started, cpu = time.perf_counter(), time.process_time()
            out = Path(folder) / f"{label}.nt"
            done = reason_parts(lambda: corpus, cache, out, executor=executor)
            same = done is not None and reasoned is not None
            if done is not None and reasoned is not None:
                kept = {line for line in out.read_text(encoding="utf-8").splitlines()}
                same = kept == {_line(t) for t in reasoned.graph}
            print(
                f"reason per part, {label}: {time.perf_counter() - started:.1f} s "
                f"(CPU here {time.process_time() - cpu:.1f} s), same kept triples: {same}"
            )


def _line(triple: Any) -> str:
    from ccpj_graph.build.parts.reasoning import _line as line

    return line(triple)


if __name__ == "__main__":
    raise SystemExit(main())
