"""``ccpj queries``, ``ccpj query NAME`` and ``ccpj sparql`` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ccpj_graph.cli.common import CcpjGroup
from ccpj_graph.cli.query import queries, query, sparql
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.store import build_store

DATA = Path(__file__).resolve().parent.parent / "data" / "query"


@click.group(cls=CcpjGroup, context_settings={"help_option_names": ["-h", "--help"]})
def ccpj() -> None:
    """The query verbs as the main CLI wires them."""


ccpj.add_command(queries)
ccpj.add_command(query)
ccpj.add_command(sparql)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    build_store([DATA / "graph.ttl"], DATA / "inferred.ttl", path)
    return path


def run(store: Path | None, *args: str, stdin: str | None = None):
    env = {"CCPJ_STORE": str(store)} if store else {}
    return CliRunner().invoke(ccpj, list(args), input=stdin, env=env, catch_exceptions=False)


def test_queries_lists_every_query_with_parameters() -> None:
    result = run(None, "queries")
    assert result.exit_code == 0
    for name, q in load_queries().items():
        assert f"\n{name}\n" in f"\n{result.output}"
        for p in q.parameters:
            assert f"--{p.name} ({p.type}," in result.output
    data = json.loads(run(None, "queries", "--json").output)
    assert [d["name"] for d in data] == list(load_queries())


def test_queries_values_lists_what_a_parameter_accepts(store: Path) -> None:
    result = run(store, "queries", "--values", "theme")
    assert result.exit_code == 0
    assert (
        "prison (Prison reform)\thttps://w3id.org/ccpj/id/theme/prison"
        in result.output.splitlines()
    )


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_each_query_has_help_with_its_options(name: str) -> None:
    result = run(None, "query", name, "--help")
    assert result.exit_code == 0
    for p in load_queries()[name].parameters:
        assert f"--{p.name}" in result.output
    assert "--explain" in result.output and "Example:" in result.output


def test_flagship_as_csv(store: Path) -> None:
    result = run(
        store, "query", "partners", "--theme", "prison", "--year", "2020", "--format", "csv"
    )
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["partner"], r["activities"]) for r in rows] == [
        ("National Council of Justice (Brazil)", "2"),
        ("United Nations Development Programme", "2"),
        ("Southern African Development Community", "1"),
        ("Thailand Institute of Justice", "1"),
    ]
    assert rows[1]["iri"] == "https://w3id.org/ccpj/id/org/undp"


def test_explain_prints_the_bound_query(store: Path) -> None:
    result = run(store, "query", "partners", "--theme", "prison", "--explain")
    assert result.exit_code == 0
    assert (
        "VALUES (?theme ?year ?country ?role ?count_by) { (<https://w3id.org/ccpj/id/theme/prison>"
        ' UNDEF UNDEF <https://w3id.org/ccpj/id/role/co-deliverer> "work") }'
    ) in result.output
    assert result.output.startswith("# name: partners")


def test_output_file_format_from_suffix(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "countries.json"
    result = run(store, "query", "countries", "--region", "Central Asia", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert [r["iso3"] for r in json.loads(out.read_text())] == ["KGZ", "UZB"]


def test_table_is_the_terminal_default_and_csv_when_piped(store: Path) -> None:
    piped = run(store, "query", "timeline", "--theme", "children")
    assert piped.stdout.splitlines()[0] == "theme,year,activities,iri"


def test_empty_answer_says_so_and_exits_zero(store: Path) -> None:
    result = run(store, "query", "tools", "--year", "2021", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == "tool,year,report,paragraph,iri\n"
    assert "no results" in result.stderr


def test_unknown_value_is_one_line_with_suggestion(store: Path) -> None:
    result = run(store, "query", "countries", "--partner", "UNPD")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --partner: unknown partner 'UNPD'; did you mean UNDP (United Nations"
        " Development Programme), UNODC (United Nations Office on Drugs and Crime)?\n"
    )


def test_unknown_query_suggests(store: Path) -> None:
    result = run(store, "query", "partner")
    assert result.exit_code == 2
    assert result.stderr == "error: no canned query 'partner'; did you mean partners?\n"


def test_missing_store_says_run_build(tmp_path: Path) -> None:
    result = run(tmp_path / "none", "query", "partners")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no query store at ")
    assert result.stderr.endswith("; run ccpj build\n")
    assert "Traceback" not in result.output


def test_required_parameter(store: Path) -> None:
    result = run(store, "query", "country-profile")
    assert result.exit_code == 2
    assert "Missing option '--country'" in result.stderr


def test_limit_cuts_and_says_so(store: Path) -> None:
    result = run(store, "query", "activities", "--limit", "2", "--format", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3
    assert "showing the first 2 rows" in result.stderr


def test_sparql_argument_file_and_stdin(store: Path, tmp_path: Path) -> None:
    text = (
        "SELECT ?code WHERE { ?c ccpj:iso3 ?code ;"
        " ccpj:locatedIn+ ccpjid:region\\/central-asia } ORDER BY ?code"
    )
    by_arg = run(store, "sparql", text, "--format", "csv")
    assert by_arg.exit_code == 0 and by_arg.stdout == "code\nKGZ\nUZB\n"
    query_file = tmp_path / "q.rq"
    query_file.write_text(text, encoding="utf-8")
    assert run(store, "sparql", "-f", str(query_file), "--format", "csv").stdout == by_arg.stdout
    assert run(store, "sparql", "--format", "csv", stdin=text).stdout == by_arg.stdout


def test_a_query_with_a_byte_order_mark_runs_as_without(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query saved with a UTF-8 BOM was a syntax error 'near \\ufeffASK' from a file, on
    stdin and as an argument; the one query reader skips it."""
    monkeypatch.chdir(tmp_path)
    text = "SELECT ?code WHERE { ?c ccpj:iso3 ?code FILTER(?code = 'KEN') }"
    expected = run(store, "sparql", text, "--format", "csv")
    assert expected.exit_code == 0 and expected.stdout == "code\nKEN\n"
    Path("bom.rq").write_bytes(b"\xef\xbb\xbf" + text.encode())
    for result in (
        run(store, "sparql", "-f", "bom.rq", "--format", "csv"),
        run(store, "sparql", "--format", "csv", stdin="\ufeff" + text),
        run(store, "sparql", "\ufeff" + text, "--format", "csv"),
    ):
        assert (result.exit_code, result.stdout) == (0, expected.stdout), result.output


