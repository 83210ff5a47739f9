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

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ccpj_graph import mandates
from ccpj_graph.errors import InputError
from ccpj_graph.extract.facts import ACTIVITY_TYPES, ROLES, ActivityFact, PartnerFact
from ccpj_graph.extract.vocab import Vocabulary, load_vocabulary
from ccpj_graph.limits import CURATION_BYTES, read_capped

__all__ = ["KEYS", "Curation", "apply_curation", "check_reports", "load_curation", "unpinned"]

_LIST_FIELDS = ("themes", "countries", "regions", "standards", "mandates")
#: field -> the reference-data kind its keys must name (mandates are checked by their shape:
#: the build describes a cited resolution the reference data lacks).
_KINDS = {"themes": "theme", "countries": "country", "regions": "region", "standards": "standard"}
_ADD_ORDINAL_BASE = 100  # added activities are numbered apart from extracted ones


#: Keys each kind of entry takes; anything else is a typo (``valu``, ``partnrs``) and an error.
KEYS: dict[str, frozenset[str]] = {
    # ``quote`` (optional) pins the entry to words of the activity's evidence, so that a rule
    # change that re-numbers a paragraph's activities is an error, not a silent misfire
    "retract": frozenset({"activity", "partner", "quote", "reason"}),
    "correct": frozenset({"activity", "field", "partner", "value", "quote", "reason"}),
    "add": frozenset(
        {"report", "paragraph", "type", "year", "partners", "quote", "reason", *_LIST_FIELDS}
    ),
    # links between activities of overlapping reports: read and applied by ccpj_graph.samework
    # (``quotes``, optional: words of each activity's evidence, in the order of ``activities``)
    "retract-same-work": frozenset({"activities", "quotes", "reason"}),
    "add-same-work": frozenset({"activities", "quotes", "reason"}),
}
#: The kinds this module applies to facts; the others belong to later stages.
_FACT_KINDS = ("retract", "correct", "add")
_PARTNER_KEYS = frozenset({"org", "role", "surface"})


@dataclass(frozen=True, slots=True)
class Curation:
    """One entry of a curation file; ``where`` is ``file#kind[index]`` (the provenance the
    graph records), ``line`` the line of its ``[[kind]]`` header, for messages."""

    kind: str  # retract | correct | add
    entry: Mapping[str, Any]
    where: str
    path: Path = Path()
    line: int = 0
    lines: Mapping[str, int] = dataclasses.field(default_factory=dict)

    def at(self, key: str | None = None) -> str:
        """``file:line`` of the entry, or of one of its keys."""
        line = self.lines.get(key, self.line) if key else self.line
        return f"{self.path}:{line}" if line else str(self.path)


def load_curation(folder: Path) -> list[Curation]:
    """Read every ``*.toml`` file in ``folder`` (sorted by name) into entries.

    Each file is read with a size cap, must be UTF-8 TOML, and may hold only the sections
    ``retract``, ``correct`` and ``add``, each entry only its kind's keys (:data:`KEYS`):
    anything else is an error naming ``file:line``, with the nearest known key.
    """
    entries: list[Curation] = []
    if not folder.is_dir():
        return entries
    for path in sorted(folder.glob("*.toml")):
        entries.extend(_load_file(path))
    return entries


