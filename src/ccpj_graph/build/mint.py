"""Deterministic IRIs for instances: ``<base><type>/<key>`` from stable key parts.

Never random or time-based, so the same input always yields the same identifiers and the
committed Turtle diffs cleanly.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

__all__ = ["DEFAULT_BASE", "iri", "slug"]

DEFAULT_BASE = "https://w3id.org/ccpj/id/"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'Côte d'Ivoire' -> 'cote-d-ivoire'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def iri(kind: str, key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of an instance of ``kind`` (report, paragraph, activity, org, ...)."""
    return URIRef(f"{base}{kind}/{key}")
