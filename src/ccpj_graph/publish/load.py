"""Read the graph to publish: strictly parsed files, or an rdflib graph, as pyoxigraph triples.

Publishing works on pyoxigraph triples (fast to sort and serialize); every file, the
project's Turtle and a user's ``--input`` alike, is read by the one strict reader
(:mod:`ccpj_graph.rdfio`), and a graph a caller already holds (``merged_graph()``) is
converted term by term.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ccpj_graph import rdfio, resources
from ccpj_graph.errors import InputError

__all__ = ["default_data_files", "ontology_files", "read_triples", "triples_from_rdflib"]


def default_data_files() -> list[Path]:
    """The graph's instance data: reference data, the manifest and the extracted Turtle."""
    from ccpj_graph.build.merged import graph_files

    return graph_files(ontology=False)


def ontology_files() -> list[Path]:
    """The ontology's Turtle files, in a stable order."""
    return resources.ontology_files()


def read_triples(paths: Iterable[str | os.PathLike[str]]) -> list[ox.Triple]:
    """Every triple of ``paths`` (named graphs merged), through the one strict reader
    (:func:`ccpj_graph.rdfio.read_triples`: size cap, DOCTYPE/ENTITY and remote JSON-LD
    contexts refused, ``FILE:LINE:COL`` errors)."""
    return rdfio.read_triples(*paths)


def _term(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"cannot publish the RDF term {term!r}")


def _subject(term: object) -> ox.NamedNode | ox.BlankNode:
    node = _term(term)
    if isinstance(node, ox.Literal):
        raise InputError(f"cannot publish the literal {term!r} as a subject")
    return node


def _predicate(term: object) -> ox.NamedNode:
    node = _term(term)
    if not isinstance(node, ox.NamedNode):
        raise InputError(f"cannot publish {term!r} as a predicate: not an IRI")
    return node


def triples_from_rdflib(graph: Graph) -> list[ox.Triple]:
    """The triples of an rdflib graph as pyoxigraph triples."""
    return [ox.Triple(_subject(s), _predicate(p), _term(o)) for s, p, o in graph]