def test_sparql_ask_and_construct(store: Path) -> None:
    ask = run(
        store, "sparql", "ASK { ?a ccpj:beneficiary ccpjid:country\\/KEN }", "--format", "json"
    )
    assert ask.stdout == "true\n"
    graph = run(
        store,
        "sparql",
        "CONSTRUCT { ?c ccpj:iso3 ?i } WHERE { ?c ccpj:iso3 ?i FILTER(?i = 'KEN') }",
    )
    assert graph.exit_code == 0
    assert "@prefix ccpj: <https://w3id.org/ccpj/ontology#>" in graph.stdout
    assert '"KEN"' in graph.stdout


def test_sparql_sees_inferred_triples_and_their_graph(store: Path) -> None:
    # KEN is located in Africa only by inference
    text = "ASK { ccpjid:country\\/KEN ccpj:locatedIn ccpjid:region\\/africa }"
    assert run(store, "sparql", text, "--format", "json").stdout == "true\n"
    named = (
        "SELECT (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/ccpj/graph/inferred>"
        " WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    assert run(store, "sparql", named, "--format", "csv").stdout == "n\n67\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("LOAD <file:///etc/passwd>", "error: LOAD refused: ccpj sparql is read-only"),
        (
            "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
            "error: FROM <file:///etc/passwd> refused",
        ),
        (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "error: SERVICE <http://127.0.0.1:9/> refused",
        ),
        ("SELECT ?s\nWHERE { ?s ?p }", "error: SPARQL syntax error at line 2, column"),
    ],
)
def test_sparql_refusals_and_syntax_errors_are_one_line(
    store: Path, text: str, message: str
) -> None:
    result = run(store, "sparql", text)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    # the option that allows it is named where the user can pass it
    network = "SERVICE" in text or "FROM" in text
    assert result.stderr.endswith("(pass --allow-network to allow it)\n") == network


