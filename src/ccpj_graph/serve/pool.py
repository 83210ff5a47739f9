"""A bounded pool of query workers for ``/sparql``: back-pressure instead of dropped requests.

Why: the endpoint's HTTP threads must never parse or run SPARQL themselves (rdflib's parser is
not thread-safe, pyoxigraph ignores signals until a query ends, a query can take all memory).
So each query goes to one of ``workers`` long-lived processes, each holding the read-only
store open and rdflib's parser warm, fenced by :mod:`ccpj_graph.query.sandbox` (memory cap and
network ban for its life, a CPU limit per query). At most ``queue`` more requests wait for a
free worker, for at most ``wait`` seconds; past that :class:`Busy` is raised and the server
answers 503 with ``Retry-After``. A worker that runs past the wall clock is killed; one that
dies (CPU or memory budget) or fails is replaced, so the pool stays whole.

Workers are started from a fork server on Linux (a clean single-threaded parent, safe to fork
while the HTTP threads run) and spawned elsewhere.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from ccpj_graph.errors import CcpjError
from ccpj_graph.query.sandbox import Budget, apply_budget, set_cpu_limit
from ccpj_graph.query.store import QueryTimeout, open_store
from ccpj_graph.query.worker import unpack, worker_death

__all__ = ["Busy", "PoolStats", "WorkerPool"]

T = TypeVar("T")
_PRELOAD = ["ccpj_graph.query.run", "ccpj_graph.query.safety", "rdflib.plugins.sparql"]


class Busy(CcpjError):
    """Every worker is busy and the waiting line is full: try again in ``retry_after`` s."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class PoolStats:
    """What ``/health`` reports."""

    workers: int
    alive: int
    busy: int
    waiting: int
    queue: int
    answered: int
    refused_busy: int
    replaced: int


def _warm() -> None:
    """Import and exercise rdflib's SPARQL parser once, so the first query does not pay."""
    from ccpj_graph.query.safety import check_query

    with contextlib.suppress(CcpjError):
        check_query("ASK { ?s ?p ?o }")


def _serve(path: Path, conn: Any, budget: Budget) -> None:
    """A worker's life: open the store, fence the process, answer jobs until the pipe closes."""
    from ccpj_graph.query.worker import outcome_of, send_outcome

    try:
        store = open_store(path)
    except CcpjError as err:
        send_outcome(conn, ("error", err))
        return
    _warm()
    apply_budget(Budget(seconds=None, memory_mb=budget.memory_mb, network=budget.network))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        set_cpu_limit(budget.seconds)
        send_outcome(conn, outcome_of(job, store))


@dataclass(slots=True)
class _Worker:
    process: Any
    conn: Any


class WorkerPool:
    """``workers`` query processes over the store at ``store``; see the module docstring."""

    def __init__(
        self,
        store: Path,
        *,
        workers: int = 2,
        queue_size: int = 16,
        wait: float = 10.0,
        budget: Budget | None = None,
    ) -> None:
        if workers < 1:
            raise CcpjError(f"--workers {workers}: must be at least 1")
        if queue_size < 0:
            raise CcpjError(f"--queue {queue_size}: must be 0 or more")
        self.store = Path(store)
        self.workers = workers
        self.queue_size = queue_size
        self.wait = wait
        self.budget = budget or Budget()
        if sys.platform.startswith("linux"):
            self._ctx: Any = multiprocessing.get_context("forkserver")
            self._ctx.set_forkserver_preload(_PRELOAD)
        else:
            self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._slots = threading.BoundedSemaphore(workers + queue_size)
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._busy = 0
        self._waiting = 0
        self._answered = 0
        self._refused = 0
        self._replaced = 0
        self._closed = False
        for _ in range(workers):
            self._idle.put(self._start())

    # --- workers ---------------------------------------------------------------------------

    def _start(self) -> _Worker:
        mine, theirs = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_serve, args=(self.store, theirs, self.budget), daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        with self._lock:
            self._all.append(worker)
        return worker

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        with self._lock:
            self._replaced += 1
            if self._closed:
                return
        fresh = self._start()
        with self._lock:
            closed = self._closed
        if closed:  # closed while it started: close() may not have seen it
            self._stop(fresh)
        else:
            self._idle.put(fresh)

    # --- running ---------------------------------------------------------------------------

    def run(self, job: Callable[[Any], T], *, timeout: float | None) -> T:
        """``job(store)`` in a free worker; :class:`Busy` when saturated, and the job's own
        errors, :class:`QueryTimeout` or a budget error otherwise."""
        retry = max(1, round(self.wait / 2))
        if not self._slots.acquire(blocking=False):
            with self._lock:
                self._refused += 1
            raise Busy(
                f"the endpoint is busy ({self.workers} queries running, {self.queue_size}"
                " waiting); try again shortly",
                retry_after=retry,
            )
        try:
            with self._lock:
                self._waiting += 1
            try:
                worker = self._idle.get(timeout=self.wait)
            except queue.Empty:
                with self._lock:
                    self._refused += 1
                raise Busy(
                    f"no query worker was free within {self.wait:g} s; try again shortly",
                    retry_after=retry,
                ) from None
            finally:
                with self._lock:
                    self._waiting -= 1
            with self._lock:
                self._busy += 1
            try:
                status, payload = self._ask(worker, job, timeout)
            finally:
                with self._lock:
                    self._busy -= 1
            with self._lock:
                self._answered += 1
            return cast(T, unpack(status, payload, self.budget))
        finally:
            self._slots.release()

    def _ask(self, worker: _Worker, job: Callable[[Any], Any], timeout: float | None) -> Any:
        """Send ``job`` and wait for the answer; the worker goes back to the pool or is
        replaced."""
        try:
            worker.conn.send(job)
        except (OSError, ValueError):  # it died while idle: start another and use that
            self._replace(worker)
            worker = self._idle.get()
            worker.conn.send(job)
        try:
            if not worker.conn.poll(timeout or None):
                self._replace(worker)
                raise QueryTimeout(
                    f"the query ran longer than {timeout:g} s and was stopped"
                    " (the endpoint's time limit)"
                )
            answer = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            error = worker_death(worker.process.exitcode, self.budget)
            self._replace(worker)
            raise error from None
        if answer[0] in ("ok", "error", "message"):
            self._idle.put(worker)
        else:  # out of memory or crashed inside Python: start afresh
            self._replace(worker)
        return answer

    # --- state -----------------------------------------------------------------------------

    def stats(self) -> PoolStats:
        with self._lock:
            alive = sum(1 for w in self._all if w.process.is_alive())
            return PoolStats(
                workers=self.workers,
                alive=alive,
                busy=self._busy,
                waiting=self._waiting,
                queue=self.queue_size,
                answered=self._answered,
                refused_busy=self._refused,
                replaced=self._replaced,
            )

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
        # a worker a timed-out query's thread starts meanwhile joins the list: stop until none
        while True:
            with self._lock:
                workers = list(self._all)
            if not workers:
                return
            for worker in workers:
                self._stop(worker)
