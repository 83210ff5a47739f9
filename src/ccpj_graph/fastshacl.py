"""The build's SHACL engine for the project's own shapes: SHACL core through pyrudof (rudof's
Rust validator), the SPARQL-based shapes (SPARQL targets, ``sh:select`` constraints) through
pyoxigraph. Why: pySHACL spends ~1.5 ms of Python per focus node and property shape, which
made validation the longest stage of a cold build (11 s of CPU for the bundled corpus, half of
the build); rudof and Oxigraph do the same work in a tenth of that.

pySHACL stays the reference and the engine of ``ccpj validate`` with a caller's shapes: a test
compares the two engines' reports on every part of the corpus and on every shape case
(``tests/shapes/cases``), and :func:`unsupported` names any shape feature this engine does not
implement, in which case :func:`ccpj_graph.validate.validate` uses pySHACL.

What this engine copies from pySHACL so that the reports are the same: a result's message is
its shape's ``sh:message`` (pySHACL's, not rudof's generated text), its path the shape's own
``sh:path``; a SPARQL constraint's message has its ``{?var}`` / ``{$var}`` placeholders filled
with the solution's values, and a solution without ``?value`` reports the focus node.

Safety: the data and shapes reach rudof as files this module writes (rudof reads a string as
inline data, a file path *or a URL*, so a string is never passed), read in strict mode; the
shapes are the ones :func:`ccpj_graph.validate.project_shapes` put through the SPARQL gate.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

__all__ = ["FastShapes", "initialised_here", "unsupported", "usable"]

# The process that started rudof. rudof runs an async runtime: a process forked from one that
# has used it hangs on its first call (reproduced with pyrudof 0.3.35). So a forked child of
# that process must not call rudof (``usable``), and a pool of workers forked from it must be
# started another way (``initialised_here``: the build's pool then uses a fork server).
_STARTED_IN: int | None = None


def usable() -> bool:
    """rudof can be called in this process: it is not a fork of a process that started it."""
    return _STARTED_IN in (None, os.getpid())


def initialised_here() -> bool:
    """This process has started rudof (so processes forked from it cannot call it)."""
    return os.getpid() == _STARTED_IN


# Targets this engine computes for a SPARQL-based shape (a core shape's are rudof's).
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
# Pre-bound variables of SHACL-SPARQL other than $this: not implemented here.
_OTHER_BOUND = re.compile(r"[?$](?:PATH|currentShape|shapesGraph)\b")
# What a result of rudof's is copied with as it stands (the shape, path and messages are ours).
_COPIED = (SH.focusNode, SH.value, SH.sourceConstraintComponent, SH.resultSeverity)
_TYPE = str(RDF.type)
_RESULT = str(SH.ValidationResult)
_SKOLEM = "urn:x-ccpj-shape:"  # the IRIs rudof is given for the shapes' blank nodes
# What rustls-native-certs reads instead of the platform's store (see _without_certificates)
_NO_CERTIFICATES = {"SSL_CERT_FILE": os.devnull, "SSL_CERT_DIR": os.devnull}
_RUDOF_TURN = threading.Lock()  # held while a thread uses rudof (FastShapes._validate)
_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
# SHACL-AF and SHACL-JS features pySHACL runs and this engine does not.
_UNSUPPORTED_PREDICATES = tuple(
    (URIRef(str(SH) + local), name)
    for local, name in (
        ("rule", "sh:rule (SHACL rules)"),
        ("ask", "sh:ask (SPARQL ASK validators)"),
        ("construct", "sh:construct"),
        ("validator", "sh:validator (constraint components)"),
        ("nodeValidator", "sh:nodeValidator (constraint components)"),
        ("propertyValidator", "sh:propertyValidator (constraint components)"),
        ("parameter", "sh:parameter (constraint components)"),
        ("targetValidator", "sh:targetValidator"),
        ("js", "SHACL-JS"),
        ("jsFunctionName", "SHACL-JS"),
        ("expression", "sh:expression (node expressions)"),
        ("update", "sh:update"),
    )
)


def unsupported(shapes: Graph) -> str | None:
    """What in ``shapes`` this engine cannot run (then pySHACL must), or None."""
    for predicate, name in _UNSUPPORTED_PREDICATES:
        if (None, predicate, None) in shapes:
            return name
    for shape, constraint in shapes.subject_objects(SH.sparql):
        if (shape, SH.path, None) in shapes:
            return "sh:sparql on a property shape"
        if (constraint, SH.select, None) not in shapes:
            return "a SPARQL constraint without sh:select"
    for text in shapes.objects(None, SH.select):
        if _OTHER_BOUND.search(str(text)):
            return "$PATH, $currentShape or $shapesGraph in a SPARQL query"
    for target in shapes.objects(None, SH.target):
        if (target, SH.select, None) not in shapes:
            return "a custom target other than a SPARQL target"
    return None


@dataclass(frozen=True, slots=True)
class _Query:
    text: str  # as the gate checked it (a shape's), or one of the fixed target queries
    prefixes: dict[str, str]  # its sh:prefixes declarations
    bound: dict[Any, Any]  # variable -> term substituted before it runs

    def run(self, store: ox.Store, **bound: Any) -> Any:
        substitutions = {**self.bound, **{ox.Variable(k): v for k, v in bound.items()}}
        return store.query(self.text, prefixes=self.prefixes, substitutions=substitutions)


@dataclass(frozen=True, slots=True)
class _Constraint:
    query: _Query
    messages: tuple[Literal, ...]  # the constraint's sh:message, else the shape's


@dataclass(frozen=True, slots=True)
class _SparqlShape:
    shape: URIRef | BNode
    severity: URIRef
    targets: tuple[_Query, ...]  # SELECT ?this queries
    constraints: tuple[_Constraint, ...]


class FastShapes:
    """A shapes graph readied for validation: rudof holds its core, the SPARQL-based shapes
    are compiled to queries. Build once per process and shapes; validate many graphs."""

    def __init__(self, shapes: Graph) -> None:
        reason = unsupported(shapes)
        if reason is not None:
            raise ValueError(f"the fast SHACL engine does not run {reason}")
        self._shapes = shapes
        # rudof names a blank-node shape with its own label in its results: hand it each blank
        # node as an IRI of ours, so that a result's shape is found again in ``shapes``
        self._skolem: dict[URIRef, BNode] = {}
        self._blank_shapes = {n for n in _shape_nodes(shapes) if isinstance(n, BNode)}
        named = Graph(bind_namespaces="none")
        for triple in shapes:
            named.add(tuple(self._name(term) for term in triple))  # type: ignore[arg-type]
        self._shapes_nt = named.serialize(format="nt", encoding="utf-8")
        self._sparql = tuple(_sparql_shapes(shapes))
        self._nested = _nested_shapes(shapes)
        self._rudof: Any = None  # started on first use, in the process that validates

    def _validator(self) -> Any:
        """rudof with the shapes loaded, started in this process on first use."""
        global _STARTED_IN
        import pyrudof

        if not usable():
            raise RuntimeError("rudof cannot run in a process forked from one that started it")
        if self._rudof is None:
            _STARTED_IN = os.getpid()
            rudof = pyrudof.Rudof(pyrudof.RudofConfig())
            with _written(self._shapes_nt) as shapes_file, _without_certificates():
                rudof.read_shacl(
                    shapes_file, pyrudof.ShaclFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict
                )
            self._rudof = rudof
        return self._rudof

    def _name(self, term: Node) -> Node:
        if not isinstance(term, BNode) or term not in self._blank_shapes:
            return term  # paths and lists stay blank: rudof reads them so
        iri = URIRef(f"{_SKOLEM}{term}")
        self._skolem[iri] = term
        return iri

    # --- validation -----------------------------------------------------------------------------

    def validate(self, data: bytes, *, focus: Iterable[str] | None = None) -> Graph:
        """The ``sh:ValidationReport`` graph for ``data`` (N-Triples bytes), the results on
        the ``focus`` IRIs only when given; :class:`ValueError` with rudof's or Oxigraph's
        one-line reason when they cannot run on it."""
        import pyrudof

        try:
            return self._validate(data, focus)
        except (pyrudof.RudofError, SyntaxError, OSError) as err:
            raise ValueError(" ".join(str(err).split())) from None

    def _validate(self, data: bytes, focus: Iterable[str] | None) -> Graph:
        import pyrudof

        wanted = None if focus is None else frozenset(focus)
        # one thread at a time: the engine's rudof holds one data graph, and the certificate
        # variables are the process's (two threads would each put back the other's setting)
        with _RUDOF_TURN:
            rudof = self._validator()
            rudof.reset_data()
            with _written(data) as data_file, _without_certificates():
                rudof.read_data(
                    data_file, pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict
                )
                rudof.validate_shacl()
                text = rudof.serialize_shacl_validation_results(
                    pyrudof.ResultShaclValidationFormat.NTriples
                )
        report = Graph(bind_namespaces="none")
        self._core_results(text.encode("utf-8"), wanted, report)
        del text
        if self._sparql:
            store = ox.Store()
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
            for shape in self._sparql:
                self._sparql_results(store, shape, wanted, report)
        return report

    def _core_results(self, text: bytes, wanted: frozenset[str] | None, report: Graph) -> None:
        """rudof's results on the wanted focus nodes, with pySHACL's messages and paths (the
        shape's own). rudof reports on every node of a part's graph, most of them another
        part's: its report is read with Oxigraph and only the kept results become rdflib
        terms (at 100x the corpus, parsing it all into rdflib cost gigabytes)."""
        from ccpj_graph.rdfio import _term

        by_result: dict[Any, list[tuple[str, Any]]] = {}
        for quad in ox.parse(text, format=ox.RdfFormat.N_TRIPLES):
            by_result.setdefault(quad.subject, []).append((quad.predicate.value, quad.object))
        for rows in by_result.values():
            fields: dict[str, list[Any]] = {}
            for predicate, obj in rows:
                fields.setdefault(predicate, []).append(obj)
            if _RESULT not in (
                t.value for t in fields.get(_TYPE, ()) if isinstance(t, ox.NamedNode)
            ):
                continue
            focus = fields.get(str(SH.focusNode), [None])[0]
            if wanted is not None and (
                not isinstance(focus, ox.NamedNode) or focus.value not in wanted
            ):
                continue
            raw_shape = fields.get(str(SH.sourceShape), [None])[0]
            shape = _term(raw_shape, "<rudof report>") if raw_shape is not None else None
            shape = self._skolem.get(shape, shape)  # type: ignore[call-overload]
            if shape in self._nested:
                continue  # a branch of sh:or and the like: its parent's result reports it
            result = BNode()
            report.add((result, RDF.type, SH.ValidationResult))
            if shape is not None:
                report.add((result, SH.sourceShape, shape))
            for predicate in _COPIED:
                found = fields.get(str(predicate))
                if found:
                    report.add((result, predicate, _term(found[0], "<rudof report>")))
            path = self._shapes.value(shape, SH.path) if shape is not None else None
            if path is not None:
                report.add((result, SH.resultPath, path))
                self._copy_path(path, report)
            messages = list(self._shapes.objects(shape, SH.message)) if shape is not None else []
            if not messages:  # no sh:message: rudof's own words (pySHACL has its own words)
                found = fields.get(str(SH.resultMessage), [])
                messages = [_term(m, "<rudof report>") for m in found]
            for message in messages:
                report.add((result, SH.resultMessage, message))

    def _copy_path(self, path: Node, report: Graph) -> None:
        """A blank-node path's structure (``[ sh:inversePath p ]``, lists) into ``report``."""
        if not isinstance(path, BNode):
            return
        for predicate, obj in self._shapes.predicate_objects(path):
            report.add((path, predicate, obj))
            self._copy_path(obj, report)

    def _sparql_results(
        self, store: ox.Store, shape: _SparqlShape, wanted: frozenset[str] | None, report: Graph
    ) -> None:
        focus_nodes: dict[str, Any] = {}
        for query in shape.targets:
            for solution in query.run(store):
                term = solution["this"]
                if term is not None:
                    focus_nodes.setdefault(str(term), term)
        for key in sorted(focus_nodes):
            this = focus_nodes[key]
            if wanted is not None and (
                not isinstance(this, ox.NamedNode) or this.value not in wanted
            ):
                continue
            for constraint in shape.constraints:
                for solution in constraint.query.run(store, this=this):
                    self._sparql_result(shape, constraint, this, solution, report)

    def _sparql_result(
        self,
        shape: _SparqlShape,
        constraint: _Constraint,
        this: Any,
        solution: Any,
        report: Graph,
    ) -> None:
        from ccpj_graph.rdfio import _term

        result = BNode()
        focus = _term(this, "<sparql>")
        value = solution["value"]
        path = solution["path"]
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, focus))
        report.add((result, SH.value, _term(value, "<sparql>") if value is not None else focus))
        if path is not None:
            report.add((result, SH.resultPath, _term(path, "<sparql>")))
        report.add((result, SH.sourceShape, shape.shape))
        report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        report.add((result, SH.resultSeverity, shape.severity))
        names = {m.group(1) for text in constraint.messages for m in _PLACEHOLDER.finditer(text)}
        bound = {name: solution[name] for name in names}
        for message in constraint.messages:
            text = _PLACEHOLDER.sub(lambda m: _display(bound.get(m.group(1)), m.group(0)), message)
            report.add((result, SH.resultMessage, Literal(text, lang=message.language)))


