"""Every canned query parses, declares what it uses, and binds parameters as RDF terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.query.canned import (
    MARKER,
    get_query,
    load_prefixes,
    load_queries,
    parse_query_file,
    query_text,
    read_query_file,
)
from ccpj_graph.query.terms import XSD, Term

QUERIES = load_queries()
REQUIRED = {
    "partners",
    "countries",
    "standards",
    "activities",
    "mandates",
    "tools",
    "co-delivery",
    "country-profile",
    "timeline",
    "standard-uptake",
}


def _algebra_vars(text: str) -> set[str]:
    return set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", re.sub(r"(?m)#.*$", "", text)))


def test_the_issue_s_queries_all_exist() -> None:
    assert set(QUERIES) >= REQUIRED


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_parses_unbound_and_bound(name: str) -> None:
    query = QUERIES[name]
    prepareQuery(query.bind({}))
    values = {p.name: Term.iri("https://example.org/x") for p in query.parameters}
    for p in query.parameters:
        if p.type == "year":
            values[p.name] = Term.literal("2020", datatype=XSD + "gYear")
    prepareQuery(query.bind(values))


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_declared_columns_are_the_select_in_order(name: str) -> None:
    query = QUERIES[name]
    prepared = prepareQuery(query.text)
    assert tuple(str(v) for v in prepared.algebra["PV"]) == query.columns


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_declared_parameters_are_variables_of_the_query(name: str) -> None:
    query = QUERIES[name]
    used = _algebra_vars(query.text)
    for param in query.parameters:
        assert param.var in used, f"{name}: ?{param.var} is declared but never used"
        # bound through the VALUES row, never projected under the same name
        assert param.var not in query.columns or param.var.endswith("_iri")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_is_complete(name: str) -> None:
    query = QUERIES[name]
    assert query.description and query.columns
    assert query.examples, f"{name}: give an example command"
    for example in query.examples:
        assert example.startswith(f"ccpj query {name}")
        for option in re.findall(r"--([a-z-]+)", example):
            assert option in {p.name for p in query.parameters} | {"format", "explain"}
    if query.parameters:
        assert sum(1 for line in query.text.splitlines() if line.strip() == MARKER) >= 1


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_declared_prefixes_agree_with_the_shared_file(name: str) -> None:
    shared = load_prefixes()
    for prefix, iri in re.findall(r"PREFIX\s+(\w*):\s*<([^>]*)>", QUERIES[name].text):
        assert shared[prefix] == iri


def test_shared_prefixes_are_the_project_s() -> None:
    assert set(load_prefixes()) == {
        "ccpj",
        "ccpjid",
        "prov",
        "org",
        "skos",
        "dcterms",
        "rdfs",
        "rdf",
        "xsd",
        "owl",
    }


def test_bind_writes_one_values_row_with_escaped_terms() -> None:
    query = get_query("partners")
    hostile = Term.literal('x" } ; DROP ALL ; { "', lang=None)
    text = query.bind({"theme": hostile, "year": Term.literal("2020", datatype=XSD + "gYear")})
    values = [line.strip() for line in text.splitlines() if line.strip().startswith("VALUES")]
    markers = sum(1 for line in query.text.splitlines() if line.strip() == MARKER)
    assert values == markers * [
        'VALUES (?theme ?year ?country ?role ?count_by) { ("x\\" } ; DROP ALL ; { \\"" '
        '"2020"^^<http://www.w3.org/2001/XMLSchema#gYear> UNDEF UNDEF UNDEF) }'
    ]
    prepareQuery(text)  # still one well-formed query


def test_bind_writes_the_same_row_at_every_marker(tmp_path: Path) -> None:
    body = (
        "SELECT ?a WHERE {\n  {\n    #@values\n    ?a <http://x/p> ?y\n  } UNION {\n"
        "    #@values\n    ?a <http://x/q> ?y\n  }\n}\n"
    )
    header = "# name: q\n# description: d\n# param: year (year, optional, var y)\n# columns: a\n"
    query = parse_query_file(_write(tmp_path, "q", header, body))
    text = query.bind({"year": Term.literal("2020", datatype=XSD + "gYear")})
    values = [line.strip() for line in text.splitlines() if line.strip().startswith("VALUES")]
    row = 'VALUES (?y) { ("2020"^^<http://www.w3.org/2001/XMLSchema#gYear>) }'
    assert values == [row, row]
    assert MARKER not in text
    prepareQuery(text)


def test_bind_refuses_an_iri_that_would_break_out() -> None:
    with pytest.raises(ValueError, match="not a valid IRI"):
        get_query("partners").bind({"theme": Term.iri("http://x> } DROP ALL {<y")})


def test_bind_rejects_an_unknown_parameter() -> None:
    with pytest.raises(InputError, match="no parameter colour"):
        get_query("partners").bind({"colour": None})


def test_unknown_query_name_suggests() -> None:
    with pytest.raises(InputError, match="did you mean partners"):
        get_query("partner")


def _write(
    tmp_path: Path, name: str, header: str, body: str = "SELECT ?a WHERE { ?a ?b ?c }\n"
) -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_header_continuation_lines_join_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "q", "# name: q\n# description: one\n#  two\n# columns: a\n")
    assert parse_query_file(path).description == "one two"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("# name: q\n# columns: a\n", "exactly one '# description:'"),
        ("# name: other\n# description: d\n# columns: a\n", "equal to the file"),
        (
            "# name: q\n# description: d\n# colour: red\n# columns: a\n",
            r"q.rq:3: unknown header field",
        ),
        (
            "# name: q\n# description: d\n# param: x (colour, optional)\n# columns: a\n",
            "type must be",
        ),
        (
            "# name: q\n# description: d\n"
            "# param: x (year, required, default 2020)\n# columns: a\n",
            "required and has a default",
        ),
        ("# name: q\n# description: d\n# param: x (year, optional)\n# columns: a\n", "#@values"),
        (
            "# name: q\n# description: d\n# param: x (year, sometimes)\n# columns: a\n",
            "cannot read 'sometimes'",
        ),
    ],
)
def test_malformed_headers_name_the_file(tmp_path: Path, header: str, message: str) -> None:
    path = _write(tmp_path, "q", header)
    with pytest.raises(CcpjError, match=message) as err:
        parse_query_file(path)
    assert str(path) in str(err.value)


_WITH_X = "# name: q\n# description: d\n# param: x (year, optional)\n# columns: a\n"


@pytest.mark.parametrize(
    ("example", "message"),
    [
        ("ccpj query q --y 2020", "--y is not a parameter of query q"),
        ("ccpj query other --x 2020", "must start with 'ccpj query q'"),
        ("ccpj query q --x", "--x needs a value"),
        ("ccpj query q --x --x 2020", "--x needs a value"),
        ("ccpj query q --x 2020 --x=2021", "--x is given twice"),
        ("ccpj query q --x 2020 --format csv", "--format is not a parameter"),
        ('ccpj query q --x "2020', "quotation"),
        ("ccpj query q 2020", "2020 is not a parameter"),
    ],
)
def test_a_malformed_example_names_its_line(tmp_path: Path, example: str, message: str) -> None:
    """The examples are the questions the build answers ahead: one that does not ask this
    query's parameters is an error naming the file and line, as any other header field."""
    path = _write(tmp_path, "q", f"{_WITH_X}# example: {example}\n", _VALUES_BODY)
    with pytest.raises(CcpjError, match=re.escape(message)) as err:
        parse_query_file(path)
    assert f"{path}:5: example" in str(err.value)
    assert "\n" not in str(err.value)


