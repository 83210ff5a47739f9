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

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from typing import Literal as TypingLiteral

import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ccpj_graph.errors import InputError
from ccpj_graph.gated_shapes import gate_shapes, is_gated, node_label, project_shapes
from ccpj_graph.namespaces import bind_prefixes
from ccpj_graph.pyshacl_tuning import tuned
from ccpj_graph.rdfio import read_graph, read_ontology
from ccpj_graph.shacl_report import (
    SEVERITIES,
    Namer,
    ValidationReport,
    ValidationResult,
    property_path,
    read_report,
)

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

Engine = TypingLiteral["auto", "pyshacl", "fast"]


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
        return read_report(_run_fast(fast, data, wanted), len(target))
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
    return read_report(report_graph, triples)


def validate_ntriples(
    data: bytes,
    *,
    focus: Iterable[str] | None = None,
    shape_files: Sequence[Path] | None = None,
) -> ValidationReport:
    """Validate N-Triples ``data`` (the build's per-part graphs) against the project's shapes
    (``shape_files``, default those of ``shapes/``), on the ``focus`` IRIs only when given:
    straight into the fast engine, without an rdflib graph, when it runs the project's shapes
    (else parsed and through pySHACL)."""
    shapes = project_shapes(shape_files)
    wanted = None if focus is None else sorted(focus)
    fast = fast_engine(shapes)
    if fast is None:
        from ccpj_graph.rdfio import parse_data

        graph = parse_data(data, fmt="nt", source="<part>")
        nodes = None if wanted is None else [URIRef(iri) for iri in wanted]
        return validate(
            graph, shapes=shapes, ontology=False, focus=nodes, inplace=True, engine="pyshacl"
        )
    if wanted is not None and not wanted:
        return ValidationReport(results=(), triples=0, counts={})
    return read_report(_run_fast(fast, data, wanted), data.count(b"\n"))


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
    name = Namer()
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
            property_path(report, path, name) if path is not None else "",
            " / ".join(messages) or "(no message)",
            "" if value is None or isinstance(value, BNode) else name(value),
            focus,
        )
