"""The data behind the activity browser (``browse/index.html``): one compact record per activity.

Facet values are entity keys (``prison``, ``KEN``, ``tij``...), the words a shared URL carries.
The theme facet matches an activity on the theme or a narrower one, and the region facet an
activity in the region or in a country inside it, the way ``ccpj query`` reads them. Partners
keep their roles, so "organisation" counts can be limited to one role: prison + 2020 + role
co-deliverer lists the organisations of ``ccpj query partners --theme prison --year 2020``.
The file is a script (``window.CCPJ_ACTIVITIES = ...``) so that it loads from ``file://``.
"""

from __future__ import annotations

import json
from typing import Any

from ccpj_graph.publish.analyst import Activity, Analyst
from ccpj_graph.publish.views import Views

__all__ = ["FACETS", "activities_js", "browse_data"]

_C = "https://w3id.org/ccpj/ontology#"

#: (facet key, heading) in the order the page shows them.
FACETS = (
    ("year", "Year"),
    ("theme", "Theme"),
    ("country", "Country"),
    ("region", "Region"),
    ("org", "Organisation"),
    ("role", "Role"),
    ("standard", "Standard"),
    ("type", "Activity type"),
    ("report", "Report"),
)


def _key(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


class _Table:
    """Distinct values of one facet: key, label and page, numbered in first-seen order."""

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.rows: list[dict[str, str]] = []

    def add(self, key: str, label: str, href: str | None) -> int:
        if key not in self.keys:
            self.keys[key] = len(self.rows)
            self.rows.append({"key": key, "label": label, "href": href or ""})
        return self.keys[key]


def browse_data(analyst: Analyst, views: Views) -> dict[str, Any]:
    """Every activity with its facet values (as indexes into per-facet value tables)."""
    tables = {key: _Table() for key, _ in FACETS}

    def ref(facet: str, iri: str) -> int:
        return tables[facet].add(_key(iri), analyst.label(iri), views.href(iri, "../"))

    records: list[dict[str, Any]] = []
    ordered = sorted(analyst.activities.values(), key=lambda a: _order(a))
    for activity in ordered:
        report = analyst.report_of(activity)
        paragraph = analyst.paragraphs.get(activity.paragraph or "")
        themes: set[str] = set()
        for theme in activity.themes:
            themes |= analyst.theme_closure(theme)
        regions: list[str] = list(activity.regions)
        for place in [*activity.countries, *activity.regions]:
            regions += analyst.regions_of(place)
        cite = views.activity_citation(activity)
        representatives = analyst.iris(activity.iri, _C + "sameWorkRepresentative")
        records.append(
            {
                "id": activity.key,
                # what facet counts count: the same work told by two overlapping reports once
                "w": _key(next(iter(representatives), activity.iri)),
                "u": views.href(activity.iri, "../") or "",
                "year": [tables["year"].add(activity.year, activity.year, None)]
                if activity.year
                else [],
                "theme": [ref("theme", t) for t in sorted(themes)],
                "themes": [tables["theme"].keys.get(_key(t), -1) for t in activity.themes],
                "country": [ref("country", c) for c in activity.countries],
                "region": [ref("region", r) for r in dict.fromkeys(regions)],
                "partners": [
                    [ref("org", org), ref("role", role) if role else -1]
                    for org, role in activity.partners
                ],
                "standard": [ref("standard", s) for s in activity.standards],
                "type": [
                    tables["type"].add(
                        activity.type_key, analyst.type_label(activity.type_key), None
                    )
                ],
                "report": [ref("report", report.iri)] if report else [],
                "para": paragraph.number if paragraph else "",
                "cite": cite.text,
                "src": analyst.label(activity.paragraph) if activity.paragraph else "",
                "q": activity.quote,
            }
        )
    countries = tables["country"]
    for iri in analyst.by("countries"):
        row = countries.rows[countries.keys[_key(iri)]] if _key(iri) in countries.keys else None
        if row is not None:  # the map joins on the UN M49 code
            row["code"] = (
                analyst.literal(iri, _C + "m49") or analyst.literal(iri, _C + "isoNumeric") or ""
            )
    return {
        "facets": [
            {"key": key, "label": label, "values": tables[key].rows} for key, label in FACETS
        ],
        "activities": records,
    }


def _order(activity: Activity) -> tuple[Any, ...]:
    year = -int(activity.year) if activity.year and activity.year.isdigit() else 1
    parts = activity.key.split("-")
    return (year, *(int(p) if p.isdigit() else p for p in parts))


def activities_js(data: dict[str, Any]) -> bytes:
    """The browser's data as a script that sets ``window.CCPJ_ACTIVITIES``."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.CCPJ_ACTIVITIES={payload};\n".encode()
