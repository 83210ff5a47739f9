"""Where the runtime files live: ontology, shapes, queries and the data folders.

An installed wheel carries them in ``ccpj_graph/_data``; a source checkout (editable install)
has them at the repository's top level. ``CCPJ_HOME`` overrides both, for development and for
users who keep their own copy of the data.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

__all__ = [
    "curation_dir",
    "file_stamp",
    "fixed_stamps",
    "graph_dir",
    "home",
    "manifest_files",
    "ontology_dir",
    "ontology_files",
    "package_home",
    "profiles_dir",
    "queries_dir",
    "reference_dir",
    "reference_file",
    "reference_files",
    "required_files",
    "shape_files",
    "shapes_dir",
    "sources_dir",
    "store_dir",
]

_MARKER = "ontology"


#: An entry marked used within this many seconds is not marked again: pruning counts in days,
#: and every ``ccpj query`` reads several entries (a metadata write each would be wasted).
TOUCH_EVERY = 3600


def touch(path: Path | str) -> None:
    """Mark a build-cache entry used now (its modification time), so that the build's pruning
    (``Cache.prune``) keeps it; at most once per :data:`TOUCH_EVERY` seconds. Here, not in
    :mod:`ccpj_graph.cache`, because ``ccpj query`` marks its kept answers, lookups and gate
    verdicts without importing that module. Best effort: a read-only cache is only read."""
    with contextlib.suppress(OSError):
        if time.time() - os.stat(path).st_mtime >= TOUCH_EVERY:
            os.utime(path)


#: the stamps taken inside :func:`fixed_stamps`, by the path as given (None outside it)
_FIXED: contextvars.ContextVar[dict[str, tuple[Path, int | None]] | None] = contextvars.ContextVar(
    "fixed_stamps", default=None
)


@contextlib.contextmanager
def fixed_stamps() -> Iterator[None]:
    """Within the block, each data file's stamp is taken once: extracting one report asks for
    the rules' files thousands of times (once per paragraph or activity, 6,500 system calls
    for the bundled corpus), and a file edited in the middle of a report would give it rules
    of two versions anyway."""
    token = _FIXED.set({})
    try:
        yield
    finally:
        _FIXED.reset(token)


def file_stamp(path: Path) -> tuple[Path, int | None]:
    """A data file's absolute path and modification time (None when it is not a file): the
    key of a per-process cache of what the file holds, so an edited file is read again.

    Absolute, not resolved: resolving follows every component's symlinks with a system call
    each, and the extraction rules' loaders run per paragraph (3,000 resolutions, about a
    tenth of extracting the bundled corpus).
    """
    fixed = _FIXED.get()
    if fixed is not None:
        found = fixed.get(os.fspath(path))
        if found is None:
            found = fixed[os.fspath(path)] = _stamp(path)
        return found
    return _stamp(path)


def _stamp(path: Path) -> tuple[Path, int | None]:
    absolute = Path(os.path.abspath(path))
    try:
        info = os.stat(absolute)
    except OSError:
        return absolute, None
    return absolute, info.st_mtime_ns if stat.S_ISREG(info.st_mode) else None


@cache
def home() -> Path:
    """The folder that holds ``ontology/``, ``shapes/``, ``queries/`` and ``data/``."""
    override = os.environ.get("CCPJ_HOME")
    if override:
        chosen = Path(override).resolve()
        if not (chosen / _MARKER).is_dir():
            from ccpj_graph.errors import InputError

            why = "no such directory" if not chosen.is_dir() else f"no {_MARKER}/ folder in it"
            raise InputError(
                f"CCPJ_HOME={override}: {why}; a home is laid out like the repository "
                "(ontology/, shapes/, queries/, data/)"
            )
        return chosen
    return package_home()


def package_home() -> Path:
    """The home this installation ships (the wheel's ``_data/`` or the checkout), whatever
    ``CCPJ_HOME`` says: what the code itself was written against (the profile schema)."""
    package = Path(__file__).resolve().parent
    bundled = package / "_data"
    if (bundled / _MARKER).is_dir():
        return bundled
    checkout = package.parent.parent
    if (checkout / _MARKER).is_dir():
        return checkout
    raise RuntimeError(f"ccpj-graph runtime files not found under {bundled} or {checkout}")


def ontology_dir() -> Path:
    return home() / "ontology"


def shapes_dir() -> Path:
    return home() / "shapes"


def queries_dir() -> Path:
    return home() / "queries"


def required_files(folder: Path, pattern: str, *, what: str) -> list[Path]:
    """The files of ``folder`` that match ``pattern``, sorted, for a folder the project needs:
    :class:`~ccpj_graph.errors.InputError` naming it when it is missing (``<home>/shapes: no
    shapes folder``) or holds none (a home without shapes validated everything as
    conforming, one without reference data as violating)."""
    files = sorted(folder.glob(pattern))
    if not files:
        from ccpj_graph.errors import InputError

        if not folder.is_dir():
            raise InputError(f"{folder}: no {folder.name} folder")
        raise InputError(f"{folder}: no {what} in it ({pattern})")
    return files


def ontology_files() -> list[Path]:
    """The ontology's Turtle files (``ontology/*.ttl``); at least one."""
    return required_files(ontology_dir(), "*.ttl", what="ontology")


def shape_files() -> list[Path]:
    """The project's SHACL shapes (``shapes/*.ttl``); at least one."""
    return required_files(shapes_dir(), "*.ttl", what="shapes")


def reference_files() -> list[Path]:
    """The reference vocabularies (``data/reference/*.ttl``); at least one."""
    return required_files(reference_dir(), "*.ttl", what="reference data")


def manifest_files() -> list[Path]:
    """The Turtle of ``data/sources`` (the corpus manifest); at least one."""
    return required_files(sources_dir(), "*.ttl", what="source manifest")


def sources_dir() -> Path:
    return home() / "data" / "sources"


def reference_dir() -> Path:
    return home() / "data" / "reference"


def reference_file(name: str) -> Path:
    """``reference_dir() / name``, made once per home: extraction asks for the citation
    forms' paths for every paragraph and activity, and joining paths was 3 % of its time."""
    return _reference_file(home(), name)


@cache
def _reference_file(home: Path, name: str) -> Path:
    return home / "data" / "reference" / name


def profiles_dir() -> Path:
    """The extraction profiles, one folder per report family (``data/profiles/<name>/``)."""
    return home() / "data" / "profiles"


def curation_dir() -> Path:
    return home() / "data" / "curation"


def graph_dir() -> Path:
    """Where ``ccpj build`` writes the extracted Turtle (committed in a checkout)."""
    return home() / "data" / "graph"


def store_dir() -> Path:
    """Where ``ccpj build`` leaves the ready-to-query store (``data/store/``, not committed)."""
    return home() / "data" / "store"
