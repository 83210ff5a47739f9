"""The Python API for notebooks and scripts: open the built graph and ask it questions.

``ccpj sparql`` and ``ccpj export matrix`` are thin layers over this module and ``ccpj query``
calls the same :func:`ccpj_graph.query.run.run_canned` it does (without importing it, to start
faster), so a notebook gets the same answers, the same parameter handling and the same
one-line errors (:class:`ccpj_graph.errors.CcpjError`) as the shell::

    import ccpj_graph
    kg = ccpj_graph.open()                                   # data/store, made by `ccpj build`
    kg.query("partners", theme="prison", year=2020)          # rows as a list of dicts
    kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ccpj:statedIn ?p }")
    kg.matrix("country", "standard", theme="prison").records()

Every query runs in the killable worker of :mod:`ccpj_graph.query.run`, behind the one SPARQL
gate; nothing here touches the store directly. pandas is optional (``ccpj-graph[pandas]``):
only :meth:`KnowledgeGraph.frame`, :meth:`KnowledgeGraph.sparql_frame` and
:meth:`Matrix.frame` import it.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ccpj_graph.errors import InputError, require

TYPE_CHECKING = False  # typing itself is not imported: see ccpj_graph/__init__.py
if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet
    from typing import Any

    import pandas

    from ccpj_graph.query.canned import CannedQuery
    from ccpj_graph.query.params import Candidate
    from ccpj_graph.query.results import QueryResult

__all__ = ["FACETS", "KnowledgeGraph", "Matrix", "check_where", "open"]

#: The facets an activity has (``KnowledgeGraph.facets``, ``matrix``, ``ccpj export matrix``).
FACETS = (
    "year",
    "theme",
    "country",
    "region",
    "organisation",
    "standard",
    "mandate",
    "type",
    "report",
)
_FACETS_QUERY = Path("facets") / "activity-facets.rq"
_DEFAULT_TIMEOUT = 30.0
_DEFAULT_LIMIT = 10_000

if TYPE_CHECKING:
    Row = dict[str, Any]
    FilterValue = str | int | Sequence[str | int] | AbstractSet[str | int]
    ParamValue = str | int

#: What a canned query's parameter takes from Python (a year may be a number).
_PARAM_TYPES = (str, int)
_PARAM_DESCRIBED = "text (str) or a whole number (int)"
#: What a facet filter takes: one value, or a list of them (activities having any).
_FILTER_LISTS = (list, tuple, set, frozenset)


def open(
    store: str | os.PathLike[str] | None = None,
    *,
    timeout: float | None = _DEFAULT_TIMEOUT,
    limit: int | None = _DEFAULT_LIMIT,
    fresh: bool = False,
) -> KnowledgeGraph:
    """The built graph's query store (default: ``data/store``, or ``$CCPJ_STORE``).

    Raises :class:`~ccpj_graph.errors.CcpjError` when the store is missing or stale, with the
    same message ``ccpj query`` gives (run ``ccpj build``).
    """
    from ccpj_graph import resources
    from ccpj_graph.query.store import check_store

    require(store, (str, os.PathLike, type(None)), "store", "a folder (str or os.PathLike) or None")
    if store is None:
        store = os.environ.get("CCPJ_STORE") or resources.store_dir()
    path = Path(store)
    check_store(path)
    return KnowledgeGraph(path, timeout=timeout, limit=limit, fresh=fresh)


@dataclass(frozen=True, slots=True)
class KnowledgeGraph:
    """A handle on one query store; cheap to make, holds no open files.

    ``timeout`` (seconds, at most a week; None or 0: no limit) and ``limit`` (rows; None or 0:
    no limit) apply to every call, as ``--timeout`` and ``--limit`` do in the CLI, and are
    checked as they are (a bad one is an :class:`~ccpj_graph.errors.InputError` naming it);
    ``fresh`` computes every canned answer even when a slow one is kept for the store, and
    keeps none (``--fresh``).
    """

    store: Path
    timeout: float | None = _DEFAULT_TIMEOUT
    limit: int | None = _DEFAULT_LIMIT
    fresh: bool = False

    def __post_init__(self) -> None:
        """The limits checked as ``--timeout`` and ``--limit`` are: a negative, NaN or infinite
        timeout was taken, and every call then stopped at once or failed with an overflow."""
        from ccpj_graph.limits import parse_seconds

        require(self.store, (str, os.PathLike), "store", "a folder (str or os.PathLike)")
        require(self.fresh, bool, "fresh", "True or False")
        if self.timeout is not None:
            try:
                seconds = parse_seconds(self.timeout, zero=True)
            except ValueError as err:
                raise InputError(f"timeout: {err} (None: no limit)") from None
            object.__setattr__(self, "timeout", seconds)
        limit = self.limit
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 0
        ):
            raise InputError(
                f"limit: {limit!r}: give a whole number of rows, 0 or more (None: no limit)"
            )

    # --- canned questions -------------------------------------------------------------------

    def queries(self) -> dict[str, str]:
        """The canned queries, name -> description (``ccpj queries``)."""
        from ccpj_graph.query.canned import load_queries

        return {name: q.description for name, q in load_queries().items()}

    def parameters(self, name: str) -> list[Row]:
        """The parameters canned query ``name`` takes: name, type, required, default, help."""
        return [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "help": p.help,
            }
            for p in _canned(name).parameters
        ]

    def query(self, name: str, /, **params: ParamValue | None) -> list[Row]:
        """Rows of canned query ``name`` as dicts, e.g. ``query("partners", theme="prison",
        year=2020)``; parameters as in ``ccpj query NAME --help`` (``_`` for ``-``)."""
        return _rows(self.query_result(name, params))

    def explain(self, name: str, /, **params: ParamValue | None) -> str:
        """The SPARQL of canned query ``name`` with its parameters bound (``--explain``)."""
        text, _ = self._run_canned(name, params, explain=True)
        return text

    def query_result(self, name: str, params: Mapping[str, Any]) -> QueryResult:
        """The typed result of canned query ``name`` (what ``ccpj query`` renders)."""
        require(params, Mapping, "params", "a mapping of parameter names to values")
        _, result = self._run_canned(name, params, explain=False)
        assert result is not None  # only --explain leaves it unset
        return result

    def _run_canned(
        self, name: str, params: Mapping[str, Any], *, explain: bool
    ) -> tuple[str, QueryResult | None]:
        """``run_canned`` with this graph's store and limits; a parameter's error names it
        as the caller wrote it."""
        from ccpj_graph.query.run import run_canned

        query = _canned(name)
        with _keyword_errors(query):
            return run_canned(
                query,
                _parameter_values(query, params),
                store=self.store,
                timeout=self.timeout,
                limit=self.limit,
                fresh=self.fresh,
                explain=explain,
            )

    def values(self, param_type: str) -> list[Row]:
        """The values a parameter type accepts (``ccpj queries --values TYPE``): display
        name, the keys that select it, IRI."""
        return [
            {"value": c.display, "keys": list(c.keys), "iri": c.term.value}
            for c in self.candidates(param_type)
        ]

    def candidates(self, param_type: str) -> list[Candidate]:
        """:meth:`values` as typed records (what ``ccpj queries --values`` prints)."""
        from ccpj_graph.query.run import list_values

        require(param_type, str, "the parameter type", "text (str)")
        return list_values(param_type, store=self.store, timeout=self.timeout)

    # --- SPARQL -----------------------------------------------------------------------------

    def sparql(self, text: str, *, allow_network: bool = False) -> list[Row] | bool | str:
        """Run read-only SPARQL behind the safety gate: SELECT gives rows (dicts), ASK a
        bool, CONSTRUCT and DESCRIBE Turtle. The project's prefixes are predeclared."""
        from ccpj_graph.query.results import AskResult, GraphResult

        result = self.sparql_result(text, allow_network=allow_network)
        if isinstance(result, AskResult):
            return result.value
        if isinstance(result, GraphResult):
            return result.turtle
        return result.records()

    def sparql_result(self, text: str, *, allow_network: bool = False) -> QueryResult:
        """The typed result of ``text`` (what ``ccpj sparql`` renders)."""
        from ccpj_graph.query.run import run_sparql

        require(allow_network, bool, "allow_network", "True or False")
        return run_sparql(
            text,
            store=self.store,
            timeout=self.timeout,
            limit=self.limit,
            allow_network=allow_network,
        )

    # --- facets and matrices ----------------------------------------------------------------

    def facets(self) -> list[Row]:
        """One row per (activity, work, facet, key, label): every activity's year, themes,
        countries, regions, organisations, standards, mandates, type and report; ``work`` is
        its same-work representative (itself when no other report states the same work).

        Kept per process for the store's current build (its ``meta.json``, which records the
        hashes of the files it was built from) and the query's text: charts, maps and
        matrices ask for every facet several times, and one answer costs seconds (thousands
        of rows out of the worker). A rebuilt store has another ``meta.json`` and is asked
        afresh."""
        from ccpj_graph import resources
        from ccpj_graph.query.canned import read_query_file

        text = read_query_file(resources.queries_dir() / _FACETS_QUERY)
        try:
            build = (Path(self.store) / "meta.json").read_bytes()
        except OSError:
            build = b""  # no store: the query reports it, and nothing is kept
        facets = _facets_of if build else _facets_of.__wrapped__
        columns, rows = facets(str(Path(self.store).resolve()), build, text, self.timeout)
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def matrix(
        self,
        rows: str,
        columns: str,
        /,
        *,
        count: str = "work",
        **where: FilterValue | None,
    ) -> Matrix:
        """Activities counted by two facets, e.g. countries x standards:
        ``matrix("country", "standard", theme="prison", year=2020)``. ``where`` keeps only
        activities having one of the given values of a facet (key or label, any case).
        ``count="work"`` (the default, as in the canned queries) counts what two overlapping
        reports both state once; ``count="statements"`` counts every activity."""
        require(count, str, "count", "text (str)")
        if count not in ("work", "statements"):
            raise InputError(f"count: expected work or statements, not {count!r}")
        for facet in (rows, columns, *where):
            _check_facet(facet)
        facet_rows = self.facets()
        check_where(facet_rows, where, name="--where {facet}={value}")
        by_activity: dict[str, dict[str, list[tuple[str, str]]]] = {}
        work_of: dict[str, str] = {}
        for row in facet_rows:
            activity = str(row["activity"])
            work_of[activity] = str(row["work"]) if count == "work" else activity
            facets = by_activity.setdefault(activity, {})
            facets.setdefault(str(row["facet"]), []).append((str(row["key"]), str(row["label"])))
        wanted = {f: _wanted(f, v) for f, v in where.items() if v is not None}
        cells: dict[tuple[str, str], set[str]] = {}
        labels: dict[tuple[str, str], str] = {}
        for activity, facets in by_activity.items():
            if not all(_matches(facets.get(f, []), keys) for f, keys in wanted.items()):
                continue
            for r_key, r_label in facets.get(rows, []):
                for c_key, c_label in facets.get(columns, []):
                    cells.setdefault((r_key, c_key), set()).add(work_of[activity])
                    labels[(rows, r_key)] = r_label
                    labels[(columns, c_key)] = c_label
        counts = {cell: len(works) for cell, works in cells.items()}
        return Matrix.of(rows, columns, counts, labels)

    # --- pandas -----------------------------------------------------------------------------

    def frame(self, name: str, /, **params: ParamValue | None) -> pandas.DataFrame:
        """:meth:`query` as a pandas DataFrame (needs ``ccpj-graph[pandas]``)."""
        query = _canned(name)
        return _frame(self.query(name, **params), list(query.columns))

    def sparql_frame(self, text: str) -> pandas.DataFrame:
        """SELECT rows of :meth:`sparql` as a pandas DataFrame (needs ``ccpj-graph[pandas]``)."""
        from ccpj_graph.query.results import SelectResult

        result = self.sparql_result(text)
        if not isinstance(result, SelectResult):
            raise InputError("sparql_frame takes a SELECT query; use sparql() for ASK/CONSTRUCT")
        return _frame(result.records(), list(result.columns))


