"""The same work, once, on the real corpus: links between activities of overlapping reports,
their explanation, curation, and the counts the canned queries give with and without them."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from ccpj_graph import resources
from ccpj_graph.build.merged import graph_files
from ccpj_graph.corpus.manifest import MANIFEST_NAME, load_manifest
from ccpj_graph.corpus.model import ReportMeta
from ccpj_graph.curate import load_curation
from ccpj_graph.errors import InputError
from ccpj_graph.namespaces import CCPJ
from ccpj_graph.samework import (
    FILE_NAME,
    link_same_work,
    load_settings,
    periods_of,
    read_items,
    same_work_turtle,
)
from ccpj_graph.samework.items import WorkItem, natural_key
from ccpj_graph.samework.link import SameWork, candidates, overlapping_reports
from ccpj_graph.samework.similarity import Score, Scorer
from reference_cache import ReferenceCache, graph_digest

KNOWN = [("000-71-1", "002-29-1"), ("000-74-1", "002-30-1")]


@pytest.fixture(scope="module")
def metas() -> list[ReportMeta]:
    return load_manifest(resources.sources_dir() / MANIFEST_NAME)


@pytest.fixture(scope="module")
def graphs(metas: list[ReportMeta]) -> dict[str, bytes]:
    return {m.key: (resources.graph_dir() / f"{m.key}.ttl").read_bytes() for m in metas}


@pytest.fixture(scope="module")
def items(graphs: dict[str, bytes]) -> dict[str, list[WorkItem]]:
    return {key: read_items(data, key) for key, data in graphs.items()}


@pytest.fixture(scope="module")
def found(items: dict[str, list[WorkItem]], metas: list[ReportMeta]) -> SameWork:
    return link_same_work(items, periods_of(metas), load_settings())


def _curation(tmp_path: Path, text: str) -> list:
    (tmp_path / "links.toml").write_text(text, encoding="utf-8")
    return load_curation(tmp_path)


def test_the_known_pairs_are_linked(found: SameWork) -> None:
    pairs = {(link.a.key, link.b.key) for link in found.links}
    for pair in KNOWN:
        assert pair in pairs
    assert found.representatives["002-29-1"] == "000-71-1"


@pytest.fixture(scope="module")
def every_pair(
    items: dict[str, list[WorkItem]], metas: list[ReportMeta]
) -> list[tuple[str, str, Score]]:
    """Every pair of every two overlapping reports that scores above 0, scored one by one in
    Python (the slow way the stage avoids); once for every floor below."""
    scorer = Scorer([i for key in sorted(items) for i in items[key]], load_settings())
    periods = periods_of(metas)
    pairs = []
    for left, right in overlapping_reports({r: periods[r] for r in items}):
        rights = [scorer.profile(item) for item in items[right]]
        for x in map(scorer.profile, items[left]):
            for y in rights:
                if set(x.words).isdisjoint(y.words):
                    continue
                score = scorer.score(x, y)
                if not score.excluded and score.score > 0:
                    a, b = sorted([x.item, y.item], key=lambda i: natural_key(i.key))
                    pairs.append((a.key, b.key, score))
    return pairs


@pytest.mark.parametrize("floor", [0.0, 0.3, None])
def test_candidates_are_every_pair_scoring_the_floor(
    items: dict[str, list[WorkItem]],
    metas: list[ReportMeta],
    every_pair: list[tuple[str, str, Score]],
    floor: float | None,
) -> None:
    """The stage passes over pairs whose bound (Scorer.bounds: one matrix product) is below
    what the floor needs; every pair scored the slow way finds the same links with the same
    scores."""
    settings = load_settings()
    floor = settings.threshold if floor is None else floor
    slow = [pair for pair in every_pair if pair[2].score >= floor]
    fast = [
        (link.a.key, link.b.key, link.score)
        for link in candidates(items, periods_of(metas), settings, floor=floor)
    ]
    assert sorted(fast, key=repr) == sorted(slow, key=repr)
    assert len(fast) > 40  # at floor 0, thousands: the comparison compares something


def test_links_join_only_reports_whose_periods_overlap(
    found: SameWork, metas: list[ReportMeta]
) -> None:
    overlapping = set(overlapping_reports(periods_of(metas)))
    assert overlapping == {("000", "002"), ("001", "002")}
    assert found.links
    for link in found.links:
        assert (link.a.report, link.b.report) in overlapping
        assert link.a.report != link.b.report
        assert link.score.score >= load_settings().threshold


def test_reports_that_do_not_overlap_are_never_linked(
    items: dict[str, list[WorkItem]], metas: list[ReportMeta]
) -> None:
    moved = [replace(m, period_start=1999, period_end=1999) if m.key == "002" else m for m in metas]
    assert link_same_work(items, periods_of(moved), load_settings()).links == ()


def test_one_activity_links_at_most_once_per_other_report(found: SameWork) -> None:
    seen = Counter(
        (key, other.report)
        for link in found.links
        for key, other in ((link.a.key, link.b), (link.b.key, link.a))
    )
    assert max(seen.values()) == 1


def test_the_file_is_deterministic_and_committed(
    graphs: dict[str, bytes], metas: list[ReportMeta]
) -> None:
    entries = [e for e in load_curation(resources.curation_dir()) if "same-work" in e.kind]
    first = same_work_turtle(graphs, metas, entries)
    assert first == same_work_turtle(graphs, metas, entries)
    assert first == (resources.graph_dir() / FILE_NAME).read_bytes(), "run ccpj build"


def test_each_link_is_explained(graphs: dict[str, bytes], metas: list[ReportMeta]) -> None:
    graph = Graph().parse(data=same_work_turtle(graphs, metas), format="turtle")
    node = URIRef("https://w3id.org/ccpj/id/same-work/000-71-1--002-29-1")
    a = URIRef("https://w3id.org/ccpj/id/activity/000-71-1")
    b = URIRef("https://w3id.org/ccpj/id/activity/002-29-1")
    assert (a, CCPJ.sameWorkAs, b) in graph and (b, CCPJ.sameWorkAs, a) in graph
    assert set(graph.objects(node, CCPJ.linksActivity)) == {a, b}
    assert 0 < float(graph.value(node, CCPJ.similarity)) <= 1
    assert {"emergency", "covid"} <= {str(w) for w in graph.objects(node, CCPJ.sharedWord)}
    assert str(graph.value(node, CCPJ.linkBasis)) == "similarity"
    assert graph.value(b, CCPJ.sameWorkRepresentative) == a


def test_a_retraction_removes_the_link(
    tmp_path: Path, items: dict[str, list[WorkItem]], metas: list[ReportMeta]
) -> None:
    entries = _curation(
        tmp_path,
        '[[retract-same-work]]\nactivities = ["002-29-1", "000-71-1"]\nreason = "checked"\n',
    )
    found = link_same_work(items, periods_of(metas), load_settings(), entries)
    pairs = {(link.a.key, link.b.key) for link in found.links}
    assert ("000-71-1", "002-29-1") not in pairs
    assert ("000-74-1", "002-30-1") in pairs


def test_quotes_pin_a_same_work_entry_to_its_activities(
    tmp_path: Path, items: dict[str, list[WorkItem]], metas: list[ReportMeta]
) -> None:
    """Activity keys are ordinals: words of each activity's evidence catch a re-numbering."""
    entry = (
        '[[retract-same-work]]\nactivities = ["002-29-1", "000-71-1"]\n'
        'quotes = ["UNODC provided emergency", "posed by  COVID-19"]\n'
    )
    found = link_same_work(items, periods_of(metas), load_settings(), _curation(tmp_path, entry))
    assert "000-71-1--002-29-1" not in {link.key for link in found.links}
    wrong = entry.replace("posed by  COVID-19", "a word 002-29-1 does not say")
    with pytest.raises(InputError) as caught:
        link_same_work(items, periods_of(metas), load_settings(), _curation(tmp_path, wrong))
    assert str(caught.value) == (
        f"{tmp_path / 'links.toml'}:3: retract-same-work[0]: activity 000-71-1 does not quote "
        "'a word 002-29-1 does not say' (were the paragraph's activities re-numbered?)"
    )
    # the words of the paragraph's next activity: the error names it
    second = next(w for w in items["000"] if w.key == "000-71-2")
    words = " ".join(second.quote.split()[-6:])
    assert words not in next(w for w in items["000"] if w.key == "000-71-1").quote
    with pytest.raises(InputError, match=r"; 000-71-2 quotes it$"):
        link_same_work(
            items,
            periods_of(metas),
            load_settings(),
            _curation(tmp_path, entry.replace("posed by  COVID-19", words)),
        )
    with pytest.raises(InputError, match="two strings"):
        link_same_work(
            items,
            periods_of(metas),
            load_settings(),
            _curation(tmp_path, entry.replace('"UNODC provided emergency", ', "")),
        )


