"""Size caps on every file a user hands the tool, and the one bounded read that enforces them.

Why a bounded read and not a size check: ``os.path.getsize`` says 0 for ``/dev/zero``, a FIFO
or ``/proc`` files, and a symbolic link to ``/dev/zero`` then grows memory until the kernel
kills the process. :func:`read_capped` reads at most one byte more than the cap, in chunks, so
memory never exceeds the cap whatever the file is.

The caps sit far above anything the project itself holds (its largest report text is 64 KB,
its largest graph file under 1 MB) and far below what would stall a run.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from ccpj_graph.errors import CcpjError, InputError

__all__ = [
    "ANNOTATION_BYTES",
    "CURATION_BYTES",
    "MANIFEST_BYTES",
    "MAX_SECONDS",
    "QUERY_BYTES",
    "RDF_BYTES",
    "SOURCE_BYTES",
    "describe",
    "parse_seconds",
    "read_capped",
]

#: A report's text export (the bundled ones are 16-64 KB; a 50 MB text stalls the build).
SOURCE_BYTES = 2 * 1024 * 1024
#: ``data/sources/manifest.ttl`` (5.6 KB for five reports).
MANIFEST_BYTES = 4 * 1024 * 1024
#: One curation file (TOML).
CURATION_BYTES = 1024 * 1024
#: One SPARQL query (``sparql -f``, stdin); real queries are a few KB.
QUERY_BYTES = 512 * 1024
#: A gold annotation file for ``ccpj evaluate`` (JSON Lines, one paragraph a line).
ANNOTATION_BYTES = 16 * 1024 * 1024
#: One RDF file to validate, reason over, publish or push.
RDF_BYTES = 256 * 1024 * 1024

_CHUNK = 1024 * 1024

#: The longest timeout any verb or API call accepts (a week): beyond it timers overflow on
#: some systems.
MAX_SECONDS = 7 * 24 * 3600.0


def parse_seconds(value: object, *, zero: bool) -> float:
    """A duration in seconds: finite, more than 0 (or 0 when ``zero``), at most
    :data:`MAX_SECONDS`; raises ValueError with the message click shows."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip()
        if not text.isascii():  # float() also takes other scripts' digits ("٣٠")
            raise ValueError(f"{value!r}: write the seconds with the digits 0-9")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a number of seconds") from None
    if not math.isfinite(number):
        raise ValueError(f"{value!r}: give a finite number of seconds")
    if number < 0 or (number == 0 and not zero):
        least = "0 or more" if zero else "more than 0"
        raise ValueError(f"{value!r}: must be {least} seconds")
    if number > MAX_SECONDS:
        raise ValueError(f"{value!r}: at most {MAX_SECONDS:g} seconds")
    return number


def describe(size: int) -> str:
    """``2097152`` -> ``2 MB``: sizes in messages, in binary units spelled simply."""
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def read_capped(
    path: str | os.PathLike[str],
    limit: int,
    *,
    what: str = "a file",
    error: type[CcpjError] = InputError,
    label: str | None = None,
    text: bool = False,
) -> bytes:
    """The bytes of ``path``, refused with one line when there are more than ``limit``.

    ``what`` names the kind of file in messages, with its article (``"a report text"``);
    ``label`` names the file (default: the path); ``error`` is the error class raised. With
    ``text``, a NUL byte (never in UTF-8 text) stops the read at the chunk that holds it, so
    ``/dev/zero`` or a binary file is refused after 1 MB, not after the cap.
    """
    name = label or os.fspath(path)
    try:
        with open(path, "rb") as handle:
            chunks: list[bytes] = []
            total = 0
            while total <= limit:
                chunk = handle.read(min(_CHUNK, limit + 1 - total))
                if not chunk:
                    break
                if text and b"\x00" in chunk:
                    raise error(_binary(name, chunks, chunk))
                chunks.append(chunk)
                total += len(chunk)
    except FileNotFoundError:
        raise error(f"{name}: no such file") from None
    except IsADirectoryError:
        raise error(f"{name}: is a directory, not {what}") from None
    except MemoryError:
        raise error(f"{name}: out of memory reading it") from None
    except OSError as err:
        raise error(f"{name}: cannot read: {err.strerror or err}") from None
    if total > limit:
        size = _size(Path(path))
        more = f"is {describe(size)}" if size > limit else f"holds more than {describe(limit)}"
        raise error(f"{name}: {more}; {what} may be at most {describe(limit)}")
    return b"".join(chunks)


def _binary(name: str, before: list[bytes], chunk: bytes) -> str:
    head = (before[0] if before else chunk)[:2]
    if head in (b"\xff\xfe", b"\xfe\xff"):
        return f"{name}: UTF-16 text; save it as UTF-8"
    offset = sum(len(c) for c in before) + chunk.index(b"\x00")
    return f"{name}: binary file (a NUL byte at offset {offset}), not UTF-8 text"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
