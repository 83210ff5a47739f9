"""A paragraph page: its pinpoint citation, its report, the mandates it cites and the
activities it states."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.cite import cite_paragraph
from ccpj_graph.publish.views.shared import CCPJ, Shared, heading

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Section heading, citation, report link, the mandates it cites (for an activity or not)
    and the activities by year."""
    paragraph = v.a.paragraphs[iri]
    report = v.a.reports.get(paragraph.report or "")
    activities = v.by_paragraph.get(iri, [])
    return {
        "facts": [("Section", heading(paragraph))],
        "cite": v.citation(cite_paragraph(report, paragraph.number)),
        "report": v.link(report.iri, root) if report else None,
        "mandates": v.links(v.a.iris(iri, CCPJ + "mentionsMandate"), root),
        "count": len(activities),
        "years": v.by_year(activities, root),
    }