@contextmanager
def _without_certificates() -> Iterator[None]:
    """Each of rudof's reads builds an HTTPS client that loads and parses every certificate of
    the platform's store (pyrudof 0.3.35: about 75 ms a call, most of the time of reading a
    part at 10x the corpus). rudof here never fetches (it reads files this module writes), so
    while it runs, the two variables rustls-native-certs consults name no certificate; they
    are put back after, as Python's own ``ssl`` reads them too."""
    saved = {name: os.environ.get(name) for name in _NO_CERTIFICATES}
    os.environ.update(_NO_CERTIFICATES)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _written(data: bytes) -> Iterator[Path]:
    """``data`` in a file of its own while rudof reads it (a fresh name per call: the build's
    workers validate at the same time), removed after."""
    handle, name = tempfile.mkstemp(prefix="ccpj-shacl-", suffix=".nt")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        yield Path(name)
    finally:
        os.unlink(name)


def _display(term: Any, placeholder: str) -> str:
    """A solution's value as pySHACL writes it into a message (the lexical form or IRI)."""
    if term is None:
        return placeholder
    return str(term.value)


def _sparql_shapes(shapes: Graph) -> Iterable[_SparqlShape]:
    """Every active shape with an active SPARQL constraint, compiled to queries."""
    from ccpj_graph.gated_shapes import declared_prefixes

    declared = declared_prefixes(shapes)
    for shape in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        if _deactivated(shapes, shape):
            continue
        constraints = []
        for node in sorted(shapes.objects(shape, SH.sparql), key=str):
            if _deactivated(shapes, node):
                continue
            messages = tuple(
                m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)
            ) or tuple(m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal))
            select = str(shapes.value(node, SH.select))
            query = _Query(select, _prefixes(shapes, node, declared), {})
            constraints.append(_Constraint(query, messages))
        if not constraints:
            continue
        assert isinstance(shape, (URIRef, BNode))
        severity = shapes.value(shape, SH.severity)
        yield _SparqlShape(
            shape=shape,
            severity=severity if isinstance(severity, URIRef) else SH.Violation,
            targets=tuple(_target_queries(shapes, shape, declared)),
            constraints=tuple(constraints),
        )


