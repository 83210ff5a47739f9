"""docs/queries.md is what ``python -m ccpj_graph.cli.query_docs --write`` renders from the
committed graph, and the rendering runs each example as ``ccpj query`` would.

The store is built from the committed graph (``data/graph/*.ttl`` with the ontology, reference
data and manifest, as ``ccpj build`` loads them) without reasoning: the canned queries give the
same rows with and without the inferred triples (``test_query_answers.py`` checks it on the
fixture; on the committed graph every example, and every query run without parameters, gave
identical rows from a store with the 10,115 inferred triples of ``reason()`` and one without),
and reasoning would add some 14 s to this file.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ccpj_graph.build.merged import graph_files
from ccpj_graph.cli import query_docs as docs
from ccpj_graph.cli.query import query as query_group
from ccpj_graph.errors import CcpjError
from ccpj_graph.query.canned import CannedQuery, load_queries, parse_query_file
from ccpj_graph.query.results import SelectResult
from ccpj_graph.query.run import run_canned
from ccpj_graph.query.store import build_store
from ccpj_graph.query.terms import Term

pytestmark = pytest.mark.slow

PAGE = Path(__file__).resolve().parents[2] / "docs" / "queries.md"
QUERIES = load_queries()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A query store of the committed graph (tests must not change it)."""
    path = tmp_path_factory.mktemp("docs") / "store"
    build_store(graph_files(), None, path)
    return path


@pytest.fixture(scope="module")
def page(store: Path) -> str:
    return docs.render_query_docs(store)


def test_committed_page_is_current(page: str) -> None:
    committed = PAGE.read_text(encoding="utf-8")
    assert page == committed, f"docs/queries.md is out of date: run {docs.REGENERATE}"


def test_rendering_is_deterministic(page: str, tmp_path: Path) -> None:
    again = tmp_path / "store"
    build_store(graph_files(), None, again)
    assert docs.render_query_docs(again).encode() == page.encode()


