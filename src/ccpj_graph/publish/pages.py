"""What each HTML page shows, as plain dicts for the jinja2 templates.

An entity page shows its label, types and properties with every related entity as a link
(labelled, never a bare IRI where a label exists), the entities that point at it, and for each
fact the quote and the paragraph it came from: an activity's own quote with the full paragraph
text, and beside each inbound activity or partnership its quote and a link to its paragraph.
Links are relative (``../country/KEN.html``) so the same files work under any host, from
``ccpj serve`` and from disk; the IRI itself is shown as the page's canonical identifier.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from ccpj_graph.namespaces import ONTOLOGY_NS
from ccpj_graph.publish.conneg import FORMATS
from ccpj_graph.publish.entities import Entity, SiteGraph
from ccpj_graph.publish.ontology import OntologyModel, curie
from ccpj_graph.publish.rdfout import RDF_TYPE, value_of
from ccpj_graph.publish.views import Views, kind_title

__all__ = ["PageBuilder", "natural_key"]

_QUOTE = ONTOLOGY_NS + "quote"
_TEXT = ONTOLOGY_NS + "text"
_SECTION = ONTOLOGY_NS + "section"
_SECTION_TITLE = ONTOLOGY_NS + "sectionTitle"
_DERIVED = "https://w3id.org/ccpj/ontology#statedIn"
_QUALIFIED = "http://www.w3.org/ns/prov#qualifiedAssociation"
_PART_OF = "http://purl.org/dc/terms/isPartOf"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PLAIN = (
    "http://www.w3.org/2001/XMLSchema#string",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
)
_DIGITS = re.compile(r"(\d+)")
#: Kinds whose pages group what points at them (activities) instead of listing every link.
_SUMMARISED = frozenset(
    {"country", "org", "standard", "mandate", "theme", "tool", "region", "report", "paragraph"}
)


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that puts "paragraph 9" before "paragraph 10"."""
    return tuple(int(p) if p.isdigit() else p.casefold() for p in _DIGITS.split(text))


