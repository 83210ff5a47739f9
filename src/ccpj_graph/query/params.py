"""Friendly parameter values (``prison``, ``KEN``, ``UNDP``, ``Bangkok Rules``) to RDF terms.

Resolution is exact: a value matches a term when it equals, after normalisation (case,
accents, hyphens and spacing), one of the term's keys, which the lookup queries in
``queries/params/<type>.rq`` read from the graph itself (a theme's key and labels, a
country's ISO codes and names, a partner's acronym and names, ...), plus the last segment of
the term's IRI. Nothing is guessed: a value that matches nothing, or matches two terms, is an
error, and only then does difflib offer the nearest keys as "did you mean" suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from ccpj_graph import resources
from ccpj_graph.errors import InputError
from ccpj_graph.query.canned import COUNT_VALUES, Below, CannedQuery, Parameter, read_query_file
from ccpj_graph.query.record import Record
from ccpj_graph.query.results import SelectResult
from ccpj_graph.query.terms import XSD, Term

__all__ = [
    "ANY",
    "Candidate",
    "Select",
    "UnknownValue",
    "below_lookup",
    "below_terms",
    "bind_query",
    "candidates",
    "has_lookup",
    "lookup_text",
    "normalise",
    "resolve_parameters",
    "resolve_value",
]

#: The value that leaves a parameter open, overriding its default (``--role any``).
ANY = "any"

#: Runs a SELECT query and returns its rows: the store in the CLI, rdflib in comparisons.
#: Called ``select(text)`` or ``select(text, like)``: ``like`` is ``(checked, slots)``, a text
#: the gate checks instead when ``text`` differs from it only by VALUES lines of plain terms
#: at ``slots`` (:func:`ccpj_graph.query.bound.same_but_values`).
Select = Callable[..., SelectResult]

#: Four ASCII digits: ``\d`` also takes other scripts' digits ("２０２０", "٢٠٢٠"), which bound
#: as an ``xsd:gYear`` literal match no activity, so a year given so found nothing.
_YEAR = re.compile(r"[0-9]{4}")
_SUGGESTIONS = 5
_NAME_WIDTH = 60


class UnknownValue(InputError):
    """A parameter value that names nothing in the graph, or more than one thing."""


class Candidate(Record):
    """One term a parameter type can take, with the keys that name it."""

    __match_args__ = ("term", "keys")
    __slots__ = __match_args__
    term: Term
    keys: tuple[str, ...]

    def __init__(self, term: Term, keys: tuple[str, ...]) -> None:
        self._set(term=term, keys=keys)

    @property
    def display(self) -> str:
        """The key to show a user: the shortest that has a letter and three characters or
        more (ISO3 rather than ISO2, "Asia" rather than "142"), else the shortest."""
        wordy = [k for k in self.keys if len(k) >= 3 and any(c.isalpha() for c in k)]
        return min(wordy or self.keys, key=lambda k: (len(k), k))

    @property
    def described(self) -> str:
        """The display key with a name beside it where the key is a code: 'KEN (Kenya)'."""
        display = self.display
        if " " in display:
            return display
        names = [
            k
            for k in self.keys
            if normalise(k) != normalise(display)
            and any(c.islower() for c in k)
            and len(k) <= _NAME_WIDTH
        ]
        return f"{display} ({max(names, key=lambda k: (len(k), k))})" if names else display


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form: 'Côte d'Ivoire' -> 'cote d ivoire'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\s\-_/'’.,()]+", " ", text).split())


def has_lookup(param_type: str) -> bool:
    """Whether values of ``param_type`` are read from the graph (``queries/params/``); a
    year or a way of counting is not."""
    path = resources.queries_dir() / "params" / f"{param_type}.rq"
    return param_type != "count" and path.is_file()


def lookup_text(param_type: str, directory: Path | None = None) -> str:
    """The lookup query for ``param_type`` (``queries/params/<type>.rq``)."""
    path = (directory or resources.queries_dir() / "params") / f"{param_type}.rq"
    if not path.is_file():
        raise InputError(f"no lookup query for parameter type {param_type!r} ({path})")
    return _read(path)


@cache
def _read(path: Path) -> str:
    # kept per file, not per type: another home (CCPJ_HOME) has its own lookups
    return read_query_file(path)


def candidates(param_type: str, select: Select) -> list[Candidate]:
    """Every term of ``param_type`` in the graph with its keys, sorted by display key."""
    if param_type == "count":  # fixed values, not read from the graph
        return [Candidate(Term.literal(v), (v,)) for v in COUNT_VALUES]
    keys: dict[Term, set[str]] = {}
    for term, key in select(lookup_text(param_type)).rows:
        if term is None or term.kind != "uri":
            continue
        names = keys.setdefault(term, set())
        names.add(term.value.rstrip("/").rsplit("/", 1)[-1])
        if key is not None and key.value.strip():
            names.add(" ".join(key.value.split()))
    found = [Candidate(term, tuple(sorted(names))) for term, names in keys.items()]
    return sorted(found, key=lambda c: (c.display.casefold(), c.term.value))


def _year(value: str, param: Parameter) -> Term:
    if not _YEAR.fullmatch(value.strip()):
        raise InputError(f"{param.option}: expected a year such as 2020, got {value!r}")
    return Term.literal(value.strip(), datatype=XSD + "gYear")


def _count(value: str, param: Parameter) -> Term:
    """``work`` or ``statements``: a plain literal the query compares (not a graph term)."""
    wanted = value.strip().casefold()
    if wanted not in COUNT_VALUES:
        import difflib  # only for a value that names nothing: not on the answering path

        near = difflib.get_close_matches(wanted, COUNT_VALUES, n=1, cutoff=0.5)
        hint = f"did you mean {near[0]}? " if near else ""
        expected = " or ".join(COUNT_VALUES)
        raise UnknownValue(f"{param.option}: {hint}expected {expected}, got {value!r}")
    return Term.literal(wanted)


def resolve_value(param: Parameter, value: str, select: Select) -> Term:
    """The term ``value`` names for ``param``; :class:`UnknownValue` with suggestions if none."""
    if param.type == "year":
        return _year(value, param)
    if param.type == "count":
        return _count(value, param)
    wanted = normalise(value)
    pool = candidates(param.type, select)
    matches = [c for c in pool if wanted and any(normalise(k) == wanted for k in c.keys)]
    if len(matches) == 1:
        return matches[0].term
    label = param.type.replace("-", " ")
    if matches:
        listed = "; ".join(f"{c.described} <{c.term.value}>" for c in matches[:_SUGGESTIONS])
        raise UnknownValue(f"{param.option}: {value!r} names more than one {label}: {listed}")
    if not pool:
        raise UnknownValue(f"{param.option}: the graph has no {label} values to match {value!r}")
    by_key = {normalise(k): c for c in pool for k in c.keys}
    import difflib

    near = difflib.get_close_matches(wanted, list(by_key), n=_SUGGESTIONS * 2, cutoff=0.6)
    shown: list[str] = []
    for key in near:
        display = by_key[key].described
        if display not in shown:
            shown.append(display)
    if shown:
        hint = f"did you mean {', '.join(shown[:_SUGGESTIONS])}?"
    else:
        examples = ", ".join(c.described for c in pool[:_SUGGESTIONS])
        hint = f"valid values include {examples} (ccpj queries --values {param.type})"
    raise UnknownValue(f"{param.option}: unknown {label} {value!r}; {hint}")


def resolve_parameters(
    query: CannedQuery, values: Mapping[str, str | None], select: Select
) -> dict[str, Term | None]:
    """Terms for every parameter of ``query``: given values, else defaults, else open.

    ``any`` leaves a parameter open even when it has a default; a required parameter with no
    value is an error naming its option, and so is an empty value (``--year ""``): only a
    value not given (None) leaves a parameter to its default.
    """
    unknown = sorted(set(values) - {p.name for p in query.parameters})
    if unknown:
        raise InputError(f"query {query.name}: no parameter {', '.join(unknown)}")
    for param in query.parameters:  # before anything resolves: which one fails is then plain
        given = values.get(param.name)
        if given is not None and not given.strip():
            raise InputError(_empty(param))
    bound: dict[str, Term | None] = {}
    for param in query.parameters:
        value = values.get(param.name)
        if value is None:
            value = param.default
        if value is not None and value.strip().casefold() == ANY and not param.required:
            value = None
        if value is None or not value.strip():
            if param.required:
                raise InputError(f"query {query.name}: {param.option} is required")
            bound[param.name] = None
            continue
        bound[param.name] = resolve_value(param, value, select)
    return bound


def _empty(param: Parameter) -> str:
    """Why an empty value is refused: it was taken as no value, so ``--year ""`` answered
    for every year and ``--role ""`` dropped the default role without a word."""
    label = param.type.replace("-", " ")
    give = f"give {'an' if label[:1] in tuple('aeiou') else 'a'} {label}"
    if param.required:
        hint = give
    elif param.default is not None:
        hint = f"{give}, or leave the option out for its default ({param.default})"
    else:
        hint = f"{give}, or leave the option out for every {label}"
    return f"{param.option}: empty value; {hint}"


def bind_query(query: CannedQuery, values: Mapping[str, str | None], select: Select) -> str:
    """The text that runs for ``query`` given friendly ``values``: the parameters resolved,
    the terms below them listed for its ``#@below`` lines, all bound (on any engine)."""
    terms = resolve_parameters(query, values, select)
    return query.bind(terms, below_terms(query, terms, select))


