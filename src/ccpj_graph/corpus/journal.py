"""All-or-nothing ingest: a journal that lets any later run take back a half-finished one.

``ccpj ingest`` changes three things: it adds a text to ``data/sources``, an entry to the
manifest, and (through the build) a graph file. A ``SIGKILL`` can stop it between any two
writes, and no handler runs. So before the first change it takes a lock (``flock`` on the
sources folder itself: released by the kernel when the process dies), saves the
manifest as it was (``.manifest.ttl.before-ingest``) and writes a journal
(``.ingest-journal.json``) naming what it will add. Removing the journal is the commit.

Whoever reads the manifest next (:func:`recover`, called by ``load_manifest``) and finds a
journal whose lock nobody holds knows an ingest died: it restores the manifest, removes the
text and the graph file the journal names, then the journal. Each step can be repeated, so a
recovery that is itself killed is finished by the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ccpj_graph.atomic import atomic_write
from ccpj_graph.errors import CorpusError

__all__ = ["BACKUP_NAME", "JOURNAL_NAME", "IngestJournal", "recover"]

JOURNAL_NAME = ".ingest-journal.json"
BACKUP_NAME = ".manifest.ttl.before-ingest"

_log = logging.getLogger("ccpj_graph.ingest")


@dataclass(slots=True)
class IngestJournal:
    """An ingest in progress in ``folder``: holds the lock until :meth:`commit` or
    :meth:`rollback`."""

    folder: Path
    manifest: Path
    lock_fd: int

    @classmethod
    def begin(
        cls, folder: Path, manifest: Path, *, key: str, text: Path, graph_file: Path | None
    ) -> IngestJournal:
        """Lock ``folder``, finish any interrupted ingest, save the manifest, write the
        journal. Raises :class:`CorpusError` when another ingest holds the lock."""
        fd = _lock(folder, blocking=False)
        if fd is None:
            raise CorpusError(f"{folder}: another ccpj ingest is running here; try again later")
        try:
            _undo(folder)
            atomic_write(folder / BACKUP_NAME, manifest.read_bytes())
            record = {
                "key": key,
                "manifest": manifest.name,
                "text": text.name,
                "graph_file": str(graph_file) if graph_file is not None else None,
            }
            atomic_write(folder / JOURNAL_NAME, json.dumps(record, indent=2).encode() + b"\n")
        except BaseException:
            os.close(fd)
            raise
        return cls(folder, manifest, fd)

    def commit(self) -> None:
        """Keep what the ingest wrote: remove the journal (the commit point), then the rest."""
        (self.folder / JOURNAL_NAME).unlink(missing_ok=True)
        (self.folder / BACKUP_NAME).unlink(missing_ok=True)
        self._release()

    def rollback(self) -> None:
        """Take back everything the journal names, then release the lock."""
        try:
            _undo(self.folder)
        finally:
            self._release()

    def _release(self) -> None:
        if self.lock_fd >= 0:
            os.close(self.lock_fd)
            self.lock_fd = -1


def recover(folder: Path) -> str | None:
    """Take back an ingest in ``folder`` that died (journal present, lock free).

    Returns the key of the report taken back, or None when there was nothing to do (no
    journal, or an ingest still running holds the lock).
    """
    if not (folder / JOURNAL_NAME).exists():
        return None
    fd = _lock(folder, blocking=False)
    if fd is None:
        return None  # a live ingest: not ours to touch
    try:
        key = _undo(folder)
    finally:
        os.close(fd)
    if key is not None:
        _log.warning("took back an interrupted ccpj ingest of report %s", key)
    return key


def _lock(folder: Path, *, blocking: bool) -> int | None:
    try:  # the folder itself is the lock: no lock file to leave behind or to race on
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as err:
        raise CorpusError(f"{folder}: cannot lock for ingest: {err.strerror or err}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _undo(folder: Path) -> str | None:
    """Apply the journal backwards (idempotent); the journal itself goes last."""
    journal = folder / JOURNAL_NAME
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise CorpusError(f"{journal}: unreadable ingest journal: {err}") from None
    backup = folder / BACKUP_NAME
    if backup.exists():
        atomic_write(folder / str(record["manifest"]), backup.read_bytes())
    (folder / Path(str(record["text"])).name).unlink(missing_ok=True)
    if record.get("graph_file"):
        Path(record["graph_file"]).unlink(missing_ok=True)
    backup.unlink(missing_ok=True)
    with contextlib.suppress(FileNotFoundError):
        journal.unlink()
    return str(record.get("key"))
