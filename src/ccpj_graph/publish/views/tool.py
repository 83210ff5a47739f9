"""A publication or tool page: the activities that made or used it."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.views.shared import Shared

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """The activities by year; the tool's own facts are in its linked-data table."""
    activities = v.by_tool.get(iri, [])
    return {"facts": [], "count": len(activities), "years": v.by_year(activities, root)}
