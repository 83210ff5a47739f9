"""What a SHACL validation found: the report model (:class:`ValidationReport` and its text,
JSON, Turtle and cache-record forms) and the reader of the report graph an engine gives.

Why apart from :mod:`ccpj_graph.validate`, which runs the engines: the build's per-part
validation, the cache and the CLI read and write reports without running anything, and the
check of caller shapes against the SHACL meta-shapes names nodes the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node
from rdflib.util import from_n3

from ccpj_graph.errors import CcpjError
from ccpj_graph.namespaces import PREFIXES, bind_prefixes

__all__ = [
    "SEVERITIES",
    "SEVERITY_RANK",
    "FailOn",
    "Namer",
    "ValidationReport",
    "ValidationResult",
    "property_path",
    "read_report",
]

# Most severe first: the order of sections in the text report.
SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

FailOn = TypingLiteral["violation", "warning"]


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


def read_report(report_graph: Graph, triples: int) -> ValidationReport:
    """The report pySHACL (or the fast engine) gave as a graph, read into a
    :class:`ValidationReport`; nested details of ``sh:or`` / ``sh:node`` are left to their
    parent result."""
    name = Namer()
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
                path=property_path(report_graph, path, name) if path is not None else "",
                message=" / ".join(messages) or "(no message)",
                value=name(value) if value is not None else "",
                shape=name(shape) if shape is not None else "",
                component=name(component) if component is not None else "",
                terms=terms,
            )
        )
    results.sort(key=lambda r: (SEVERITY_RANK.get(r.severity, 99), r))
    counts: dict[str, int] = {}
    for result in results:
        counts[result.severity] = counts.get(result.severity, 0) + 1
    return ValidationReport(results=tuple(results), triples=triples, counts=counts)


def property_path(graph: Graph, path: Node, name: Namer) -> str:
    """A SHACL property path as SPARQL path syntax (``^p``, ``p1/p2``, ``p*``)."""
    if isinstance(path, URIRef):
        return name(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + property_path(graph, inverse, name)
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({property_path(graph, inner, name)}){suffix}"
    inner = graph.value(path, SH.zeroOrOnePath)
    if inner is not None:
        return f"({property_path(graph, inner, name)})?"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        items = Collection(graph, alternatives)
        return "(" + "|".join(property_path(graph, p, name) for p in items) + ")"
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(property_path(graph, p, name) for p in Collection(graph, path)) + ")"
    return name(path)


class Namer:
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
