"""OWL 2 RL materialisation of the graph, filtered down to what is worth publishing.

Why reason once, at build time: owlrl took about 80 s for 100k triples on our machines and
roughly doubles a graph, so queries run on a pre-computed closure, never on a reasoner. The
closure is computed on a copy (asserted data plus the ontology) and only the *inferred*
triples are returned, in a graph of their own, so the asserted graph stays as extracted.

What is dropped from the inferred triples (owlrl emits all of it, none of it helps a reader):

* triples with a literal subject (owlrl types literals by their datatype; rdflib cannot read
  such triples back);
* triples touching a blank node (statements about the ontology's anonymous lists and
  axioms; their labels are random, which would make the output non-deterministic);
* axiomatic triples about the RDF, RDFS, OWL and XSD vocabularies themselves;
* reflexive ``owl:sameAs`` / ``rdfs:subClassOf`` / ``owl:equivalentClass`` /
  ``rdfs:subPropertyOf`` / ``owl:equivalentProperty`` and typing as ``owl:Thing`` /
  ``rdfs:Resource``;
* unless ``keep_schema`` is set, inferences about the ontology's classes and properties
  (the schema is published as ``ontology/ccpj.ttl``).

Inconsistencies (owlrl's error messages, members of ``owl:Nothing``, ill-typed literals)
are collected in :attr:`ReasoningResult.inconsistencies`. ``owl:imports`` is never
followed: only :class:`owlrl.DeductiveClosure` is used, never ``interpret_owl_imports``.
"""

from __future__ import annotations

import functools
import logging
import re
import time
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as TypingLiteral

import owlrl
import rdflib.term
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ccpj_graph import entail
from ccpj_graph.namespaces import bind_prefixes
from ccpj_graph.rdfio import read_ontology

__all__ = ["Engine", "ReasoningResult", "reason", "schema_closure_of"]

# Where owlrl records its inconsistency messages in the closure graph.
_ERR = "http://www.daml.org/2002/03/agents/agent-ont#"
_ERROR_MESSAGE = URIRef(_ERR + "ErrorMessage")
_ERROR = URIRef(_ERR + "error")

_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_REFLEXIVE = frozenset(
    {OWL.sameAs, RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty}
)
_TRIVIAL_TYPES = frozenset({OWL.Thing, RDFS.Resource})
_SCHEMA_TYPES = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        RDFS.Datatype,
        RDF.Property,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.TransitiveProperty,
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.SymmetricProperty,
        OWL.Ontology,
    }
)

