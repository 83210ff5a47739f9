"""The query store: an on-disk Oxigraph database built once by ``ccpj build``, read by queries.

Why: rdflib needs seconds to parse the graph and has join-order cliffs (a GROUP BY over a few
patterns can take half a minute at 100k triples); the reasoner takes longer still. Building
parses and reasons once and leaves a store that opens in milliseconds, so ``ccpj query`` costs
an interpreter start plus the query itself.

Layout of the store folder (``data/store/`` by default):

- ``oxigraph/`` — the database. Asserted triples (the graph files) are in the default graph;
  triples that reasoning adds, minus those already asserted, in the named graph
  :data:`INFERRED_GRAPH`. User SPARQL reads the union of both, so it sees the closure without
  counting a triple twice, and ``GRAPH <...inferred>`` shows what was inferred; a canned query
  reads the asserted triples alone unless its header says ``# reads: all`` (it finds regions
  and narrower themes with property paths, and runs twice as fast on half the triples).
- ``meta.json`` — the files the store was built from (size, mtime, SHA-256) and the folders
  they came from, so a query can tell that the store is missing or older than the graph and
  say "run ccpj build" instead of answering from stale data. Paths are relative to the store
  folder (its real path): a home copied with its store checks the copy's files, not those of
  the home it was built in. A record with absolute paths (written before) is read as it is.

A store is built in a sibling folder and swapped into place, so a query never sees half a
store. Only a store is replaced: a folder that holds anything else is refused
(:func:`check_store_target`), since the swap removes the old folder whole. Queries run in a
worker process that is killed at the timeout (:mod:`ccpj_graph.query.worker`): pyoxigraph
ignores signals until a query finishes, so a timer in the same process could not stop it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.query.record import Record
from ccpj_graph.query.results import AskResult, GraphResult, QueryResult, SelectResult
from ccpj_graph.query.terms import Term

TYPE_CHECKING = False  # typing itself is not imported: see ccpj_graph/__init__.py
if TYPE_CHECKING:
    from typing import Any

    import pyoxigraph
    import rdflib

__all__ = [
    "INFERRED_GRAPH",
    "BudgetExceeded",
    "QueryFailed",
    "QueryTimeout",
    "StoreInfo",
    "StoreMissing",
    "build_store",
    "check_store",
    "check_store_target",
    "execute",
    "open_store",
]

#: The named graph that holds the triples reasoning added.
INFERRED_GRAPH = "https://w3id.org/ccpj/graph/inferred"

STORE_FORMAT = 1
_DB = "oxigraph"
_LOAD_THREADS = 4  # at most, and no more than the machine's cores (more only contend)
_META = "meta.json"
_REBUILD = "run ccpj build"


class StoreMissing(InputError):
    """No store, or one older than the graph files: the user must run ``ccpj build``."""


class QueryTimeout(CcpjError):
    """The query ran past ``--timeout`` and its worker was killed."""


class QueryFailed(CcpjError):
    """The store rejected or could not evaluate a query."""


class BudgetExceeded(QueryFailed):
    """The query needed more memory than its budget; its worker was stopped."""


class StoreInfo(Record):
    """What ``meta.json`` records about a built store."""

    __match_args__ = ("path", "files", "watch", "asserted", "inferred")
    __slots__ = __match_args__
    path: Path
    files: tuple[dict[str, Any], ...]
    watch: tuple[str, ...]
    asserted: int
    inferred: int

    def __init__(
        self,
        path: Path,
        files: tuple[dict[str, Any], ...],
        watch: tuple[str, ...],
        asserted: int,
        inferred: int,
    ) -> None:
        self._set(path=path, files=files, watch=watch, asserted=asserted, inferred=inferred)

    @property
    def database(self) -> Path:
        return self.path / _DB


# --- building ------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stamp(path: Path, root: str) -> dict[str, Any]:
    stat = path.stat()
    return {
        "path": _relative(path, root),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": _sha256(path),
    }


def _relative(path: Path | str, root: str) -> str:
    """``path`` (resolved) as ``meta.json`` records it: relative to ``root``, the store
    folder's real path."""
    return os.path.relpath(os.path.realpath(path), root)


def _located(recorded: str, root: str) -> str:
    """A path ``meta.json`` records, where it is now: relative ones from ``root`` (the store
    folder's real path); absolute ones (older records) as they are."""
    return os.path.normpath(os.path.join(root, recorded))


def check_store_target(path: Path, *, option: str = "--store") -> None:
    """Refuse to build a store at ``path`` when it is a file, or a folder that is neither
    empty nor a store: the swap removes the old folder whole, and a user's files there went
    with it (``--store`` naming a folder of notes). A store holds ``meta.json`` and
    ``oxigraph/`` and nothing else; a symbolic link is followed."""
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_dir():
        raise InputError(f"{option} {path}: is a file, not a folder")
    try:
        names = sorted(entry.name for entry in os.scandir(target))
    except FileNotFoundError:
        return
    except OSError as err:
        raise InputError(f"{option} {path}: cannot read: {err.strerror or err}") from None
    if not names:
        return
    strange = [name for name in names if name not in (_META, _DB)]
    if strange:
        why = f"it holds {strange[0]}"
    elif not (target / _META).is_file() or not (target / _DB).is_dir():
        why = f"no {_META} and {_DB}/"
    else:
        return
    raise InputError(
        f"{option} {path}: exists, is not empty and is not a query store made by ccpj build "
        f"({why}); choose a new or empty folder"
    )


