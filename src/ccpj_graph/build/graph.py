"""Turn extracted facts into RDF: paragraphs, activities, partnerships, tools, new entities.

Only what extraction found goes here; reports are described by ``data/sources/manifest.ttl``
and known entities by ``data/reference/``. An entity the reference data already describes is
linked, never described again, so the merged graph has one label per entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ccpj_graph import mandates
from ccpj_graph.build.mint import DEFAULT_BASE, iri
from ccpj_graph.build.serialize import canonical_turtle
from ccpj_graph.build.turtle import subjects_turtle
from ccpj_graph.corpus.model import Paragraph, Report
from ccpj_graph.extract.facts import ActivityFact, MandateFact, NewOrganisation, ParagraphFact
from ccpj_graph.namespaces import ACTIVITY_TYPES, CCPJ, ORGANISATION_KINDS

__all__ = ["FileGraph", "label_of_quote", "report_graph"]

_LABEL_WORDS = 14


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _year(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def _offset(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def label_of_quote(quote: str) -> str:
    """A short human label for an activity: the first words of its quote."""
    words = quote.split()
    text = " ".join(words[:_LABEL_WORDS])
    return text + ("…" if len(words) > _LABEL_WORDS else "")


Term = URIRef | Literal


class FileGraph:
    """The triples of one graph file, gathered by subject and predicate in the order they are
    added, with the prefixes to write them with (``namespaces``: an empty rdflib graph that
    holds only its bindings; by default rdflib's and ``ccpj``).

    Why not an rdflib ``Graph``: the file's graph is only counted and written out, and
    rdflib's ``add`` (its store's indexes, a Python-level hash of every term) and the writer's
    pass over the store took a third of turning a report's facts into Turtle. The triples are
    a set, as in rdflib: adding one already there does nothing. :meth:`rdflib_graph` gives the
    same triples and prefixes as an rdflib graph, in the order ``SimpleMemory`` holds them.
    """

    __slots__ = ("_count", "namespaces", "subjects")

    def __init__(self, namespaces: Graph | None = None) -> None:
        if namespaces is None:
            namespaces = Graph(store="SimpleMemory")
            namespaces.bind("ccpj", CCPJ)
        self.namespaces = namespaces
        self.subjects: dict[URIRef, dict[URIRef, list[Term]]] = {}
        self._count = 0

    def add(self, triple: tuple[URIRef, URIRef, Term]) -> None:
        s, p, o = triple
        objects = self.subjects.setdefault(s, {}).setdefault(p, [])
        if o not in objects:
            objects.append(o)
            self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[URIRef, URIRef, Term]]:
        for s, properties in self.subjects.items():
            for p, objects in properties.items():
                for o in objects:
                    yield s, p, o

    def rdflib_graph(self) -> Graph:
        """The same triples and prefixes in an rdflib graph."""
        graph = Graph(store="SimpleMemory", bind_namespaces="none")
        for prefix, namespace in self.namespaces.namespaces():
            graph.bind(prefix, namespace, override=True, replace=True)
        for triple in self:
            graph.add(triple)
        return graph

    def turtle(self) -> bytes:
        """Canonical Turtle: the bytes ``canonical_turtle`` writes for :meth:`rdflib_graph`."""
        fast = subjects_turtle(self.namespaces, self.subjects)
        return fast if fast is not None else canonical_turtle(self.rdflib_graph())


class _Builder:
    """Adds triples for one report to ``graph``; ``known`` holds IRIs already described."""

    def __init__(self, graph: FileGraph, known: set[URIRef], base: str) -> None:
        self.graph = graph
        self.known = known
        self.base = base
        #: (report, paragraph, mandate key) -> the citation's year, from the paragraph facts
        self.cited: dict[tuple[str, str, str], MandateFact] = {}
        # each IRI minted once per report: a country or theme is named by hundreds of
        # triples, and one object per IRI also lets the writer's lookups compare by identity
        self.minted: dict[tuple[str, str], URIRef] = {}

    def iri(self, kind: str, key: str) -> URIRef:
        found = self.minted.get((kind, key))
        if found is None:
            found = self.minted[(kind, key)] = iri(kind, key, base=self.base)
        return found

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def paragraph(self, report: Report, para: Paragraph, fact: ParagraphFact | None) -> None:
        node = self.iri("paragraph", para.key)
        self.add(node, RDF.type, CCPJ.Paragraph)
        self.add(node, RDFS.label, _en(f"{report.key} paragraph {para.number}"))
        self.add(node, DCTERMS.isPartOf, self.iri("report", report.key))
        self.add(node, CCPJ.paragraphNumber, Literal(para.number))
        self.add(node, CCPJ.numbered, Literal(para.numbered))
        if para.section:
            self.add(node, CCPJ.section, Literal(para.section))
        if para.section_title:
            self.add(node, CCPJ.sectionTitle, _en(para.section_title))
        self.add(node, CCPJ.text, _en(para.text))
        for note in para.footnotes:
            self.add(node, CCPJ.footnoteText, _en(f"{note.mark}. {note.text}"))
            self.add(node, CCPJ.footnoteAt, Literal(f"{note.mark}@{note.offset}"))
        if fact is None:
            return
        for theme in fact.themes:
            self.add(node, CCPJ.theme, self.iri("theme", theme))
        if fact.year is not None:
            self.add(node, CCPJ.year, _year(fact.year))
        if fact.year_basis:
            self.add(node, CCPJ.yearBasis, Literal(fact.year_basis))
        for cited in fact.mandates:  # every citation, whether or not an activity carries it
            self.add(node, CCPJ.mentionsMandate, self.iri("mandate", cited.key))
            self.mandate(cited.key, cited)

    def organisation(self, org: NewOrganisation) -> None:
        node = self.iri("org", org.key)
        if node in self.known:
            return
        self.known.add(node)
        self.add(node, RDF.type, ORGANISATION_KINDS.get(org.kind, CCPJ.Organisation))
        self.add(node, RDFS.label, _en(org.name))
        self.add(node, SKOS.prefLabel, _en(org.name))
        if org.acronym:
            self.add(node, CCPJ.acronym, Literal(org.acronym))
        if org.country:
            self.add(node, CCPJ.country, self.iri("country", org.country))

    def mandate(self, key: str, cited: MandateFact | None = None) -> None:
        """Describe a cited mandate the reference data lacks: from its key, and its year from
        the citation or its number (``cited``), with the basis recorded."""
        node = self.iri("mandate", key)
        if node in self.known:
            return
        self.known.add(node)
        body, number = mandates.split_key(key)
        label = mandates.display(key)
        self.add(node, RDF.type, CCPJ.Mandate)
        self.add(node, RDF.type, CCPJ.Decision if mandates.is_decision(key) else CCPJ.Resolution)
        self.add(node, RDFS.label, _en(label))
        self.add(node, SKOS.notation, Literal(label))
        self.add(node, CCPJ.resolutionNumber, Literal(number))
        self.add(node, CCPJ.issuingBody, self.iri("org", body))
        if cited is not None and cited.year is not None:
            self.add(node, CCPJ.year, _year(cited.year))
            self.add(node, CCPJ.yearBasis, Literal(cited.basis or "numbering"))

    def activity(self, fact: ActivityFact) -> None:
        node = self.iri("activity", fact.key)
        self.add(node, RDF.type, ACTIVITY_TYPES[fact.type])
        self.add(node, RDFS.label, _en(label_of_quote(fact.quote)))
        self.add(node, CCPJ.statedIn, self.iri("paragraph", f"{fact.report}-{fact.paragraph}"))
        self.add(node, CCPJ.quote, _en(fact.quote))
        if fact.evidence_start is not None and fact.evidence_end is not None:
            self.add(node, CCPJ.evidenceStart, _offset(fact.evidence_start))
            self.add(node, CCPJ.evidenceEnd, _offset(fact.evidence_end))
        self.add(node, CCPJ.extractionRule, Literal(fact.rule))
        self.add(node, PROV.wasAssociatedWith, self.iri("org", "unodc"))
        if fact.curated:
            self.add(node, CCPJ.curated, Literal(True))
        if fact.year is not None:
            self.add(node, CCPJ.year, _year(fact.year))
        if fact.year_basis:
            self.add(node, CCPJ.yearBasis, Literal(fact.year_basis))
        links: Iterable[tuple[URIRef, str, Iterable[str]]] = (
            (CCPJ.theme, "theme", fact.themes),
            (CCPJ.beneficiary, "country", fact.countries),
            (CCPJ.region, "region", fact.regions),
            (CCPJ.appliesStandard, "standard", fact.standards),
            (CCPJ.citesMandate, "mandate", fact.mandates),
            (CCPJ.citesGoal, "sdg", fact.goals),
        )
        for prop, kind, keys in links:
            for key in keys:
                self.add(node, prop, self.iri(kind, key))
        for key in fact.mandates:
            self.mandate(key, self.cited.get((fact.report, fact.paragraph, key)))
        for tool in fact.tools:
            tool_node = self.iri("tool", tool.key)
            self.add(node, CCPJ.produced, tool_node)
            if tool_node not in self.known:
                self.known.add(tool_node)
                self.add(tool_node, RDF.type, CCPJ.Tool)
                self.add(tool_node, RDFS.label, _en(tool.title))
                self.add(tool_node, DCTERMS.title, _en(tool.title))
        for partner in fact.partners:
            org = self.iri("org", partner.org)
            link = self.iri("partnership", f"{fact.key}-{partner.org}")
            self.add(node, CCPJ.hasPartner, org)
            self.add(node, PROV.qualifiedAssociation, link)
            self.add(link, RDF.type, CCPJ.Partnership)
            self.add(link, PROV.agent, org)
            self.add(link, PROV.hadRole, self.iri("role", partner.role))
            name = partner.surface or partner.org
            self.add(link, RDFS.label, _en(f"{name} ({partner.role}) in activity {fact.key}"))


def report_graph(
    report: Report,
    *,
    activities: Iterable[ActivityFact],
    paragraphs: Iterable[ParagraphFact],
    organisations: Iterable[NewOrganisation] = (),
    known: set[URIRef] | None = None,
    base: str = DEFAULT_BASE,
) -> FileGraph:
    """The extracted graph of one report. ``known`` is updated with what it describes."""
    graph = FileGraph()
    builder = _Builder(graph, known if known is not None else set(), base)
    facts = {fact.paragraph: fact for fact in paragraphs}
    for para_fact in facts.values():
        for cited in para_fact.mandates:
            builder.cited[(para_fact.report, para_fact.paragraph, cited.key)] = cited
    for para in report.paragraphs:
        builder.paragraph(report, para, facts.get(para.number))
    for org in organisations:
        builder.organisation(org)
    for fact in activities:
        builder.activity(fact)
    return graph
