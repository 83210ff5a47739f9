"""Validation and reasoning one graph file at a time, so a build's cost and memory follow the
report that changed, not the corpus.

Why: pySHACL and the reasoner used to hold the whole merged graph (4.2 GB at 100x) and redo it
all when one report changed. Here the graph is split into *parts*: the base (ontology,
reference data, manifest) and each file of ``data/graph`` (one per report, plus
``same-work.ttl``). Every IRI has one *owner*: the base if the base types it, else the first
graph file (in name order) that types it, else the first that has it as a subject.

A part's validation graph holds its own triples, the triples other files state about the nodes
it owns, the triples (from anywhere) whose subject is a node it names, the triples that point at
its nodes through a predicate some shape walks backwards (``sh:inversePath``, or ``?x p $this``
in a shape's SPARQL), and the ontology's class hierarchy. pySHACL validates it and only the
results about the part's own nodes are kept. The base part holds the whole base plus what the
graph files say about base nodes and every triple of a ``sh:targetObjectsOf`` predicate; it
keeps results about base nodes, unowned nodes and literals (code uniqueness). A part none of
whose triples names a node it owns (``same-work.ttl``) is validated a slice of nodes at a time,
since it grows with the corpus (:data:`.validation.CHUNK`). The union of the
parts' results equals whole-graph validation (``tests/build/test_parts.py`` compares them on
the corpus and on a changed one); the whole-graph path stays the reference (``ccpj validate``).
What this relies on, stated by the shapes: a shape looks at most two hops from its focus node,
and a SPARQL constraint that compares a node with nodes it has no path to (standards' aliases)
compares base nodes only.

Reasoning: the base is closed once (:class:`entail.Closure`), and each graph file's triples,
with what other files state about the nodes it names, are closed on top of it. What a part
entails beyond the asserted graph is cached per part; the build unites them, drops what any
file asserts, and writes the kept triples as sorted N-Triples (the store bulk-loads that file).

Each part is cached under a hash of its graph (so a part whose neighbourhood did not change is
not redone) plus shapes and code; cold parts run in a pool of two processes. In a cold build
the validation parts go to the pool first and this process reasons meanwhile (closing the base
included), so no core waits on the other.

The jobs: :mod:`.corpus` (the index of every file's triples and each part's graph),
:mod:`.validation`, :mod:`.reasoning`, :mod:`.workers` (the pool and a scratch folder).
"""

from __future__ import annotations

from ccpj_graph.build.parts.corpus import Corpus
from ccpj_graph.build.parts.reasoning import prepare_base, reason_parts
from ccpj_graph.build.parts.validation import shape_predicates, start_validation, validate_parts
from ccpj_graph.build.parts.workers import pool, scratch

__all__ = [
    "Corpus",
    "pool",
    "prepare_base",
    "reason_parts",
    "scratch",
    "shape_predicates",
    "start_validation",
    "validate_parts",
]
