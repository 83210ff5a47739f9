"""Every resolution or decision a paragraph cites is in the graph (``ccpj:mentionsMandate``),
whether or not an activity carries it: the committed graph, which a slow test holds equal to
what the build writes."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from ccpj_graph import resources
from ccpj_graph.namespaces import CCPJ

ID = "https://w3id.org/ccpj/id/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    graph = Graph()
    for path in sorted(resources.graph_dir().glob("00*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def test_a_citation_no_activity_carries_is_in_the_graph(graph: Graph) -> None:
    # "In its decision 74/550 B, the General Assembly requested the Commission ...": the
    # Assembly's act, no activity of UNODC's; the reference data lacks the decision
    paragraph = URIRef(ID + "paragraph/002-8")
    decision = URIRef(ID + "mandate/ga-decision-74-550")
    assert (paragraph, CCPJ.mentionsMandate, decision) in graph
    assert not any(graph.subjects(CCPJ.statedIn, paragraph))
    assert (decision, CCPJ.resolutionNumber, Literal("74/550")) in graph
    assert graph.value(decision, CCPJ.yearBasis) == Literal("numbering")
    # the Guidelines for the Prevention of Crime, cited in a quotation's source (003 §15)
    assert (
        URIRef(ID + "paragraph/003-15"),
        CCPJ.mentionsMandate,
        URIRef(ID + "mandate/ecosoc-2002-13"),
    ) in graph


def test_every_mandate_an_activity_cites_its_paragraph_mentions(graph: Graph) -> None:
    cited = 0
    for activity, mandate in graph.subject_objects(CCPJ.citesMandate):
        if graph.value(activity, CCPJ.curated) == Literal(True):
            continue  # a curator may cite what the text does not
        paragraph = graph.value(activity, CCPJ.statedIn)
        assert (paragraph, CCPJ.mentionsMandate, mandate) in graph, (activity, mandate)
        cited += 1
    assert cited > 10
    mentioned = set(graph.subject_objects(CCPJ.mentionsMandate))
    carried = {
        (graph.value(a, CCPJ.statedIn), m) for a, m in graph.subject_objects(CCPJ.citesMandate)
    }
    assert len(mentioned - carried) >= 8  # citations no activity carries (8 when written)
