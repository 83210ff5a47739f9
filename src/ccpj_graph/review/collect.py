"""Line a report's paragraphs up with what the graph made of them, and find what it missed.

Works from the built graph alone (paragraph text, activities with their evidence, linked
entities, reference vocabularies), so it reviews exactly what users query. Linked spans are
the surface forms (labels, acronyms, alternative names, resolution numbers) of the entities
the paragraph's activities link, found in the paragraph text. Candidate misses are what a
reader would expect to have been linked: known countries and organisations the text names
but no activity of the paragraph carries, organisation-like names the reference data does
not know, cited resolution numbers and UN symbols no activity cites, and sentences in which
the reporting agent acts but that no activity's evidence covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ccpj_graph.errors import InputError
from ccpj_graph.extract.sentences import split_sentences
from ccpj_graph.namespaces import CCPJ
from ccpj_graph.review.cues import Cues, load_cues

__all__ = [
    "Candidate",
    "Evidence",
    "ParagraphReview",
    "ReportReview",
    "Span",
    "review_report",
]

#: Linked span kinds, by the activity property that links them.
_LINKS = {
    CCPJ.beneficiary: "country",
    CCPJ.region: "region",
    CCPJ.hasPartner: "organisation",
    CCPJ.appliesStandard: "standard",
    CCPJ.citesMandate: "mandate",
    CCPJ.produced: "tool",
}
_FORMS = (
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    CCPJ.acronym,
    CCPJ.shortName,
    CCPJ.resolutionNumber,
    DCTERMS.title,
)


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A stretch of paragraph text naming an entity (``text[start:end]``)."""

    start: int
    end: int
    kind: str
    label: str
    iri: str = ""


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """The stretch of paragraph text an activity rests on."""

    start: int
    end: int
    activity: str


@dataclass(frozen=True, slots=True, order=True)
class Candidate:
    """Something the text has that the graph did not link, for a maintainer to look at."""

    start: int
    end: int
    kind: str  # country, organisation, organisation-unknown, mandate, symbol, silent-sentence
    text: str
    why: str


@dataclass(frozen=True, slots=True)
class ParagraphReview:
    """One paragraph with its linked spans, activities' evidence and candidate misses."""

    number: str
    section: str
    text: str
    spans: tuple[Span, ...]
    evidence: tuple[Evidence, ...]
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class ReportReview:
    """A whole report's review, paragraphs in document order."""

    report: str
    title: str
    paragraphs: tuple[ParagraphReview, ...] = field(default_factory=tuple)

    def unlinked(self) -> list[tuple[str, str, int, tuple[str, ...]]]:
        """Candidates grouped by (kind, text): count and paragraphs, most frequent first."""
        found: dict[tuple[str, str], list[str]] = {}
        for para in self.paragraphs:
            for c in para.candidates:
                if c.kind != "silent-sentence":
                    found.setdefault((c.kind, c.text), []).append(para.number)
        rows = [(k, t, len(ps), tuple(dict.fromkeys(ps))) for (k, t), ps in found.items()]
        return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))

    def counts(self) -> dict[str, int]:
        """How many activities, linked spans and candidates of each kind the review holds."""
        out = {
            "paragraphs": len(self.paragraphs),
            "activities": len({e.activity for p in self.paragraphs for e in p.evidence}),
            "linked spans": sum(len(p.spans) for p in self.paragraphs),
        }
        for para in self.paragraphs:
            for c in para.candidates:
                out[c.kind] = out.get(c.kind, 0) + 1
        return out


def _text(value: object) -> str:
    return str(value) if isinstance(value, Literal | URIRef) else ""


