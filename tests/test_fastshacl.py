"""The fast SHACL engine (rudof + Oxigraph): what it refuses, how it fails, and that a process
forked from one that ran it neither hangs nor loses its validation.

That it gives pySHACL's report is tested on every shape case (tests/shapes) and on every part
of the corpus, bundled and with planted problems (tests/build/test_parts.py).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from ccpj_graph import fastshacl
from ccpj_graph.errors import InputError
from ccpj_graph.rdfio import read_shapes
from ccpj_graph.validate import fast_engine, validate, validate_ntriples

SHAPE = URIRef("https://w3id.org/ccpj/shapes#Extra")


@pytest.mark.parametrize(
    ("term", "reason"),
    [
        ("rule", "sh:rule"),
        ("ask", "sh:ask"),
        ("expression", "sh:expression"),
        ("jsFunctionName", "SHACL-JS"),
    ],
)
def test_unsupported_features_are_named(term: str, reason: str) -> None:
    shapes = read_shapes()
    assert fastshacl.unsupported(shapes) is None  # the project's shapes run fast
    shapes.add((SHAPE, URIRef(str(SH) + term), Literal("x")))
    assert reason in str(fastshacl.unsupported(shapes))
    assert fast_engine(shapes) is None  # auto falls back to pySHACL
    with pytest.raises(InputError, match="the fast SHACL engine does not run"):
        fast_engine(shapes, required=True)


def test_a_sparql_constraint_on_a_property_shape_is_unsupported() -> None:
    shapes = read_shapes()
    constraint = URIRef("https://w3id.org/ccpj/shapes#extra-constraint")
    shapes.add((SHAPE, SH.path, URIRef("https://w3id.org/ccpj/ontology#quote")))
    shapes.add((SHAPE, SH.sparql, constraint))
    shapes.add((constraint, SH.select, Literal("SELECT $this WHERE { }")))
    assert fastshacl.unsupported(shapes) == "sh:sparql on a property shape"


def test_caller_shapes_go_to_pyshacl_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the fast engine ran on a caller's shapes")

    monkeypatch.setattr(fastshacl.FastShapes, "validate", refuse)
    assert validate(Graph(), shapes=read_shapes(), ontology=False).conforms


def test_an_engine_failure_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyrudof

    def fail(self: object, data: bytes, focus: object) -> None:
        raise pyrudof.DataError("bad\n data at line 3")

    monkeypatch.setattr(fastshacl.FastShapes, "_validate", fail)
    with pytest.raises(
        InputError,
        match=r"^the fast SHACL engine could not validate this "
        r"data: bad data at line 3$",
    ):
        validate_ntriples(b"<urn:a> <urn:b> <urn:c> .\n")


CERTIFICATES = ("SSL_CERT_FILE", "SSL_CERT_DIR")


@pytest.mark.parametrize("callers", [None, "/etc/ssl/the-callers-bundle.pem"])
def test_rudof_reads_without_the_certificate_store_and_gives_the_variables_back(
    monkeypatch: pytest.MonkeyPatch, callers: str | None
) -> None:
    """rudof builds an HTTPS client on every read, loading the platform's certificates (75 ms a
    call); it never fetches here, so it reads with none, and the caller's setting (which
    Python's ssl also reads) is the same after."""
    import os

    from ccpj_graph.validate import project_shapes

    engine = fast_engine(project_shapes(), required=True)
    rudof = engine._validator()
    seen: list[tuple[str | None, ...]] = []

    class Watched:
        def __getattr__(self, name: str) -> object:
            method = getattr(rudof, name)
            if name not in ("read_data", "validate_shacl"):
                return method

            def watched(*args: object, **kwargs: object) -> object:
                seen.append(tuple(os.environ.get(v) for v in CERTIFICATES))
                return method(*args, **kwargs)

            return watched

    for variable in CERTIFICATES:
        if callers is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, callers)
    monkeypatch.setattr(engine, "_rudof", Watched())
    report = validate_ntriples(b"<urn:a> <urn:b> <urn:c> .\n")
    assert report.conforms
    assert seen == [(os.devnull, os.devnull)] * 2
    assert [os.environ.get(v) for v in CERTIFICATES] == [callers, callers]


def test_threads_validating_at_once_get_their_own_reports_and_the_variables_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The engine is shared by a process's threads (a notebook's, a server's): each report is
    the one its own data gives, and the caller's certificate setting is the same after."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setenv("SSL_CERT_FILE", "/etc/ssl/the-callers-bundle.pem")
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    graphs = [  # one to four activities, each with what the shapes find missing
        "".join(
            f"<https://w3id.org/ccpj/id/activity/t{n}> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<https://w3id.org/ccpj/ontology#Activity> .\n"
            for n in range(size)
        ).encode()
        for size in (1, 2, 3, 4)
    ]
    alone = [validate_ntriples(g).to_record() for g in graphs]
    assert len({len(r["results"]) for r in alone}) == 4  # four different reports
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda g: validate_ntriples(g).to_record(), graphs * 4))
    assert together == alone * 4
    assert os.environ.get("SSL_CERT_FILE") == "/etc/ssl/the-callers-bundle.pem"
    assert "SSL_CERT_DIR" not in os.environ


FORKED = textwrap.dedent(
    """
    import os, sys
    from ccpj_graph import fastshacl
    from ccpj_graph.build.parts.validation import _validate_part
    from ccpj_graph.build.parts.workers import pool
    from ccpj_graph.resources import shape_files
    from ccpj_graph.validate import fast_engine, project_shapes, validate_ntriples

    data = open(sys.argv[1], "rb").read()
    here = validate_ntriples(data).to_record()
    assert fastshacl.initialised_here()
    # workers for the build's parts: from a fork server now, and they validate alike
    with pool() as workers:
        assert workers._mp_context.get_start_method() == "forkserver"
        files = tuple(str(path) for path in shape_files())
        assert workers.submit(_validate_part, (data, None, files)).result() == here
    pid = os.fork()
    if pid == 0:  # a plain fork: no rudof here (it would hang), pySHACL instead
        ok = fast_engine(project_shapes()) is None and validate_ntriples(data).to_record() == here
        os._exit(0 if ok else 3)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, status
    print("ok")
    """
)


def test_a_process_that_ran_the_engine_forks_safely(tmp_path: object) -> None:
    from pathlib import Path

    data = Path(str(tmp_path)) / "data.nt"
    activity = "<https://w3id.org/ccpj/id/activity/x>"
    data.write_text(
        f"{activity} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/ccpj/ontology#Training> .\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", FORKED, str(data)],
        capture_output=True,
        text=True,
        timeout=300,  # a hang (rudof called in a fork) fails here instead of blocking the run
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
