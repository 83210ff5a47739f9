"""The namespaces every stage uses, with ``ccpj:`` closed over the terms the ontology declares.

Why a generated, closed namespace: the ontology (``ontology/ccpj.ttl``) is the single source
of truth. ``CCPJ.Activty`` must fail at import time rather than mint a new IRI, and the CLI's
activity-type and organisation-kind choices must be the ``skos:notation`` of the ontology's
classes. The block between the GENERATED markers is written by
``python -m ccpj_graph.namespaces --write``; a test fails when it is not current.

Instance IRIs live under ``https://w3id.org/ccpj/id/<type>/<key>``; the base is configurable
for publishing through :func:`instance_namespace` / :func:`instance_iri`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VANN,
    XSD,
    DefinedNamespace,
)

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "ACTIVITY_TYPES",
    "CCPJ",
    "CCPJID",
    "CCPJSH",
    "DCTERMS",
    "DEFAULT_ID_BASE",
    "INSTANCE_TYPES",
    "ONTOLOGY_IRI",
    "ONTOLOGY_NS",
    "ONTOLOGY_VERSION_IRI",
    "ORG",
    "ORGANISATION_KINDS",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SHAPES_NS",
    "SKOS",
    "VANN",
    "XSD",
    "bind_prefixes",
    "instance_iri",
    "instance_namespace",
    "render_generated",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/ccpj/ontology")
ONTOLOGY_VERSION_IRI = URIRef("https://w3id.org/ccpj/ontology/0.1.0")
ONTOLOGY_NS = "https://w3id.org/ccpj/ontology#"
SHAPES_NS = "https://w3id.org/ccpj/shapes#"
DEFAULT_ID_BASE = "https://w3id.org/ccpj/id/"

CCPJID = Namespace(DEFAULT_ID_BASE)
CCPJSH = Namespace(SHAPES_NS)

# The <type> segment of instance IRIs (docs/design.md, "Namespaces and IRIs").
INSTANCE_TYPES: frozenset[str] = frozenset(
    {
        "activity",
        "cluster",
        "country",
        "mandate",
        "org",
        "paragraph",
        "partnership",
        "region",
        "report",
        "role",
        "same-work",
        "scheme",
        "sdg",
        "standard",
        "theme",
        "tool",
    }
)
_KEY = re.compile(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*")  # fullmatch: "$" lets "\n" in

# --- BEGIN GENERATED from the ontology: python -m ccpj_graph.namespaces --write ---


class CCPJ(DefinedNamespace):
    """Terms of the ccpj ontology (``https://w3id.org/ccpj/ontology#``)."""

    _NS = Namespace("https://w3id.org/ccpj/ontology#")
    _fail = True

    AcademicInstitution: URIRef
    Activity: URIRef
    AdvisoryService: URIRef
    AssessmentOrResearch: URIRef
    AwarenessCampaign: URIRef
    Brochure: URIRef
    CivilSocietyOrganisation: URIRef
    Convention: URIRef
    Coordination: URIRef
    Country: URIRef
    DataCollection: URIRef
    Decision: URIRef
    Event: URIRef
    GovernmentBody: URIRef
    IntergovernmentalOrganisation: URIRef
    LegislativeAssistance: URIRef
    Mandate: URIRef
    MaterialSupport: URIRef
    Organisation: URIRef
    OtherActivity: URIRef
    Paragraph: URIRef
    PartnerRole: URIRef
    Partnership: URIRef
    Place: URIRef
    PrivateSectorOrganisation: URIRef
    ProgrammeOrProject: URIRef
    PublicationOrTool: URIRef
    Region: URIRef
    Report: URIRef
    Resolution: URIRef
    SameWorkLink: URIRef
    Standard: URIRef
    StandardCluster: URIRef
    ThematicArea: URIRef
    Tool: URIRef
    Training: URIRef
    UNEntity: URIRef
    acronym: URIRef
    adoptedBy: URIRef
    adoptionYear: URIRef
    adopts: URIRef
    appliesStandard: URIRef
    beneficiary: URIRef
    citesGoal: URIRef
    citesMandate: URIRef
    cluster: URIRef
    country: URIRef
    coversPlace: URIRef
    curated: URIRef
    evidenceEnd: URIRef
    evidenceStart: URIRef
    extractionProfile: URIRef
    extractionRule: URIRef
    footnoteAt: URIRef
    footnoteText: URIRef
    hasPartner: URIRef
    iso2: URIRef
    iso3: URIRef
    isoNumeric: URIRef
    issuingBody: URIRef
    linkBasis: URIRef
    linksActivity: URIRef
    locatedIn: URIRef
    m49: URIRef
    mandatedBy: URIRef
    mandates: URIRef
    mentionsMandate: URIRef
    numbered: URIRef
    paragraphNumber: URIRef
    partnerOf: URIRef
    periodEnd: URIRef
    periodStart: URIRef
    preparedPursuantTo: URIRef
    produced: URIRef
    quote: URIRef
    region: URIRef
    resolutionNumber: URIRef
    sameWorkAs: URIRef
    sameWorkRepresentative: URIRef
    section: URIRef
    sectionTitle: URIRef
    sharedCountry: URIRef
    sharedPartner: URIRef
    sharedStandard: URIRef
    sharedWord: URIRef
    shortName: URIRef
    similarity: URIRef
    sourceFile: URIRef
    statedIn: URIRef
    text: URIRef
    textSimilarity: URIRef
    theme: URIRef
    unSymbol: URIRef
    year: URIRef
    yearBasis: URIRef


# skos:notation of each subclass of ccpj:Activity (CLI and annotation activity types).
ACTIVITY_TYPES: dict[str, URIRef] = {
    "advisory": CCPJ.AdvisoryService,
    "assessment-or-research": CCPJ.AssessmentOrResearch,
    "awareness-campaign": CCPJ.AwarenessCampaign,
    "coordination-or-partnership": CCPJ.Coordination,
    "data-collection": CCPJ.DataCollection,
    "equipment-or-material-support": CCPJ.MaterialSupport,
    "event-or-meeting": CCPJ.Event,
    "legislative-assistance": CCPJ.LegislativeAssistance,
    "other": CCPJ.OtherActivity,
    "programme-or-project": CCPJ.ProgrammeOrProject,
    "publication-or-tool": CCPJ.PublicationOrTool,
    "training": CCPJ.Training,
}

# skos:notation of each subclass of ccpj:Organisation (organisation kinds).
ORGANISATION_KINDS: dict[str, URIRef] = {
    "academic": CCPJ.AcademicInstitution,
    "government-body": CCPJ.GovernmentBody,
    "intergovernmental": CCPJ.IntergovernmentalOrganisation,
    "ngo-civil-society": CCPJ.CivilSocietyOrganisation,
    "private-sector": CCPJ.PrivateSectorOrganisation,
    "un-entity": CCPJ.UNEntity,
}

# --- END GENERATED ---

# Prefixes bound on every graph we write and used for prefixed names in reports.
PREFIXES: dict[str, Namespace] = {
    "ccpj": Namespace(ONTOLOGY_NS),
    "ccpjid": CCPJID,
    "ccpjsh": CCPJSH,
    "dcterms": Namespace(str(DCTERMS)),
    "org": Namespace(str(ORG)),
    "owl": Namespace(str(OWL)),
    "prov": Namespace(str(PROV)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "sh": Namespace(str(SH)),
    "skos": Namespace(str(SKOS)),
    "vann": Namespace(str(VANN)),
    "xsd": Namespace(str(XSD)),
}


def instance_namespace(base: str = DEFAULT_ID_BASE) -> Namespace:
    """The namespace of instance IRIs under ``base`` (which must end with ``/``)."""
    if not base.endswith("/") or not re.match(r"^https?://[^\s/]+/", base):
        raise ValueError(f"instance base must be an http(s) IRI ending with '/': {base!r}")
    return Namespace(base)


def instance_iri(kind: str, key: str, *, base: str = DEFAULT_ID_BASE) -> URIRef:
    """The IRI of an instance: ``<base><kind>/<key>``, e.g. ``id/country/KEN``."""
    if kind not in INSTANCE_TYPES:
        raise ValueError(
            f"unknown instance type {kind!r}; expected one of {sorted(INSTANCE_TYPES)}"
        )
    if not _KEY.fullmatch(key):
        raise ValueError(f"instance key {key!r} is not a slug (letters, digits, '-', '_', '.')")
    return instance_namespace(base)[f"{kind}/{key}"]


def bind_prefixes(graph: Graph, *, base: str = DEFAULT_ID_BASE) -> Graph:
    """Bind the project prefixes on ``graph`` (``ccpjid:`` to ``base``) and return it."""
    for prefix, namespace in PREFIXES.items():
        target = instance_namespace(base) if prefix == "ccpjid" else namespace
        graph.bind(prefix, target, override=True, replace=True)
    return graph


# --- generation of the block above -------------------------------------------------------------

_BEGIN = "# --- BEGIN GENERATED from the ontology: python -m ccpj_graph.namespaces --write ---"
_END = "# --- END GENERATED ---"


def _keyed_subclasses(ontology: Graph, parent: URIRef) -> dict[str, URIRef]:
    keys: dict[str, URIRef] = {}
    for cls in ontology.subjects(RDFS.subClassOf, parent):
        for key in ontology.objects(cls, SKOS.notation):
            keys[str(key)] = URIRef(str(cls))
    return dict(sorted(keys.items()))


def render_generated(ontology: Graph) -> str:
    """The Python source of the generated block for ``ontology`` (without the markers)."""
    terms = sorted(
        {str(s)[len(ONTOLOGY_NS) :] for s in ontology.subjects() if str(s).startswith(ONTOLOGY_NS)},
        key=lambda name: (not name[:1].isupper(), name),
    )
    lines = [
        "",
        "",
        "",
        "class CCPJ(DefinedNamespace):",
        '    """Terms of the ccpj ontology (``https://w3id.org/ccpj/ontology#``)."""',
        "",
        f'    _NS = Namespace("{ONTOLOGY_NS}")',
        "    _fail = True",
        "",
        *[f"    {name}: URIRef" for name in terms],
        "",
        "",
    ]

    def mapping(name: str, comment: str, parent: str) -> list[str]:
        entries = _keyed_subclasses(ontology, URIRef(ONTOLOGY_NS + parent))
        return [
            f"# {comment}",
            f"{name}: dict[str, URIRef] = {{",
            *[f'    "{key}": CCPJ.{str(cls)[len(ONTOLOGY_NS) :]},' for key, cls in entries.items()],
            "}",
        ]

    lines += mapping(
        "ACTIVITY_TYPES",
        "skos:notation of each subclass of ccpj:Activity (CLI and annotation activity types).",
        "Activity",
    )
    lines += [""]
    lines += mapping(
        "ORGANISATION_KINDS",
        "skos:notation of each subclass of ccpj:Organisation (organisation kinds).",
        "Organisation",
    )
    lines += ["", ""]
    return "\n".join(lines)


def _current_block(source: str) -> tuple[str, str, str]:
    head, _, rest = source.partition(_BEGIN)
    block, _, tail = rest.partition(_END)
    return head, block, tail


def main(argv: list[str] | None = None) -> int:
    """``python -m ccpj_graph.namespaces [--write]``: check (or rewrite) the generated block."""
    from ccpj_graph.rdfio import read_ontology

    args = sys.argv[1:] if argv is None else argv
    path = Path(__file__)
    source = path.read_text(encoding="utf-8")
    head, block, tail = _current_block(source)
    fresh = render_generated(read_ontology())
    if block == fresh:
        print("namespaces.py is current")
        return 0
    if "--write" in args:
        from ccpj_graph.atomic import atomic_write

        atomic_write(path, (head + _BEGIN + fresh + _END + tail).encode("utf-8"))
        print("namespaces.py rewritten from the ontology")
        return 0
    print("namespaces.py is out of date: run python -m ccpj_graph.namespaces --write")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