@dataclass(frozen=True, slots=True)
class Matrix:
    """Counts of distinct work (or statements) by two facets; rows and columns sorted by
    total count (largest first), then by label."""

    row_facet: str
    column_facet: str
    rows: tuple[tuple[str, str], ...]  # (key, label)
    columns: tuple[tuple[str, str], ...]
    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        row_facet: str,
        column_facet: str,
        counts: Mapping[tuple[str, str], int],
        labels: Mapping[tuple[str, str], str],
    ) -> Matrix:
        row_totals: Counter[str] = Counter()
        column_totals: Counter[str] = Counter()
        for (r, c), n in counts.items():
            row_totals[r] += n
            column_totals[c] += n

        def order(facet: str, totals: Counter[str]) -> tuple[tuple[str, str], ...]:
            keys = sorted(totals, key=lambda k: (-totals[k], labels[(facet, k)], k))
            return tuple((k, labels[(facet, k)]) for k in keys)

        return cls(
            row_facet,
            column_facet,
            order(row_facet, row_totals),
            order(column_facet, column_totals),
            dict(counts),
        )

    def get(self, row_key: str, column_key: str) -> int:
        """The count in one cell (0 when no activity has both values)."""
        return self.counts.get((row_key, column_key), 0)

    def records(self) -> list[Row]:
        """Long form: one dict per non-empty cell."""
        return [
            {
                self.row_facet: r_label,
                f"{self.row_facet}_key": r_key,
                self.column_facet: c_label,
                f"{self.column_facet}_key": c_key,
                "activities": self.get(r_key, c_key),
            }
            for r_key, r_label in self.rows
            for c_key, c_label in self.columns
            if self.get(r_key, c_key)
        ]

    def table(self) -> tuple[list[str], list[list[str | int]]]:
        """Wide form for a CSV: a header (row facet, then column labels) and one row each."""
        header = [self.row_facet, *(label for _, label in self.columns)]
        body: list[list[str | int]] = [
            [r_label, *(self.get(r_key, c_key) for c_key, _ in self.columns)]
            for r_key, r_label in self.rows
        ]
        return header, body

    def frame(self) -> pandas.DataFrame:
        """Wide form as a pandas DataFrame indexed by the row labels."""
        header, body = self.table()
        data = _frame([dict(zip(header, row, strict=True)) for row in body], header)
        return data.set_index(self.row_facet)


