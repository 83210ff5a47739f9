"""The facts extraction gives to the build stage: activities with their provenance.

Plain frozen records: the build stage turns them into RDF, curation corrects them, the flat
export and the evaluator read them. Keys, not IRIs: the build stage mints IRIs from them (see
docs/design.md), so the same input always gives the same identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ccpj_graph.namespaces import ACTIVITY_TYPES as _ONTOLOGY_ACTIVITY_TYPES

__all__ = [
    "ACTIVITY_TYPES",
    "ROLES",
    "ActivityFact",
    "MandateFact",
    "NewOrganisation",
    "ParagraphFact",
    "PartnerFact",
    "ToolFact",
]

#: Activity type keys: the skos:notation of each subclass of ccpj:Activity in the ontology.
ACTIVITY_TYPES: tuple[str, ...] = tuple(_ONTOLOGY_ACTIVITY_TYPES)

#: Partner role keys (data/reference/roles.ttl).
ROLES: tuple[str, ...] = ("co-deliverer", "funder", "host", "endorsed", "member-network", "other")


@dataclass(frozen=True, slots=True)
class PartnerFact:
    """An organisation's part in one activity: ``role`` is a role key (co-deliverer, funder...)."""

    org: str  # organisation key, e.g. "undp", "ken-national-police-service"
    role: str
    surface: str  # the words in the paragraph that named it
    strict: bool = True  # the text plainly says it worked with UNODC on this activity


@dataclass(frozen=True, slots=True)
class NewOrganisation:
    """An organisation the reference data does not know, named in a partnership phrase."""

    key: str
    name: str
    kind: str  # un-entity, intergovernmental, government-body, ngo-civil-society, academic, ...
    acronym: str | None = None
    country: str | None = None  # ISO3 for government bodies


@dataclass(frozen=True, slots=True)
class ToolFact:
    """A publication, course or toolkit the activity produced."""

    key: str  # slug of the title
    title: str


@dataclass(frozen=True, slots=True)
class MandateFact:
    """A resolution or decision a paragraph cites, with its year and how the year is known.

    ``basis``: "citation-date" (the citation dates it: "of 15 December 2022", "2396 (2017)"),
    "numbering" (GA session n -> 1945 + n; ECOSOC yyyy/n) or "session-table" (the session of a
    commission or conference, ``data/reference/sessions.toml``); None when nothing tells.
    The build describes with it a mandate the reference data lacks.
    """

    key: str  # mandate key, e.g. "ga-77-222", "ecosoc-decision-2023-245"
    year: int | None
    basis: str | None


@dataclass(frozen=True, slots=True)
class ActivityFact:
    """One distinct thing UNODC did, as one paragraph states it.

    ``quote`` is the activity's evidence: whole sentences, verbatim from the paragraph's
    normalised text, ``text[evidence_start:evidence_end]`` (offsets None for a curated activity
    added by hand). Every fact the record carries is stated in that evidence or in a footnote
    whose mark stands inside it. ``rule`` names the extraction rule (or ``curation:<file>``)
    that produced the fact, for provenance.
    """

    report: str
    paragraph: str
    ordinal: int
    type: str  # activity type key: training, legislative-assistance, advisory, ...
    year: int | None
    year_basis: str | None  # "explicit" | "reporting-period"
    themes: tuple[str, ...]
    countries: tuple[str, ...]  # ISO3
    regions: tuple[str, ...]  # region keys
    partners: tuple[PartnerFact, ...]
    standards: tuple[str, ...]  # standard keys
    mandates: tuple[str, ...]  # mandate keys, e.g. "ga-75-196"
    tools: tuple[ToolFact, ...]
    quote: str
    rule: str
    curated: bool = False
    evidence_start: int | None = None
    evidence_end: int | None = None
    goals: tuple[str, ...] = ()  # Sustainable Development Goals and targets cited: "16", "16-3"
    # where the sentences the themes and year are read from start: the work's own, after any
    # sentence that only frames it (``text[themes_start:evidence_end]``)
    themes_start: int | None = None

    @property
    def key(self) -> str:
        return f"{self.report}-{self.paragraph}-{self.ordinal}"


@dataclass(frozen=True, slots=True)
class ParagraphFact:
    """What a paragraph as a whole is about, whether or not it reports an activity.

    Themes and year are classified per paragraph too, so a paragraph that only frames the work
    ("The present report places emphasis on ...") is still findable by theme.
    """

    report: str
    paragraph: str
    themes: tuple[str, ...]
    year: int | None
    year_basis: str | None
    mandates: tuple[MandateFact, ...] = ()  # every resolution or decision it cites
