"""Thematic areas of a paragraph or an activity, from what its text says.

Multi-label and cue-based (the profile's ``themes.toml``): every theme whose cue phrases weigh
enough in the text is assigned. Names of organisations are masked first, so "UN-Women" or "the
Thailand Institute of Justice" do not make a paragraph about gender or justice. The section
heading adds its strongest core theme, since report 001 is organised by outcome; a report
organised by region (004) gets no theme from its headings ("A. Africa" names none) and is
classified by content alone. A text with no core theme that names the field itself as its work
("a subprogramme on crime prevention and criminal justice") gets the field's broad themes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from ccpj_graph.extract._rules import load_rules, phrase_pattern
from ccpj_graph.extract.phrases import PhraseMatcher
from ccpj_graph.extract.profile import per_profile
from ccpj_graph.extract.sentences import sentence_start

__all__ = [
    "ThemeCues",
    "ThemeHit",
    "ThemeReading",
    "classify_themes",
    "heading_themes",
    "read_themes",
    "theme_cues",
    "theme_hits",
]


@dataclass(frozen=True, slots=True)
class _Theme:
    key: str
    core: bool
    heading_only: bool
    weak_weight: float


@dataclass(frozen=True, slots=True)
class ThemeCues:
    """The compiled cue table; ``order`` is the order of ``rules/themes.toml``."""

    themes: tuple[_Theme, ...]
    threshold: float
    # every theme's strong and weak cues, keyed (theme's position, strong?) in table order
    matcher: PhraseMatcher[tuple[int, bool]] | None = None
    # cues that count only in a section heading, keyed by theme's position
    heading_matcher: PhraseMatcher[int] | None = None
    pointers: re.Pattern[str] | None = None  # "For more information on ..., see ..."
    neutral: re.Pattern[str] | None = None
    enumeration_themes: int = 0  # 0: no enumeration rule
    enumeration_gap: int = 3
    list_glue: frozenset[str] = frozenset()  # words that join a list's items, lower case
    # before a list that names what the work covers ("threats such as ..."): the list counts
    topic_list_before: re.Pattern[str] | None = None
    field: re.Pattern[str] | None = None  # the field itself named as what the work is about
    field_heading: re.Pattern[str] | None = None  # ... or as what a section is about
    field_themes: tuple[str, ...] = ()

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.themes)


@per_profile
def theme_cues(allowed: frozenset[str] | None = None) -> ThemeCues:
    """The cue table, limited to ``allowed`` theme keys when given (the reference data's)."""
    rules = load_rules("themes")
    themes: list[_Theme] = []
    lists: dict[tuple[int, bool], list[str]] = {}
    heading_lists: dict[int, list[str]] = {}
    for key, spec in rules["themes"].items():
        if allowed is not None and key not in allowed:
            continue
        for strong, name in ((True, "strong"), (False, "weak")):
            if spec.get(name):
                lists[(len(themes), strong)] = spec[name]
        if spec.get("heading"):
            heading_lists[len(themes)] = spec["heading"]
        themes.append(
            _Theme(
                key=key,
                core=bool(spec.get("core", False)),
                heading_only=bool(spec.get("heading_only", False)),
                weak_weight=float(spec.get("weak_weight", 0.5)),
            )
        )
    neutral = rules.get("neutral")
    field = rules.get("field", {})
    keys = {t.key for t in themes}
    return ThemeCues(
        themes=tuple(themes),
        threshold=float(rules.get("threshold", 1.0)),
        matcher=PhraseMatcher(lists) if lists else None,
        heading_matcher=PhraseMatcher(heading_lists) if heading_lists else None,
        pointers=re.compile(phrase_pattern(rules["pointers"])) if rules.get("pointers") else None,
        neutral=re.compile(phrase_pattern(neutral)) if neutral else None,
        enumeration_themes=int(rules.get("enumeration_themes", 0)),
        enumeration_gap=int(rules.get("enumeration_gap_words", 3)),
        list_glue=frozenset(w.lower() for w in rules.get("list_glue", ())),
        topic_list_before=(
            re.compile(rules["topic_list_before"]) if rules.get("topic_list_before") else None
        ),
        # case-sensitive, as ``neutral``: "the Commission on Crime Prevention and Criminal
        # Justice" is a name, "a programme on crime prevention and criminal justice" the field
        field=re.compile(phrase_pattern(field["cues"])) if field.get("cues") else None,
        field_heading=(
            re.compile(phrase_pattern(field["heading"])) if field.get("heading") else None
        ),
        field_themes=tuple(k for k in field.get("themes", ()) if k in keys),
    )


@dataclass(frozen=True, slots=True)
class ThemeHit:
    """One cue found in a text: where, for which theme, with what weight."""

    start: int
    end: int
    theme: str
    weight: float
    field: bool = False  # the field named as a whole: counts only where no core theme does


def theme_hits(text: str, cues: ThemeCues) -> tuple[ThemeHit, ...]:
    """Every cue of ``cues`` in ``text`` (pointers to other sources blanked first, then the
    field's names once the field itself is found), in table order.

    Scanning a paragraph once and summing the hits inside each activity's clauses is what keeps
    classification of every activity cheap.
    """
    hits: list[ThemeHit] = []
    if cues.pointers is not None:  # a pointer to other sources: nothing of it counts
        text = cues.pointers.sub(lambda m: " " * len(m.group(0)), text)
    if cues.field is not None:
        hits.extend(
            ThemeHit(m.start(), m.end(), key, 0.0, field=True)
            for m in cues.field.finditer(text)
            for key in cues.field_themes
        )
    if cues.neutral is not None:
        text = cues.neutral.sub(lambda m: " " * len(m.group(0)), text)
    if cues.matcher is not None:
        for match in cues.matcher.find(text):  # by theme, strong before weak, then position
            theme = cues.themes[match.group[0]]
            weight = 1.0 if match.group[1] else theme.weak_weight
            hits.append(ThemeHit(match.start, match.end, theme.key, weight))
    if cues.enumeration_themes:
        listed = _enumerated(text, hits, cues)
        hits = [h for h in hits if (h.start, h.end, h.theme) not in listed]
    return tuple(hits)


def _enumerated(text: str, hits: Sequence[ThemeHit], cues: ThemeCues) -> set[tuple[int, int, str]]:
    """The non-core cues that stand in a list of ``cues.enumeration_themes`` or more themes
    ("organized crime, drug trafficking, corruption and terrorism"): a list of the Office's
    fields, not what the paragraph is about; unless the words before it make the list what the
    work covers (``cues.topic_list_before``: "trainings on threats such as ...")."""
    core = {t.key for t in cues.themes if t.core}
    others = sorted(
        (h for h in hits if h.theme not in core and not h.field), key=lambda h: (h.start, h.end)
    )
    runs: list[list[ThemeHit]] = []
    for hit in others:
        run = runs[-1] if runs else None
        if run is not None and hit.start < max(h.end for h in run):
            run.append(hit)  # overlapping cues ("asset recovery" of two themes)
            continue
        if run is not None:
            gap = text[max(h.end for h in run) : hit.start]
            words = [w for w in re.findall(r"[\w'’-]+", gap) if w.lower() not in cues.list_glue]
            if len(words) <= cues.enumeration_gap and not re.search(r"[.!?](?:\s|$)", gap):
                run.append(hit)
                continue
        runs.append([hit])
    out: set[tuple[int, int, str]] = set()
    for run in runs:
        if len({h.theme for h in run}) < cues.enumeration_themes:
            continue
        first = min(h.start for h in run)
        if cues.topic_list_before is not None and cues.topic_list_before.search(
            text[sentence_start(text, first) : first]
        ):
            continue
        out.update((h.start, h.end, h.theme) for h in run)
    return out


def _scores(
    hits: Iterable[ThemeHit], spans: Iterable[tuple[int, int]] | None = None
) -> dict[str, float]:
    windows = list(spans) if spans is not None else None
    scores: dict[str, float] = {}
    for hit in hits:
        if hit.field:
            continue
        if windows is not None and not _inside(hit, windows):
            continue
        scores[hit.theme] = scores.get(hit.theme, 0.0) + hit.weight
    return scores


def _inside(hit: ThemeHit, windows: Sequence[tuple[int, int]]) -> bool:
    return any(a <= hit.start and hit.end <= b for a, b in windows)


def heading_themes(section_title: str, cues: ThemeCues) -> tuple[str | None, tuple[str, ...]]:
    """(strongest core theme, every other theme) a section heading names, if any.

    A heading's own cues (``heading`` in the table) count here too: a section titled
    "International cooperation, including ..." is about it, where running text names
    international cooperation in passing as one pillar among several.
    """
    cores, others = _heading_named(section_title, cues)
    return (cores[0] if cores else None, others)


@cache
def _heading_named(section_title: str, cues: ThemeCues) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every core theme ``section_title`` names, strongest first; every other theme)."""
    hits = list(theme_hits(section_title, cues))
    if cues.heading_matcher is not None:
        hits.extend(
            ThemeHit(m.start, m.end, cues.themes[m.group].key, 1.0)
            for m in cues.heading_matcher.find(section_title)
        )
    scores = _scores(hits)
    cores: list[tuple[float, int, str]] = []
    others: list[str] = []
    for position, theme in enumerate(cues.themes):
        score = scores.get(theme.key, 0.0)
        if score < cues.threshold:
            continue
        if not theme.core:
            # "International cooperation to deprive criminals of their proceeds of crime"
            # names two: cooperation, and the money-laundering it is about
            others.append(theme.key)
        else:
            cores.append((-score, position, theme.key))
    return tuple(key for _, _, key in sorted(cores)), tuple(others)


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = " "
    return "".join(chars)


@dataclass(frozen=True, slots=True)
class ThemeReading:
    """How the themes of a text were decided: the cues counted and what each source added.

    ``ccpj extract explain`` prints it, so a maintainer sees which phrase of ``themes.toml``
    (or of the section heading) gave a theme, and which cue fell short of the threshold.
    """

    themes: tuple[str, ...]
    counted: tuple[ThemeHit, ...]  # the weighted cues inside the window, in table order
    scores: dict[str, float]
    threshold: float
    heading_core: str | None  # the heading's strongest core theme, added to the text's
    heading_others: tuple[str, ...]  # the heading's other themes, added: no core theme
    # the field named as the work, in the text or the heading, added: no core theme
    field: tuple[str, ...]


def classify_themes(
    text: str,
    *,
    section_title: str = "",
    masked: Iterable[tuple[int, int]] = (),
    cues: ThemeCues | None = None,
    hits: Sequence[ThemeHit] | None = None,
    within: Iterable[tuple[int, int]] | None = None,
) -> tuple[str, ...]:
    """Theme keys for ``text`` in the order of the cue table (deterministic): the themes of
    :func:`read_themes`, which takes the same arguments."""
    return read_themes(
        text, section_title=section_title, masked=masked, cues=cues, hits=hits, within=within
    ).themes


def read_themes(
    text: str,
    *,
    section_title: str = "",
    masked: Iterable[tuple[int, int]] = (),
    cues: ThemeCues | None = None,
    hits: Sequence[ThemeHit] | None = None,
    within: Iterable[tuple[int, int]] | None = None,
) -> ThemeReading:
    """How the themes of ``text`` are decided (:class:`ThemeReading`); its ``themes`` are
    :func:`classify_themes`.

    ``masked`` are (start, end) offsets of names (organisations) whose words must not count.
    ``hits`` are cues already found in ``text`` (``theme_hits``); ``within`` limits them to
    some spans of it (an activity's clauses).
    """
    cues = cues or theme_cues()
    if hits is None:
        hits = theme_hits(_mask(text, masked), cues)
    windows = list(within) if within is not None else None
    counted = tuple(h for h in hits if not h.field and (windows is None or _inside(h, windows)))
    scores = _scores(counted)
    chosen = {
        t.key
        for t in cues.themes
        if not t.heading_only and scores.get(t.key, 0.0) >= cues.threshold
    }
    cores, others = _heading_named(section_title, cues) if section_title else ((), ())
    # A heading naming one core theme adds it (a report organised by outcome); one naming
    # several ("Persons in custody, non-custodial sanctions and restorative justice") says
    # what the section spans, so a text that names one of them itself keeps its own.
    own = {t.key for t in cues.themes if t.core and t.key in chosen}
    core = None if len(cores) > 1 and own & set(cores) else (cores[0] if cores else None)
    if core:
        chosen.add(core)
    has_core = any(t.core and t.key in chosen for t in cues.themes)
    field: set[str] = set()
    if not has_core:
        # no core theme of its own, but the field itself is what the work is about ("its
        # thematic programme on crime prevention and criminal justice"), in its own words or
        # its section's ("Fourteenth Congress and follow-up to the Thirteenth Congress"): the
        # field's themes
        field.update(h.theme for h in hits if h.field and (windows is None or _inside(h, windows)))
        if section_title:
            field.update(_heading_field(section_title, cues))
        chosen.update(field)
        chosen.update(others)  # the heading's non-core themes
    return ThemeReading(
        themes=tuple(key for key in cues.order if key in chosen),
        counted=counted,
        scores=scores,
        threshold=cues.threshold,
        heading_core=core,
        heading_others=() if has_core else others,
        field=tuple(key for key in cues.order if key in field),
    )


@cache
def _heading_field(section_title: str, cues: ThemeCues) -> frozenset[str]:
    """The field's themes when a section heading names the field as its subject."""
    named = any(h.field for h in theme_hits(section_title, cues)) or bool(
        cues.field_heading is not None and cues.field_heading.search(section_title)
    )
    return frozenset(cues.field_themes) if named else frozenset()
