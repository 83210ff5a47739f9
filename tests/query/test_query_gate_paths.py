"""Every path to a SPARQL engine meets the gate: canned queries and network projections pass it
as they are, and a projection that would call another server is refused before it runs."""

from __future__ import annotations

import socket
from pathlib import Path

import pyoxigraph as ox
import pytest

from ccpj_graph.network.projection import load_projections
from ccpj_graph.network.source import Source
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.safety import QueryRefused, check_query


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_every_canned_query_passes_the_gate(name: str) -> None:
    query = load_queries()[name]
    assert check_query(query.text).form == "SELECT"


@pytest.mark.parametrize("name", sorted(load_projections()))
def test_every_network_projection_passes_the_gate(name: str) -> None:
    assert check_query(load_projections()[name].text).form == "SELECT"


def test_a_projection_calling_a_service_is_refused_and_never_connects(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        source = Source(ox.Store(), name="empty")
        text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(QueryRefused, match="SERVICE"):
            source.select(text)
        with pytest.raises(BlockingIOError):  # nobody knocked
            listener.accept()
