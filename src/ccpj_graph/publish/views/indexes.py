"""The index page of each kind (``id/<kind>/index.html``): one row an entity, with counts.

Some kinds show columns of their own (an activity's year and report, a country's ISO code
...), each kind's headers beside the function that fills them; other kinds show their rows
with their counts only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ccpj_graph.publish.cite import human_date, human_period
from ccpj_graph.publish.views.shared import CCPJ, Shared, natural

__all__ = ["index_rows"]


def index_rows(v: Shared, kind: str, iris: list[str], root: str) -> dict[str, Any]:
    """An index: what has activities first (most first), then the rest by name."""
    columns, cells = _COLUMNS.get(kind, ([], _no_cells))
    rows: list[dict[str, Any]] = []
    for iri in iris:
        row: dict[str, Any] = {**v.link(iri, root), "count": v.counts.get(iri, 0)}
        row["cells"] = cells(v, iri)
        rows.append(row)
    if kind == "activity":
        rows.sort(key=lambda r: (_year_sort(r["cells"][0]), natural(r["iri"])))
    elif kind in ("report", "paragraph"):
        rows.sort(key=lambda r: natural(r["iri"]))
    else:
        rows.sort(key=lambda r: (-r["count"], r["label"].casefold(), r["iri"]))
    return {
        "columns": list(columns),
        "rows": rows,
        "counted": kind not in ("activity", "paragraph", "partnership", "role", "scheme"),
        "with_activities": sum(1 for r in rows if r["count"]),
    }


def _activity(v: Shared, iri: str) -> list[str]:
    act = v.a.activities.get(iri)
    if act is None:
        return ["", "", "", ""]
    report = v.a.report_of(act)
    return [
        act.year or "",
        v.a.type_label(act.type_key),
        ", ".join(v.a.label(c) for c in act.countries),
        v.a.label(report.iri) if report else "",
    ]


def _country(v: Shared, iri: str) -> list[str]:
    regions = v.a.regions_of(iri)
    return [v.a.literal(iri, CCPJ + "iso3") or "", v.a.label(regions[0]) if regions else ""]


def _org(v: Shared, iri: str) -> list[str]:
    states = v.a.iris(iri, CCPJ + "country")
    return [
        v.a.literal(iri, CCPJ + "acronym") or "",
        v.a.kind_label(v.a.kind_of(iri)),
        v.a.label(states[0]) if states else "",
    ]


def _standard(v: Shared, iri: str) -> list[str]:
    full = v.a.site_label(iri)
    return [full if full != v.a.label(iri) else "", v.a.literal(iri, CCPJ + "adoptionYear") or ""]


def _report(v: Shared, iri: str) -> list[str]:
    report = v.a.reports.get(iri)
    if report is None:
        return ["", "", ""]
    return [
        report.symbol or "not stated",
        human_date(report.issued) or "not stated",
        human_period(report.period),
    ]


def _mandate(v: Shared, iri: str) -> list[str]:
    return [
        v.a.literal(iri, CCPJ + "resolutionNumber") or "",
        v.a.literal(iri, CCPJ + "year") or "",
    ]


def _no_cells(v: Shared, iri: str) -> list[str]:
    return []


_Cells = Callable[[Shared, str], list[str]]
#: Each kind's column headers and the function that fills them, in the same order.
_COLUMNS: dict[str, tuple[tuple[str, ...], _Cells]] = {
    "activity": (("Year", "Type", "Countries", "Report"), _activity),
    "country": (("ISO code", "Region"), _country),
    "org": (("Acronym", "Kind", "State"), _org),
    "standard": (("Full name", "Adopted"), _standard),
    "report": (("Symbol", "Date", "Period"), _report),
    "mandate": (("Number", "Year"), _mandate),
}


def _year_sort(year: str) -> tuple[int, int]:
    return (0, -int(year)) if year.isdigit() else (1, 0)
