"""A theme page: the activities under the theme or a narrower one, and where and with whom."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.views.shared import Shared

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Broader and narrower themes, a year × theme table, countries, partners, standards."""
    activities = v.by_theme.get(iri, [])
    narrower = sorted(
        (t for t, broader in v.a.broader.items() if iri in broader),
        key=lambda t: v.a.label(t).casefold(),
    )
    return {
        "facts": [],
        "table": v.year_theme_table(activities, root),
        "broader": [v.link(b, root) for b in v.a.broader.get(iri, [])],
        "narrower": [v.link(n, root) for n in narrower],
        "count": len(activities),
        "countries": v.counted((c for a in activities for c in a.countries), root),
        "partners": v.partner_rows(activities, root),
        "standards": v.counted((s for a in activities for s in a.standards), root),
        "years": v.by_year(activities, root),
    }
