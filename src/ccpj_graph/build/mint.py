"""Deterministic IRIs for instances: ``<base><type>/<key>`` from stable key parts.

Never random or time-based, so the same input always yields the same identifiers and the
committed Turtle diffs cleanly.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from ccpj_graph.namespaces import DEFAULT_ID_BASE, instance_iri

__all__ = ["DEFAULT_BASE", "iri", "slug"]

DEFAULT_BASE = DEFAULT_ID_BASE


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'Côte d'Ivoire' -> 'cote-d-ivoire'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def iri(kind: str, key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of an instance of ``kind`` (report, paragraph, activity, org, ...).

    Unknown kinds and keys that are not slugs raise ValueError (a closed set of IRI shapes).
    """
    return URIRef(instance_iri(kind, key, base=base))
