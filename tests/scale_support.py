"""A bigger corpus made from the bundled one (not a test module): the graph plus copies whose
per-report nodes have new keys, as more years of reports would be.

Report 001 becomes 101, 201, ... (its IRI and its ``dcterms:identifier``); its paragraphs,
activities, partnerships and same-work links follow. Reference data, organisations, places
and standards are shared by every copy, as next year's report shares them with this year's.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

ID = "https://w3id.org/ccpj/id/"
#: The kinds of node whose key starts with a report's key ("001-17-2", "000-18-1--002-24-3").
PER_REPORT = ("report", "paragraph", "activity", "partnership", "same-work")
_KEY = re.compile(r"(?:^|(?<=--))(\d{3})")


def scaled(graph: Graph, copies: int) -> Graph:
    """``graph`` plus ``copies - 1`` renamed copies of its per-report nodes."""
    out = Graph()
    for triple in graph:
        out.add(triple)
    for copy in range(1, copies):
        for subject, predicate, value in graph:
            new = renamed(subject, copy)
            if predicate == DCTERMS.identifier and new != subject:
                value = Literal(str(new).rsplit("/", 1)[1])
            out.add((new, predicate, renamed(value, copy)))  # type: ignore[arg-type]
    return out


def renamed(term: object, copy: int) -> object:
    """``term`` in copy ``copy``: a per-report IRI with each report key moved ``100 * copy``
    on; any other term unchanged."""
    if isinstance(term, URIRef):
        text = str(term)
        for kind in PER_REPORT:
            prefix = f"{ID}{kind}/"
            if text.startswith(prefix):
                key = _KEY.sub(lambda m: f"{int(m[1]) + 100 * copy:03d}", text[len(prefix) :])
                return URIRef(prefix + key)
    return term
