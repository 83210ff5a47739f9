"""Time the OWL RL closure (and SHACL validation) on the project's own data.

    python bench/reason.py [--repeat 3] [--no-graph] [--validate] [--engine fast|owlrl|both]

Reasons over the ontology + reference data + source manifest + the built graph
(``data/graph/*.ttl``, unless ``--no-graph``) with :func:`ccpj_graph.reason.reason`, and
prints triples before (asserted), after (closure), kept (published inferred triples),
dropped, and the median seconds of ``--repeat`` runs, per engine: ``fast`` (the default
engine, :mod:`ccpj_graph.entail`) and ``owlrl`` (the reference); with ``both`` it also says
whether the kept triples and inconsistencies are identical. With ``--validate`` it also times
:func:`ccpj_graph.validate.validate` on the same graph.

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

from ccpj_graph import resources
from ccpj_graph.rdfio import read_graph, read_ontology
from ccpj_graph.reason import Engine, reason
from ccpj_graph.validate import project_files, validate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--no-graph", action="store_true", help="leave out data/graph/*.ttl")
    parser.add_argument("--validate", action="store_true", help="also time SHACL validation")
    parser.add_argument("--engine", choices=["fast", "owlrl", "both"], default="both")
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

    if args.validate:
        started = time.perf_counter()
        report = validate(data, ontology=ontology)
        print(f"validate: {time.perf_counter() - started:.1f} s, {report.summary()}")
    return 1 if any(r.inconsistencies for r in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