class PageBuilder:
    """Builds the template context of every page from one :class:`SiteGraph`."""

    def __init__(
        self, site: SiteGraph, ontology: OntologyModel, views: Views | None = None
    ) -> None:
        self.site = site
        self.ontology = ontology
        self.views = views
        self._literal: dict[tuple[str, str], str] = {}
        self._source: dict[str, str] = {}  # entity -> paragraph IRI its facts came from
        for t in site.triples:
            if isinstance(t.object, ox.Literal) and t.predicate.value in (
                _QUOTE,
                _TEXT,
                _SECTION,
                _SECTION_TITLE,
            ):
                self._literal.setdefault((value_of(t.subject), t.predicate.value), t.object.value)
            elif t.predicate.value == _DERIVED and isinstance(t.object, ox.NamedNode):
                self._source.setdefault(value_of(t.subject), t.object.value)
        for t in site.triples:  # a partnership's quote comes from its activity's paragraph
            if t.predicate.value == _QUALIFIED and value_of(t.subject) in self._source:
                self._source.setdefault(value_of(t.object), self._source[value_of(t.subject)])
        self._report: dict[str, str] = {
            value_of(t.subject): t.object.value
            for t in site.triples
            if t.predicate.value == _PART_OF and isinstance(t.object, ox.NamedNode)
        }

    # --- links -----------------------------------------------------------------------------

    def href(self, iri: str, root: str) -> str | None:
        """Where a page under ``root`` links for ``iri``; None when the site has no page."""
        entity = self.site.entities.get(iri)
        if entity is not None:
            return f"{root}{entity.path}.html"
        anchor = self.ontology.anchor(iri)
        if anchor is not None:
            return f"{root}ontology.html#{anchor}"
        if iri.startswith(("http://", "https://")) and not iri.startswith(self.site.base.uri):
            return iri
        return None

    def label(self, iri: str) -> str:
        if iri in self.site.labels:
            return self.site.labels[iri]
        if iri in self.ontology.terms:
            return self.ontology.label(iri)
        return curie(iri)

    def link(self, iri: str, root: str) -> dict[str, Any]:
        return {"iri": iri, "label": self.label(iri), "href": self.href(iri, root)}

    def value(self, term: Any, root: str) -> dict[str, Any]:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value, root)
        if isinstance(term, ox.BlankNode):
            return {"literal": f"_:{term.value}", "lang": "", "datatype": ""}
        datatype = "" if term.datatype.value in _PLAIN else curie(term.datatype.value)
        return {"literal": term.value, "lang": term.language or "", "datatype": datatype}

    def evidence(self, iri: str, root: str) -> dict[str, Any] | None:
        """The quote of ``iri`` and the paragraph it came from, when the graph records them."""
        quote = self._literal.get((iri, _QUOTE))
        paragraph = self._source.get(iri)
        if quote is None and paragraph is None:
            return None
        out: dict[str, Any] = {"quote": quote or "", "paragraph": None}
        if paragraph is not None:
            report = self._report.get(paragraph)
            out["paragraph"] = self.link(paragraph, root)
            out["text"] = self._literal.get((paragraph, _TEXT), "")
            out["section"] = self._literal.get((paragraph, _SECTION), "")
            out["section_title"] = self._literal.get((paragraph, _SECTION_TITLE), "")
            out["report"] = self.link(report, root) if report else None
            out["cite"] = self.views.paragraph_citation(paragraph) if self.views else None
        return out

    # --- pages -----------------------------------------------------------------------------

    def entity(self, entity: Entity) -> dict[str, Any]:
        """Context for ``entity.html.j2``."""
        root = "../" * entity.path.count("/")
        iri = entity.iri
        key = entity.key
        properties: dict[str, list[dict[str, Any]]] = defaultdict(list)
        types = []
        for t in entity.triples:
            if value_of(t.subject) != iri:
                continue  # blank-node detail is in the RDF documents
            if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                types.append(self.link(t.object.value, root))
            else:
                properties[t.predicate.value].append(self.value(t.object, root))
        rows: list[dict[str, Any]] = [
            {"property": self.link(p, root), "values": sorted(v, key=_value_key)}
            for p, v in properties.items()
        ]
        rows.sort(
            key=lambda r: (
                r["property"]["iri"] != _LABEL,
                r["property"]["label"].casefold(),
                r["property"]["iri"],
            )
        )
        section = self.views.section(entity.kind, iri, root) if self.views else None
        # a summarised page shows what points here grouped for reading, not link by link
        summarised = section is not None and entity.kind in _SUMMARISED
        inbound: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for subject, predicate in () if summarised else self.site.incoming.get(iri, ()):
            item = self.link(subject, root)
            item["evidence"] = self.evidence(subject, root)
            inbound[predicate].append(item)
        incoming: list[dict[str, Any]] = [
            {
                "property": self.link(p, root),
                "items": sorted(items, key=lambda i: (natural_key(i["label"]), i["iri"])),
            }
            for p, items in inbound.items()
        ]
        incoming.sort(key=lambda r: (r["property"]["label"].casefold(), r["property"]["iri"]))
        return {
            "title": self.site.labels[iri],
            "iri": iri,
            "root": root,
            "kind": entity.kind,
            "kind_title": kind_title(entity.kind),
            "section": section,
            "kind_href": "index.html",
            "types": sorted(types, key=lambda link: link["label"].casefold()),
            "formats": [
                {"name": f.name, "media_type": f.media_type, "href": f"{key}.{f.extension}"}
                for f in FORMATS
            ],
            "text": self._literal.get((iri, _TEXT)),
            "evidence": self.evidence(iri, root) if self._source.get(iri) else None,
            "properties": rows,
            "incoming": incoming,
        }

    def kind_index(self, kind: str, entities: list[Entity]) -> dict[str, Any]:
        """Context for ``kind.html.j2``: every entity of one ``<type>``, with activity counts."""
        root = "../../"
        if self.views is not None:
            table = self.views.index_rows(kind, [e.iri for e in entities], root)
            return {"title": kind_title(kind), "kind": kind, "root": root, **table}
        items = []
        for entity in entities:
            item = self.link(entity.iri, root)
            item["href"] = f"{entity.key}.html"
            item["types"] = [self.label(t) for t in sorted(self.site.types.get(entity.iri, ()))]
            items.append(item)
        items.sort(key=lambda i: (natural_key(i["label"]), i["iri"]))
        return {
            "title": kind_title(kind),
            "kind": kind,
            "root": root,
            "rows": [{**i, "cells": i["types"], "count": 0} for i in items],
            "columns": ["Type"],
            "counted": False,
            "with_activities": 0,
        }


def _value_key(value: dict[str, Any]) -> tuple[Any, ...]:
    if "iri" in value:
        return (1, natural_key(value["label"]), value["iri"])
    return (0, value["lang"], natural_key(value["literal"]))
