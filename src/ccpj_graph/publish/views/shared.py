"""What every page kind needs: the activities filed under each entity, and the rows they show.

Each page kind (``country.py``, ``standard.py`` ...) builds its section from one
:class:`Shared`, made once per site, so every page counts and orders activities, links and
citations the same way, and the activities are filed under their entities only once.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from ccpj_graph.namespaces import ONTOLOGY_NS
from ccpj_graph.publish.analyst import Activity, Analyst, Paragraph
from ccpj_graph.publish.cite import Citation, cite_paragraph

__all__ = ["CCPJ", "SKOS", "Shared", "heading", "natural", "newest_first"]

CCPJ = ONTOLOGY_NS
SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
_WIKIDATA = "http://www.wikidata.org/entity/"
_LEXVO_M49 = "http://lexvo.org/id/un_m49/"
_UN_SDG = "http://metadata.un.org/sdg/"
_UNDOCS = "https://undocs.org/"


def natural(text: str) -> tuple[Any, ...]:
    """Sort key that puts "para. 9" before "para. 10" (case kept: keys and IRIs)."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def newest_first(years: Iterable[str], undated: str) -> list[str]:
    """Four-digit years, newest first, with ``undated`` (how a missing year shows) last."""
    return sorted(years, key=lambda y: (y == undated, "" if y == undated else str(9999 - int(y))))


def heading(paragraph: Paragraph) -> str:
    """The section a paragraph stands in, number and title: ``III. Technical assistance``."""
    return f"{paragraph.section} {paragraph.section_title}".strip()


