"""The ``ccpj query`` commands README.md shows (not a test module): what a user copies, so
what the tests of the canned queries ask."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
_VALUE = r"(?: (?:\"[^\"]*\"|[^\s`\"#<>|&;-][^\s`]*))?"  # not a shell comment or redirection
_OUTPUT_OPTIONS = ("--format", "-o", "--limit", "--timeout")


def readme_query_commands() -> list[tuple[str, dict[str, str]]]:
    """Every ``ccpj query NAME --param value ...`` README.md shows, output options dropped,
    each once, in the README's order."""
    readme = README.read_text(encoding="utf-8")
    found: list[tuple[str, dict[str, str]]] = []
    for match in re.finditer(rf"ccpj query [a-z-]+(?: --[a-z-]+{_VALUE})*", readme):
        words = shlex.split(match[0])[2:]
        params, i = {}, 1
        while i < len(words):
            if words[i] == "--explain":
                i += 1
                continue
            if words[i] not in _OUTPUT_OPTIONS:
                params[words[i][2:]] = words[i + 1]
            i += 2
        if (words[0], params) not in found:
            found.append((words[0], params))
    return found
