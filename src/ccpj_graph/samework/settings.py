"""The samework stage's settings (``samework/settings.toml``): stop words, lemma rules, weights,
threshold. Data, not code, so the rules can be read and tuned without reading Python."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ccpj_graph.errors import InputError

__all__ = ["SETTINGS_PATH", "Settings", "load_settings"]

SETTINGS_PATH = Path(__file__).with_name("settings.toml")

_KEYS = {
    "": {"threshold", "shared_words", "text", "weights"},
    "text": {"stop_words", "suffixes", "min_stem", "min_length", "name_weight"},
    "weights": {"same_type", "same_year", "shared_facet", "disjoint_facet"},
}


@dataclass(frozen=True, slots=True)
class Settings:
    """What decides a link; see ``settings.toml`` for the meaning of each field."""

    threshold: float
    shared_words: int
    stop_words: frozenset[str]
    suffixes: tuple[tuple[str, str], ...]
    min_stem: int
    min_length: int
    name_weight: float
    same_type: float
    same_year: float
    shared_facet: float
    disjoint_facet: float


def _check(table: dict[str, Any], section: str, path: Path) -> None:
    unknown = sorted(set(table) - _KEYS[section])
    missing = sorted(_KEYS[section] - set(table))
    where = f"[{section}]" if section else "top level"
    if unknown:
        raise InputError(f"{path}: {where}: unknown key {unknown[0]!r}")
    if missing:
        raise InputError(f"{path}: {where}: missing key {missing[0]!r}")


@cache
def load_settings(path: Path = SETTINGS_PATH) -> Settings:
    """Read and check ``path``; an unknown or missing key is an error naming the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InputError(f"{path}: {err}") from None
    _check(data, "", path)
    _check(data["text"], "text", path)
    _check(data["weights"], "weights", path)
    text, weights = data["text"], data["weights"]
    try:
        return Settings(
            threshold=float(data["threshold"]),
            shared_words=int(data["shared_words"]),
            stop_words=frozenset(str(w).casefold() for w in text["stop_words"]),
            suffixes=tuple((str(s), str(r)) for s, r in text["suffixes"]),
            min_stem=int(text["min_stem"]),
            min_length=int(text["min_length"]),
            name_weight=float(text["name_weight"]),
            same_type=float(weights["same_type"]),
            same_year=float(weights["same_year"]),
            shared_facet=float(weights["shared_facet"]),
            disjoint_facet=float(weights["disjoint_facet"]),
        )
    except (TypeError, ValueError) as err:
        raise InputError(f"{path}: {err}") from None
