"""The canned questions the documentation shows, answered when the store is built and kept.

Why: a canned query with no filter reads every activity, so its first ask grows with the
corpus (1-7 s at 100 times the bundled reports), while reading a kept answer takes a tenth of
that (:mod:`ccpj_graph.query.answers`). The questions an analyst asks first are the overview
ones ("which partners?", "which countries?") and those the documentation shows: each query
header's ``# example:`` lines (README's commands are among them, a test checks) and each of
their filters on its own ("training" alone, from ``--country KEN --type training``, reads a
third of the activities). So the build answers each of them once per new store (and after the
query files change), with the parameters' defaults, each way of counting for the overview
(``--count work`` and ``statements``) and the default row limit of ``ccpj query`` and the
Python API: their first ask is then a read. A query with a required parameter
(``country-profile``) has no overview question; its examples are answered. The kept answers
are those of the store's own identity, so a rebuilt store never reads them; ``--fresh``
still computes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ccpj_graph.errors import CcpjError
from ccpj_graph.query.canned import COUNT_VALUES, CannedQuery, load_queries
from ccpj_graph.query.params import UnknownValue, below_lookup, has_lookup, lookup_text
from ccpj_graph.query.run import DEFAULT_LIMIT, DEFAULT_TIMEOUT, CannedJob, ValuesJob, check_canned
from ccpj_graph.query.worker import StoreWorker

__all__ = [
    "Ahead",
    "answer_ahead",
    "documented_questions",
    "gate_texts",
    "lookup_types",
    "overview_questions",
]


class Ahead:
    """What :func:`answer_ahead` did: the questions answered and kept, the parameter types
    whose values were looked up and kept, those that were not (``"what: why"``: a timeout, or
    a query file ``ccpj query`` would refuse too; their first ask computes them or says why),
    the documented questions this graph holds no value for (``mandates --report 000`` in a
    corpus without report 000: not questions of this store, so not a warning), and the time."""

    __slots__ = ("absent", "kept", "lookups", "seconds", "skipped")

    def __init__(
        self,
        kept: list[str],
        lookups: list[str],
        skipped: list[str],
        seconds: float,
        absent: list[str] | None = None,
    ) -> None:
        self.kept = kept
        self.lookups = lookups
        self.skipped = skipped
        self.seconds = seconds
        self.absent = absent or []


def overview_questions(
    queries: Mapping[str, CannedQuery],
) -> Iterator[tuple[CannedQuery, dict[str, str]]]:
    """Each canned query with no filter, once per way of counting, in name order."""
    for name in sorted(queries):
        query = queries[name]
        if any(p.required for p in query.parameters):
            continue
        yield query, {}
        for param in query.parameters:
            if param.type == "count":
                for value in COUNT_VALUES:
                    if value != param.default:
                        yield query, {param.name: value}


def documented_questions(
    queries: Mapping[str, CannedQuery],
) -> Iterator[tuple[CannedQuery, dict[str, str]]]:
    """Each query's ``# example:`` questions and, for one with several filters, each filter
    on its own (a required parameter stays with every one), in name order, each once and none
    that :func:`overview_questions` asks."""
    seen = {(q.name, tuple(sorted(v.items()))) for q, v in overview_questions(queries)}
    for name in sorted(queries):
        query = queries[name]
        required = {p.name for p in query.parameters if p.required}
        for values in query.example_values():
            kept = {k: v for k, v in values.items() if k in required}
            parts = [values]
            if len(values) - len(kept) > 1:
                parts += [{**kept, k: v} for k, v in values.items() if k not in required]
            for part in parts:
                key = (name, tuple(sorted(part.items())))
                if key not in seen:
                    seen.add(key)
                    yield query, part


def answer_ahead(
    store: Path,
    *,
    queries: Mapping[str, CannedQuery] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int | None = None,
) -> Ahead:
    """Answer :func:`overview_questions` and :func:`documented_questions` on ``store`` and
    keep every answer for it; look up
    the values of every parameter type the queries use (kept for the store, as a first ask
    would keep them) and have the gate check every query file (its verdict kept), so that
    a first ask with a filter parses nothing but what its values add.

    Two jobs run at a time (one worker process each, as ``ccpj query`` runs one), each under
    ``timeout``. A documented question whose value the graph does not hold is left out
    (:attr:`Ahead.absent`); one that fails is skipped, not an error (a timeout, or a query
    file of the project's ``queries/`` that ``ccpj query`` refuses too): the store is
    complete without its answer.
    """
    started = time.perf_counter()
    try:
        found = queries if queries is not None else load_queries()
    except CcpjError as err:  # a malformed query file: every ``ccpj query`` says so too
        return Ahead([], [], [f"queries: {err}"], time.perf_counter() - started)
    folder = Path(store)
    questions: list[tuple[str, Callable[[StoreWorker], object]]] = [
        (_label(q, values), CannedJob(q, values, DEFAULT_LIMIT, store=folder, always_keep=True))
        for q, values in [*overview_questions(found), *documented_questions(found)]
    ]
    types = lookup_types(found)
    jobs = [*questions, *((f"values of {t}", ValuesJob(t, folder)) for t in types)]
    count = workers or min(2, os.cpu_count() or 1)
    skipped = _check_texts(gate_texts(found), count)

    def run(job: tuple[str, Callable[[StoreWorker], object]]) -> object:
        """None when done, ``_ABSENT`` for a value the graph does not hold, else why not."""
        try:
            with StoreWorker(store, timeout=timeout) as worker:
                job[1](worker)
        except UnknownValue:
            return _ABSENT
        except CcpjError as err:  # QueryTimeout, QueryFailed, a refused text
            return str(err)
        return None

    with ThreadPoolExecutor(max_workers=count) as pool:
        failures = list(pool.map(run, jobs))
    done = list(zip(jobs, failures, strict=True))
    skipped += [f"{label}: {why}" for (label, _), why in done if why and why is not _ABSENT]
    absent = [label for (label, _), why in done if why is _ABSENT]
    asked = failures[: len(questions)]
    kept = [label for (label, _), why in zip(questions, asked, strict=True) if why is None]
    lookups = [t for t, why in zip(types, failures[len(questions) :], strict=True) if why is None]
    return Ahead(kept, lookups, skipped, time.perf_counter() - started, absent)


#: What :func:`answer_ahead`'s jobs return for a value the graph does not hold.
_ABSENT = object()


def lookup_types(queries: Mapping[str, CannedQuery]) -> list[str]:
    """The parameter types ``queries`` use whose values are read from the graph."""
    return sorted({p.type for q in queries.values() for p in q.parameters if has_lookup(p.type)})


def gate_texts(queries: Mapping[str, CannedQuery]) -> list[tuple[str, str]]:
    """(what, text) for every text a first ask may have the gate check: each query file (its
    gated text), each parameter type's lookup, each ``#@below`` line's lookup (with an empty
    VALUES line: it stands for every value)."""
    types = lookup_types(queries)
    texts = [(name, queries[name].gated_text) for name in sorted(queries)]
    texts += [(f"values of {kind}", lookup_text(kind)) for kind in types]
    for name in sorted(queries):
        for seed in queries[name].below:
            texts.append((f"{name}: below ?{seed.var}", below_lookup(queries[name], seed, None)[0]))
    return texts


def _check_texts(texts: list[tuple[str, str]], count: int) -> list[str]:
    """Have the gate check ``texts`` (verdicts kept), in ``count`` forked processes: rdflib's
    parser holds the interpreter (and a lock: it is not thread-safe), so threads would parse
    one text at a time. Returns ``"what: why"`` for each refused text."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and count > 1:
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            verdicts = list(pool.map(_verdict, [text for _, text in texts]))
    else:
        verdicts = [_verdict(text) for _, text in texts]
    return [f"{what}: {why}" for (what, _), why in zip(texts, verdicts, strict=True) if why]


def _verdict(text: str) -> str | None:
    """None when the gate passes ``text`` (its verdict kept), else why not."""
    try:
        check_canned(text)
    except CcpjError as err:
        return str(err)
    return None


def _label(query: CannedQuery, values: Mapping[str, str]) -> str:
    """The question as ``ccpj query`` spells it: ``partners --count statements``."""
    return " ".join([query.name, *(f"--{k} {v}" for k, v in values.items())])
