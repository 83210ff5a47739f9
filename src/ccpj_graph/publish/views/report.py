"""A report page: how to cite it, what it covers, and its paragraphs with their activities."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.cite import cite_report, human_date, human_period
from ccpj_graph.publish.views.shared import Shared, natural

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Symbol, title, body, date and period; its mandates; its paragraphs in order."""
    report = v.a.reports[iri]
    activities = v.by_report.get(iri, [])
    facts = [("UN symbol", report.symbol or "not stated in the text")]
    facts.append(("Title", report.title))
    facts.append(("Issuing body", report.publisher))
    facts.append(("Date", human_date(report.issued) or "not stated"))
    if report.period:
        facts.append(("Period covered", human_period(report.period)))
    paragraphs = sorted(
        (p for p in v.a.paragraphs.values() if p.report == iri),
        key=lambda p: natural(p.number),
    )
    return {
        "facts": facts,
        "cite": v.citation(cite_report(report)),
        "mandates": [v.link(m, root) for m in report.pursuant],
        "count": len(activities),
        "table": v.year_theme_table(activities, root),
        "paragraphs": [
            {
                **v.link(p.iri, root),
                "number": p.number,
                "section": p.section,
                "section_title": p.section_title,
                "count": len(v.by_paragraph.get(p.iri, [])),
            }
            for p in paragraphs
        ],
    }
