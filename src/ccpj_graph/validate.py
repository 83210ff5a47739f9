"""SHACL validation of the graph against the project's shapes, with a readable report.

Why a wrapper around pySHACL: users need results grouped by severity and focus node, with
prefixed names and the shape's own message, in text, Turtle or JSON, and a documented exit
code. The shapes graph is always a parsed :class:`rdflib.Graph` (the project's ``shapes/``, or
files the caller parsed strictly); a user string is never handed to pySHACL, which would fetch
or parse whatever it is told to. Caller shapes carry SPARQL that pySHACL runs through rdflib
(``sh:select`` and ``sh:ask`` constraints, SPARQL targets, ``sh:construct`` rules), SERVICE
included: :func:`gate_shapes` puts every such text through the query stage's gate first and
hands pySHACL the very text the gate checked, so a shape that would reach the network, read a
file or write is refused with one line before pySHACL sees it.

Exit codes (``ValidationReport.exit_code`` and ``ccpj validate``):

* 0 - conforms: no violations (warnings and infos alone still conform);
* 1 - at least one violation (or, with ``fail_on="warning"``, at least one warning);
* 2 - could not run: a file could not be read or parsed (raised as ``InputError``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from typing import Literal as TypingLiteral

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node
from rdflib.util import from_n3

from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.gated_shapes import gate_shapes, is_gated, node_label, project_shapes
from ccpj_graph.namespaces import PREFIXES, bind_prefixes
from ccpj_graph.pyshacl_tuning import tuned
from ccpj_graph.rdfio import read_graph, read_ontology

__all__ = [
    "SEVERITIES",
    "Engine",
    "ValidationReport",
    "ValidationResult",
    "check_shapes",
    "context_files",
    "gate_shapes",
    "linked_context",
    "project_files",
    "project_shapes",
    "ready_project_shapes",
    "validate",
    "validate_files",
    "validate_ntriples",
]

# Most severe first: the order of sections in the text report.
SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")
_SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

FailOn = TypingLiteral["violation", "warning"]
Engine = TypingLiteral["auto", "pyshacl", "fast"]


@dataclass(frozen=True, slots=True, order=True)
class ValidationResult:
    """One SHACL result, with every node written as a prefixed name or an N-Triples term."""

    severity: str
    focus: str
    path: str
    message: str
    value: str
    shape: str
    component: str
    # The RDF terms behind the strings above, for the Turtle report: (focus, path, value,
    # shape, component); a path that is not an IRI and blank-node shapes are None.
    terms: tuple[Node | None, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "shape": self.shape,
            "component": self.component,
        }


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of :func:`validate`: sorted results and how many triples were checked.

    ``conforms`` is true when there is no violation; warnings and infos do not break it.
    """

    results: tuple[ValidationResult, ...]
    triples: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return self.counts.get("Violation", 0) == 0

    def exit_code(self, *, fail_on: FailOn = "violation") -> int:
        """0 when the report passes at the ``fail_on`` level, else 1."""
        failing = ("Violation",) if fail_on == "violation" else ("Violation", "Warning")
        return 1 if any(self.counts.get(level, 0) for level in failing) else 0

    def grouped(self) -> dict[str, dict[str, list[ValidationResult]]]:
        """Results by severity (most severe first), then by focus node (sorted)."""
        groups: dict[str, dict[str, list[ValidationResult]]] = {}
        for result in self.results:
            groups.setdefault(result.severity, {}).setdefault(result.focus, []).append(result)
        return groups

    def summary(self) -> str:
        parts = [f"{self.counts.get(level, 0)} {level.lower()}(s)" for level in SEVERITIES]
        verdict = "conforms" if self.conforms else "does not conform"
        return f"{verdict}: {', '.join(parts)} in {self.triples} triples"

    def to_text(self) -> str:
        lines: list[str] = []
        for severity, by_focus in self.grouped().items():
            total = sum(len(items) for items in by_focus.values())
            lines.append(f"{severity} ({total} on {len(by_focus)} focus nodes)")
            for focus, items in by_focus.items():
                lines.append(f"  {focus}")
                for item in items:
                    where = f"{item.path}: " if item.path else ""
                    lines.append(f"    - {where}{item.message}")
                    details = [f"shape {item.shape}", item.component]
                    if item.value and item.value != item.focus:
                        details.insert(0, f"value {item.value}")
                    lines.append(f"      ({'; '.join(details)})")
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_record(self) -> dict[str, Any]:
        """Everything the report holds as plain JSON data (the build cache keeps it so);
        :meth:`from_record` gives the same report back."""
        return {
            "triples": self.triples,
            "results": [
                {**result.to_dict(), "terms": [_n3(term) for term in result.terms]}
                for result in self.results
            ],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ValidationReport:
        results = []
        for item in record["results"]:
            fields = {name: item[name] for name in _FIELDS}
            terms = tuple(_from_n3(text) for text in item["terms"])
            results.append(ValidationResult(**fields, terms=terms))
        counts: dict[str, int] = {}
        for result in results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return cls(results=tuple(results), triples=int(record["triples"]), counts=counts)

    def to_json(self) -> str:
        document = {
            "conforms": self.conforms,
            "triples": self.triples,
            "counts": {level: self.counts.get(level, 0) for level in SEVERITIES},
            "results": [result.to_dict() for result in self.results],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def to_graph(self) -> Graph:
        """A SHACL ``sh:ValidationReport`` graph with deterministic blank-node labels."""
        graph = bind_prefixes(Graph(bind_namespaces="none"))
        report = BNode("report")
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for index, result in enumerate(self.results, start=1):
            node = BNode(f"r{index:06d}")
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.resultSeverity, SH[result.severity]))
            graph.add((node, SH.resultMessage, Literal(result.message)))
            focus, path, value, shape, component = result.terms or (None,) * 5
            for predicate, term in (
                (SH.focusNode, focus),
                (SH.resultPath, path),
                (SH.value, value),
                (SH.sourceShape, shape),
                (SH.sourceConstraintComponent, component),
            ):
                if term is not None:
                    graph.add((node, predicate, term))
        return graph

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")

    def render(self, fmt: str) -> str:
        """The report as ``text``, ``turtle`` or ``json``."""
        renderers = {"text": self.to_text, "turtle": self.to_turtle, "json": self.to_json}
        try:
            return renderers[fmt]()
        except KeyError:
            raise CcpjError(f"--format {fmt!r}: use one of {', '.join(renderers)}") from None