def _ox_term(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term (None for what RDF cannot hold, e.g. a variable)."""
    import pyoxigraph as ox
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return None


def _inferred_quads(
    inferred: rdflib.Graph | Path | None, store: pyoxigraph.Store
) -> Iterable[pyoxigraph.Quad]:
    import pyoxigraph as ox

    if inferred is None:
        return
    graph = ox.NamedNode(INFERRED_GRAPH)
    default = ox.DefaultGraph()
    if isinstance(inferred, Path):
        triples: Iterable[Any] = (
            (q.subject, q.predicate, q.object)
            for q in ox.parse(path=str(inferred), format=ox.RdfFormat.TURTLE)
        )
    else:
        triples = (
            (_ox_term(s), _ox_term(p), _ox_term(o))
            for s, p, o in inferred.triples((None, None, None))
        )
    for s, p, o in triples:
        # The OWL RL closure can hold triples RDF cannot (a literal subject): leave them out.
        if not isinstance(s, ox.NamedNode | ox.BlankNode) or not isinstance(p, ox.NamedNode):
            continue
        if o is None or ox.Quad(s, p, o, default) in store:
            continue
        yield ox.Quad(s, p, o, graph)


def build_store(
    files: Sequence[Path],
    inferred: rdflib.Graph | Path | None,
    path: Path,
    *,
    watch: Sequence[Path] = (),
    derived: bool = False,
) -> StoreInfo:
    """Load ``files`` (Turtle) and the ``inferred`` triples into a new store at ``path``.

    ``inferred`` is an rdflib graph (what ``reason()`` returns), a Turtle file, or None.
    ``derived``: ``inferred`` is an N-Triples file the build wrote from the graph files (none of
    its triples asserted there); it is bulk-loaded as it is and not recorded among the store's
    sources (it lives in the build cache, keyed by those files).
    ``watch`` adds folders whose new ``*.ttl`` files make the store stale; the folders of
    ``files`` are always watched. A file that does not parse raises :class:`CcpjError`
    naming it, with line and column, and leaves any existing store untouched; so does a
    ``path`` that is not a store (:func:`check_store_target`). A symbolic link at ``path``
    stays: the store is built where it leads.
    """
    import shutil

    import pyoxigraph as ox

    path = Path(path)
    check_store_target(path)
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    root = str(target)
    tmp = target.parent / f".{target.name}.building-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        store = ox.Store(str(tmp / _DB))
        _load_files(store, files)
        asserted = len(store)
        if derived and isinstance(inferred, Path):
            try:
                store.bulk_load(
                    path=str(inferred),
                    format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(INFERRED_GRAPH),
                )
            except SyntaxError as err:
                raise CcpjError(f"{inferred}: {err}") from None
        else:
            try:
                store.extend(list(_inferred_quads(inferred, store)))
            except SyntaxError as err:
                raise CcpjError(f"{inferred}: {err}") from None
        inferred_count = len(store) - asserted
        store.flush()
        store.optimize()
        del store
        stamps = [_stamp(Path(f), root) for f in files]
        if isinstance(inferred, Path) and not derived:
            stamps.append(_stamp(inferred, root))
        folders = {_relative(os.path.dirname(os.path.realpath(f)), root) for f in files}
        folders |= {_relative(w, root) for w in watch}
        meta = {
            "format": STORE_FORMAT,
            "files": stamps,
            "watch": sorted(folders),
            "asserted": asserted,
            "inferred": inferred_count,
        }
        (tmp / _META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        check_store_target(path)  # again: the folder may have been filled while loading
        _swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return check_store(path)


def _load_files(store: Any, files: Sequence[Path]) -> None:
    """Bulk-load the Turtle ``files`` into ``store``, several at once (as Oxigraph's own
    ``oxigraph load`` does: one bulk loader per file, each on its own thread, into one store;
    pyoxigraph lets go of the GIL while it loads). On two cores a 10x corpus's 64 files load
    in 1.2 s instead of 2.1 s. The first file in ``files``' order that does not parse is the
    one named."""
    from concurrent.futures import ThreadPoolExecutor

    import pyoxigraph as ox

    from ccpj_graph.rdfio import bulk_load

    def load(file: Path) -> str | None:
        try:
            bulk_load(store, file, ox.RdfFormat.TURTLE)
        except SyntaxError as err:
            return f"{file}: {err}"
        return None

    threads = max(1, min(_LOAD_THREADS, os.cpu_count() or 1, len(files)))
    with ThreadPoolExecutor(max_workers=threads) as pool:
        errors = [error for error in pool.map(load, files) if error is not None]
    if errors:
        raise CcpjError(errors[0])


def _swap(new: Path, path: Path) -> None:
    """Put ``new`` at ``path``: the old store is renamed away first, then removed."""
    import shutil

    old = path.parent / f".{path.name}.old-{os.getpid()}"
    if path.exists():
        os.replace(path, old)
    os.replace(new, path)
    shutil.rmtree(old, ignore_errors=True)


# --- checking ------------------------------------------------------------------------------


def check_store(path: Path) -> StoreInfo:
    """The store's record if it is present and current; else :class:`StoreMissing`.

    Cheap (a few ``stat`` calls): a file is hashed only when its size or mtime changed, so a
    ``touch`` or a fresh checkout does not force a rebuild when the content is the same.
    """
    path = Path(path)
    meta_path = path / _META
    if not meta_path.is_file() or not (path / _DB).is_dir():
        raise StoreMissing(f"no query store at {path}; {_REBUILD}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise StoreMissing(f"{meta_path} is unreadable; {_REBUILD}") from None
    if not isinstance(meta, dict):
        raise StoreMissing(f"{meta_path} is unreadable; {_REBUILD}")
    if meta.get("format") != STORE_FORMAT:
        raise StoreMissing(f"the query store at {path} is of an older format; {_REBUILD}")
    try:
        return _current(path, meta)
    except (KeyError, TypeError, ValueError, AttributeError):  # a record edited by hand
        raise StoreMissing(f"{meta_path} is unreadable; {_REBUILD}") from None


def _current(path: Path, meta: dict[str, Any]) -> StoreInfo:
    """The record ``meta`` of the store at ``path``, checked against the files it names."""
    root = os.path.realpath(path)
    files = []
    recorded = set()
    for stamp in meta["files"]:
        file = Path(_located(stamp["path"], root))
        files.append({**stamp, "path": str(file)})
        recorded.add(str(file))
        try:
            stat = file.stat()
        except OSError:
            raise StoreMissing(f"{file} is gone since the store was built; {_REBUILD}") from None
        if stat.st_size == stamp["size"] and stat.st_mtime_ns == stamp["mtime_ns"]:
            continue
        if stat.st_size != stamp["size"] or _sha256(file) != stamp["sha256"]:
            raise StoreMissing(f"{file} changed since the store was built; {_REBUILD}")
    watch = tuple(_located(folder, root) for folder in meta["watch"])
    for folder in watch:
        for file in sorted(Path(folder).glob("*.ttl")):
            # the folders are recorded resolved: only a symbolic link needs resolving
            if str(file) not in recorded and str(file.resolve()) not in recorded:
                raise StoreMissing(f"{file} is newer than the query store; {_REBUILD}")
    return StoreInfo(
        path=path,
        files=tuple(files),
        watch=watch,
        asserted=int(meta["asserted"]),
        inferred=int(meta["inferred"]),
    )


def open_store(path: Path) -> pyoxigraph.Store:
    """The store's database, opened read-only (after :func:`check_store`)."""
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(Path(path) / _DB))
    except OSError as err:
        raise StoreMissing(f"cannot open the query store at {path} ({err}); {_REBUILD}") from None


