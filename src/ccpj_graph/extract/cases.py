"""A profile's regression cases (``data/profiles/<name>/cases/*.toml``), checked against its rules.

Why: a maintainer who does not read Python records what a paragraph must yield (its activities
with their facts) the way they read it; :func:`check_case` extracts the paragraph with the
profile's rules and says, with the case's file and line, every expectation the rules do not
meet. The format is in ``cases/README.md`` of each profile.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccpj_graph.corpus.model import Footnote, Paragraph, Report, ReportMeta
from ccpj_graph.extract.facts import ActivityFact
from ccpj_graph.extract.profile import Profile, ProfileError
from ccpj_graph.tomlfile import read_toml

__all__ = ["Case", "check_case", "load_cases"]

_LISTS = ("countries", "regions", "partners", "standards", "mandates", "themes")
_ACTIVITY_KEYS = frozenset(
    {"quote", "type", "year", *_LISTS, *(f"no_{k}" for k in _LISTS)}
)  # fmt: skip
_CASE_KEYS = frozenset(
    {
        "name",
        "report",
        "paragraph",
        "text",
        "footnotes",
        "section_title",
        "year",
        "activities",
        "activity",
    }
)


@dataclass(frozen=True)
class Case:
    """One paragraph and the activities a reader expects from it."""

    path: Path
    line: int
    name: str
    spec: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def load_cases(profile: Profile) -> list[Case]:
    """Every case of ``profile``'s ``cases/`` folder, in file and then file order."""
    cases: list[Case] = []
    for path in sorted((profile.folder / "cases").glob("*.toml")):
        data, lines = read_toml(path, error=ProfileError)
        starts = [i + 1 for i, line in enumerate(lines) if line.strip() == "[[case]]"]
        unknown = set(data) - {"case"}
        if unknown:
            raise ProfileError(f"{path}:1: unknown key {sorted(unknown)[0]!r} (only [[case]])")
        for i, spec in enumerate(data.get("case", [])):
            line = starts[i] if i < len(starts) else 1
            case = Case(path, line, str(spec.get("name", f"case {i + 1}")), spec)
            _check_shape(case)
            cases.append(case)
    return cases


def _check_shape(case: Case) -> None:
    spec = case.spec
    for key in spec:
        if key not in _CASE_KEYS:
            raise ProfileError(f"{case.where}: case {case.name!r}: unknown key {key!r}")
    if ("text" in spec) == ("report" in spec and "paragraph" in spec):
        raise ProfileError(
            f"{case.where}: case {case.name!r}: give either text or report and paragraph"
        )
    notes = spec.get("footnotes", [])
    if "footnotes" in spec and (
        "text" not in spec
        or not isinstance(notes, list)
        or not all(isinstance(n, str) for n in notes)
    ):
        raise ProfileError(
            f"{case.where}: case {case.name!r}: footnotes must be a list of texts, with text"
        )
    if "section_title" in spec and (
        "text" not in spec or not isinstance(spec["section_title"], str)
    ):
        raise ProfileError(
            f"{case.where}: case {case.name!r}: section_title must be a text, with text"
        )
    for entry in spec.get("activity", []):
        for key in entry:
            if key not in _ACTIVITY_KEYS:
                raise ProfileError(f"{case.where}: case {case.name!r}: unknown key {key!r}")


def _paragraph(case: Case, corpus: Mapping[str, Report]) -> Report:
    spec = case.spec
    if "text" in spec:
        year = int(spec.get("year", 2021))
        meta = ReportMeta(
            key="case",
            file_name="case.txt",
            title=case.name,
            body="-",
            period_start=year,
            period_end=year,
        )
        text = str(spec["text"])
        # a pasted paragraph's footnotes stand after it, as a note whose mark the text lacks
        notes = tuple(
            Footnote(mark=str(i), text=note, offset=len(text))
            for i, note in enumerate(spec.get("footnotes", []), start=1)
        )
        paragraph = Paragraph(
            report="case",
            number="1",
            section="I",
            section_title=str(spec.get("section_title", "")),
            text=text,
            footnotes=notes,
        )
        return Report(meta=meta, paragraphs=(paragraph,))
    report = corpus.get(str(spec["report"]))
    if report is None:
        raise ProfileError(f"{case.where}: case {case.name!r}: no report {spec['report']!r}")
    found = [p for p in report.paragraphs if p.number == str(spec["paragraph"])]
    if not found:
        raise ProfileError(
            f"{case.where}: case {case.name!r}: report {report.key} has no paragraph "
            f"{spec['paragraph']!r}"
        )
    return Report(meta=report.meta, paragraphs=tuple(found))


def _facts(activity: ActivityFact) -> dict[str, set[str]]:
    partners = {p.org for p in activity.partners} | {f"{p.org}:{p.role}" for p in activity.partners}
    return {
        "countries": set(activity.countries),
        "regions": set(activity.regions),
        "partners": partners,
        "standards": set(activity.standards),
        "mandates": set(activity.mandates),
        "themes": set(activity.themes),
    }


def _misses(expected: Mapping[str, Any], activity: ActivityFact) -> list[str]:
    facts = _facts(activity)
    misses = []
    if "type" in expected and activity.type != expected["type"]:
        misses.append(f"type {activity.type!r}, not {expected['type']!r}")
    if "year" in expected and activity.year != expected["year"]:
        misses.append(f"year {activity.year}, not {expected['year']}")
    for key in _LISTS:
        lacking = sorted(set(expected.get(key, [])) - facts[key])
        if lacking:
            misses.append(f"{key} lack {lacking}")
        present = sorted(set(expected.get(f"no_{key}", [])) & facts[key])
        if present:
            misses.append(f"{key} include {present}")
    return misses


def _describe(activity: ActivityFact) -> str:
    partners = [f"{p.org}:{p.role}" for p in activity.partners]
    return (
        f"{activity.key} {activity.type} countries {list(activity.countries)} partners "
        f"{partners} themes {list(activity.themes)} quote {activity.quote[:60]!r}"
    )


def check_case(
    case: Case, corpus: Mapping[str, Report], extract: Any, profile: Profile
) -> list[str]:
    """Every way the rules of ``profile`` contradict ``case`` (empty: the case holds).

    ``extract`` is :func:`ccpj_graph.extract.pipeline.extract_report` (passed in so this module
    stays below the pipeline)."""
    report = _paragraph(case, corpus)
    activities: Sequence[ActivityFact] = extract(report, profile=profile).activities
    problems = []
    head = f"{case.where}: case {case.name!r}"
    count = case.spec.get("activities")
    if count is not None and len(activities) != count:
        problems.append(f"{head}: {len(activities)} activities, not {count}")
    for i, expected in enumerate(case.spec.get("activity", []), start=1):
        quote = str(expected.get("quote", ""))
        pattern = re.compile(r"\s+".join(re.escape(w) for w in quote.split()))
        candidates = [a for a in activities if pattern.search(a.quote)]
        if not candidates:
            found = "; ".join(_describe(a) for a in activities) or "no activity"
            problems.append(f"{head}: activity {i}: no activity quotes {quote!r} ({found})")
            continue
        results = [(a, _misses(expected, a)) for a in candidates]
        if all(misses for _, misses in results):
            best, misses = min(results, key=lambda r: len(r[1]))
            problems.append(f"{head}: activity {i} ({best.key}): {'; '.join(misses)}")
    return problems