def validate(
    data_graph: Graph,
    *,
    shapes: Graph | None = None,
    ontology: bool | Graph = True,
    advanced: bool = True,
    meta_shacl: bool = False,
    focus: Iterable[URIRef] | None = None,
    inplace: bool = False,
    engine: Engine = "auto",
) -> ValidationReport:
    """Validate ``data_graph`` against ``shapes`` (default: the project's ``shapes/``).

    With ``ontology`` true the project's ontology (or the given graph) is mixed into a copy of
    the data so ``sh:class`` and ``sh:targetClass`` follow its ``rdfs:subClassOf`` hierarchy;
    the ontology's own terms are then validated too. ``advanced`` enables SHACL-AF, which the
    project's shapes need: their SPARQL targets pre-select the few nodes a SPARQL constraint
    must explain (without it those shapes select nothing);
    ``meta_shacl`` first checks ``shapes`` against the SHACL meta-shapes (for caller shapes).
    ``focus`` limits the check to those IRIs (the nodes a shape targets that are not listed
    are skipped); an empty ``focus`` validates nothing. ``inplace``: the caller's graph is
    throwaway, so without an ontology to mix in it is validated as is, not copied (the build's
    per-part graphs: the copy was a tenth of their validation time).

    ``engine``: ``"pyshacl"``, the reference; ``"fast"`` (:mod:`ccpj_graph.fastshacl`: rudof
    and Oxigraph, the same report, ~3x less CPU); ``"auto"``, fast for the project's own
    shapes when it runs all of them, pySHACL for a caller's shapes, ``meta_shacl`` or
    ``advanced=False``.
    """
    shapes_graph = project_shapes() if shapes is None else shapes
    if meta_shacl:
        check_shapes(shapes_graph)
    fast = None
    if engine == "fast" or (engine == "auto" and shapes is None and advanced and not meta_shacl):
        fast = fast_engine(shapes_graph, required=engine == "fast")
    ontology_graph: Graph | None
    if isinstance(ontology, Graph):
        ontology_graph = ontology
    else:
        ontology_graph = read_ontology() if ontology else None
    # Merge the whole ontology into a copy ourselves: pySHACL's ont_graph copies only the
    # RDFS/OWL axioms, so the ontology's own labels and definitions would look missing.
    if inplace and ontology_graph is None:
        target = data_graph
    else:
        target = Graph(bind_namespaces="none")
        for triple in data_graph:
            target.add(triple)
        if ontology_graph is not None:
            for triple in ontology_graph:
                target.add(triple)
    focus_nodes: list[str | URIRef] | None = None
    if focus is not None:
        focus_nodes = list(sorted(focus))
    if focus_nodes is not None and not focus_nodes:
        return ValidationReport(results=(), triples=len(target), counts={})
    if fast is not None:
        data = target.serialize(format="nt", encoding="utf-8")
        wanted = None if focus_nodes is None else [str(node) for node in focus_nodes]
        return _report(_run_fast(fast, data, wanted), len(target))
    try:
        with tuned():
            _, report_graph, _ = pyshacl.validate(
                target,
                shacl_graph=shapes_graph,
                inference="none",
                inplace=True,
                abort_on_first=False,
                allow_infos=True,
                allow_warnings=True,
                meta_shacl=False,  # check_shapes did it, reporting one line
                advanced=advanced,
                js=False,
                debug=False,
                focus_nodes=focus_nodes,
            )
    except pyshacl.errors.ReportableRuntimeError as err:  # a malformed shapes graph
        raise InputError(f"the shapes graph cannot be used: {' '.join(str(err).split())}") from None
    except (TypeError, ValueError, AttributeError) as err:
        # pySHACL has crashed on odd data before (sh:lessThanOrEquals on a malformed gYear):
        # report it as "could not run" rather than a traceback.
        raise InputError(
            f"pySHACL could not validate this data: {type(err).__name__}: {err}"
        ) from None
    assert isinstance(report_graph, Graph)
    triples = len(target)
    return _report(report_graph, triples)


