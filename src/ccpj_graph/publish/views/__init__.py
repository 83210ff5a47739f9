"""The question-shaped part of each HTML page, as plain dicts for the templates.

A country page answers "what did UNODC do here, when, with whom, under which standards": its
activities grouped by year (newest first), each with its type, themes, partners and their
roles, standards and citation; a year × theme count table; its partners and standards with
counts; the regions it lies in. Organisation, standard, report, mandate, theme, tool, region,
paragraph and activity pages follow the same idea. Index pages list what has activities
first, with counts. Everything is computed from :class:`~ccpj_graph.publish.analyst.Analyst`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from ccpj_graph.publish.analyst import Activity, Analyst
from ccpj_graph.publish.cite import Citation, cite_paragraph, cite_report, human_date
from ccpj_graph.publish.worldmap import choropleth

__all__ = ["INDEX_ORDER", "NAV", "Views", "highlight"]

#: Navigation in users' words: (label, entity type segment).
NAV: tuple[tuple[str, str], ...] = (
    ("Countries", "country"),
    ("Organisations", "org"),
    ("Standards", "standard"),
    ("Mandates", "mandate"),
    ("Activities", "activity"),
    ("Reports", "report"),
    ("Themes", "theme"),
)
#: Index pages in the order the home page lists them (the rest follow by name).
INDEX_ORDER = ("country", "org", "standard", "mandate", "activity", "report", "theme", "tool")
_TITLES = {
    "activity": "Activities",
    "cluster": "Standard clusters",
    "country": "Countries",
    "mandate": "Mandates",
    "org": "Organisations",
    "paragraph": "Paragraphs",
    "partnership": "Partnerships",
    "region": "Regions",
    "report": "Reports",
    "role": "Partner roles",
    "same-work": "Same-work links",
    "scheme": "Concept schemes",
    "sdg": "Sustainable Development Goals",
    "standard": "Standards",
    "theme": "Themes",
    "tool": "Publications and tools",
}
_C = "https://w3id.org/ccpj/ontology#"
_DCT = "http://purl.org/dc/terms/"
_SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
_WIKIDATA = "http://www.wikidata.org/entity/"
_LEXVO_M49 = "http://lexvo.org/id/un_m49/"
_UN_SDG = "http://metadata.un.org/sdg/"
_UNDOCS = "https://undocs.org/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_WORD = re.compile(r"\w+")
#: The activity-browser facet an entity page links to, filtered to the entity.
_BROWSE_FACET = {
    "country": "country",
    "region": "region",
    "org": "org",
    "standard": "standard",
    "theme": "theme",
    "report": "report",
}
#: Every key a section may carry (the templates are strict about undefined names).
_SECTION_KEYS = (
    "browse",
    "map",
    "worldmap",
    "elsewhere",
    "facts",
    "state",
    "regions",
    "adopted_by",
    "clusters",
    "bodies",
    "mandates",
    "report",
    "broader",
    "narrower",
    "roles",
    "tools",
    "cite",
    "row",
    "parts",
    "paragraph_text",
    "section",
    "members",
    "table",
    "uptake",
    "partners",
    "codeliverers",
    "countries",
    "standards",
    "reports",
    "paragraphs",
    "years",
    "count",
)


def kind_title(kind: str) -> str:
    return _TITLES.get(kind, kind.capitalize())


def highlight(text: str, quote: str, span: tuple[int, int] | None) -> list[dict[str, Any]] | None:
    """``text`` cut into parts, the evidence marked: by its stated offsets, else by its words.

    The quote may differ from the paragraph in spacing or a trailing full stop, so it is found
    as the same sequence of words; None when it cannot be found.
    """
    if span is not None and 0 <= span[0] < span[1] <= len(text):
        start, end = span
    else:
        words = _WORD.findall(quote)
        if not words:
            return None
        pattern = r"\W+".join(re.escape(w) for w in words)
        found = re.search(pattern, text)
        if found is None:
            return None
        start, end = found.span()
    parts = [
        {"text": text[:start], "mark": False},
        {"text": text[start:end], "mark": True},
        {"text": text[end:], "mark": False},
    ]
    return [p for p in parts if p["text"]]


class Views:
    """Builds the analyst sections of entity pages and the index pages."""

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

    # --- small pieces ----------------------------------------------------------------------

    def elsewhere(self, iri: str) -> list[dict[str, str]]:
        """Links out the curated data states (``skos:exactMatch``, ``rdfs:seeAlso``)."""
        out = []
        symbol = self.a.literal(iri, _DCT + "identifier")
        for target in self.a.iris(iri, _SKOS + "exactMatch") + self.a.iris(iri, _SEE_ALSO):
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

    def link(self, iri: str, root: str) -> dict[str, Any]:
        return {"iri": iri, "label": self.a.label(iri), "href": self.href(iri, root)}

    def links(self, iris: Iterable[str], root: str) -> list[dict[str, Any]]:
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
        years = sorted(groups, key=lambda y: (y == "", "" if y == "" else str(9999 - int(y))))
        return [
            {
                "year": year or "Year not stated",
                "activities": [
                    self.activity_row(a, root)
                    for a in sorted(groups[year], key=lambda a: _natural(a.key))
                ],
            }
            for year in years
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
        ordered = sorted(years, key=lambda y: (y == "—", "" if y == "—" else str(9999 - int(y))))
        return {
            "columns": [self.link(t, root) for t in columns],
            "rows": [
                {
                    "year": year,
                    "cells": [cells[(year, t)] for t in columns],
                    "total": sum(1 for a in activities if (a.year or "—") == year),
                }
                for year in ordered
            ],
        }

    def partner_rows(self, activities: list[Activity], root: str) -> list[dict[str, Any]]:
        return self.counted(
            (org for a in activities for org in dict.fromkeys(o for o, _ in a.partners)),
            root,
            extra=lambda org: self.a.kind_label(self.a.kind_of(org)),
        )

    # --- entity sections -------------------------------------------------------------------

    def section(self, kind: str, iri: str, root: str) -> dict[str, Any] | None:
        """The analyst section of one entity page, or None for kinds that have none."""
        builder = getattr(self, f"_{kind}", None)
        if builder is None:
            return None
        section: dict[str, Any] = dict.fromkeys(_SECTION_KEYS)
        section.update(builder(iri, root))
        section["kind"] = kind
        section["elsewhere"] = self.elsewhere(iri)
        if kind == "standard":  # the adopting resolution's own document
            for mandate in self.a.iris(iri, _C + "adoptedBy"):
                section["elsewhere"] += self.elsewhere(mandate)
        facet = _BROWSE_FACET.get(kind)
        if facet and section.get("count"):
            key = iri.rsplit("/", 1)[-1]
            section["browse"] = f"{root}browse/index.html?{facet}={key}"
            if facet in ("theme", "standard"):
                section["map"] = f"{root}charts/index.html?{facet}={key}"
        return section

    def _country(self, iri: str, root: str) -> dict[str, Any]:
        activities = self.by_country.get(iri, [])
        return {
            "facts": [
                ("ISO 3166 code", self.a.literal(iri, _C + "iso3") or ""),
                ("UN M49 code", self.a.literal(iri, _C + "m49") or ""),
            ],
            "regions": [self.link(r, root) for r in self.a.regions_of(iri)],
            "count": len(activities),
            "table": self.year_theme_table(activities, root),
            "partners": self.partner_rows(activities, root),
            "standards": self.counted((s for a in activities for s in a.standards), root),
            "years": self.by_year(activities, root),
        }

    def _region(self, iri: str, root: str) -> dict[str, Any]:
        activities = self.by_region.get(iri, [])
        members = sorted(
            (c for c, regions in self.a.located.items() if iri in regions),
            key=lambda c: self.a.label(c).casefold(),
        )
        return {
            "facts": [],
            "regions": [self.link(r, root) for r in self.a.regions_of(iri)],
            "members": [{**self.link(c, root), "count": self.counts.get(c, 0)} for c in members],
            "count": len(activities),
            "table": self.year_theme_table(activities, root),
            "partners": self.partner_rows(activities, root),
            "standards": self.counted((s for a in activities for s in a.standards), root),
            "years": self.by_year(activities, root),
        }

    def _org(self, iri: str, root: str) -> dict[str, Any]:
        activities = self.by_partner.get(iri, [])
        states = self.a.iris(iri, _C + "country")
        together: Counter[str] = Counter()
        for activity in activities:
            roles = dict(activity.partners)
            if roles.get(iri, "").endswith("/co-deliverer"):
                for other, role in activity.partners:
                    if other != iri and role.endswith("/co-deliverer"):
                        together[other] += 1
        role_counts = Counter(
            self.a.role_label(r) for a in activities for o, r in a.partners if o == iri
        )
        facts = [("Kind", self.a.kind_label(self.a.kind_of(iri)))]
        acronym = self.a.literal(iri, _C + "acronym")
        if acronym:
            facts.append(("Acronym", acronym))
        return {
            "facts": facts,
            "state": [self.link(s, root) for s in states],
            "roles": sorted(role_counts.items(), key=lambda r: (-r[1], r[0])),
            "count": len(activities),
            "countries": self.counted((c for a in activities for c in a.countries), root),
            "codeliverers": self.counted(together.elements(), root),
            "standards": self.counted((s for a in activities for s in a.standards), root),
            "table": self.year_theme_table(activities, root),
            "years": self.by_year(activities, root),
        }

    def _standard(self, iri: str, root: str) -> dict[str, Any]:
        activities = self.by_standard.get(iri, [])
        facts = []
        full = self.a.site_label(iri)
        if full != self.a.label(iri):
            facts.append(("Full name", full))
        year = self.a.literal(iri, _C + "adoptionYear")
        if year:
            facts.append(("Adopted", year))
        uptake: dict[str, Counter[str]] = defaultdict(Counter)
        years: set[str] = set()
        for activity in activities:
            for country in activity.countries:
                uptake[country][activity.year or "—"] += 1
                years.add(activity.year or "—")
        columns = sorted(years, key=lambda y: (y == "—", y))
        per_code: Counter[str] = Counter()
        names: dict[str, str] = {}
        for country, counts in uptake.items():
            code = self.a.literal(country, _C + "m49") or self.a.literal(country, _C + "isoNumeric")
            if code:
                per_code[code.zfill(3)] += sum(counts.values())
                names[code.zfill(3)] = self.a.label(country)
        return {
            "worldmap": choropleth(dict(per_code), names) if per_code else None,
            "facts": facts,
            "adopted_by": [self.link(m, root) for m in self.a.iris(iri, _C + "adoptedBy")],
            "clusters": [self.link(c, root) for c in self.a.iris(iri, _C + "cluster")],
            "count": len(activities),
            "uptake": {
                "columns": columns,
                "rows": sorted(
                    (
                        {
                            **self.link(c, root),
                            "cells": [counts[y] for y in columns],
                            "total": sum(counts.values()),
                        }
                        for c, counts in uptake.items()
                    ),
                    key=lambda r: (-r["total"], r["label"].casefold()),
                ),
            },
            "years": self.by_year(activities, root),
        }

    def _report(self, iri: str, root: str) -> dict[str, Any]:
        report = self.a.reports[iri]
        activities = self.by_report.get(iri, [])
        facts = [("UN symbol", report.symbol or "not stated in the text")]
        facts.append(("Title", report.title))
        facts.append(("Issuing body", report.publisher))
        facts.append(("Date", human_date(report.issued) or "not stated"))
        if report.period:
            start, end = report.period
            facts.append(("Period covered", start if start == end else f"{start}–{end}"))
        paragraphs = sorted(
            (p for p in self.a.paragraphs.values() if p.report == iri),
            key=lambda p: _natural(p.number),
        )
        return {
            "facts": facts,
            "cite": self.citation(cite_report(report)),
            "mandates": [self.link(m, root) for m in report.pursuant],
            "count": len(activities),
            "table": self.year_theme_table(activities, root),
            "paragraphs": [
                {
                    **self.link(p.iri, root),
                    "number": p.number,
                    "section": p.section,
                    "section_title": p.section_title,
                    "count": len(self.by_paragraph.get(p.iri, [])),
                }
                for p in paragraphs
            ],
        }

    def _paragraph(self, iri: str, root: str) -> dict[str, Any]:
        paragraph = self.a.paragraphs[iri]
        report = self.a.reports.get(paragraph.report or "")
        activities = self.by_paragraph.get(iri, [])
        return {
            "facts": [("Section", f"{paragraph.section} {paragraph.section_title}".strip())],
            "cite": self.citation(cite_paragraph(report, paragraph.number)),
            "report": self.link(report.iri, root) if report else None,
            "count": len(activities),
            "years": self.by_year(activities, root),
        }

    def _mandate(self, iri: str, root: str) -> dict[str, Any]:
        activities = self.by_mandate.get(iri, [])
        standards = sorted(
            (s for s in self.a.site.entities if iri in self.a.iris(s, _C + "adoptedBy")),
            key=lambda s: self.a.label(s).casefold(),
        )
        reports = [r.iri for r in self.a.reports.values() if iri in r.pursuant]
        facts = []
        number = self.a.literal(iri, _C + "resolutionNumber")
        if number:
            facts.append(("Number", number))
        year = self.a.literal(iri, _C + "year")
        if year:
            facts.append(("Year", year))
        return {
            "facts": facts,
            "bodies": [self.link(b, root) for b in self.a.iris(iri, _C + "issuingBody")],
            "standards": [self.link(s, root) for s in standards],
            "reports": [self.link(r, root) for r in reports],
            "count": len(activities),
            "years": self.by_year(activities, root),
        }

    def _theme(self, iri: str, root: str) -> dict[str, Any]:
        activities = self.by_theme.get(iri, [])
        narrower = sorted(
            (t for t, broader in self.a.broader.items() if iri in broader),
            key=lambda t: self.a.label(t).casefold(),
        )
        return {
            "facts": [],
            "table": self.year_theme_table(activities, root),
            "broader": [self.link(b, root) for b in self.a.broader.get(iri, [])],
            "narrower": [self.link(n, root) for n in narrower],
            "count": len(activities),
            "countries": self.counted((c for a in activities for c in a.countries), root),
            "partners": self.partner_rows(activities, root),
            "standards": self.counted((s for a in activities for s in a.standards), root),
            "years": self.by_year(activities, root),
        }

    def _sdg(self, iri: str, root: str) -> dict[str, Any]:
        """A Goal or target: its code and text, its Goal or targets, and the activities whose
        evidence cites it (a Goal's page counts its targets' activities too)."""
        targets = sorted(
            (t for t in self.a.site.entities if iri in self.a.iris(t, _SKOS + "broader")),
            key=lambda t: _natural(self.a.literal(t, _SKOS + "notation") or t),
        )
        cited = {a.iri: a for t in (iri, *targets) for a in self.by_goal.get(t, [])}
        activities = [cited[k] for k in sorted(cited)]
        facts = []
        code = self.a.literal(iri, _SKOS + "notation")
        if code:
            facts.append(("UN code", code))
        text = self.a.literal(iri, _SKOS + "definition")
        if text:
            facts.append(("Text (A/RES/71/313)", text))
        return {
            "facts": facts,
            "broader": [self.link(b, root) for b in self.a.iris(iri, _SKOS + "broader")],
            "narrower": [self.link(t, root) for t in targets],
            "count": len(activities),
            "countries": self.counted((c for a in activities for c in a.countries), root),
            "partners": self.partner_rows(activities, root),
            "years": self.by_year(activities, root),
        }

    def _tool(self, iri: str, root: str) -> dict[str, Any]:
        activities = self.by_tool.get(iri, [])
        return {"facts": [], "count": len(activities), "years": self.by_year(activities, root)}

    def _activity(self, iri: str, root: str) -> dict[str, Any]:
        activity = self.a.activities[iri]
        row = self.activity_row(activity, root)
        paragraph = self.a.paragraphs.get(activity.paragraph or "")
        parts = highlight(paragraph.text, activity.quote, activity.span) if paragraph else None
        return {
            "facts": [("Type", row["type"]), ("Year", activity.year or "not stated")],
            "row": row,
            "mandates": self.links(activity.mandates, root),
            "tools": self.links(activity.tools, root),
            "parts": parts,
            "paragraph_text": paragraph.text if paragraph else "",
            "section": f"{paragraph.section} {paragraph.section_title}".strip()
            if paragraph
            else "",
            "count": 1,
        }

    # --- home and index pages --------------------------------------------------------------

    def home(self) -> dict[str, Any]:
        """The home page's entry points: counts, and the reports with their citations."""
        reports = sorted(self.a.reports.values(), key=lambda r: _natural(r.key))
        return {
            "summary": {
                "activities": len(self.a.activities),
                "countries": len(self.by_country),
                "orgs": len(self.by_partner),
                "standards": len(self.by_standard),
            },
            "reports": [
                {
                    **self.link(r.iri, ""),
                    "count": len(self.by_report.get(r.iri, [])),
                    "cite": self.citation(cite_report(r)),
                }
                for r in reports
            ],
        }

    def index_rows(self, kind: str, iris: list[str], root: str) -> dict[str, Any]:
        """An index: what has activities first (most first), then the rest by name."""
        columns: list[str] = []
        rows: list[dict[str, Any]] = []
        for iri in iris:
            row: dict[str, Any] = {**self.link(iri, root), "count": self.counts.get(iri, 0)}
            row["cells"] = self._index_cells(kind, iri)
            rows.append(row)
        columns = self._index_columns(kind)
        if kind == "activity":
            rows.sort(key=lambda r: (_year_sort(r["cells"][0]), _natural(r["iri"])))
        elif kind in ("report", "paragraph"):
            rows.sort(key=lambda r: _natural(r["iri"]))
        else:
            rows.sort(key=lambda r: (-r["count"], r["label"].casefold(), r["iri"]))
        with_activities = sum(1 for r in rows if r["count"])
        return {
            "columns": columns,
            "rows": rows,
            "counted": kind not in ("activity", "paragraph", "partnership", "role", "scheme"),
            "with_activities": with_activities,
        }

    @staticmethod
    def _index_columns(kind: str) -> list[str]:
        return {
            "activity": ["Year", "Type", "Countries", "Report"],
            "country": ["ISO code", "Region"],
            "org": ["Acronym", "Kind", "State"],
            "standard": ["Full name", "Adopted"],
            "report": ["Symbol", "Date", "Period"],
            "mandate": ["Number", "Year"],
        }.get(kind, [])

    def _index_cells(self, kind: str, iri: str) -> list[str]:
        a = self.a
        if kind == "activity":
            act = a.activities.get(iri)
            if act is None:
                return ["", "", "", ""]
            report = a.report_of(act)
            return [
                act.year or "",
                a.type_label(act.type_key),
                ", ".join(a.label(c) for c in act.countries),
                a.label(report.iri) if report else "",
            ]
        if kind == "country":
            regions = a.regions_of(iri)
            return [a.literal(iri, _C + "iso3") or "", a.label(regions[0]) if regions else ""]
        if kind == "org":
            states = a.iris(iri, _C + "country")
            return [
                a.literal(iri, _C + "acronym") or "",
                a.kind_label(a.kind_of(iri)),
                a.label(states[0]) if states else "",
            ]
        if kind == "standard":
            full = a.site_label(iri)
            return [full if full != a.label(iri) else "", a.literal(iri, _C + "adoptionYear") or ""]
        if kind == "report":
            report = a.reports.get(iri)
            if report is None:
                return ["", "", ""]
            period = report.period
            return [
                report.symbol or "not stated",
                human_date(report.issued) or "not stated",
                "" if not period else period[0] if period[0] == period[1] else "–".join(period),
            ]
        if kind == "mandate":
            return [
                a.literal(iri, _C + "resolutionNumber") or "",
                a.literal(iri, _C + "year") or "",
            ]
        return []


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _year_sort(year: str) -> tuple[int, int]:
    return (0, -int(year)) if year.isdigit() else (1, 0)