@pytest.mark.parametrize("name", ["question.rq", "q.sparql", "an-existing-file"])
def test_a_file_name_given_as_the_query_points_to_f(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "an-existing-file").write_text("ASK {}", encoding="utf-8")
    result = run(store, "sparql", name)
    assert result.exit_code == 2 and result.stdout == ""
    expected = f"error: TEXT {name!r} is a file name, not a query: ccpj sparql -f {name}\n"
    assert result.stderr == expected


def test_sparql_needs_a_query(store: Path) -> None:
    result = run(store, "sparql", "ASK {}", "-f", __file__)
    assert result.exit_code == 2 and "not both" in result.stderr


@pytest.mark.slow
def test_sparql_timeout(store: Path) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = run(store, "sparql", runaway, "--timeout", "0.5")
    assert result.exit_code == 1
    assert (
        result.stderr == "error: the query ran longer than 0.5 s and was stopped (see --timeout)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", ""], "error: --year: empty value; give a year, or leave the option out"),
        (["--theme", ""], "error: --theme: empty value; give a theme"),
        (["--country", "   "], "error: --country: empty value; give a country"),
        (["--count", ""], "error: --count: empty value; give a count, or leave the option out"),
        (["--role", ""], "error: --role: empty value; give a role, or leave the option out for"),
        (["--year", "２０２０"], "error: --year: expected a year such as 2020, got '２０２０'"),
        (["--year", "٢٠٢٠"], "error: --year: expected a year such as 2020, got '٢٠٢٠'"),
    ],
)
def test_an_empty_value_or_another_scripts_year_is_refused(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    """Each answered for every value (``--role ""`` for every role), or "no results" for
    a year in other digits, exit 0."""
    monkeypatch.chdir(tmp_path)
    result = run(store, "query", "partners", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_sparql_text_that_is_not_utf8_is_named(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytes that are not UTF-8 in the TEXT argument or on stdin failed in the worker
    ("UnicodeEncodeError ... surrogates not allowed", exit 1); -f said it in one line."""
    monkeypatch.chdir(tmp_path)
    query = b'ASK {\n FILTER("\xff" = "a") }'
    (tmp_path / "q.rq").write_bytes(query)
    by_file = run(store, "sparql", "-f", "q.rq")
    assert (by_file.exit_code, by_file.stderr) == (2, "error: q.rq:2: not UTF-8 text\n")
    env = {"CCPJ_STORE": str(store)}
    piped = CliRunner().invoke(ccpj, ["sparql"], input=query, env=env, catch_exceptions=False)
    assert (piped.exit_code, piped.stderr) == (2, "error: stdin:2: not UTF-8 text\n")
    # the argument as the shell passes it: bytes, which Python decodes with surrogateescape
    shell = subprocess.run(
        [sys.executable, "-m", "ccpj_graph", "sparql", query],
        capture_output=True,
        env={**os.environ, **env},
        check=False,
        timeout=120,
    )
    assert (shell.returncode, shell.stderr, shell.stdout) == (
        2,
        b"error: TEXT:2: not UTF-8 text\n",
        b"",
    )
    fine = run(store, "sparql", "--format", "json", stdin='ASK { FILTER("é" = "é") }')
    assert (fine.exit_code, fine.stdout) == (0, "true\n")
