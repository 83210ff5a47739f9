"""The published graph read the way analysts ask about it.

An entity document lists triples; an analyst asks "what did UNODC do in Kenya in 2020, and with
whom?". This module gathers, once per site, each activity with its year, type, themes, places,
partners and their roles, standards, mandates, tools and source paragraph; each report with
the symbol its manifest states; and human labels (a state body shows its state: "Judiciary
(Kenya)"; a report its symbol, or its body and period when it states none). Pages, the search
index, the activity browser and the charts all read this one model, so they agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ccpj_graph.namespaces import ACTIVITY_TYPES, ONTOLOGY_NS, ORGANISATION_KINDS
from ccpj_graph.publish.entities import SiteGraph
from ccpj_graph.publish.rdfout import value_of

__all__ = ["Activity", "Analyst", "Paragraph", "Report"]

_C = ONTOLOGY_NS
_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TYPE_KEYS = {str(iri): key for key, iri in ACTIVITY_TYPES.items()}
_KIND_KEYS = {str(iri): key for key, iri in ORGANISATION_KINDS.items()}
#: Where the evidence lies in its paragraph's text (ccpj:evidenceStart..evidenceEnd); a graph
#: without them gets the quote found in the paragraph by its words instead.
_EVIDENCE_START = _C + "evidenceStart"
_EVIDENCE_END = _C + "evidenceEnd"


@dataclass(slots=True)
class Report:
    """A report as its manifest describes it (nothing added that the text does not state)."""

    iri: str
    key: str
    title: str
    publisher: str
    symbol: str | None
    issued: str | None
    period: tuple[str, str] | None
    brochure: bool
    pursuant: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    iri: str
    report: str | None
    number: str
    section: str
    section_title: str
    text: str


@dataclass(slots=True)
class Activity:
    """One activity and everything a reader asks about it, as IRIs (labels come from the model)."""

    iri: str
    key: str
    year: str | None
    type_key: str
    themes: list[str]
    countries: list[str]
    regions: list[str]
    partners: list[tuple[str, str]]  # (organisation, role)
    standards: list[str]
    mandates: list[str]
    tools: list[str]
    paragraph: str | None
    quote: str
    span: tuple[int, int] | None  # the evidence's offsets in the paragraph text, when stated
    same_work: list[str] = field(default_factory=list)  # the same work, as another report tells it
    goals: list[str] = field(default_factory=list)  # Sustainable Development Goals, targets cited


class Analyst:
    """Activities, reports and human labels of one published site."""

    def __init__(self, site: SiteGraph, ontology: Iterable[ox.Triple]) -> None:
        self.site = site
        out: dict[str, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for t in site.triples:
            obj = t.object
            assert not isinstance(obj, ox.Triple)
            out[value_of(t.subject)][t.predicate.value].append(obj)
        self._out = out
        self.class_labels: dict[str, str] = {}
        for t in ontology:
            label = t.object
            if (
                t.predicate.value == _RDFS_LABEL
                and isinstance(label, ox.Literal)
                and label.language in ("en", "", None)
            ):
                self.class_labels.setdefault(value_of(t.subject), label.value)
        self.reports = {iri: self._report(iri) for iri in self._typed(_C + "Report")}
        self.paragraphs = {iri: self._paragraph(iri) for iri in self._typed(_C + "Paragraph")}
        self.activities = {
            iri: self._activity(iri) for iri in sorted(out) if out[iri].get(_C + "statedIn")
        }
        self._link_same_work()
        self.broader: dict[str, list[str]] = {
            iri: self.iris(iri, _SKOS + "broader") for iri in self._typed(_C + "ThematicArea")
        }
        self.located: dict[str, list[str]] = {
            iri: self.iris(iri, _C + "locatedIn") for iri in out if self.iris(iri, _C + "locatedIn")
        }
        self._original = dict(site.labels)
        self.labels = dict(site.labels)
        for iri in self._typed(_C + "Organisation", *_KIND_KEYS):
            self.labels[iri] = self._org_label(iri)
        for iri in self._typed(_C + "Standard", _C + "Convention"):
            short = self.literal(iri, _C + "shortName")
            if short:  # people say "Bangkok Rules"; the full name is on the page
                self.labels[iri] = short
        for iri, report in self.reports.items():
            self.labels[iri] = self.report_label(report)
        for iri, paragraph in self.paragraphs.items():
            self.labels[iri] = self.paragraph_label(paragraph)

    # --- raw access ------------------------------------------------------------------------

    def _typed(self, *classes: str) -> list[str]:
        return sorted(
            iri
            for iri in self.site.entities
            if any(c in self.site.types.get(iri, ()) for c in classes)
        )

    def iris(self, subject: str, predicate: str) -> list[str]:
        """The IRI objects of ``subject predicate`` (sorted: the triples are)."""
        return [
            o.value
            for o in self._out.get(subject, {}).get(predicate, ())
            if isinstance(o, ox.NamedNode)
        ]

    def literal(self, subject: str, predicate: str) -> str | None:
        for o in self._out.get(subject, {}).get(predicate, ()):
            if isinstance(o, ox.Literal):
                return o.value
        return None

    def literals(self, subject: str, predicate: str) -> list[str]:
        return [
            o.value
            for o in self._out.get(subject, {}).get(predicate, ())
            if isinstance(o, ox.Literal)
        ]

    def types(self, iri: str) -> list[str]:
        return sorted(self.site.types.get(iri, ()))

    # --- records ---------------------------------------------------------------------------

    def _report(self, iri: str) -> Report:
        start = self.literal(iri, _C + "periodStart")
        end = self.literal(iri, _C + "periodEnd")
        return Report(
            iri=iri,
            key=self.literal(iri, _DCT + "identifier") or iri.rsplit("/", 1)[-1],
            title=" ".join((self.literal(iri, _DCT + "title") or "").split()),
            publisher=self.literal(iri, _DCT + "publisher") or "",
            symbol=self.literal(iri, _C + "unSymbol"),
            issued=self.literal(iri, _DCT + "issued"),
            period=(start, end or start) if start else None,
            brochure=_C + "Brochure" in self.site.types.get(iri, ()),
            pursuant=self.iris(iri, _C + "preparedPursuantTo"),
        )

    def _paragraph(self, iri: str) -> Paragraph:
        reports = self.iris(iri, _DCT + "isPartOf")
        return Paragraph(
            iri=iri,
            report=reports[0] if reports else None,
            number=self.literal(iri, _C + "paragraphNumber") or "",
            section=self.literal(iri, _C + "section") or "",
            section_title=self.literal(iri, _C + "sectionTitle") or "",
            text=self.literal(iri, _C + "text") or "",
        )

    def _activity(self, iri: str) -> Activity:
        type_key = "other"
        for t in self.site.types.get(iri, ()):
            if t in _TYPE_KEYS and (type_key == "other" or _TYPE_KEYS[t] < type_key):
                type_key = _TYPE_KEYS[t]
        partners: list[tuple[str, str]] = []
        for link in self.iris(iri, _PROV + "qualifiedAssociation"):
            agents = self.iris(link, _PROV + "agent")
            roles = self.iris(link, _PROV + "hadRole")
            if agents:
                partners.append((agents[0], roles[0] if roles else ""))
        named = {org for org, _ in partners}
        partners += [(org, "") for org in self.iris(iri, _C + "hasPartner") if org not in named]
        paragraphs = self.iris(iri, _C + "statedIn")
        return Activity(
            iri=iri,
            key=iri.rsplit("/", 1)[-1],
            year=self.literal(iri, _C + "year"),
            type_key=type_key,
            themes=self.iris(iri, _C + "theme"),
            countries=self.iris(iri, _C + "beneficiary"),
            regions=self.iris(iri, _C + "region"),
            partners=sorted(partners),
            standards=self.iris(iri, _C + "appliesStandard"),
            mandates=self.iris(iri, _C + "citesMandate"),
            tools=self.iris(iri, _C + "produced"),
            paragraph=paragraphs[0] if paragraphs else None,
            quote=self.literal(iri, _C + "quote") or "",
            span=self._span(iri),
            goals=self.iris(iri, _C + "citesGoal"),
        )

    def _link_same_work(self) -> None:
        """``ccpj:sameWorkAs`` both ways (the graph states each link once)."""
        for iri, activity in self.activities.items():
            for other in self.iris(iri, _C + "sameWorkAs"):
                if other in self.activities:
                    activity.same_work.append(other)
                    self.activities[other].same_work.append(iri)
        for activity in self.activities.values():
            activity.same_work = sorted(set(activity.same_work))

    def _span(self, iri: str) -> tuple[int, int] | None:
        start = self.literal(iri, _EVIDENCE_START)
        end = self.literal(iri, _EVIDENCE_END)
        if start is not None and end is not None and start.isdigit() and end.isdigit():
            return int(start), int(end)
        return None

    # --- labels ----------------------------------------------------------------------------

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or self.class_labels.get(iri) or iri.rsplit("/", 1)[-1]

    def site_label(self, iri: str) -> str:
        """The label the graph gives (``rdfs:label`` first), before the site's human labels."""
        return self._original.get(iri) or self.label(iri)

    def _org_label(self, iri: str) -> str:
        """A state body shows its state, unless its name already does."""
        label = self.site.labels.get(iri, iri)
        states = self.iris(iri, _C + "country")
        if not states:
            return label
        state = self.site.labels.get(states[0], "")
        if not state or state.casefold() in label.casefold():
            return label
        short = state.removeprefix("the ")
        if short.casefold() in label.casefold():
            return label
        return f"{label} ({state})"

    @staticmethod
    def report_label(report: Report) -> str:
        """The symbol where stated; otherwise the issuing body with the period or date.

        Several reports share one title, so the title never tells them apart.
        """
        if report.symbol:
            return report.symbol
        kind = "brochure" if report.brochure else "report"
        if report.period:
            start, end = report.period
            when = f"covering {start}" if start == end else f"covering {start}–{end}"
        else:
            when = f"issued {report.issued}" if report.issued else "undated"
        return f"{report.publisher} {kind}, {when}"

    def paragraph_label(self, paragraph: Paragraph) -> str:
        report = self.reports.get(paragraph.report or "")
        where = self.report_label(report) if report else ""
        brochure = report is not None and report.brochure
        name = f"block {paragraph.number}" if brochure else f"para. {paragraph.number}"
        return f"{where}, {name}" if where else name

    def type_label(self, key: str) -> str:
        iri = str(ACTIVITY_TYPES.get(key, ""))
        label = self.class_labels.get(iri, key.replace("-", " "))
        return label[:1].upper() + label[1:]

    def kind_of(self, org: str) -> str:
        """The organisation's kind key ("other" when it is a plain ccpj:Organisation)."""
        for t in self.site.types.get(org, ()):
            if t in _KIND_KEYS:
                return _KIND_KEYS[t]
        return "other"

    def kind_label(self, key: str) -> str:
        if key == "other":
            return "Other"
        label = self.class_labels.get(str(ORGANISATION_KINDS[key]), key.replace("-", " "))
        return label[:1].upper() + label[1:]

    def role_label(self, role: str) -> str:
        return self.label(role) if role else "partner"

    # --- derived ---------------------------------------------------------------------------

    def theme_closure(self, theme: str) -> set[str]:
        """The theme and every broader theme (a narrower theme counts for its broader ones)."""
        seen = {theme}
        todo = [theme]
        while todo:
            for b in self.broader.get(todo.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    todo.append(b)
        return seen

    def regions_of(self, place: str) -> list[str]:
        """Every region a place lies in (``ccpj:locatedIn``, transitively), nearest first."""
        out: list[str] = []
        todo = list(self.located.get(place, ()))
        while todo:
            region = todo.pop(0)
            if region not in out:
                out.append(region)
                todo.extend(self.located.get(region, ()))
        return out

    def report_of(self, activity: Activity) -> Report | None:
        paragraph = self.paragraphs.get(activity.paragraph or "")
        return self.reports.get(paragraph.report or "") if paragraph else None

    def by(self, attribute: str) -> dict[str, list[Activity]]:
        """Activities indexed by each IRI of one list attribute (``countries``, ``themes``...)."""
        index: dict[str, list[Activity]] = defaultdict(list)
        for activity in self.activities.values():
            values = getattr(activity, attribute)
            keys = [v[0] for v in values] if attribute == "partners" else values
            for key in dict.fromkeys(keys):
                index[key].append(activity)
        return index
