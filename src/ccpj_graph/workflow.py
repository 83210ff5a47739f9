"""The whole job, stage after stage: what ``ccpj build`` and ``ccpj run`` call.

Each stage stays ignorant of the ones after it; this module is the one place that strings them
together: extract and write the graph, validate it, reason once, and load the query store, so
that a query never re-parses Turtle or re-runs the reasoner.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ccpj_graph import resources
from ccpj_graph.build.merged import graph_files, merged_graph
from ccpj_graph.build.pipeline import BuildResult, build
from ccpj_graph.query.store import StoreInfo, build_store
from ccpj_graph.reason import ReasoningResult, reason
from ccpj_graph.validate import ValidationReport, validate

__all__ = ["FLAGSHIP", "Pipeline", "run_pipeline"]

#: The question `make run` answers at the end: which partners co-delivered prison work in 2020?
FLAGSHIP = ("partners", {"theme": "prison", "year": "2020"})


@dataclass(slots=True)
class Pipeline:
    """What a full run produced, with the time each stage took (seconds)."""

    build: BuildResult
    validation: ValidationReport | None = None
    reasoning: ReasoningResult | None = None
    store: StoreInfo | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def run_pipeline(
    *,
    out_dir: Path | None = None,
    store_dir: Path | None = None,
    validate_graph: bool = True,
    reason_graph: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Pipeline:
    """Build the graph, validate it, reason over it and load the query store."""
    note = progress or (lambda _stage: None)
    clock = time.perf_counter()
    result = Pipeline(build=build(out_dir=out_dir, progress=lambda key: note(f"extract {key}")))
    result.seconds["build"] = time.perf_counter() - clock

    graph_dir = out_dir or resources.graph_dir()
    graph = merged_graph(graph_dir=graph_dir, ontology=False)
    if validate_graph:
        note("validate")
        clock = time.perf_counter()
        result.validation = validate(graph)
        result.seconds["validate"] = time.perf_counter() - clock
    inferred = None
    if reason_graph:
        note("reason")
        clock = time.perf_counter()
        result.reasoning = reason(graph)
        inferred = result.reasoning.graph
        result.seconds["reason"] = time.perf_counter() - clock
    note("store")
    clock = time.perf_counter()
    result.store = build_store(
        graph_files(graph_dir=graph_dir),
        inferred,
        store_dir or resources.store_dir(),
        watch=[graph_dir],
    )
    result.seconds["store"] = time.perf_counter() - clock
    return result
