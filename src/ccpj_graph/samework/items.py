"""The activities a report's graph states, as the plain records the samework stage compares.

Read from the Turtle the build wrote (not from extraction facts), so the stage works the same
whether a report's graph was extracted in this run or came from the build cache.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from ccpj_graph.namespaces import ACTIVITY_TYPES, CCPJ, PROV, RDFS, SKOS

__all__ = ["WorkItem", "natural_key", "organisation_names", "read_items"]

_NAMES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, CCPJ.acronym)

_TYPES = {iri: key for key, iri in ACTIVITY_TYPES.items()}
_KEY = re.compile(r"^(?P<report>[^-]+)-(?P<paragraph>.+)-(?P<ordinal>\d+)$")


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One activity: its key and IRI, what it says (quote) and the facts it carries."""

    key: str
    iri: URIRef
    report: str
    quote: str
    type: str
    year: int | None
    explicit_year: bool
    countries: frozenset[URIRef]
    partners: frozenset[URIRef]
    standards: frozenset[URIRef]
    partner_names: tuple[str, ...] = ()  # the partners' names and acronyms


def _names(graph: Graph) -> dict[URIRef, frozenset[str]]:
    found: dict[URIRef, set[str]] = {}
    for predicate in _NAMES:
        for subject, name in graph.subject_objects(predicate):
            if isinstance(subject, URIRef) and "/org/" in str(subject):
                found.setdefault(subject, set()).add(str(name))
    return {s: frozenset(n) for s, n in found.items()}


def organisation_names(paths: Iterable[Path]) -> dict[URIRef, frozenset[str]]:
    """Names and acronyms of the organisations the reference data describes (Turtle files)."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return _names(graph)


def natural_key(key: str) -> tuple[str, tuple[int, str], int]:
    """Sort key of an activity key: report, then paragraph and ordinal in numeric order
    (``000-9-1`` before ``000-10-1``)."""
    match = _KEY.match(key)
    if not match:
        return (key, (0, ""), 0)
    paragraph = match["paragraph"]
    number = (int(paragraph), "") if paragraph.isdigit() else (1 << 30, paragraph)
    return (match["report"], number, int(match["ordinal"]))


def read_items(
    data: bytes, report: str, names: Mapping[URIRef, frozenset[str]] | None = None
) -> list[WorkItem]:
    """The activities of one report's graph file (``data``, Turtle), in key order; ``names``
    (:func:`organisation_names`) names the partners the graph itself does not label."""
    graph = Graph()
    graph.parse(data=data, format="turtle")
    known = {**(names or {}), **_names(graph)}
    items = []
    for subject in set(graph.subjects(CCPJ.statedIn, None)):
        if not isinstance(subject, URIRef):
            continue
        key = str(subject).rstrip("/").rsplit("/", 1)[-1]
        classes = _iris(graph.objects(subject, RDF.type))
        types = sorted(_TYPES[t] for t in classes if t in _TYPES)
        year = graph.value(subject, CCPJ.year)
        agents = {
            a
            for link in graph.objects(subject, PROV.qualifiedAssociation)
            for a in graph.objects(link, PROV.agent)
        }
        partners = _iris(graph.objects(subject, CCPJ.hasPartner)) | _iris(agents)
        items.append(
            WorkItem(
                key=key,
                iri=subject,
                report=report,
                quote=str(graph.value(subject, CCPJ.quote) or ""),
                type=types[0] if types else "other",
                year=int(str(year)[:4]) if year is not None and str(year)[:4].isdigit() else None,
                explicit_year=str(graph.value(subject, CCPJ.yearBasis) or "") == "explicit",
                countries=frozenset(_iris(graph.objects(subject, CCPJ.beneficiary))),
                partners=frozenset(partners),
                standards=frozenset(_iris(graph.objects(subject, CCPJ.appliesStandard))),
                partner_names=tuple(sorted({n for p in partners for n in known.get(p, ())})),
            )
        )
    return sorted(items, key=lambda item: natural_key(item.key))


def _iris(nodes: Iterable[Node]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef)}
