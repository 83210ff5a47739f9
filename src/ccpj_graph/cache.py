"""The build cache: each stage's output filed under a hash of everything it was made from.

Why: a build re-extracted, re-validated and re-reasoned the whole corpus even when nothing had
changed (18-35 s for the bundled five reports, hours for a hundred ingested ones). Each stage
now asks the cache first, with a key that is the SHA-256 of its inputs' bytes: the source text,
its manifest entry, the reference data, the curation entries, ontology, shapes and the code
itself (every file of the installed package). A changed input gives a new key, so an entry
can never go stale; an old entry is simply never asked for again.

Entries are plain files (Turtle, N-Triples, JSON; never pickles) under
``<project>/data/.cache/<stage>/<key[:2]>/<key><suffix>``, written atomically. The folder is
git-ignored; deleting it is always safe. A cache that cannot be written (a read-only install)
is skipped silently: it only makes builds slower.

Because old keys are never asked for again, the folder would only grow (every code or data
change adds a build's worth of entries; a kept 100x answer is megabytes). So every use of an
entry marks it used (its modification time, :func:`~ccpj_graph.resources.touch`: the
build's reads, the queries' kept answers, lookups and gate verdicts), and each build ends by
removing the entries nobody has used for :data:`UNUSED_DAYS` days (:meth:`Cache.prune`):
what another branch or store still uses within that time stays.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

from ccpj_graph import resources
from ccpj_graph.atomic import atomic_write
from ccpj_graph.resources import touch

__all__ = [
    "UNUSED_DAYS",
    "Cache",
    "code_digest",
    "default_cache_dir",
    "digest",
    "files_digest",
]

#: A build removes the cache entries that nothing has used for this many days.
UNUSED_DAYS = 30

_PACKAGE = Path(__file__).resolve().parent


def default_cache_dir() -> Path:
    """``data/.cache`` of the project (or of ``CCPJ_HOME``)."""
    return resources.home() / "data" / ".cache"


def digest(*parts: bytes | str) -> str:
    """SHA-256 of ``parts``, each length-prefixed so that no two lists of parts collide."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """One hash of the names and contents of ``paths`` (in the order given)."""
    parts: list[bytes | str] = []
    for path in paths:
        parts += [path.name, path.read_bytes()]
    return digest(*parts)


#: Libraries whose version changes what a stage gives (parsing, SHACL, reasoning, the store).
_LIBRARIES = ("rdflib", "pyshacl", "owlrl", "pyoxigraph")


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of every file of the ``ccpj_graph`` package and of the versions of the libraries
    that do the work: new code means new keys."""
    from importlib.metadata import PackageNotFoundError, version

    files = sorted(
        p
        for p in _PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} -")
    return digest(
        *versions,
        *(part for p in files for part in (str(p.relative_to(_PACKAGE)), p.read_bytes())),
    )


class Cache:
    """Read and write entries of one cache folder; ``enabled=False`` reads nothing (``--clean``)
    but still writes, so the next build can use what this one made."""

    def __init__(self, root: Path | None = None, *, enabled: bool = True) -> None:
        self.root = root if root is not None else default_cache_dir()
        self.enabled = enabled
        self.hits = 0
        self.misses = 0

    def _path(self, stage: str, key: str, suffix: str) -> Path:
        return self.root / stage / key[:2] / f"{key}{suffix}"

    def path(self, stage: str, key: str, suffix: str = "") -> Path:
        """Where the entry lives (for a stage that writes a large entry itself, or hands the
        file to a loader); it may not exist."""
        return self._path(stage, key, suffix)

    def writable(self, path: Path) -> bool:
        """Whether ``path`` (from :meth:`path`) can be written: its folder made."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(path.parent, os.W_OK)

    def get(self, stage: str, key: str, suffix: str = "") -> bytes | None:
        """The entry's bytes, or None when there is none (or the cache is disabled)."""
        if self.enabled:
            path = self._path(stage, key, suffix)
            try:
                data = path.read_bytes()
            except OSError:
                pass
            else:
                self.hits += 1
                touch(path)
                return data
        self.misses += 1
        return None

    def put(self, stage: str, key: str, data: bytes, suffix: str = "") -> None:
        """Store an entry; a folder that cannot be written is ignored."""
        path = self._path(stage, key, suffix)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
        except OSError:
            return

    def prune(
        self, unused_days: float = UNUSED_DAYS, *, now: float | None = None
    ) -> tuple[int, int]:
        """Remove the entries (of every stage, and stray temporary files) not used for
        ``unused_days`` days, and the folders that leaves empty; what cannot be removed stays.
        Returns how many files went and their bytes."""
        cutoff = (time.time() if now is None else now) - unused_days * 86_400
        files = size = 0
        for folder, _dirs, names in os.walk(self.root, topdown=False):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    st = os.lstat(path)
                    if st.st_mtime >= cutoff:
                        continue
                    os.unlink(path)
                except OSError:
                    continue
                files += 1
                size += st.st_size
            if folder != str(self.root):
                with contextlib.suppress(OSError):  # only an empty folder goes
                    os.rmdir(folder)
        return files, size
