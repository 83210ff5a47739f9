"""A standard page: where and when it was put to use, as a table and a world map."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ccpj_graph.publish.views.shared import CCPJ, Shared
from ccpj_graph.publish.worldmap import choropleth

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Full name, adoption, clusters, uptake per country and year, and the activities."""
    activities = v.by_standard.get(iri, [])
    facts = []
    full = v.a.site_label(iri)
    if full != v.a.label(iri):
        facts.append(("Full name", full))
    year = v.a.literal(iri, CCPJ + "adoptionYear")
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
        code = v.a.literal(country, CCPJ + "m49") or v.a.literal(country, CCPJ + "isoNumeric")
        if code:
            per_code[code.zfill(3)] += sum(counts.values())
            names[code.zfill(3)] = v.a.label(country)
    return {
        "worldmap": choropleth(dict(per_code), names) if per_code else None,
        "facts": facts,
        "adopted_by": [v.link(m, root) for m in v.a.iris(iri, CCPJ + "adoptedBy")],
        "clusters": [v.link(c, root) for c in v.a.iris(iri, CCPJ + "cluster")],
        "count": len(activities),
        "uptake": {
            "columns": columns,
            "rows": sorted(
                (
                    {
                        **v.link(c, root),
                        "cells": [counts[y] for y in columns],
                        "total": sum(counts.values()),
                    }
                    for c, counts in uptake.items()
                ),
                key=lambda r: (-r["total"], r["label"].casefold()),
            ),
        },
        "years": v.by_year(activities, root),
    }
