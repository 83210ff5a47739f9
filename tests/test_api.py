"""The Python API (ccpj_graph.open) on the committed graph: the same answers, parameter
handling and errors as the CLI, behind the same gate."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import ccpj_graph
from ccpj_graph.api import FACETS, KnowledgeGraph
from ccpj_graph.build.merged import graph_files
from ccpj_graph.cli import cli
from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.limits import MAX_SECONDS
from ccpj_graph.query.safety import QueryRefused
from ccpj_graph.query.store import build_store

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A query store of the committed graph (asserted triples; canned answers need no more)."""
    folder = tmp_path_factory.mktemp("api")
    # Copies: the store checks its files are unchanged, and a build may rewrite data/graph.
    copies = []
    for number, source in enumerate(graph_files()):
        copy = folder / f"{number:03d}-{source.name}"
        shutil.copyfile(source, copy)
        copies.append(copy)
    path = folder / "store"
    build_store(copies, None, path)
    return path


@pytest.fixture(scope="module")
def kg(store: Path) -> KnowledgeGraph:
    return ccpj_graph.open(store)


def _cli_json(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_open_names_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(CcpjError, match="ccpj build"):
        ccpj_graph.open(tmp_path / "nowhere")


def test_flagship_rows_equal_the_cli(kg: KnowledgeGraph, store: Path) -> None:
    rows = kg.query("partners", theme="prison", year=2020)
    cli_rows = _cli_json(
        "query", "partners", "--theme", "prison", "--year", "2020", "--store", str(store)
    )
    assert rows == cli_rows
    assert rows, "the 2020 reports name co-deliverers of prison work"
    assert set(rows[0]) == {"partner", "acronym", "kind", "activities", "iri"}
    assert all(isinstance(r["activities"], int) for r in rows)


def test_parameters_follow_the_cli(kg: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match="no parameter 'colour'"):
        kg.query("partners", colour="red")
    with pytest.raises(InputError, match=r"no canned query 'partner'.*partners"):
        kg.query("partner")
    required = [
        (name, p["name"]) for name in kg.queries() for p in kg.parameters(name) if p["required"]
    ]
    assert required, "some canned query has a required parameter"
    name, param = required[0]
    with pytest.raises(InputError, match=f"needs the parameter '{param}'"):
        kg.query(name)
    with pytest.raises(InputError, match="theme"):
        kg.query("partners", theme="no-such-theme")


def test_underscores_name_hyphenated_parameters(kg: KnowledgeGraph) -> None:
    assert "SELECT" in kg.explain("partners", theme="prison", year=2020)
    assert kg.query("activities", country="KEN", type="training") == _cli_json(
        "query",
        "activities",
        "--country",
        "KEN",
        "--type",
        "training",
        "--store",
        str(kg.store),
    )


def test_sparql_is_behind_the_gate(kg: KnowledgeGraph) -> None:
    count = kg.sparql("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a ccpj:statedIn ?p }")
    assert isinstance(count, list) and count[0]["n"] > 100
    assert kg.sparql("ASK { ?a ccpj:beneficiary ccpjid:country\\/KEN }") is True
    with pytest.raises(QueryRefused):
        kg.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(CcpjError):
        kg.sparql("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


@pytest.mark.slow
def test_matrix_cells_count_distinct_work(kg: KnowledgeGraph) -> None:
    matrix = kg.matrix("country", "standard", theme="prison")
    assert matrix.rows and matrix.columns
    (row_key, _), (column_key, _) = matrix.rows[0], matrix.columns[0]
    direct = kg.sparql(
        f"""SELECT (COUNT(DISTINCT ?work) AS ?n) (COUNT(DISTINCT ?a) AS ?statements) WHERE {{
          ?a ccpj:statedIn ?p ; ccpj:beneficiary ?c ;
             ccpj:appliesStandard ccpjid:standard\\/{column_key} ;
             ccpj:theme ccpjid:theme\\/prison .
          ?c ccpj:iso3 "{row_key}"
          OPTIONAL {{ ?a ccpj:sameWorkRepresentative ?r }}
          BIND(COALESCE(?r, ?a) AS ?work) }}"""
    )
    assert isinstance(direct, list)
    assert matrix.get(row_key, column_key) == direct[0]["n"] > 0
    statements = kg.matrix("country", "standard", theme="prison", count="statements")
    assert statements.get(row_key, column_key) == direct[0]["statements"]
    totals = [sum(matrix.get(r, c) for c, _ in matrix.columns) for r, _ in matrix.rows]
    assert totals == sorted(totals, reverse=True)
    unfiltered = kg.matrix("country", "standard")
    assert unfiltered.get(row_key, column_key) >= matrix.get(row_key, column_key)


@pytest.mark.slow
def test_matrix_counts_work_once_across_overlapping_reports(kg: KnowledgeGraph) -> None:
    """Two overlapping reports stating the same work make one unit of work, two statements."""
    work = kg.matrix("year", "report")
    statements = kg.matrix("year", "report", count="statements")
    assert sum(work.counts.values()) <= sum(statements.counts.values())
    linked = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ccpj:sameWorkRepresentative ?r }")
    assert isinstance(linked, list)
    by_year_work = kg.matrix("year", "type")
    by_year_statements = kg.matrix("year", "type", count="statements")
    assert linked[0]["n"] > 0, "the committed graph links work stated by 000 and 002"
    assert sum(by_year_work.counts.values()) < sum(by_year_statements.counts.values())
    with pytest.raises(InputError, match="count"):
        kg.matrix("year", "type", count="rows")


def test_matrix_refuses_unknown_facets(kg: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match="unknown facet 'colour'"):
        kg.matrix("country", "colour")
    with pytest.raises(InputError, match="unknown facet"):
        kg.matrix("country", "year", partner="UNDP")


def test_facets_cover_every_activity(kg: KnowledgeGraph) -> None:
    rows = kg.facets()
    assert {r["facet"] for r in rows} <= set(FACETS)
    activities = {r["activity"] for r in rows}
    with_year = {r["activity"] for r in rows if r["facet"] == "year"}
    with_report = {r["activity"] for r in rows if r["facet"] == "report"}
    assert with_report == activities
    assert len(with_year) >= 0.95 * len(activities)


def test_facets_are_kept_per_build_of_the_store(tmp_path: Path) -> None:
    """facets() answers from memory while the store is the same build, gives every caller its
    own rows, and asks again once the store is rebuilt from other files."""
    query_graph = Path(__file__).resolve().parent / "data" / "query" / "graph.ttl"
    data = tmp_path / "graph.ttl"
    shutil.copyfile(query_graph, data)
    store = tmp_path / "store"
    build_store([data], None, store)
    kg = ccpj_graph.open(store)
    first = kg.facets()
    years = {r["activity"]: r["key"] for r in first if r["facet"] == "year"}
    activity = sorted(years)[0]
    first[0]["key"] = "edited by the caller"
    assert kg.facets() == ccpj_graph.open(store).facets() != first
    assert "edited by the caller" not in {r["key"] for r in kg.facets()}

    # a rebuild from a changed file: the new year shows, the old answer is not reused
    with data.open("a", encoding="utf-8") as handle:
        handle.write(
            f'<{activity}> <https://w3id.org/ccpj/ontology#year> "1901"^^'
            "<http://www.w3.org/2001/XMLSchema#gYear> .\n"
        )
    build_store([data], None, store)
    again = {(r["activity"], r["key"]) for r in kg.facets() if r["facet"] == "year"}
    assert (activity, "1901") in again
    assert (activity, years[activity]) in again


def test_frames_have_the_query_columns(kg: KnowledgeGraph) -> None:
    frame = kg.frame("partners", theme="prison", year=2020)
    assert list(frame.columns) == ["partner", "acronym", "kind", "activities", "iri"]
    assert len(frame) == len(kg.query("partners", theme="prison", year=2020))
    wide = kg.matrix("year", "theme").frame()
    assert wide.index.name == "year" and "Prison and penal reform" in wide.columns
    counted = kg.sparql_frame("SELECT ?a WHERE { ?a ccpj:statedIn ?p } LIMIT 3")
    assert list(counted.columns) == ["a"] and len(counted) == 3


def test_frames_without_pandas_say_what_to_install(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(InputError, match=r"ccpj-graph\[pandas\]"):
        kg.frame("partners")


def test_cli_matrix_export(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    args = ["export", "matrix", "--rows", "country", "--columns", "standard"]
    result = CliRunner().invoke(
        cli, [*args, "--where", "theme=prison", "--store", str(store), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    header, first, *_ = out.read_text(encoding="utf-8").splitlines()
    assert header.startswith("country,") and "Nelson Mandela Rules" in header
    assert re.fullmatch(r"[^,]+(,\d+)+", first)
    bad = CliRunner().invoke(cli, [*args, "--where", "theme", "--store", str(store)])
    assert bad.exit_code != 0 and "FACET=VALUE" in bad.output


def test_readme_notebook_example_runs(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python example, run as written against the store."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "README shows a Python example"
    monkeypatch.setenv("CCPJ_STORE", str(store))
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


@settings(max_examples=80, deadline=None)
@given(
    timeout=st.one_of(
        st.none(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**9), max_value=10**9),
        st.text(max_size=8),
        st.booleans(),
    ),
    limit=st.one_of(
        st.none(), st.integers(min_value=-(10**6), max_value=10**6), st.floats(), st.booleans()
    ),
)
def test_limits_are_checked_as_the_cli_checks_them(
    store: Path, timeout: object, limit: object
) -> None:
    """Any ``timeout`` and ``limit`` a notebook passes: taken when ``--timeout`` and
    ``--limit`` would take them, else one InputError naming the parameter (a negative, NaN or
    infinite timeout was taken, and every call then stopped at once or overflowed)."""
    try:
        kg = ccpj_graph.open(store, timeout=timeout, limit=limit)  # type: ignore[arg-type]
    except InputError as err:
        assert str(err).split(":")[0] in ("timeout", "limit"), err
        return
    if kg.timeout is not None:
        assert 0 <= kg.timeout <= MAX_SECONDS
    assert kg.limit is None or (type(kg.limit) is int and kg.limit >= 0)


@pytest.mark.parametrize("text", [123, b"SELECT * WHERE { ?s ?p ?o }", None])
def test_a_query_that_is_not_text_is_named(kg: KnowledgeGraph, text: object) -> None:
    """Bytes or None from a notebook: one InputError before the worker, which failed on it
    with its own TypeError ("the query worker failed: ...")."""
    with pytest.raises(InputError, match=r"^the query must be text \(str\), not "):
        kg.sparql(text)  # type: ignore[arg-type]


# --- argument types, empty values and unknown filters: one InputError each --------------------

#: Values of the wrong type a notebook may pass where text is wanted.
NOT_TEXT = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.binary(max_size=4),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=2), st.text(max_size=2), max_size=1),
)


@settings(max_examples=60, deadline=None)
@given(value=NOT_TEXT)
def test_every_method_checks_its_argument_types(kg: KnowledgeGraph, value: object) -> None:
    """``kg.query(None)`` and ``kg.query(5)`` raised a bare TypeError while ``kg.sparql(5)``
    gave the one-line InputError: each public method names the argument it cannot take."""
    odd: Any = value
    calls = [
        ("the query name", lambda: kg.query(odd)),
        ("the query name", lambda: kg.explain(odd)),
        ("the query name", lambda: kg.parameters(odd)),
        ("the query name", lambda: kg.frame(odd)),
        ("the query name", lambda: kg.query_result(odd, {})),
        ("the parameter type", lambda: kg.values(odd)),
        ("the parameter type", lambda: kg.candidates(odd)),
        ("the query", lambda: kg.sparql(odd)),
        ("the query", lambda: kg.sparql_result(odd)),
        ("the query", lambda: kg.sparql_frame(odd)),
        ("a facet", lambda: kg.matrix(odd, "year")),
        ("a facet", lambda: kg.matrix("year", odd)),
        ("count", lambda: kg.matrix("year", "theme", count=odd)),
    ]
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        # a year may be a number; None is "not given"; a filter may be a list of values
        calls.append(("parameter 'year'", lambda: kg.query("partners", year=odd)))
        if not isinstance(value, list):
            calls.append(("filter 'year'", lambda: kg.matrix("year", "theme", year=odd)))
    if not isinstance(value, dict):
        calls.append(("params", lambda: kg.query_result("partners", odd)))
    if not isinstance(value, bool):
        calls.append(("allow_network", lambda: kg.sparql("ASK {}", allow_network=odd)))
        calls.append(("fresh", lambda: KnowledgeGraph(kg.store, fresh=odd)))
    if value is not None:
        calls.append(("store", lambda: ccpj_graph.open(odd)))
    for what, call in calls:
        with pytest.raises(InputError) as err:
            call()
        assert str(err.value).startswith(f"{what} must be "), (what, err.value)
        assert str(err.value).endswith(f", not {type(value).__name__}")


def test_an_empty_parameter_is_refused_and_none_is_not_given(kg: KnowledgeGraph) -> None:
    # errors name the parameter as the caller wrote it, not as the command line does
    with pytest.raises(InputError, match=r"^theme: empty value; give a theme"):
        kg.query("partners", theme="")
    with pytest.raises(InputError, match=r"^role: empty value; .*default \(co-deliverer\)"):
        kg.query("partners", role=" ")
    with pytest.raises(InputError, match=r"^year: expected a year such as 2020, got '20x0'$"):
        kg.query("partners", year="20x0")
    with pytest.raises(InputError, match=r"^country: unknown country 'Narnia'"):
        kg.explain("activities", country="Narnia")
    assert kg.query("partners", theme=None, year=2020) == kg.query("partners", year=2020)


def test_an_unknown_matrix_filter_is_refused_like_a_chart_filter(kg: KnowledgeGraph) -> None:
    """``matrix(..., theme="zzz")`` gave an empty matrix: the filters resolve as a chart's
    (the facets' keys and labels, with the nearest suggested)."""
    with pytest.raises(InputError, match=r"^--where theme=prisn: no activity has this theme; "):
        kg.matrix("country", "standard", theme="prisn")
    for where in ({"year": "abc"}, {"country": "zzz"}, {"theme": "prison=x"}, {"theme": []}):
        with pytest.raises(InputError, match=rf"^--where {next(iter(where))}"):
            kg.matrix("year", "theme", **where)
    with pytest.raises(InputError, match=r"^--where theme: empty value"):
        kg.matrix("year", "theme", theme=" ")
    assert kg.matrix("year", "theme", theme=["prison", "GENDER"]).rows


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_matrix_filter_selects_something_or_is_refused(
    kg: KnowledgeGraph, data: st.DataObject
) -> None:
    """Any value of any facet: either it names a value activities have (the matrix has a
    row), or one InputError names the filter; never an empty matrix without a word."""
    facet = data.draw(st.sampled_from(FACETS))
    known = sorted(
        {str(r[k]) for r in kg.facets() if r["facet"] == facet for k in ("key", "label")}
    )
    value = data.draw(st.one_of(st.sampled_from(known), st.text(max_size=6)))
    try:
        matrix = kg.matrix(facet, "report", **{facet: value})
    except InputError as err:
        assert str(err).startswith(f"--where {facet}"), err
        assert value.casefold() not in {k.casefold() for k in known}
        return
    assert matrix.rows, (facet, value)


def test_cli_matrix_refuses_an_unknown_filter(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["export", "matrix", "--rows", "year", "--columns", "theme", "--store", str(store)]
    for where, message in [
        ("theme=prisn", "error: --where theme=prisn: no activity has this theme; did you mean"),
        ("year=abc", "error: --where year=abc: no activity has this year"),
        ("theme=prison=x", "error: --where theme=prison=x: no activity has this theme"),
        ("theme= ", "error: --where theme: empty value"),
    ]:
        result = CliRunner().invoke(cli, [*args, "--where", where])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
        assert result.stdout == ""
