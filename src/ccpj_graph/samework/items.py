"""The activities a report's graph states, as the plain records the samework stage compares.

Read from the Turtle the build wrote (not from extraction facts), so the stage works the same
whether a report's graph was extracted in this run or came from the build cache. The files are
the build's own, parsed with pyoxigraph (strict and some ten times faster than rdflib) into a
plain index: the stage needs a few properties of each activity, not a graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from ccpj_graph.namespaces import ACTIVITY_TYPES, CCPJ, PROV, RDF, RDFS, SKOS

__all__ = ["WorkItem", "natural_key", "organisation_names", "read_items"]

_TYPES = {str(iri): key for key, iri in ACTIVITY_TYPES.items()}
_KEY = re.compile(r"^(?P<report>[^-]+)-(?P<paragraph>.+)-(?P<ordinal>\d+)$")
_NAMES = tuple(str(p) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, CCPJ.acronym))

#: subject -> predicate -> objects (IRIs and literal values as strings)
Index = dict[str, dict[str, list[str]]]


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


def natural_key(key: str) -> tuple[str, tuple[int, str], int]:
    """Sort key of an activity key: report, then paragraph and ordinal in numeric order
    (``000-9-1`` before ``000-10-1``)."""
    match = _KEY.match(key)
    if not match:
        return (key, (0, ""), 0)
    paragraph = match["paragraph"]
    number = (int(paragraph), "") if paragraph.isdigit() else (1 << 30, paragraph)
    return (match["report"], number, int(match["ordinal"]))


def _index(data: bytes) -> Index:
    index: Index = {}
    for quad in ox.parse(data, format=ox.RdfFormat.TURTLE):
        subject = quad.subject
        if isinstance(subject, ox.NamedNode):
            by = index.setdefault(subject.value, {})
            by.setdefault(quad.predicate.value, []).append(quad.object.value)
    return index


def _names(index: Index) -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for subject, by in index.items():
        if "/org/" in subject:
            names = {n for p in _NAMES for n in by.get(p, ())}
            if names:
                found[subject] = frozenset(names)
    return found


def organisation_names(paths: Iterable[Path]) -> dict[str, frozenset[str]]:
    """Names and acronyms of the organisations the reference data describes (Turtle files)."""
    found: dict[str, frozenset[str]] = {}
    for path in paths:
        found.update(_names(_index(path.read_bytes())))
    return found


def _first(by: Mapping[str, list[str]], predicate: URIRef) -> str:
    values = by.get(str(predicate), [])
    return min(values) if values else ""


def _iris(by: Mapping[str, list[str]], predicate: URIRef) -> frozenset[URIRef]:
    return frozenset(URIRef(v) for v in by.get(str(predicate), []) if "://" in v)


def read_items(
    data: bytes, report: str, names: Mapping[str, frozenset[str]] | None = None
) -> list[WorkItem]:
    """The activities of one report's graph file (``data``, Turtle), in key order; ``names``
    (:func:`organisation_names`) names the partners the graph itself does not label."""
    index = _index(data)
    known = {**(names or {}), **_names(index)}
    stated = str(CCPJ.statedIn)
    items = []
    for subject, by in index.items():
        if stated not in by:
            continue
        agents = {
            agent
            for link in by.get(str(PROV.qualifiedAssociation), [])
            for agent in index.get(link, {}).get(str(PROV.agent), [])
        }
        partners = _iris(by, CCPJ.hasPartner) | {URIRef(a) for a in agents}
        types = sorted(_TYPES[t] for t in by.get(str(RDF.type), []) if t in _TYPES)
        year = _first(by, CCPJ.year)[:4]
        items.append(
            WorkItem(
                key=subject.rstrip("/").rsplit("/", 1)[-1],
                iri=URIRef(subject),
                report=report,
                quote=_first(by, CCPJ.quote),
                type=types[0] if types else "other",
                year=int(year) if year.isdigit() else None,
                explicit_year=_first(by, CCPJ.yearBasis) == "explicit",
                countries=_iris(by, CCPJ.beneficiary),
                partners=frozenset(partners),
                standards=_iris(by, CCPJ.appliesStandard),
                partner_names=tuple(sorted({n for p in partners for n in known.get(str(p), ())})),
            )
        )
    return sorted(items, key=lambda item: natural_key(item.key))
