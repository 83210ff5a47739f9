"""Work done once per test run, even when pytest-xdist splits the run over several workers
(not a test module).

Why: ``make test`` runs the suite in parallel (``pytest -n``); a session fixture then runs once
per worker, and the costly ones (publishing the real site, the build cache) would be paid once
per worker. Their results go under :func:`shared_root`, a folder every worker of the run sees,
made by whichever worker asks first while the others wait on a file lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["exclusive", "made_once", "shared_root"]


def shared_root(factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder: shared by its xdist workers, the session's own without."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock`` (made if missing): one worker at a time."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def made_once(folder: Path, make: Callable[[Path], None]) -> Path:
    """``folder``, filled by ``make(folder)`` once per run whichever worker asks first.

    A worker that failed half-way leaves no ``.done`` mark, so the next one starts afresh.
    """
    done = folder.with_name(f"{folder.name}.done")
    with exclusive(folder.with_name(f"{folder.name}.lock")):
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            make(folder)
            done.touch()
    return folder
