"""Apply a maintainer's corrections (``data/curation/*.toml``) to extracted facts.

Curation runs after extraction and before the build, so it survives re-extraction: a file
names facts by their stable keys (``<report>-<paragraph>-<ordinal>``), and every fact it
touches records the curation entry in its rule and is flagged ``curated``. An entry that points
at a fact that does not exist is an error naming the file and the entry, never a silent no-op.

File format (TOML; every entry takes an optional ``reason``)::

    [[retract]]                      # drop an activity, or one partner of it
    activity = "001-17-2"
    partner = "undp"                 # optional

    [[correct]]                      # set one field of an activity
    activity = "001-59-1"
    field = "partner-role"           # or type, year, themes, countries, regions,
    partner = "idlo"                 #    standards, mandates
    value = "funder"

    [[add]]                          # an activity the rules missed
    report = "001"
    paragraph = "17"
    type = "training"
    year = 2021
    themes = ["prison"]
    countries = ["KEN"]
    partners = [{ org = "undp", role = "co-deliverer" }]
    quote = "verbatim words from the paragraph"
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ccpj_graph import mandates
from ccpj_graph.errors import InputError
from ccpj_graph.extract.facts import ACTIVITY_TYPES, ROLES, ActivityFact, PartnerFact
from ccpj_graph.extract.vocab import Vocabulary, load_vocabulary

__all__ = ["Curation", "apply_curation", "load_curation"]

_LIST_FIELDS = ("themes", "countries", "regions", "standards", "mandates")
#: field -> the reference-data kind its keys must name (mandates are checked by their shape:
#: the build describes a cited resolution the reference data lacks).
_KINDS = {"themes": "theme", "countries": "country", "regions": "region", "standards": "standard"}
_ADD_ORDINAL_BASE = 100  # added activities are numbered apart from extracted ones


@dataclass(frozen=True, slots=True)
class Curation:
    """One entry of a curation file; ``where`` is ``file#kind[index]`` for messages."""

    kind: str  # retract | correct | add
    entry: Mapping[str, Any]
    where: str


def load_curation(folder: Path) -> list[Curation]:
    """Read every ``*.toml`` file in ``folder`` (sorted by name) into entries."""
    entries: list[Curation] = []
    if not folder.is_dir():
        return entries
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"{path}: {err}") from err
        unknown = set(data) - {"retract", "correct", "add"}
        if unknown:
            raise InputError(f"{path}: unknown section(s) {sorted(unknown)}")
        for kind in ("retract", "correct", "add"):
            for index, entry in enumerate(data.get(kind, [])):
                entries.append(Curation(kind, entry, f"{path.name}#{kind}[{index}]"))
    return entries


def _fail(item: Curation, message: str) -> InputError:
    return InputError(f"curation {item.where}: {message}")


def _require(item: Curation, name: str) -> Any:
    if name not in item.entry:
        raise _fail(item, f"missing '{name}'")
    return item.entry[name]


