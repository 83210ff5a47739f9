"""Helpers shared by the network and network-export tests (not a test module).

``FIXTURE`` is the hand-written graph in ``tests/data/network/fixture.ttl`` (see its README).
The ``expected_*`` functions compute what each network must contain by walking the fixture's
triples in plain Python, independently of the SPARQL projections they check. ``real_source``
is the graph built from the bundled corpus: ``data/graph`` when it is there, else built into a
temporary folder by the project's own build (a few seconds).
"""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
from collections import defaultdict
from functools import cache
from pathlib import Path

import networkx as nx
from lxml import etree
from rdflib import Graph, Namespace, URIRef

from ccpj_graph import resources
from ccpj_graph.network import Source, annotate, build_network, graph_source, open_source

FIXTURE = Path(__file__).parent / "data" / "network" / "fixture.ttl"
NETWORKS = ("partners", "countries-standards", "partners-countries", "full")
#: The official GEXF 1.3 RelaxNG grammar, vendored with its licence (see its README).
SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "schemas" / "gexf-1.3"

# Plain namespaces: rdflib's closed ones warn when pytest inspects a test module holding them.
CCPJ = Namespace("https://w3id.org/ccpj/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS_BROADER = URIRef("http://www.w3.org/2004/02/skos/core#broader")
XSD_GYEAR = "http://www.w3.org/2001/XMLSchema#gYear"
ID = "https://w3id.org/ccpj/id/"
UNODC = URIRef(ID + "org/unodc")
CO_DELIVERER = URIRef(ID + "role/co-deliverer")

Pair = tuple[str, str]


@cache
def fixture_source() -> Source:
    """The fixture and the ontology in an in-memory pyoxigraph store."""
    return graph_source([FIXTURE])


@cache
def fixture_graph() -> Graph:
    """The fixture alone as an rdflib graph, for computing expectations by hand."""
    return Graph().parse(FIXTURE, format="turtle")


def _activities(graph: Graph) -> list[URIRef]:
    return sorted(a for a in set(graph.subjects(PROV.wasAssociatedWith, UNODC)))


def _partners(graph: Graph, activity: URIRef, role: URIRef | None = None) -> set[str]:
    found = set()
    for link in graph.objects(activity, PROV.qualifiedAssociation):
        if role is None or graph.value(link, PROV.hadRole) == role:
            found.add(str(graph.value(link, PROV.agent)))
    return found


def year_of(graph: Graph, activity: URIRef) -> int | None:
    value = graph.value(activity, CCPJ.year)
    return None if value is None else int(str(value)[:4])


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def expected_partners(graph: Graph) -> dict[Pair, set[str]]:
    """Organisation pair -> the activities both co-delivered (UNODC co-delivers them all)."""
    edges: dict[Pair, set[str]] = defaultdict(set)
    for activity in _activities(graph):
        members = sorted(_partners(graph, activity, CO_DELIVERER) | {str(UNODC)})
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                edges[_pair(a, b)].add(str(activity))
    return dict(edges)


def expected_countries_standards(graph: Graph) -> dict[Pair, set[str]]:
    edges: dict[Pair, set[str]] = defaultdict(set)
    for activity in set(graph.subjects(CCPJ.beneficiary, None)):
        for country in graph.objects(activity, CCPJ.beneficiary):
            for standard in graph.objects(activity, CCPJ.appliesStandard):
                edges[_pair(str(country), str(standard))].add(str(activity))
    return dict(edges)


def expected_partners_countries(graph: Graph) -> dict[Pair, set[str]]:
    edges: dict[Pair, set[str]] = defaultdict(set)
    for activity in _activities(graph):
        for country in graph.objects(activity, CCPJ.beneficiary):
            for org in _partners(graph, activity) | {str(UNODC)}:
                edges[_pair(org, str(country))].add(str(activity))
    return dict(edges)


def typed_entities(graph: Graph) -> set[str]:
    """Subjects typed with a class of the ccpj ontology."""
    return {str(s) for s, o in graph.subject_objects(RDF_TYPE) if str(o).startswith(str(CCPJ))}


@cache
def real_graph_dir() -> Path:
    """A folder holding the graph built from the bundled corpus."""
    built = resources.graph_dir()
    if built.is_dir() and any(built.glob("*.ttl")):
        return built
    from ccpj_graph.build.pipeline import build

    target = Path(tempfile.mkdtemp(prefix="ccpj-network-graph-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    build(out_dir=target)
    return target


@cache
def real_source() -> Source:
    """The real graph (files, not the query store, so the test sees what the files say)."""
    return open_source(real_graph_dir(), use_store=False)


@cache
def real_network(name: str) -> nx.Graph:
    """A network of the real graph, annotated; shared by tests, which must not change it."""
    return annotate(build_network(name, real_source()))


@cache
def gexf_schema() -> etree.RelaxNG:
    """The official GEXF 1.3 RelaxNG grammar (``tests/data/schemas/gexf-1.3``)."""
    return etree.RelaxNG(etree.parse(str(SCHEMA_DIR / "gexf.rng")))


def assert_valid_gexf(data: bytes) -> None:
    """Validate GEXF bytes against the official schema."""
    schema = gexf_schema()
    document = etree.parse(io.BytesIO(data))
    assert schema.validate(document), schema.error_log.last_error
