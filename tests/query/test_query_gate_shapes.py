"""User SHACL shapes carry SPARQL that pySHACL runs through rdflib: the gate checks it first.

Issue 12 item 2: a shape whose ``sh:SPARQLTarget`` held a SERVICE made rdflib POST to that
address and ``ccpj validate`` exit 0; a SERVICE in an ``sh:select`` constraint ended in an
``AssertionError`` traceback. A socket listens on 127.0.0.1 and must receive no connection;
the command must exit 2 with one line naming the shape.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph.cli import cli
from ccpj_graph.rdfio import read_shapes
from ccpj_graph.validate import gate_shapes

DATA = """@prefix ex: <https://example.org/> .
ex:a a ex:Thing ; ex:name "a" .
"""
HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:prefixes owl:imports sh: ;
    sh:declare [ sh:prefix "ex" ;
        sh:namespace "https://example.org/"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
"""
TARGET = (
    HEAD
    + """ex:Shape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:prefixes ;
        sh:select \"\"\"SELECT ?this WHERE {
            SERVICE <http://127.0.0.1:{port}/sparql> { ?this ?p ?o } }\"\"\" ] ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .
"""
)
CONSTRAINT = (
    HEAD
    + """ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes ; sh:message "m" ;
        sh:select \"\"\"SELECT $this WHERE {
            SERVICE <http://127.0.0.1:{port}/s> { $this ?p ?o } }\"\"\" ] .
"""
)
HIDDEN = (  # the SERVICE hidden from rdflib's reading by an escape: the gate sees what runs
    HEAD
    + """ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes ; sh:message "m" ;
        sh:select \"\"\"SELECT $this WHERE { $this ?p ?o . # \\\\u000A
        SERVICE <http://127.0.0.1:{port}/s> { $this ?p ?o } }\"\"\" ] .
"""
)
GOOD = (
    HEAD
    + """ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes ; sh:message "no name" ;
        sh:select \"\"\"SELECT $this WHERE {
            $this a ex:Thing FILTER NOT EXISTS { $this ex:label ?l } }\"\"\" ] .
"""
)


@pytest.fixture
def listener() -> Iterator[list[int]]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.1)
    seen = [int(sock.getsockname()[1]), 0]  # port, connections
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            seen[1] += 1
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield seen
    stop.set()
    thread.join()
    sock.close()


def _validate(tmp_path: Path, shapes: str, port: int):
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    shape_file = tmp_path / "shapes.ttl"
    shape_file.write_text(shapes.replace("{port}", str(port)), encoding="utf-8")
    args = ["validate", "--no-ontology", "--shapes", str(shape_file), str(data)]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


@pytest.mark.parametrize("shapes", [TARGET, CONSTRAINT, HIDDEN], ids=["target", "select", "hidden"])
def test_shapes_whose_sparql_the_gate_refuses_are_refused_before_pyshacl(
    tmp_path: Path, listener: list[int], shapes: str
) -> None:
    result = _validate(tmp_path, shapes, listener[0])
    assert result.exit_code == 2, result.output
    assert "error: --shapes: the sh:select of" in result.output
    assert "refused" in result.output
    assert "Traceback" not in result.output
    assert listener[1] == 0


def test_shapes_with_harmless_sparql_still_validate(tmp_path: Path, listener: list[int]) -> None:
    result = _validate(tmp_path, GOOD, listener[0])
    assert result.exit_code == 1, result.output  # ex:a has no ex:label: one violation
    assert "no name" in result.output


def test_the_project_s_own_shapes_pass_the_gate() -> None:
    shapes = read_shapes()
    assert len(gate_shapes(shapes)) == len(shapes)