def _check_keys(
    item: Curation,
    field: str,
    values: Sequence[str],
    vocab: Vocabulary,
    also: Collection[str] = (),
) -> None:
    """Every key must name something the graph knows (the reference data, or ``also``: what
    extraction minted); suggest the nearest on a typo."""
    for value in values:
        if value in also:
            continue
        if field == "mandates":
            try:
                mandates.split_key(value)
            except ValueError:
                raise _fail(item, f"{value!r} is not a mandate key like 'ga-75-196'") from None
            continue
        kind = _KINDS.get(field, "organisation")
        if vocab.get(kind, value) is None:
            known = [e.key for e in vocab.of_kind(kind)]
            near = difflib.get_close_matches(value, known, n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise _fail(item, f"unknown {kind} key {value!r}{hint}")


def _mark(fact: ActivityFact, item: Curation) -> ActivityFact:
    return replace(fact, rule=f"{fact.rule}+curation:{item.where}", curated=True)


def _correct(fact: ActivityFact, item: Curation, vocab: Vocabulary) -> ActivityFact:
    field = _require(item, "field")
    value = _require(item, "value")
    if field == "type":
        if value not in ACTIVITY_TYPES:
            raise _fail(item, f"unknown activity type {value!r}")
        return _mark(replace(fact, type=value), item)
    if field == "year":
        if not isinstance(value, int):
            raise _fail(item, "year must be a number")
        return _mark(replace(fact, year=value, year_basis="explicit"), item)
    if field in _LIST_FIELDS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(item, f"{field} must be a list of strings")
        _check_keys(item, field, value, vocab)
        changes: dict[str, Any] = {field: tuple(value)}
        return _mark(replace(fact, **changes), item)
    if field == "partner-role":
        org = _require(item, "partner")
        if value not in ROLES:
            raise _fail(item, f"unknown role {value!r}; expected one of {', '.join(ROLES)}")
        if not any(p.org == org for p in fact.partners):
            raise _fail(item, f"activity {fact.key} has no partner {org!r}")
        partners = tuple(replace(p, role=value) if p.org == org else p for p in fact.partners)
        return _mark(replace(fact, partners=partners), item)
    raise _fail(item, f"unknown field {field!r}")


def _added(
    item: Curation,
    ordinal: int,
    paragraph_text: str | None,
    vocab: Vocabulary,
    orgs: Collection[str],
) -> ActivityFact:
    entry = item.entry
    for field in _LIST_FIELDS:
        _check_keys(item, field, entry.get(field, ()), vocab)
    partner_keys = [p.get("org", "") for p in entry.get("partners", [])]
    _check_keys(item, "partners", partner_keys, vocab, orgs)
    quote = _require(item, "quote")
    if paragraph_text is None:
        raise _fail(item, f"paragraph {entry.get('report')}-{entry.get('paragraph')} not found")
    if quote not in paragraph_text:
        raise _fail(item, "quote does not occur verbatim in the paragraph")
    kind = _require(item, "type")
    if kind not in ACTIVITY_TYPES:
        raise _fail(item, f"unknown activity type {kind!r}")
    partners = []
    for p in entry.get("partners", []):
        if p.get("role") not in ROLES:
            raise _fail(item, f"unknown role {p.get('role')!r}")
        partners.append(PartnerFact(org=p["org"], role=p["role"], surface=p.get("surface", "")))
    year = entry.get("year")
    return ActivityFact(
        report=str(entry["report"]),
        paragraph=str(entry["paragraph"]),
        ordinal=ordinal,
        type=kind,
        year=year,
        year_basis="explicit" if year is not None else None,
        themes=tuple(entry.get("themes", ())),
        countries=tuple(entry.get("countries", ())),
        regions=tuple(entry.get("regions", ())),
        partners=tuple(partners),
        standards=tuple(entry.get("standards", ())),
        mandates=tuple(entry.get("mandates", ())),
        tools=(),
        quote=quote,
        rule=f"curation:{item.where}",
        curated=True,
    )


def apply_curation(
    facts: Iterable[ActivityFact],
    entries: Sequence[Curation],
    *,
    paragraph_texts: Mapping[tuple[str, str], str],
    vocabulary: Vocabulary | None = None,
) -> list[ActivityFact]:
    """Return the facts with every entry applied, in a stable order.

    ``paragraph_texts`` maps (report, paragraph) to the paragraph's text, to check that an
    added activity quotes it verbatim. Entries for reports not in ``paragraph_texts`` are
    skipped only when their report is absent altogether (a partial build).
    """
    vocab = vocabulary or load_vocabulary()
    reports = {report for report, _ in paragraph_texts}
    by_key = {fact.key: fact for fact in facts}
    orgs = {p.org for fact in by_key.values() for p in fact.partners}
    order = list(by_key)
    for item in entries:
        if item.kind == "add":
            continue
        key = str(_require(item, "activity"))
        if key.split("-", 1)[0] not in reports:
            continue
        if key not in by_key:
            raise _fail(item, f"activity {key} does not exist (was it re-numbered?)")
        fact = by_key[key]
        if item.kind == "retract":
            org = item.entry.get("partner")
            if org is None:
                del by_key[key]
                order.remove(key)
                continue
            if not any(p.org == org for p in fact.partners):
                raise _fail(item, f"activity {key} has no partner {org!r}")
            kept = tuple(p for p in fact.partners if p.org != org)
            by_key[key] = _mark(replace(fact, partners=kept), item)
        else:
            by_key[key] = _correct(fact, item, vocab)
    counters: dict[tuple[str, str], int] = {}
    for item in entries:
        if item.kind != "add":
            continue
        where = (str(_require(item, "report")), str(_require(item, "paragraph")))
        if where[0] not in reports:
            continue
        counters[where] = counters.get(where, 0) + 1
        text = paragraph_texts.get(where)
        fact = _added(item, _ADD_ORDINAL_BASE + counters[where], text, vocab, orgs)
        by_key[fact.key] = fact
        order.append(fact.key)
    return [by_key[key] for key in order]
