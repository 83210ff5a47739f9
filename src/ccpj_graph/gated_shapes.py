"""The shapes a validation runs, through the query stage's SPARQL gate: the project's
``shapes/`` (gated once per process and content) and a caller's. Every SPARQL text a shape
carries is checked and replaced by the very text the gate checked, so pySHACL and the fast
engine run nothing the gate did not see.

The gate parses each text with rdflib's SPARQL parser (about 40 ms a text, 0.9 s for the
project's 22, on the cold build's longest path). The verdicts on the shapes shipped with the
package are shipped with it too (``shape-verdicts.txt``, made by
``scripts/generate_shape_verdicts.py``): a text whose key is listed is one the gate passed.
The key is the hash of the gate's own source, the rdflib and pyparsing versions, the declared
prefixes and the text, so a changed gate, another parser or any other text (a user's edited
shape) is parsed and checked as before. The list is package code, not project data: nothing under
``CCPJ_HOME`` can add to it."""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Sequence
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ccpj_graph.errors import InputError
from ccpj_graph.query.verdicts import listed_keys, parser_versions
from ccpj_graph.query.verdicts import verdict_key as query_verdict_key
from ccpj_graph.rdfio import read_graph

__all__ = [
    "VERDICTS_PATH",
    "declared_prefixes",
    "gate_shapes",
    "is_gated",
    "node_label",
    "parser_versions",
    "project_shapes",
    "shape_texts",
    "verdict_key",
]

_GATED: weakref.WeakSet[Graph] = weakref.WeakSet()  # graphs gate_shapes made


def is_gated(shapes: Graph) -> bool:
    """``shapes`` came out of :func:`gate_shapes`: its SPARQL texts are the gate's."""
    return shapes in _GATED


_SPARQL_TEXTS = (SH.select, SH.ask, SH.construct, SH.update)

#: The keys of the shipped shapes' texts that the gate passed (one hex key a line).
VERDICTS_PATH = Path(__file__).with_name("shape-verdicts.txt")


def verdict_key(probe: str, prefixes: dict[str, str]) -> str:
    """The key of the gate's verdict on ``probe`` with ``prefixes`` declared."""
    return query_verdict_key(probe, json.dumps(sorted(prefixes.items())))


def _shipped() -> frozenset[str]:
    """The keys :data:`VERDICTS_PATH` lists (none when it is missing)."""
    return listed_keys(VERDICTS_PATH)


def _probe(text: str) -> str:
    """A shape's SPARQL text as the gate checks it: ``$PATH``, pySHACL's placeholder for a
    property path, filled in before running, is filled in here with a fixed IRI."""
    return text.replace("$PATH", "<urn:ccpj:path>")


def shape_texts(shapes: Graph) -> list[tuple[str, str]]:
    """Every SPARQL query text of ``shapes`` as the gate checks it (:func:`_probe`), with its
    shape's name for messages."""
    texts = []
    for subject, predicate, obj in shapes:
        if predicate in _SPARQL_TEXTS and predicate != SH.update and isinstance(obj, Literal):
            texts.append((subject.n3(), _probe(str(obj))))
    return sorted(texts)


def node_label(graph: Graph, node: Node) -> str:
    """``node`` as a user can find it in the shapes they wrote: an IRI or literal as N3, a
    blank node by where it hangs (``the sh:property [sh:path <p>] of <S>``, ``item 2 of the
    sh:or of ...``), down to a blank node that hangs nowhere (its name, the same every run)."""
    return _label(graph, node, frozenset())


def _label(graph: Graph, node: Node, seen: frozenset[Node]) -> str:
    if not isinstance(node, BNode):
        return node.n3()
    seen = seen | {node}
    path = graph.value(node, SH.path)
    here = f" [sh:path {path.n3()}]" if isinstance(path, URIRef) else ""
    cells = sorted(graph.subjects(RDF.first, node), key=_key)
    if cells:  # an item of a list (sh:or, sh:and, sh:xone, sh:in ...): which, of what
        cell, item, visited = cells[0], 1, {cells[0]}
        while True:
            before = sorted(graph.subjects(RDF.rest, cell), key=_key)
            if not before or before[0] in visited:
                break
            cell, item = before[0], item + 1
            visited.add(cell)
        owner = _owner(graph, cell, seen)
        if owner is not None:
            return f"item {item}{here} of the {_short(owner[0])} of {_label(graph, owner[1], seen)}"
    owner = _owner(graph, node, seen)
    if owner is not None:
        return f"the {_short(owner[0])}{here} of {_label(graph, owner[1], seen)}"
    return here.strip() or node.n3()


