"""Loads the rule files (cue phrases, verb lists) that live beside the extraction code.

The rules are data, not code: each ``rules/<name>.toml`` can be read and reviewed by an
analyst without reading Python, and a new report's wording is added there. Loading is cached
because every paragraph consults them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ccpj_graph.errors import CcpjError

__all__ = ["Agent", "agent", "load_rules", "phrase_pattern"]

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


@dataclass(frozen=True, slots=True)
class Agent:
    """The reporting agent of ``rules/agent.toml`` as regular-expression parts.

    ``name``: any of its names ("UNODC", "the Office" / "The Office"), whole words, not the
    start of a compound ("UNODC-INEGI"); ``bare``: the same without a leading "the"
    ("Office", for "the Office's support"); ``short``: its one-word names ("UNODC", for
    "UNODC/UNICEF" and "UNODC-supported").
    """

    key: str
    name: str
    bare: str
    short: str


@cache
def agent() -> Agent:
    """The reporting agent's key and name patterns (``rules/agent.toml``)."""
    rules = load_rules("agent")
    names = [str(n) for n in rules.get("names", [])]
    if not names or not isinstance(rules.get("key"), str):
        raise CcpjError('rules/agent.toml: needs key = "<organisation key>" and names = [...]')

    def words(name: str) -> str:
        parts = name.split()
        if parts[0] == "the":
            return r"[Tt]he\s+" + r"\s+".join(re.escape(w) for w in parts[1:])
        return r"\s+".join(re.escape(w) for w in parts)

    full = "|".join(words(n) for n in sorted(names, key=len, reverse=True))
    bare = "|".join(
        r"\s+".join(re.escape(w) for w in (n.split()[1:] if n.split()[0] == "the" else n.split()))
        for n in names
    )
    short = "|".join(re.escape(n) for n in names if " " not in n) or "(?!)"
    return Agent(
        key=rules["key"],
        name=rf"(?:\b(?:{full})\b(?!-))",
        bare=rf"(?:\b(?:{bare})\b)",
        short=rf"(?:\b(?:{short})\b)",
    )