def test_page_documents_every_query_header(page: str) -> None:
    sections = page.split("\n## ")[1:]
    assert [s.split("`")[1] for s in sections] == sorted(QUERIES)
    for section, query in zip(sections, (QUERIES[n] for n in sorted(QUERIES)), strict=True):
        assert query.description in section
        assert f"- columns: {', '.join(query.columns)}" in section
        for p in query.parameters:
            assert f"- `--{p.name}` ({p.type}, " in section
        assert f"$ {query.examples[0]}\n" in section


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_examples_pass_what_the_command_line_passes(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The values parsed from an example are those ``ccpj query`` hands to run_canned."""
    query = QUERIES[name]
    seen: list[dict[str, Any]] = []

    def fake_run(q: CannedQuery, values: dict[str, Any], **_: Any) -> tuple[str, SelectResult]:
        seen.append(dict(values))
        return "", SelectResult(q.columns, ())

    monkeypatch.setattr("ccpj_graph.query.run.run_canned", fake_run)
    for example in query.examples:
        args = shlex.split(example)[2:]  # after "ccpj query"
        result = CliRunner().invoke(query_group, args)
        assert result.exit_code == 0, result.output
    expected = [docs.example_values(query, example) for example in query.examples]
    assert seen == expected
    # the header's own reading of its examples (the questions the build answers ahead)
    assert query.example_values() == expected


def test_example_values_keep_quoted_words_and_accept_equals() -> None:
    countries = QUERIES["countries"]
    example = 'ccpj query countries --standard "Nelson Mandela Rules" --year=2020'
    assert docs.example_values(countries, example) == {
        "standard": "Nelson Mandela Rules",
        "year": "2020",
    }


def test_shown_commands_are_what_a_user_asks_once_each_in_order() -> None:
    """The README's commands as the tests and benchmarks ask them: parsed by each query's own
    command (quoted words, ``--opt=value``), output options left out, a repeat counted once;
    a command of no canned query or one its command rejects is an error."""
    text = textwrap.dedent(
        """\
        ```sh
        ccpj query partners --theme prison --year 2020 --format csv -o partners.csv
        ccpj query countries --standard "Nelson Mandela Rules" --year=2020   # a comment
        ccpj query partners --year 2020 --theme prison --limit 5
        ```
        | `ccpj query countries --explain` | in prose, `ccpj query timeline --count statements` |
        """
    )
    assert docs.shown_commands(text, QUERIES) == [
        ("partners", {"theme": "prison", "year": "2020"}),
        ("countries", {"standard": "Nelson Mandela Rules", "year": "2020"}),
        ("countries", {}),
        ("timeline", {"count": "statements"}),
    ]
    with pytest.raises(CcpjError, match="no canned query 'partnrs'"):
        docs.shown_commands("ccpj query partnrs --year 2020", QUERIES)
    with pytest.raises(CcpjError, match="No such option"):
        docs.shown_commands("ccpj query countries --contry KEN", QUERIES)


@pytest.mark.parametrize(
    ("name", "example", "says"),
    [
        ("countries", "ccpj query countries --contry KEN", "No such option"),
        ("countries", "ccpj query partners --theme prison", "must start with"),
        ("countries", "ccpj query countries --year 2020 --format csv", "leave out fmt"),
        ("countries", "ccpj query countries --limit 3", "leave out limit"),
        ("country-profile", "ccpj query country-profile", "Missing option"),
        ("countries", 'ccpj query countries --standard "Nelson', "quotation"),
        ("countries", "ccpj query countries --help", "not ask for help"),
    ],
)
def test_a_bad_example_is_an_error_naming_its_file(name: str, example: str, says: str) -> None:
    query = QUERIES[name]
    with pytest.raises(CcpjError) as caught:
        docs.example_values(query, example)
    message = str(caught.value)
    assert str(query.path) in message
    assert says in message
    assert "\n" not in message


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_only_the_iri_columns_are_left_out(name: str, store: Path) -> None:
    query = QUERIES[name]
    values = docs.example_values(query, query.examples[0])
    _, result = run_canned(query, values, store=store, limit=None)
    assert result.rows, f"the example of {name} finds nothing"
    kept = docs.shown_columns(result.columns)
    for index, column in enumerate(result.columns):
        cells = [row[index] for row in result.rows if row[index] is not None]
        all_iris = bool(cells) and all(t == Term.iri(t.value) for t in cells)
        assert (index not in kept) == all_iris, column
    shown = docs.example_output(query, query.examples[0], store=store)
    header = shown.splitlines()[0].split()
    assert header == [result.columns[i] for i in kept]


def test_long_tables_are_cut_with_a_count(store: Path) -> None:
    query = QUERIES["co-delivery"]
    example = query.examples[0]
    _, result = run_canned(query, docs.example_values(query, example), store=store, limit=None)
    total = len(result.rows)
    assert total > 3
    lines = docs.example_output(query, example, store=store, shown_rows=3).splitlines()
    assert len(lines) == 2 + 3 + 1  # header, rule, three rows, the count
    assert lines[-1] == f"... ({total} rows in all)"
    whole = docs.example_output(query, example, store=store, shown_rows=total).splitlines()
    assert len(whole) == 2 + total
    # the same first rows (column widths follow the rows shown, so compare the cells)
    assert [w.split("  ")[0] for w in whole[2:5]] == [w.split("  ")[0] for w in lines[2:5]]


def _query_file(tmp_path: Path, name: str, body: str) -> CannedQuery:
    path = tmp_path / f"{name}.rq"
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return parse_query_file(path)


def test_empty_answers_missing_examples_and_backticks(store: Path, tmp_path: Path) -> None:
    nothing = _query_file(
        tmp_path,
        "nothing",
        """
        # name: nothing
        # description: Activities of a year before the United Nations.
        # param: year (year, optional) A year.
        # columns: quote, iri
        # example: ccpj query nothing --year 1900
        PREFIX ccpj: <https://w3id.org/ccpj/ontology#>
        SELECT ?quote ?iri WHERE {
          #@values
          ?iri ccpj:year ?year ; ccpj:quote ?quote .
        }
        """,
    )
    ticks = _query_file(
        tmp_path,
        "ticks",
        """
        # name: ticks
        # description: A cell holding a Markdown code fence.
        # columns: cell
        # example: ccpj query ticks
        SELECT ?cell WHERE { BIND("```sparql" AS ?cell) }
        """,
    )
    silent = _query_file(
        tmp_path,
        "silent",
        """
        # name: silent
        # description: A query without an example.
        # columns: cell
        SELECT ?cell WHERE { BIND("x" AS ?cell) }
        """,
    )
    text = docs.render_query_docs(store, queries={q.name: q for q in (ticks, silent, nothing)})
    assert text.index("## `nothing`") < text.index("## `silent`") < text.index("## `ticks`")
    assert "```\n$ ccpj query nothing --year 1900\nno results\n```\n" in text
    assert "````\n$ ccpj query ticks\ncell\n---------\n```sparql\n````\n" in text
    silent_section = text.split("## `silent`")[1].split("## `ticks`")[0]
    assert "$ " not in silent_section
    assert silent_section.rstrip().endswith("- columns: cell")


def test_intro_states_the_commands_own_defaults(page: str) -> None:
    from ccpj_graph.cli.query import canned_command

    options = {p.name: p for p in canned_command(QUERIES["timeline"]).params}
    assert f"`--limit` (default {options['limit'].default})" in page
    assert f"`--timeout` (default {options['timeout'].default:g} s)" in page
    assert f"`--format {'|'.join(options['fmt'].type.choices)}`" in page


def test_check_write_and_print(
    store: Path, page: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "queries.md"
    # one row count made wrong (the counts follow the extraction, so read the first one)
    rows = int(re.search(r"\((\d+) rows in all\)", page).group(1))  # type: ignore[union-attr]
    wrong = f"({rows - 1} rows in all)"
    target.write_text(page.replace(f"({rows} rows in all)", wrong, 1), encoding="utf-8")
    flags = ["--store", str(store), "--page", str(target)]

    assert docs.main(["--check", *flags]) == 1
    err = capsys.readouterr().err
    assert docs.REGENERATE in err
    assert f"-... {wrong}" in err
    assert f"+... ({rows} rows in all)" in err

    assert docs.main(["--write", *flags]) == 0
    assert target.read_text(encoding="utf-8") == page
    assert docs.main(["--check", *flags]) == 0
    assert "is current" in capsys.readouterr().out

    assert docs.main(flags) == 0
    assert capsys.readouterr().out == page


def test_a_missing_store_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "queries.md"
    code = docs.main(["--write", "--store", str(tmp_path / "none"), "--page", str(target)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "run ccpj build" in err
    assert not target.exists()
