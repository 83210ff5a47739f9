"""The worker pool cold parts run in, and a scratch folder of this process's own."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

#: Worker processes for cold parts (the machine has two cores).
WORKERS = 2


def _run(
    function: Callable[[Any], Any],
    jobs: list[tuple[str, str, Any]],
    executor: Callable[[], Executor] | None,
) -> Iterator[tuple[str, str, Any]]:
    """``function`` over each job's bytes: in the pool when there are several, in order.
    Pool jobs are submitted at once, before the results are asked for, so the caller can do
    other work while they run; otherwise each job runs (in this process) when its result is
    asked for."""
    if executor is None or len(jobs) < 2:
        return ((name, key, function(data)) for name, key, data in jobs)
    pool = executor()
    futures = [(name, key, pool.submit(function, data)) for name, key, data in jobs]
    return ((name, key, future.result()) for name, key, future in futures)


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
    return ProcessPoolExecutor(max_workers=WORKERS, mp_context=context)


@functools.lru_cache(maxsize=1)
def scratch() -> Path:
    """A folder of this process's own, removed when it exits."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ccpj-build-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
