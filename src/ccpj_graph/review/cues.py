"""The cues ``ccpj review`` looks for, read from the extraction profile's ``review.toml``.

They live in a data file so that a maintainer who does not read Python can widen what review
flags (a new head word, another agent name); the reader is strict, because a misspelt key
that was silently ignored would make review quietly blind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ccpj_graph.errors import InputError
from ccpj_graph.tomlfile import read_toml

__all__ = ["Cues", "load_cues"]

_SCHEMA: dict[str, dict[str, type]] = {
    "agent": {"names": list, "verbs": list, "verb_window": int},
    "organisation": {
        "head_words": list,
        "connectors": list,
        "acronym": str,
        "ignore": list,
        "lead_words": list,
    },
    "mandate": {"citation": str, "number": str},
    "symbol": {"pattern": str},
}


@dataclass(frozen=True, slots=True)
class Cues:
    """Compiled cues: agent names and verbs, organisation-like names, citations, symbols."""

    agent: re.Pattern[str]
    agent_verbs: frozenset[str]
    verb_window: int
    organisation: re.Pattern[str]
    acronym: re.Pattern[str]
    ignore: frozenset[str]
    lead: re.Pattern[str]
    citation: re.Pattern[str]
    number: re.Pattern[str]
    symbol: re.Pattern[str]


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _compile(path: Path, text: str, table: str, key: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        line = _line_of(text, f"{key} =")
        raise InputError(f"{path}:{line}: [{table}] {key}: bad regular expression: {exc}") from None


def _check(path: Path, text: str, data: dict[str, Any]) -> None:
    for table, value in data.items():
        if table not in _SCHEMA:
            line = _line_of(text, f"[{table}]")
            expected = ", ".join(_SCHEMA)
            raise InputError(f"{path}:{line}: unknown table [{table}]; expected {expected}")
        for key, item in value.items():
            kind = _SCHEMA[table].get(key)
            line = _line_of(text, f"{key} =")
            if kind is None:
                known = ", ".join(_SCHEMA[table])
                raise InputError(f"{path}:{line}: [{table}] unknown key {key!r}; expected {known}")
            if not isinstance(item, kind):
                raise InputError(f"{path}:{line}: [{table}] {key} must be a {kind.__name__}")
        for key in _SCHEMA[table]:
            if key not in value:
                raise InputError(f"{path}: [{table}] lacks the key {key!r}")
    for table in _SCHEMA:
        if table not in data:
            raise InputError(f"{path}: lacks the table [{table}]")


def _words(items: list[Any]) -> list[str]:
    return sorted({str(i) for i in items if str(i).strip()}, key=lambda w: (-len(w), w))


@cache
def load_cues(path: Path | None = None) -> Cues:
    """Read and compile the cues file (default: the default profile's ``review.toml``)."""
    if path is None:
        from ccpj_graph.extract.profile import load_profile

        path = load_profile().files["review"]
    data, lines = read_toml(path, error=InputError)
    text = "\n".join(lines)
    _check(path, text, data)
    agent, org = data["agent"], data["organisation"]
    names = "|".join(re.escape(n) for n in _words(agent["names"]))
    heads = "|".join(re.escape(h) for h in _words(org["head_words"]))
    joins = "|".join(re.escape(c) for c in _words(org["connectors"]))
    cap = r"(?:[A-Z][\w'’-]*)"
    # A run of capitalised words (with connectors between them) that holds a head word.
    organisation = (
        rf"\b(?:{cap}\s+(?:(?:{joins})\s+)*)*(?:{heads})\b(?:\s+(?:(?:{joins})\s+)*{cap})*"
    )
    return Cues(
        agent=re.compile(rf"(?<![\w-])(?:{names})(?![\w-])"),
        agent_verbs=frozenset(str(v) for v in agent["verbs"]),
        verb_window=agent["verb_window"],
        organisation=re.compile(organisation),
        acronym=_compile(path, text, "organisation", "acronym", org["acronym"]),
        ignore=frozenset(str(i) for i in org["ignore"]),
        lead=re.compile(
            rf"^(?:(?:{'|'.join(re.escape(w) for w in _words(org['lead_words']))}"
            rf"|{joins})\s+)+"
        ),
        citation=_compile(path, text, "mandate", "citation", data["mandate"]["citation"]),
        number=_compile(path, text, "mandate", "number", data["mandate"]["number"]),
        symbol=_compile(path, text, "symbol", "pattern", data["symbol"]["pattern"]),
    )
