"""The worker pool cold parts run in, and a scratch folder of this process's own."""

from __future__ import annotations

import functools
import itertools
import os
import queue
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

#: Worker processes for cold parts (the machine has two cores).
WORKERS = 2


#: Jobs in the pool at once: each holds its part's graph as text (about 2.5 MB for a report),
#: and building every part's text before the first was done took 2 GB of the main process
#: at 100x.
WINDOW = 2 * WORKERS


class _Load:
    """What a pool is busy with: the jobs :func:`_run` and :func:`_share` gave it that are not
    done, and the :func:`_run` feeds still giving it jobs."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.feeds = 0

    def change(self, *, running: int = 0, feeds: int = 0) -> None:
        with self.lock:
            self.running += running
            self.feeds += feeds

    def spare(self) -> bool:
        """A worker is idle and will stay so: no feed has jobs left to give it."""
        with self.lock:
            return self.feeds == 0 and self.running < WORKERS


_LOADS: weakref.WeakKeyDictionary[Executor, _Load] = weakref.WeakKeyDictionary()


def _load(pool: Executor) -> _Load:
    return _LOADS.setdefault(pool, _Load())


def _submit(pool: Executor, function: Callable[[Any], Any], data: Any) -> Future[Any]:
    load = _load(pool)
    load.change(running=1)
    future = pool.submit(function, data)
    future.add_done_callback(lambda _: load.change(running=-1))
    return future


def _share(
    function: Callable[[Any], Any],
    jobs: Iterable[tuple[str, str, Any]],
    executor: Callable[[], Executor] | None,
) -> Iterator[tuple[str, str, Any]]:
    """``function`` over each job's data in this process, except that a job goes to the pool
    when one of its workers is idle for good (the jobs :func:`_run` fed it are all given and
    one is done): the build reasons its parts here while the workers validate, and the
    validation often ends first (at 10x the corpus, this process then reasoned alone for 3 s).
    Results in the order they are ready, the pool's last."""
    pool = executor() if executor is not None else None
    sent: list[tuple[str, str, Future[Any]]] = []
    for name, key, data in jobs:
        if pool is not None and _load(pool).spare():
            sent.append((name, key, _submit(pool, function, data)))
        else:
            yield name, key, function(data)
    for name, key, future in sent:
        yield name, key, future.result()


def _run(
    function: Callable[[Any], Any],
    jobs: Iterable[tuple[str, str, Any]],
    executor: Callable[[], Executor] | None,
) -> Iterator[tuple[str, str, Any]]:
    """``function`` over each job's data, results in the jobs' order. With a pool (and two
    jobs or more), a thread of this process makes the jobs (``jobs`` may be a generator that
    builds each one) and keeps :data:`WINDOW` of them in the pool from now on, so the caller
    can do other work meanwhile; otherwise each job runs here when its result is asked for."""
    pending = iter(jobs)
    first = list(itertools.islice(pending, 2))
    if executor is None or len(first) < 2:
        return ((name, key, function(data)) for name, key, data in itertools.chain(first, pending))
    pool = executor()
    slots = threading.BoundedSemaphore(WINDOW)
    submitted: queue.Queue[tuple[str, str, Future[Any]] | BaseException | None] = queue.Queue()
    _load(pool).change(feeds=1)

    def feed() -> None:
        try:
            for name, key, data in itertools.chain(first, pending):
                slots.acquire()
                future = _submit(pool, function, data)
                future.add_done_callback(lambda _: slots.release())
                submitted.put((name, key, future))
        except BaseException as error:  # handed to the thread that asks for the results
            submitted.put(error)
        finally:
            _load(pool).change(feeds=-1)
            submitted.put(None)

    threading.Thread(target=feed, name="ccpj-parts", daemon=True).start()

    def results() -> Iterator[tuple[str, str, Any]]:
        while (item := submitted.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            name, key, future = item
            yield name, key, future.result()

    return results()


def pool() -> Executor:
    """Two worker processes, forked (they inherit the imported modules and the readied
    shapes); from a fork server when this process has run the fast SHACL engine, which a
    forked process cannot call (:mod:`ccpj_graph.fastshacl`)."""
    import multiprocessing

    from ccpj_graph.fastshacl import initialised_here

    method = "fork" if os.name == "posix" else "spawn"
    if method == "fork" and initialised_here():
        method = "forkserver"
    context = multiprocessing.get_context(method)
    executor = ProcessPoolExecutor(max_workers=WORKERS, mp_context=context)
    # the pool forks its processes at the first job, not here: one job now, so that they
    # fork from this process as it is (before the build reads the corpus), not as it is
    # when the first part is ready (at 100x each worker then began with 2.4 GB of the
    # parent's pages, and copied most of them as it ran: 5 GB each)
    executor.submit(int).result()
    return executor


@functools.lru_cache(maxsize=1)
def scratch() -> Path:
    """A folder of this process's own, removed when it exits."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ccpj-build-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