_GYEAR = re.compile(r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$")

Triple = tuple[Node, Node, Node]
Engine = TypingLiteral["fast", "owlrl"]


@dataclass(frozen=True, slots=True)
class ReasoningResult:
    """The inferred triples worth publishing, with what it cost and what went wrong.

    ``asserted`` counts the input (data plus ontology), ``closure`` the graph after owlrl,
    ``inferred`` the triples kept in :attr:`graph`, ``dropped`` the new triples filtered out.
    ``triples`` holds the kept triples: a graph, or (from a build, which reasons per report)
    the sorted N-Triples file the store is loaded from, read into :attr:`graph` on demand.
    """

    triples: Graph | Path
    asserted: int
    closure: int
    inferred: int
    dropped: int
    seconds: float
    inconsistencies: tuple[str, ...]

    @property
    def graph(self) -> Graph:
        """The kept inferred triples as a graph."""
        if isinstance(self.triples, Graph):
            return self.triples
        from ccpj_graph.rdfio import parse_data

        return parse_data(self.triples.read_bytes(), fmt="nt", source=str(self.triples))

    @property
    def consistent(self) -> bool:
        return not self.inconsistencies

    def summary(self) -> str:
        verdict = (
            "consistent" if self.consistent else f"{len(self.inconsistencies)} inconsistencies"
        )
        return (
            f"{self.asserted} asserted triples, closure {self.closure}, "
            f"{self.inferred} inferred kept, {self.dropped} dropped, "
            f"{self.seconds:.1f} s, {verdict}"
        )


def reason(
    graph: Graph,
    *,
    ontology: bool | Graph = True,
    keep_schema: bool = False,
    engine: Engine = "fast",
) -> ReasoningResult:
    """Materialise the OWL 2 RL closure of ``graph`` (plus the ontology) and filter it.

    ``graph`` is not modified. ``ontology`` is the project's ontology when true, the given
    graph, or nothing when false. ``engine`` "fast" (:mod:`ccpj_graph.entail`, which hands
    over to owlrl for schema constructs it does not implement) or "owlrl" (the reference).
    """
    asserted: set[Triple] = set(graph)
    schema_source: Graph | None
    if isinstance(ontology, Graph):
        schema_source = ontology
    else:
        schema_source = read_ontology() if ontology else None
    if schema_source is not None:
        asserted.update(schema_source)
    inconsistencies = _ill_typed(asserted)

    started = time.perf_counter()
    outcome = _fast_closure(asserted) if engine == "fast" else None
    if outcome is None:
        outcome = _owlrl_closure(asserted)
    closure, errors, schema = outcome
    seconds = time.perf_counter() - started

    inconsistencies += errors
    inconsistencies += sorted(
        f"{s} is a member of owl:Nothing"
        for s, p, o in closure
        if p == RDF.type and o == OWL.Nothing and not isinstance(s, Literal)
    )
    inferred, dropped = _keep(closure, asserted, frozenset() if keep_schema else schema)
    return ReasoningResult(
        triples=inferred,
        asserted=len(asserted),
        closure=len(closure),
        inferred=len(inferred),
        dropped=dropped,
        seconds=seconds,
        inconsistencies=tuple(dict.fromkeys(inconsistencies)),
    )


def _keep(
    closure: Iterable[Triple], asserted: set[Triple], schema: frozenset[Node]
) -> tuple[Graph, int]:
    """The publishable inferred triples of ``closure`` as a graph, and how many were dropped."""
    inferred = bind_prefixes(Graph(bind_namespaces="none"))
    dropped = 0
    for triple in closure:
        if triple in asserted:
            continue
        if _publishable(triple, schema):
            inferred.add(triple)
        else:
            dropped += 1
    return inferred, dropped


Closed = tuple[set[Triple], list[str], frozenset[Node]]


def _owlrl_closure(asserted: set[Triple]) -> Closed:
    """The reference: owlrl over everything; (closure, its error messages, schema terms)."""
    work = Graph(bind_namespaces="none")
    for triple in asserted:
        work.add(triple)
    with _quiet():
        owlrl.DeductiveClosure(
            owlrl.OWLRL_Semantics,
            rdfs_closure=False,
            axiomatic_triples=False,
            datatype_axioms=False,
        ).expand(work)
    errors = _owlrl_errors(work)
    return set(work), errors, _schema_terms(work)


def _fast_closure(asserted: set[Triple]) -> Closed | None:
    """The schema closed by owlrl (cached), the data by :mod:`ccpj_graph.entail`.

    None when the schema or data use something the fast engine does not implement.
    """
    schema_triples = {t for t in asserted if entail.is_schema_triple(t)}
    data = asserted - schema_triples
    if any(p in _DATA_UNSUPPORTED for _, p, _ in data):
        return None
    schema_closure, schema_errors = schema_closure_of(frozenset(schema_triples))
    rules = entail.compile_rules(schema_closure)
    if rules.unsupported or entail.functional_clashes(rules, data):
        return None
    typing, datatype_axioms = entail.datatype_triples(asserted)
    layer = entail.Closure(rules).add_all(data)
    layer.add_all(typing, asserted=False)
    closure = set(schema_closure) | layer.triples
    types = layer.types()
    errors = list(schema_errors)
    errors += entail.literal_errors(asserted)
    pairs = [*rules.disjoint, *((left, right) for left, _, right in datatype_axioms)]
    errors += entail.disjointness_errors(pairs, types)
    schema = frozenset(_schema_terms_of(schema_closure))
    return closure, sorted({" ".join(m.split()) for m in errors}), schema


# Data statements only owlrl handles (equality); the fast path hands such graphs over.
_DATA_UNSUPPORTED = frozenset({OWL.sameAs, OWL.differentFrom})


@functools.lru_cache(maxsize=8)
def schema_closure_of(schema: frozenset[Triple]) -> tuple[frozenset[Triple], tuple[str, ...]]:
    """owlrl's closure of the schema triples alone, and its error messages (cached: the
    ontology rarely changes, and every report is reasoned against the same one)."""
    closure, errors, _ = _owlrl_closure(set(schema))
    return frozenset(closure), tuple(errors)


def _publishable(triple: Triple, schema: frozenset[Node]) -> bool:
    subject, predicate, obj = triple
    if isinstance(subject, Literal) or not isinstance(predicate, URIRef):
        return False
    if isinstance(subject, BNode) or isinstance(obj, BNode):
        return False
    if predicate in (_ERROR,) or obj == _ERROR_MESSAGE:
        return False
    if str(subject).startswith(_VOCABULARIES):
        return False
    if predicate in _REFLEXIVE and subject == obj:
        return False
    if obj in _TRIVIAL_TYPES and predicate in (RDF.type, RDFS.subClassOf):
        return False
    return subject not in schema


def _schema_terms(graph: Graph) -> frozenset[Node]:
    """Classes, properties and ontologies declared in ``graph`` (its TBox)."""
    terms: set[Node] = set()
    for kind in _SCHEMA_TYPES:
        terms.update(graph.subjects(RDF.type, kind))
    return frozenset(terms)


def _schema_terms_of(triples: Iterable[Triple]) -> set[Node]:
    return {s for s, p, o in triples if p == RDF.type and o in _SCHEMA_TYPES}


def _owlrl_errors(graph: Graph) -> list[str]:
    messages: list[str] = []
    for node in list(graph.subjects(RDF.type, _ERROR_MESSAGE)):
        messages.extend(" ".join(str(m).split()) for m in graph.objects(node, _ERROR))
        graph.remove((node, None, None))
    return sorted(messages)


def _ill_typed(triples: set[Triple]) -> list[str]:
    """Literals whose lexical form is not valid for their datatype (an OWL inconsistency).

    rdflib knows most XSD datatypes but does not check ``xsd:gYear``, which this graph uses
    for every year, so that one is checked here.
    """
    found = []
    for subject, predicate, obj in triples:
        if not isinstance(obj, Literal):
            continue
        bad_year = obj.datatype == XSD.gYear and not _GYEAR.match(str(obj))
        if obj.ill_typed or bad_year:
            # The lexical form as written: n3() would show rdflib's normalised value.
            lexical = f'"{obj!s}"^^<{obj.datatype}>'
            found.append(f"ill-typed literal {lexical} in {subject} {predicate}")
    return sorted(found)


@contextmanager
def _quiet() -> Iterator[None]:
    """Run owlrl without side effects on the rest of the process.

    owlrl logs a traceback per literal it cannot convert (those are reported instead), and it
    installs its own lexical converters in rdflib's global table and "restores" them with an
    update that leaves its additions (``xsd:gYear`` among them) in place: later SHACL
    validation in the same process would then judge literals differently. The table is
    snapshotted and put back as it was.
    """
    logger = logging.getLogger("rdflib.term")
    previous = logger.disabled
    converters = dict(rdflib.term._toPythonMapping)
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.disabled = previous
        rdflib.term._toPythonMapping.clear()
        rdflib.term._toPythonMapping.update(converters)
