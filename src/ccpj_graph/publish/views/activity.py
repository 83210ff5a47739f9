"""An activity page: the activity's row, and its evidence marked in the paragraph's text."""

from __future__ import annotations

import re
from typing import Any

from ccpj_graph.publish.views.shared import Shared, heading

__all__ = ["highlight", "section"]

_WORD = re.compile(r"\w+")


def highlight(text: str, quote: str, span: tuple[int, int] | None) -> list[dict[str, Any]] | None:
    """``text`` cut into parts, the evidence marked: by its stated offsets, else by its words.

    The quote may differ from the paragraph in spacing or a trailing full stop, so it is found
    as the same sequence of words; None when it cannot be found.
    """
    if span is not None and 0 <= span[0] < span[1] <= len(text):
        start, end = span
    else:
        words = _WORD.findall(quote)
        if not words:
            return None
        pattern = r"\W+".join(re.escape(w) for w in words)
        found = re.search(pattern, text)
        if found is None:
            return None
        start, end = found.span()
    parts = [
        {"text": text[:start], "mark": False},
        {"text": text[start:end], "mark": True},
        {"text": text[end:], "mark": False},
    ]
    return [p for p in parts if p["text"]]


def section(v: Shared, iri: str, root: str) -> dict[str, Any]:
    """Type and year, mandates, tools, and the paragraph with the quote marked."""
    activity = v.a.activities[iri]
    row = v.activity_row(activity, root)
    paragraph = v.a.paragraphs.get(activity.paragraph or "")
    parts = highlight(paragraph.text, activity.quote, activity.span) if paragraph else None
    return {
        "facts": [("Type", row["type"]), ("Year", activity.year or "not stated")],
        "row": row,
        "mandates": v.links(activity.mandates, root),
        "tools": v.links(activity.tools, root),
        "parts": parts,
        "paragraph_text": paragraph.text if paragraph else "",
        "section": heading(paragraph) if paragraph else "",
        "count": 1,
    }
