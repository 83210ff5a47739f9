"""``validate`` and ``ccpj validate``: grouped, readable reports and the 0/1/2 exit contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ccpj_graph.cli import cli as ccpj_cli
from ccpj_graph.errors import InputError
from ccpj_graph.namespaces import CCPJ
from ccpj_graph.rdfio import parse_data, read_graph
from ccpj_graph.validate import project_files, validate, validate_files

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "shapes" / "base.ttl"
ACTIVITY = URIRef("https://w3id.org/ccpj/id/activity/t1-3-1")
OTHER = URIRef("https://w3id.org/ccpj/id/activity/t1-3-2")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


@pytest.fixture(scope="module")
def base() -> Graph:
    return read_graph(BASE)


@pytest.fixture(scope="module")
def broken(base: Graph) -> Graph:
    """The base graph with two violations on one activity and a warning on another."""
    graph = Graph()
    for triple in base:
        graph.add(triple)
    graph.set((ACTIVITY, CCPJ.year, Literal("20x1", datatype=XSD_GYEAR)))
    graph.set((ACTIVITY, CCPJ.quote, Literal("words the paragraph never says")))
    graph.remove((OTHER, CCPJ.extractionRule, None))
    return graph


@pytest.fixture
def cli() -> click.Group:
    return ccpj_cli


def test_a_correct_graph_conforms(base: Graph) -> None:
    report = validate(base)
    assert report.conforms
    assert report.results == ()
    assert report.exit_code() == 0
    assert report.triples > len(base)  # the ontology was mixed in


def test_results_are_grouped_by_severity_then_focus(broken: Graph) -> None:
    report = validate(broken)
    assert not report.conforms
    assert report.counts == {"Violation": 2, "Warning": 1}
    groups = report.grouped()
    assert list(groups) == ["Violation", "Warning"]
    assert list(groups["Violation"]) == ["ccpjid:activity/t1-3-1"]
    assert {r.shape for r in groups["Violation"]["ccpjid:activity/t1-3-1"]} == {
        "ccpjsh:Activity-year",
        "ccpjsh:ActivityQuoteShape",
    }
    assert list(groups["Warning"]) == ["ccpjid:activity/t1-3-2"]


def test_exit_codes(broken: Graph, base: Graph) -> None:
    assert validate(broken).exit_code() == 1
    warnings_only = Graph()
    for triple in base:
        warnings_only.add(triple)
    warnings_only.remove((OTHER, CCPJ.extractionRule, None))
    report = validate(warnings_only)
    assert report.conforms
    assert report.exit_code() == 0
    assert report.exit_code(fail_on="warning") == 1


def test_text_report_uses_prefixed_names_and_shape_messages(broken: Graph) -> None:
    text = validate(broken).to_text()
    lines = text.splitlines()
    assert lines[0] == "Violation (2 on 1 focus nodes)"
    assert "  ccpjid:activity/t1-3-1" in lines
    assert "    - ccpj:year: an activity has at most one ccpj:year, a four-digit xsd:gYear" in lines
    assert any(
        'the quote "words the paragraph never says" does not occur verbatim' in line
        for line in lines
    )
    assert "Warning (1 on 1 focus nodes)" in lines
    assert lines[-1] == "does not conform: 2 violation(s), 1 warning(s), 0 info(s) in " + (
        f"{validate(broken).triples} triples"
    )
    assert "https://w3id.org/ccpj/ontology#" not in text


def test_json_report(broken: Graph) -> None:
    document = json.loads(validate(broken).to_json())
    assert document["conforms"] is False
    assert document["counts"] == {"Violation": 2, "Warning": 1, "Info": 0}
    first = document["results"][0]
    assert set(first) == {"severity", "focus", "path", "value", "message", "shape", "component"}
    assert [r["severity"] for r in document["results"]] == ["Violation", "Violation", "Warning"]


def test_turtle_report_is_a_shacl_report_and_deterministic(broken: Graph) -> None:
    text = validate(broken).to_turtle()
    assert text == validate(broken).to_turtle()
    graph = parse_data(text, source="report.ttl")  # strict parse: valid Turtle
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    results = list(graph.objects(report, SH.result))
    assert len(results) == 3
    focus = {graph.value(r, SH.focusNode) for r in results}
    assert focus == {ACTIVITY, OTHER}
    assert (None, SH.resultPath, CCPJ.year) in graph


def test_caller_shapes_replace_the_project_shapes(base: Graph) -> None:
    shapes = parse_data(
        """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ccpj: <https://w3id.org/ccpj/ontology#> .
        <https://example.org/shapes#NoTrainings> a sh:NodeShape ;
            sh:targetClass ccpj:Training ;
            sh:property [ sh:path ccpj:year ; sh:maxCount 0 ; sh:severity sh:Info ] .
        """,
        source="shapes.ttl",
    )
    report = validate(base, shapes=shapes)
    assert report.counts == {"Info": 1}
    assert report.conforms
    assert report.results[0].shape.startswith("_:")  # an anonymous property shape


def test_malformed_caller_shapes_could_not_run(base: Graph) -> None:
    shapes = parse_data(
        """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <https://example.org/shapes#Bad> a sh:NodeShape ;
            sh:targetClass <https://w3id.org/ccpj/ontology#Training> ;
            sh:property [ sh:path "not a path" ; sh:minCount 1 ] .
        """,
        source="shapes.ttl",
    )
    with pytest.raises(InputError) as caught:
        validate(base, shapes=shapes, meta_shacl=True)
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(
        "the shapes graph: not valid SHACL: the sh:property of <https://example.org/shapes#Bad>: "
    )
    assert str(caught.value).endswith(" (and 1 more problem)")


def test_a_pyshacl_crash_is_reported_not_raised(
    base: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise TypeError("'<=' not supported between instances of 'Literal' and 'Literal'")

    monkeypatch.setattr(pyshacl, "validate", crash)
    with pytest.raises(InputError, match="pySHACL could not validate this data: TypeError"):
        validate(base, engine="pyshacl")


def test_malformed_file_could_not_run(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text(
        BASE.read_text(encoding="utf-8") + "\n<https://w3id.org/ccpj/id/x> a <bad iri> .\n",
        encoding="utf-8",
    )
    line = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(InputError, match=rf"^{path}:{line}:\d+: Invalid IRI code point ' '$"):
        validate_files([path])


def test_project_files_are_the_documented_set() -> None:
    files = project_files()
    names = {p.relative_to(ROOT).as_posix() for p in files}
    assert "ontology/ccpj.ttl" in names
    assert {p.name for p in (ROOT / "data" / "reference").glob("*.ttl")} <= {p.name for p in files}
    assert files == sorted(files, key=lambda p: files.index(p))  # stable order
    assert not any(p.parent.name == "ontology" for p in project_files(ontology=False))


@pytest.mark.slow
def test_project_data_validates_without_violations() -> None:
    # The ontology, the reference data, the manifest and the built graph (where present).
    report = validate_files([])
    violations = [r for r in report.results if r.severity == "Violation"]
    assert violations == [], report.to_text()


# --- the command ---------------------------------------------------------------------------


def test_cli_validate_bad_turtle_exits_2_with_one_line(cli: click.Group, tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix ex: <http://e/> .\nex:a ex:b "x" ;\n  ex:c .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {path}:3:")


def test_cli_validate_missing_file_exits_2(cli: click.Group, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "absent.ttl")])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'absent.ttl'}: no such file\n"


def test_cli_validate_conforming_file_exits_0(cli: click.Group) -> None:
    result = CliRunner().invoke(cli, ["validate", str(BASE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms: 0 violation(s), 0 warning(s), 0 info(s)")


def test_cli_validate_violations_exit_1_in_every_format(
    cli: click.Group, broken: Graph, tmp_path: Path
) -> None:
    path = tmp_path / "broken.nt"
    path.write_text(broken.serialize(format="nt"), encoding="utf-8")
    text = CliRunner().invoke(cli, ["validate", str(path)])
    assert text.exit_code == 1
    assert text.stdout.startswith("Violation (2 on 1 focus nodes)\n")
    as_json = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["counts"]["Violation"] == 2
    assert "does not conform" in as_json.stderr
    out = tmp_path / "report.ttl"
    as_turtle = CliRunner().invoke(
        cli, ["validate", str(path), "--format", "turtle", "-o", str(out)]
    )
    assert as_turtle.exit_code == 1
    assert as_turtle.stdout == ""
    assert (None, RDF.type, SH.ValidationReport) in parse_data(out.read_bytes(), source=str(out))


def test_cli_fail_on_warning(cli: click.Group, base: Graph, tmp_path: Path) -> None:
    graph = Graph()
    for triple in base:
        graph.add(triple)
    graph.remove((OTHER, CCPJ.extractionRule, None))
    path = tmp_path / "warn.nt"
    path.write_text(graph.serialize(format="nt"), encoding="utf-8")
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 0
    assert CliRunner().invoke(cli, ["validate", str(path), "--fail-on", "warning"]).exit_code == 1


def test_cli_custom_shapes(cli: click.Group, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://example.org/s#S> a sh:NodeShape ;\n"
        "  sh:targetClass <https://w3id.org/ccpj/ontology#Country> ;\n"
        "  sh:property [ sh:path <https://w3id.org/ccpj/ontology#iso2> ;"
        ' sh:pattern "^X" ] .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(BASE), "--shapes", str(shapes)])
    assert result.exit_code == 1
    assert "ccpjid:country/KEN" in result.stdout


def test_cli_validate_help_has_an_example(cli: click.Group) -> None:
    result = CliRunner().invoke(cli, ["validate", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "ccpj validate" in result.stdout
    assert "0 conforms, 1 violations, 2 could not run" in result.stdout


def test_ill_typed_year_is_a_violation_not_a_crash(base: Graph) -> None:
    from rdflib.namespace import XSD  # imported here: pytest probes module globals

    graph = Graph()
    for triple in base:
        graph.add(triple)
    graph.set((ACTIVITY, CCPJ.year, Literal("2O21", datatype=XSD.gYear)))
    report = validate(graph)
    assert [(r.shape, r.component) for r in report.results] == [
        ("ccpjsh:Activity-year", "sh:PatternConstraintComponent")
    ]


def test_the_projects_own_shapes_go_through_the_gate(
    cli: click.Group, project_copy: Path, tmp_path: Path
) -> None:
    """shapes/ lives under CCPJ_HOME, which users edit: a SERVICE in a project shape is refused
    before pySHACL runs it, as in a caller's --shapes file."""
    endpoint = "<http://127.0.0.1:9/sparql>"
    shape = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ccpj: <https://w3id.org/ccpj/ontology#> .