def test_an_addition_links_whatever_the_score(
    tmp_path: Path, items: dict[str, list[WorkItem]], metas: list[ReportMeta]
) -> None:
    entries = _curation(
        tmp_path, '[[add-same-work]]\nactivities = ["001-9-1", "002-30-1"]\nreason = "same"\n'
    )
    found = link_same_work(items, periods_of(metas), load_settings(), entries)
    added = [link for link in found.links if link.key == "001-9-1--002-30-1"]
    assert added and added[0].basis == "curation:links.toml#add-same-work[0]"
    assert added[0].reason == "same"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            '[[retract-same-work]]\nactivities = ["000-71-1", "002-29-9"]\n',
            "002-29-9 does not exist",
        ),
        ('[[add-same-work]]\nactivities = ["000-71-1", "000-74-1"]\n', "same report"),
        ('[[retract-same-work]]\nactivities = ["000-71-1"]\n', "two activity keys"),
        ('[[retract-same-work]]\nactivities = ["004-3-1", "002-29-1"]\n', "are not linked"),
    ],
)
def test_bad_curation_entries_are_one_line_errors(
    tmp_path: Path,
    items: dict[str, list[WorkItem]],
    metas: list[ReportMeta],
    entry: str,
    message: str,
) -> None:
    entries = _curation(tmp_path, entry)
    with pytest.raises(InputError, match=message) as caught:
        link_same_work(items, periods_of(metas), load_settings(), entries)
    assert str(caught.value).startswith(f"{tmp_path / 'links.toml'}:")
    assert "\n" not in str(caught.value)


