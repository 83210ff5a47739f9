"""Canned answers grow with the corpus, not faster.

A query whose rows multiply across reports (every citation of a mandate paired with every
other, every partner of a year with every other year's) looks fine on five reports and
returns its row limit, slowly, on a hundred. Asked on the bundled corpus and on the same
corpus twice (every report copied under a new key, as next years' reports would add work
about the same standards, partners and places), every command the README shows and every
query bare may at most double its rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from ccpj_graph.build.merged import graph_files
from ccpj_graph.cli.query_docs import command_values, shown_commands
from ccpj_graph.namespaces import CCPJ
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.run import run_canned
from ccpj_graph.query.store import build_store
from ccpj_graph.rdfio import read_graph
from scale_support import scaled

README = Path(__file__).resolve().parents[2] / "README.md"

pytestmark = pytest.mark.slow

#: Rows a query may add beyond twice its rows (a grouped total, a header-like summary row).
SLACK = 2


def _cases() -> list[tuple[str, dict[str, str]]]:
    """The README's commands, then each query with only its required parameters (from its
    first example) and, where it counts, counted by statement."""
    found = shown_commands(README.read_text(encoding="utf-8"))
    for name, query in sorted(load_queries().items()):
        example = command_values(query, query.examples[0]) if query.examples else {}
        bare = {p.name: example[p.name] for p in query.parameters if p.required}
        for case in (bare, {**bare, "count": "statements"}):
            if "count" in case and not any(p.name == "count" for p in query.parameters):
                continue
            if (name, case) not in found:
                found.append((name, case))
    return found


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The committed graph's store and its two-copy store (asserted triples only: the canned
    answers need no more)."""
    folder = tmp_path_factory.mktemp("growth")
    graph = read_graph(*graph_files())  # the ontology holds the activity types
    paths = []
    for copies in (1, 2):
        # each in its own folder: a store is stale when its files' folder gains a file
        (folder / f"{copies}x").mkdir()
        data = folder / f"{copies}x" / "corpus.ttl"  # N-Triples, which is Turtle
        bigger: Graph = scaled(graph, copies)
        bigger.serialize(data, format="nt", encoding="utf-8")
        build_store([data], None, folder / f"{copies}x" / "store")
        paths.append(folder / f"{copies}x" / "store")
    return paths[0], paths[1]


def test_the_copy_doubles_the_work() -> None:
    graph = read_graph(*graph_files(ontology=False))
    bigger = scaled(graph, 2)
    for kind in (CCPJ.Paragraph, CCPJ.Report, CCPJ.Partnership, CCPJ.SameWorkLink):
        once = set(graph.subjects(RDF.type, kind, unique=True))
        assert once and len(set(bigger.subjects(RDF.type, kind, unique=True))) == 2 * len(once)
    activities = set(graph.subjects(CCPJ.statedIn, None, unique=True))
    assert len(set(bigger.subjects(CCPJ.statedIn, None, unique=True))) == 2 * len(activities)


@pytest.mark.parametrize(
    ("name", "values"), _cases(), ids=lambda v: v if isinstance(v, str) else str(v)
)
def test_rows_at_most_double_when_the_corpus_doubles(
    stores: tuple[Path, Path], name: str, values: dict[str, str]
) -> None:
    query = load_queries()[name]
    counts = []
    for store in stores:
        _, found = run_canned(query, values, store=store, limit=None, fresh=True)
        assert found is not None
        counts.append(len(found.rows))
    once, twice = counts
    assert twice <= 2 * once + SLACK, f"{name} {values}: {once} rows, then {twice}"
    assert twice >= once, f"{name} {values}: a bigger corpus lost rows ({once} -> {twice})"
