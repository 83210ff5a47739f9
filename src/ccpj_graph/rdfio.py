"""Strict, safe reading of RDF files that come from users or from other stages.

Why not ``rdflib.Graph.parse``: rdflib's Turtle parser is lenient (IRIs with spaces, literal
subjects) and not atomic (triples before a syntax error stay in the graph); its RDF/XML parser
expands entity declarations (quadratic: a 560-byte file ran past 300 s); its JSON-LD parser
dereferences remote and ``file:`` contexts. Here every file is parsed by pyoxigraph, which
rejects all of that and reports line and column, into a list of triples first; a fresh rdflib
graph is built only when the whole file parsed. RDF/XML with a DOCTYPE or ENTITY declaration
and JSON-LD with a remote context are refused before parsing. A leading UTF-8 byte-order
mark is skipped; blank nodes get names that depend only on the document (never random), so
output naming them is the same run after run. Errors are
:class:`~ccpj_graph.errors.InputError` (exit 2) with a one-line ``FILE:LINE:COL: message``.

Writing canonical Turtle atomically is :mod:`ccpj_graph.build.serialize`'s job.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import warnings
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ccpj_graph.errors import InputError
from ccpj_graph.limits import RDF_BYTES, read_capped
from ccpj_graph.namespaces import bind_prefixes

__all__ = [
    "BOM",
    "FORMATS",
    "MAX_BYTES",
    "bulk_load",
    "format_for",
    "parse_data",
    "parse_triples",
    "read_graph",
    "read_ontology",
    "read_shapes",
    "read_triples",
]

# File suffix -> pyoxigraph format. N3 is not accepted (formulae and rules are not RDF).
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
_NAMES: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

#: The UTF-8 byte-order mark, skipped at the start of every document.
BOM = b"\xef\xbb\xbf"

# Refuse larger inputs outright (a bounded read: /dev/zero cannot grow memory).
MAX_BYTES = RDF_BYTES

# Any "<!" that does not open a comment or a CDATA section is a markup declaration.
_XML_DECLARATION = re.compile(rb"<!(?!--|\[CDATA\[)")
_XML_ENCODING = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_LOCATION_SUFFIX = re.compile(r"\s*\(line \d+\)\s*$")
_PARSER_PREFIX = re.compile(
    r"^Parser error (?:at line \d+ (?:between columns \d+ and \d+|column \d+)"
    r"|between line \d+ column \d+ and line \d+ column \d+): "
)


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> ox.RdfFormat:
    """The RDF format of ``path``: ``fmt`` when given (a name like ``turtle``), else by suffix."""
    if fmt is not None:
        try:
            return _NAMES[fmt.lower()]
        except KeyError:
            names = ", ".join(sorted(_NAMES))
            raise InputError(f"--format {fmt!r}: unknown RDF format; use one of {names}") from None
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = " ".join(sorted(FORMATS))
        raise InputError(
            f"{path}: cannot tell the RDF format from the suffix {suffix or '(none)'!r}; "
            f"use one of {known}"
        ) from None


def read_graph(
    *paths: str | os.PathLike[str],
    fmt: str | None = None,
    base_iri: str | None = None,
    max_bytes: int = MAX_BYTES,
    about: Collection[str] | None = None,
) -> Graph:
    """Parse ``paths`` strictly and return one fresh graph holding all their triples.

    Named graphs in TriG / N-Quads are merged into the default graph. Blank nodes are named
    by their file's bytes and place (:func:`_stable_blank_nodes`), so two files' ``_:b0``
    stay distinct and the same input gives the same names in every run. Nothing is added to
    the result unless every file parsed. ``about``: keep only the triples whose subject is
    one of these IRIs (every file is still parsed and checked whole; only the kept triples
    become rdflib terms, which is most of the cost of reading a large graph for a few nodes).
    """
    triples: list[tuple[Node, Node, Node]] = []
    for path in paths:
        name = os.fspath(path)
        quads = _quads(_read(name, max_bytes), format_for(name, fmt), name, base_iri)
        if about is not None:
            quads = [
                q for q in quads if isinstance(q.subject, ox.NamedNode) and q.subject.value in about
            ]
        triples.extend(_rdflib_triples(quads, name))
    return _fresh_graph(triples)


def read_triples(
    *paths: str | os.PathLike[str],
    fmt: str | None = None,
    base_iri: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> list[ox.Triple]:
    """:func:`read_graph` for callers that work on pyoxigraph terms (publish, push): the same
    checks, the same errors, the triples of every file (named graphs merged) in file order."""
    triples: list[ox.Triple] = []
    for path in paths:
        name = os.fspath(path)
        for quad in _quads(_read(name, max_bytes), format_for(name, fmt), name, base_iri):
            if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
                raise InputError(f"{name}: RDF 1.2 triple terms are not supported")
            triples.append(quad.triple)  # made in Rust: half the time of ox.Triple(s, p, o)
    return triples


def _read(name: str, max_bytes: int) -> bytes:
    return read_capped(name, max_bytes, what="an RDF file", text=True)


def parse_data(
    data: bytes | str,
    *,
    fmt: str = "turtle",
    source: str = "<data>",
    base_iri: str | None = None,
) -> Graph:
    """Parse in-memory RDF strictly into a fresh graph; ``source`` names it in errors."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return _fresh_graph(_parse(raw, format_for(source, fmt), source, base_iri))


