"""The store: built once, swapped in whole, refused when stale, queried in a killable worker."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from pathlib import Path

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.query.results import AskResult, GraphResult, SelectResult
from ccpj_graph.query.run import run_sparql
from ccpj_graph.query.store import (
    INFERRED_GRAPH,
    QueryFailed,
    QueryTimeout,
    StoreMissing,
    build_store,
    check_store,
    execute,
    open_store,
)
from ccpj_graph.query.worker import StoreWorker, run_in_store

DATA = Path(__file__).resolve().parent.parent / "data" / "query"


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    """A private copy of the fixture graph, in its own folder (tests change it)."""
    folder = tmp_path / "graph"
    folder.mkdir()
    copy = folder / "graph.ttl"
    copy.write_bytes((DATA / "graph.ttl").read_bytes())
    return [copy]


def _count(store: Path, where: str) -> int:
    result = run_sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", store=store, timeout=10)
    assert isinstance(result, SelectResult)
    return int(result.rows[0][0].value)


def test_asserted_in_default_graph_inferred_in_their_own(fixture_store: Path) -> None:
    info = check_store(fixture_store)
    asserted = len(rdflib.Graph().parse(DATA / "graph.ttl"))
    inferred = len(rdflib.Graph().parse(DATA / "inferred.ttl"))
    assert info.asserted == asserted
    assert info.inferred == inferred - 1  # the triple also asserted is kept once
    assert _count(fixture_store, "?s ?p ?o") == asserted + inferred - 1
    assert _count(fixture_store, f"GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }}") == inferred - 1


def test_inferred_may_be_an_rdflib_graph(sources: list[Path], tmp_path: Path) -> None:
    inferred = rdflib.Graph().parse(DATA / "inferred.ttl")
    inferred.add((rdflib.Literal("x"), rdflib.RDF.type, rdflib.OWL.Thing))  # not RDF: skipped
    info = build_store(sources, inferred, tmp_path / "store")
    assert info.inferred == len(inferred) - 2


def test_missing_store_says_run_build(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing, match=r"no query store at .*; run ccpj build") as err:
        check_store(tmp_path / "nowhere")
    assert err.value.exit_code == 2


def test_changed_file_makes_the_store_stale(sources: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    build_store(sources, None, store)
    with sources[0].open("a", encoding="utf-8") as handle:
        handle.write("<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(
        StoreMissing, match=r"graph\.ttl changed since the store was built; run ccpj build"
    ):
        run_sparql("ASK { ?s ?p ?o }", store=store)


def test_touched_file_with_same_content_is_still_current(
    sources: list[Path], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    build_store(sources, None, store)
    later = time.time() + 100
    os.utime(sources[0], (later, later))
    check_store(store)


def test_new_graph_file_makes_the_store_stale(sources: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    build_store(sources, None, store)
    (sources[0].parent / "002.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    with pytest.raises(StoreMissing, match=r"002\.ttl is newer than the query store"):
        check_store(store)


def test_watched_folder_that_was_empty(sources: list[Path], tmp_path: Path) -> None:
    later = tmp_path / "later"
    later.mkdir()
    store = tmp_path / "store"
    build_store(sources, None, store, watch=[later])
    (later / "001.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    with pytest.raises(StoreMissing):
        check_store(store)


def test_bad_turtle_names_file_and_position_and_keeps_the_old_store(
    sources: list[Path], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    build_store(sources, None, store)
    bad = sources[0].parent / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <has space> <urn:c> .\n", encoding="utf-8")
    with pytest.raises(CcpjError, match=r"bad\.ttl: .*line 2") as err:
        build_store([*sources, bad], None, store)
    assert "\n" not in str(err.value)
    bad.unlink()
    assert check_store(store).asserted == len(rdflib.Graph().parse(sources[0]))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store")]  # no leftovers


def test_of_several_bad_files_loaded_at_once_the_first_in_order_is_named(
    sources: list[Path], tmp_path: Path
) -> None:
    """The files load on several threads; the error still names the first bad file of the
    list, not the one that failed first (here the later file fails at once, the earlier one
    only after 20,000 good lines)."""
    slow = tmp_path / "slow-bad.ttl"
    slow.write_text(
        "".join(f"<urn:s{i}> <urn:p> <urn:o> .\n" for i in range(20_000)) + "<urn:a> <b c> .\n",
        encoding="utf-8",
    )
    quick = tmp_path / "quick-bad.ttl"
    quick.write_text("<urn:a> <b c> .\n", encoding="utf-8")
    for _ in range(3):
        with pytest.raises(CcpjError, match=r"slow-bad\.ttl: .*line 20001"):
            build_store([slow, *sources, quick], None, tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_rebuild_swaps_in_the_new_store(sources: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    build_store(sources, None, store)
    first = _count(store, "?s ?p ?o")
    build_store(sources, DATA / "inferred.ttl", store)
    assert _count(store, "?s ?p ?o") > first


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


_ENTRY = st.sampled_from(["meta.json", "oxigraph", "notes", "thesis.txt", ".hidden", "a.ttl"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(
        st.tuples(_ENTRY, st.booleans()), min_size=1, max_size=4, unique_by=lambda e: e[0]
    )
)
def test_a_folder_that_is_not_a_store_is_never_replaced(
    entries: list[tuple[str, bool]], sources: list[Path], tmp_path: Path
) -> None:
    """Regression (probe, data loss): building a store on a folder of the user's removed it
    whole. Whatever the folder holds (files or folders, under any name), unless it is exactly
    a store (meta.json and oxigraph/), it is refused with one line and left as it was."""
    target = tmp_path / "target"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for name, is_folder in entries:
        if is_folder:
            (target / name).mkdir()
            (target / name / "inside.txt").write_text("precious\n", encoding="utf-8")
        else:
            (target / name).write_text("precious\n", encoding="utf-8")
    store_like = dict(entries) == {"meta.json": False, "oxigraph": True}
    before = _tree(target)
    if store_like:
        build_store(sources, None, target)
        assert sorted(p.name for p in target.iterdir()) == ["meta.json", "oxigraph"]
        return
    with pytest.raises(InputError, match=r"is not a query store made by ccpj build") as err:
        build_store(sources, None, target)
    assert err.value.exit_code == 2 and "\n" not in str(err.value)
    assert _tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph", "target"]  # no leftovers


def test_a_file_is_not_a_store_folder(sources: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("precious\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.txt: is a file, not a folder"):
        build_store(sources, None, target)
    assert target.read_text(encoding="utf-8") == "precious\n"


def test_a_link_to_a_store_stays_a_link(sources: list[Path], tmp_path: Path) -> None:
    """The store is swapped in where the link leads; the link is kept (it was replaced by a
    folder, and the old store left behind under a hidden name)."""
    real = tmp_path / "real"
    build_store(sources, None, real)
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    build_store(sources, DATA / "inferred.ttl", link)
    assert link.is_symlink()
    assert check_store(link).inferred > 0 and check_store(real).inferred > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph", "link", "real"]


def test_a_copied_home_checks_its_own_files(sources: list[Path], tmp_path: Path) -> None:
    """Regression (probe): a store records the files it was built from; with absolute paths a
    copy of the home (store included) checked the original's files, so emptying or deleting
    the copy's graph files went unseen and queries answered from the old triples."""
    home = sources[0].parent.parent
    build_store(sources, DATA / "inferred.ttl", home / "store", watch=[home / "graph"])
    copy = tmp_path.parent / f"{tmp_path.name}-copy"
    shutil.copytree(home, copy, symlinks=True)
    try:
        check_store(copy / "store")
        (copy / "graph" / "graph.ttl").write_text("", encoding="utf-8")
        with pytest.raises(StoreMissing, match=rf"{copy}/graph/graph\.ttl changed since"):
            check_store(copy / "store")
        (copy / "graph" / "graph.ttl").unlink()
        with pytest.raises(StoreMissing, match=rf"{copy}/graph/graph\.ttl is gone since"):
            check_store(copy / "store")
        (copy / "graph" / "new.ttl").write_text("", encoding="utf-8")
        check_store(home / "store")  # the original is still current
        inferred = next(s for s in check_store(home / "store").files if "inferred" in s["path"])
        assert Path(inferred["path"]) == (DATA / "inferred.ttl").resolve()
    finally:
        shutil.rmtree(copy)
    meta = json.loads((home / "store" / "meta.json").read_text(encoding="utf-8"))
    assert all(not Path(stamp["path"]).is_absolute() for stamp in meta["files"])
    assert all(not Path(folder).is_absolute() for folder in meta["watch"])