def test_examples_are_read_as_the_command_line_reads_them(tmp_path: Path) -> None:
    header = (
        "# name: q\n# description: d\n# param: x (year, optional)\n"
        "# param: who (partner, required)\n# columns: a\n"
        '# example: ccpj query q --who "Penal Reform International" --x=2020\n'
        "# example: ccpj query q --who UNDP\n"
    )
    query = parse_query_file(_write(tmp_path, "q", header, _VALUES_BODY))
    assert query.example_values() == [
        {"who": "Penal Reform International", "x": "2020"},
        {"who": "UNDP"},
    ]
    missing = header.replace("--who UNDP", "--x 2021")
    with pytest.raises(CcpjError, match=r"q\.rq:7: example .* it needs --who"):
        parse_query_file(_write(tmp_path, "q", missing, _VALUES_BODY))


_VALUES_BODY = "SELECT ?a WHERE {\n  #@values\n  ?a ?b ?c\n}\n"


_SEEDED = (
    "SELECT ?a WHERE {\n  {\n    {\n      #@values\n      FILTER(BOUND(?t))\n    }\n"
    "    #@below ?n <http://x/broader>* ?t\n    ?a <http://x/theme> ?n .\n  } UNION {\n"
    "    #@values\n    FILTER(!BOUND(?t))\n    ?a <http://x/theme> ?n .\n  }\n}\n"
)
_SEEDED_HEADER = (
    "# name: q\n# description: d\n# param: theme (theme, optional, var t)\n# columns: a\n"
)


