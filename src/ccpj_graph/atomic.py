"""Atomic file writes shared by every stage: an interrupted run never leaves half a file.

Each file is written to a temporary sibling, fsynced and moved into place with ``os.replace``;
several files are renamed only once all of them are written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["atomic_write", "atomic_write_many"]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``."""
    atomic_write_many({path: data})


def atomic_write_many(files: Mapping[Path, bytes]) -> None:
    """Write every file via a temporary sibling; rename them only when all are written."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
