"""The question-shaped part of each HTML page, as plain dicts for the templates.

A country page answers "what did UNODC do here, when, with whom, under which standards": its
activities grouped by year (newest first), each with its type, themes, partners and their
roles, standards and citation; a year × theme count table; its partners and standards with
counts; the regions it lies in. Organisation, standard, report, mandate, theme, tool, region,
paragraph and activity pages follow the same idea. Index pages list what has activities
first, with counts. Everything is computed from :class:`~ccpj_graph.publish.analyst.Analyst`.

One module a page kind, named after it (``country.py``, ``organisation.py`` for ``org``,
``sdg.py`` ...), each with a ``section`` function; ``home.py`` and ``indexes.py`` for the home
and index pages; ``shared.py`` for what they all use (activity rows, counts, links);
``nav.py`` for what the site calls each kind. :class:`Views` puts them together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ccpj_graph.publish.views import (
    activity,
    country,
    mandate,
    organisation,
    paragraph,
    region,
    report,
    sdg,
    standard,
    theme,
    tool,
)
from ccpj_graph.publish.views.activity import highlight
from ccpj_graph.publish.views.home import home_page
from ccpj_graph.publish.views.indexes import index_rows
from ccpj_graph.publish.views.nav import INDEX_ORDER, NAV, kind_title
from ccpj_graph.publish.views.shared import Shared

__all__ = ["INDEX_ORDER", "NAV", "Views", "highlight", "kind_title"]

#: The section builder of each kind that has one; other kinds' pages show linked data only.
_SECTIONS: dict[str, Callable[[Shared, str, str], dict[str, Any]]] = {
    "activity": activity.section,
    "country": country.section,
    "mandate": mandate.section,
    "org": organisation.section,
    "paragraph": paragraph.section,
    "region": region.section,
    "report": report.section,
    "sdg": sdg.section,
    "standard": standard.section,
    "theme": theme.section,
    "tool": tool.section,
}
#: The activity-browser facet an entity page links to, filtered to the entity.
_BROWSE_FACET = {
    "country": "country",
    "region": "region",
    "org": "org",
    "standard": "standard",
    "theme": "theme",
    "report": "report",
}
#: Every key a section may carry (the templates are strict about undefined names).
_SECTION_KEYS = (
    "browse",
    "map",
    "worldmap",
    "elsewhere",
    "facts",
    "state",
    "regions",
    "adopted_by",
    "clusters",
    "bodies",
    "mandates",
    "report",
    "broader",
    "narrower",
    "roles",
    "tools",
    "cite",
    "row",
    "parts",
    "paragraph_text",
    "section",
    "members",
    "table",
    "uptake",
    "partners",
    "codeliverers",
    "countries",
    "standards",
    "reports",
    "paragraphs",
    "years",
    "count",
)


class Views(Shared):
    """Builds the analyst sections of entity pages and the index pages."""

    def section(self, kind: str, iri: str, root: str) -> dict[str, Any] | None:
        """The analyst section of one entity page, or None for kinds that have none."""
        builder = _SECTIONS.get(kind)
        if builder is None:
            return None
        section: dict[str, Any] = dict.fromkeys(_SECTION_KEYS)
        section.update(builder(self, iri, root))
        section["kind"] = kind
        if section["elsewhere"] is None:  # a kind may add links out of its own (standard.py)
            section["elsewhere"] = self.elsewhere(iri)
        facet = _BROWSE_FACET.get(kind)
        if facet and section.get("count"):
            key = iri.rsplit("/", 1)[-1]
            section["browse"] = f"{root}browse/index.html?{facet}={key}"
            if facet in ("theme", "standard"):
                section["map"] = f"{root}charts/index.html?{facet}={key}"
        return section

    def home(self) -> dict[str, Any]:
        """The home page's entry points: counts, and the reports with their citations."""
        return home_page(self)

    def index_rows(self, kind: str, iris: list[str], root: str) -> dict[str, Any]:
        """An index: what has activities first (most first), then the rest by name."""
        return index_rows(self, kind, iris, root)
