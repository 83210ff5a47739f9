"""The ontology is complete, closed and consistent, and what is derived from it is current.

Closed vocabulary: a ccpj: term used anywhere in the project's Turtle (ontology, shapes, data,
these tests' fixtures; inside SPARQL strings too) must be declared, with a label and a
definition; reused terms must exist in their vocabularies; design.md and the ontology list
the same ccpj: terms; the generated namespace module and the shapes' list of activity types
match the ontology.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, VANN
from rdflib.term import Node

from ccpj_graph import namespaces
from ccpj_graph.namespaces import (
    ACTIVITY_TYPES,
    CCPJ,
    ONTOLOGY_IRI,
    ONTOLOGY_NS,
    ONTOLOGY_VERSION_IRI,
    ORGANISATION_KINDS,
    instance_iri,
    render_generated,
)
from ccpj_graph.rdfio import read_graph, read_ontology, read_shapes
from ccpj_graph.reason import reason

ROOT = Path(__file__).resolve().parents[1]
TERM = re.compile(r"(?<![\w/#])ccpj:([A-Za-z_][A-Za-z0-9_]*)")
XSD_NS = "http://www.w3.org/2001/XMLSchema#"  # not imported: pytest probes module globals
CLOSED = [PROV, ORG, SKOS, DCTERMS, RDF, RDFS, OWL, SH, VANN]
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return read_ontology()


def ccpj_terms(ontology: Graph) -> set[str]:
    return {
        str(s)[len(ONTOLOGY_NS) :]
        for s in ontology.subjects(RDF.type, None)
        if str(s).startswith(ONTOLOGY_NS)
    }


def turtle_files() -> list[Path]:
    folders = [ROOT / "ontology", ROOT / "shapes", ROOT / "data", ROOT / "tests" / "shapes"]
    cache = ROOT / "data" / ".cache"  # the build cache (git-ignored local state)
    return sorted(
        p for folder in folders for p in folder.rglob("*.ttl") if not p.is_relative_to(cache)
    )


def used_terms(graph: Graph) -> set[str]:
    """ccpj: local names used as IRIs, and written as ccpj:x inside literals (SPARQL)."""
    names = set()
    for triple in graph:
        for node in triple:
            text = str(node)
            if isinstance(node, URIRef) and text.startswith(ONTOLOGY_NS):
                names.add(text[len(ONTOLOGY_NS) :])
            elif isinstance(node, Literal):
                names.update(TERM.findall(text))
    return names


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert (ONTOLOGY_IRI, OWL.versionIRI, ONTOLOGY_VERSION_IRI) in ontology
    assert str(ONTOLOGY_VERSION_IRI).endswith(
        "/" + str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo))
    )
    license_ = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (ONTOLOGY_IRI, DCTERMS.license, license_) in ontology
    assert (ONTOLOGY_IRI, VANN.preferredNamespaceUri, Literal(ONTOLOGY_NS)) in ontology


def test_no_owl_imports(ontology: Graph) -> None:
    # Remote ontologies are never imported: reused terms are declared locally.
    assert not list(ontology.triples((None, OWL.imports, None)))


def test_every_term_is_declared_labelled_and_defined(ontology: Graph) -> None:
    problems = []
    for name in sorted(ccpj_terms(ontology)):
        term = CCPJ[name]
        kinds = set(ontology.objects(term, RDF.type)) & DECLARATIONS
        labels = [o for o in ontology.objects(term, RDFS.label) if o.language == "en"]
        definitions = [o for o in ontology.objects(term, SKOS.definition) if o.language == "en"]
        if len(kinds) != 1:
            problems.append(f"{name}: declared as {sorted(kinds)}")
        if len(labels) != 1 or str(labels[0]) != str(labels[0]).strip():
            problems.append(f"{name}: needs one trimmed rdfs:label@en")
        if len(definitions) != 1 or len(str(definitions[0])) < 20:
            problems.append(f"{name}: needs one skos:definition@en that says something")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology:
            problems.append(f"{name}: not rdfs:isDefinedBy the ontology")
    assert not problems, "\n".join(problems)


def test_reused_terms_are_labelled(ontology: Graph) -> None:
    for term in set(ontology.subjects(RDF.type, None)):
        if isinstance(term, URIRef) and not str(term).startswith(ONTOLOGY_NS):
            if term == ONTOLOGY_IRI:
                continue
            assert ontology.value(term, RDFS.label) is not None, term
            assert ontology.value(term, RDFS.comment) is not None, term
            assert ontology.value(term, RDFS.isDefinedBy) is not None, term


def test_domains_and_ranges_are_declared_classes_or_datatypes(ontology: Graph) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    for predicate in (RDFS.domain, RDFS.range):
        for term, target in ontology.subject_objects(predicate):
            assert target in classes or str(target).startswith(XSD_NS), (term, target)


def test_every_term_of_the_design_is_in_the_ontology_and_back(ontology: Graph) -> None:
    design = set(TERM.findall((ROOT / "docs" / "design.md").read_text(encoding="utf-8")))
    declared = ccpj_terms(ontology)
    assert design - declared == set(), "design.md names terms the ontology lacks"
    assert declared - design == set(), "the ontology declares terms design.md does not list"


@pytest.mark.parametrize("path", turtle_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_closed_vocabulary(path: Path, ontology: Graph) -> None:
    undeclared = used_terms(read_graph(path)) - ccpj_terms(ontology)
    assert not undeclared, f"{path.name} uses undeclared ccpj: terms {sorted(undeclared)}"


def test_closed_vocabulary_check_catches_a_misspelt_term(ontology: Graph, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ccpj: <https://w3id.org/ccpj/ontology#> .\n"
        '<https://w3id.org/ccpj/id/activity/x> ccpj:yaer "2021" ;\n'
        '    <http://www.w3.org/ns/shacl#select> "SELECT * { ?a ccpj:qoute ?q }" .\n',
        encoding="utf-8",
    )
    assert used_terms(read_graph(bad)) - ccpj_terms(ontology) == {"yaer", "qoute"}


def reused_iris(graph: Graph) -> set[Node]:
    found = set()
    for triple in graph:
        for node in triple:
            for ns in CLOSED:
                if isinstance(node, URIRef) and str(node).startswith(str(ns._NS)):
                    found.add(node)
    return found


@pytest.mark.parametrize("name", ["ontology", "shapes"])
def test_reused_terms_exist_in_their_vocabularies(name: str) -> None:
    graph = read_ontology() if name == "ontology" else read_shapes()
    unknown = []
    for node in reused_iris(graph):
        for ns in CLOSED:
            namespace = str(ns._NS)
            if str(node).startswith(namespace):
                local = str(node)[len(namespace) :]
                if not local:  # the vocabulary itself, e.g. rdfs:isDefinedBy <.../terms/>
                    continue
                try:
                    ns[local]
                except (AttributeError, KeyError):
                    unknown.append(str(node))
    assert not unknown, sorted(unknown)


def test_ontology_is_consistent_under_owl_rl(ontology: Graph) -> None:
    result = reason(Graph(), ontology=ontology)
    assert result.inconsistencies == ()
    assert result.closure > len(ontology)  # the reasoner did run


def test_disjointness_axioms_make_a_misuse_inconsistent(ontology: Graph) -> None:
    # The check above proves something only if the ontology can be inconsistent at all.
    graph = Graph()
    thing = URIRef("https://w3id.org/ccpj/id/country/KEN")
    graph.add((thing, RDF.type, CCPJ.Country))
    graph.add((URIRef("https://w3id.org/ccpj/id/activity/1"), CCPJ.hasPartner, thing))
    result = reason(graph, ontology=ontology)
    assert any("Disjoint" in message for message in result.inconsistencies)


def test_generated_namespace_module_is_current(ontology: Graph) -> None:
    source = Path(namespaces.__file__).read_text(encoding="utf-8")
    _head, block, _tail = namespaces._current_block(source)
    assert block == render_generated(ontology), "run: python -m ccpj_graph.namespaces --write"


def test_closed_namespace_rejects_unknown_terms() -> None:
    assert CCPJ.quote == URIRef(ONTOLOGY_NS + "quote")
    with pytest.raises(AttributeError):
        CCPJ.qoute  # noqa: B018


def test_activity_types_are_the_subclasses_of_activity(ontology: Graph) -> None:
    subclasses = set(ontology.subjects(RDFS.subClassOf, CCPJ.Activity))
    assert set(ACTIVITY_TYPES.values()) == subclasses
    shapes = read_shapes()
    listed = shapes.value(namespaces.CCPJSH.ActivityTypeShape, SH["in"])
    from rdflib.collection import Collection

    assert set(Collection(shapes, listed)) == subclasses


def test_organisation_kinds_are_the_subclasses_of_organisation(ontology: Graph) -> None:
    assert set(ORGANISATION_KINDS.values()) == set(
        ontology.subjects(RDFS.subClassOf, CCPJ.Organisation)
    )


def test_annotation_keys_are_ontology_keys() -> None:
    # The development annotation (tests/data/dev-001.jsonl) uses the same activity types and
    # organisation kinds as the ontology's ccpj:key values ("other" kind = plain Organisation).
    lines = (ROOT / "tests" / "data" / "dev-001.jsonl").read_text(encoding="utf-8").splitlines()
    types, kinds = set(), set()
    for line in lines:
        for activity in json.loads(line)["activities"]:
            types.add(activity["type"])
            kinds.update(p["kind"] for p in activity["partners"])
    assert types <= set(ACTIVITY_TYPES)
    assert kinds - {"other"} <= set(ORGANISATION_KINDS)


def test_instance_iris_follow_the_design() -> None:
    assert str(instance_iri("country", "KEN")) == "https://w3id.org/ccpj/id/country/KEN"
    assert str(instance_iri("mandate", "ecosoc-1992-22", base="https://example.org/kg/")) == (
        "https://example.org/kg/mandate/ecosoc-1992-22"
    )
    with pytest.raises(ValueError, match="unknown instance type"):
        instance_iri("thing", "x")
    with pytest.raises(ValueError, match="not a slug"):
        instance_iri("org", "un women")
    with pytest.raises(ValueError, match="ending with '/'"):
        instance_iri("org", "undp", base="https://example.org/kg")
