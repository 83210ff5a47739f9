"""The build's worker pool: how reasoning shares it with validation (``_share``)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

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
