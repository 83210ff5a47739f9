"""What the site calls each kind of page, in users' words, and the order it lists them in.

The navigation bar, the home page and every page title read these, so a kind is named the same
everywhere.
"""

from __future__ import annotations

__all__ = ["INDEX_ORDER", "NAV", "kind_title"]

#: Navigation in users' words: (label, entity type segment).
NAV: tuple[tuple[str, str], ...] = (
    ("Countries", "country"),
    ("Organisations", "org"),
    ("Standards", "standard"),
    ("Mandates", "mandate"),
    ("Activities", "activity"),
    ("Reports", "report"),
    ("Themes", "theme"),
)
#: Index pages in the order the home page lists them (the rest follow by name).
INDEX_ORDER = ("country", "org", "standard", "mandate", "activity", "report", "theme", "tool")
_TITLES = {
    "activity": "Activities",
    "cluster": "Standard clusters",
    "country": "Countries",
    "mandate": "Mandates",
    "org": "Organisations",
    "paragraph": "Paragraphs",
    "partnership": "Partnerships",
    "region": "Regions",
    "report": "Reports",
    "role": "Partner roles",
    "same-work": "Same-work links",
    "scheme": "Concept schemes",
    "sdg": "Sustainable Development Goals",
    "standard": "Standards",
    "theme": "Themes",
    "tool": "Publications and tools",
}


def kind_title(kind: str) -> str:
    """The plural title of a kind's index page; an unlisted kind is capitalised."""
    return _TITLES.get(kind, kind.capitalize())