def parse_triples(
    data: bytes | str,
    *,
    fmt: str = "turtle",
    source: str = "<data>",
    base_iri: str | None = None,
) -> set[tuple[Node, Node, Node]]:
    """:func:`parse_data` for callers that want the set of triples, not a graph (the build's
    reasoning parts): the same checks and errors, without the cost of rdflib's store (three
    quarters of the time of reading a part into a graph)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return set(_parse(raw, format_for(source, fmt), source, base_iri))


def bulk_load(
    store: ox.Store, path: str | os.PathLike[str], fmt: ox.RdfFormat = ox.RdfFormat.TURTLE
) -> None:
    """Load the project's file ``path`` into ``store`` as Oxigraph reads it from disk (the
    query store's and the networks' loads: files the strict reader already read, or the
    build wrote), skipping a leading byte-order mark as :func:`read_graph` does: a reference
    file saved with one read there and then failed here. Oxigraph's ``SyntaxError`` and
    ``OSError`` reach the caller, which names the file."""
    with open(path, "rb") as handle:
        marked = handle.read(len(BOM)) == BOM
    if marked:
        with open(path, "rb") as handle:
            handle.seek(len(BOM))
            store.bulk_load(input=handle, format=fmt)
    else:
        store.bulk_load(path=os.fspath(path), format=fmt)


def read_ontology() -> Graph:
    """The project's ontology (``ontology/*.ttl``) as a fresh graph."""
    from ccpj_graph.resources import ontology_files

    return read_graph(*ontology_files())


def read_shapes() -> Graph:
    """The project's SHACL shapes (``shapes/*.ttl``) as a fresh graph."""
    from ccpj_graph.resources import shape_files

    return read_graph(*shape_files())


# --- parsing ------------------------------------------------------------------------------------


def _parse(
    data: bytes, fmt: ox.RdfFormat, source: str, base_iri: str | None
) -> list[tuple[Node, Node, Node]]:
    return _rdflib_triples(_quads(data, fmt, source, base_iri), source)


def _quads(data: bytes, fmt: ox.RdfFormat, source: str, base_iri: str | None) -> list[ox.Quad]:
    """Every quad of ``data``, after the refusals, with :func:`_stable_blank_nodes`; a leading
    UTF-8 byte-order mark is skipped; one-line errors naming ``source``."""
    # Editors on Windows start UTF-8 files with a BOM, which the parsers read as a character
    # of the first term ("\ufeff is not a valid subject"); UTF-8 needs none, so it goes.
    data = data.removeprefix(BOM)
    if fmt == ox.RdfFormat.RDF_XML:
        _refuse_xml_declarations(data, source)
    elif fmt == ox.RdfFormat.JSON_LD:
        _refuse_remote_contexts(data, source)
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=base_iri))
    except SyntaxError as err:
        raise InputError(_location(source, err)) from None
    except ValueError as err:  # e.g. an unsupported format for this build of pyoxigraph
        raise InputError(f"{source}: {err}") from None
    return _stable_blank_nodes(quads, data)


def _stable_blank_nodes(quads: list[ox.Quad], data: bytes) -> list[ox.Quad]:
    """``quads`` with every blank node named by the document and its place in it:
    ``b<16 hex digits of the bytes' SHA-256>x<n>``, n counting the document's blank nodes
    in the order they first appear.

    Why: the parser names an anonymous node (``[ ... ]``, a list) at random, a fresh name
    each run, so a report naming a blank-node shape (``ccpj validate --shapes``) or a refusal
    naming its SPARQL differed from run to run. Named so, the same input gives the same
    names in every process, two documents' nodes stay apart, and reading a document twice
    (the project's files for context, then one of them as the file checked) gives the same
    nodes, not copies.
    """
    prefix = ""
    names: dict[ox.BlankNode, ox.BlankNode] = {}

    def name(node: ox.BlankNode) -> ox.BlankNode:
        nonlocal prefix
        found = names.get(node)
        if found is None:
            prefix = prefix or f"b{hashlib.sha256(data).hexdigest()[:16]}x"
            found = names[node] = ox.BlankNode(f"{prefix}{len(names)}")
        return found

    blank = ox.BlankNode
    out = quads
    for index, quad in enumerate(quads):
        subject, obj = quad.subject, quad.object
        if type(subject) is blank or type(obj) is blank:
            out[index] = ox.Quad(
                name(subject) if type(subject) is blank else subject,
                quad.predicate,
                name(obj) if type(obj) is blank else obj,
                quad.graph_name,
            )
    return out


