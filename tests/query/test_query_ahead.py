"""The build's answers ahead: every canned question with no filter is kept for a new store
and read, not run, when asked; the rows are those a fresh run gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.query import run as run_module
from ccpj_graph.query.ahead import answer_ahead, overview_questions
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.run import run_canned
from ccpj_graph.query.store import QueryFailed, build_store
from ccpj_graph.query.worker import StoreWorker

DATA = Path(__file__).resolve().parent.parent / "data" / "query"
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


def test_answers_ahead_are_read_when_asked_and_equal_a_fresh_run(
    store: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = list(overview_questions(load_queries()))
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
    # a question with a filter was not answered ahead: it runs
    partners = load_queries()["partners"]
    with pytest.raises(QueryFailed, match="ran instead"):
        run_canned(partners, {"theme": "prison"}, store=store, timeout=60)


def test_a_question_that_times_out_is_skipped_and_not_kept(store: Path, cache_dir: Path) -> None:
    ahead = answer_ahead(store, timeout=1e-9)
    assert not ahead.kept and not ahead.lookups
    assert any(s.startswith("partners --count statements: ") for s in ahead.skipped)
    assert any(s.startswith("values of theme: ") for s in ahead.skipped)
    assert len(ahead.skipped) == len(list(overview_questions(load_queries()))) + len(LOOKUPS)
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
    assert {s.split(":")[0] for s in ahead.skipped} == {"tools"}
    assert "partners" in ahead.kept and "tools" not in ahead.kept
