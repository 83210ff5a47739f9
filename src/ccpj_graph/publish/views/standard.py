"""A standard page: where and when it was put to use, as a table and a world map."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ccpj_graph.publish.analyst import Activity
from ccpj_graph.publish.views.shared import CCPJ, Shared
from ccpj_graph.publish.worldmap import choropleth

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Full name, adoption, clusters, uptake per country and year, and the activities."""
    activities = v.by_standard.get(iri, [])
    full = v.a.site_label(iri)
    facts = [("Full name", full)] if full != v.a.label(iri) else []
    facts += v.stated(iri, ("Adopted", CCPJ + "adoptionYear"))
    adopted_by = v.a.iris(iri, CCPJ + "adoptedBy")
    uptake = _uptake(activities)
    return {
        "worldmap": _worldmap(v, uptake),
        "facts": facts,
        # links out: the standard's own, then its adopting resolutions' documents
        "elsewhere": [link for i in (iri, *adopted_by) for link in v.elsewhere(i)],
        "adopted_by": [v.link(m, root) for m in adopted_by],
        "clusters": [v.link(c, root) for c in v.a.iris(iri, CCPJ + "cluster")],
        "count": len(activities),
        "uptake": _uptake_table(v, uptake, root),
        "years": v.by_year(activities, root),
    }


def _uptake(activities: list[Activity]) -> dict[str, Counter[str]]:
    """Activities per country and year ("—" for undated)."""
    uptake: dict[str, Counter[str]] = defaultdict(Counter)
    for activity in activities:
        for country in activity.countries:
            uptake[country][activity.year or "—"] += 1
    return uptake


def _uptake_table(v: Shared, uptake: dict[str, Counter[str]], root: str) -> dict[str, Any]:
    """Countries (most activities first) × years (oldest first, undated last)."""
    columns = sorted(
        {year for counts in uptake.values() for year in counts}, key=lambda y: (y == "—", y)
    )
    rows = [
        {**v.link(c, root), "cells": [counts[y] for y in columns], "total": sum(counts.values())}
        for c, counts in uptake.items()
    ]
    rows.sort(key=lambda r: (-r["total"], r["label"].casefold()))
    return {"columns": columns, "rows": rows}


def _worldmap(v: Shared, uptake: dict[str, Counter[str]]) -> dict[str, object] | None:
    """The uptake as a choropleth keyed by UN M49 code; None when no country has a code."""
    per_code: Counter[str] = Counter()
    names: dict[str, str] = {}
    for country, counts in uptake.items():
        code = v.a.literal(country, CCPJ + "m49") or v.a.literal(country, CCPJ + "isoNumeric")
        if code:
            per_code[code.zfill(3)] += sum(counts.values())
            names[code.zfill(3)] = v.a.label(country)
    return choropleth(dict(per_code), names) if per_code else None
