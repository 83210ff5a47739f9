"""Citations of the Sustainable Development Goals, their targets and indicators.

Why its own module: an activity's link to a Goal (``ccpj:citesGoal``) is not an entity the
linker resolves by name but a numbered citation ("Sustainable Development Goals 5, 11 and 16",
"target 16.3", "indicator 16.3.2"). The citation forms are the United Nations' own, shared by
every family of reports, so they are reference data beside the Goals, not a profile's rules:
``data/reference/sdg-citations.toml`` (forms) and ``data/reference/sdg.ttl`` (the Goals and
targets, keyed by their UN code as ``skos:notation``). An indicator cites the target it
measures; a target the reference data lacks cites its Goal. A bare "Goal 16" cites a
Sustainable Development Goal only where the paragraph has named the Goals before it, and that
sentence joins the activity's evidence, so the fact stays inside the evidence (``ccpj check
grounding``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError
from ccpj_graph.extract._rules import phrase_pattern
from ccpj_graph.extract.places import sentence_of
from ccpj_graph.tomlfile import read_toml

__all__ = ["CITATIONS_FILE", "Citation", "citations", "cited_goals", "goal_keys", "load_forms"]

#: the citation forms, beside the Goals in the reference data
CITATIONS_FILE = "sdg-citations.toml"

_SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
_SDG_BASE = "https://w3id.org/ccpj/id/sdg/"


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited code: ``key`` is the concept's key (``id/sdg/<key>``), ``start``/``end`` the
    code's offsets, ``lead`` where the words that introduce it start."""

    key: str
    code: str
    start: int
    end: int
    lead: int
    needs_context: bool


@dataclass(frozen=True, slots=True)
class _Lead:
    pattern: re.Pattern[str]
    context: bool
    min_depth: int


@dataclass(frozen=True, slots=True)
class _Rules:
    leads: tuple[_Lead, ...]
    code: re.Pattern[str]
    separator: re.Pattern[str]
    count_after: re.Pattern[str]
    context: re.Pattern[str]


def _compile(pattern: object, what: str, path: Path) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise CcpjError(f"{path}: {what} must be a non-empty regular expression")
    try:
        return re.compile(pattern)
    except re.error as err:
        raise CcpjError(f"{path}: {what}: {err}") from err


@cache
def _parsed(path: Path, stamp: int) -> Mapping[str, object]:
    return read_toml(path)[0]


def load_forms(path: Path | None = None) -> Mapping[str, object]:
    """The parsed citation forms (``data/reference/sdg-citations.toml``), re-read when the
    file changes."""
    path, stamp = resources.file_stamp(path or resources.reference_file(CITATIONS_FILE))
    return _parsed(path, stamp or 0)


def _rules(path: Path | None = None) -> _Rules:
    path, stamp = resources.file_stamp(path or resources.reference_file(CITATIONS_FILE))
    return _compiled(path, stamp or 0)


@cache
def _compiled(path: Path, stamp: int) -> _Rules:
    rules = _parsed(path, stamp)
    code = rules.get("code")
    if not isinstance(code, str):
        raise CcpjError(f"{path}: needs code = '<regular expression>'")
    # a code ends where no letter, digit or further ".part" follows ("16." ends a sentence)
    code_re = rf"(?:{code})(?![0-9A-Za-z]|\.[0-9a-z])"
    leads = []
    raw = rules.get("leads", [])
    for n, lead in enumerate(raw if isinstance(raw, list) else [], start=1):
        if not isinstance(lead, dict):
            raise CcpjError(f"{path}: leads[{n}] must be a table ([[leads]])")
        words = _compile(lead.get("pattern"), f"leads[{n}].pattern", path).pattern
        leads.append(
            _Lead(
                pattern=_compile(rf"(?<![\w-])(?:{words})\s+(?={code_re})", f"leads[{n}]", path),
                context=bool(lead.get("context", False)),
                min_depth=int(lead.get("min_depth", 1)),
            )
        )
    context = rules.get("context", [])
    if not leads or not isinstance(context, list) or not context:
        raise CcpjError(f"{path}: needs [[leads]] and context = [...]")
    return _Rules(
        leads=tuple(leads),
        code=_compile(code_re, "code", path),
        separator=_compile(rules.get("separator"), "separator", path),
        count_after=_compile(rules.get("count_after"), "count_after", path),
        context=re.compile(phrase_pattern([str(c) for c in context])),
    )


@cache
def _concepts(path: Path, stamp: int) -> dict[str, str]:
    from ccpj_graph.rdfio import read_triples

    out: dict[str, str] = {}
    for t in read_triples(path, fmt="turtle"):
        subject, code = t.subject, t.object
        if (
            t.predicate.value == _SKOS_NOTATION
            and isinstance(subject, pyoxigraph.NamedNode)
            and isinstance(code, pyoxigraph.Literal)
            and subject.value.startswith(_SDG_BASE)
        ):
            out[code.value] = subject.value.removeprefix(_SDG_BASE)
    return out


def goal_keys(path: Path | None = None) -> dict[str, str]:
    """UN code -> concept key of every Goal and target in ``sdg.ttl`` ("16.3" -> "16-3")."""
    path, stamp = resources.file_stamp(path or resources.reference_file("sdg.ttl"))
    if stamp is None:
        return {}
    return _concepts(path, stamp)


def _key(code: str, concepts: dict[str, str]) -> str | None:
    parts = code.split(".")
    if parts[0] not in concepts:
        return None  # "Goal 18": no Goal
    if len(parts) == 1:
        return concepts[parts[0]]
    return concepts.get(".".join(parts[:2]), concepts[parts[0]])


def citations(text: str, *, concepts: dict[str, str] | None = None) -> list[Citation]:
    """Every Goal, target or indicator ``text`` cites, in text order."""
    rules = _rules()
    concepts = goal_keys() if concepts is None else concepts
    taken: list[tuple[int, int]] = []
    found: list[Citation] = []
    for lead in rules.leads:
        for match in lead.pattern.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            at = match.end()
            first = True
            end = at
            while (code := rules.code.match(text, at)) is not None:
                if not first and rules.count_after.match(text, code.end()):
                    break  # "Goal 16, and 17 countries"
                value = code.group()
                key = _key(value, concepts)
                if key is not None and len(value.split(".")) >= lead.min_depth:
                    found.append(
                        Citation(key, value, code.start(), code.end(), match.start(), lead.context)
                    )
                end = code.end()
                first = False
                joined = rules.separator.match(text, end)
                if joined is None:
                    break
                at = joined.end()
            taken.append((match.start(), end))
    return sorted(found, key=lambda c: (c.start, c.key))


def cited_goals(
    text: str,
    scope: Sequence[tuple[int, int]],
    evidence_start: int,
    sentences: Sequence[tuple[int, int]],
    *,
    found: Sequence[Citation] | None = None,
) -> tuple[tuple[str, ...], int]:
    """The Goals and targets an activity's clauses (``scope``) cite, and where its evidence
    must start: a bare "Goal 16" rests on the sentence that names the Goals before it.
    ``found``: ``citations(text)``, when the caller has them (once per paragraph, not once
    per activity)."""
    start = evidence_start
    keys: list[str] = []
    context = _rules().context
    for cited in citations(text) if found is None else found:
        if not any(a <= cited.start and cited.end <= b for a, b in scope):
            continue
        if cited.needs_context:
            named = [m.start() for m in context.finditer(text, 0, cited.lead)]
            if not named:
                continue
            start = min(start, sentence_of(sentences, named[-1])[0])
        keys.append(cited.key)
    return tuple(dict.fromkeys(keys)), start
