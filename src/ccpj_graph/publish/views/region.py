"""A region page: a country page for a group of countries, with its member countries."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.views.shared import Shared

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """The region's own activities (not its members'), and its members with their counts."""
    members = v.by_label(c for c, regions in v.a.located.items() if iri in regions)
    return {
        "facts": [],
        "regions": [v.link(r, root) for r in v.a.regions_of(iri)],
        "members": [{**v.link(c, root), "count": v.counts.get(c, 0)} for c in members],
        **v.summary(v.by_region.get(iri, []), root),
    }