def _number_key(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    return (int(digits.group()) if digits else 10**9, number)


class _Index:
    """Surface forms of every entity in the graph, by kind, as one pattern per kind."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def forms(self, iri: URIRef) -> list[str]:
        """The strings that name ``iri`` in text (at least two characters)."""
        values = {_text(v).strip() for p in _FORMS for v in self.graph.objects(iri, p)}
        return sorted((v for v in values if len(v) >= 2), key=lambda v: (-len(v), v))

    def label(self, iri: URIRef) -> str:
        for p in (SKOS.prefLabel, RDFS.label, CCPJ.shortName, DCTERMS.title):
            value = self.graph.value(iri, p)
            if value is not None:
                return str(value)
        return str(iri).rsplit("/", 1)[-1]

    @cached_property
    def countries(self) -> dict[str, URIRef]:
        return self._forms_of(CCPJ.Country)

    @cached_property
    def organisations(self) -> dict[str, URIRef]:
        found: dict[str, URIRef] = {}
        subclasses = self.graph.subjects(RDFS.subClassOf, CCPJ.Organisation)
        kinds = {CCPJ.Organisation} | {k for k in subclasses if isinstance(k, URIRef)}
        for kind in sorted(kinds):
            found.update(self._forms_of(kind))
        return found

    def _forms_of(self, cls: URIRef) -> dict[str, URIRef]:
        out: dict[str, URIRef] = {}
        members = {s for s in self.graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
        for subject in sorted(members):
            if isinstance(subject, URIRef):
                for form in self.forms(subject):
                    out.setdefault(form, subject)
        return out


def _pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    if not ordered:
        return None
    alternatives = "|".join(re.escape(f) for f in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _find(pattern: re.Pattern[str] | None, text: str) -> Iterator[re.Match[str]]:
    return iter(()) if pattern is None else pattern.finditer(text)


def _non_overlapping(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Longest first, then earliest; a span overlapping a kept one is dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.kind)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return tuple(sorted(kept))


def _covered(start: int, end: int, spans: Iterable[Span | Evidence]) -> bool:
    return any(s.start < end and start < s.end for s in spans)


class _Reviewer:
    def __init__(self, graph: Graph, cues: Cues) -> None:
        self.graph = graph
        self.cues = cues
        self.index = _Index(graph)
        self.country_pattern = _pattern(self.index.countries)
        self.org_pattern = _pattern(self.index.organisations)
        self.symbols = {_text(s) for s in graph.objects(None, CCPJ.unSymbol)}
        # What a report is prepared pursuant to is cited for the report, not for an activity.
        self.report_mandates = {
            _text(graph.value(m, CCPJ.resolutionNumber))
            for m in graph.objects(None, CCPJ.preparedPursuantTo)
        }

    def evidence(self, activity: URIRef, text: str) -> Evidence | None:
        key = str(activity).rsplit("/", 1)[-1]
        start = self.graph.value(activity, CCPJ.evidenceStart)
        end = self.graph.value(activity, CCPJ.evidenceEnd)
        if start is not None and end is not None:
            return Evidence(int(str(start)), int(str(end)), key)
        quote = _text(self.graph.value(activity, CCPJ.quote))
        at = text.find(quote) if quote else -1
        return Evidence(at, at + len(quote), key) if at >= 0 else None

    def paragraph(self, node: URIRef) -> ParagraphReview:
        g = self.graph
        text = _text(g.value(node, CCPJ.text))
        activities = sorted(a for a in g.subjects(CCPJ.statedIn, node) if isinstance(a, URIRef))
        linked: dict[URIRef, str] = {}
        for activity in activities:
            for prop, kind in _LINKS.items():
                for entity in g.objects(activity, prop):
                    if isinstance(entity, URIRef):
                        linked.setdefault(entity, kind)
        for entity in g.objects(node, CCPJ.mentionsMandate):  # cited, for an activity or not
            if isinstance(entity, URIRef):
                linked.setdefault(entity, "mandate")
        spans = _non_overlapping(
            Span(m.start(), m.end(), kind, self.index.label(iri), str(iri))
            for iri, kind in linked.items()
            for m in _find(_pattern(self.index.forms(iri)), text)
        )
        evidence = tuple(
            sorted(e for e in (self.evidence(a, text) for a in activities) if e is not None)
        )
        cited = {_text(g.value(m, CCPJ.resolutionNumber)) for m in linked if linked[m] == "mandate"}
        candidates = sorted(
            {
                *self._known(text, spans, linked),
                *self._unknown_organisations(text, spans),
                *self._citations(text, cited),
                *self._silent(text, evidence),
            }
        )
        return ParagraphReview(
            number=_text(g.value(node, CCPJ.paragraphNumber)),
            section=_text(g.value(node, CCPJ.section)),
            text=text,
            spans=spans,
            evidence=evidence,
            candidates=tuple(candidates),
        )

    def _known(
        self, text: str, spans: tuple[Span, ...], linked: dict[URIRef, str]
    ) -> Iterator[Candidate]:
        agent = {m.group() for m in self.cues.agent.finditer(text)}
        for kind, pattern, forms in (
            ("country", self.country_pattern, self.index.countries),
            ("organisation", self.org_pattern, self.index.organisations),
        ):
            for m in _find(pattern, text):
                iri = forms[m.group()]
                inside = any(s.start <= m.start() and m.end() <= s.end for s in spans)
                if iri in linked or m.group() in agent or inside:
                    continue
                why = f"names {self.index.label(iri)} ({kind}), which no activity here carries"
                yield Candidate(m.start(), m.end(), kind, m.group(), why)

    def _unknown_organisations(self, text: str, spans: tuple[Span, ...]) -> Iterator[Candidate]:
        known = set(self.index.organisations)
        for m in self.cues.organisation.finditer(text):
            lead = self.cues.lead.match(m.group())
            start = m.start() + (lead.end() if lead else 0)
            name = text[start : m.end()].strip()
            if name in known or name in self.cues.ignore or " " not in name:
                continue
            if self.cues.agent.fullmatch(name) or not self.cues.organisation.search(name):
                continue
            if _covered(start, m.end(), spans) or self._names_known(name):
                continue
            why = "an organisation-like name the reference data does not know"
            yield Candidate(start, m.end(), "organisation-unknown", name, why)
        for m in self.cues.acronym.finditer(text):
            acronym = m.group("acronym")
            if acronym in known or _covered(m.start(), m.end(), spans):
                continue
            why = "an acronym in brackets the reference data does not know"
            start, end = m.span("acronym")
            yield Candidate(start, end, "organisation-unknown", acronym, why)

    def _names_known(self, name: str) -> bool:
        return any(form in name for form in self.index.organisations if len(form) > 6)

    def _citations(self, text: str, cited: set[str]) -> Iterator[Candidate]:
        for m in self.cues.citation.finditer(text):
            for n in self.cues.number.finditer(m.group("numbers")):
                if n.group() not in cited | self.report_mandates:
                    at = m.start("numbers") + n.start()
                    why = "a cited resolution or decision the graph does not link"
                    yield Candidate(at, at + len(n.group()), "mandate", n.group(), why)
        for m in self.cues.symbol.finditer(text):
            symbol = m.group().rstrip(".")
            if symbol in self.symbols or any(symbol.endswith("/" + c) for c in cited if c):
                continue
            why = "a UN document symbol the graph does not hold"
            yield Candidate(m.start(), m.start() + len(symbol), "symbol", symbol, why)

    def _silent(self, text: str, evidence: tuple[Evidence, ...]) -> Iterator[Candidate]:
        for sentence in split_sentences(text):
            if _covered(sentence.start, sentence.end, evidence):
                continue
            for m in self.cues.agent.finditer(sentence.text):
                words = re.findall(r"[\w-]+", sentence.text[m.end() :])[: self.cues.verb_window]
                if any(w.endswith("ed") or w in self.cues.agent_verbs for w in words):
                    why = f"{m.group()} acts here, but no activity's evidence covers the sentence"
                    yield Candidate(
                        sentence.start, sentence.end, "silent-sentence", sentence.text, why
                    )
                    break


def review_report(graph: Graph, report: str, *, cues: Cues | None = None) -> ReportReview:
    """Review report ``report`` (its manifest key) in the built ``graph``."""
    key = Literal(report)
    node = next(
        (r for r in graph.subjects(DCTERMS.identifier, key) if (r, RDF.type, CCPJ.Report) in graph),
        None,
    )
    if node is None:
        known = sorted(
            str(graph.value(r, DCTERMS.identifier)) for r in graph.subjects(RDF.type, CCPJ.Report)
        )
        raise InputError(f"no report {report!r} in the graph; reports: {', '.join(known)}")
    reviewer = _Reviewer(graph, cues or load_cues())
    paragraphs = sorted(
        (p for p in graph.subjects(DCTERMS.isPartOf, node) if isinstance(p, URIRef)),
        key=lambda p: _number_key(_text(graph.value(p, CCPJ.paragraphNumber))),
    )
    return ReportReview(
        report=report,
        title=_text(graph.value(node, DCTERMS.title)),
        paragraphs=tuple(reviewer.paragraph(p) for p in paragraphs),
    )
