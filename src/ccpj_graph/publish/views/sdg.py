"""A Sustainable Development Goal or target page: its text and the activities citing it."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.views.shared import SKOS, Shared, natural

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """A Goal or target: its code and text, its Goal or targets, and the activities whose
    evidence cites it (a Goal's page counts its targets' activities too)."""
    targets = sorted(
        (t for t in v.a.site.entities if iri in v.a.iris(t, SKOS + "broader")),
        key=lambda t: natural(v.a.literal(t, SKOS + "notation") or t),
    )
    cited = {a.iri: a for t in (iri, *targets) for a in v.by_goal.get(t, [])}
    activities = [cited[k] for k in sorted(cited)]
    return {
        "facts": v.stated(
            iri, ("UN code", SKOS + "notation"), ("Text (A/RES/71/313)", SKOS + "definition")
        ),
        "broader": [v.link(b, root) for b in v.a.iris(iri, SKOS + "broader")],
        "narrower": [v.link(t, root) for t in targets],
        "count": len(activities),
        "countries": v.country_rows(activities, root),
        "partners": v.partner_rows(activities, root),
        "years": v.by_year(activities, root),
    }
