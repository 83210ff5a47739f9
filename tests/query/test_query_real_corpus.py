"""Canned queries on the real corpus: answers the reports state, and both engines agree.

Uses the committed graph (data/graph/*.ttl) when there is one, else builds it from the
bundled sources into a temporary folder. The store is built without reasoning (the queries
give the same rows with and without it: see test_query_answers.py).
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import rdflib

from ccpj_graph import resources
from ccpj_graph.build.merged import graph_files
from ccpj_graph.cli.query_docs import shown_commands
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.params import below_terms, bind_query, candidates
from ccpj_graph.query.reference import load_graph, rdflib_select
from ccpj_graph.query.run import run_canned, run_sparql
from ccpj_graph.query.store import build_store
from reference_cache import ReferenceCache, graph_digest

README = Path(__file__).resolve().parents[2] / "README.md"
#: Every `ccpj query` command README.md shows: what a user copies.
SHOWN = shown_commands(README.read_text(encoding="utf-8"))

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    graph_dir = resources.graph_dir()
    if not sorted(graph_dir.glob("*.ttl")):
        from ccpj_graph.build.pipeline import build

        graph_dir = tmp_path_factory.mktemp("graph")
        build(out_dir=graph_dir)
    return graph_files(graph_dir=graph_dir)


@pytest.fixture(scope="module")
def real_store(real_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("real") / "store"
    build_store(real_files, None, path)
    return path


@pytest.fixture(scope="module")
def real_graph(real_files: list[Path]) -> rdflib.Graph:
    return load_graph(real_files)


@pytest.fixture(scope="module")
def real_digest(real_graph: rdflib.Graph) -> str:
    """The graph's content hash: rdflib's answers over it are kept in the test cache."""
    return graph_digest(real_graph)


def test_mandates_say_only_what_the_graph_states(real_store: Path) -> None:
    """Regression: a cited resolution that adopts nothing was shown as mandating an arbitrary
    standard (an OPTIONAL over an unbound variable). 001 para 49 cites GA 76/182 (reducing
    reoffending), which adopts no standard in the graph."""
    _, found = run_canned(load_queries()["mandates"], {"report": "001"}, store=real_store)
    rows = {(r[0].value, r[4].value if r[4] else None): r[2] for r in found.rows}
    assert rows[("General Assembly resolution 76/182", "49")] is None
    assert rows[("Economic and Social Council resolution 1992/22", None)].value == "report 001"


def test_states_given_legislative_assistance_on_mandela_and_bangkok_rules_in_2020(
    real_store: Path,
) -> None:
    # report 000, paragraph 78: "UNODC provided legislative assistance to Ethiopia, Ghana,
    # Kyrgyzstan, Mauritania and Uzbekistan"
    _, found = run_canned(
        load_queries()["activities"],
        {"type": "legislative-assistance", "standard": "Nelson Mandela Rules", "year": "2020"},
        store=real_store,
    )
    assert [(r[0].value, r[1].value) for r in found.rows] == [("000", "78")]
    activity = found.rows[0][-1].value
    states = run_sparql(
        f"SELECT ?iso3 WHERE {{ <{activity}> ccpj:beneficiary/ccpj:iso3 ?iso3 ;"
        " ccpj:appliesStandard ccpjid:standard\\/bangkok-rules } ORDER BY ?iso3",
        store=real_store,
    )
    assert [r[0].value for r in states.rows] == ["ETH", "GHA", "KGZ", "MRT", "UZB"]


def test_flagship_names_the_partner_of_paragraph_78(real_store: Path) -> None:
    # paragraph 78: "In Southern Africa, UNODC, jointly with Southern African Development
    # Community, developed a strategic action plan"
    _, found = run_canned(
        load_queries()["partners"], {"theme": "prison", "year": "2020"}, store=real_store
    )
    acronyms = [r[1].value for r in found.rows if r[1] is not None]
    assert "SADC" in acronyms
    assert all(int(r[3].value) >= 1 for r in found.rows)


def test_flagship_answers_every_partner_a_reading_finds_and_no_other_work(
    real_store: Path,
) -> None:
    """`ccpj query partners --theme prison --year 2020` against a reading of the 2020 reports
    (tests/data/flagship-2020.toml: each partner with where the text says so), matched as
    `ccpj evaluate` matches names (normalised, or the acronym)."""
    import tomllib

    from ccpj_graph.evaluate import _name_keys

    reading = tomllib.loads((DATA_DIR / "flagship-2020.toml").read_text(encoding="utf-8"))
    _, found = run_canned(
        load_queries()["partners"], {"theme": "prison", "year": "2020"}, store=real_store
    )
    answered = [
        _name_keys(row[0].value, row[1].value if row[1] is not None else None) for row in found.rows
    ]

    def named(entry: dict[str, str]) -> bool:
        keys = _name_keys(entry["name"], entry.get("acronym"))
        return any(keys & answer for answer in answered)

    missing = [e["name"] for e in reading["partner"] if not named(e)]
    assert missing == []
    assert [e["name"] for e in reading["not_prison_work"] if named(e)] == []
    assert len(found.rows) == len(reading["partner"])  # nothing the reading did not find


def test_a_state_body_is_named_with_its_state(real_store: Path) -> None:
    """ "Ministry of Justice" alone does not say whose: partner lists name a government body
    with its state (its ccpj:country), unless the body's name already says it."""
    _, partners = run_canned(load_queries()["partners"], {"role": "any"}, store=real_store)
    labels = {r[-1].value: r[0].value for r in partners.rows}
    assert labels["https://w3id.org/ccpj/id/org/lbn-ministry-of-justice"] == (
        "Ministry of Justice (Lebanon)"
    )
    assert labels["https://w3id.org/ccpj/id/org/uga-uganda-prisons-service"] == (
        "Uganda Prisons Service"
    )
    assert labels["https://w3id.org/ccpj/id/org/sadc"] == "Southern African Development Community"
    _, pairs = run_canned(load_queries()["co-delivery"], {"role": "any"}, store=real_store)
    named = {r[3].value: r[0].value for r in pairs.rows} | {
        r[4].value: r[1].value for r in pairs.rows
    }
    assert named["https://w3id.org/ccpj/id/org/lbn-ministry-of-justice"] == (
        "Ministry of Justice (Lebanon)"
    )


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_store_and_rdflib_agree_on_the_real_graph(
    real_store: Path,
    real_graph: rdflib.Graph,
    real_digest: str,
    reference_cache: ReferenceCache,
    name: str,
) -> None:
    query = load_queries()[name]
    words = shlex.split(query.examples[0])[3:]
    values = {words[i][2:]: words[i + 1] for i in range(0, len(words), 2)}
    text, from_store = run_canned(query, values, store=real_store, limit=None)
    assert text == bind_query(query, values, rdflib_select(real_graph))
    from_rdflib = reference_cache.rdflib_select(real_graph, text, digest=real_digest)
    assert from_store.rows == from_rdflib.rows