def test_a_record_with_absolute_paths_is_still_read(sources: list[Path], tmp_path: Path) -> None:
    """Stores built before kept absolute paths: they are read as they are, not refused."""
    store = tmp_path / "store"
    build_store(sources, None, store)
    meta_path = store / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    root = os.path.realpath(store)
    for stamp in meta["files"]:
        stamp["path"] = os.path.normpath(os.path.join(root, stamp["path"]))
    meta["watch"] = [os.path.normpath(os.path.join(root, w)) for w in meta["watch"]]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    check_store(store)
    sources[0].write_text("", encoding="utf-8")
    with pytest.raises(StoreMissing, match=r"graph\.ttl changed since"):
        check_store(store)


@pytest.mark.parametrize("record", ["[]", '{"format": 1, "files": [1]}', '{"format": 1}', "7"])
def test_a_record_edited_by_hand_says_run_build(
    record: str, sources: list[Path], tmp_path: Path
) -> None:
    """A meta.json that is JSON but not a record (a query's answer written over it) was a
    traceback; now the store is missing, one line."""
    store = tmp_path / "store"
    build_store(sources, None, store)
    (store / "meta.json").write_text(record, encoding="utf-8")
    with pytest.raises(StoreMissing, match=r"meta\.json is unreadable; run ccpj build"):
        check_store(store)


