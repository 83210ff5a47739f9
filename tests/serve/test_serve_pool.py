"""The endpoint's worker pool stops every worker when it closes, including one a timed-out
query's thread is starting at that moment (``ccpj serve`` once outlived its SIGTERM by more
than 30 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.query.store import build_store
from ccpj_graph.serve.pool import WorkerPool

GRAPH = Path(__file__).parents[1] / "data" / "query" / "graph.ttl"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pool")
    graph = folder / "graph.ttl"  # alone in its folder: the store watches the folder's files
    graph.write_bytes(GRAPH.read_bytes())
    build_store([graph], None, folder / "store")
    return folder / "store"


def test_close_stops_every_worker(store: Path) -> None:
    pool = WorkerPool(store, workers=2)
    workers = list(pool._all)
    assert len(workers) == 2 and all(w.process.is_alive() for w in workers)
    pool.close()
    assert pool._all == [] and not any(w.process.is_alive() for w in workers)


def test_a_worker_started_while_the_pool_closes_is_stopped(store: Path) -> None:
    pool = WorkerPool(store, workers=1)
    old = pool._idle.get()
    start = pool._start
    started = []

    def start_during_close():  # type: ignore[no-untyped-def]
        pool.close()  # closes before the replacement is listed
        fresh = start()
        started.append(fresh)
        return fresh

    pool._start = start_during_close  # type: ignore[method-assign]
    pool._replace(old)  # what a timed-out query does
    assert not old.process.is_alive()
    assert len(started) == 1 and not started[0].process.is_alive()
    assert pool._all == [] and pool._idle.empty()
