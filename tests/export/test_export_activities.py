"""The flat activity export names each partner as the canned partners query does: a State's
body with its State ("Ministry of Justice (Lebanon)"), so that a row read alone says whose
ministry it is, and a name that already says its State as it is."""

from __future__ import annotations

from rdflib import Graph

from ccpj_graph.build.merged import merged_graph
from ccpj_graph.export.activities import activity_records


def _names(graph: Graph) -> set[str]:
    return {p["name"] for r in activity_records(graph) for p in r["partners"]}


def test_a_state_body_is_named_with_its_state_as_the_partners_query_names_it() -> None:
    names = _names(merged_graph(ontology=False))
    assert "Ministry of Justice (Lebanon)" in names
    assert "Ministry of Justice" not in names  # every State's ministry says whose it is
    assert "Uganda Prisons Service" in names  # its name says its State already
    assert "United Nations Development Programme" in names  # no State's body: as it is
