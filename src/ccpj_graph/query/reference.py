"""rdflib as a second SPARQL engine, to check the store's answers and to benchmark against.

The CLI never answers from here: rdflib re-parses the Turtle on every run and has join-order
cliffs. Tests run every canned query on both engines over the same triples (the graph files
plus the inferred ones) and compare the rows; ``bench/query.py`` times both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import rdflib

from ccpj_graph.query.params import Select
from ccpj_graph.query.results import AskResult, GraphResult, QueryResult, SelectResult
from ccpj_graph.query.terms import Term

__all__ = ["load_graph", "rdflib_select", "run_rdflib", "to_term"]


def to_term(node: Any) -> Term | None:
    """An rdflib term as a :class:`Term` (None stays None)."""
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return Term.iri(str(node))
    if isinstance(node, rdflib.BNode):
        return Term("bnode", str(node))
    if isinstance(node, rdflib.Literal):
        datatype = str(node.datatype) if node.datatype else None
        return Term.literal(str(node), datatype=datatype, lang=node.language)
    return Term.literal(str(node))


def load_graph(
    files: Sequence[Path], inferred: rdflib.Graph | Path | Iterable[Path] | None = None
) -> rdflib.Graph:
    """One rdflib graph of ``files`` plus the inferred triples (a graph, a file or files), read
    by the project's strict reader (:func:`ccpj_graph.rdfio.read_graph`)."""
    from ccpj_graph.rdfio import read_graph

    paths = list(files)
    if isinstance(inferred, Path):
        paths.append(inferred)
    elif inferred is not None and not isinstance(inferred, rdflib.Graph):
        paths.extend(inferred)
    graph = read_graph(*paths, fmt="turtle")
    if isinstance(inferred, rdflib.Graph):
        for triple in inferred:
            graph.add(triple)
    return graph


def run_rdflib(graph: rdflib.Graph, text: str, *, limit: int | None = None) -> QueryResult:
    """Run ``text`` with rdflib's engine; the same result records as the store gives."""
    answer = graph.query(text)
    if answer.type == "ASK":
        return AskResult(bool(answer.askAnswer))
    if answer.type == "SELECT":
        columns = tuple(str(v) for v in answer.vars or ())
        rows: list[tuple[Term | None, ...]] = []
        for row in answer:
            assert isinstance(row, rdflib.query.ResultRow)  # a SELECT answer yields rows
            rows.append(tuple(to_term(row[i]) for i in range(len(columns))))
        truncated = limit is not None and len(rows) > limit
        return SelectResult(columns, tuple(rows[:limit] if truncated else rows), truncated)
    out = rdflib.Graph()
    for triple in answer:
        # a CONSTRUCT or DESCRIBE answer yields triples, never rows or a boolean
        assert not isinstance(triple, bool | rdflib.query.ResultRow)
        out.add(triple)
    return GraphResult(out.serialize(format="turtle"), len(out))


def rdflib_select(graph: rdflib.Graph) -> Select:
    """A :data:`Select` over ``graph``, for resolving parameters with rdflib."""

    def select(text: str, like: object = None) -> SelectResult:
        result = run_rdflib(graph, text)  # ``like`` is the gate's business, not rdflib's
        assert isinstance(result, SelectResult)  # the lookup queries are SELECTs
        return result

    return select
