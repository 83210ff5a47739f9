"""What a build changed in its graph folder, so a build that fails afterwards can take it back.

The build writes the graph folder before the graph is validated (validation reads those
files), but a build whose graph does not conform fails, and a failed build must leave the
folder as it was (issue 10): the site, the exports and a user's own triplestore read it as the
project's graph. So the build keeps, for each file it replaces, adds or removes, the bytes it
had before (in memory: only files whose bytes changed), and :func:`run_pipeline` either
restores them or lets them go once the graph is validated.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from ccpj_graph.atomic import atomic_write

__all__ = ["Undo"]


@dataclass
class Undo:
    """The graph folder's files as they were before the build, to put back on failure."""

    folder: Path
    #: whether the build created the folder (restoring removes it again if it is empty)
    created: bool = False
    #: each changed file with its bytes before (None: the build added it)
    before: list[tuple[Path, bytes | None]] = field(default_factory=list, repr=False)

    def keep(self, path: Path) -> None:
        """Remember ``path`` as it is now, before the build writes or removes it."""
        self.remember(path, path.read_bytes() if path.exists() else None)

    def remember(self, path: Path, data: bytes | None) -> None:
        """Remember ``path``'s bytes as the caller just read them (None: it did not exist)."""
        self.before.append((path, data))

    def restore(self) -> None:
        """Put every remembered file back as it was (the newest change first)."""
        for path, data in reversed(self.before):
            if data is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, data)
        self.before.clear()
        if self.created:
            with contextlib.suppress(OSError):  # only if empty: a file added there stays
                self.folder.rmdir()

    def discard(self) -> None:
        """The build stands: forget the old bytes."""
        self.before.clear()

    @property
    def changed(self) -> bool:
        return bool(self.before)
