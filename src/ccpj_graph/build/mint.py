"""Deterministic IRIs for instances: ``<base><type>/<key>`` from stable key parts.

Never random or time-based, so the same input always yields the same identifiers and the
committed Turtle diffs cleanly.
"""

from __future__ import annotations

from rdflib import URIRef

from ccpj_graph.extract.vocab import slugify
from ccpj_graph.namespaces import DEFAULT_ID_BASE, instance_iri

__all__ = ["DEFAULT_BASE", "iri", "slug"]

DEFAULT_BASE = DEFAULT_ID_BASE


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, apostrophes dropped: "Côte d'Ivoire" ->
    "cote-divoire", "Prosecutor's Office" -> "prosecutors-office". The one slug of the
    project (``ccpj_graph.extract.vocab.slugify``), so minted keys and IRIs agree."""
    return slugify(text)


def iri(kind: str, key: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of an instance of ``kind`` (report, paragraph, activity, org, ...).

    Unknown kinds and keys that are not slugs raise ValueError (a closed set of IRI shapes).
    """
    return URIRef(instance_iri(kind, key, base=base))
