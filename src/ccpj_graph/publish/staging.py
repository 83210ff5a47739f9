"""The hidden folder a site is built in, and the clean-up of those a killed publish left.

``ccpj publish`` builds the site in ``.<out>.publishing-XXXX`` beside ``<out>`` and swaps it
into place; a publish killed half-way leaves that folder behind (tens of MB each). The next
publish to the same ``<out>`` removes such leftovers, but only those it can prove are its own
and dead:

- the name is ``.<out>.publishing-*`` (or ``.<out>.previous-<pid>``, the old site kept during
  a two-rename swap, and only while ``<out>`` itself exists), and it is a real folder, not a
  link;
- it is empty, or holds the site marker (``.ccpj-site.json``, written first) naming
  ``ccpj-graph`` as its generator;
- no publish is still writing it: each publish holds a ``flock`` on its staging folder until
  it ends, and the kernel drops it when the process dies, so a folder that can be locked is
  abandoned.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["open_staging", "remove_stale"]

_MARKER = ".ccpj-site.json"  # publish.site.MARKER (not imported: site imports this module)
_GENERATOR = "ccpj-graph"


def open_staging(parent: Path, name: str) -> tuple[Path, int]:
    """Remove stale staging folders of ``parent/name``, then make and lock a new one.

    Returns the folder and the descriptor holding its lock; close it when the publish ends.
    """
    remove_stale(parent, name)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.publishing-", dir=parent))
    fd = os.open(staging, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return staging, fd


def remove_stale(parent: Path, name: str) -> list[Path]:
    """Remove the abandoned staging folders of ``parent/name``; returns those removed."""
    removed = []
    escaped = glob.escape(name)
    candidates = list(parent.glob(f".{escaped}.publishing-*"))
    if (parent / name).is_dir():  # else a previous site may be the only copy left
        candidates += parent.glob(f".{escaped}.previous-*")
    for folder in sorted(candidates):
        if folder.is_symlink() or not folder.is_dir() or not _ours(folder):
            continue
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # a publish is writing it
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)
        if not folder.exists():
            removed.append(folder)
    return removed


def _ours(folder: Path) -> bool:
    """Empty (killed before the marker), or marked as written by ccpj publish."""
    with contextlib.suppress(OSError):
        if not any(folder.iterdir()):
            return True
    marker = folder / _MARKER
    if marker.is_symlink() or not marker.is_file():
        return False
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == _GENERATOR
