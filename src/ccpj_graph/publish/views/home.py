"""The home page: how much the graph holds, and the reports it was read from."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.cite import cite_report
from ccpj_graph.publish.views.shared import Shared, natural

__all__ = ["home_page"]


def home_page(v: Shared) -> dict[str, Any]:
    """The home page's entry points: counts, and the reports with their citations."""
    reports = sorted(v.a.reports.values(), key=lambda r: natural(r.key))
    return {
        "summary": {
            "activities": len(v.a.activities),
            "countries": len(v.by_country),
            "orgs": len(v.by_partner),
            "standards": len(v.by_standard),
        },
        "reports": [
            {
                **v.link(r.iri, ""),
                "count": len(v.by_report.get(r.iri, [])),
                "cite": v.citation(cite_report(r)),
            }
            for r in reports
        ],
    }
