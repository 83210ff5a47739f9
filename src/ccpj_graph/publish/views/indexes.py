"""The index page of each kind (``id/<kind>/index.html``): one row an entity, with counts.

Each kind has its own columns (an activity's year and report, a country's ISO code ...); a
kind not listed here shows its rows with their counts only.
"""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.cite import human_date, human_period
from ccpj_graph.publish.views.shared import CCPJ, Shared, natural

__all__ = ["index_rows"]

_COLUMNS = {
    "activity": ["Year", "Type", "Countries", "Report"],
    "country": ["ISO code", "Region"],
    "org": ["Acronym", "Kind", "State"],
    "standard": ["Full name", "Adopted"],
    "report": ["Symbol", "Date", "Period"],
    "mandate": ["Number", "Year"],
}


def index_rows(v: Shared, kind: str, iris: list[str], root: str) -> dict[str, Any]:
    """An index: what has activities first (most first), then the rest by name."""
    columns: list[str] = []
    rows: list[dict[str, Any]] = []
    for iri in iris:
        row: dict[str, Any] = {**v.link(iri, root), "count": v.counts.get(iri, 0)}
        row["cells"] = _cells(v, kind, iri)
        rows.append(row)
    columns = _COLUMNS.get(kind, [])
    if kind == "activity":
        rows.sort(key=lambda r: (_year_sort(r["cells"][0]), natural(r["iri"])))
    elif kind in ("report", "paragraph"):
        rows.sort(key=lambda r: natural(r["iri"]))
    else:
        rows.sort(key=lambda r: (-r["count"], r["label"].casefold(), r["iri"]))
    with_activities = sum(1 for r in rows if r["count"])
    return {
        "columns": columns,
        "rows": rows,
        "counted": kind not in ("activity", "paragraph", "partnership", "role", "scheme"),
        "with_activities": with_activities,
    }


def _cells(v: Shared, kind: str, iri: str) -> list[str]:
    a = v.a
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
        return [a.literal(iri, CCPJ + "iso3") or "", a.label(regions[0]) if regions else ""]
    if kind == "org":
        states = a.iris(iri, CCPJ + "country")
        return [
            a.literal(iri, CCPJ + "acronym") or "",
            a.kind_label(a.kind_of(iri)),
            a.label(states[0]) if states else "",
        ]
    if kind == "standard":
        full = a.site_label(iri)
        return [full if full != a.label(iri) else "", a.literal(iri, CCPJ + "adoptionYear") or ""]
    if kind == "report":
        report = a.reports.get(iri)
        if report is None:
            return ["", "", ""]
        return [
            report.symbol or "not stated",
            human_date(report.issued) or "not stated",
            human_period(report.period),
        ]
    if kind == "mandate":
        return [
            a.literal(iri, CCPJ + "resolutionNumber") or "",
            a.literal(iri, CCPJ + "year") or "",
        ]
    return []


def _year_sort(year: str) -> tuple[int, int]:
    return (0, -int(year)) if year.isdigit() else (1, 0)
