"""Sources: the query store (asserted triples) gives the same networks as the files; missing
or broken graphs are one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

from ccpj_graph import resources
from ccpj_graph.errors import InputError
from ccpj_graph.network import build_network, graph_source, open_source
from ccpj_graph.network.source import store_source
from ccpj_graph.query.store import build_store
from network_support import FIXTURE, NETWORKS


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Copies of the ontology and the fixture, so both sides of a comparison read the same."""
    folder = tmp_path_factory.mktemp("snapshot")
    (folder / "ontology").mkdir()
    files = []
    for path in sorted(resources.ontology_dir().glob("*.ttl")):
        files.append(Path(shutil.copyfile(path, folder / "ontology" / path.name)))
    return [*files, Path(shutil.copyfile(FIXTURE, folder / FIXTURE.name))]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, snapshot: list[Path]) -> Path:
    """A query store of the ontology and the fixture, with one inferred triple added."""
    from rdflib import Graph, URIRef

    inferred = Graph()
    inferred.add(
        (
            URIRef("https://w3id.org/ccpj/id/activity/001-19-1"),
            URIRef("https://w3id.org/ccpj/ontology#appliesStandard"),
            URIRef("https://w3id.org/ccpj/id/standard/untoc"),
        )
    )
    path = tmp_path_factory.mktemp("store") / "store"
    build_store(snapshot, inferred, path)
    return path


@pytest.mark.parametrize("name", NETWORKS)
def test_the_store_gives_the_networks_the_files_give(
    store: Path, snapshot: list[Path], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(resources, "ontology_dir", lambda: snapshot[0].parent)  # the copies
    source = store_source(store)
    assert source is not None
    ours = build_network(name, graph_source(snapshot[-1:]))
    theirs = build_network(name, source)
    assert nx.utils.nodes_equal(ours.nodes(data=True), theirs.nodes(data=True))
    assert nx.utils.edges_equal(ours.edges(data=True), theirs.edges(data=True))


def test_a_store_without_the_ontology_is_not_used(tmp_path: Path) -> None:
    build_store([FIXTURE], None, tmp_path / "store")
    assert store_source(tmp_path / "store") is None
    assert store_source(tmp_path / "nowhere") is None


def test_a_missing_graph_says_run_build(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no built graph here; run `ccpj build` first"):
        open_source(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no Turtle files"):
        open_source(tmp_path / "empty")


def test_a_broken_file_names_file_and_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> <urn c> .\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        graph_source([bad])
    assert str(err.value).startswith(f"{bad}: ") and "\n" not in str(err.value)


def test_one_file_can_be_the_graph() -> None:
    source = open_source(FIXTURE, use_store=False)
    assert build_network("partners", source).number_of_nodes() > 0
