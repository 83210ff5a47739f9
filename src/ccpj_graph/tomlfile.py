"""One reader for every TOML file the tool reads (profiles, cases, citation forms, sessions,
review cues), so each error is one line naming ``FILE:LINE`` in the same words.

Why one: six modules each wrapped :func:`tomllib.loads` their own way, some without the line
of a syntax error or a clear word for a file that is not UTF-8.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ccpj_graph.errors import CcpjError

__all__ = ["read_toml"]

_AT = re.compile(r"\s*\((?:at line (\d+), column \d+|at end of document)\)\s*$")


def read_toml(
    path: Path, *, error: type[CcpjError] = CcpjError
) -> tuple[dict[str, Any], list[str]]:
    """``path`` parsed, with its lines (for ``file:line`` errors about its keys); ``error``
    raised with one line naming the file (and the line of a syntax error) otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None
    except OSError as err:
        raise error(f"{path}: cannot read: {err.strerror or err}") from None
    lines = text.splitlines()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        at = _AT.search(message)
        line = (at and at.group(1)) or str(max(1, len(lines)))
        raise error(f"{path}:{line}: invalid TOML: {_AT.sub('', message)}") from None
    return data, lines
