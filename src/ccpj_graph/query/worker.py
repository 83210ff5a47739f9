"""The worker process every SPARQL text runs in, fenced and killable (see :mod:`.sandbox`).

Why a process: pyoxigraph ignores signals until a query finishes, so only a process can be
stopped at the timeout; and the budget (CPU, memory, no network) must fence the engine, not
the caller. :class:`StoreWorker` is one forked worker on the read-only store: with a job it
runs that one call (:func:`run_in_store`: user SPARQL, gate included), without one it answers
the SPARQL texts sent to it (a canned query's lookups and the bound query), and it can be
started before the caller knows its question, so that opening the store overlaps the caller's
own work. Messages are length-prefixed pickles over two pipes, between a process and its own
child. Where there is no ``fork`` the same child function runs through ``multiprocessing``.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from ccpj_graph.errors import CcpjError
from ccpj_graph.query.results import QueryResult
from ccpj_graph.query.sandbox import Budget, apply_budget
from ccpj_graph.query.store import (
    BudgetExceeded,
    QueryFailed,
    QueryTimeout,
    execute,
    open_store,
)

TYPE_CHECKING = False  # typing itself is not imported: see ccpj_graph/__init__.py
if TYPE_CHECKING:
    from typing import Any, TypeVar

    import pyoxigraph

    T = TypeVar("T")

__all__ = ["StoreWorker", "outcome_of", "run_in_store", "send_outcome", "unpack", "worker_death"]


def outcome_of(job: Callable[[Any], Any], store: Any) -> tuple[str, Any]:
    """Run ``job`` and say how it went, in a form that pickles: (status, payload)."""
    try:
        return ("ok", job(store))
    except CcpjError as err:
        return ("error", err)
    except MemoryError:
        return ("memory", None)
    except BaseException as err:  # reported to the parent, which shows one line
        return ("crash", f"{type(err).__name__}: {err}")


def send_outcome(conn: Any, outcome: tuple[str, Any]) -> None:
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory", None))
    except Exception:  # an error subclass that does not pickle: keep its words and code
        status, payload = outcome
        if status == "error":
            conn.send(("message", (payload.exit_code, str(payload))))
        else:
            conn.send(("crash", f"the answer could not be sent back ({status})"))


def worker_death(exitcode: int | None, budget: Budget) -> CcpjError:
    """The error to report for a worker that ended without an answer."""
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL) and budget.seconds:
        return QueryTimeout(
            f"the query used more than {budget.seconds:g} s of CPU and was stopped (see --timeout)"
        )
    if exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS) and budget.memory_mb:
        return BudgetExceeded(
            f"the query needed more than {budget.memory_mb} MB of memory and was stopped"
        )
    return QueryFailed(f"the query worker ended without an answer (exit code {exitcode})")


def unpack(status: str, payload: Any, budget: Budget) -> Any:
    """The answer a worker sent, or its error raised."""
    if status == "ok":
        return payload
    if status == "error":
        raise payload
    if status == "message":
        code, message = payload
        error = QueryFailed(message)
        error.exit_code = code
        raise error
    if status == "memory":
        raise BudgetExceeded(
            f"the query needed more than {budget.memory_mb} MB of memory and was stopped"
        )
    raise QueryFailed(f"the query worker failed: {payload}")


def run_in_store(
    path: Path,
    job: Callable[[pyoxigraph.Store], T],
    *,
    timeout: float | None,
    budget: Budget | None = None,
) -> T:
    """Call ``job(store)`` in a worker process on the read-only store at ``path``.

    The worker runs under ``budget`` (default: ``timeout`` seconds of CPU, the default memory
    cap, no network; see :mod:`ccpj_graph.query.sandbox`) and is killed after ``timeout``
    seconds of wall clock (None or 0: no limit), raising :class:`QueryTimeout`; a
    :class:`CcpjError` raised by ``job`` is raised here with its message and exit code.
    """
    if budget is None:
        budget = Budget(seconds=timeout or None)
    if _FORK:
        with StoreWorker(path, timeout=timeout, budget=budget, job=job) as worker:
            result: T = worker.answer()
        return result
    status, payload = _spawned(Path(path), job, timeout, budget)
    spawned: T = unpack(status, payload, budget)  # unpack returns what the job returned
    return spawned


#: A worker is a bare ``fork`` and two pipes where the system has ``fork`` (Linux): what a
#: query pays for its timeout is a millisecond, not the import of :mod:`multiprocessing`.
_FORK = hasattr(os, "fork") and sys.platform.startswith("linux")
_LENGTH = 8  # bytes of the length that precedes each message on a worker's pipes


def _write_message(fd: int, message: Any) -> None:
    import pickle

    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(_LENGTH, "big") + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd`` (blocking), or None at end of file."""
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_message(fd: int) -> Any:
    """The next message on ``fd``, or None at end of file (the other side closed it)."""
    import pickle

    head = _read_exactly(fd, _LENGTH)
    body = None if head is None else _read_exactly(fd, int.from_bytes(head, "big"))
    if body is None:
        return None
    return pickle.loads(body)  # noqa: S301 (between this process and its own child)