def test_a_below_line_lists_the_terms_given_or_keeps_its_path(tmp_path: Path) -> None:
    query = parse_query_file(_write(tmp_path, "q", _SEEDED_HEADER, _SEEDED))
    (seed,) = query.below
    assert (seed.out, seed.path, seed.var) == ("n", "<http://x/broader>*", "t")
    theme = Term.iri("http://x/crime")
    narrower = (Term.iri("http://x/crime"), Term.iri("http://x/fraud"))
    listed = query.bind({"theme": theme}, {"n": narrower})
    assert "    VALUES ?n { <http://x/crime> <http://x/fraud> }\n" in listed
    # without the terms, the path itself: the same rows, slower
    assert "    ?n <http://x/broader>* ?t .\n" in query.bind({"theme": theme})
    # the parameter left open: the branch holds nothing
    assert "    VALUES ?n { }\n" in query.bind({})
    for text in (listed, query.bind({"theme": theme}), query.bind({}), query.gated_text):
        prepareQuery(text)
    assert "#@below" not in query.gated_text and "?n <http://x/broader>* ?t ." in query.gated_text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("#@below ?n <http://x/broader>*", "expected '#@below"),
        ("#@below ?n <http://x/b> } DROP ALL { ?t", "expected '#@below"),
        ("#@below ?n <http://x/broader>* ?other", "?other is not a parameter"),
    ],
)
def test_a_malformed_below_line_names_its_line(tmp_path: Path, line: str, message: str) -> None:
    body = _SEEDED.replace("#@below ?n <http://x/broader>* ?t", line)
    path = _write(tmp_path, "q", _SEEDED_HEADER, body)
    with pytest.raises(CcpjError, match=re.escape(message)) as caught:
        parse_query_file(path)
    assert f"{path}:11:" in str(caught.value)


@pytest.mark.parametrize(
    ("lines", "reads"),
    [("", "asserted"), ("# reads: asserted\n", "asserted"), ("# reads: all\n", "all")],
)
def test_reads_says_whether_a_query_sees_the_inferred_triples(
    tmp_path: Path, lines: str, reads: str
) -> None:
    path = _write(tmp_path, "q", "# name: q\n# description: d\n# columns: a\n" + lines)
    query = parse_query_file(path)
    assert query.reads == reads and query.with_inferred == (reads == "all")


@pytest.mark.parametrize("lines", ["# reads: inferred\n", "# reads: all\n# reads: all\n"])
def test_a_bad_reads_line_names_its_line(tmp_path: Path, lines: str) -> None:
    path = _write(tmp_path, "q", "# name: q\n# description: d\n# columns: a\n" + lines)
    with pytest.raises(CcpjError, match=r"q\.rq:[45]: '# reads:' is one of asserted, all"):
        parse_query_file(path)


def test_a_query_file_with_a_byte_order_mark_reads_as_without(tmp_path: Path) -> None:
    """Saved with a UTF-8 BOM, a canned query's first header line was not read as one."""
    original = QUERIES["partners"]
    copy = tmp_path / "partners.rq"
    copy.write_bytes(b"\xef\xbb\xbf" + original.path.read_bytes())
    again = parse_query_file(copy)
    assert (again.name, again.parameters, again.columns, again.text) == (
        original.name,
        original.parameters,
        original.columns,
        original.text,
    )
    assert read_query_file(copy) == original.path.read_text(encoding="utf-8")


def test_the_query_reader_keeps_a_later_mark_and_names_bad_bytes() -> None:
    assert query_text("\ufeffASK {}\n# \ufeff".encode(), "q.rq") == "ASK {}\n# \ufeff"
    with pytest.raises(InputError, match=r"^q\.rq:2: not UTF-8 text$"):
        query_text(b"ASK {}\n# caf\xe9\n", "q.rq")
    with pytest.raises(CcpjError, match=r"^q\.rq:1: not UTF-8 text$") as caught:
        query_text(b"\xff", "q.rq", error=CcpjError)
    assert type(caught.value) is CcpjError
