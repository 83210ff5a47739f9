"""A country page: what UNODC did there, when, with whom and under which standards."""

from __future__ import annotations

from typing import Any

from ccpj_graph.publish.views.shared import CCPJ, Shared

__all__ = ["section"]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Codes, regions, a year × theme table, partners, standards and the activities by year."""
    return {
        "facts": [
            ("ISO 3166 code", v.a.literal(iri, CCPJ + "iso3") or ""),
            ("UN M49 code", v.a.literal(iri, CCPJ + "m49") or ""),
        ],
        "regions": [v.link(r, root) for r in v.a.regions_of(iri)],
        **v.summary(v.by_country.get(iri, []), root),
    }
