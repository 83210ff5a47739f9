"""The index of every graph file's triples: which part owns each IRI, and the graph each part
is validated and reasoned over (see :mod:`ccpj_graph.build.parts`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ccpj_graph.corpus.manifest import MANIFEST_NAME

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
BASE = "base"

Row = tuple[str, str | None, str]  # (subject, object if an IRI, N-Triples line)


@dataclass
class Corpus:
    """Every graph file as N-Triples lines, indexed by subject, with the owner of each IRI.
    Built once per build, only when a stage is not cached. (Plain strings, not a pyoxigraph
    store: the store canonicalises literals, ``"1"^^xsd:nonNegativeInteger`` to an integer,
    and validation must see the lexical forms and datatypes the files state.)"""

    ontology: list[Path]
    base: list[Path]
    data: list[Path]
    rows: dict[str, list[Row]] = field(default_factory=dict)
    by_subject: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # (object -> (part, predicate, line)) for the predicates shapes walk backwards, and
    # (predicate -> (part, line)) for sh:targetObjectsOf ones: built when first asked for
    _backward: dict[frozenset[str], dict[str, list[tuple[str, str, str]]]] = field(
        default_factory=dict
    )
    _stated: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)
    hierarchy: list[str] = field(default_factory=list)
    ontology_terms: set[str] = field(default_factory=set)
    #: the manifest's lines (the reports' descriptions, part of the base) by each IRI they
    #: name, subject or object; under "" those naming a blank node
    described: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, ontology: list[Path], base: list[Path], data: list[Path]) -> Corpus:
        from ccpj_graph.rdfio import read_triples

        corpus = cls(ontology=ontology, base=base, data=data)
        blank: dict[str, str] = {}  # parser's random blank-node label -> a stable one

        terms: dict[str, str] = {}  # one string per IRI: a node is named in many triples

        def text(term: Any) -> str:
            if isinstance(term, ox.BlankNode):
                return blank.setdefault(term.value, f"_:b{len(blank)}")
            value = str(term)
            return terms.setdefault(value, value)

        for name, files in [(BASE, [*ontology, *base]), *((p.name, [p]) for p in data)]:
            rows: list[Row] = []
            # one file at a time, in order: blank nodes are numbered as they appear, so a
            # part's text (its cache key) is the same from one build to the next
            for path in files:
                manifest = name == BASE and path.name == MANIFEST_NAME
                for triple in read_triples(path):
                    s, p, o = text(triple.subject), str(triple.predicate), text(triple.object)
                    line = f"{s} {p} {o} ."
                    obj = o if isinstance(triple.object, ox.NamedNode) else None
                    rows.append((s, obj, line))
                    corpus.by_subject.setdefault(s, []).append((name, line))
                    if manifest:
                        corpus._describe(s, line)
            corpus.rows[name] = rows
        typed = f"<{RDF_TYPE}>"
        owner = corpus.owner
        for name in corpus.parts():
            for s, _, line in corpus.rows[name]:
                if s.startswith("<") and line[len(s) + 1 :].startswith(typed):
                    owner.setdefault(s, name)
        for name in corpus.parts():
            for s, _, _ in corpus.rows[name]:
                if s.startswith("<"):
                    owner.setdefault(s, name)
        subclass = f"<{SUBCLASS}>"
        for triple in read_triples(*ontology):
            if isinstance(triple.subject, ox.NamedNode):
                corpus.ontology_terms.add(str(triple.subject))
                if triple.predicate.value == SUBCLASS and isinstance(triple.object, ox.NamedNode):
                    corpus.hierarchy.append(f"{triple.subject} {subclass} {triple.object} .")
        corpus.hierarchy.sort()
        return corpus

    def _describe(self, s: str, line: str) -> None:
        """Index a manifest line under each IRI it names; one naming a blank node under ""."""
        o = line[line.index(" ", len(s) + 1) + 1 : -2]
        keys = {node if node.startswith("<") else "" for node in (s, o) if node[0] in "<_"}
        for key in keys:
            self.described.setdefault(key, []).append(line)

    def descriptions(self, lines: Iterable[str]) -> list[str]:
        """The manifest's lines that name an IRI named in ``lines`` (N-Triples), and any that
        names a blank node: all a part's reasoning can draw from the reports' descriptions
        (its cache key holds these, not the whole manifest, which grows with every report)."""
        nodes = {""}
        for line in lines:
            subject = line[: line.index(" ")]
            after = line.index(" ", len(subject) + 1) + 1
            nodes.update((subject, line[after:-2]))
        found = {line for node in nodes for line in self.described.get(node, ())}
        return sorted(found)

    def parts(self) -> list[str]:
        return [BASE, *(p.name for p in self.data)]

    def backward(self, inverse: frozenset[str]) -> dict[str, list[tuple[str, str, str]]]:
        """The triples of the ``inverse`` predicates, by object IRI."""
        if inverse not in self._backward:
            wanted = {f"<{p}>" for p in inverse}
            index: dict[str, list[tuple[str, str, str]]] = {}
            for name, rows in self.rows.items():
                for s, o, line in rows:
                    if o is not None:
                        predicate = _predicate(s, line)
                        if predicate in wanted:
                            index.setdefault(o, []).append((name, predicate, line))
            self._backward[inverse] = index
        return self._backward[inverse]

    def stated(self, predicate: str) -> list[tuple[str, str]]:
        """Every triple of ``predicate`` (an IRI in angle brackets), with its part."""
        if predicate not in self._stated:
            self._stated[predicate] = [
                (name, line)
                for name, rows in self.rows.items()
                for s, _, line in rows
                if _predicate(s, line) == predicate
            ]
        return self._stated[predicate]

    def triples(self) -> int:
        """Distinct triples over every file (what whole-graph validation counts), counted
        subject by subject: no set of every line (2.4 million strings at 100x) is made."""
        return sum(len({line for _, line in lines}) for lines in self.by_subject.values())

    def states(self, line: str) -> bool:
        """Whether any file states ``line`` (an N-Triples line)."""
        subject = line.split(" ", 1)[0]
        return any(stated == line for _, stated in self.by_subject.get(subject, ()))

    def independent(self, name: str) -> bool:
        """Whether no triple of part ``name`` points at a node the part owns (the same-work
        links name activities, never each other): then each owned node's graph is its own
        triples and what it names, and the part can be validated a slice of nodes at a time
        with the same results."""
        if name == BASE:
            return False
        return not any(o is not None and self.owner.get(o) == name for _, o, _ in self.rows[name])

    def owned(self, name: str) -> list[str]:
        """The IRIs (in angle brackets) part ``name`` owns and states triples about, sorted."""
        return sorted({s for s, _, _ in self.rows[name] if self.owner.get(s) == name})

    def neighbourhood(
        self,
        name: str,
        inverse: frozenset[str],
        objects: frozenset[str],
        only: frozenset[str] | None = None,
    ) -> tuple[list[str], list[str]]:
        """The N-Triples lines of part ``name``'s validation graph, sorted, and the IRIs the
        part owns (sorted; empty for the base, which is validated without a focus list).
        ``only`` (for an :meth:`independent` part): the graph of those owned nodes alone."""
        lines: set[str] = set()
        mentioned: set[str] = set()
        owned: set[str] = set()
        backwards = {f"<{p}>" for p in inverse}
        backward = self.backward(inverse)

        def take(source: Iterable[tuple[str, str | None, str]]) -> None:
            for s, o, line in source:
                lines.add(line)
                mentioned.add(s)
                if o is not None:
                    mentioned.add(o)

        own = self.rows[name]
        if name == BASE:
            lines.update(line for _, _, line in own)
            owned.update(n for n, o in self.owner.items() if o == BASE)
            for p in objects:
                take((line.split(" ", 1)[0], None, line) for _, line in self.stated(f"<{p}>"))
        elif only is None:
            take(own)
            owned.update(s for s, _, _ in own if self.owner.get(s) == name)
        else:
            # the slice's own triples and the part's blank nodes; what the part states about
            # other parts' nodes (same-work.ttl: each activity's ccpj:sameWorkAs) comes with
            # the nodes the slice names, as for any part (every triple about a named node)
            take(row for row in own if row[0] in only or not row[0].startswith("<"))
            owned.update(only)
        for node in owned:
            take(
                (node, _object(line), line)
                for part, line in self.by_subject.get(node, ())
                if part != name
            )
            take(
                (line.split(" ", 1)[0], node, line)
                for part, p, line in backward.get(node, ())
                if part != name and p in backwards
            )
        hierarchy = set(self.hierarchy)
        for node in mentioned - owned:
            if node in self.ontology_terms:
                continue  # an ontology term brings only its place in the hierarchy
            lines.update(line for _, line in self.by_subject.get(node, ()))
        lines.update(hierarchy)
        focus = [] if name == BASE else sorted(iri[1:-1] for iri in owned)
        return sorted(lines), focus

    def part_triples(self, name: str) -> list[str]:
        """The sorted N-Triples lines a part is reasoned over: its own triples and every
        triple (from any file but the base, which is closed already) about a node it names."""
        lines: set[str] = set()
        mentioned: set[str] = set()
        for s, o, line in self.rows[name]:
            lines.add(line)
            mentioned.add(s)
            if o is not None:
                mentioned.add(o)
        for node in mentioned:
            lines.update(line for part, line in self.by_subject.get(node, ()) if part != BASE)
        return sorted(lines)


def _predicate(subject: str, line: str) -> str:
    """The predicate of an N-Triples line whose subject is ``subject``."""
    start = len(subject) + 1
    return line[start : line.index(" ", start)]


def _object(line: str) -> str | None:
    """The object of an N-Triples line when it is an IRI."""
    body = line[:-2]
    if body.endswith(">"):
        start = body.rfind(" <")
        return body[start + 1 :] if start >= 0 else None
    return None
