"""The base URI a site is published under, and the IRIs and paths that follow from it.

The graph is built with instance IRIs under ``https://w3id.org/ccpj/id/``; a publisher who
hosts the site elsewhere passes ``--base-uri`` and every instance IRI is rewritten to
``<base>id/<type>/<key>``, so the IRIs resolve to the site that describes them. Ontology terms
keep their namespace (``https://w3id.org/ccpj/ontology#``): a vocabulary is shared identity,
and rewriting it would make each copy of the data speak a different language. The site still
carries the ontology's documents (``ontology.ttl`` ...), and answers ``<base>ontology``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from ccpj_graph.errors import InputError
from ccpj_graph.namespaces import DEFAULT_ID_BASE
from ccpj_graph.urls import http_url

__all__ = ["DEFAULT_BASE_URI", "SiteBase", "rebase"]

#: The base the project's own IRIs are minted under: ``<base>id/...``.
DEFAULT_BASE_URI = DEFAULT_ID_BASE.removesuffix("id/")

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # fullmatch: "$" lets "\n" in
_TYPE = re.compile(r"[A-Za-z0-9_-]+")
_DOC_SUFFIXES = (".ttl", ".jsonld", ".nt", ".html")


@dataclass(frozen=True, slots=True)
class SiteBase:
    """A validated base URI, always ending with ``/``."""

    uri: str

    @classmethod
    def parse(cls, value: str, *, option: str = "--base-uri") -> SiteBase:
        """Check ``value`` is an absolute http(s) URI without query, fragment or user name
        (:func:`ccpj_graph.urls.http_url`, the check every URL option shares)."""
        text = value.strip()
        http_url(text, option)
        return cls(text if text.endswith("/") else text + "/")

    @property
    def id_base(self) -> str:
        """Where instance IRIs live: ``<base>id/``."""
        return self.uri + "id/"

    @property
    def path(self) -> str:
        """The URI's path, such as ``/ccpj/`` (web server rules are rooted there)."""
        return urlsplit(self.uri).path or "/"

    @property
    def dataset(self) -> str:
        """The IRI of the dataset the VoID and DCAT description is about."""
        return self.uri + "dataset"

    def doc_path(self, iri: str) -> str | None:
        """``id/<type>/<key>`` for an instance IRI under this base, else None."""
        if not iri.startswith(self.id_base):
            return None
        rest = iri[len(self.id_base) :]
        kind, _, key = rest.partition("/")
        if not _TYPE.fullmatch(kind) or not _KEY.fullmatch(key) or key.endswith(_DOC_SUFFIXES):
            raise InputError(
                f"IRI <{iri}>: cannot be published as a document: the part after "
                f"{self.id_base} must be <type>/<key> with a key of letters, digits, "
                "'.', '_' and '-' that does not end like a document (.ttl, .html, ...)"
            )
        return "id/" + rest


def rebase(
    triples: Iterable[ox.Triple], base: SiteBase, *, source: str = DEFAULT_ID_BASE
) -> list[ox.Triple]:
    """``triples`` with every IRI under ``source`` moved under ``base.id_base``."""
    target = base.id_base
    if target == source:
        return list(triples)

    def move(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Any:
        if isinstance(term, ox.NamedNode) and term.value.startswith(source):
            return ox.NamedNode(target + term.value[len(source) :])
        return term

    return [ox.Triple(move(t.subject), move(t.predicate), move(t.object)) for t in triples]
