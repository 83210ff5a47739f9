"""Which graph files the build wrote, so it removes only its own.

The graph folder (``data/graph``) is the build's, but a user may drop a Turtle file there; the
build used to delete any ``*.ttl`` no report of the manifest named, silently. Now every build
records the files it wrote with their SHA-256 (``.ccpj-build.json`` in the folder). A file no
report names is removed only when the record lists it with the same bytes (a report taken out
of the manifest); any other is refused with one line before anything is written, since every
``*.ttl`` there would be loaded into the graph.

A folder given with ``--out`` is treated alike once it holds the record (every build writes
it); one that is neither empty nor holds the record is refused before anything is extracted
(:func:`check_graph_folder`): the build would overwrite its ``*.ttl`` and load the others
into the store.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from ccpj_graph.atomic import atomic_write
from ccpj_graph.errors import CcpjError, InputError

__all__ = ["RECORD_NAME", "check_graph_folder", "check_strays", "write_record"]

RECORD_NAME = ".ccpj-build.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _recorded(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def check_graph_folder(folder: Path, *, option: str = "--out") -> None:
    """Refuse ``folder`` (not the project's graph folder) when it is a file, or a folder that
    is not empty and holds no build record: it is not a graph folder ccpj build wrote."""
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise InputError(f"{option} {folder}: is a file, not a folder") from None
    except OSError as err:
        raise InputError(f"{option} {folder}: cannot read: {err.strerror or err}") from None
    if names and RECORD_NAME not in names:
        raise InputError(
            f"{option} {folder}: exists, is not empty and is not a graph folder written by "
            f"ccpj build (no {RECORD_NAME}); choose a new or empty folder"
        )


def check_strays(folder: Path, wanted: Iterable[Path]) -> list[Path]:
    """The ``*.ttl`` files of ``folder`` no report wants and the build may remove (it wrote
    them, unchanged since); raises :class:`CcpjError` naming any other."""
    keep = {path.name for path in wanted}
    record = _recorded(folder)
    ours = []
    for path in sorted(folder.glob("*.ttl")):
        if path.name in keep:
            continue
        if path.is_file() and record.get(path.name) == _sha256(path.read_bytes()):
            ours.append(path)
            continue
        raise CcpjError(
            f"{path}: not written by ccpj build (or changed since), and no report in the "
            "manifest names it; every *.ttl here is loaded into the graph, so move it out of "
            f"{folder} (or delete it) and build again"
        )
    return ours


def write_record(folder: Path, files: Iterable[tuple[Path, bytes]]) -> None:
    """Record the graph files this build wrote (name -> SHA-256), sorted: deterministic."""
    entries = {path.name: _sha256(data) for path, data in files}
    record = {"generator": "ccpj build", "files": dict(sorted(entries.items()))}
    atomic_write(folder / RECORD_NAME, (json.dumps(record, indent=1) + "\n").encode())
