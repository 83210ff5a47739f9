"""Parameter lookups and slow answers kept in the build cache: the same terms and rows as a
fresh run, and a rebuilt store never reads an entry made for the old one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ccpj_graph.cache import Cache
from ccpj_graph.query import run as run_module
from ccpj_graph.query.canned import get_query
from ccpj_graph.query.run import list_values, run_canned
from ccpj_graph.query.store import QueryFailed, build_store
from ccpj_graph.query.worker import StoreWorker

DATA = Path(__file__).resolve().parent.parent / "data" / "query"
NEW_PARTNER = (
    "\n<https://w3id.org/ccpj/id/org/zzz-new> a <https://w3id.org/ccpj/ontology#Organisation> ;"
    ' <https://w3id.org/ccpj/ontology#acronym> "ZZZNEW" .\n'
)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(run_module, "_cache_root", lambda: folder)
    return folder


def _partners(store: Path) -> set[str]:
    return {c.display for c in list_values("partner", store=store, timeout=60)}


def test_a_lookup_is_kept_and_gives_the_same_answer(store: Path, cache_dir: Path) -> None:
    query = get_query("countries")
    first = run_canned(query, {"partner": "UNDP"}, store=store, timeout=60)
    entries = sorted(cache_dir.glob("lookup/*/*.json"))
    assert entries, "the partner lookup was not kept"
    again = run_canned(query, {"partner": "UNDP"}, store=store, timeout=60)
    assert sorted(cache_dir.glob("lookup/*/*.json")) == entries
    assert again == first
    assert "<https://w3id.org/ccpj/id/org/undp>" in first[0]


def test_a_rebuilt_store_does_not_read_the_old_entries(tmp_path: Path, cache_dir: Path) -> None:
    store = tmp_path / "store"
    graph = tmp_path / "graph.ttl"
    graph.write_text((DATA / "graph.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    build_store([graph], DATA / "inferred.ttl", store)
    before = _partners(store)
    assert "ZZZNEW" not in before and "UNDP" in before
    with graph.open("a", encoding="utf-8") as handle:
        handle.write(NEW_PARTNER)
    build_store([graph], DATA / "inferred.ttl", store)
    assert _partners(store) == before | {"ZZZNEW"}


def test_a_damaged_entry_is_run_again(store: Path, cache_dir: Path) -> None:
    expected = _partners(store)
    for entry in cache_dir.glob("lookup/*/*.json"):
        entry.write_bytes(b"{not json")
    assert _partners(store) == expected


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The query fixture in a store of this test's own (some tests rebuild it)."""
    return _build(tmp_path / "store")


def _build(store: Path) -> Path:
    build_store([DATA / "graph.ttl"], DATA / "inferred.ttl", store)
    return store


@pytest.fixture
def keep_every_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep answers however quick they were (the fixture's all are)."""
    monkeypatch.setattr(run_module, "KEEP_AFTER", 0.0)


def _refuse_to_run(*_args: object, **_kwargs: object) -> None:
    """In place of ``StoreWorker.execute``: every SPARQL text a canned query runs (its lookups
    and itself) goes through it, in the calling process."""
    raise QueryFailed("the query ran instead of being read")


def test_a_slow_answer_is_kept_and_read_instead_of_run(
    store: Path, cache_dir: Path, keep_every_answer: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = get_query("partners")
    text, first = run_canned(query, {"role": "any"}, store=store, timeout=60, limit=3)
    assert first is not None and first.rows and first.truncated
    assert len(list(cache_dir.glob("answer/*/*.json"))) == 1
    monkeypatch.setattr(StoreWorker, "execute", _refuse_to_run)
    assert run_canned(query, {"role": "any"}, store=store, timeout=60, limit=3) == (text, first)
    # another limit, another parameter, or a rebuilt store is another answer: it runs
    for values, limit in (({"role": "any"}, 4), ({"role": "co-deliverer"}, 3)):
        with pytest.raises(QueryFailed, match="ran instead"):
            run_canned(query, values, store=store, timeout=60, limit=limit)
    _build(store)
    with pytest.raises(QueryFailed, match="ran instead"):
        run_canned(query, {"role": "any"}, store=store, timeout=60, limit=3)


def test_a_quick_answer_is_not_kept(store: Path, cache_dir: Path) -> None:
    run_canned(get_query("mandates"), {}, store=store, timeout=60)
    assert not list(cache_dir.glob("answer/*/*.json"))


def test_a_damaged_answer_is_run_again(
    store: Path, cache_dir: Path, keep_every_answer: None
) -> None:
    query = get_query("countries")
    first = run_canned(query, {}, store=store, timeout=60)
    for damage in (b"{not json", b'{"columns": ["a"], "rows": [[null, null]], "truncated": 0}'):
        for entry in cache_dir.glob("answer/*/*.json"):
            entry.write_bytes(damage)
        assert run_canned(query, {}, store=store, timeout=60) == first


def test_fresh_computes_a_kept_answer_and_keeps_none(
    store: Path, cache_dir: Path, keep_every_answer: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = get_query("standards")
    kept = run_canned(query, {}, store=store, timeout=60)
    fresh = run_canned(get_query("tools"), {}, store=store, timeout=60, fresh=True)
    assert fresh[1] is not None and len(list(cache_dir.glob("answer/*/*.json"))) == 1
    monkeypatch.setattr(StoreWorker, "execute", _refuse_to_run)
    assert run_canned(query, {}, store=store, timeout=60) == kept
    with pytest.raises(QueryFailed, match="ran instead"):
        run_canned(query, {}, store=store, timeout=60, fresh=True)


def test_reading_a_kept_answer_or_lookup_marks_it_used(
    store: Path, cache_dir: Path, keep_every_answer: None
) -> None:
    """The build prunes entries unused for a month (``Cache.prune``): one a query reads is
    used, however old it was."""
    query = get_query("countries")
    first = run_canned(query, {"partner": "UNDP"}, store=store, timeout=60)
    entries = sorted(cache_dir.glob("*/*/*.json"))
    assert {entry.parts[-3] for entry in entries} == {"answer", "lookup"}
    for entry in entries:
        os.utime(entry, (0, 0))  # 1970: unused for decades
    assert run_canned(query, {"partner": "UNDP"}, store=store, timeout=60) == first
    assert all(entry.stat().st_mtime > time.time() - 3600 for entry in entries)
    assert Cache(cache_dir).prune() == (0, 0)