def _rdflib_triples(quads: Iterable[ox.Quad], source: str) -> list[tuple[Node, Node, Node]]:
    """The quads' triples as rdflib terms, each distinct term made once (a graph names the
    same subjects, predicates and classes over and over: half the time of reading a part)."""
    made: dict[Any, Node] = {}

    def term(value: Any) -> Node:
        known = made.get(value)
        if known is None:
            known = made[value] = _term(value, source)
        return known

    with _quiet_literals():
        return [(term(q.subject), term(q.predicate), term(q.object)) for q in quads]


def _location(source: str, err: SyntaxError) -> str:
    message = _PARSER_PREFIX.sub("", str(err.msg or err))
    message = _LOCATION_SUFFIX.sub("", message)
    if err.lineno:
        column = f":{err.offset}" if err.offset else ""
        return f"{source}:{err.lineno}{column}: {message}"
    return f"{source}: {message}"


def _refuse_xml_declarations(data: bytes, source: str) -> None:
    """Refuse the whole class of XML that can expand: any markup declaration (``<!DOCTYPE``,
    ``<!ENTITY``, ``<!ATTLIST``, ...; only comments and CDATA may start with ``<!``), and any
    encoding but UTF-8 (a declaration the check cannot see in UTF-16 or another encoding)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:1024]:
        raise InputError(f"{source}: RDF/XML must be UTF-8 (UTF-16 input is refused)")
    declared = _XML_ENCODING.match(data)
    if declared and declared[1].lower().replace(b"_", b"-") not in (b"utf-8", b"us-ascii"):
        encoding = declared[1].decode("ascii", "replace")
        raise InputError(f"{source}:1: RDF/XML must be UTF-8 (declared encoding {encoding!r})")
    match = _XML_DECLARATION.search(data)
    if match:
        line = data.count(b"\n", 0, match.start()) + 1
        column = match.start() - (data.rfind(b"\n", 0, match.start()) + 1) + 1
        raise InputError(
            f"{source}:{line}:{column}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
            "(entity expansion can exhaust CPU and memory)"
        )


def _refuse_remote_contexts(data: bytes, source: str) -> None:
    try:
        document = json.loads(data)
    except json.JSONDecodeError as err:
        raise InputError(f"{source}:{err.lineno}:{err.colno}: invalid JSON: {err.msg}") from None
    except UnicodeDecodeError:
        raise InputError(f"{source}: JSON-LD must be UTF-8") from None
    except RecursionError:
        raise InputError(f"{source}: JSON nested too deeply") from None
    try:
        remote = next(iter(_contexts(document)), None)
    except RecursionError:
        raise InputError(f"{source}: JSON nested too deeply") from None
    if remote is not None:
        raise InputError(
            f"{source}: remote JSON-LD context {remote!r} is refused; inline the context"
        )


def _contexts(node: Any) -> Iterator[str]:
    """Every context that would be fetched: string ``@context`` values and ``@import``s."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                yield from _remote(value)
            else:
                yield from _contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _contexts(item)


def _remote(context: Any) -> Iterator[str]:
    if isinstance(context, str):
        yield context
    elif isinstance(context, list):
        for item in context:
            yield from _remote(item)
    elif isinstance(context, dict):
        if isinstance(context.get("@import"), str):
            yield context["@import"]
        for value in context.values():  # scoped contexts inside term definitions
            if isinstance(value, dict) and "@context" in value:
                yield from _remote(value["@context"])


@contextmanager
def _quiet_literals() -> Iterator[None]:
    """Keep rdflib from logging a traceback for an ill-typed literal; SHACL reports it."""
    logger = logging.getLogger("rdflib.term")
    previous = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.disabled = previous


def _term(term: Any, source: str) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            if getattr(term, "direction", None) is not None:
                raise InputError(f"{source}: literals with a base direction are not supported")
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        # normalize=False keeps the lexical form as written: rdflib would otherwise turn an
        # ill-typed "maybe"^^xsd:boolean into "false" and hide the error from SHACL.
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise InputError(f"{source}: RDF 1.2 triple terms are not supported ({term})")


def _fresh_graph(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    for triple in triples:
        graph.add(triple)
    return graph
