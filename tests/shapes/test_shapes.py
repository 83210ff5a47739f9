"""Shape tests as data: every case in cases/ gives exactly the results it expects.

See README.md here. The shapes themselves are also checked against the W3C SHACL meta-shapes
(shacl-shacl, as shipped by pySHACL), and every constraint of every shape must be exercised
by at least one case.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ccpj_graph.namespaces import SHAPES_NS
from ccpj_graph.rdfio import read_graph, read_ontology, read_shapes
from ccpj_graph.validate import Engine, ValidationReport, validate

HERE = Path(__file__).parent
CASES = sorted((HERE / "cases").glob("*.ttl"))

# Constraint parameter -> the component pySHACL reports for it.
COMPONENTS = {
    "minCount": "MinCount",
    "maxCount": "MaxCount",
    "datatype": "Datatype",
    "class": "Class",
    "pattern": "Pattern",
    "in": "In",
    "nodeKind": "NodeKind",
    "uniqueLang": "UniqueLang",
    "languageIn": "LanguageIn",
    "qualifiedMinCount": "QualifiedMinCount",
    "qualifiedMaxCount": "QualifiedMaxCount",
    "lessThan": "LessThan",
    "lessThanOrEquals": "LessThanOrEquals",
    "equals": "Equals",
    "disjoint": "Disjoint",
    "minLength": "MinLength",
    "maxLength": "MaxLength",
    "minInclusive": "MinInclusive",
    "maxInclusive": "MaxInclusive",
    "hasValue": "HasValue",
    "node": "Node",
    "not": "Not",
    "and": "And",
    "or": "Or",
    "xone": "Xone",
    "closed": "Closed",
    "sparql": "SPARQL",
}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)

Key = tuple[Node, Node, Node, Node]  # focus, source shape, component, severity


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return read_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return read_ontology()


@pytest.fixture(scope="module")
def base() -> Graph:
    return read_graph(HERE / "base.ttl")


def split_case(path: Path) -> tuple[Graph, set[Key]]:
    """The case's data (without the expectations) and its expected result keys."""
    graph = read_graph(path)
    expected: set[Key] = set()
    for node in list(graph.subjects(RDF.type, SH.ValidationResult)):
        values = [
            graph.value(node, p)
            for p in (
                SH.focusNode,
                SH.sourceShape,
                SH.sourceConstraintComponent,
                SH.resultSeverity,
            )
        ]
        assert all(v is not None for v in values), f"{path.name}: incomplete expectation"
        expected.add(tuple(values))  # type: ignore[arg-type]
        graph.remove((node, None, None))
    return graph, expected


def actual_keys(
    data: Graph, shapes: Graph, ontology: Graph, engine: Engine = "pyshacl"
) -> set[Key]:
    return result_keys(validate(data, shapes=shapes, ontology=ontology, engine=engine))


def result_keys(report: ValidationReport) -> set[Key]:
    keys = set()
    for result in report.results:
        focus, _path, _value, shape, component = result.terms
        assert shape is not None, f"result from a blank-node shape: {result}"
        keys.add((focus, shape, component, SH[result.severity]))
    return keys


def describe(keys: set[Key]) -> str:
    def short(node: Node | None) -> str:
        text = str(node)
        for prefix in (SHAPES_NS, str(SH), "https://w3id.org/ccpj/id/"):
            text = text.removeprefix(prefix)
        return text

    return "\n".join(sorted("  " + " | ".join(short(n) for n in key) for key in keys)) or "  -"


def test_base_graph_gives_no_result(base: Graph, shapes: Graph, ontology: Graph) -> None:
    assert actual_keys(base, shapes, ontology) == set()


@pytest.mark.slow  # about 0.5 s per case with pySHACL, which compiles the shapes every run
@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_gives_exactly_the_expected_results_on_both_engines(
    case: Path, base: Graph, shapes: Graph, ontology: Graph
) -> None:
    """Each engine gives exactly the results the case expects, and the fast engine gives
    pySHACL's whole report (messages with their placeholders filled, values, paths): each
    engine runs once per case."""
    data, expected = split_case(case)
    assert expected, f"{case.name} expects no result: a case must make a shape fail"
    reports = {
        engine: validate(data + base, shapes=shapes, ontology=ontology, engine=engine)
        for engine in ("pyshacl", "fast")
    }
    for engine, report in reports.items():
        actual = result_keys(report)
        assert actual == expected, (
            f"{case.name} ({engine})\nmissing:\n{describe(expected - actual)}\n"
            f"unexpected:\n{describe(actual - expected)}"
        )
    assert reports["fast"].to_record() == reports["pyshacl"].to_record()


def declared_constraints(shapes: Graph) -> set[tuple[Node, Node]]:
    """(shape, component) for every constraint of a targeted shape or of its property shapes."""
    targeted = {s for t in TARGETS for s in shapes.subjects(t, None)}
    reachable = targeted | {p for s in targeted for p in shapes.objects(s, SH.property)}
    pairs: set[tuple[Node, Node]] = set()
    for shape in reachable:
        for parameter, component in COMPONENTS.items():
            if (shape, SH[parameter], None) in shapes:
                pairs.add((shape, SH[f"{component}ConstraintComponent"]))
    return pairs


def test_every_constraint_has_a_failing_case(shapes: Graph) -> None:
    exercised = set()
    for case in CASES:
        _, expected = split_case(case)
        exercised |= {(shape, component) for _focus, shape, component, _sev in expected}
    missing = declared_constraints(shapes) - exercised
    assert not missing, "constraints no case makes fail:\n" + "\n".join(
        sorted(f"  {s} {c}" for s, c in missing)
    )


def test_every_reachable_shape_is_named(shapes: Graph) -> None:
    # Results name their source shape; a blank-node shape would be anonymous in reports.
    anonymous = {s for s, _ in declared_constraints(shapes) if isinstance(s, BNode)}
    assert not anonymous


def test_case_files_only_name_declared_shapes(shapes: Graph) -> None:
    declared = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    for case in CASES:
        _, expected = split_case(case)
        unknown = {shape for _f, shape, _c, _s in expected if shape not in declared}
        assert not unknown, f"{case.name} names undeclared shapes {unknown}"


def test_shapes_conform_to_the_shacl_meta_shapes(shapes: Graph) -> None:
    meta = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle")
    conforms, _graph, text = pyshacl.validate(shapes, shacl_graph=meta)
    assert conforms, text


def test_meta_shapes_catch_a_malformed_shape(shapes: Graph) -> None:
    # The meta-shape check above is worth something only if it can fail.
    broken = Graph()
    for triple in shapes:
        broken.add(triple)
    broken.add((URIRef(SHAPES_NS + "Activity-year"), SH.minCount, URIRef(SHAPES_NS + "x")))
    meta = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle")
    conforms, _graph, _text = pyshacl.validate(broken, shacl_graph=meta)
    assert not conforms
