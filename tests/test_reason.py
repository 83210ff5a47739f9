"""``reason`` and ``ccpj reason``: the OWL RL closure, filtered, with inconsistencies reported."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from ccpj_graph.build.serialize import canonical_turtle
from ccpj_graph.cli import cli as ccpj_cli
from ccpj_graph.namespaces import CCPJ
from ccpj_graph.rdfio import parse_data, read_graph, read_ontology
from ccpj_graph.reason import reason
from reference_cache import ReferenceCache, graph_digest, module_sources, version
from scale_support import scaled

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"
ID = "https://w3id.org/ccpj/id/"
VOCABULARIES = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")


def iri(path: str) -> URIRef:
    return URIRef(ID + path)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return read_ontology()


@pytest.fixture(scope="module")
def places() -> Graph:
    """The real regions and Kenya (as in countries.ttl), plus one activity in Kenya.

    One country rather than all: the closure of every country takes seconds and proves
    nothing more; test_reference_data_is_consistent reasons over all of them.
    """
    graph = read_graph(REFERENCE / "regions.ttl")
    for triple in read_graph(REFERENCE / "countries.ttl").triples((iri("country/KEN"), None, None)):
        graph.add(triple)
    activity = iri("activity/t-1-1")
    graph.add((activity, RDF.type, CCPJ.Training))
    graph.add((activity, CCPJ.beneficiary, iri("country/KEN")))
    return graph


@pytest.fixture(scope="module")
def places_closure(places: Graph, ontology: Graph) -> Graph:
    before = set(places)
    result = reason(places, ontology=ontology)
    assert set(places) == before  # the input graph is left alone
    assert result.consistent, result.inconsistencies
    assert result.inferred == len(result.graph) > 0
    assert result.asserted == len(before | set(ontology))
    return result.graph


def test_a_query_for_africa_finds_work_in_kenya(places_closure: Graph) -> None:
    kenya, activity = iri("country/KEN"), iri("activity/t-1-1")
    regions = set(places_closure.objects(kenya, CCPJ.locatedIn))
    assert iri("region/africa") in regions
    assert iri("region/sub-saharan-africa") in regions
    covered = set(places_closure.objects(activity, CCPJ.coversPlace))
    assert {kenya, iri("region/africa")} <= covered
    # and an activity is a PROV activity, a country a PROV location
    assert (activity, RDF.type, PROV.Activity) in places_closure
    assert (kenya, RDF.type, PROV.Location) in places_closure


def test_only_inferred_publishable_triples_are_returned(
    places: Graph, places_closure: Graph
) -> None:
    assert not set(places_closure) & set(places)  # nothing asserted comes back
    for subject, predicate, obj in places_closure:
        assert not isinstance(subject, Literal)
        assert not isinstance(subject, BNode) and not isinstance(obj, BNode)
        assert not str(subject).startswith(VOCABULARIES)
        assert not (predicate == OWL.sameAs and subject == obj)
        assert obj not in (OWL.Thing, RDFS.Resource)
        assert not str(subject).startswith("https://w3id.org/ccpj/ontology")


def test_inverses_and_property_chains(ontology: Graph) -> None:
    data = parse_data(
        r"""
        @prefix ccpj: <https://w3id.org/ccpj/ontology#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix id: <https://w3id.org/ccpj/id/> .
        id:activity\/a a ccpj:Training ;
            prov:qualifiedAssociation id:partnership\/a-undp .
        id:partnership\/a-undp prov:agent id:org\/undp .
        id:standard\/s ccpj:adoptedBy id:mandate\/m .
        id:report\/r ccpj:preparedPursuantTo id:mandate\/m .
        """,
        source="chains.ttl",
    )
    inferred = reason(data, ontology=ontology).graph
    activity, undp, mandate = iri("activity/a"), iri("org/undp"), iri("mandate/m")
    assert (activity, CCPJ.hasPartner, undp) in inferred  # chain
    assert (undp, CCPJ.partnerOf, activity) in inferred  # inverse
    assert (activity, PROV.wasAssociatedWith, undp) in inferred  # super-property
    assert (undp, RDF.type, CCPJ.Organisation) in inferred  # range
    assert (mandate, CCPJ.adopts, iri("standard/s")) in inferred
    assert {iri("standard/s"), iri("report/r")} == set(inferred.objects(mandate, CCPJ.mandates))


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        (
            "<https://w3id.org/ccpj/id/country/KEN> a ccpj:Country , ccpj:Region .",
            "Disjoint classes",
        ),
        (  # a partner that is a place: the range makes it an organisation too
            "<https://w3id.org/ccpj/id/activity/a>"
            " ccpj:hasPartner <https://w3id.org/ccpj/id/country/KEN> .\n"
            "<https://w3id.org/ccpj/id/country/KEN> a ccpj:Country .",
            "Disjoint classes",
        ),
        (
            '<https://w3id.org/ccpj/id/activity/a> ccpj:year "2O21"^^xsd:gYear .',
            'ill-typed literal "2O21"',
        ),
        (
            '<https://w3id.org/ccpj/id/paragraph/p> ccpj:numbered "maybe"^^xsd:boolean .',
            'ill-typed literal "maybe"',
        ),
    ],
)
def test_inconsistencies_are_reported(turtle: str, expected: str, ontology: Graph) -> None:
    data = parse_data(
        "@prefix ccpj: <https://w3id.org/ccpj/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + turtle,
        source="bad.ttl",
    )
    result = reason(data, ontology=ontology)
    assert not result.consistent
    assert any(expected in message for message in result.inconsistencies), result.inconsistencies
    assert not any(isinstance(s, BNode) for s in result.graph.subjects())


def test_owl_imports_are_not_followed(tmp_path: Path, ontology: Graph) -> None:
    imported = tmp_path / "imported.ttl"
    imported.write_text(
        "<https://example.org/secret> a <https://w3id.org/ccpj/ontology#Country> .\n",
        encoding="utf-8",
    )
    data = Graph()
    data.add((URIRef("https://example.org/o"), OWL.imports, URIRef(imported.as_uri())))
    data.add((URIRef("https://example.org/o"), OWL.imports, Literal(str(imported))))
    result = reason(data, ontology=ontology)
    assert not any("example.org/secret" in str(s) for s in result.graph.subjects())


def test_reasoning_leaves_rdflib_literal_handling_as_it_was(ontology: Graph) -> None:
    # Regression: owlrl left its gYear converter installed, so a later SHACL run in the same
    # process saw "2O21"^^xsd:gYear as ill-typed and reported an extra violation.
    from rdflib.namespace import XSD  # imported here: pytest probes module globals

    before = Literal("2O21", datatype=XSD.gYear).ill_typed
    reason(
        parse_data(
            '<https://example.org/a> <https://example.org/p> "2021"^^<' + str(XSD.gYear) + "> .",
            source="x.ttl",
        ),
        ontology=ontology,
    )
    assert Literal("2O21", datatype=XSD.gYear).ill_typed == before


def test_output_is_canonical_turtle(places_closure: Graph) -> None:
    text = canonical_turtle(places_closure)
    assert text == canonical_turtle(places_closure)
    again = parse_data(text, source="inferred.ttl")
    assert len(again) == len(places_closure)


@pytest.mark.slow
def test_reference_data_is_consistent(ontology: Graph) -> None:
    graph = read_graph(*sorted(REFERENCE.glob("*.ttl")))
    result = reason(graph, ontology=ontology)
    assert result.inconsistencies == ()
    assert result.inferred > 0 and result.closure > result.asserted


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def cli() -> click.Group:
    return ccpj_cli


def test_cli_reason_writes_inferred_turtle(cli: click.Group, tmp_path: Path) -> None:
    out = tmp_path / "inferred.ttl"
    result = CliRunner().invoke(cli, ["reason", str(REFERENCE / "regions.ttl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "consistent" in result.stderr and "inferred kept" in result.stderr
    graph = parse_data(out.read_bytes(), source=str(out))
    assert (iri("region/eastern-africa"), CCPJ.locatedIn, iri("region/africa")) in graph
    assert not list(tmp_path.glob(".inferred.ttl.*"))  # no temporary file left behind


def test_cli_reason_inconsistent_exits_1_and_writes_nothing(
    cli: click.Group, tmp_path: Path
) -> None:
    data = tmp_path / "bad.ttl"
    data.write_text(
        "<https://w3id.org/ccpj/id/country/KEN> a <https://w3id.org/ccpj/ontology#Country> ,"
        " <https://w3id.org/ccpj/ontology#Activity> .\n",
        encoding="utf-8",
    )
    out = tmp_path / "inferred.ttl"
    result = CliRunner().invoke(cli, ["reason", str(data), "-o", str(out)])
    assert result.exit_code == 1
    assert "inconsistency: Disjoint classes" in result.stderr
    assert not out.exists()


def test_cli_reason_malformed_file_exits_2(cli: click.Group, tmp_path: Path) -> None:
    data = tmp_path / "bad.ttl"
    data.write_text("<https://example.org/a> <https://example.org/p> .\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["reason", str(data)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {data}:1:")
    assert result.stderr.count("\n") == 1


def test_cli_reason_help_has_an_example(cli: click.Group) -> None:
    result = CliRunner().invoke(cli, ["reason", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "ccpj reason -o" in result.stdout


# --- the fast engine against owlrl, the reference ---------------------------------------------

CORPUS = ROOT / "data" / "graph"


@pytest.fixture(scope="module")
def corpus_graph() -> Graph:
    """What the build reasons over: reference data, the source manifest and data/graph."""
    files = sorted(REFERENCE.glob("*.ttl")) + sorted((ROOT / "data" / "sources").glob("*.ttl"))
    return read_graph(*files, *sorted(CORPUS.glob("*.ttl")))


def owlrl_reference(
    graph: Graph, ontology: Graph, cache: ReferenceCache
) -> tuple[set[tuple[object, ...]], tuple[str, ...], int]:
    """owlrl's kept triples, inconsistencies and count for ``graph``: computed by owlrl on the
    first run and whenever the graph, the ontology, reason.py, owlrl or rdflib change, else read
    back from the test cache (owlrl takes most of a minute on the two-copy corpus)."""

    def compute() -> str:
        result = reason(graph, ontology=ontology, engine="owlrl")
        triples = result.graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        return json.dumps(
            {
                "triples": "\n".join(sorted(triples.splitlines())),
                "inconsistencies": list(result.inconsistencies),
                "inferred": result.inferred,
            }
        )

    parts = [
        "owlrl-closure",
        version("owlrl"),
        version("rdflib"),
        *module_sources("ccpj_graph.reason"),
        graph_digest(graph),
        graph_digest(ontology),
    ]
    data = json.loads(cache.text(parts, compute, suffix=".json"))
    triples = set(Graph().parse(data=data["triples"], format="nt"))
    return triples, tuple(data["inconsistencies"]), data["inferred"]


def assert_same_reasoning(graph: Graph, ontology: Graph, cache: ReferenceCache) -> None:
    fast = reason(graph, ontology=ontology, engine="fast")
    triples, inconsistencies, inferred = owlrl_reference(graph, ontology, cache)
    missing = triples - set(fast.graph)
    extra = set(fast.graph) - triples
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])
    assert fast.inconsistencies == inconsistencies
    assert fast.inferred == inferred > 0


@pytest.mark.slow
def test_fast_engine_equals_owlrl_on_the_corpus(
    corpus_graph: Graph, ontology: Graph, reference_cache: ReferenceCache
) -> None:
    assert_same_reasoning(corpus_graph, ontology, reference_cache)


@pytest.mark.slow
def test_fast_engine_equals_owlrl_on_a_scaled_corpus(
    corpus_graph: Graph, ontology: Graph, reference_cache: ReferenceCache
) -> None:
    # Two copies: the second shares reference data, places and organisations with the first,
    # as next year's report would (owlrl takes about 20 s on it, so not more).
    graph = scaled(corpus_graph, 2)
    assert len(graph) > 1.5 * len(corpus_graph)
    assert_same_reasoning(graph, ontology, reference_cache)


def test_scaled_corpus_has_new_activities(corpus_graph: Graph) -> None:
    activities = set(corpus_graph.subjects(RDF.type, CCPJ.Activity))
    graph = scaled(corpus_graph, 2)
    assert iri("activity/101-17-2") in set(graph.subjects()) or not activities
    assert len(set(graph.subjects(CCPJ.statedIn, None))) == 2 * len(
        set(corpus_graph.subjects(CCPJ.statedIn, None))
    )


@pytest.mark.parametrize(
    "turtle",
    [
        "<https://w3id.org/ccpj/id/country/KEN> a ccpj:Country , ccpj:Region .",
        '<https://w3id.org/ccpj/id/activity/a> ccpj:year "2O21"^^xsd:gYear .',
        '<https://w3id.org/ccpj/id/paragraph/p> ccpj:numbered "maybe"^^xsd:boolean .',
        "<https://w3id.org/ccpj/id/activity/a>"
        " ccpj:hasPartner <https://w3id.org/ccpj/id/region/x> ;"
        " ccpj:region <https://w3id.org/ccpj/id/region/x> .",
        '<https://w3id.org/ccpj/id/report/r> ccpj:paragraphNumber "7"^^xsd:integer ;'
        ' ccpj:periodStart "2020"^^xsd:gYear .',
        # two paragraphs for one activity: statedIn is functional, owlrl equates them
        "<https://w3id.org/ccpj/id/activity/a>"
        " ccpj:statedIn <https://w3id.org/ccpj/id/paragraph/p> ,"
        " <https://w3id.org/ccpj/id/paragraph/q> .",
        "<https://w3id.org/ccpj/id/org/a> owl:sameAs <https://w3id.org/ccpj/id/org/b> ."
        " <https://w3id.org/ccpj/id/activity/x> ccpj:hasPartner <https://w3id.org/ccpj/id/org/a> .",
    ],
)
def test_fast_engine_equals_owlrl_on_odd_data(turtle: str, ontology: Graph) -> None:
    data = parse_data(
        "@prefix ccpj: <https://w3id.org/ccpj/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + turtle,
        source="odd.ttl",
    )
    fast = reason(data, ontology=ontology, engine="fast")
    reference = reason(data, ontology=ontology, engine="owlrl")
    assert set(fast.graph) == set(reference.graph)
    assert fast.inconsistencies == reference.inconsistencies


def test_schema_the_fast_engine_lacks_is_left_to_owlrl(ontology: Graph) -> None:
    # A someValuesFrom restriction: not implemented by the fast engine, so owlrl decides.
    data = parse_data(
        """
        @prefix ccpj: <https://w3id.org/ccpj/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://example.org/Funded> owl:equivalentClass [ a owl:Restriction ;
            owl:onProperty ccpj:hasPartner ; owl:someValuesFrom ccpj:Organisation ] .
        <https://w3id.org/ccpj/id/activity/a> ccpj:hasPartner <https://w3id.org/ccpj/id/org/b> .
        """,
        source="restriction.ttl",
    )
    fast = reason(data, ontology=ontology, engine="fast")
    reference = reason(data, ontology=ontology, engine="owlrl")
    assert (iri("activity/a"), RDF.type, URIRef("https://example.org/Funded")) in fast.graph
    assert set(fast.graph) == set(reference.graph)
