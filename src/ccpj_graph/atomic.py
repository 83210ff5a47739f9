"""The one writer of every file the tool writes: an interrupted run never leaves half a file.

What each kind of target gets, and why:

- a regular file, or a new one: written to a temporary sibling, fsynced and moved into place
  with ``os.replace``, so a reader sees the old bytes or the new ones, never a mix. The new
  file gets the mode the user's umask gives (``tempfile.mkstemp`` alone would leave 0600);
  an existing file keeps its mode, as a shell's ``>`` would.
- a symbolic link: the file it points to is written (atomically, as above, in the target's
  folder); the link stays a link. That is what ``> link`` does in a shell.
- a device, FIFO or other special file (``/dev/null``, a named pipe): written through, in
  place. Replacing it would swap a device node for a regular file. ``/dev/stdout``,
  ``/dev/stderr`` and ``/dev/fd/N`` are written to the process's own descriptor, so a shell's
  ``> file``, ``>> file`` or pipe gets the bytes as it would from stdout.

Several files are renamed only once all of them are written. Errors are ``OSError`` from the
library functions; :func:`write_output` turns them into a one-line
:class:`~ccpj_graph.errors.InputError` naming the option and the file.

What a verb may write is settled before it runs, not here: a user's ``-o`` (or ``--out``,
``--store``) that is one of the verb's inputs, lies in or holds one, or overlaps another
output is refused by :mod:`ccpj_graph.overlap` from the CLI (``cli/common.py:Verb``), before
any work, so that the input is never replaced by the answer.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from ccpj_graph.errors import InputError

__all__ = ["atomic_write", "atomic_write_many", "file_mode", "write_output", "write_outputs"]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (see the module docstring for what each target gets)."""
    atomic_write_many({path: data})


def atomic_write_many(files: Mapping[Path, bytes]) -> None:
    """Write every file; regular files are renamed into place only when all are written.

    An ``OSError`` carries, as its ``filename``, the path the caller gave.
    """
    temps: list[tuple[str, Path, Path]] = []
    through: list[tuple[Path, Path, bytes]] = []
    try:
        for path, data in files.items():
            with _naming(path):
                if _inherited_fd(Path(path)) is not None or _is_special(Path(path)):
                    through.append((path, Path(path), data))  # the node the name leads to
                    continue
                target = _target(Path(path))
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".part", dir=target.parent
                )
                temps.append((tmp, target, path))
                with os.fdopen(fd, "wb") as handle:
                    os.fchmod(handle.fileno(), file_mode(target))
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
        for path, target, data in through:  # a full device fails here, before any rename
            with _naming(path):
                _write_through(target, data)
        for tmp, target, path in temps:
            with _naming(path):
                os.replace(tmp, target)
    finally:
        for tmp, _, _ in temps:
            Path(tmp).unlink(missing_ok=True)


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Make an ``OSError`` raised inside name ``path`` (not a temporary file)."""
    try:
        yield
    except OSError as err:
        err.filename = str(path)
        raise


def write_output(path: Path | str, data: bytes, *, option: str = "-o") -> None:
    """:func:`atomic_write` for a file the user named: errors are one line naming it."""
    write_outputs({Path(path): data}, option=option)


def write_outputs(files: Mapping[Path, bytes], *, option: str = "-o") -> None:
    """:func:`atomic_write_many` for files the user named: errors are one line naming them."""
    for path in files:
        if Path(path).is_dir():
            raise InputError(f"{option} {path}: is a directory; give a file name")
    try:
        atomic_write_many(files)
    except OSError as err:
        where = err.filename or next(iter(files), "")
        why = err.strerror or str(err)
        raise InputError(f"{option} {where}: cannot write: {why}") from None


def file_mode(target: Path) -> int:
    """The mode a file written at ``target`` gets: the existing file's, else what the umask
    leaves of 0666."""
    try:
        info = os.stat(target)
    except OSError:
        return 0o666 & ~_umask()
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target(path: Path) -> Path:
    """The file to write for ``path``: a symbolic link's final target, else ``path``."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _is_special(target: Path) -> bool:
    """True for an existing node (links followed) that is neither a regular file nor a
    directory."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _inherited_fd(path: Path) -> int | None:
    """The descriptor ``/dev/stdout``, ``/dev/fd/N`` or ``/proc/self/fd/N`` names: written
    directly, so a shell's ``>>`` or pipe gets the bytes where they belong (re-opening would
    start at offset 0, and replacing would swap the shell's file for another)."""
    name = os.path.normpath(str(path))
    if name in _STANDARD:
        return _STANDARD[name]
    match = _FD_PATH.fullmatch(name)
    return int(match[1]) if match else None


_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
# ASCII digits: with \d, "-o /dev/fd/١" (no such file) was taken for descriptor 1, stdout
_FD_PATH = re.compile(r"/(?:dev/fd|proc/self/fd)/([0-9]+)")


def _write_through(target: Path, data: bytes) -> None:
    """Write ``data`` into an existing special file (device, FIFO) or an inherited
    descriptor, in place."""
    inherited = _inherited_fd(target)
    if inherited is not None:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()  # what Python buffered goes first
        _write_all(inherited, data)
        return
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
