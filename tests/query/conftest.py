"""Fixtures for the query tests: the hand-written graph in tests/data/query (see its README),
as a built store and as an rdflib graph holding the same triples."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from ccpj_graph.query.reference import load_graph
from ccpj_graph.query.store import build_store

DATA = Path(__file__).resolve().parent.parent / "data" / "query"
GRAPH = DATA / "graph.ttl"
INFERRED = DATA / "inferred.ttl"


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture built into a store once per session (tests must not change it)."""
    path = tmp_path_factory.mktemp("query") / "store"
    build_store([GRAPH], INFERRED, path)
    return path


@pytest.fixture(scope="session")
def fixture_graph() -> rdflib.Graph:
    """The same triples (asserted plus inferred) in one rdflib graph."""
    return load_graph([GRAPH], INFERRED)