# --- helpers ----------------------------------------------------------------------------------


def _canned(name: str) -> CannedQuery:
    from ccpj_graph.query.canned import get_query

    require(name, str, "the query name", "text (str)")
    return get_query(name)


def _parameter_values(query: CannedQuery, params: Mapping[str, Any]) -> dict[str, str]:
    """Friendly values by parameter name, as the CLI passes them: ``activity_type`` is
    ``--activity-type``, numbers become text, None is left out."""
    known = {p.name: p for p in query.parameters}
    values: dict[str, str] = {}
    for raw, value in params.items():
        name = raw.replace("_", "-")
        if name not in known:
            options = ", ".join(known) or "none"
            raise InputError(
                f"query {query.name!r} has no parameter {raw!r} (its parameters: {options})"
            )
        if value is not None:
            require(value, _PARAM_TYPES, f"parameter {raw!r}", _PARAM_DESCRIBED)
            values[name] = str(value)
    missing = [p.name for p in query.parameters if p.required and p.name not in values]
    if missing:
        raise InputError(f"query {query.name!r} needs the parameter {missing[0]!r}")
    return values


@contextlib.contextmanager
def _keyword_errors(query: CannedQuery) -> Iterator[None]:
    """A parameter's error names it as the caller wrote it (``year: expected a year ...``),
    not as the command line does (``--year: ...``)."""
    try:
        yield
    except InputError as err:
        message = str(err)
        for param in query.parameters:
            if message.startswith(f"{param.option}: "):
                keyword = param.name.replace("-", "_")
                raise type(err)(keyword + message[len(param.option) :]) from None
        raise


