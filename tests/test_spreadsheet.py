"""CSV/TSV formula neutralisation (OWASP "CSV Injection"), over every writer of the project.

Regression of issue 12: ``query``, ``sparql``, ``export activities``, the facet matrix, the
review's candidates and the Gephi CSV wrote a label beginning with ``=``, ``+``, ``-`` or ``@``
unchanged, which a spreadsheet runs as a formula (``=HYPERLINK(...)``). Hypothesis generates
cell text; whatever the writer, a cell read back never starts a formula, and dropping the added
quote gives the text back.
"""

from __future__ import annotations

import copy
import csv
import io

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from ccpj_graph.api import Matrix
from ccpj_graph.export.activities import FIELDS, write_activities
from ccpj_graph.export.gephi_csv import write_gephi_csv
from ccpj_graph.export.gexf import clean_text
from ccpj_graph.export.matrix import write_matrix
from ccpj_graph.network import annotate, build_network
from ccpj_graph.query.results import SelectResult, render
from ccpj_graph.query.terms import Term
from ccpj_graph.review.collect import Candidate, ParagraphReview, ReportReview
from ccpj_graph.review.render import render_review
from ccpj_graph.spreadsheet import FORMULA_STARTS, csv_text, safe_cell, tsv_text
from network_support import fixture_source

#: Text biased towards what spreadsheets run: a formula start, then anything.
cell = st.one_of(
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from([*FORMULA_STARTS, "'", " ", "=HYPERLINK(", "@SUM(", "-2+3"]),
        st.text(max_size=20),
    ),
    st.text(max_size=20),
)
NETWORK = annotate(build_network("partners", fixture_source()))


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and not text.lower().lstrip("+-").startswith(("n", "i"))


def assert_safe(written: str, original: str) -> None:
    """``written`` is what a spreadsheet reads for ``original``: never a formula."""
    if written.startswith(FORMULA_STARTS):
        assert is_number(written), written
        assert written == original
    elif written != original:
        assert written == "'" + original
        assert original.startswith(FORMULA_STARTS)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@given(st.text(max_size=30))
def test_safe_cell_adds_one_quote_only_to_formulas(text: str) -> None:
    assert_safe(safe_cell(text), text)


def test_examples() -> None:
    assert safe_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("+1-2") == "'+1-2"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("-12.5") == "-12.5"
    assert safe_cell("UNODC") == "UNODC"


@settings(max_examples=60)
@given(st.lists(st.lists(cell, min_size=2, max_size=2), max_size=4), cell)
def test_csv_and_tsv_helpers(rows: list[list[str]], column: str) -> None:
    header = [column, "b"]
    read = read_csv(csv_text(header, rows))
    for got_row, row in zip(read, [header, *rows], strict=True):
        for got, original in zip(got_row, row, strict=True):
            assert_safe(got, original)
    for line, row in zip(tsv_text(header, rows).split("\n"), [header, *rows], strict=False):
        for got, original in zip(line.split("\t"), row, strict=True):
            assert_safe(got, " ".join(original.split()))


@settings(max_examples=60)
@given(st.lists(cell, min_size=1, max_size=5))
def test_query_results_csv_and_tsv(values: list[str]) -> None:
    result = SelectResult(
        columns=("label", "iri"),
        rows=tuple((Term.literal(v), Term.iri("https://example.org/x")) for v in values),
    )
    rows = read_csv(render(result, "csv"))[1:]
    for row, value in zip(rows, values, strict=True):
        assert_safe(row[0], value)
    lines = render(result, "tsv").splitlines()[1:]
    for line, value in zip(lines, values, strict=True):
        assert_safe(line.split("\t")[0], " ".join(value.split()))


@settings(max_examples=40)
@given(cell, cell, cell)
def test_export_activities_csv(quote: str, partner: str, theme: str) -> None:
    record = dict.fromkeys(FIELDS, "")
    record.update(
        id="001-1-1",
        year=2020,
        themes=[theme],
        countries=[],
        regions=[],
        mandates=[],
        tools=[],
        partners=[{"name": partner, "role": "funder"}],
        standards=[{"label": "Bangkok Rules"}],
        quote=quote,
    )
    [row] = read_csv(write_activities([record], fmt="csv"))[1:]
    cells = dict(zip(FIELDS, row, strict=True))
    assert_safe(cells["quote"], quote)
    assert_safe(cells["themes"], theme)
    assert_safe(cells["partners"], f"{partner}|funder")


@settings(max_examples=30, deadline=None)
@given(cell, cell)
def test_gephi_csv_tables(label: str, relation: str) -> None:
    graph: nx.Graph = copy.deepcopy(NETWORK)
    node = sorted(graph)[0]
    graph.nodes[node]["label"] = label
    source, target = sorted(graph.edges())[0]
    graph.edges[source, target]["relations"] = [relation]
    tables = write_gephi_csv(graph)
    nodes = {row[0]: row for row in read_csv(tables.nodes)[1:]}
    assert_safe(nodes[node][1], clean_text(label))  # characters XML cannot hold are dropped
    edges = read_csv(tables.edges)[1:]
    assert_safe(edges[0][4], clean_text(relation))


@settings(max_examples=40)
@given(cell, cell, st.sampled_from(["csv", "tsv"]))
def test_facet_matrix_csv_and_tsv(row_label: str, column_label: str, fmt: str) -> None:
    matrix = Matrix(
        row_facet="organisation",
        column_facet="theme",
        rows=(("r", row_label),),
        columns=(("c", column_label),),
        counts={("r", "c"): 3},
    )
    text = write_matrix(matrix, fmt=fmt)
    if fmt == "csv":
        header, row = read_csv(text)
        assert_safe(header[1], column_label)
        assert_safe(row[0], row_label)
        assert row[1] == "3"
    else:
        header_line, row_line = text.splitlines()
        assert_safe(header_line.split("\t")[1], " ".join(column_label.split()))
        assert_safe(row_line.split("\t")[0], " ".join(row_label.split()))


@settings(max_examples=40)
@given(cell, cell)
def test_review_candidates_csv(text: str, why: str) -> None:
    candidate = Candidate(start=0, end=len(text), kind="organisation", text=text, why=why)
    paragraph = ParagraphReview(
        number="17", section="IV", text=text, spans=(), evidence=(), candidates=(candidate,)
    )
    review = ReportReview(report="001", title="t", paragraphs=(paragraph,))
    [row] = read_csv(render_review(review, fmt="csv"))[1:]
    assert_safe(row[3], text)
    assert_safe(row[6], why)