# --- querying ------------------------------------------------------------------------------


def _term(node: Any) -> Term | None:
    import pyoxigraph as ox

    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return Term.iri(node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        return Term.literal(node.value, datatype=node.datatype.value, lang=node.language)
    return Term.literal(str(node))  # an RDF-star triple term: shown as text


def execute(
    store: pyoxigraph.Store,
    text: str,
    *,
    limit: int | None = None,
    prefixes: dict[str, str] | None = None,
    inferred: bool = True,
) -> QueryResult:
    """Run ``text`` on ``store`` and collect at most ``limit`` rows or triples. The default
    graph is the union of the asserted triples and :data:`INFERRED_GRAPH`; with
    ``inferred=False``, the asserted triples alone."""
    import pyoxigraph as ox

    try:
        answer = store.query(text, prefixes=prefixes, use_default_graph_as_union=inferred)
    except SyntaxError as err:
        raise QueryFailed(f"query rejected by the store: {err}") from None
    try:
        if isinstance(answer, ox.QueryBoolean):
            return AskResult(bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            columns = tuple(v.value for v in answer.variables)
            rows: list[tuple[Term | None, ...]] = []
            for solution in answer:
                if limit is not None and len(rows) >= limit:
                    return SelectResult(columns, tuple(rows), truncated=True)
                rows.append(tuple(_term(solution[c]) for c in columns))
            return SelectResult(columns, tuple(rows))
        triples: list[pyoxigraph.Triple] = []
        truncated = False
        for triple in answer:
            if limit is not None and len(triples) >= limit:
                truncated = True
                break
            triples.append(triple)
    except OSError as err:
        raise QueryFailed(f"query failed in the store: {err}") from None
    triples.sort(key=str)
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes or {})
    return GraphResult((data or b"").decode("utf-8"), len(triples), truncated)