def test_the_readme_shows_every_query() -> None:
    assert {name for name, _ in SHOWN} == set(load_queries())


@pytest.mark.parametrize(
    ("name", "values"),
    shown_commands(README.read_text(encoding="utf-8")),
    ids=lambda v: v if isinstance(v, str) else str(v),
)
def test_readme_queries_give_the_same_rows_on_both_engines(
    real_store: Path,
    real_graph: rdflib.Graph,
    real_digest: str,
    reference_cache: ReferenceCache,
    name: str,
    values: dict[str, str],
) -> None:
    """Every command the README shows answers something, and the same on both engines: the
    queries are shaped for speed at scale (grouped before their labels are joined), and a shape
    one engine evaluates differently shows here."""
    query = load_queries()[name]
    text, from_store = run_canned(query, values, store=real_store, limit=None)
    assert text == bind_query(query, values, rdflib_select(real_graph))
    assert from_store.rows
    from_rdflib = reference_cache.rdflib_select(real_graph, text, digest=real_digest)
    assert from_store.rows == from_rdflib.rows


def _seeded_cases() -> list[tuple[str, str]]:
    """(query, parameter) for every ``#@below`` line of the canned queries."""
    found = []
    for name, query in sorted(load_queries().items()):
        by_var = {p.var: p.name for p in query.parameters}
        found.extend((name, by_var[seed.var]) for seed in query.below)
    return found


def test_the_theme_and_region_filters_start_from_their_terms() -> None:
    assert {param for _, param in _seeded_cases()} == {"theme", "region"}


@pytest.mark.parametrize(("name", "param"), _seeded_cases())
def test_a_branch_started_from_listed_terms_gives_the_path_s_rows(
    real_store: Path, real_graph: rdflib.Graph, name: str, param: str
) -> None:
    """``#@below`` lists the terms under a value so the query starts from their index: the
    rows must be those of the path pattern it replaces, for the value with the most terms
    below it (a broad theme, a continent) and for one that reaches a single term (the path
    pattern takes a second or more on each: two values, not more)."""
    query = load_queries()[name]
    select = rdflib_select(real_graph)
    declared = query.parameter(param)
    pool = [c.term for c in candidates(declared.type, select)]
    under = {term: below_terms(query, {param: term}, select) for term in pool}
    sizes = {term: max(len(v) for v in listed.values()) for term, listed in under.items()}
    ranked = sorted(pool, key=lambda t: (-sizes[t], t.value))
    chosen = [ranked[0], next(t for t in ranked if sizes[t] == 1)]
    assert sizes[chosen[0]] > 2  # a value with several terms below it
    answered = 0
    for term in chosen:
        listed = query.bind({param: term}, under[term])
        pattern = query.bind({param: term})
        assert listed != pattern
        from_list = run_sparql(listed, store=real_store, limit=None)
        from_path = run_sparql(pattern, store=real_store, limit=None)
        assert from_list.rows == from_path.rows, (name, term.value)
        answered += bool(from_list.rows)
    assert answered  # not a comparison of empty answers only
