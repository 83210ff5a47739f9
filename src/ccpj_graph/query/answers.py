"""Slow canned answers kept per store, so that asking the same question again is a read.

Why: a canned query with no filter reads every activity (at 100 times the bundled corpus,
1-17 s), and an analyst asks the same few questions again and again (a notebook re-run, a
script). A store never changes in place (``build_store`` writes a new folder and renames it),
so an answer depends only on the store, the bound text, what the query reads and the row
limit: the key is the hash of the store's record (``meta.json``: every source file's SHA-256),
of its database folder's identity, of the text, of what it reads (the asserted triples or
all) and of the limit. Only answers that took at least :data:`KEEP_AFTER` seconds are kept
(quick ones are not worth the disk), under ``data/.cache/answer`` in SPARQL JSON with the
``truncated`` flag; a damaged entry is computed again. Removing ``data/.cache`` forgets them
all.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ccpj_graph.query.results import SelectResult
from ccpj_graph.query.terms import Term
from ccpj_graph.resources import touch

__all__ = ["KEEP_AFTER", "Answers", "store_identity"]

#: An answer that took this long or longer (seconds) is kept for its store.
KEEP_AFTER = 0.5


def store_identity(store: Path | None) -> bytes | None:
    """What tells one store from another: its record and its database folder's identity
    (a rebuilt store is a new folder); None when either cannot be read."""
    if store is None:
        return None
    try:
        meta = (store / "meta.json").read_bytes()
        folder = os.stat(store / "oxigraph")
    except OSError:
        return None
    identity = f"{folder.st_dev} {folder.st_ino} {folder.st_ctime_ns} {folder.st_mtime_ns}"
    return meta + b"\0" + identity.encode("utf-8")


class Answers:
    """The kept answers of one store, under ``root`` (the build cache folder)."""

    __slots__ = ("identity", "root")

    def __init__(self, root: Path, identity: bytes) -> None:
        self.root = root
        self.identity = identity

    def _key(self, text: str, reads: str, limit: int | None) -> str:
        sha = hashlib.sha256()
        for part in (self.identity, text.encode("utf-8"), reads.encode(), str(limit).encode()):
            sha.update(len(part).to_bytes(8, "big") + part)
        return sha.hexdigest()

    def _path(self, key: str) -> Path:
        # the layout of the build cache's entries (cache.py), read without importing it
        return self.root / "answer" / key[:2] / f"{key}.json"

    def get(self, text: str, reads: str, limit: int | None) -> SelectResult | None:
        """The kept answer to ``text`` over ``reads`` (canned.READS) with ``limit``, or None."""
        path = self._path(self._key(text, reads, limit))
        try:
            doc = json.loads(path.read_bytes())
            columns = tuple(str(c) for c in doc["columns"])
            rows = tuple(
                tuple(Term.from_json(cell) if cell is not None else None for cell in row)
                for row in doc["rows"]
            )
            if any(len(row) != len(columns) for row in rows):
                return None
            result = SelectResult(columns, rows, bool(doc["truncated"]))
        except OSError:
            return None  # not kept
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # damaged: computed and written again
        touch(path)  # used: the build's pruning keeps it
        return result

    def keep(self, text: str, reads: str, limit: int | None, result: SelectResult) -> None:
        """Keep ``result`` (written atomically through the build cache; a folder that cannot
        be written keeps nothing)."""
        from ccpj_graph.cache import Cache

        doc = {
            "columns": list(result.columns),
            "rows": [[t.to_json() if t is not None else None for t in row] for row in result.rows],
            "truncated": result.truncated,
        }
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        Cache(self.root).put("answer", self._key(text, reads, limit), data, ".json")
