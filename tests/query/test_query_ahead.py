"""The build's answers ahead: every canned question with no filter and every one the
documentation shows is kept for a new store and read, not run, when asked; the rows are those
a fresh run gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.cli.query_docs import shown_commands
from ccpj_graph.query import run as run_module
from ccpj_graph.query.ahead import answer_ahead, documented_questions, overview_questions
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.run import run_canned
from ccpj_graph.query.store import QueryFailed, build_store
from ccpj_graph.query.worker import StoreWorker

DATA = Path(__file__).resolve().parent.parent / "data" / "query"
README = Path(__file__).resolve().parents[2] / "README.md"
#: the parameter types the shipped queries use whose values are read from the graph
LOOKUPS = ["activity-type", "country", "partner", "region", "report", "role", "standard", "theme"]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(run_module, "_cache_root", lambda: folder)
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    build_store([DATA / "graph.ttl"], DATA / "inferred.ttl", path)
    return path


def _refuse_to_run(*_args: object, **_kwargs: object) -> None:
    raise QueryFailed("the query ran instead of being read")


def test_the_overview_questions_are_every_query_without_a_required_parameter() -> None:
    queries = load_queries()
    asked = [(q.name, values) for q, values in overview_questions(queries)]
    names = {name for name, _ in asked}
    required = {q.name for q in queries.values() if any(p.required for p in q.parameters)}
    assert "country-profile" in required
    assert names == set(queries) - required
    # each way of counting, the default once (no value: the text `ccpj query NAME` binds)
    counted = {q.name for q in queries.values() if any(p.type == "count" for p in q.parameters)}
    assert counted - required
    for name in counted - required:
        assert (name, {}) in asked and (name, {"count": "statements"}) in asked
    assert all(values in ({}, {"count": "statements"}) for _, values in asked)
    assert len(asked) == len({(n, tuple(v.items())) for n, v in asked})


def test_the_documented_questions_are_the_examples_and_each_of_their_filters() -> None:
    queries = load_queries()
    asked = [(q.name, values) for q, values in documented_questions(queries)]
    assert ("activities", {"country": "KEN", "type": "training"}) in asked
    assert ("activities", {"type": "training"}) in asked and (
        "activities",
        {"country": "KEN"},
    ) in asked
    # a required parameter stays with each filter; an example with one filter is not split
    assert ("country-profile", {"country": "BRA"}) in asked
    assert ("timeline", {"theme": "prison"}) in asked
    for name, values in asked:
        assert values, "the overview questions are not asked twice"
        example_keys = [set(v) for v in queries[name].example_values()]
        assert any(set(values) <= keys for keys in example_keys)
    keys = [(n, tuple(sorted(v.items()))) for n, v in asked]
    assert len(keys) == len(set(keys))


def test_every_command_the_readme_shows_is_answered_ahead() -> None:
    """What a reader copies from README.md is a question the build answers for a new store:
    a command added there must be added as an ``# example:`` of its query too."""
    queries = load_queries()
    ahead = {
        (q.name, tuple(sorted(v.items())))
        for q, v in [*overview_questions(queries), *documented_questions(queries)]
    }
    shown = shown_commands(README.read_text(encoding="utf-8"), queries)
    assert len(shown) > 10
    for name, values in shown:
        assert (name, tuple(sorted(values.items()))) in ahead, (name, values)


def test_answers_ahead_are_read_when_asked_and_equal_a_fresh_run(
    store: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = load_queries()
    questions = [*overview_questions(queries), *documented_questions(queries)]
    fresh = [run_canned(q, values, store=store, timeout=60, fresh=True) for q, values in questions]
    assert not list(cache_dir.glob("answer/*/*.json"))  # fresh keeps nothing
    ahead = answer_ahead(store, timeout=60)
    assert not ahead.skipped and len(ahead.kept) == len(questions)
    assert len(list(cache_dir.glob("answer/*/*.json"))) == len(questions)
    # every parameter type's values looked up and kept for the store
    assert ahead.lookups == LOOKUPS
    assert len(list(cache_dir.glob("lookup/*/*.json"))) >= len(LOOKUPS)
    monkeypatch.setattr(StoreWorker, "execute", _refuse_to_run)
    for (query, values), expected in zip(questions, fresh, strict=True):
        assert run_canned(query, values, store=store, timeout=60) == expected
    # a question neither overview nor documented was not answered ahead: it runs
    partners = load_queries()["partners"]
    with pytest.raises(QueryFailed, match="ran instead"):
        run_canned(partners, {"theme": "gender"}, store=store, timeout=60)


def test_a_documented_value_the_graph_lacks_is_absent_not_a_warning(
    store: Path, cache_dir: Path, tmp_path: Path
) -> None:
    """A corpus without report 000 has no question ``mandates --report 000``: it is left out
    quietly (a warning at every build would cry wolf), and the rest is answered."""
    queries = dict(load_queries())
    text = queries["mandates"].path.read_text(encoding="utf-8")
    path = tmp_path / "mandates.rq"
    path.write_text(text.replace("--report 000", "--report 999"), encoding="utf-8")
    from ccpj_graph.query.canned import parse_query_file

    queries["mandates"] = parse_query_file(path)
    ahead = answer_ahead(store, queries=queries, timeout=60)
    assert ahead.absent == ["mandates --report 999"]
    assert not ahead.skipped
    assert "mandates --report 001" in ahead.kept and "mandates" in ahead.kept


def test_a_question_that_times_out_is_skipped_and_not_kept(store: Path, cache_dir: Path) -> None:
    ahead = answer_ahead(store, timeout=1e-9)
    assert not ahead.kept and not ahead.lookups
    assert any(s.startswith("partners --count statements: ") for s in ahead.skipped)
    assert any(s.startswith("values of theme: ") for s in ahead.skipped)
    queries = load_queries()
    questions = [*overview_questions(queries), *documented_questions(queries)]
    assert len(ahead.skipped) == len(questions) + len(LOOKUPS)
    assert not list(cache_dir.glob("*/*/*.json"))


def test_a_query_file_the_gate_refuses_is_skipped_with_why(
    store: Path, cache_dir: Path, tmp_path: Path
) -> None:
    """A project's own query file that ``ccpj query`` would refuse does not fail the build:
    its question is skipped, with the reason, and the others are kept."""
    queries = dict(load_queries())
    bad = (
        queries["tools"]
        .path.read_text(encoding="utf-8")
        .replace("SELECT", "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; SELECT", 1)
    )
    path = tmp_path / "tools.rq"
    path.write_text(bad, encoding="utf-8")
    from ccpj_graph.query.canned import parse_query_file

    queries["tools"] = parse_query_file(path)
    ahead = answer_ahead(store, queries=queries, timeout=60)
    # the file's overview question and each of its examples, none of another query
    assert {s.split(":")[0].split(" ")[0] for s in ahead.skipped} == {"tools"}
    assert "tools --theme prison" in {s.split(":")[0] for s in ahead.skipped}
    assert "partners" in ahead.kept and "tools" not in ahead.kept