def validate_ntriples(data: bytes, *, focus: Iterable[str] | None = None) -> ValidationReport:
    """Validate N-Triples ``data`` (the build's per-part graphs) against the project's shapes,
    on the ``focus`` IRIs only when given: straight into the fast engine, without an rdflib
    graph, when it runs the project's shapes (else parsed and through pySHACL)."""
    shapes = project_shapes()
    wanted = None if focus is None else sorted(focus)
    fast = fast_engine(shapes)
    if fast is None:
        from ccpj_graph.rdfio import parse_data

        graph = parse_data(data, fmt="nt", source="<part>")
        nodes = None if wanted is None else [URIRef(iri) for iri in wanted]
        return validate(graph, ontology=False, focus=nodes, inplace=True, engine="pyshacl")
    if wanted is not None and not wanted:
        return ValidationReport(results=(), triples=0, counts={})
    return _report(_run_fast(fast, data, wanted), data.count(b"\n"))


def _run_fast(fast: Any, data: bytes, focus: list[str] | None) -> Graph:
    try:
        report: Graph = fast.validate(data, focus=focus)
    except ValueError as err:
        raise InputError(f"the fast SHACL engine could not validate this data: {err}") from None
    return report


def ready_project_shapes() -> None:
    """Ready the project's shapes in this process, before worker processes are forked from
    it: gated, and compiled for the fast engine (without starting rudof, which a forked
    process could not call), or harvested by pySHACL when it must run them."""
    shapes = project_shapes()
    if fast_engine(shapes) is None:
        validate(Graph(), ontology=False, inplace=True, engine="pyshacl")


_FAST: dict[int, tuple[Graph, Any]] = {}


def fast_engine(shapes: Graph, *, required: bool = False) -> Any:
    """The fast engine readied for ``shapes`` (kept per process for the same graph object, as
    :func:`project_shapes` hands out), or None when it cannot run them (``required``: raise
    :class:`InputError` saying why)."""
    from ccpj_graph.fastshacl import FastShapes, unsupported, usable

    if not usable():  # a fork of a process that ran rudof: rudof would hang here
        if required:
            raise InputError("the fast SHACL engine cannot run in this process; use pySHACL")
        return None
    known = _FAST.get(id(shapes))
    if known is not None and known[0] is shapes:
        return known[1]
    reason = unsupported(shapes)
    if reason is not None:
        if required:
            raise InputError(f"the fast SHACL engine does not run {reason}; use pySHACL")
        return None
    # the engine runs a shape's SPARQL as the gate checked it: a caller's graph is gated here
    engine = FastShapes(shapes if is_gated(shapes) else gate_shapes(shapes))
    _FAST.clear()
    _FAST[id(shapes)] = (shapes, engine)
    return engine


def project_files(*, ontology: bool = True) -> list[Path]:
    """What ``ccpj validate`` checks by default: the files that make up the knowledge graph
    (ontology unless ``ontology`` is false, reference data, manifest, ``data/graph``)."""
    from ccpj_graph.build.merged import graph_files

    return graph_files(ontology=ontology)


