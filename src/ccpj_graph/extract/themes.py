"""Thematic areas of a paragraph or an activity, from what its text says.

Multi-label and cue-based (``rules/themes.toml``): every theme whose cue phrases weigh enough
in the text is assigned. Names of organisations are masked first, so "UN-Women" or "the
Thailand Institute of Justice" do not make a paragraph about gender or justice. The section
heading adds its strongest core theme, since report 001 is organised by outcome; a report
organised by region (004) gets no theme from its headings ("A. Africa" names none) and is
classified by content alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ccpj_graph.extract._rules import load_rules, phrase_pattern

__all__ = ["ThemeCues", "classify_themes", "heading_themes", "theme_cues"]


@dataclass(frozen=True, slots=True)
class _Theme:
    key: str
    core: bool
    heading_only: bool
    strong: re.Pattern[str] | None
    weak: re.Pattern[str] | None
    weak_weight: float


@dataclass(frozen=True, slots=True)
class ThemeCues:
    """The compiled cue table; ``order`` is the order of ``rules/themes.toml``."""

    themes: tuple[_Theme, ...]
    threshold: float
    neutral: re.Pattern[str] | None = None

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.themes)


def _compile(phrases: list[str] | None) -> re.Pattern[str] | None:
    if not phrases:
        return None
    return re.compile(phrase_pattern(phrases), re.IGNORECASE)


@cache
def theme_cues(allowed: frozenset[str] | None = None) -> ThemeCues:
    """The cue table, limited to ``allowed`` theme keys when given (the reference data's)."""
    rules = load_rules("themes")
    themes = []
    for key, spec in rules["themes"].items():
        if allowed is not None and key not in allowed:
            continue
        themes.append(
            _Theme(
                key=key,
                core=bool(spec.get("core", False)),
                heading_only=bool(spec.get("heading_only", False)),
                strong=_compile(spec.get("strong")),
                weak=_compile(spec.get("weak")),
                weak_weight=float(spec.get("weak_weight", 0.5)),
            )
        )
    neutral = rules.get("neutral")
    return ThemeCues(
        themes=tuple(themes),
        threshold=float(rules.get("threshold", 1.0)),
        neutral=re.compile(phrase_pattern(neutral)) if neutral else None,
    )


def _scores(text: str, cues: ThemeCues) -> dict[str, float]:
    if cues.neutral is not None:
        text = cues.neutral.sub(lambda m: " " * len(m.group(0)), text)
    scores: dict[str, float] = {}
    for theme in cues.themes:
        score = 0.0
        if theme.strong is not None:
            score += len(theme.strong.findall(text))
        if theme.weak is not None:
            score += theme.weak_weight * len(theme.weak.findall(text))
        if score:
            scores[theme.key] = score
    return scores


def heading_themes(section_title: str, cues: ThemeCues) -> tuple[str | None, str | None]:
    """(strongest core theme, strongest other theme) a section heading names, if any."""
    scores = _scores(section_title, cues)
    best: dict[bool, tuple[float, str] | None] = {True: None, False: None}
    for theme in cues.themes:
        score = scores.get(theme.key, 0.0)
        if score < cues.threshold:
            continue
        current = best[theme.core]
        if current is None or score > current[0]:
            best[theme.core] = (score, theme.key)
    core, other = best[True], best[False]
    return (core[1] if core else None, other[1] if other else None)


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = " "
    return "".join(chars)


def classify_themes(
    text: str,
    *,
    section_title: str = "",
    masked: Iterable[tuple[int, int]] = (),
    cues: ThemeCues | None = None,
) -> tuple[str, ...]:
    """Theme keys for ``text`` in the order of the cue table (deterministic).

    ``masked`` are (start, end) offsets of names (organisations) whose words must not count.
    """
    cues = cues or theme_cues()
    scores = _scores(_mask(text, masked), cues)
    chosen = {
        t.key
        for t in cues.themes
        if not t.heading_only and scores.get(t.key, 0.0) >= cues.threshold
    }
    core, other = heading_themes(section_title, cues) if section_title else (None, None)
    if core:
        chosen.add(core)
    has_core = any(t.core and t.key in chosen for t in cues.themes)
    if other and not has_core:
        chosen.add(other)
    return tuple(key for key in cues.order if key in chosen)
