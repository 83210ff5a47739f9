"""Where a network's rows come from: the query store, or the graph's Turtle files.

Why pyoxigraph: the projections join over every activity and, for ``full``, every triple;
rdflib's engine takes tens of seconds on such joins where pyoxigraph takes milliseconds
(RELIABILITY.md), and its parser is strict, so a broken file is an error naming its line, not
a half-read graph. :func:`open_source` uses the query stage's store (``data/store``, made by
``ccpj build``) when it is current and holds the ontology, reading its default graph only: the
asserted triples, the same ones the files hold, so a network does not change with the store's
reasoning. Otherwise it loads the files into an in-memory store. An rdflib ``Graph`` is
accepted too, so tests can compare engines. Rows come back as
:class:`ccpj_graph.query.terms.Term` records, the query stage's engine-neutral terms.

Every query goes through the query stage's SPARQL gate first (a projection file can be
edited, or come from another ``CCPJ_HOME``), and the engine runs the text the gate checked;
the verdict is kept per text for the life of the process.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.query.terms import Term

__all__ = ["Row", "Source", "graph_source", "open_source", "store_source"]

#: One answer row: column -> term (None when unbound).
Row = dict[str, Term | None]


class Source:
    """A read-only SPARQL SELECT endpoint over a pyoxigraph store or an rdflib graph."""

    def __init__(self, backend: Any, *, name: str = "graph") -> None:
        self._backend = backend
        self.name = name

    def select(self, query: str) -> list[Row]:
        """Run a SELECT query; rows in the engine's order (callers sort what they need)."""
        text = _checked(query)
        if isinstance(self._backend, ox.Store):
            return _select_oxigraph(self._backend, text)
        return _select_rdflib(self._backend, text)


@lru_cache(maxsize=64)
def _checked(query: str) -> str:
    """The text the gate checked (read-only, no SERVICE, no FROM), or its one-line refusal."""
    from ccpj_graph.query.safety import check_query

    checked = check_query(query)
    if checked.form != "SELECT":
        raise CcpjError("a network projection must be a SELECT query")
    return checked.text


def _term_ox(term: Any) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term.iri(term.value)
    if isinstance(term, ox.Literal):
        return Term.literal(term.value, datatype=term.datatype.value, lang=term.language)
    return Term("bnode", str(term.value))


def _select_oxigraph(store: ox.Store, query: str) -> list[Row]:
    solutions = store.query(query)  # the default graph alone: asserted triples only
    if not isinstance(solutions, ox.QuerySolutions):
        raise CcpjError("a network projection must be a SELECT query")
    names = [v.value for v in solutions.variables]
    # One Term per distinct term: the full network's rows name each node thousands of times
    # (at 10x the corpus, 1.7 M terms for 15,000 nodes; making each afresh was a third of
    # building the network). Terms are immutable, so rows may share them.
    made: dict[Any, Term | None] = {None: None}

    def term(value: Any) -> Term | None:
        found = made.get(value, made)
        if found is made:
            found = made[value] = _term_ox(value)
        return found  # type: ignore[return-value]

    return [dict(zip(names, map(term, solution), strict=True)) for solution in solutions]


def _term_rdflib(term: Any) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term.iri(str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return Term.literal(str(term), datatype=datatype, lang=term.language)
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    return Term.literal(str(term))


def _select_rdflib(graph: Any, query: str) -> list[Row]:
    result = graph.query(query)
    if result.type != "SELECT":
        raise CcpjError("a network projection must be a SELECT query")
    names = [str(v) for v in result.vars]
    return [{n: _term_rdflib(row[i]) for i, n in enumerate(names)} for row in result]


def _load(store: ox.Store, path: Path) -> None:
    from ccpj_graph.rdfio import bulk_load

    try:
        bulk_load(store, path, ox.RdfFormat.TURTLE)
    except SyntaxError as err:
        raise InputError(f"{path}: {' '.join(str(err).split())}") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


def graph_source(paths: Sequence[Path], *, ontology: bool = True) -> Source:
    """A source holding the ontology (when asked) and the Turtle files ``paths``."""
    store = ox.Store()
    files: list[Path] = resources.ontology_files() if ontology else []
    for path in [*files, *paths]:
        _load(store, path)
    return Source(store, name=", ".join(p.name for p in paths) or "ontology")


def _turtle_files(where: Path) -> Iterable[Path]:
    if where.is_file():
        return [where]
    return sorted(where.glob("*.ttl"))


def store_source(path: Path | None = None) -> Source | None:
    """The query store at ``path`` (default ``data/store``) as a source, or None when it is
    missing, stale, or was built without the ontology (the projections need its classes)."""
    from ccpj_graph.query.store import StoreMissing, check_store, open_store

    path = path or resources.store_dir()
    try:
        info = check_store(path)
        recorded = {str(Path(stamp["path"]).resolve()) for stamp in info.files}
        ontology = {str(p.resolve()) for p in resources.ontology_dir().glob("*.ttl")}
        if not ontology or not ontology <= recorded:
            return None
        return Source(open_store(path), name=str(path))
    except (StoreMissing, OSError, KeyError):
        return None


def open_source(graph_dir: Path | None = None, *, use_store: bool = True) -> Source:
    """The built knowledge graph: ontology, reference data, manifest and ``graph_dir``
    (default ``data/graph``), the same files as ``build.merged.graph_files``; ``graph_dir``
    may also be one Turtle file. Without ``graph_dir``, a current query store is used."""
    from ccpj_graph.build.merged import graph_files

    if graph_dir is None and use_store and (store := store_source()) is not None:
        return store
    where = graph_dir or resources.graph_dir()
    if not where.exists():
        raise InputError(f"{where}: no built graph here; run `ccpj build` first")
    if not list(_turtle_files(where)):
        raise InputError(f"{where}: no Turtle files; run `ccpj build` first")
    if where.is_dir():
        return graph_source(graph_files(graph_dir=where, ontology=False))
    shared = [*resources.reference_files(), *resources.manifest_files()]
    return graph_source([*sorted(shared), where])
