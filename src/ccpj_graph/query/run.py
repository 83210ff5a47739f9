"""Run a canned query or a user's SPARQL against the store: the functions the CLI calls.

Each run checks that the store is current, then does all its work (resolving parameters,
evaluating) in one worker process that the timeout can kill. User SPARQL passes the safety
gate before the store is even opened. rdflib, slow to import, is only loaded for user SPARQL
(its parser builds the algebra the gate walks), never on the canned-query path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ccpj_graph.query.canned import CannedQuery, load_prefixes
from ccpj_graph.query.params import Candidate, Select, candidates, resolve_parameters
from ccpj_graph.query.results import QueryResult, SelectResult
from ccpj_graph.query.store import INFERRED_GRAPH, check_store, execute, run_in_store

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT",
    "CannedJob",
    "SparqlJob",
    "ValuesJob",
    "list_values",
    "run_canned",
    "run_sparql",
]

DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000


def _select(store: pyoxigraph.Store) -> Select:
    def select(text: str) -> SelectResult:
        result = execute(store, text)
        assert isinstance(result, SelectResult)  # lookup queries are SELECTs
        return result

    return select


@dataclass(frozen=True, slots=True)
class CannedJob:
    """Resolve a canned query's parameters in the store, bind them and (unless explaining)
    run it; returns the bound text and the result."""

    query: CannedQuery
    values: Mapping[str, str | None] = field(default_factory=dict)
    limit: int | None = None
    explain: bool = False

    def __call__(self, store: pyoxigraph.Store) -> tuple[str, QueryResult | None]:
        terms = resolve_parameters(self.query, self.values, _select(store))
        text = self.query.bind(terms)
        if self.explain:
            return text, None
        return text, execute(store, text, limit=self.limit)


@dataclass(frozen=True, slots=True)
class SparqlJob:
    """Run checked user SPARQL with the project's prefixes predeclared."""

    text: str
    limit: int | None = None
    prefixes: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, store: pyoxigraph.Store) -> QueryResult:
        return execute(store, self.text, limit=self.limit, prefixes=dict(self.prefixes))


@dataclass(frozen=True, slots=True)
class ValuesJob:
    """The values a parameter type accepts, read from the store."""

    param_type: str

    def __call__(self, store: pyoxigraph.Store) -> list[Candidate]:
        return candidates(self.param_type, _select(store))


def run_canned(
    query: CannedQuery,
    values: Mapping[str, str | None],
    *,
    store: Path,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_LIMIT,
    explain: bool = False,
) -> tuple[str, QueryResult | None]:
    """Run ``query`` with friendly parameter ``values``; returns (bound text, result).

    With ``explain`` the query is bound but not run (the result is None).
    """
    check_store(store)
    job = CannedJob(query, dict(values), limit or None, explain)
    return run_in_store(store, job, timeout=timeout)


def run_sparql(
    text: str,
    *,
    store: Path,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_LIMIT,
    allow_network: bool = False,
) -> QueryResult:
    """Check ``text`` with the safety gate, then run it on the store."""
    from ccpj_graph.query.safety import check_query

    prefixes = load_prefixes()
    checked = check_query(
        text, prefixes=prefixes, allow_network=allow_network, allowed_graphs=[INFERRED_GRAPH]
    )
    check_store(store)
    return run_in_store(store, SparqlJob(checked.text, limit or None, prefixes), timeout=timeout)


def list_values(
    param_type: str, *, store: Path, timeout: float | None = DEFAULT_TIMEOUT
) -> list[Candidate]:
    """Every value a parameter of ``param_type`` accepts, from the store."""
    check_store(store)
    return run_in_store(store, ValuesJob(param_type), timeout=timeout)
