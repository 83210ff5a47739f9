"""rdflib's ``longturtle`` output, byte for byte, written in one pass.

Why: the build writes every report's graph as ``longturtle`` and rdflib's serializer spent a
second and a half of a cold build on it (each IRI's prefixed name worked out three times, one
small encoded write per token). This writer produces the same bytes for the graphs the build
writes (no blank nodes, no base IRI) using rdflib's own pieces for everything that decides
the text (``compute_qname``, term ordering, ``Literal._literal_n3``); for anything else it
returns None and :func:`ccpj_graph.build.serialize.canonical_turtle` lets rdflib write it.
``tests/build/test_serialize.py`` holds the two equal on the corpus and on odd terms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

__all__ = ["Subjects", "long_turtle", "subjects_turtle"]

# as rdflib's RecursiveSerializer: a '%' not followed by two hex digits is escaped
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_INDENT = "    "
# compared as plain strings (rdflib's term equality runs in Python; a triple's three terms are
# each checked): rdf:nil is ruled out whatever its kind, rdf:type is a predicate, an IRI
_NIL, _TYPE = str(RDF.nil), str(RDF.type)

#: triples gathered by subject, then predicate: each object list in the store's order
Subjects = dict[Any, dict[Any, list[Any]]]


class _Unsupported(Exception):
    """Something rdflib's serializer treats in a way this writer does not copy."""


class _Names:
    """Prefixed names as ``LongTurtleSerializer.get_pname`` gives them, each worked out once,
    and the prefixes they use (the document's PREFIX lines)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.used: dict[str, str] = {}
        self.known: dict[str, str | None] = {}  # by the IRI's text

    def __call__(self, uri: Any, *, verb: bool = False) -> str | None:
        if not isinstance(uri, URIRef):
            return None
        text = str(uri)
        if text in self.known:
            known = self.known[text]
            if verb and known is None:
                raise _Unsupported("a predicate rdflib would give a new prefix")
            return known
        try:
            prefix, namespace, local = self.graph.compute_qname(uri, generate=False)
        except Exception:  # rdflib raises several kinds, and get_pname catches them all
            if verb:
                raise _Unsupported("a predicate without a bound prefix") from None
            found = self.graph.store.prefix(uri)
            if found is None:
                self.known[str(uri)] = None
                return None
            prefix, namespace, local = found, uri, ""
        local = _PERCENT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            self.known[str(uri)] = None
            return None
        if prefix.startswith("_") or self.used.get(prefix, str(namespace)) != str(namespace):
            raise _Unsupported("a prefix rdflib would rename")
        self.used[prefix] = str(namespace)
        self.known[str(uri)] = name = f"{prefix}:{local}"
        return name


def long_turtle(graph: Graph) -> bytes | None:
    """``graph.serialize(format="longturtle", encoding="utf-8")``, or None when the graph
    holds something this writer leaves to rdflib (blank nodes, a base IRI, ``rdf:nil``, a
    predicate with no prefix, a prefix rdflib would rename)."""
    if graph.base is not None:
        return None
    # each subject's objects by predicate, gathered in the one pass over the graph (asking the
    # store for each subject's triples again cost as much as the pass itself)
    subjects: Subjects = {}
    for s, p, o in graph.triples((None, None, None)):
        subjects.setdefault(s, {}).setdefault(p, []).append(o)

    def store_order(subject: Any) -> dict[Any, list[Any]]:
        properties: dict[Any, list[Any]] = {}
        for _, p, o in graph.triples((subject, None, None)):
            properties.setdefault(p, []).append(o)
        return properties

    try:
        return _write(graph, subjects, store_order)
    except _Unsupported:
        return None


def subjects_turtle(namespaces: Graph, subjects: Subjects) -> bytes | None:
    """The same bytes for triples gathered by subject and predicate in the order a
    ``SimpleMemory`` store would hold them (:class:`ccpj_graph.build.graph.FileGraph`),
    with prefixed names from ``namespaces``; None where :func:`long_turtle` gives None."""
    try:
        return _write(namespaces, subjects, None)
    except _Unsupported:
        return None


def _write(
    graph: Graph,
    subjects: Subjects,
    store_order: Callable[[Any], dict[Any, list[Any]]] | None,
) -> bytes:
    """``subjects``' Turtle, prefixed names from ``graph``. ``store_order``: a subject's
    properties in the order the store gives them, when that is not the order of
    ``subjects`` (None: it is)."""
    name = _Names(graph)
    references: defaultdict[Any, int] = defaultdict(int)
    for s, properties in subjects.items():  # as the serializer's preprocess
        _check(s)
        name(s)
        for p, objects in properties.items():
            _check(p)
            if not str.__eq__(p, _TYPE):
                name(p, verb=True)
            for o in objects:
                _check(o)
                references[o] += 1
                name(o)
                if isinstance(o, Literal) and o.datatype:
                    name(o.datatype)

    def label(node: Any) -> str:
        if isinstance(node, Literal):
            return str(node._literal_n3(use_plain=True, qname_callback=name))
        return name(node) or node.n3()

    top: list[Any] = sorted(s for s, by in subjects.items() if RDFS.Class in by.get(RDF.type, ()))
    seen = set(top)
    rest = sorted((False, references[s], s) for s in subjects if s not in seen)
    out = [f"PREFIX {prefix}: <{uri}>\n" for prefix, uri in sorted(name.used.items())]
    for subject in [*top, *(s for _, _, s in rest)]:
        properties = subjects[subject]
        if store_order is not None and not all(map(_totally_ordered, properties.values())):
            # terms the sort cannot order (a literal and an IRI, two datatypes) keep the
            # order they come in, so they come in the store's order for the subject, as
            # rdflib's serializer reads them
            properties = store_order(subject)
        properties = {p: sorted(objects) for p, objects in properties.items()}
        order = [p for p in (RDF.type, RDFS.label) if p in properties]
        order += [p for p in sorted(properties) if p not in order]
        out.append(f"\n{label(subject)}\n")
        verbs = []
        for p in order:
            verb = "a" if str.__eq__(p, _TYPE) else (name(p, verb=True) or p.n3())
            objects = properties[p]
            if len(objects) == 1:
                verbs.append(f"{_INDENT}{verb} {label(objects[0])}")
            else:
                items = f" ,\n{_INDENT}{_INDENT}".join(label(o) for o in objects)
                verbs.append(f"{_INDENT}{verb}\n{_INDENT}{_INDENT}{items}")
        out.append(" ;\n".join(verbs) + " ;\n.\n")
    return "".join(out).encode("utf-8", "replace")


def _check(term: Any) -> None:
    if isinstance(term, BNode) or str.__eq__(term, _NIL):
        raise _Unsupported("a blank node or rdf:nil")


def _totally_ordered(objects: list[Any]) -> bool:
    """Whether sorting ``objects`` gives one order whatever order they come in: IRIs alone,
    or plain literals of one language, compare as their text."""
    if len(objects) < 2:
        return True
    if all(type(o) is URIRef for o in objects):
        return True
    first = objects[0]
    return all(
        type(o) is Literal and o.datatype is None and o.language == first.language for o in objects
    )