def _rows(result: QueryResult) -> list[Row]:
    from ccpj_graph.query.results import SelectResult

    if not isinstance(result, SelectResult):  # canned queries are SELECTs
        raise InputError("this canned query does not give rows")
    return result.records()


@functools.lru_cache(maxsize=4)
def _facets_of(
    store: str, build: bytes, text: str, timeout: float | None
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """The facet query's columns and rows on ``store`` as built (``build``: its meta.json);
    immutable, so every caller gets fresh dicts of the same values."""
    from ccpj_graph.query.results import SelectResult

    kg = KnowledgeGraph(Path(store), timeout=timeout, limit=None)
    result = kg.sparql_result(text)
    assert isinstance(result, SelectResult)  # the facets query is a SELECT
    return result.columns, tuple(tuple(r.values()) for r in result.records())


def _check_facet(facet: str) -> None:
    require(facet, str, "a facet", "text (str)")
    if facet not in FACETS:
        raise InputError(f"unknown facet {facet!r}; choose from {', '.join(FACETS)}")


def check_where(rows: Iterable[Row], where: Mapping[str, FilterValue | None], *, name: str) -> None:
    """Refuse a facet filter no activity matches, naming it and the nearest values: an empty
    value, a value of the wrong type, a typo (``theme=prisn``). Values match a facet's keys
    and labels in any case, as :meth:`KnowledgeGraph.matrix` matches them, so what passes
    here selects something there. ``rows`` are :meth:`KnowledgeGraph.facets`; ``name`` says
    how to name a filter, with ``{facet}`` and ``{value}`` (``--where {facet}={value}``).

    The one resolver of facet filters: ``export matrix`` (and ``kg.matrix``), ``export
    chart`` and ``export map`` (:func:`ccpj_graph.export.chart.check_filters`). Without it
    a typo gave an empty matrix and exit 0.
    """
    import difflib

    wanted = {f: _filter_values(f, value) for f, value in where.items() if value is not None}
    for facet, values in wanted.items():
        if not values or not all(one.strip() for one in values):
            shown = name.format(facet=facet, value="").rstrip(" =")
            raise InputError(f"{shown}: empty value; give a {facet}, or leave the filter out")
    known: dict[str, dict[str, str]] = {facet: {} for facet in wanted}
    if known:
        for row in rows:
            found = known.get(str(row["facet"]))
            if found is not None:
                found[str(row["key"]).casefold()] = str(row["key"])
                found[str(row["label"]).casefold()] = str(row["key"])
    for facet, values in wanted.items():
        for one in values:
            if one.casefold() in known[facet]:
                continue
            near = difflib.get_close_matches(one.casefold(), sorted(known[facet]), n=3)
            names = sorted({known[facet][n] for n in near})
            hint = f"; did you mean {', '.join(names)}?" if names else ""
            shown = name.format(facet=facet, value=one)
            raise InputError(f"{shown}: no activity has this {facet}{hint}")


def _filter_values(facet: str, value: object) -> list[str]:
    """A filter's values as text: one value, or each of a list; anything else refused."""
    what, described = f"filter {facet!r}", f"{_PARAM_DESCRIBED}, or a list of them"
    if isinstance(value, _FILTER_LISTS):
        for item in value:
            require(item, _PARAM_TYPES, what, described)
        return [str(item) for item in value]
    require(value, _PARAM_TYPES, what, described)
    return [str(value)]


def _wanted(facet: str, value: FilterValue) -> frozenset[str]:
    return frozenset(v.casefold() for v in _filter_values(facet, value))


def _matches(values: Sequence[tuple[str, str]], wanted: frozenset[str]) -> bool:
    return any(key.casefold() in wanted or label.casefold() in wanted for key, label in values)


def _frame(records: list[Row], columns: list[str]) -> pandas.DataFrame:
    try:
        import pandas
    except ImportError:
        raise InputError(
            "pandas is not installed; install the extra: pip install 'ccpj-graph[pandas]'"
        ) from None
    return pandas.DataFrame.from_records(records, columns=columns)
