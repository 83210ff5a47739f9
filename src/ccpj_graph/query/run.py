"""Run a canned query or a user's SPARQL against the store: the functions the CLI calls.

Each run checks that the store is current, and every SPARQL text runs in one worker process
(:class:`~ccpj_graph.query.worker.StoreWorker`) that the timeout can kill, under a CPU and
memory budget and with the network denied (:mod:`ccpj_graph.query.sandbox`). For user SPARQL
the worker's work starts with the safety gate (:func:`ccpj_graph.query.safety.check_query`):
parsing is inside the budget, and the engine runs the very text the gate checked. A canned
query is bound in the calling process, from project files and the build cache (its file's
text, each lookup's and the bound text the engine runs pass the gate too, :func:`check_canned`,
whose verdicts are kept, so rdflib is only loaded on a text's first run; a bound text that
differs from its file only by VALUES lines of plain terms is covered by the file's verdict,
:func:`check_like`), while the worker opens the store; its lookups and the bound query run
in the worker under the same budget and network ban.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from ccpj_graph.errors import InputError, require
from ccpj_graph.query.answers import KEEP_AFTER, Answers, store_identity
from ccpj_graph.query.canned import CannedQuery, load_prefixes
from ccpj_graph.query.params import Candidate, Select, bind_query, candidates
from ccpj_graph.query.results import QueryResult, SelectResult, render
from ccpj_graph.query.sandbox import Budget
from ccpj_graph.query.store import INFERRED_GRAPH, check_store, execute
from ccpj_graph.query.terms import Term
from ccpj_graph.query.worker import StoreWorker, run_in_store
from ccpj_graph.resources import touch

TYPE_CHECKING = False  # typing itself is not imported: see ccpj_graph/__init__.py
if TYPE_CHECKING:
    import pyoxigraph

    from ccpj_graph.query.safety import CheckedQuery

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT",
    "CannedJob",
    "SparqlJob",
    "ValuesJob",
    "check_bound",
    "check_canned",
    "check_like",
    "list_values",
    "run_canned",
    "run_sparql",
]

DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000


def _select(worker: StoreWorker) -> Select:
    """Run a lookup query (``queries/params/*.rq``, or the terms a ``#@below`` line lists) in
    the worker: through the gate first, as every SPARQL text is (its verdict kept, as a canned
    query's)."""

    def select(text: str, like: tuple[str, tuple[int, ...]] | None = None) -> SelectResult:
        check_like(text, like)
        result = worker.execute(text)
        assert isinstance(result, SelectResult)  # lookup queries are SELECTs
        return result

    return select


def _lookups(worker: StoreWorker, identity: bytes | None) -> Select:
    """The lookup queries of parameter resolution, their answers kept in the build cache.

    A lookup reads the whole graph for every value of one type (about 100 ms for partners or
    countries on the bundled corpus, 5 ms for themes) and its answer changes only with the
    store: the key is the hash of the store's record (``meta.json``: every source file's
    SHA-256), of its database folder's identity (a rebuilt store is a new folder) and of the
    query text, so a later ``ccpj query`` reads a small table instead. Without ``identity``
    (:func:`~ccpj_graph.query.answers.store_identity`), or where nothing can be read or
    written, the lookups simply run.
    """
    select = _select(worker)
    if identity is None:
        return select
    import hashlib

    root = _cache_root()

    def cached(text: str, like: tuple[str, tuple[int, ...]] | None = None) -> SelectResult:
        sha = hashlib.sha256()
        for part in (identity, text.encode("utf-8")):
            sha.update(len(part).to_bytes(8, "big") + part)
        key = sha.hexdigest()
        path = root / "lookup" / key[:2] / f"{key}.json"
        try:
            kept = _from_sparql_json(path.read_bytes())
        except OSError:
            pass  # not kept yet
        except (ValueError, KeyError, TypeError):
            pass  # a damaged entry: run the lookup and write it again
        else:
            touch(path)  # used: the build's pruning keeps it
            return kept
        result = select(text, like)
        from ccpj_graph.cache import Cache

        Cache(root).put("lookup", key, render(result, "sparql-json").encode("utf-8"), ".json")
        return result

    return cached


def _cache_root() -> Path:
    """The build cache folder, as ``Cache()`` has it (without importing it: a hit is a read)."""
    from ccpj_graph import resources

    return resources.home() / "data" / ".cache"


def _from_sparql_json(data: bytes) -> SelectResult:
    """A SELECT answer read back from the SPARQL JSON :func:`render` wrote."""
    import json

    doc = json.loads(data)
    columns = tuple(str(c) for c in doc["head"]["vars"])
    rows = tuple(
        tuple(Term.from_json(b[c]) if c in b else None for c in columns)
        for b in doc["results"]["bindings"]
    )
    return SelectResult(columns, rows)


class CannedJob:
    """Resolve a canned query's parameters in the store, bind them and (unless explaining)
    run it; returns the bound text and the result. An answer that took
    :data:`~ccpj_graph.query.answers.KEEP_AFTER` seconds or more is kept for the same store,
    and read the next time (:mod:`ccpj_graph.query.answers`).

    The jobs are plain classes, not dataclasses: each dataclass compiles its methods when its
    module is imported, a cost every ``ccpj query`` would pay for these three.
    """

    __slots__ = ("always_keep", "explain", "fresh", "limit", "query", "store", "values")

    def __init__(
        self,
        query: CannedQuery,
        values: Mapping[str, str | None] | None = None,
        limit: int | None = None,
        explain: bool = False,
        store: Path | None = None,
        fresh: bool = False,
        always_keep: bool = False,
    ) -> None:
        self.query = query
        self.values = dict(values or {})
        self.limit = limit
        self.explain = explain
        self.store = store  # the store folder, for the lookup cache and the kept answers
        self.fresh = fresh  # compute the answer, reading and keeping none
        self.always_keep = always_keep  # keep the answer however quick (answers ahead)

    def __call__(self, worker: StoreWorker) -> tuple[str, QueryResult | None]:
        check_canned(self.query.gated_text)  # a refused file is refused before any lookup
        identity = store_identity(self.store)  # read once: the lookups' key and the answers'
        text = bind_query(self.query, self.values, _lookups(worker, identity))
        check_bound(self.query, text)  # and the gate sees the very text the engine runs
        if self.explain:
            return text, None
        answers = None if identity is None or self.fresh else Answers(_cache_root(), identity)
        reads = self.query.reads
        kept = answers.get(text, reads, self.limit) if answers is not None else None
        if kept is not None:
            return text, kept
        import time

        started = time.perf_counter()
        result = worker.execute(text, limit=self.limit, inferred=self.query.with_inferred)
        if (
            answers is not None
            and isinstance(result, SelectResult)
            and (self.always_keep or time.perf_counter() - started >= KEEP_AFTER)
        ):
            answers.keep(text, reads, self.limit, result)
        return text, result


def check_canned(text: str) -> None:
    """The gate's verdict on a canned query's text, before binding and as bound, or a
    lookup's, kept in the build cache.

    Canned texts are project files and the terms binding writes (:meth:`Term.sparql`), so a
    verdict changes only with the text or the gate: the key is the hash of both, and a text
    that passed is not parsed again (rdflib's import and parse would triple ``ccpj query``'s
    time; see :func:`check_like` for bound texts). The engine runs the very text checked.
    A refusal is raised, never kept.
    """
    import hashlib

    from ccpj_graph import resources

    key = hashlib.sha256(_gate_source() + b"\0" + text.encode("utf-8")).hexdigest()
    entry = resources.home() / "data" / ".cache" / "gate" / key[:2] / key
    if entry.is_file():
        touch(entry)
        return
    from ccpj_graph.query.verdicts import is_shipped

    if not is_shipped(text):  # a text of the shipped queries/ was checked when it was made
        from ccpj_graph.query.safety import check_query

        check_query(text)
    from ccpj_graph.cache import Cache

    Cache(entry.parents[2]).put("gate", key, b"passed\n")


def check_bound(query: CannedQuery, text: str) -> None:
    """The gate's verdict on ``query`` as bound (``text``, what the engine runs): see
    :func:`check_like`, with the query's gated text and the lines binding writes."""
    check_like(text, (query.gated_text, query.value_slots))


def check_like(text: str, like: tuple[str, tuple[int, ...]] | None) -> None:
    """The gate's verdict on ``text``, a canned query as bound or a lookup.

    ``like`` is ``(checked, slots)``: when ``text`` is ``checked`` with only VALUES lines of
    plain terms at ``slots`` (:func:`~ccpj_graph.query.bound.same_but_values`), the verdict on
    ``checked`` (kept: a read) holds for it and nothing is parsed; otherwise the gate parses
    ``text`` (:func:`check_canned`). A new parameter value is then a read too.
    """
    if like is not None:
        from ccpj_graph.query.bound import same_but_values

        checked, slots = like
        check_canned(checked)
        if same_but_values(checked, text, slots):
            return
    check_canned(text)


def _gate_source() -> bytes:
    """The gate's own source, part of every kept verdict's key (a changed gate checks again)."""
    from ccpj_graph.query.verdicts import gate_source

    return gate_source()


@lru_cache(maxsize=256)
def _verdict(text: str, prefixes: tuple[tuple[str, str], ...], allow_network: bool) -> CheckedQuery:
    """The gate's verdict, kept per text: a long-lived endpoint worker parses a query it has
    seen before only once (refusals are raised again each time, not kept)."""
    from ccpj_graph.query.safety import check_query

    return check_query(
        text, prefixes=dict(prefixes), allow_network=allow_network, allowed_graphs=[INFERRED_GRAPH]
    )


class SparqlJob:
    """Check user SPARQL with the gate, then run the checked text, with the project's prefixes
    predeclared (both in the worker, so parsing is inside the budget)."""

    __slots__ = ("allow_network", "limit", "prefixes", "text")

    def __init__(
        self,
        text: str,
        limit: int | None = None,
        prefixes: Mapping[str, str] | None = None,
        allow_network: bool = False,
    ) -> None:
        self.text = text
        self.limit = limit
        self.prefixes = dict(prefixes or {})
        self.allow_network = allow_network

    def check(self) -> CheckedQuery:
        """The gate's verdict on :attr:`text` (raises when it is refused)."""
        return _verdict(self.text, tuple(sorted(self.prefixes.items())), self.allow_network)

    def __call__(self, store: pyoxigraph.Store) -> QueryResult:
        checked = self.check()
        return execute(store, checked.text, limit=self.limit, prefixes=dict(self.prefixes))


class ValuesJob:
    """The values a parameter type accepts, read from the store."""

    __slots__ = ("param_type", "store")

    def __init__(self, param_type: str, store: Path | None = None) -> None:
        self.param_type = param_type
        self.store = store  # the store folder, for the lookup cache

    def __call__(self, worker: StoreWorker) -> list[Candidate]:
        return candidates(self.param_type, _lookups(worker, store_identity(self.store)))


def run_canned(
    query: CannedQuery,
    values: Mapping[str, str | None],
    *,
    store: Path,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_LIMIT,
    explain: bool = False,
    fresh: bool = False,
    worker: StoreWorker | None = None,
) -> tuple[str, QueryResult | None]:
    """Run ``query`` with friendly parameter ``values``; returns (bound text, result).

    With ``explain`` the query is bound but not run (the result is None); with ``fresh`` the
    answer is computed even when one is kept, and not kept (:mod:`ccpj_graph.query.answers`).
    ``worker``: a :class:`StoreWorker` on ``store`` the caller started early (``ccpj query``
    does, before importing this module) and stops; else one is started here, with
    ``timeout``.
    """
    check_store(store)
    job = CannedJob(query, dict(values), limit or None, explain, Path(store), fresh)
    if worker is not None:
        return job(worker)
    with StoreWorker(store, timeout=timeout) as started:
        return job(started)


def run_sparql(
    text: str,
    *,
    store: Path,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_LIMIT,
    allow_network: bool = False,
) -> QueryResult:
    """Check ``text`` with the safety gate and run it on the store, both in one worker."""
    require(text, str, "the query", "text (str)")  # bytes or None: the worker failed on it
    _check_encodable(text)
    check_store(store)
    job = SparqlJob(text, limit or None, load_prefixes(), allow_network)
    budget = Budget(seconds=timeout or None, network=allow_network)
    return run_in_store(store, job, timeout=timeout, budget=budget)


def _check_encodable(text: str) -> None:
    """Refuse a text with a lone surrogate (what Python makes of bytes that are not UTF-8 on
    the command line): the worker failed on it with "UnicodeEncodeError ... surrogates not
    allowed". The CLI names the argument or stdin itself (``cli/query.py``); this is the
    same one line for a notebook's text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        line = text.count("\n", 0, err.start) + 1
        lone = text[err.start]
        raise InputError(
            f"the query: line {line}: not UTF-8 text (lone surrogate {lone!r})"
        ) from None


def list_values(
    param_type: str, *, store: Path, timeout: float | None = DEFAULT_TIMEOUT
) -> list[Candidate]:
    """Every value a parameter of ``param_type`` accepts, from the store."""
    check_store(store)
    with StoreWorker(store, timeout=timeout) as worker:
        return ValuesJob(param_type, Path(store))(worker)