def test_execute_gives_rows_booleans_and_sorted_turtle(fixture_store: Path) -> None:
    store = open_store(fixture_store)
    ask = execute(store, "ASK { ?s <https://w3id.org/ccpj/ontology#iso3> 'KEN' }")
    assert ask == AskResult(True)
    graph = execute(
        store,
        "CONSTRUCT { ?c ccpj:iso3 ?code } WHERE { ?c ccpj:iso3 ?code }",
        prefixes={"ccpj": "https://w3id.org/ccpj/ontology#"},
    )
    assert isinstance(graph, GraphResult) and graph.triples == 10
    assert "@prefix ccpj: <https://w3id.org/ccpj/ontology#>" in graph.turtle
    again = execute(
        store,
        "CONSTRUCT { ?c ?p ?code } WHERE"
        " { ?c ?p ?code FILTER(?p = <https://w3id.org/ccpj/ontology#iso3>) }",
        limit=3,
    )
    assert again.triples == 3 and again.truncated
    rows = execute(store, "SELECT ?s WHERE { ?s ?p ?o }", limit=5)
    assert len(rows.rows) == 5 and rows.truncated


def test_store_rejects_what_it_cannot_parse(fixture_store: Path) -> None:
    with pytest.raises(QueryFailed, match="rejected by the store"):
        run_in_store(fixture_store, lambda s: execute(s, "SELECT WHERE"), timeout=10)


@pytest.mark.slow
def test_timeout_kills_the_worker(fixture_store: Path) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"longer than 0\.5 s") as err:
        run_sparql(runaway, store=fixture_store, timeout=0.5)
    assert time.monotonic() - started < 5
    assert err.value.exit_code == 1
    assert multiprocessing.active_children() == []


def test_errors_raised_in_the_worker_keep_their_class_and_code(fixture_store: Path) -> None:
    def job(_store: object) -> None:
        raise StoreMissing("from the worker")

    with pytest.raises(StoreMissing, match="from the worker"):
        run_in_store(fixture_store, job, timeout=10)


def test_a_crashing_worker_is_one_line(fixture_store: Path) -> None:
    def job(_store: object) -> None:
        raise ZeroDivisionError("boom")

    with pytest.raises(QueryFailed, match=r"^the query worker failed: ZeroDivisionError: boom$"):
        run_in_store(fixture_store, job, timeout=10)


def test_a_store_worker_answers_each_text_as_the_store_does(fixture_store: Path) -> None:
    """One worker, several texts in turn (a canned query's lookups, then the query itself):
    each answer is what ``execute`` gives on the store opened here, options included."""
    texts = [
        ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", None, True),
        ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", 3, True),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None, False),
        ("ASK { ?s ?p ?o }", None, True),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 4", None, True),
    ]
    store = open_store(fixture_store)
    with StoreWorker(fixture_store, timeout=30) as worker:
        for text, limit, inferred in texts:
            expected = execute(store, text, limit=limit, inferred=inferred)
            assert worker.execute(text, limit=limit, inferred=inferred) == expected
        with pytest.raises(QueryFailed, match="rejected by the store"):
            worker.execute("SELECT WHERE")
        assert isinstance(worker.execute("ASK {}"), AskResult)  # still answering after it
    assert worker._pid is None  # left: killed and reaped


def test_a_store_worker_s_deadline_runs_from_its_start(fixture_store: Path) -> None:
    """The timeout covers what the caller does between the worker's start and its question
    (binding the parameters), as it covered binding when that ran in the worker."""
    with StoreWorker(fixture_store, timeout=0.3) as worker:
        time.sleep(0.4)
        with pytest.raises(QueryTimeout, match=r"longer than 0\.3 s"):
            worker.execute("ASK {}")
        assert worker._pid is None  # stopped at once, not when the block ends
        with pytest.raises(QueryFailed, match="has stopped"):  # not a new worker in its place
            worker.execute("ASK {}")


@pytest.mark.slow
def test_a_runaway_text_stops_its_store_worker_at_the_timeout(fixture_store: Path) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    with StoreWorker(fixture_store, timeout=0.5) as worker, pytest.raises(QueryTimeout):
        worker.execute(runaway)
    assert time.monotonic() - started < 5


def test_a_store_worker_on_a_missing_store_says_so_when_asked(tmp_path: Path) -> None:
    missing = pytest.raises(StoreMissing, match="cannot open the query store")
    with StoreWorker(tmp_path / "nowhere", timeout=10) as worker, missing:
        worker.execute("ASK {}")
