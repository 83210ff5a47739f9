"""The ontology as a documentation model: its classes and properties, with their axioms.

Why not pyLODE: it pulls httpx, dominate, markdown and tqdm into the runtime, renders in its
own look, and its pages are not checked byte-for-byte stable. The ontology here is small and
regular (every term has a label, a definition and ``rdfs:isDefinedBy``), so a model of it and
one jinja2 template give a page in the site's look, linked both ways with the entity pages
(a term shows how many instances or triples the dataset has), deterministic and offline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ccpj_graph.namespaces import ONTOLOGY_NS
from ccpj_graph.publish.rdfout import RDF_TYPE, VOCAB_PREFIXES, value_of

__all__ = ["OntologyModel", "TermDoc"]

_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCTERMS = "http://purl.org/dc/terms/"

#: rdf:type of a term -> the section of the page it is listed in.
_CATEGORIES: dict[str, str] = {
    _OWL + "Class": "class",
    _RDFS + "Class": "class",
    _OWL + "ObjectProperty": "object property",
    _OWL + "DatatypeProperty": "datatype property",
    _OWL + "AnnotationProperty": "annotation property",
    _RDF + "Property": "property",
}
_CHARACTERISTICS: dict[str, str] = {
    _OWL + "FunctionalProperty": "functional",
    _OWL + "InverseFunctionalProperty": "inverse functional",
    _OWL + "TransitiveProperty": "transitive",
    _OWL + "SymmetricProperty": "symmetric",
    _OWL + "AsymmetricProperty": "asymmetric",
    _OWL + "ReflexiveProperty": "reflexive",
    _OWL + "IrreflexiveProperty": "irreflexive",
}


@dataclass(slots=True)
class TermDoc:
    """What the documentation says about one class or property."""

    iri: str
    curie: str
    anchor: str
    category: str
    label: str
    definition: str = ""
    own: bool = False  # declared in the ccpj namespace
    defined_by: str = ""
    parents: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    inverse: list[str] = field(default_factory=list)
    disjoint: list[str] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    chains: list[list[str]] = field(default_factory=list)
    key: str = ""
    notation: str = ""
    #: Properties whose domain / range is this class (classes only).
    domain_of: list[str] = field(default_factory=list)
    range_of: list[str] = field(default_factory=list)
    usage: int = 0  # instances (class) or triples (property) in the dataset


def curie(iri: str) -> str:
    """``ccpj:Training`` for a known vocabulary, else the IRI itself."""
    for name, ns in VOCAB_PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{name}:{iri[len(ns) :]}"
    return iri


def _anchor(iri: str) -> str:
    if iri.startswith(ONTOLOGY_NS):
        return iri[len(ONTOLOGY_NS) :]
    return curie(iri).replace(":", "-").replace("/", "-")


class OntologyModel:
    """Terms and metadata of the ontology, indexed for the documentation page and links."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.triples = list(triples)
        by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
        first: dict[ox.BlankNode, object] = {}
        rest: dict[ox.BlankNode, object] = {}
        for t in self.triples:
            if isinstance(t.subject, ox.BlankNode):
                if t.predicate.value == _RDF + "first":
                    first[t.subject] = t.object
                elif t.predicate.value == _RDF + "rest":
                    rest[t.subject] = t.object
                continue
            by_subject[value_of(t.subject)].append(t)

        def rdf_list(node: object) -> list[str]:
            items: list[str] = []
            while isinstance(node, ox.BlankNode) and node in first:
                head = first[node]
                if isinstance(head, ox.NamedNode):
                    items.append(head.value)
                node = rest.get(node)
            return items

        self.metadata: dict[str, str] = {}
        self.terms: dict[str, TermDoc] = {}
        for iri, triples in sorted(by_subject.items()):
            types = {value_of(t.object) for t in triples if t.predicate.value == RDF_TYPE}
            if _OWL + "Ontology" in types:
                for t in triples:
                    value = value_of(t.object)
                    self.metadata.setdefault(curie(t.predicate.value), value)
                self.metadata["iri"] = iri
                continue
            category = next((_CATEGORIES[c] for c in sorted(types) if c in _CATEGORIES), None)
            if category is None:
                continue
            term = TermDoc(
                iri=iri,
                curie=curie(iri),
                anchor=_anchor(iri),
                category=category,
                label=iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                own=iri.startswith(ONTOLOGY_NS),
            )
            labels: dict[str, str] = {}
            for t in triples:
                p, o = t.predicate.value, t.object
                if isinstance(o, ox.Literal):
                    if p in (_RDFS + "label", _SKOS + "definition", _RDFS + "comment"):
                        if o.language in ("en", None, ""):
                            labels.setdefault(p, o.value)
                    elif p == ONTOLOGY_NS + "key":
                        term.key = o.value
                    elif p == _SKOS + "notation":
                        term.notation = o.value
                    continue
                if isinstance(o, ox.BlankNode):
                    if p == _OWL + "propertyChainAxiom":
                        term.chains.append(rdf_list(o))
                    elif p in (_RDFS + "domain", _RDFS + "range"):
                        union = [
                            v
                            for t2 in self.triples
                            if t2.subject == o and t2.predicate.value == _OWL + "unionOf"
                            for v in rdf_list(t2.object)
                        ]
                        (term.domain if p.endswith("domain") else term.range).extend(union)
                    continue
                value = value_of(o)
                if p == RDF_TYPE and value in _CHARACTERISTICS:
                    term.characteristics.append(_CHARACTERISTICS[value])
                elif p in (_RDFS + "subClassOf", _RDFS + "subPropertyOf"):
                    term.parents.append(value)
                elif p == _RDFS + "domain":
                    term.domain.append(value)
                elif p == _RDFS + "range":
                    term.range.append(value)
                elif p == _OWL + "inverseOf":
                    term.inverse.append(value)
                elif p == _OWL + "disjointWith":
                    term.disjoint.append(value)
                elif p == _RDFS + "isDefinedBy":
                    term.defined_by = value
            term.label = labels.get(_RDFS + "label", term.label)
            term.definition = labels.get(_SKOS + "definition", labels.get(_RDFS + "comment", ""))
            self.terms[iri] = term
        # inverse links, AllDisjointClasses members, sorted lists
        for t in self.triples:
            if t.predicate.value == _OWL + "members" and isinstance(t.object, ox.BlankNode):
                members = rdf_list(t.object)
                for member in members:
                    if member in self.terms:
                        self.terms[member].disjoint.extend(m for m in members if m != member)
        for term in self.terms.values():
            for parent in term.parents:
                if parent in self.terms:
                    self.terms[parent].children.append(term.iri)
            for cls in term.domain:
                if cls in self.terms:
                    self.terms[cls].domain_of.append(term.iri)
            for cls in term.range:
                if cls in self.terms:
                    self.terms[cls].range_of.append(term.iri)
        for term in self.terms.values():
            for name in (
                "parents",
                "children",
                "domain",
                "range",
                "inverse",
                "disjoint",
                "characteristics",
                "domain_of",
                "range_of",
            ):
                setattr(term, name, sorted(set(getattr(term, name)), key=self.sort_key))

    def sort_key(self, iri: str) -> tuple[str, str]:
        term = self.terms.get(iri)
        return ((term.label if term else curie(iri)).casefold(), iri)

    def label(self, iri: str) -> str:
        term = self.terms.get(iri)
        return term.label if term else curie(iri)

    def anchor(self, iri: str) -> str | None:
        term = self.terms.get(iri)
        return term.anchor if term else None

    def count_usage(self, triples: Iterable[ox.Triple]) -> None:
        """Record how many instances each class and how many triples each property has."""
        for t in triples:
            predicate = self.terms.get(t.predicate.value)
            if predicate is not None:
                predicate.usage += 1
            if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                cls = self.terms.get(t.object.value)
                if cls is not None:
                    cls.usage += 1

    def sections(self) -> list[tuple[str, list[TermDoc]]]:
        """(heading, terms) in page order: own classes and properties, then reused terms."""
        plural = {
            "class": "classes",
            "object property": "object properties",
            "datatype property": "datatype properties",
            "annotation property": "annotation properties",
            "property": "properties",
        }
        out: list[tuple[str, list[TermDoc]]] = []
        for own in (True, False):
            for category, heading in plural.items():
                terms = [t for t in self.terms.values() if t.category == category and t.own == own]
                if terms:
                    title = heading.capitalize() if own else f"Reused {heading}"
                    out.append((title, sorted(terms, key=lambda t: (t.label.casefold(), t.iri))))
        return out
