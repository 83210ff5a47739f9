"""Deterministic Turtle, N-Triples and JSON-LD for the published documents.

Why not rdflib's serializers: a site holds thousands of small documents, and rdflib's Turtle
writer costs milliseconds each, its N-Triples order is not stable and its JSON-LD order
follows hash order. Here triples are sorted once (subject, then ``rdf:type`` first, then
predicate and object in N-Triples order) and written by pyoxigraph (Turtle, N-Triples), whose
output follows its input; JSON-LD is written here as a compacted document with an inline
``@context`` (never a remote one: readers need nothing from the network) and sorted keys.
Blank nodes get canonical labels (RDFC-1.0) before sorting, so even the ontology's ``[]``
axioms give the same bytes on every run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from ccpj_graph.namespaces import ONTOLOGY_NS, PREFIXES

__all__ = [
    "RDF_TYPE",
    "VOCAB_PREFIXES",
    "canonical_triples",
    "jsonld_bytes",
    "ntriples_bytes",
    "sort_triples",
    "turtle_bytes",
    "value_of",
]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: Vocabulary prefixes for Turtle and JSON-LD. Instance IRIs are written in full: a prefixed
#: name would have to escape the ``/`` in ``activity/001-17-2``.
VOCAB_PREFIXES: dict[str, str] = dict(
    sorted(
        {
            **{name: str(ns) for name, ns in PREFIXES.items() if name not in ("ccpjid",)},
            "ccpj": ONTOLOGY_NS,
            "dcat": "http://www.w3.org/ns/dcat#",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "void": "http://rdfs.org/ns/void#",
        }.items()
    )
)


def value_of(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """The IRI, blank-node label or lexical form of a triple's ``term``.

    pyoxigraph types subjects and objects as possibly RDF-star quoted triples, which have no
    single value; the published graph has none, so meeting one is a bug.
    """
    assert not isinstance(term, ox.Triple), f"unexpected RDF-star triple term {term}"
    return term.value


def _sort_key(triple: ox.Triple) -> tuple[str, bool, str, str]:
    return (
        str(triple.subject),
        triple.predicate.value != RDF_TYPE,
        str(triple.predicate),
        str(triple.object),
    )


def sort_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Distinct triples in publishing order: by subject, ``rdf:type`` first."""
    return sorted(set(triples), key=_sort_key)


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Sorted triples whose blank nodes carry canonical (RDFC-1.0) labels."""
    triples = list(triples)
    if not any(isinstance(term, ox.BlankNode) for t in triples for term in (t.subject, t.object)):
        return sort_triples(triples)
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sort_triples(q.triple for q in dataset)


def _used_prefixes(triples: Sequence[ox.Triple]) -> dict[str, str]:
    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {
        name: ns
        for name, ns in VOCAB_PREFIXES.items()
        if any(iri.startswith(ns) and len(iri) > len(ns) for iri in iris)
    }


def turtle_bytes(triples: Sequence[ox.Triple]) -> bytes:
    """Turtle for sorted ``triples``, declaring only the prefixes it uses."""
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_used_prefixes(triples))
    assert data is not None  # no output file given: the bytes are returned
    return data


def ntriples_bytes(triples: Sequence[ox.Triple]) -> bytes:
    """Canonical N-Triples, one line per triple, in the order given."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # no output file given: the bytes are returned
    return data


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    for name, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{name}:{iri[len(ns) :]}"
    return iri


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _jsonld_value(term: Any, prefixes: dict[str, str]) -> Any:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": _node_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype.value, prefixes)}


def jsonld_bytes(triples: Sequence[ox.Triple]) -> bytes:
    """A compacted JSON-LD document (``@context`` inline, ``@graph`` of nodes) for ``triples``.

    Node and object IRIs stay absolute; properties and types use the vocabulary prefixes.
    Single values are written bare, several as a list, in the order of ``triples``.
    """
    prefixes = _used_prefixes(triples)
    nodes: dict[str, dict[str, Any]] = {}
    for t in triples:
        subject = t.subject
        assert not isinstance(subject, ox.Triple)  # the graph has no RDF-star quoted triples
        node = nodes.setdefault(_node_id(subject), {"@id": _node_id(subject)})
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(t.object.value, prefixes))
        else:
            key = _compact(t.predicate.value, prefixes)
            node.setdefault(key, []).append(_jsonld_value(t.object, prefixes))
    graph = []
    for node in nodes.values():
        graph.append(
            {
                key: (values[0] if isinstance(values, list) and len(values) == 1 else values)
                for key, values in node.items()
            }
        )
    document = {"@context": prefixes, "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