def _operands(shapes: Graph) -> set[Node]:
    """The shapes another shape's constraint takes as operands."""
    return _operands_of(shapes, None)


def _operands_of(shapes: Graph, shape: Node | None) -> set[Node]:
    """The operand shapes of ``shape``'s constraints (of every shape's, for None)."""
    from rdflib.collection import Collection

    operands: set[Node] = set()
    for predicate in (SH["or"], SH["and"], SH.xone):
        for head in shapes.objects(shape, predicate):
            operands.update(Collection(shapes, head))
    for predicate in (SH["not"], SH.node, SH.qualifiedValueShape):
        operands.update(shapes.objects(shape, predicate))
    return operands


def _shape_nodes(shapes: Graph) -> set[Node]:
    """Every node of ``shapes`` that is a shape (named or blank)."""
    found = _operands(shapes) | set(shapes.objects(None, SH.property))
    found |= {s for p in _TARGETS for s in shapes.subjects(p, None)}
    found |= set(shapes.subjects(RDF.type, SH.NodeShape))
    found |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    return found


def _nested_shapes(shapes: Graph) -> frozenset[Node]:
    """Shapes that are only the operands of another shape's constraint (``sh:or``, ``sh:and``,
    ``sh:xone``, ``sh:not``, ``sh:node``, ``sh:qualifiedValueShape``), and the property shapes
    and operands inside them: rudof reports their own failures too, pySHACL only the parent's
    result (the operands' are its ``sh:detail``)."""
    targeted = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    nested: set[Node] = set()
    todo = [o for o in _operands(shapes) if o not in targeted]
    while todo:
        shape = todo.pop()
        if shape in nested or shape in targeted:
            continue
        nested.add(shape)
        todo.extend(shapes.objects(shape, SH.property))
        todo.extend(_operands_of(shapes, shape))
    return frozenset(nested)


