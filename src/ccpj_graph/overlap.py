"""Where a command may write: not onto what it reads, and no output onto another.

Why: ``ccpj sparql -f q.rq -o q.rq`` replaced the query with its answer, ``ccpj reason g.ttl
-o g.ttl`` the graph with its inferences, and ``ccpj build --out X --store X`` removed the
graph it had just written when the store was swapped into ``X``. Each verb hands its outputs
and inputs here before it does anything (``cli/common.py:Verb``; the quick path of ``ccpj
query`` too), and an overlap is one line naming the option, exit 2.

Two paths are compared by what they lead to, not by how they are spelt: symbolic links are
resolved, and an existing node is known by its device and inode, so a hard link, a bind
mount or another spelling on a case-insensitive disk is the same file. A path that does not
exist yet is known by its resolved name. ``-`` (stdin or stdout), devices and FIFOs are
streams: reading and writing them clobbers nothing, so they are never compared (``reason
/dev/stdin -o /dev/stdout`` on one terminal is fine).

Imports nothing but the standard library's ``os`` and ``stat``: the quick path of ``ccpj
query`` calls it (see ``cli/quick.py``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ccpj_graph.errors import InputError

TYPE_CHECKING = False  # typing itself is not imported: see ccpj_graph/__init__.py
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["check_overlaps"]

#: a node's key: (device, inode) when it exists, else its resolved name
_Key = tuple[int, int] | str


def check_overlaps(
    outputs: Sequence[tuple[str, Path | str]], inputs: Sequence[tuple[str, Path | str]] = ()
) -> None:
    """Raise :class:`InputError` when an output is an input, lies inside an input folder or
    holds an input, or when two outputs are the same or one lies inside the other.

    Each entry is ``(option, path)``; the option names the output in the message
    (``-o q.rq: is also an input of this command``).
    """
    written = [(option, str(path), keys) for option, path in outputs if (keys := _chain(path))]
    read = [(str(path), keys) for _, path in inputs if (keys := _chain(path))]
    for index, (option, path, keys) in enumerate(written):
        for other_option, other, other_keys in written[:index]:
            if _overlap(keys, other_keys):
                raise InputError(
                    f"{other_option} {other} and {option} {path}: must be different places, "
                    "neither inside the other"
                )
        for source, source_keys in read:
            if keys[0] == source_keys[0]:
                raise InputError(f"{option} {path}: is also an input of this command")
            if source_keys[0] in keys[1:]:
                raise InputError(f"{option} {path}: is inside {source}, an input of this command")
            if keys[0] in source_keys[1:]:
                raise InputError(f"{option} {path}: holds {source}, an input of this command")


def _overlap(a: list[_Key], b: list[_Key]) -> bool:
    return a[0] == b[0] or a[0] in b[1:] or b[0] in a[1:]


def _chain(path: Path | str) -> list[_Key]:
    """The keys of ``path`` and of every folder above it, nearest first; empty for a stream
    (``-``, a device, a FIFO), which is never compared."""
    name = os.fspath(path)
    if name == "-":
        return []
    try:
        mode = os.stat(name).st_mode  # /dev/stdout: the node its descriptor leads to
    except OSError:
        pass
    else:
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            return []
    current = os.path.realpath(name)
    keys: list[_Key] = []
    while True:
        try:
            info = os.stat(current)
        except OSError:
            keys.append(current)
        else:
            keys.append((info.st_dev, info.st_ino))
        parent = os.path.dirname(current)
        if parent == current:
            return keys
        current = parent
