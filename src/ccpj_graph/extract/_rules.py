"""Loads the rule files (cue phrases, verb lists) that live beside the extraction code.

The rules are data, not code: each ``rules/<name>.toml`` can be read and reviewed by an
analyst without reading Python, and a new report's wording is added there. Loading is cached
because every paragraph consults them.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from ccpj_graph.errors import CcpjError

__all__ = ["load_rules", "phrase_pattern"]

_RULES_DIR = Path(__file__).resolve().with_name("rules")


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed ``rules/<name>.toml`` shipped with the package."""
    path = _RULES_DIR / f"{name}.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise CcpjError(f"extraction rules file rules/{name}.toml is missing") from err
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CcpjError(f"rules/{name}.toml: {err}") from err


def phrase_pattern(phrases: list[str] | tuple[str, ...]) -> str:
    """One alternation matching any of ``phrases`` as whole words, longest first.

    A phrase may carry regex syntax when it is written between slashes (``/train(ed|ing)/``);
    otherwise it is literal and its spaces match any run of whitespace.
    """
    parts: list[str] = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        if len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/"):
            parts.append(phrase[1:-1])
        else:
            parts.append(r"\s+".join(re.escape(word) for word in phrase.split()))
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"
