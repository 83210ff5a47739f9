"""A theme page: the activities under the theme or a narrower one, and where and with whom."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.views.shared import Shared

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Broader and narrower themes, a year × theme table, countries, partners, standards."""
    activities = v.by_theme.get(iri, [])
    narrower = v.by_label(t for t, broader in v.a.broader.items() if iri in broader)
    return {
        "facts": [],
        "broader": [v.link(b, root) for b in v.a.broader.get(iri, [])],
        "narrower": [v.link(n, root) for n in narrower],
        "countries": v.country_rows(activities, root),
        **v.summary(activities, root),
    }