def test_a_misspelt_key_in_a_same_work_table_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown key 'activites'"):
        _curation(tmp_path, '[[retract-same-work]]\nactivites = ["000-71-1", "002-29-1"]\n')


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A copy of the graph's files, so the store and rdflib read the same bytes."""
    folder = tmp_path_factory.mktemp("snapshot")
    copies = []
    for index, path in enumerate(graph_files()):
        kind = "graph" if path.parent == resources.graph_dir() else "other"
        copy = folder / f"{index:03d}-{kind}-{path.name}"
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    return copies


@pytest.fixture(scope="module")
def store(snapshot: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ccpj_graph.query.store import build_store

    path = tmp_path_factory.mktemp("samework") / "store"
    build_store(snapshot, None, path)
    return path


def _rows(store: Path, name: str, **values: str) -> list[dict[str, str]]:
    from ccpj_graph.api import KnowledgeGraph

    return [
        {k: str(v) for k, v in row.items()} for row in KnowledgeGraph(store).query(name, **values)
    ]


def test_counts_differ_exactly_by_the_linked_duplicates(store: Path, snapshot: list[Path]) -> None:
    """timeline per (theme, year): statements - work = linked activities there - their clusters
    (the representatives the store holds, from data/graph/same-work.ttl)."""
    graph = Graph()
    for path in snapshot:
        if "-graph-" in path.name:
            graph.parse(path)
    representatives = dict(graph.subject_objects(CCPJ.sameWorkRepresentative))
    assert len(representatives) > len(set(representatives.values())) > 0
    groups: dict[tuple[str, str], set[URIRef]] = {}
    for activity in representatives:
        for theme in graph.objects(activity, CCPJ.theme):
            for year in list(graph.objects(activity, CCPJ.year)) or [None]:
                groups.setdefault((str(theme), str(year)), set()).add(activity)
    work = {(r["iri"], r["year"]): int(r["activities"]) for r in _rows(store, "timeline")}
    statements = {
        (r["iri"], r["year"]): int(r["activities"])
        for r in _rows(store, "timeline", count="statements")
    }
    assert work.keys() == statements.keys()
    differences = 0
    for group, count in statements.items():
        linked = groups.get(group, set())
        clusters = {representatives[a] for a in linked}
        assert count - work[group] == len(linked) - len(clusters), group
        differences += count - work[group]
    assert differences > 0


def test_an_unknown_count_value_suggests_the_nearest(store: Path) -> None:
    with pytest.raises(InputError, match="did you mean statements"):
        _rows(store, "partners", count="statement")


@pytest.fixture(scope="module")
def snapshot_graph(snapshot: list[Path]) -> tuple[Graph, str]:
    """The snapshot in one rdflib graph, with its content hash (for the reference cache)."""
    from ccpj_graph.query.reference import load_graph

    graph = load_graph(snapshot)
    return graph, graph_digest(graph)


@pytest.mark.slow
@pytest.mark.parametrize("count", ["work", "statements"])
def test_both_engines_count_alike(
    store: Path,
    snapshot_graph: tuple[Graph, str],
    reference_cache: ReferenceCache,
    count: str,
) -> None:
    """Oxigraph (the store) and rdflib agree on the COALESCE over representatives (rdflib's
    answers come from the test cache when the graph, rdflib and the query are unchanged)."""
    from ccpj_graph.query.canned import load_queries
    from ccpj_graph.query.params import bind_query
    from ccpj_graph.query.reference import rdflib_select
    from ccpj_graph.query.run import run_canned

    graph, digest = snapshot_graph
    for name in ("timeline", "co-delivery"):
        query = load_queries()[name]
        text, from_store = run_canned(query, {"count": count}, store=store, limit=None)
        assert text == bind_query(query, {"count": count}, rdflib_select(graph))
        assert from_store.rows == reference_cache.rdflib_select(graph, text, digest=digest).rows, (
            name
        )


def test_settings_with_an_unknown_key_are_a_one_line_error(tmp_path: Path) -> None:
    from ccpj_graph.samework.settings import SETTINGS_PATH

    bad = tmp_path / "settings.toml"
    bad.write_text(
        SETTINGS_PATH.read_text(encoding="utf-8").replace("[weights]", "[weights]\nsame_typ = 1"),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"settings\.toml: \[weights\]: unknown key 'same_typ'"):
        load_settings(bad)