class _Answers:
    """The worker's end of its answer pipe, with the ``send`` and ``close`` that
    :func:`send_outcome` uses."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, outcome: Any) -> None:
        _write_message(self.fd, outcome)

    def close(self) -> None:
        os.close(self.fd)


def _serve(
    path: Path, job: Callable[[Any], Any] | None, requests: int, answers: Any, budget: Budget
) -> None:
    """The worker: open the store, fence itself, then run ``job`` and send its outcome, or,
    with no job, answer each SPARQL request (text, limit, inferred) until the pipe closes."""
    # A forked child must never collect what it inherited: a pyoxigraph store the parent had
    # built, freed here without its threads, crashed the worker (seen under pytest).
    gc.freeze()
    try:
        try:
            store = open_store(path)
        except CcpjError as err:
            send_outcome(answers, ("error", err))
            return
        apply_budget(budget)
        if job is not None:
            send_outcome(answers, outcome_of(job, store))
            return
        while (request := _read_message(requests)) is not None:
            send_outcome(answers, outcome_of(_Request(*request), store))
    finally:
        answers.close()


class _Request:
    """One SPARQL text a :class:`StoreWorker` runs: :func:`execute` with its options."""

    __slots__ = ("inferred", "limit", "text")

    def __init__(self, text: str, limit: int | None, inferred: bool) -> None:
        self.text, self.limit, self.inferred = text, limit, inferred

    def __call__(self, store: pyoxigraph.Store) -> QueryResult:
        return execute(store, self.text, limit=self.limit, inferred=self.inferred)


class StoreWorker:
    """A worker process on the read-only store at ``path``, fenced by ``budget`` and killed
    when ``timeout`` seconds (wall clock, from its start) are up.

    With a ``job`` it runs that one call (:func:`run_in_store`). Without one it answers SPARQL
    texts sent with :meth:`execute`, one after another: a caller starts it as soon as it knows
    the store, so that the worker opens the store (about 25 ms, pyoxigraph's import and the
    database) while the caller loads its own modules and binds its question (``ccpj query``;
    on a two-core machine the two overlap). Use it as a context manager: leaving kills and
    reaps the worker. Needs ``fork`` (Linux); elsewhere each :meth:`execute` runs in a worker
    of its own (:func:`run_in_store`).
    """

    def __init__(
        self,
        path: Path,
        *,
        timeout: float | None,
        budget: Budget | None = None,
        job: Callable[[Any], Any] | None = None,
    ) -> None:
        import time

        self.path = Path(path)
        self.timeout = timeout
        self.budget = budget if budget is not None else Budget(seconds=timeout or None)
        self._deadline = None if not timeout else time.monotonic() + timeout
        self._pid: int | None = None
        self._requests = self._answers = -1
        if not _FORK:
            return
        requests_read, self._requests = os.pipe() if job is None else (-1, -1)
        self._answers, answers_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                os.close(self._answers)
                if job is None:
                    os.close(self._requests)
                _serve(self.path, job, requests_read, _Answers(answers_write), self.budget)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        self._pid = pid
        os.close(answers_write)
        if job is None:
            os.close(requests_read)

    def __enter__(self) -> StoreWorker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def execute(self, text: str, *, limit: int | None = None, inferred: bool = True) -> QueryResult:
        """Run ``text`` in the worker, as :func:`execute` on the store; raises what it raised,
        :class:`QueryTimeout` past the deadline (the worker is then killed)."""
        if not _FORK:  # no fork here: a worker for this text alone
            import time

            left = None if self._deadline is None else max(0.001, self._deadline - time.monotonic())
            return run_in_store(
                self.path, _Request(text, limit, inferred), timeout=left, budget=self.budget
            )
        if self._pid is not None:
            # a worker that is gone (it could not open the store, or was stopped) says why
            with contextlib.suppress(BrokenPipeError):
                _write_message(self._requests, (text, limit, inferred))
        return self.answer()

    def answer(self) -> Any:
        """The worker's next answer (its job's result, or the last text's), or its error."""
        import select
        import time

        if self._pid is None:  # stopped: at the deadline, by its budget, or closed
            raise QueryFailed("the query worker has stopped; start another")
        poller = select.poll()
        poller.register(self._answers, select.POLLIN | select.POLLHUP)
        left = None if self._deadline is None else max(0.0, self._deadline - time.monotonic())
        if left == 0.0 or not poller.poll(None if left is None else left * 1000):
            self.close()
            raise _timed_out(self.timeout)
        outcome = _read_message(self._answers)
        if outcome is None:  # it ended without an answer: killed by the budget, or crashed
            raise worker_death(self._reap(), self.budget)
        status, payload = outcome
        return unpack(status, payload, self.budget)

    def _reap(self) -> int | None:
        """Wait for the worker to end (killing it first) and return its exit code."""
        if self._pid is None:
            return None
        pid, self._pid = self._pid, None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)

    def close(self) -> None:
        """Stop the worker and close the pipes (it is killed: nothing it holds is needed)."""
        for fd in (self._requests, self._answers):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._requests = self._answers = -1
        self._reap()


def _timed_out(timeout: float | None) -> QueryTimeout:
    return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped (see --timeout)")


def _spawned(
    path: Path, job: Callable[[Any], Any], timeout: float | None, budget: Budget
) -> tuple[str, Any]:
    """The worker through :mod:`multiprocessing` (spawn), where there is no ``fork``."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_serve, args=(path, job, -1, sender, budget), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout or None):
            raise _timed_out(timeout)
        try:
            outcome: tuple[str, Any] = receiver.recv()
        except EOFError:
            worker.join()
            raise worker_death(worker.exitcode, budget) from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    return outcome