class Shared:
    """The analyst model, the site's link maker and the activities filed under each entity."""

    def __init__(self, analyst: Analyst, href: Callable[[str, str], str | None]) -> None:
        self.a = analyst
        self.href = href
        self.by_country = analyst.by("countries")
        self.by_region = analyst.by("regions")
        self.by_partner = analyst.by("partners")
        self.by_standard = analyst.by("standards")
        self.by_mandate = analyst.by("mandates")
        self.by_tool = analyst.by("tools")
        self.by_goal = analyst.by("goals")
        self.by_theme: dict[str, list[Activity]] = defaultdict(list)
        for activity in analyst.activities.values():
            themes: set[str] = set()
            for theme in activity.themes:
                themes |= analyst.theme_closure(theme)
            for theme in sorted(themes):
                self.by_theme[theme].append(activity)
        # the paragraphs that cite each mandate, for an activity or not
        self.citing: dict[str, list[Paragraph]] = defaultdict(list)
        for paragraph in analyst.paragraphs.values():
            for mandate in analyst.iris(paragraph.iri, CCPJ + "mentionsMandate"):
                self.citing[mandate].append(paragraph)
        self.by_paragraph: dict[str, list[Activity]] = defaultdict(list)
        self.by_report: dict[str, list[Activity]] = defaultdict(list)
        for activity in analyst.activities.values():
            if activity.paragraph:
                self.by_paragraph[activity.paragraph].append(activity)
            report = analyst.report_of(activity)
            if report:
                self.by_report[report.iri].append(activity)
        # places covered through a region: a country's activities include its own only
        self.counts: dict[str, int] = {}
        for index in (
            self.by_country,
            self.by_region,
            self.by_partner,
            self.by_standard,
            self.by_mandate,
            self.by_tool,
            self.by_goal,
            self.by_theme,
            self.by_report,
        ):
            for iri, items in index.items():
                self.counts[iri] = len(items)

    def elsewhere(self, iri: str) -> list[dict[str, str]]:
        """Links out the curated data states (``skos:exactMatch``, ``rdfs:seeAlso``)."""
        out = []
        symbol = self.a.literal(iri, _DCT + "identifier")
        for target in self.a.iris(iri, SKOS + "exactMatch") + self.a.iris(iri, _SEE_ALSO):
            if not target.startswith(("http://", "https://")):
                continue
            if target.startswith(_WIKIDATA):
                label = "Wikidata " + target.removeprefix(_WIKIDATA)
            elif target.startswith(_LEXVO_M49):
                label = "UN M49 " + target.removeprefix(_LEXVO_M49)
            elif target.startswith(_UN_SDG):
                label = "UN SDG metadata " + target.removeprefix(_UN_SDG)
            elif target.startswith(_UNDOCS):
                label = symbol or target.removeprefix(_UNDOCS)
            else:
                label = target
            out.append({"label": label, "href": target})
        return out

    def stated(self, iri: str, *fields: tuple[str, str]) -> list[tuple[str, str]]:
        """``(label, value)`` for each ``(label, property)`` whose value ``iri`` states."""
        return [(label, value) for label, prop in fields if (value := self.a.literal(iri, prop))]

    def by_label(self, iris: Iterable[str]) -> list[str]:
        """IRIs in the order of their labels (ties keep the order given)."""
        return sorted(iris, key=lambda i: self.a.label(i).casefold())

    def link(self, iri: str, root: str) -> dict[str, Any]:
        """An entity as the templates link it: its label, and its page under ``root``."""
        return {"iri": iri, "label": self.a.label(iri), "href": self.href(iri, root)}

    def links(self, iris: Iterable[str], root: str) -> list[dict[str, Any]]:
        """Links in reading order: by label, the IRI breaking ties."""
        return sorted(
            (self.link(i, root) for i in iris), key=lambda x: (x["label"].casefold(), x["iri"])
        )

    @staticmethod
    def citation(c: Citation) -> dict[str, Any]:
        return {"text": c.text, "href": c.href, "symbol": c.symbol}

    def paragraph_citation(self, paragraph_iri: str) -> dict[str, Any] | None:
        """The pinpoint citation of a paragraph (symbol, para., date), when it is one we know."""
        paragraph = self.a.paragraphs.get(paragraph_iri)
        if paragraph is None:
            return None
        report = self.a.reports.get(paragraph.report or "")
        return self.citation(cite_paragraph(report, paragraph.number))

    def activity_citation(self, activity: Activity) -> Citation:
        """Where an activity is stated: its report and paragraph number."""
        paragraph = self.a.paragraphs.get(activity.paragraph or "")
        report = self.a.report_of(activity)
        return cite_paragraph(report, paragraph.number if paragraph else "?")

    def activity_row(self, activity: Activity, root: str) -> dict[str, Any]:
        """One activity as a list item: what, when, where, with whom, under which standard."""
        return {
            "link": self.link(activity.iri, root),
            "key": activity.key,
            "year": activity.year or "",
            "type": self.a.type_label(activity.type_key),
            "themes": self.links(activity.themes, root),
            "countries": self.links(activity.countries, root),
            "regions": self.links(activity.regions, root),
            "partners": [
                {**self.link(org, root), "role": self.a.role_label(role)}
                for org, role in sorted(
                    activity.partners, key=lambda p: (self.a.label(p[0]).casefold(), p[0])
                )
            ],
            "standards": self.links(activity.standards, root),
            "goals": self.links(activity.goals, root),
            "quote": activity.quote,
            "cite": self.citation(self.activity_citation(activity)),
            "paragraph": self.link(activity.paragraph, root) if activity.paragraph else None,
            "same_work": [
                {
                    "href": self.href(other, root),
                    "label": self.a.label(self.a.activities[other].paragraph or other),
                }
                for other in activity.same_work
            ],
        }

    def by_year(self, activities: Iterable[Activity], root: str) -> list[dict[str, Any]]:
        """Activities grouped by year, newest first (undated last), in report order within."""
        groups: dict[str, list[Activity]] = defaultdict(list)
        for activity in activities:
            groups[activity.year or ""].append(activity)
        return [
            {
                "year": year or "Year not stated",
                "activities": [
                    self.activity_row(a, root)
                    for a in sorted(groups[year], key=lambda a: natural(a.key))
                ],
            }
            for year in newest_first(groups, "")
        ]

    def counted(
        self, values: Iterable[str], root: str, *, extra: Callable[[str], str] | None = None
    ) -> list[dict[str, Any]]:
        """Distinct values with how often they occur, most frequent first."""
        counts = Counter(values)
        rows = []
        for iri, n in counts.items():
            row = {**self.link(iri, root), "count": n}
            if extra is not None:
                row["extra"] = extra(iri)
            rows.append(row)
        rows.sort(key=lambda r: (-r["count"], r["label"].casefold(), r["iri"]))
        return rows

    def year_theme_table(self, activities: list[Activity], root: str) -> dict[str, Any] | None:
        """Counts of activities per year (rows, newest first) and theme (columns)."""
        if not activities:
            return None
        cells: Counter[tuple[str, str]] = Counter()
        themes: Counter[str] = Counter()
        years: set[str] = set()
        for activity in activities:
            year = activity.year or "—"
            years.add(year)
            for theme in activity.themes:
                cells[(year, theme)] += 1
                themes[theme] += 1
        columns = sorted(themes, key=lambda t: (-themes[t], self.a.label(t).casefold()))
        return {
            "columns": [self.link(t, root) for t in columns],
            "rows": [
                {
                    "year": year,
                    "cells": [cells[(year, t)] for t in columns],
                    "total": sum(1 for a in activities if (a.year or "—") == year),
                }
                for year in newest_first(years, "—")
            ],
        }

    def partner_rows(self, activities: list[Activity], root: str) -> list[dict[str, Any]]:
        """The organisations working in ``activities``, each counted once an activity."""
        return self.counted(
            (org for a in activities for org in dict.fromkeys(o for o, _ in a.partners)),
            root,
            extra=lambda org: self.a.kind_label(self.a.kind_of(org)),
        )

    def country_rows(self, activities: list[Activity], root: str) -> list[dict[str, Any]]:
        """The countries ``activities`` took place in, most activities first."""
        return self.counted((c for a in activities for c in a.countries), root)

    def standard_rows(self, activities: list[Activity], root: str) -> list[dict[str, Any]]:
        """The standards ``activities`` applied, most activities first."""
        return self.counted((s for a in activities for s in a.standards), root)

    def summary(self, activities: list[Activity], root: str) -> dict[str, Any]:
        """What a place or theme page shows of its activities: how many, a year × theme
        table, the partners and standards involved, and the activities by year."""
        return {
            "count": len(activities),
            "table": self.year_theme_table(activities, root),
            "partners": self.partner_rows(activities, root),
            "standards": self.standard_rows(activities, root),
            "years": self.by_year(activities, root),
        }
