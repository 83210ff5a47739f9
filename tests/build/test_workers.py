"""The build's worker pool: how reasoning shares it with validation (``_share``), and what a
worker is told rather than left to find in its environment."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ccpj_graph import workflow
from ccpj_graph.build.parts.workers import WORKERS, _load, _run, _share


def _where(value: int) -> tuple[int, str]:
    time.sleep(0.05)
    return value * value, threading.current_thread().name


def _jobs(count: int) -> list[tuple[str, str, int]]:
    return [(f"part{i}", f"key{i}", i) for i in range(count)]


def test_while_a_feed_gives_the_pool_jobs_every_shared_job_runs_here() -> None:
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pool") as pool:
        _load(pool).change(feeds=1)  # validation still giving the workers parts
        try:
            done = list(_share(_where, _jobs(5), lambda: pool))
        finally:
            _load(pool).change(feeds=-1)
    assert [(name, result[0]) for name, _, result in done] == [
        (f"part{i}", i * i) for i in range(5)
    ]
    assert {result[1] for _, _, result in done} == {threading.current_thread().name}


def test_idle_workers_take_shared_jobs_and_every_result_comes_back_once() -> None:
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pool") as pool:
        done = list(_share(_where, _jobs(12), lambda: pool))
        assert _load(pool).running == 0
    assert sorted((name, result[0]) for name, _, result in done) == sorted(
        (f"part{i}", i * i) for i in range(12)
    )
    places = [result[1] for _, _, result in done]
    assert any(p.startswith("pool") for p in places)  # the idle workers took some
    assert threading.current_thread().name in places  # and this thread did the rest


def test_a_feed_that_has_given_every_job_leaves_the_workers_to_shared_jobs() -> None:
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pool") as pool:
        fed = _run(_where, _jobs(4), lambda: pool)  # validation's parts
        shared = list(_share(_where, _jobs(8), lambda: pool))  # reasoning's, meanwhile
        assert [result[0] for _, _, result in fed] == [i * i for i in range(4)]
        assert _load(pool).feeds == 0 and _load(pool).running == 0
    assert any(result[1].startswith("pool") for _, _, result in shared)


@pytest.mark.slow
def test_validation_workers_use_the_builds_shapes_not_their_environments(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A worker from a fork server keeps the environment the server started with (another
    CCPJ_HOME in a notebook or a test run): the build names the shape files in each job, so
    a shape added to this project's shapes/ is applied, whatever the worker's home is."""
    import multiprocessing
    import os
    import uuid
    from concurrent.futures import Executor, ProcessPoolExecutor

    def elsewhere() -> Executor:
        """Two workers started under another CCPJ_HOME, as a fork server's would be."""
        home = os.environ["CCPJ_HOME"]
        os.environ["CCPJ_HOME"] = str(tmp_path / "another-home")
        try:
            executor = ProcessPoolExecutor(
                max_workers=2, mp_context=multiprocessing.get_context("spawn")
            )
            for started in [executor.submit(time.sleep, 0.5) for _ in range(2)]:
                started.result()
        finally:
            os.environ["CCPJ_HOME"] = home
        return executor

    # a shape of its own each run, so that no cached validation stands in for the workers'
    (project_copy / "shapes" / "strict.ttl").write_text(
        "@prefix ccpj: <https://w3id.org/ccpj/ontology#> .\n"
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"<urn:test:strict:{uuid.uuid4().hex}> a sh:NodeShape ; sh:targetSubjectsOf ccpj:quote ;\n"
        "    sh:property [ sh:path ccpj:neverStated ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(workflow, "pool", elsewhere)
    result = workflow.run_pipeline(reason_graph=False, answers=False, facts=False)
    assert result.validation is not None
    assert result.validation.counts.get("Violation", 0) >= result.build.total_activities
