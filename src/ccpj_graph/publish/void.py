"""The VoID and DCAT description of a published dataset.

Linked-data crawlers and catalogues read ``<base>dataset`` (and ``/.well-known/void``) to learn
what a site holds: its licence and sources, how many triples and entities each class and
property has, which vocabularies it uses, where the dumps are (with sizes and media types),
the SPARQL endpoint when one is configured, and the URI space its IRIs live in. Partitions and
distributions get hash IRIs under the dataset, never blank nodes, so the description is written
byte-for-byte the same each time.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from typing import Any

import pyoxigraph as ox

from ccpj_graph.namespaces import ONTOLOGY_IRI, ONTOLOGY_NS
from ccpj_graph.publish.entities import SiteGraph
from ccpj_graph.publish.ontology import curie
from ccpj_graph.publish.rdfout import RDF_TYPE, VOCAB_PREFIXES, value_of

__all__ = ["Dump", "dataset_metadata", "void_triples"]

_VOID = "http://rdfs.org/ns/void#"
_DCAT = "http://www.w3.org/ns/dcat#"
_DCT = "http://purl.org/dc/terms/"
_FOAF = "http://xmlns.com/foaf/0.1/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_IANA = "https://www.iana.org/assignments/media-types/"
_FORMATS_NS = "http://www.w3.org/ns/formats/"
_SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"


@dataclass(frozen=True, slots=True)
class Dump:
    """A file of the whole dataset: where it is in the site and what it holds."""

    path: str  # relative to the site root, e.g. dump/ccpj.nt.gz
    media_type: str
    title: str
    size: int
    compressed: bool = False
    w3c_format: str = ""  # http://www.w3.org/ns/formats/ name, e.g. Turtle


@cache
def dataset_metadata() -> dict[str, Any]:
    """The stated part of the description, from ``publish/dataset.toml``."""
    text = (
        importlib_resources.files("ccpj_graph.publish")
        .joinpath("dataset.toml")
        .read_text(encoding="utf-8")
    )
    return tomllib.loads(text)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(_XSD + "integer"))


def _en(text: str) -> ox.Literal:
    return ox.Literal(" ".join(text.split()), language="en")


def _vocabulary(iri: str) -> str | None:
    for ns in VOCAB_PREFIXES.values():
        if iri.startswith(ns):
            return ns
    return None


def void_triples(
    site: SiteGraph,
    *,
    dumps: list[Dump],
    sparql_endpoint: str | None = None,
    issued: str | None = None,
    ontology_triples: int = 0,
) -> list[ox.Triple]:
    """The description of the dataset ``site`` holds, as triples about ``<base>dataset``."""
    meta = dataset_metadata()
    base = site.base
    dataset = _n(base.dataset)
    out: list[ox.Triple] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(s, _n(p), o))

    def part(kind: str, name: str) -> ox.NamedNode:
        # a class outside the known prefixes keeps its full IRI in ``name`` ("...ontology#Goal"):
        # only letters, digits, "-", "_" and "." may follow the fragment's "#"
        return _n(f"{base.dataset}#{kind}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}")

    add(dataset, RDF_TYPE, _n(_VOID + "Dataset"))
    add(dataset, RDF_TYPE, _n(_DCAT + "Dataset"))
    add(dataset, _DCT + "title", _en(meta["title"]))
    add(dataset, _RDFS + "label", _en(meta["title"]))
    add(dataset, _DCT + "description", _en(meta["description"]))
    add(dataset, _DCT + "license", _n(meta["license"]))
    add(dataset, _DCT + "creator", ox.Literal(meta["creator"]))
    add(dataset, _DCT + "publisher", ox.Literal(meta["publisher"]))
    add(dataset, _DCT + "language", _n(meta["language"]))
    add(dataset, _DCT + "conformsTo", _n(str(ONTOLOGY_IRI)))
    for keyword in meta["keywords"]:
        add(dataset, _DCAT + "keyword", _en(keyword))
    add(dataset, _FOAF + "homepage", _n(base.uri))
    add(dataset, _DCAT + "landingPage", _n(base.uri))
    if issued:
        add(dataset, _DCT + "issued", ox.Literal(issued, datatype=_n(_XSD + "date")))
        add(dataset, _DCT + "modified", ox.Literal(issued, datatype=_n(_XSD + "date")))
    add(dataset, _VOID + "uriSpace", ox.Literal(base.id_base))
    reports = {ONTOLOGY_NS + "Report", ONTOLOGY_NS + "Brochure"}
    for source in sorted(iri for iri, types in site.types.items() if reports & set(types)):
        add(dataset, _DCT + "source", _n(source))
    for example in meta.get("examples", []):
        iri = base.id_base + example
        if iri in site.entities:
            add(dataset, _VOID + "exampleResource", _n(iri))

    # statistics
    triples = site.triples
    subjects = {t.subject for t in triples}
    objects = {t.object for t in triples}
    predicates = Counter(t.predicate.value for t in triples)
    classes: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            classes[t.object.value].add(value_of(t.subject))
    add(dataset, _VOID + "triples", _int(len(triples)))
    add(dataset, _VOID + "entities", _int(len(site.entities)))
    add(dataset, _VOID + "distinctSubjects", _int(len(subjects)))
    add(dataset, _VOID + "distinctObjects", _int(len(objects)))
    add(dataset, _VOID + "properties", _int(len(predicates)))
    add(dataset, _VOID + "classes", _int(len(classes)))
    vocabularies = {_vocabulary(p) for p in predicates} | {_vocabulary(c) for c in classes}
    for ns in sorted(v for v in vocabularies if v):
        add(dataset, _VOID + "vocabulary", _n(ns))
    for cls, members in sorted(classes.items()):
        node = part("class", curie(cls).replace(":", "-").replace("/", "-"))
        add(dataset, _VOID + "classPartition", node)
        add(node, _VOID + "class", _n(cls))
        add(node, _VOID + "entities", _int(len(members)))
    for prop, count in sorted(predicates.items()):
        node = part("property", curie(prop).replace(":", "-").replace("/", "-"))
        add(dataset, _VOID + "propertyPartition", node)
        add(node, _VOID + "property", _n(prop))
        add(node, _VOID + "triples", _int(count))
    for kind, entities in site.by_kind().items():
        node = part("subset", kind)
        add(dataset, _VOID + "subset", node)
        add(node, RDF_TYPE, _n(_VOID + "Dataset"))
        add(node, _DCT + "title", _en(f"{kind} entities"))
        add(node, _VOID + "uriSpace", ox.Literal(f"{base.id_base}{kind}/"))
        add(node, _VOID + "entities", _int(len(entities)))
        add(node, _VOID + "triples", _int(sum(len(e.triples) for e in entities)))

    # distributions
    for dump in dumps:
        url = _n(base.uri + dump.path)
        node = part("dump", dump.path.rsplit("/", 1)[-1].replace(".", "-"))
        add(dataset, _VOID + "dataDump", url)
        add(dataset, _DCAT + "distribution", node)
        add(node, RDF_TYPE, _n(_DCAT + "Distribution"))
        add(node, _DCT + "title", _en(dump.title))
        add(node, _DCAT + "downloadURL", url)
        add(node, _DCAT + "accessURL", url)
        add(node, _DCAT + "mediaType", _n(_IANA + dump.media_type))
        add(node, _DCAT + "byteSize", ox.Literal(str(dump.size), datatype=_n(_XSD + "integer")))
        add(node, _DCT + "license", _n(meta["license"]))
        if dump.compressed:
            add(node, _DCAT + "compressFormat", _n(_IANA + "application/gzip"))
        if dump.w3c_format:
            add(dataset, _VOID + "feature", _n(_FORMATS_NS + dump.w3c_format))
    ontology = part("ontology", "ttl")
    add(dataset, _DCAT + "distribution", ontology)
    add(ontology, RDF_TYPE, _n(_DCAT + "Distribution"))
    add(ontology, _DCT + "title", _en("The ccpj ontology (Turtle)"))
    add(ontology, _DCAT + "downloadURL", _n(base.uri + "ontology.ttl"))
    add(ontology, _DCAT + "mediaType", _n(_IANA + "text/turtle"))
    add(ontology, _VOID + "triples", _int(ontology_triples))
    if sparql_endpoint:
        service = part("service", "sparql")
        add(dataset, _VOID + "sparqlEndpoint", _n(sparql_endpoint))
        add(dataset, _DCAT + "distribution", service)
        add(service, RDF_TYPE, _n(_DCAT + "Distribution"))
        add(service, _DCT + "title", _en("SPARQL 1.1 endpoint"))
        add(service, _DCAT + "accessURL", _n(sparql_endpoint))
        add(service, _DCAT + "accessService", part("service", "sparql-endpoint"))
        endpoint = part("service", "sparql-endpoint")
        add(endpoint, RDF_TYPE, _n(_DCAT + "DataService"))
        add(endpoint, _DCAT + "endpointURL", _n(sparql_endpoint))
        add(endpoint, _DCAT + "servesDataset", dataset)
        add(endpoint, _DCT + "conformsTo", _n(_SPARQL_PROTOCOL))
    return out