_PREFIX_LINE = re.compile(r"^PREFIX\s+[A-Za-z][\w.-]*:\s*<[^<>\s]*>\s*$", re.MULTILINE)


def below_terms(
    query: CannedQuery, terms: Mapping[str, Term | None], select: Select
) -> dict[str, tuple[Term, ...]]:
    """For each ``#@below ?out PATH ?var`` line of ``query`` whose parameter is bound: the
    terms ``?out PATH <value>`` reaches in the graph (the value itself included when the path
    allows zero steps), sorted, so the query can start from their index (canned.py). Where a
    blank node is reached the line keeps its path pattern (VALUES cannot hold one)."""
    by_var = {p.var: p for p in query.parameters}
    found: dict[str, tuple[Term, ...]] = {}
    for seed in query.below:
        term = terms.get(by_var[seed.var].name)
        if term is None:
            continue
        text, like = below_lookup(query, seed, term)
        rows = select(text, like).rows
        reached = {row[0] for row in rows if row[0] is not None}
        if any(t.kind == "bnode" for t in reached):
            continue  # VALUES cannot hold a blank node: the path pattern stays
        found[seed.out] = tuple(sorted(reached, key=_order))
    return found


def below_lookup(
    query: CannedQuery, seed: Below, term: Term | None
) -> tuple[str, tuple[str, tuple[int, ...]]]:
    """The lookup of the terms at or below ``term`` along ``seed`` (a ``#@below`` line of
    ``query``), and its ``like`` for the gate: the value sits in a VALUES line, so the text
    with an empty one (``term`` None) stands for every value (query/bound.py)."""
    prefixes = "\n".join(m.group(0) for m in _PREFIX_LINE.finditer(query.text))
    lines = [prefixes, f"SELECT DISTINCT ?{seed.out} WHERE {{", "", f"  {seed.pattern}", "}"]
    lines[2] = f"  VALUES ?{seed.var} {{ }}"
    checked = "\n".join(lines)
    if term is not None:
        lines[2] = f"  VALUES ?{seed.var} {{ {term.sparql()} }}"
    slot = "\n".join(lines[:2]).count("\n") + 1  # the VALUES line's number
    return "\n".join(lines), (checked, (slot,))


def _order(term: Term) -> tuple[str, str]:
    return (term.kind, term.value)
