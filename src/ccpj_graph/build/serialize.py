"""Canonical Turtle and atomic writes, so committed RDF is byte-identical run after run.

rdflib's ``longturtle`` sorts prefixes, subjects and objects; the graphs we write use minted
IRIs, never blank nodes, which keeps that order stable across processes. Files are written to
a temporary sibling, fsynced and moved into place, so an interrupted build never leaves half a
file.
"""

from __future__ import annotations

from rdflib import BNode, Graph

from ccpj_graph.atomic import atomic_write
from ccpj_graph.build.turtle import long_turtle

__all__ = ["atomic_write", "canonical_turtle"]


def canonical_turtle(graph: Graph) -> bytes:
    """Serialize ``graph`` as sorted, deterministic Turtle: rdflib's ``longturtle``, written
    by :func:`long_turtle` in one pass where it can (the same bytes, several times faster).
    A graph with blank nodes is refused (:func:`long_turtle` never writes one)."""
    fast = long_turtle(graph)
    if fast is not None:
        return fast
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        raise ValueError("canonical Turtle needs a graph without blank nodes")
    return graph.serialize(format="longturtle", encoding="utf-8")
