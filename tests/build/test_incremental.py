"""Incremental builds: the cache re-does only what a change touches, and what it gives is
byte-identical to a clean build (issue 13 item 1)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from ccpj_graph.cache import UNUSED_DAYS, Cache, digest
from ccpj_graph.cli import cli
from ccpj_graph.workflow import Pipeline, run_pipeline

pytestmark = pytest.mark.slow


def outputs(home: Path, result: Pipeline) -> dict[str, object]:
    """Everything a build leaves that later stages read, in comparable form."""
    graph = home / "data" / "graph"
    assert result.reasoning is not None and result.validation is not None
    assert result.store is not None
    return {
        "files": {p.name: p.read_bytes() for p in sorted(graph.glob("*.ttl"))},
        "inferred": sorted(result.reasoning.graph),
        "inconsistencies": result.reasoning.inconsistencies,
        "validation": result.validation.to_record(),
        "store": (result.store.asserted, result.store.inferred),
    }


def first_activity(path: Path) -> str:
    graph = Graph().parse(path)
    keys = sorted(str(s).rsplit("/", 1)[1] for s in graph.subjects() if "/id/activity/" in str(s))
    return keys[0]


def test_a_change_redoes_only_what_it_touches_and_equals_a_clean_build(
    project_copy: Path,
) -> None:
    (project_copy / "data" / ".cache").unlink()  # a cache of its own, empty: a cold build
    cold = run_pipeline()
    assert not cold.cached
    # a new store: its overview questions are answered ahead (query/ahead.py)
    assert cold.ahead is not None and "partners" in cold.ahead.kept and not cold.ahead.skipped
    assert {f.report for f in cold.build.activities} == {"000", "001", "002", "003", "004"}

    # Every entry aged past the pruning age, and a stray one planted: a build with nothing
    # changed marks what it reads as used, and prunes only the rest.
    cache_dir = project_copy / "data" / ".cache"
    stray = cache_dir / "extract" / "00" / ("0" * 64 + ".ttl")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"an entry of an older build")
    old = time.time() - (UNUSED_DAYS + 1) * 86_400
    for entry in cache_dir.rglob("*"):
        if entry.is_file():
            os.utime(entry, (old, old))
    again = run_pipeline()  # nothing changed: every stage from the cache
    assert again.cached == {"validate", "reason", "store"}
    assert again.ahead is None  # the same store: its kept answers stand
    assert again.build.activities == []  # no report was extracted again
    assert not any(r.changed for r in again.build.reports)
    assert outputs(project_copy, again) == outputs(project_copy, cold)
    assert not stray.exists() and again.pruned[0] >= 1
    assert run_pipeline().cached == {"validate", "reason", "store"}  # nothing it needed went

    # An edited query file: the same store, its overview questions answered again
    tools = project_copy / "queries" / "tools.rq"
    tools.write_text(tools.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    edited = run_pipeline()
    assert edited.cached == {"validate", "reason", "store"}
    assert edited.ahead is not None and "tools" in edited.ahead.kept
    assert run_pipeline().ahead is None

    # One curation file about report 004: only 004 is extracted again.
    activity = first_activity(project_copy / "data" / "graph" / "004.ttl")
    (project_copy / "data" / "curation" / "fix.toml").write_text(
        f'[[retract]]\nactivity = "{activity}"\nreason = "test"\n', encoding="utf-8"
    )
    changed = run_pipeline()
    assert {f.report for f in changed.build.activities} == {"004"}
    assert activity not in {f.key for f in changed.build.activities}
    assert [r.key for r in changed.build.reports if r.changed] == ["004"]
    assert not changed.cached & {"validate", "reason"}
    incremental = outputs(project_copy, changed)

    # A clean build (the command's --clean) reads nothing from the cache: same bytes.
    result = CliRunner().invoke(cli, ["build", "--clean", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "from the build cache" not in result.output
    assert "answered ahead: " in result.output
    clean = run_pipeline()  # now all cached again: the clean build's own results
    assert clean.cached == {"validate", "reason", "store"}
    assert outputs(project_copy, clean) == incremental


def test_cache_entries_are_found_by_key_and_nothing_else(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = digest("a", "b")
    assert digest("a", "b") == key != digest("ab") != digest("a", "b", "")
    assert cache.get("stage", key) is None
    cache.put("stage", key, b"data", ".ttl")
    assert cache.get("stage", key, ".ttl") == b"data"
    assert cache.get("stage", digest("a", "c"), ".ttl") is None
    assert Cache(tmp_path, enabled=False).get("stage", key, ".ttl") is None
    assert (cache.hits, cache.misses) == (1, 2)


def test_pruning_removes_what_was_not_used_for_the_age_and_keeps_what_was(
    tmp_path: Path,
) -> None:
    cache = Cache(tmp_path)
    for name in ("used", "unused", "fresh"):
        cache.put("stage", digest(name), name.encode(), ".json")
    day = 86_400
    now = time.time()
    for name in ("used", "unused"):
        path = cache.path("stage", digest(name), ".json")
        os.utime(path, (now - 40 * day, now - 40 * day))
    assert cache.get("stage", digest("used"), ".json") == b"used"  # a hit marks it used
    unused = cache.path("stage", digest("unused"), ".json")
    assert cache.prune(30, now=now + 1) == (1, len(b"unused"))
    assert not unused.exists() and not unused.parent.exists()  # its emptied folder too
    assert cache.get("stage", digest("used"), ".json") == b"used"
    assert cache.get("stage", digest("fresh"), ".json") == b"fresh"
    assert cache.prune(30, now=now + 1) == (0, 0)
    assert cache.prune(0, now=now + 1) == (2, len(b"used") + len(b"fresh"))
    assert tmp_path.is_dir() and not any(tmp_path.iterdir())  # the root itself stays


def test_an_entry_used_lately_is_not_marked_again(tmp_path: Path) -> None:
    """Reading marks an entry used at most once an hour: a query reads several entries, and
    pruning counts in days."""
    from ccpj_graph.resources import TOUCH_EVERY

    cache = Cache(tmp_path)
    cache.put("stage", digest("x"), b"x")
    path = cache.path("stage", digest("x"))
    recent = time.time() - TOUCH_EVERY / 2
    os.utime(path, (recent, recent))
    assert cache.get("stage", digest("x")) == b"x"
    assert path.stat().st_mtime == pytest.approx(recent)
    old = time.time() - 2 * TOUCH_EVERY
    os.utime(path, (old, old))
    assert cache.get("stage", digest("x")) == b"x"
    assert path.stat().st_mtime > time.time() - 60


def _reason_entries(home: Path) -> set[Path]:
    return set((home / "data" / ".cache" / "reason-part").rglob("*.json"))


def test_a_report_added_to_the_manifest_is_reasoned_alone_and_equals_a_clean_build(
    project_copy: Path,
) -> None:
    """Next year's report (``ccpj ingest``): the manifest gains an entry, and the other
    reports' reasoning parts stay cached (their keys hold the manifest lines that name their
    nodes, not the whole manifest); removing it again is as sound. Both equal a clean build."""
    (project_copy / "data" / ".cache").unlink()  # a cache of its own
    manifest = project_copy / "data" / "sources" / "manifest.ttl"
    whole = manifest.read_text(encoding="utf-8")
    entry = re.search(r"^<https://w3id.org/ccpj/id/report/004>.*?(?:\n\n|\Z)", whole, re.S | re.M)
    assert entry is not None
    manifest.write_text(whole.replace(entry[0], ""), encoding="utf-8")
    without = run_pipeline()  # a cache of its own, empty: a clean build
    assert "004" not in {r.key for r in without.build.reports}
    clean_without = outputs(project_copy, without)

    before = _reason_entries(project_copy)
    same_work = project_copy / "data" / "graph" / "same-work.ttl"
    links_before = same_work.read_bytes()
    manifest.write_text(whole, encoding="utf-8")  # 004 comes (back) as a new report
    added = run_pipeline()
    assert not added.cached & {"validate", "reason"}
    assert [r.key for r in added.build.reports if r.changed] == ["004"]
    reasoned = _reason_entries(project_copy) - before
    # reasoned again: the base (its manifest changed), 004's new part, and the same-work part
    # when its links changed; the parts of 000-003 came from the cache (the whole manifest in
    # their keys made all of them cold)
    expected = 2 + (same_work.read_bytes() != links_before)
    assert len(reasoned) == expected
    incremental = outputs(project_copy, added)
    assert CliRunner().invoke(cli, ["build", "--clean", "--quiet"]).exit_code == 0
    assert outputs(project_copy, run_pipeline()) == incremental

    # and taken out again: what the first (clean) build of that manifest gave
    manifest.write_text(whole.replace(entry[0], ""), encoding="utf-8")
    removed = run_pipeline()
    assert {"validate", "reason"} <= removed.cached  # that state's parts are in the cache
    assert outputs(project_copy, removed) == clean_without
