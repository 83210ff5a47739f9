"""A mandate page: the resolution, who issued it, what it adopted, the paragraphs that cite it
and the activities they cite it for."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.views.shared import CCPJ, Shared, natural

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Number and year, issuing bodies, standards it adopted, reports pursuant to it, and the
    paragraphs that cite it (a citation no activity carries is shown too)."""
    activities = v.by_mandate.get(iri, [])
    standards = v.by_label(s for s in v.a.site.entities if iri in v.a.iris(s, CCPJ + "adoptedBy"))
    reports = [r.iri for r in v.a.reports.values() if iri in r.pursuant]
    return {
        "facts": v.stated(iri, ("Number", CCPJ + "resolutionNumber"), ("Year", CCPJ + "year")),
        "bodies": [v.link(b, root) for b in v.a.iris(iri, CCPJ + "issuingBody")],
        "standards": [v.link(s, root) for s in standards],
        "reports": [v.link(r, root) for r in reports],
        "count": len(activities),
        "years": v.by_year(activities, root),
        "paragraphs": [
            {
                **v.link(p.iri, root),
                "number": v.a.label(p.iri),
                "section": p.section,
                "section_title": p.section_title,
                "count": sum(iri in a.mandates for a in v.by_paragraph.get(p.iri, [])),
            }
            for p in sorted(v.citing.get(iri, []), key=lambda p: natural(p.iri))
        ],
    }
