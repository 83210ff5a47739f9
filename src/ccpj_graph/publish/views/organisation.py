"""An organisation page: what it did with UNODC, in which roles, where and with whom."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ccpj_graph.publish.views.shared import CCPJ, Shared

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Kind and state, role counts, countries, the partners it co-delivered with, standards."""
    activities = v.by_partner.get(iri, [])
    states = v.a.iris(iri, CCPJ + "country")
    together: Counter[str] = Counter()
    for activity in activities:
        roles = dict(activity.partners)
        if roles.get(iri, "").endswith("/co-deliverer"):
            for other, role in activity.partners:
                if other != iri and role.endswith("/co-deliverer"):
                    together[other] += 1
    role_counts = Counter(v.a.role_label(r) for a in activities for o, r in a.partners if o == iri)
    return {
        "facts": [
            ("Kind", v.a.kind_label(v.a.kind_of(iri))),
            *v.stated(iri, ("Acronym", CCPJ + "acronym")),
        ],
        "state": [v.link(s, root) for s in states],
        "roles": sorted(role_counts.items(), key=lambda r: (-r[1], r[0])),
        "count": len(activities),
        "countries": v.country_rows(activities, root),
        "codeliverers": v.counted(together.elements(), root),
        "standards": v.standard_rows(activities, root),
        "table": v.year_theme_table(activities, root),
        "years": v.by_year(activities, root),
    }
