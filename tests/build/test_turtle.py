"""The one-pass writer gives rdflib's longturtle bytes, or hands the graph back to rdflib."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ccpj_graph import resources
from ccpj_graph.build.graph import FileGraph
from ccpj_graph.build.serialize import canonical_turtle
from ccpj_graph.build.turtle import long_turtle
from ccpj_graph.namespaces import bind_prefixes

EX = Namespace("https://example.org/ns#")
ID = "https://example.org/id/"


def _rdflib(graph: Graph) -> bytes:
    return graph.serialize(format="longturtle", encoding="utf-8")


def _graph(store: str = "default") -> Graph:
    graph = bind_prefixes(Graph(store=store, bind_namespaces="none"))
    graph.bind("ex", EX)
    graph.bind("person", f"{ID}person/")
    return graph


@pytest.mark.parametrize(
    "path", sorted(resources.graph_dir().glob("*.ttl")), ids=lambda p: Path(p).name
)
def test_the_corpus_graphs_are_written_as_rdflib_writes_them(path: Path) -> None:
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    graph.parse(path, format="turtle")
    fast = long_turtle(graph)
    assert fast is not None
    assert fast == _rdflib(graph) == path.read_bytes()


# the build's report graphs are held in SimpleMemory; objects the sort cannot order (a
# literal and an IRI, two datatypes) keep the store's order, so each store is tried
def _odd_terms(graph: Graph) -> Graph:
    people = [URIRef(f"{ID}person/{n}") for n in ("b", "a", "c(1)", "d%zz", "e.", "100")]
    for index, person in enumerate(people):
        graph.add((person, RDF.type, EX.Person))
        graph.add((person, RDFS.label, Literal(f'name "{index}"\n\\ é', lang="en")))
        graph.add((person, EX.knows, people[(index + 1) % len(people)]))
        graph.add((person, EX.knows, people[0]))
    values = [
        Literal(1),
        Literal("01", datatype=XSD.integer, normalize=False),
        Literal("maybe", datatype=XSD.boolean, normalize=False),
        Literal(True),
        Literal(2.5),
        Literal("1.50", datatype=XSD.decimal),
        Literal("2020", datatype=XSD.gYear),
        Literal("x", datatype=URIRef("https://example.org/other#type")),
        Literal("plain"),
        Literal("Plain", lang="fr"),
        URIRef(f"{ID}thing/z"),
        EX["local(x)"],
    ]
    for value in values:
        graph.add((people[1], EX.value, value))
    graph.add((EX.Person, RDF.type, RDFS.Class))
    graph.add((EX.Person, RDFS.subClassOf, EX.Agent))
    return graph


@pytest.mark.parametrize("store", ["default", "SimpleMemory"])
def test_odd_terms_are_written_as_rdflib_writes_them(store: str) -> None:
    graph = _odd_terms(_graph(store))
    fast = long_turtle(graph)
    assert fast is not None
    assert fast == _rdflib(graph)
    # the cases are reached: escaped local names, a name that cannot be prefixed, plain values
    for text in (rb"person:c\(1\)", rb"person:d\%zz", b"<https://example.org/id/person/e.>"):
        assert text in fast
    assert b'"2020"^^xsd:gYear ,\n        1 ,\n        01 ,\n        1.50 ,\n' in fast


def test_a_report_graph_is_written_as_rdflib_writes_the_same_triples() -> None:
    graph = _odd_terms(_graph("SimpleMemory"))
    report = FileGraph()
    report.namespaces = _graph("SimpleMemory")
    for triple in graph:  # each twice: the triples are a set, as in rdflib
        report.add(triple)
        report.add(triple)
    assert len(report) == len(graph)
    assert set(report) == set(graph) == set(report.rdflib_graph())
    assert report.turtle() == _rdflib(graph) == _rdflib(report.rdflib_graph())


def test_what_rdflib_would_write_differently_is_left_to_rdflib() -> None:
    graph = _graph()
    graph.add((URIRef(f"{ID}a"), URIRef("https://unbound.example/p"), Literal("x")))
    assert long_turtle(graph) is None  # rdflib would mint a prefix for the predicate
    assert canonical_turtle(graph) == _rdflib(graph)
    graph = _graph()
    graph.add((URIRef(f"{ID}a"), EX.list, RDF.nil))
    assert long_turtle(graph) is None
    assert canonical_turtle(graph) == _rdflib(graph)