<urn:test:Leaky> a sh:NodeShape ;
    sh:targetClass ccpj:Activity ;
    sh:sparql [ sh:select "SELECT $this WHERE {{ SERVICE {endpoint} {{ ?s ?p ?o }} }}" ] .
"""
    (project_copy / "shapes" / "zz-leaky.ttl").write_text(shape, encoding="utf-8")
    data = tmp_path / "one.ttl"
    data.write_text(
        "<https://w3id.org/ccpj/id/activity/x> a <https://w3id.org/ccpj/ontology#Activity> .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(data), "--alone"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: shapes/: the sh:select of ")
    assert "SERVICE <http://127.0.0.1:9/sparql> refused" in result.stderr
    assert result.stderr.count("\n") == 1


# --- caller shapes: one line for shapes that break SHACL, the same report every run ----------

SH_PREFIXES = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
THINGS = "@prefix ex: <http://example.org/> .\nex:a a ex:Thing ; ex:name 'A' .\nex:b a ex:Thing .\n"
BLANK_SHAPE = "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n  sh:property [ sh:path ex:name ; "


def test_shapes_that_break_shacl_are_one_line_naming_the_file(
    cli: click.Group, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pySHACL logged its whole meta-shapes report to stderr, then the error repeated it: 13
    lines for one ``sh:minCount "abc"``."""
    monkeypatch.chdir(tmp_path)
    Path("g.ttl").write_text(THINGS, encoding="utf-8")
    Path("good.ttl").write_text(SH_PREFIXES + BLANK_SHAPE + "sh:minCount 1 ] .\n")
    Path("bad.ttl").write_text(
        SH_PREFIXES + BLANK_SHAPE.replace("S", "T") + 'sh:minCount "abc" ] .\n'
    )
    result = CliRunner().invoke(
        cli, ["validate", "g.ttl", "--alone", "--shapes", "good.ttl", "--shapes", "bad.ttl"]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: bad.ttl: not valid SHACL: the sh:property [sh:path <http://example.org/name>]"
        " of <http://example.org/T>: sh:minCount: Value is not Literal with datatype"
        ' xsd:integer (value "abc")\n'
    )


def test_shapes_that_break_shacl_say_how_many_other_problems(tmp_path: Path) -> None:
    shapes = tmp_path / "worse.ttl"
    shapes.write_text(
        SH_PREFIXES + BLANK_SHAPE + 'sh:minCount "abc" ; sh:maxCount "x" ; sh:pattern 3 ] .\n'
    )
    data = tmp_path / "g.ttl"
    data.write_text(THINGS, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate_files([data], shapes=[shapes], context=False)
    message = str(caught.value)
    assert message.startswith(f"{shapes}: not valid SHACL: the sh:property [sh:path ")
    assert message.endswith(" (and 2 more problems)")


def _validate_in_a_process(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ccpj_graph", "validate", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
        timeout=300,
    )


def test_a_report_naming_blank_node_shapes_is_the_same_in_every_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blank-node shape was named by the parser's random label (``"shape": "_:de1e55..."``
    one run, ``"_:ebf43c..."`` the next), and so was a refused shape's SPARQL; the same input
    now gives the same bytes in every process."""
    monkeypatch.chdir(tmp_path)
    Path("g.ttl").write_text(THINGS, encoding="utf-8")
    Path("norm.ttl").write_text(SH_PREFIXES + BLANK_SHAPE + "sh:minCount 1 ] .\n")
    Path("leak.ttl").write_text(
        SH_PREFIXES
        + "ex:L a sh:NodeShape ; sh:targetClass ex:Thing ; sh:or ( [ sh:path ex:a ] [ sh:sparql"
        + ' [ sh:select "SELECT $this WHERE { SERVICE <http://127.0.0.1:9/> { $this ?p ?o } }" ]'
        + " ] ) .\n"
    )
    outputs = []
    for run in ("one", "two"):
        as_json = _validate_in_a_process(
            tmp_path, "g.ttl", "--alone", "--shapes", "norm.ttl", "--format", "json", "-o", run
        )
        as_text = _validate_in_a_process(tmp_path, "g.ttl", "--alone", "--shapes", "norm.ttl")
        refused = _validate_in_a_process(tmp_path, "g.ttl", "--alone", "--shapes", "leak.ttl")
        assert (as_json.returncode, as_text.returncode, refused.returncode) == (1, 1, 2)
        outputs.append((Path(run).read_bytes(), as_text.stdout, refused.stderr))
    assert outputs[0] == outputs[1]
    report, text, refusal = outputs[0]
    assert b'"shape": "_:' in report and b"(shape _:" in text
    assert refusal.startswith(
        b"error: --shapes: the sh:select of the sh:sparql of item 2 of the sh:or of "
        b"<http://example.org/L>: SERVICE"
    )
