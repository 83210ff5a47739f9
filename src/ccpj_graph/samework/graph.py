"""The same-work links as RDF: ``ccpj:sameWorkAs`` both ways, one explained
``ccpj:SameWorkLink`` node per link, and each linked activity's representative."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal

from ccpj_graph.build.graph import FileGraph
from ccpj_graph.build.mint import DEFAULT_BASE
from ccpj_graph.namespaces import CCPJ, RDF, RDFS, XSD, bind_prefixes, instance_namespace
from ccpj_graph.samework.link import SameWork

__all__ = ["same_work_graph"]


def _decimal(value: float) -> Literal:
    return Literal(Decimal(f"{value:.3f}"), datatype=XSD.decimal)


def same_work_graph(found: SameWork, *, base: str = DEFAULT_BASE) -> FileGraph:
    """The triples of ``found``: links, their explanations and the representatives (only
    counted and written out: a :class:`FileGraph`)."""
    graph = FileGraph(bind_prefixes(Graph(store="SimpleMemory", bind_namespaces="none"), base=base))
    iris = {}
    for link in found.links:
        a, b = link.a.iri, link.b.iri
        iris[link.a.key], iris[link.b.key] = a, b
        graph.add((a, CCPJ.sameWorkAs, b))
        graph.add((b, CCPJ.sameWorkAs, a))
        # the key joins two activity keys with "--" (no single-slug key can say "pair")
        node = instance_namespace(base)[f"same-work/{link.key}"]
        graph.add((node, RDF.type, CCPJ.SameWorkLink))
        label = f"same work: {link.a.key} and {link.b.key}"
        graph.add((node, RDFS.label, Literal(label, lang="en")))
        graph.add((node, CCPJ.linksActivity, a))
        graph.add((node, CCPJ.linksActivity, b))
        graph.add((node, CCPJ.similarity, _decimal(link.score.score)))
        graph.add((node, CCPJ.textSimilarity, _decimal(link.score.text)))
        graph.add((node, CCPJ.linkBasis, Literal(link.basis)))
        if link.reason:
            graph.add((node, RDFS.comment, Literal(link.reason, lang="en")))
        for word in link.score.words:
            graph.add((node, CCPJ.sharedWord, Literal(word)))
        for country in link.score.countries:
            graph.add((node, CCPJ.sharedCountry, country))
        for partner in link.score.partners:
            graph.add((node, CCPJ.sharedPartner, partner))
        for standard in link.score.standards:
            graph.add((node, CCPJ.sharedStandard, standard))
    for key, representative in found.representatives.items():
        graph.add((iris[key], CCPJ.sameWorkRepresentative, iris[representative]))
    return graph