def context_files() -> list[Path]:
    """Where a given file's links are described: reference data, manifest, ``data/graph``."""
    from ccpj_graph.build.merged import graph_files

    return graph_files(ontology=False)


def described_nodes(own: Graph) -> list[URIRef]:
    """The IRIs ``own`` describes, i.e. gives a type: what checking ``own`` in context reports
    on (a file may also add statements to nodes other files describe)."""
    return sorted({s for s in own.subjects(RDF.type, None) if isinstance(s, URIRef)})


def linked_context(own: Graph, files: Iterable[Path]) -> Graph:
    """The triples of ``files`` about the IRIs ``own`` names without describing them.

    A report's Turtle names countries, themes, bodies and tools that other files describe;
    their types and labels are what ``sh:class`` and the label shapes look at. A node ``own``
    describes (:func:`described_nodes`) keeps only its own triples (a self-contained file is
    checked as written); a node it only adds statements to (``same-work.ttl`` links
    activities the reports describe) is given what the other files say of it too.
    """
    described = set(described_nodes(own))
    named = {*own.subjects(), *own.objects()}
    linked = {n for n in named if isinstance(n, URIRef) and n not in described}
    if not linked:
        return Graph(bind_namespaces="none")
    return read_graph(*files, about={str(iri) for iri in linked})


def validate_files(
    paths: Iterable[str | Path],
    *,
    shapes: Iterable[str | Path] = (),
    ontology: bool = True,
    advanced: bool = True,
    context: bool = True,
) -> ValidationReport:
    """Parse ``paths`` strictly (default: :func:`project_files`) and validate them.

    ``shapes`` replaces the project's shapes with the given files, which are parsed strictly
    and checked against the SHACL meta-shapes first. With ``context`` (the default) given
    files are checked with what the project's graph says of the IRIs they link to without
    describing (:func:`linked_context`), and only the IRIs they describe are reported: one
    report file alone names countries, themes and tools it does not define, and checked
    without them drew a violation for every link. ``context=False`` checks them on their own.
    """
    given = list(paths)
    files = given or list(project_files())
    own = read_graph(*files)
    focus: list[URIRef] | None = None
    data = own
    if given and context:
        data = linked_context(own, context_files())
        data += own
        focus = described_nodes(own)
    shapes_graph = None
    shape_files = [(os.fspath(path), read_graph(path)) for path in shapes]
    if shape_files:
        merged = bind_prefixes(Graph(bind_namespaces="none"))  # as read_graph binds them
        for _, graph in shape_files:
            merged += graph  # blank nodes are named by file: the files' union, as read_graph
        shapes_graph = gate_shapes(merged)
        check_shapes(shapes_graph, files=shape_files)
    return validate(
        data,
        shapes=shapes_graph,
        ontology=ontology,
        advanced=advanced,
        meta_shacl=False,  # checked above, naming the file
        focus=focus,
    )


def check_shapes(shapes: Graph, *, files: Sequence[tuple[str, Graph]] = ()) -> None:
    """Refuse ``shapes`` unless they conform to the SHACL meta-shapes (SHACL-SHACL, as
    pySHACL's ``meta_shacl`` checks them) with one :class:`InputError` line: the file (the
    first of ``files`` that describes the node; else "the shapes graph"), the first problem
    and how many others there are. pySHACL itself logs its whole report to stderr and raises
    with it again, a dozen lines for one ``sh:minCount "abc"``."""
    from pyshacl.entrypoints import meta_validate

    try:
        conforms, report_graph, _ = meta_validate(
            shapes, inference="none", allow_infos=True, allow_warnings=True, js=False
        )
    except pyshacl.errors.ReportableRuntimeError as err:
        raise InputError(f"the shapes graph cannot be used: {' '.join(str(err).split())}") from None
    except (TypeError, ValueError, AttributeError) as err:
        raise InputError(
            f"pySHACL could not check the shapes graph: {type(err).__name__}: {err}"
        ) from None
    if conforms:
        return
    assert isinstance(report_graph, Graph)
    problems = sorted(_meta_problems(report_graph, shapes), key=lambda p: (*p[:4], p[4].n3()))
    if not problems:  # pySHACL said no without a result: say so rather than run on
        raise InputError("the shapes graph does not conform to the SHACL meta-shapes")
    focus, path, message, value, node = problems[0]
    where = next(
        (name for name, graph in files if (node, None, None) in graph),
        next((name for name, graph in files if (None, None, node) in graph), "the shapes graph"),
    )
    said = f"{path}: {message}" if path else message
    if value and value not in message:
        said += f" (value {value})"
    more = len(problems) - 1
    others = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    raise InputError(f"{where}: not valid SHACL: {focus}: {said}{others}")


