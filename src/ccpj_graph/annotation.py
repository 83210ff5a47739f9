"""The annotation format ``ccpj evaluate --gold`` reads: one JSON object per paragraph
(``tests/data/dev-*.jsonl``; the fields are described in ``tests/data/README.md``).

Why strict: an annotation is the measure of the extraction, and a misspelt key (``"yaer"``) or
value (``"trainin"``, ``"co-deliver"``) silently read as missing scored the graph against a
reading nobody made, while a missing key stopped the evaluation with a traceback. Every key and
value is checked here, before any score: an unknown key (with the nearest known one), a
missing one, a key given twice in one object (JSON keeps the last silently), a value of the
wrong type, an activity type, organisation kind, partner role or theme the project does not
know, a country code the reference data lacks, and a paragraph given twice are each one
``FILE:LINE: where: why`` error. Lines are the file's own (split at ``\n`` only), and each
paragraph read keeps its line (:class:`AnnotatedParagraph`), so what is checked later
against the graph names it too. The vocabularies are the project's
own: the ``skos:notation`` of the activity types and organisation kinds in the ontology, of the
partner roles in ``data/reference/roles.ttl``, the themes of ``themes.ttl`` and the ISO 3166-1
alpha-3 codes of ``countries.ttl``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS
from rdflib.namespace import SKOS

from ccpj_graph import resources
from ccpj_graph.errors import InputError
from ccpj_graph.limits import ANNOTATION_BYTES, read_capped
from ccpj_graph.namespaces import CCPJ

__all__ = ["AnnotatedParagraph", "load_annotation", "vocabularies"]

#: The kind of an organisation the annotation gives none of the ontology's kinds.
NO_KIND = "other"
_OTHER_THEME = re.compile(r"other:[a-z0-9]+(?:-[a-z0-9]+)*")
_YEAR_BASES = ("explicit", "reporting-period")

#: A check of one value: ``None`` when it is good, else why not.
_Check = Callable[[Any], str | None]


@cache
def vocabularies() -> dict[str, frozenset[str]]:
    """The words the annotation may use, by vocabulary: activity types, organisation kinds,
    partner roles, themes (by key) and countries (by ISO 3166-1 alpha-3 code)."""
    from ccpj_graph.rdfio import read_graph

    ontology = read_graph(*resources.ontology_files())
    reference = read_graph(
        *(resources.reference_dir() / f"{name}.ttl" for name in ("roles", "themes", "countries"))
    )

    def below(top: Any) -> frozenset[str]:
        return frozenset(
            str(key)
            for kind in ontology.transitive_subjects(RDFS.subClassOf, top)
            for key in ontology.objects(kind, SKOS.notation)
        )

    def of_class(cls: Any) -> frozenset[str]:
        return frozenset(
            str(key)
            for node in reference.subjects(RDF.type, cls)
            for key in reference.objects(node, SKOS.notation)
        )

    return {
        "type": below(CCPJ.Activity),
        "kind": below(CCPJ.Organisation) | {NO_KIND},
        "role": of_class(CCPJ.PartnerRole),
        "theme": of_class(CCPJ.ThematicArea),
        "country": frozenset(str(code) for code in reference.objects(None, CCPJ.iso3)),
    }


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "expected a non-empty string"


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _one_of(vocabulary: str) -> _Check:
    def check(value: Any) -> str | None:
        known = vocabularies()[vocabulary]
        if isinstance(value, str) and value in known:
            return None
        near = difflib.get_close_matches(str(value), sorted(known), n=1, cutoff=0.6)
        hint = f" (did you mean {near[0]!r}?)" if near else f" (one of: {', '.join(sorted(known))})"
        return f"unknown {vocabulary} {value!r}{hint}"

    return check


def _theme(value: Any) -> str | None:
    known = vocabularies()["theme"]
    if isinstance(value, str) and (value in known or _OTHER_THEME.fullmatch(value)):
        return None
    return f"unknown theme {value!r}: one of {', '.join(sorted(known))}, or other:<word>"


def _country(value: Any) -> str | None:
    if isinstance(value, str) and value in vocabularies()["country"]:
        return None
    return f"expected the ISO 3166-1 alpha-3 code of a country (KEN, PSE), not {value!r}"


def _year(value: Any) -> str | None:
    if value is None or (type(value) is int and 1900 <= value <= 2999):
        return None
    return f"expected a year (e.g. 2021) or null, not {value!r}"


def _year_basis(value: Any) -> str | None:
    if value is None or value in _YEAR_BASES:
        return None
    return f"expected one of {', '.join(map(repr, _YEAR_BASES))} or null, not {value!r}"


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, not {value!r}"


#: The keys of a line, of each of its activities and of each partner, all required.
_PARAGRAPH_KEYS = (
    *("report", "para", "section", "section_title"),
    *("themes", "year", "year_basis", "activities"),
)
_ACTIVITY_KEYS = (
    *("summary", "type", "countries", "regions", "partners"),
    *("standards", "mandates", "tools", "quote"),
)
_PARTNER: dict[str, _Check] = {
    "name": _text,
    "acronym": _optional_text,
    "kind": _one_of("kind"),
    "role": _one_of("role"),
    "strict": _flag,
}


class AnnotatedParagraph(dict[str, Any]):
    """One paragraph of an annotation (its JSON object, checked) and the line it is on."""

    __slots__ = ("line",)

    def __init__(self, value: dict[str, Any], line: int) -> None:
        super().__init__(value)
        self.line = line


class _DuplicateKey(ValueError):
    """A key given twice in one JSON object."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``'s ``object_pairs_hook``: a key given twice is an error, where JSON
    keeps the last one ({"report": "004", "report": "001"} was read as report 001)."""
    value: dict[str, Any] = {}
    for key, item in pairs:
        if key in value:
            raise _DuplicateKey(key)
        value[key] = item
    return value


class _Reader:
    """Checks one line's object, naming where in it (``activities[2].partners[0].role``)."""

    def __init__(self, path: Path, lineno: int) -> None:
        self.path, self.lineno = path, lineno

    def fail(self, where: str, why: str) -> InputError:
        return InputError(f"{self.path}:{self.lineno}: {where}{': ' if where else ''}{why}")

    def keys(self, value: Any, where: str, allowed: Iterable[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, not {type(value).__name__}")
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                near = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                raise self.fail(where, f"unknown key {key!r}{hint}")
        missing = [key for key in allowed if key not in value]
        if missing:
            raise self.fail(where, f"missing {', '.join(map(repr, missing))}")
        return value

    def values(self, value: Any, where: str, check: _Check) -> None:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list, not {type(value).__name__}")
        for index, item in enumerate(value):
            self.value(item, f"{where}[{index}]", check)

    def value(self, value: Any, where: str, check: _Check) -> None:
        why = check(value)
        if why:
            raise self.fail(where, why)

    def partner(self, value: Any, where: str) -> None:
        partner = self.keys(value, where, _PARTNER)
        for key, check in _PARTNER.items():
            self.value(partner[key], f"{where}.{key}", check)

    def activity(self, value: Any, where: str) -> None:
        activity = self.keys(value, where, _ACTIVITY_KEYS)
        self.value(activity["summary"], f"{where}.summary", _text)
        self.value(activity["type"], f"{where}.type", _one_of("type"))
        self.value(activity["quote"], f"{where}.quote", _text)
        self.values(activity["countries"], f"{where}.countries", _country)
        for key in ("regions", "standards", "mandates", "tools"):
            self.values(activity[key], f"{where}.{key}", _text)
        if not isinstance(activity["partners"], list):
            raise self.fail(f"{where}.partners", "expected a list")
        for index, partner in enumerate(activity["partners"]):
            self.partner(partner, f"{where}.partners[{index}]")

    def paragraph(self, value: Any) -> dict[str, Any]:
        row = self.keys(value, "", _PARAGRAPH_KEYS)
        for key in ("report", "para"):
            self.value(row[key], key, _text)
        for key in ("section", "section_title"):
            self.value(row[key], key, _optional_text)
        self.values(row["themes"], "themes", _theme)
        self.value(row["year"], "year", _year)
        self.value(row["year_basis"], "year_basis", _year_basis)
        if not isinstance(row["activities"], list):
            raise self.fail("activities", "expected a list")
        for index, activity in enumerate(row["activities"]):
            self.activity(activity, f"activities[{index}]")
        return row


def load_annotation(path: Path) -> list[AnnotatedParagraph]:
    """The paragraphs of an annotation file, each checked (see the module's docstring)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: cannot read annotation: no such file")
    data = read_capped(path, ANNOTATION_BYTES, what="an annotation file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        where = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"{path}:{where}: not UTF-8 text") from None
    rows: list[AnnotatedParagraph] = []
    seen: dict[tuple[str, str], int] = {}
    # split at \n alone, as the line numbers of read errors count (limits, editors): a quote
    # with U+2028 or a form feed is one JSON line, which str.splitlines() cut in two
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{lineno}: not JSON: {err.msg}") from err
        except _DuplicateKey as err:
            raise InputError(f"{path}:{lineno}: key {err.key!r} given twice") from None
        row = AnnotatedParagraph(_Reader(path, lineno).paragraph(value), lineno)
        key = (row["report"], row["para"])
        if key in seen:
            raise InputError(
                f"{path}:{lineno}: paragraph {key[1]} of report {key[0]} is annotated "
                f"already on line {seen[key]}"
            )
        seen[key] = lineno
        rows.append(row)
    if not rows:
        raise InputError(f"{path}: the annotation holds no paragraphs")
    return rows