def _load_file(path: Path) -> list[Curation]:
    raw = read_capped(path, CURATION_BYTES, what="a curation file", text=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise InputError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{path}:{_toml_location(err)}") from None
    except RecursionError:
        raise InputError(f"{path}: arrays or tables nested too deeply") from None
    lines = text.splitlines()
    for section in data:
        if section not in KEYS:
            line = _line_of(lines, rf"\[*\s*[\"']?{re.escape(section)}\b", 0, len(lines))
            raise InputError(
                f"{path}:{line}: unknown section {section!r}{_suggest(section, KEYS)}; "
                f"expected {', '.join(f'[[{kind}]]' for kind in KEYS)}"
            )
    entries = []
    for kind in KEYS:
        items = data.get(kind, [])
        if not isinstance(items, list):
            line = _line_of(lines, rf"\[*\s*{kind}\b", 0, len(lines))
            raise InputError(f"{path}:{line}: {kind} must be written as [[{kind}]] entries")
        starts = _header_lines(lines, kind)
        for index, entry in enumerate(items):
            start = starts[index] if len(starts) == len(items) else 0
            end = _next_header(lines, start)
            if not isinstance(entry, dict):
                raise InputError(f"{path}:{start}: {kind}[{index}] must be a table of keys")
            keys = {key: _line_of(lines, _key_pattern(key), start, end) for key in entry}
            item = Curation(kind, entry, f"{path.name}#{kind}[{index}]", path, start, keys)
            _check_entry_keys(item)
            entries.append(item)
    return entries


def _check_entry_keys(item: Curation) -> None:
    allowed = KEYS[item.kind]
    for key in item.entry:
        if key not in allowed:
            raise _fail(item, f"unknown key {key!r}{_suggest(key, allowed)}", key)
    partners = item.entry.get("partners", [])
    if "partners" in item.entry and not (
        isinstance(partners, list) and all(isinstance(p, dict) for p in partners)
    ):
        raise _fail(item, "partners must be a list of { org = ..., role = ... }", "partners")
    for partner in partners:
        for key in partner:
            if key not in _PARTNER_KEYS:
                hint = _suggest(key, _PARTNER_KEYS)
                raise _fail(item, f"unknown partner key {key!r}{hint}", "partners")
    for key in ("activity", "report", "paragraph", "partner", "field", "type", "quote"):
        if key in item.entry and not isinstance(item.entry[key], str):
            raise _fail(item, f"{key} must be a string (in quotes)", key)


def _suggest(word: str, known: Collection[str]) -> str:
    near = difflib.get_close_matches(word, sorted(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(near)}?" if near else ""


def _toml_location(err: tomllib.TOMLDecodeError) -> str:
    """``LINE:COL: message`` from tomllib's ``message (at line L, column C)``."""
    match = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(err))
    if match:
        return f"{match[2]}:{match[3]}: {match[1]}"
    match = re.search(r"^(.*) \(at end of document\)$", str(err))
    return f" {match[1]} (at the end)" if match else f" {err}"


def _header_lines(lines: Sequence[str], kind: str) -> list[int]:
    pattern = re.compile(rf"^\s*\[\[\s*[\"']?{kind}[\"']?\s*\]\]")
    return [number for number, line in enumerate(lines, start=1) if pattern.match(line)]


def _next_header(lines: Sequence[str], start: int) -> int:
    for number in range(start + 1, len(lines) + 1):
        if lines[number - 1].lstrip().startswith("["):
            return number - 1
    return len(lines)


def _key_pattern(key: str) -> str:
    return rf"[\"']?{re.escape(key)}[\"']?\s*="


def _line_of(lines: Sequence[str], pattern: str, start: int, end: int) -> int:
    """The first line in ``start``..``end`` (1-based, inclusive) matching ``pattern`` at its
    start, else ``start``."""
    compiled = re.compile(rf"^\s*{pattern}")
    for number in range(max(start, 1), end + 1):
        if compiled.match(lines[number - 1]):
            return number
    return start


def _fail(item: Curation, message: str, key: str | None = None) -> InputError:
    return InputError(f"{item.at(key)}: {item.kind}[{item.where.rsplit('[', 1)[1]}: {message}")


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
    key = "value" if item.kind == "correct" else field
    for value in values:
        if value in also:
            continue
        if field == "mandates":
            try:
                mandates.split_key(value)
            except ValueError:
                raise _fail(item, f"{value!r} is not a mandate key like 'ga-75-196'", key) from None
            continue
        kind = _KINDS.get(field, "organisation")
        if vocab.get(kind, value) is None:
            known = [e.key for e in vocab.of_kind(kind)]
            near = difflib.get_close_matches(value, known, n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise _fail(item, f"unknown {kind} key {value!r}{hint}", key)


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


def _check_pinned(item: Curation, fact: ActivityFact, facts: Iterable[ActivityFact]) -> None:
    """The entry's ``quote`` must be words of the activity's evidence."""
    pinned = str(item.entry["quote"])  # a string: the loader checks each key's kind
    if not pinned.strip():
        raise _fail(item, "quote must be words of the activity's evidence", "quote")
    problem = unpinned(pinned, fact.key, fact.quote, ((f.key, f.quote) for f in facts))
    if problem:
        raise _fail(item, problem, "quote")


def unpinned(pinned: str, key: str, quote: str, others: Iterable[tuple[str, str]]) -> str | None:
    """Why ``pinned``, words an entry expects in the evidence ``quote`` of activity ``key``
    (spacing aside), does not pin it, or None when it does. An activity key is an ordinal, and
    a rule change can give it to other work: the message names the activities of the same
    paragraph among ``others`` (key, quote) that quote the words now."""
    words = " ".join(pinned.split())
    if words in " ".join(quote.split()):
        return None
    paragraph = key.rsplit("-", 1)[0] + "-"
    now = [k for k, q in others if k.startswith(paragraph) and words in " ".join(q.split())]
    hint = f"; {' and '.join(now)} quote{'s' if len(now) == 1 else ''} it" if now else ""
    return (
        f"activity {key} does not quote {words!r} (were the paragraph's activities "
        f"re-numbered?){hint}"
    )


def _check_report(item: Curation, report: str, reports: Collection[str], key: str) -> None:
    """An entry must name a report this build reads: a typo (``01``, ``999``) is an error."""
    if report not in reports:
        built = ", ".join(sorted(reports)) or "none"
        hint = _suggest(report, reports)
        raise _fail(item, f"report {report!r} is not among the reports built ({built}){hint}", key)


def check_reports(entries: Sequence[Curation], reports: Collection[str]) -> None:
    """Every entry must name one of ``reports`` (the manifest's keys): for a build that
    applies entries report by report, so an entry for ``999`` cannot be skipped silently."""
    for item in entries:
        if item.kind not in _FACT_KINDS:  # same-work entries: checked by ccpj_graph.samework
            continue
        key = "report" if item.kind == "add" else "activity"
        _check_report(item, str(_require(item, key)).split("-", 1)[0], reports, key)


def apply_curation(
    facts: Iterable[ActivityFact],
    entries: Sequence[Curation],
    *,
    paragraph_texts: Mapping[tuple[str, str], str],
    vocabulary: Vocabulary | None = None,
) -> list[ActivityFact]:
    """Return the facts with every entry applied, in a stable order.

    ``paragraph_texts`` maps (report, paragraph) to the paragraph's text, to check that an
    added activity quotes it verbatim; its reports are the reports built. An entry naming
    any other report, or an activity that does not exist, is an error naming ``file:line``.
    """
    vocab = vocabulary or load_vocabulary()
    reports = {report for report, _ in paragraph_texts}
    by_key = {fact.key: fact for fact in facts}
    orgs = {p.org for fact in by_key.values() for p in fact.partners}
    order = list(by_key)
    for item in entries:
        if item.kind not in _FACT_KINDS[:2]:
            continue
        key = str(_require(item, "activity"))
        _check_report(item, key.split("-", 1)[0], reports, "activity")
        if key not in by_key:
            hint = _suggest(key, by_key)
            raise _fail(
                item, f"activity {key} does not exist (was it re-numbered?){hint}", "activity"
            )
        fact = by_key[key]
        if "quote" in item.entry:
            _check_pinned(item, fact, by_key.values())
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
        _check_report(item, where[0], reports, "report")
        counters[where] = counters.get(where, 0) + 1
        text = paragraph_texts.get(where)
        fact = _added(item, _ADD_ORDINAL_BASE + counters[where], text, vocab, orgs)
        by_key[fact.key] = fact
        order.append(fact.key)
    return [by_key[key] for key in order]
