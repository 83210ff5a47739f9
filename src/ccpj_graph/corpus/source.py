"""Read a source document's bytes into clean text, refusing what is not a text export.

Every later pass assumes Unicode text with ``\\n`` line ends and no invisible characters, so
the checks a user can trip (missing file, empty file, binary file, wrong encoding) happen here,
each as a one-line :class:`~ccpj_graph.errors.CorpusError` that names the file.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ccpj_graph.errors import CorpusError
from ccpj_graph.limits import SOURCE_BYTES, read_capped

__all__ = ["read_source_text"]

# Characters that PDF and word-processor exports leave in text but that no reader sees.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# Spaces that should behave as ordinary spaces for every later rule.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2007\u2009\u202f"), " ")
# Typographic ligatures some PDF converters emit for "fi", "fl", ...
_LIGATURES = {
    ord("\ufb00"): "ff",
    ord("\ufb01"): "fi",
    ord("\ufb02"): "fl",
    ord("\ufb03"): "ffi",
    ord("\ufb04"): "ffl",
}
_TABLE = {**_INVISIBLE, **_SPACES, **_LIGATURES}
# Control characters (Unicode category Cc) other than line feed and tab.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def read_source_text(path: Path) -> str:
    """The text of ``path``, NFC-normalised, with ``\\n`` line ends and invisible marks removed.

    Raises :class:`CorpusError` for a missing, unreadable, empty, binary or non-UTF-8 file,
    and for one larger than :data:`~ccpj_graph.limits.SOURCE_BYTES` (read with a bounded read:
    a link to ``/dev/zero`` is refused, not read forever).
    """
    data = read_capped(path, SOURCE_BYTES, what="a report text", error=CorpusError, text=True)
    if not data.strip():
        raise CorpusError(f"{path}: empty file")
    if b"\x00" in data[:65536]:
        raise CorpusError(f"{path}: binary file (NUL bytes), not a plain-text export")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorpusError(
            f"{path}: not UTF-8 text (invalid byte at offset {err.start}); "
            "re-export the document as UTF-8 plain text"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).translate(_TABLE)
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 1000):
        raise CorpusError(f"{path}: binary file ({controls} control characters)")
    if not text.strip():
        raise CorpusError(f"{path}: empty file")
    return text
