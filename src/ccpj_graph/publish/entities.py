"""The published graph split into entity documents, with the indexes their pages need.

Each instance IRI under ``<base>id/`` gets one document holding every triple whose subject it
is (plus the blank nodes those triples reach: its concise bounded description), so the union
of the documents is exactly the dataset dump. A triple whose subject is neither an instance
nor reachable from one cannot be published at a resolvable address and is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ccpj_graph.errors import InputError
from ccpj_graph.publish.base import SiteBase
from ccpj_graph.publish.rdfout import RDF_TYPE, sort_triples, value_of

__all__ = ["Entity", "SiteGraph", "label_of"]

_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_LABEL_PROPERTIES = (
    _RDFS_LABEL,
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
    "https://w3id.org/ccpj/ontology#shortName",
    "http://www.w3.org/2004/02/skos/core#notation",
)


@dataclass(slots=True)
class Entity:
    """One instance and the triples of its document (sorted)."""

    iri: str
    path: str  # id/<type>/<key>, relative to the site root
    triples: list[ox.Triple] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.path.split("/")[1]

    @property
    def key(self) -> str:
        return self.path.split("/", 2)[2]


def label_of(triples: Iterable[ox.Triple], subject: str) -> str | None:
    """The best human label ``triples`` give ``subject``: English first, then any."""
    best: tuple[int, int, str] | None = None
    for t in triples:
        if value_of(t.subject) != subject or not isinstance(t.object, ox.Literal):
            continue
        if t.predicate.value not in _LABEL_PROPERTIES:
            continue
        rank = _LABEL_PROPERTIES.index(t.predicate.value)
        lang_rank = 0 if t.object.language == "en" else 1 if not t.object.language else 2
        candidate = (rank, lang_rank, t.object.value)
        if best is None or candidate < best:
            best = candidate
    return best[2].strip() if best else None


class SiteGraph:
    """The rebased data graph, grouped by entity, with labels, types and inbound links."""

    def __init__(self, triples: Iterable[ox.Triple], base: SiteBase) -> None:
        self.base = base
        self.triples: list[ox.Triple] = sort_triples(triples)
        by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = defaultdict(list)
        for t in self.triples:
            node = t.subject
            assert not isinstance(node, ox.Triple)  # the graph has no RDF-star quoted triples
            by_subject[node].append(t)
        self.entities: dict[str, Entity] = {}
        for subject in sorted(by_subject, key=str):
            if isinstance(subject, ox.NamedNode):
                path = base.doc_path(subject.value)
                if path is not None:
                    self.entities[subject.value] = Entity(subject.value, path)
        reached: set[ox.BlankNode] = set()
        for iri, entity in self.entities.items():
            entity.triples = self._closure(ox.NamedNode(iri), by_subject, reached)
        stray = [
            s
            for s in by_subject
            if (isinstance(s, ox.NamedNode) and s.value not in self.entities)
            or (isinstance(s, ox.BlankNode) and s not in reached)
        ]
        if stray:
            first = sorted(stray, key=str)[0]
            raise InputError(
                f"{len(stray)} subject(s) outside {base.id_base} cannot be published as "
                f"documents, e.g. {first}: move their triples into the ontology or mint "
                "instance IRIs for them"
            )
        self.labels: dict[str, str] = {}
        self.types: dict[str, list[str]] = defaultdict(list)
        self.incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for t in self.triples:
            s = value_of(t.subject)
            if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                self.types[s].append(t.object.value)
            if isinstance(t.object, ox.NamedNode) and isinstance(t.subject, ox.NamedNode):
                self.incoming[t.object.value].append((s, t.predicate.value))
        for iri, entity in self.entities.items():
            label = label_of(entity.triples, iri)
            self.labels[iri] = label if label else entity.key

    @staticmethod
    def _closure(
        start: ox.NamedNode,
        by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]],
        reached: set[ox.BlankNode],
    ) -> list[ox.Triple]:
        out: list[ox.Triple] = []
        todo: list[ox.NamedNode | ox.BlankNode] = [start]
        seen: set[ox.BlankNode] = set()
        while todo:
            for t in by_subject.get(todo.pop(), ()):
                out.append(t)
                if isinstance(t.object, ox.BlankNode) and t.object not in seen:
                    seen.add(t.object)
                    todo.append(t.object)
        reached |= seen
        return sort_triples(out)

    def by_kind(self) -> dict[str, list[Entity]]:
        """Entities grouped by the ``<type>`` segment of their IRI, each group by label."""
        groups: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.entities.values():
            groups[entity.kind].append(entity)
        return {
            kind: sorted(items, key=lambda e: (self.labels[e.iri].casefold(), e.iri))
            for kind, items in sorted(groups.items())
        }
