"""Parameter lookups answered from the build cache: the same terms as a fresh lookup, and a
rebuilt store never reads an entry made for the old one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.query import run as run_module
from ccpj_graph.query.canned import get_query
from ccpj_graph.query.run import list_values, run_canned
from ccpj_graph.query.store import build_store

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


def test_a_lookup_is_kept_and_gives_the_same_answer(tmp_path: Path, cache_dir: Path) -> None:
    store = tmp_path / "store"
    build_store([DATA / "graph.ttl"], DATA / "inferred.ttl", store)
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


def test_a_damaged_entry_is_run_again(tmp_path: Path, cache_dir: Path) -> None:
    store = tmp_path / "store"
    build_store([DATA / "graph.ttl"], DATA / "inferred.ttl", store)
    expected = _partners(store)
    for entry in cache_dir.glob("lookup/*/*.json"):
        entry.write_bytes(b"{not json")
    assert _partners(store) == expected