def _deactivated(shapes: Graph, node: Node) -> bool:
    return shapes.value(node, SH.deactivated) == Literal(True)


def _prefixes(shapes: Graph, node: Node, declared: dict[str, str]) -> dict[str, str]:
    """The declarations ``node``'s ``sh:prefixes`` point to, handed to Oxigraph beside the
    query (not written into it: the text run is the text the gate checked)."""
    prefixes: dict[str, str] = {}
    for source in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(source, SH.declare):
            prefix = str(shapes.value(declaration, SH.prefix))
            if prefix in declared:
                prefixes[prefix] = declared[prefix]
    return prefixes


# SHACL 2.1.3's targets as fixed queries, the shape's term substituted for ?of (never written
# into a text): class (with subclasses), subjects of, objects of, one node.
_BY_TARGET = {
    SH.targetClass: "SELECT DISTINCT ?this WHERE { ?this rdf:type/rdfs:subClassOf* ?of }",
    SH.targetSubjectsOf: "SELECT DISTINCT ?this WHERE { ?this ?of ?any }",
    SH.targetObjectsOf: "SELECT DISTINCT ?this WHERE { ?any ?of ?this }",
    SH.targetNode: "SELECT ?this WHERE { BIND (?of AS ?this) }",
}
_TARGET_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS)}


def _target_queries(shapes: Graph, shape: Node, declared: dict[str, str]) -> Iterable[_Query]:
    """``SELECT ?this`` for each of the shape's targets (SHACL 2.1.3)."""
    of = ox.Variable("of")
    for predicate, text in _BY_TARGET.items():
        for term in shapes.objects(shape, predicate):
            if (value := _ox(term)) is not None:
                yield _Query(text, _TARGET_PREFIXES, {of: value})
    if (shape, RDF.type, RDFS.Class) in shapes and isinstance(shape, URIRef):
        implicit = {of: ox.NamedNode(str(shape))}
        yield _Query(_BY_TARGET[SH.targetClass], _TARGET_PREFIXES, implicit)
    for target in shapes.objects(shape, SH.target):
        if not _deactivated(shapes, target):
            select = str(shapes.value(target, SH.select))
            yield _Query(select, _prefixes(shapes, target, declared), {})


def _ox(term: Node) -> Any:
    """An rdflib IRI or literal as an Oxigraph term (None for a blank node: it names nothing
    in the data)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype is not None else None
        return ox.Literal(str(term), datatype=datatype)
    return None