def _owner(graph: Graph, node: Node, seen: frozenset[Node]) -> tuple[Node, Node] | None:
    """The first (predicate, subject) that points at ``node``, list links and nodes already
    on the way left out."""
    owners = [
        (p, s)
        for s, p in graph.subject_predicates(node)
        if s not in seen and p not in (RDF.first, RDF.rest)
    ]
    return min(owners, key=lambda ps: (_key(ps[0]), _key(ps[1])), default=None)


def _key(term: Node) -> str:
    return term.n3()


def _short(term: Node) -> str:
    text = str(term)
    for prefix, namespace in (("sh", str(SH)), ("rdf", str(RDF))):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return term.n3()


_PREFIX_NAME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9_.-]*)?$")
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def declared_prefixes(shapes: Graph) -> dict[str, str]:
    """Every ``sh:declare`` of the graph (pySHACL writes them as PREFIX lines), checked."""
    prefixes: dict[str, str] = {}
    for node in sorted(shapes.subjects(SH.prefix, None), key=str):
        prefix = str(shapes.value(node, SH.prefix))
        namespace = str(shapes.value(node, SH.namespace) or "")
        if not _PREFIX_NAME.match(prefix) or not namespace or _BAD_IRI.search(namespace):
            raise InputError(
                f"--shapes: the prefix declaration {prefix!r} -> {namespace!r} is not a valid"
                " SPARQL prefix and namespace IRI"
            )
        prefixes[prefix] = namespace
    return prefixes


_PROJECT_SHAPES: dict[str, Graph] = {}


def project_shapes(files: Sequence[Path] | None = None) -> Graph:
    """The project's ``shapes/`` through the same gate as a caller's shapes, once per process
    and content of the files: ``shapes/`` lives under ``CCPJ_HOME``, which users edit, so its
    SPARQL is checked like any other before pySHACL runs it (the gate takes about 0.4 s).

    ``files``: the shape files, named by the process that asks for the work; a build's
    validation worker may come from a fork server started under another ``CCPJ_HOME`` (a
    notebook or test that changed it), where ``shapes/`` would be another project's."""
    import hashlib

    from ccpj_graph.resources import shape_files

    chosen = list(files) if files is not None else shape_files()
    digest = hashlib.sha256()
    for file in chosen:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    key = digest.hexdigest()  # by content: a copied project (tests, ingest) reuses the check
    if key not in _PROJECT_SHAPES:
        _PROJECT_SHAPES.clear()
        _PROJECT_SHAPES[key] = gate_shapes(read_graph(*chosen), source="shapes/")
    return _PROJECT_SHAPES[key]


def gate_shapes(shapes: Graph, *, source: str = "--shapes") -> Graph:
    """``shapes`` with every SPARQL text checked by the query stage's gate and replaced by the
    text the gate checked (escapes expanded); :class:`InputError` naming ``source`` and the
    shape otherwise."""
    from ccpj_graph.query.safety import check_query, engine_text

    prefixes = declared_prefixes(shapes)
    gated = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        gated.bind(prefix, namespace)
    for subject, predicate, obj in shapes:
        if predicate in _SPARQL_TEXTS:
            where = f"{source}: the {_short(predicate)} of {node_label(shapes, subject)}"
            if predicate == SH.update or not isinstance(obj, Literal):
                raise InputError(f"{where}: refused (only SPARQL queries may appear in shapes)")
            text = str(obj)
            probe = _probe(text)
            try:
                if verdict_key(probe, prefixes) not in _shipped():
                    check_query(probe, prefixes=prefixes)
                obj = Literal(engine_text(text), datatype=obj.datatype, lang=obj.language)
            except InputError as err:
                raise InputError(f"{where}: {err}") from None
        gated.add((subject, predicate, obj))
    _GATED.add(gated)
    return gated