def _meta_problems(report: Graph, shapes: Graph) -> Iterator[tuple[str, str, str, str, Node]]:
    """Each violation of the meta-shapes: where (as the user finds it in the shapes), the
    property, the message, the value and the focus node."""
    name = _Namer()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.detail, result) in report:
            continue
        severity = report.value(result, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        if focus is None:
            continue
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        yield (
            node_label(shapes, focus),
            _path(report, path, name) if path is not None else "",
            " / ".join(messages) or "(no message)",
            "" if value is None or isinstance(value, BNode) else name(value),
            focus,
        )


# --- reading pySHACL's report -------------------------------------------------------------------


def _report(report_graph: Graph, triples: int) -> ValidationReport:
    name = _Namer()
    results: list[ValidationResult] = []
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.detail, node) in report_graph:
            continue  # nested details of sh:or / sh:node: the parent result reports them
        severity_node = report_graph.value(node, SH.resultSeverity)
        severity = str(severity_node).removeprefix(str(SH)) if severity_node else "Violation"
        focus = report_graph.value(node, SH.focusNode)
        path = report_graph.value(node, SH.resultPath)
        value = report_graph.value(node, SH.value)
        shape = report_graph.value(node, SH.sourceShape)
        component = report_graph.value(node, SH.sourceConstraintComponent)
        messages = sorted(str(m) for m in report_graph.objects(node, SH.resultMessage))
        terms = (
            focus if not isinstance(focus, BNode) else None,
            path if isinstance(path, URIRef) else None,
            value if not isinstance(value, BNode) else None,
            shape if isinstance(shape, URIRef) else None,
            component,
        )
        results.append(
            ValidationResult(
                severity=severity,
                focus=name(focus) if focus is not None else "",
                path=_path(report_graph, path, name) if path is not None else "",
                message=" / ".join(messages) or "(no message)",
                value=name(value) if value is not None else "",
                shape=name(shape) if shape is not None else "",
                component=name(component) if component is not None else "",
                terms=terms,
            )
        )
    results.sort(key=lambda r: (_SEVERITY_RANK.get(r.severity, 99), r))
    counts: dict[str, int] = {}
    for result in results:
        counts[result.severity] = counts.get(result.severity, 0) + 1
    return ValidationReport(results=tuple(results), triples=triples, counts=counts)


def _path(graph: Graph, path: Node, name: _Namer) -> str:
    """A SHACL property path as SPARQL path syntax (``^p``, ``p1/p2``, ``p*``)."""
    if isinstance(path, URIRef):
        return name(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(graph, inverse, name)
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({_path(graph, inner, name)}){suffix}"
    inner = graph.value(path, SH.zeroOrOnePath)
    if inner is not None:
        return f"({_path(graph, inner, name)})?"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(graph, p, name) for p in Collection(graph, alternatives)) + ")"
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(_path(graph, p, name) for p in Collection(graph, path)) + ")"
    return name(path)


class _Namer:
    """Writes nodes as prefixed names where a project prefix fits, else as N-Triples terms."""

    def __init__(self) -> None:
        # Longest namespace first, so ccpjid: wins over a shorter prefix of the same IRI.
        self._prefixes = sorted(
            ((prefix, str(ns)) for prefix, ns in PREFIXES.items()),
            key=lambda item: -len(item[1]),
        )

    def __call__(self, node: Node) -> str:
        if isinstance(node, URIRef):
            text = str(node)
            for prefix, namespace in self._prefixes:
                local = text[len(namespace) :]
                if text.startswith(namespace) and local and not any(c.isspace() for c in local):
                    return f"{prefix}:{local}"
            return f"<{text}>"
        if isinstance(node, Literal):
            if node.language:
                return f"{_quote(str(node))}@{node.language}"
            if node.datatype is not None and node.datatype != XSD.string:
                return f"{_quote(str(node))}^^{self(node.datatype)}"
            return _quote(str(node))
        return f"_:{node}"


_FIELDS = ("severity", "focus", "path", "message", "value", "shape", "component")


def _n3(term: Node | None) -> str | None:
    return None if term is None else term.n3()


def _from_n3(text: str | None) -> Node | None:
    term = from_n3(text) if text is not None else None
    return term if isinstance(term, Node) else None


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
