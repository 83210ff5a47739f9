"""Which year a paragraph or an activity belongs to, and how we know.

An explicit date in the text wins ("On 18 July 2021, ...": ``explicit``); otherwise the
report's period gives the year (``reporting-period``). A paragraph not tied to a period (the
report's mandate, the conclusions) has none. For a report that covers several years and a
paragraph that does not date itself, the year is the one the report's own dated paragraphs
name most often (ties go to the later year): report 002 covers "2020 to mid-2021" and most of
its dated work is dated 2020, so its undated paragraphs get 2020, not the period's end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ccpj_graph.corpus.model import Report
from ccpj_graph.extract._rules import agent, load_rules, phrase_pattern
from ccpj_graph.extract.profile import per_profile
from ccpj_graph.extract.sentences import split_sentences

__all__ = [
    "Period",
    "YearMention",
    "default_year",
    "explicit_years",
    "is_conclusion_section",
    "paragraph_year",
    "report_period",
    "speaks_of_plans",
    "states_standing_role",
]

_YEAR = re.compile(r"(?<![\w/.-])(19[5-9]\d|20\d\d)(?![\w/]|[-–]\d)")
_RANGE_BEFORE = re.compile(r"(?:19|20)\d\d\s*[-–]\s*$")
_QUOTED = re.compile(r"\*[^*]+\*|“[^”]+”|\"[^\"]+\"")


@dataclass(frozen=True, slots=True)
class Period:
    """The years a report covers and the last year anything in it can be dated to."""

    start: int
    end: int
    latest: int  # the year of issue when known (a report issued in February 2012 covers 2011
    # but may date a January 2012 meeting), else ``end``

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and self.start <= year <= self.latest


@dataclass(frozen=True, slots=True)
class YearMention:
    """A year the text uses as a date, with its offsets in the text."""

    year: int
    start: int
    end: int


@per_profile
def _patterns() -> dict[str, re.Pattern[str]]:
    rules = load_rules("years")
    return {
        "future": re.compile(phrase_pattern(rules["future_cues"]), re.IGNORECASE),
        "done": re.compile(phrase_pattern(rules["done_cues"]), re.IGNORECASE),
        "range": re.compile(
            phrase_pattern(rules["range_openers"]) + r"\s+(?:\w+\s+){0,3}$", re.IGNORECASE
        ),
        "mandate": re.compile(phrase_pattern(rules["mandate_cues"]), re.IGNORECASE),
        "period": re.compile(phrase_pattern(rules["period_cues"]), re.IGNORECASE),
        "conclusion": re.compile(phrase_pattern(rules["conclusion_sections"]), re.IGNORECASE),
        "standing": re.compile(
            phrase_pattern(rules["standing_role"]).replace("<agent>", agent().name)
        ),
    }


def speaks_of_plans(sentence: str) -> bool:
    """The sentence speaks of plans ("will", "intend to") before it reports anything done
    ("Data collection was completed in Fiji ... and will be completed in ..." reports work):
    it adds nothing to the activity before it."""
    plan = _patterns()["future"].search(sentence)
    return plan is not None and not _patterns()["done"].search(sentence[: plan.start()])


def states_standing_role(text: str, period: Period | None) -> bool:
    """True when the agent speaks of itself in the present tense ("UNODC assists Member
    States ...") and the text neither dates anything nor names the reporting period: said of a
    paragraph that reports no activity, it states a standing role, tied to no period."""
    pats = _patterns()
    if pats["period"].search(text) or (period is not None and explicit_years(text, period)):
        return False
    return bool(pats["standing"].search(text))


def report_period(report: Report) -> Period | None:
    """The report's period from its metadata, or None (a brochure covers no period)."""
    meta = report.meta
    if meta.period_start is None and meta.period_end is None:
        return None
    start = meta.period_start if meta.period_start is not None else meta.period_end
    end = meta.period_end if meta.period_end is not None else meta.period_start
    assert start is not None and end is not None
    latest = end
    if meta.issued and meta.issued[:4].isdigit():
        latest = max(end, int(meta.issued[:4]))
    return Period(start=start, end=end, latest=latest)


def explicit_years(text: str, period: Period | None) -> tuple[YearMention, ...]:
    """Years in ``text`` that date something within ``period``, in order of appearance."""
    if period is None:
        return ()
    pats = _patterns()
    masked = _mask_titles(text)
    found: list[YearMention] = []
    for sentence in split_sentences(masked):
        if pats["future"].search(sentence.text):
            continue
        for match in _YEAR.finditer(masked, sentence.start, sentence.end):
            year = int(match.group(1))
            before = masked[max(sentence.start, match.start() - 40) : match.start()]
            if year not in period or _RANGE_BEFORE.search(before):
                continue
            if pats["range"].search(before):
                continue
            found.append(YearMention(year, match.start(), match.end()))
    return tuple(found)


def _mask_titles(text: str) -> str:
    """Blank out titles in italics or quotes, keeping offsets, so their years do not count."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def default_year(dated: Iterable[int], period: Period) -> int:
    """The year for undated text: the period's year, or its most-dated year if it has several."""
    if period.start == period.end:
        return period.end
    counts = Counter(y for y in dated if period.start <= y <= period.end)
    if not counts:
        return period.end
    best = max(counts.values())
    return max(y for y, n in counts.items() if n == best)


def is_conclusion_section(section_title: str) -> bool:
    """True for a conclusions / recommendations section, which reports no activities."""
    return bool(_patterns()["conclusion"].search(section_title))


def paragraph_year(
    text: str,
    *,
    section_title: str,
    period: Period | None,
    fallback: int | None,
    pursuant_to_cited: bool,
    closing: bool = False,
) -> tuple[int | None, str | None]:
    """(year, basis) for a whole paragraph; basis is "explicit" or "reporting-period".

    ``pursuant_to_cited`` says the paragraph cites the report's own mandate; together with
    "present report" wording that makes it the report's mandate statement, tied to no period.
    ``closing``: the paragraph stands in the report's conclusions, whatever its own heading.
    """
    if period is None:
        return None, None
    pats = _patterns()
    says_period = bool(pats["period"].search(text))
    if not says_period:
        if closing or is_conclusion_section(section_title):
            return None, None
        if pursuant_to_cited and pats["mandate"].search(text):
            return None, None
    years = [m.year for m in explicit_years(text, period)]
    if years:
        return _most_common(years), "explicit"
    return fallback, "reporting-period"


def _most_common(years: list[int]) -> int:
    counts = Counter(years)
    best = max(counts.values())
    return next(y for y in years if counts[y] == best)
