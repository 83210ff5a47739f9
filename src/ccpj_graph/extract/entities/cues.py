"""The linker's cue words (the profile's ``lexicon.toml``), checked and compiled once.

Why: every finder needs the same word lists as folded sets, token tuples or regular
expressions. Building those per call made the lexicon the linker's main cost (each paragraph
re-tokenised the publication nouns and re-compiled the partnership pattern); here they are built
once per lexicon file and re-built only when the file changes. A missing or mistyped list is a
user error naming the file and the table, not a ``KeyError`` deep in a finder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError
from ccpj_graph.extract._rules import expand
from ccpj_graph.extract.entities.citations import load_citations
from ccpj_graph.extract.profile import current
from ccpj_graph.extract.vocab import fold, load_lexicon, tokenize
from ccpj_graph.mandates import BODIES

__all__ = ["Cues", "load_cues"]

#: table -> the word lists it must hold
_LISTS: dict[str, tuple[str, ...]] = {
    "partnership": ("cues",),
    "organisation": (
        "government", "government_with", "academic", "civil_society", "private_sector", "other",
        "international", "connectors", "stop_words", "sub_national", "sub_national_ambiguous",
        "not_heads", "name_breaks", "generic_name_joins", "international_anywhere",
        "civil_society_descriptions", "unit_words", "portfolio_heads", "portfolio_bodies",
        "university_units",
        "university_heads", "parent_units",
    ),
    "national_bodies": (
        "generic", "plural", "abroad", "local", "demonym_heads", "demonym_coordinators", "of_state",
        "in_state", "articles", "formal_words",
    ),
    "treaty_bodies": ("heads",),
    "footnote_lists": ("nouns", "numbers", "announcers"),
    "regions": ("directions",),
    "places": ("city_before", "not_city_before", "seats"),
    "tools": (
        "title_heads", "descriptive_heads", "verbs", "publication_verbs", "publication_nouns",
        "title_inner_phrases", "title_stoppers", "not_tool_cues", "not_title_after",
        "title_bracket_words",
    ),
}  # fmt: skip

#: the lexicon's groups of organisation head words
_GROUPS = ("government", "government_with", "academic", "civil_society", "private_sector", "other")

#: organisation kind -> lexicon group, in the order the first match wins
KIND_GROUPS: tuple[tuple[str, str], ...] = (
    ("GovernmentBody", "government"),
    ("AcademicInstitution", "academic"),
    ("CivilSocietyOrganisation", "civil_society"),
    ("PrivateSectorOrganisation", "private_sector"),
)


def _phrases(phrases: list[str]) -> frozenset[tuple[str, ...]]:
    """Folded token tuples, compared with the tokens before a mention."""
    return frozenset(tuple(fold(t.text) for t in tokenize(p)) for p in phrases)


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Cues:
    """The lexicon in the forms the finders use; ``table`` is the TOML as read."""

    table: Mapping[str, Any]
    partnership: re.Pattern[str]
    org_heads: frozenset[str]  # folded head words of every organisation group
    groups: Mapping[str, frozenset[str]]  # lexicon group -> folded words
    international: tuple[str, ...]  # folded
    international_anywhere: tuple[str, ...]  # folded: a region's body wherever they stand
    civil_society_descriptions: tuple[str, ...]  # folded: an apposition that says civil society
    # folded: a unit named right after its parent's acronym ("GCC General Secretariat")
    unit_words: frozenset[str]
    # folded head words that, alone after "and", are a ministry's portfolio ("and Police")
    portfolio_heads: frozenset[str]
    # folded head words of a body whose portfolio list may follow a comma ("Ministry of A, B
    # and C")
    portfolio_bodies: frozenset[str]
    # folded: a university's own unit named before it ("Faculty of Law of the University of X")
    university_units: frozenset[str]
    university_heads: frozenset[str]  # folded: what makes the parent a university
    # folded token tuples: an organisation's unit named before it ("General Secretariat of the")
    parent_units: frozenset[tuple[str, ...]]
    connectors: frozenset[str]  # folded
    not_heads: frozenset[str]  # folded heads of programmes and plans, not bodies
    stop_words: frozenset[str]
    name_breaks: frozenset[tuple[str, ...]]  # folded word pairs that end a name or a title
    generic_name_joins: frozenset[str]  # folded words a generic body's name continues over
    sub_national: frozenset[str]  # folded heads of a province's or city's body
    sub_national_ambiguous: frozenset[str]  # folded heads that also name ministries
    generic_bodies: tuple[str, ...]
    # (singular name, "the <plural> of (the)" pattern) for each word of [national_bodies] plural
    plural_bodies: tuple[tuple[str, re.Pattern[str]], ...]
    abroad: frozenset[str]  # folded singular names of a State's bodies abroad
    # (name with <city>, "the <its words>(s) of" pattern) for each [national_bodies] local
    local_bodies: tuple[tuple[str, re.Pattern[str]], ...]
    treaty_body: re.Pattern[str]  # a resolution of a treaty body, up to the instrument
    # (the citation form of data/reference/resolution-citations.toml, with this lexicon's heads)
    demonym_heads: tuple[tuple[str, ...], ...]  # folded token tuples
    demonym_coordinators: frozenset[str]  # folded: words that coordinate demonyms
    of_state: frozenset[str]  # folded: "<body> of <State>", the state part of the name
    in_state: frozenset[str]  # folded: "<body> in <State>", "In <State>, ..."
    state_links: frozenset[str]  # both of the above
    formal_words: frozenset[str]  # folded words of a state's formal name ("Republic of")
    articles: frozenset[str]  # folded: an article before a state's name ("of the Niger")
    count_phrase: re.Pattern[str]  # a count and its noun right before a footnote mark
    count_anywhere: re.Pattern[str]  # the same anywhere in a text
    announced_phrase: re.Pattern[str]  # "the following countries" right before a mark
    count_of_any: re.Pattern[str]  # a count and any plural noun ("Eleven national statistical
    # offices"): a footnote list's place only when the count equals its length
    numbers: Mapping[str, int]
    coordinated_regions: re.Pattern[str]
    directions: str  # regex alternatives
    city_before: frozenset[tuple[str, ...]]  # folded words right before a city that names
    not_city_before: frozenset[tuple[str, ...]]  # folded phrases that place an office instead
    seats: frozenset[str]  # folded city names whose meetings name no host State
    # ("under the" and the like: a joint initiative's name follows, folded heads it may have)
    networks: tuple[tuple[re.Pattern[str], frozenset[str]], ...]
    bodies: Mapping[str, str]  # body phrase -> mandate body key
    generic_body_words: Mapping[str, tuple[str, ...]]
    conference_hints: Mapping[str, tuple[str, ...]]
    body_alternatives: str
    title_heads: Mapping[str, tuple[tuple[str, ...], ...]]  # first word -> heads, longest first
    title_first_words: frozenset[str]  # folded
    title_stoppers: frozenset[str]
    title_inner: tuple[tuple[str, ...], ...]  # folded lower-case phrases allowed inside a title
    quoted_cue: re.Pattern[str]  # a production verb or publication noun before a quoted title
    publication_verb: re.Pattern[str]
    publication_noun: re.Pattern[str]
    not_tool: re.Pattern[str]
    described: re.Pattern[str]
    title_connectors: frozenset[str]  # folded lower-case words allowed inside a title
    title_after_cue: re.Pattern[str]  # "the publication", "entitled" before an untyped title
    not_title_after: frozenset[str]  # folded words before a head word that make it no title
    title_bracket_words: frozenset[str]  # folded words that keep a bracket inside a title
    # (word, "the <word>" pattern) for each word of [national_bodies] generic
    generic_body_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    grammar: Mapping[str, re.Pattern[str]]  # the [grammar] table, compiled


#: the patterns of the lexicon's [grammar] table the finders use as they are (generic_body is
#: filled per generic body word); <agent>, <agent-short>, <agent-bare> are the agent's names
_GRAMMAR = (
    "names_only",
    "coordinated_heads",
    "generic_standard",
    "title_clause_end",
    "title_place_lead",
    "title_place_glue",
    "beside_agent_before",
    "beside_agent_after",
    "title_name_lead",
    "quoted_name",
    "appositive_body",
    "helped_before",
    "coordinated_before",
    "parent_joint",
    "seat_before",
    "plural_body_tail",
)


def _check(path: Path, table: Mapping[str, Any]) -> None:
    for name, keys in _LISTS.items():
        section = table.get(name)
        if not isinstance(section, Mapping):
            raise CcpjError(f"{path}: missing table [{name}]")
        for key in keys:
            value = section.get(key)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CcpjError(f"{path}: [{name}] {key} must be a list of strings")
    networks = table.get("networks")
    if not isinstance(networks, list) or not all(
        isinstance(entry, Mapping)
        and all(
            isinstance(entry.get(key), list) and all(isinstance(v, str) for v in entry[key])
            for key in ("cues", "heads")
        )
        for entry in networks
    ):
        raise CcpjError(f"{path}: [[networks]] must be tables of cues and heads (word lists)")
    grammar = table.get("grammar")
    for key in (*_GRAMMAR, "generic_body"):
        pattern = grammar.get(key) if isinstance(grammar, Mapping) else None
        if not isinstance(pattern, str):
            raise CcpjError(f"{path}: [grammar] {key} must be a regular expression")
        try:
            re.compile(expand(pattern, table, {"body": "x"}))
        except KeyError as err:
            message = f"{path}: [grammar] {key}: unknown placeholder <{err.args[0]}>"
            raise CcpjError(message) from None
        except re.error as err:
            raise CcpjError(f"{path}: [grammar] {key}: bad regular expression: {err}") from None
    for pair in table["organisation"]["name_breaks"]:
        if len(pair.split()) != 2:
            raise CcpjError(f"{path}: [organisation] name_breaks: {pair!r} is not two words")
    mandates = table.get("mandates")
    if not isinstance(mandates, Mapping) or not isinstance(mandates.get("bodies"), Mapping):
        raise CcpjError(f"{path}: missing table [mandates.bodies]")
    for phrase, body in mandates["bodies"].items():
        if body not in BODIES:
            raise CcpjError(
                f"{path}: [mandates.bodies] {phrase!r} names body {body!r}; "
                f"expected one of {', '.join(sorted(BODIES))}"
            )
    for word, options in mandates.get("generic", {}).items():
        unknown = [b for b in options if b not in BODIES]
        if unknown:
            raise CcpjError(
                f"{path}: [mandates.generic] {word!r} names unknown body {unknown[0]!r}"
            )


def _local_words(name: str) -> str:
    """The words of a city body's name ("Municipal Council of <city>", "<city> City Council")
    as the text writes them before "of" and its cities: "municipal council", "city council"."""
    words = name.replace("<city>", " ").replace(" of ", " ").split()
    return r"\s+".join(re.escape(w.lower()) for w in words)


def _compile(path: Path, table: Mapping[str, Any]) -> Cues:
    _check(path, table)
    forms = load_citations()
    org, tools, mandates = table["organisation"], table["tools"], table["mandates"]
    national = table["national_bodies"]
    groups = {g: frozenset(fold(w) for w in org[g]) for g in _GROUPS}
    heads: dict[str, list[tuple[str, ...]]] = {}
    for name in tools["title_heads"]:
        words = tuple(t.norm for t in tokenize(name))
        heads.setdefault(words[0], []).append(words)
    lists = table["footnote_lists"]
    numbers = "|".join(sorted(lists["numbers"], key=len, reverse=True))
    counted = (
        rf"\b(?P<count>\d+|{numbers})\s+(?:(?:[A-Z][\w'-]*|other|more)\s+){{0,3}}?"
        rf"(?P<noun>{_alternatives(lists['nouns'])})"
    )
    directions = _alternatives(table["regions"]["directions"])
    verbs, descriptive = tools["verbs"], tools["descriptive_heads"]
    generic_words = {k: tuple(v) for k, v in mandates.get("generic", {}).items()}
    return Cues(
        table=table,
        partnership=re.compile(
            rf"\b(?:{_alternatives(table['partnership']['cues'])})\b", re.IGNORECASE
        ),
        org_heads=frozenset().union(*(groups[g] for g in groups if g != "government_with")),
        groups=groups,
        international=tuple(fold(w) for w in org["international"]),
        international_anywhere=tuple(fold(w) for w in org["international_anywhere"]),
        civil_society_descriptions=tuple(fold(w) for w in org["civil_society_descriptions"]),
        unit_words=frozenset(fold(w) for w in org["unit_words"]),
        portfolio_heads=frozenset(fold(w) for w in org["portfolio_heads"]),
        portfolio_bodies=frozenset(fold(w) for w in org["portfolio_bodies"]),
        university_units=frozenset(fold(w) for w in org["university_units"]),
        university_heads=frozenset(fold(w) for w in org["university_heads"]),
        parent_units=frozenset(
            tuple(fold(t.text) for t in tokenize(u)) for u in org["parent_units"]
        ),
        connectors=frozenset(fold(w) for w in org["connectors"]),
        not_heads=frozenset(fold(w) for w in org["not_heads"]),
        stop_words=frozenset(org["stop_words"]),
        name_breaks=frozenset(tuple(fold(t.text) for t in tokenize(p)) for p in org["name_breaks"]),
        generic_name_joins=frozenset(fold(w) for w in org["generic_name_joins"]),
        sub_national=frozenset(fold(w) for w in org["sub_national"]),
        sub_national_ambiguous=frozenset(fold(w) for w in org["sub_national_ambiguous"]),
        generic_bodies=tuple(table["national_bodies"]["generic"]),
        plural_bodies=tuple(
            (name[:-1], re.compile(rf"\bthe\s+({re.escape(name)})\s+of\s+(?:the\s+)?"))
            for name in national["plural"]
        ),
        abroad=frozenset(fold(w) for w in national["abroad"]),
        local_bodies=tuple(
            (name, re.compile(rf"\bthe\s+({_local_words(name)}s?)\s+of\s+"))
            for name in national["local"]
        ),
        treaty_body=forms.fill(
            forms.treaty_body, {"treaty-heads": _alternatives(table["treaty_bodies"]["heads"])}
        ),
        demonym_coordinators=frozenset(
            fold(w) for w in table["national_bodies"]["demonym_coordinators"]
        ),
        demonym_heads=tuple(
            tuple(fold(t.text) for t in tokenize(h))
            for h in table["national_bodies"]["demonym_heads"]
        ),
        count_phrase=re.compile(
            rf"{counted}(?P<tail>\s*[.,;:]?\s*)$",
            re.IGNORECASE,
        ),
        count_anywhere=re.compile(rf"{counted}\b", re.IGNORECASE),
        announced_phrase=re.compile(
            rf"\b(?:{_alternatives(lists['announcers'])})\s+"
            rf"(?P<noun>{_alternatives(lists['nouns'])})(?P<tail>\s*[.,;:]?\s*)$",
            re.IGNORECASE,
        ),
        count_of_any=re.compile(
            rf"\b(?P<count>\d+|{numbers})\s+(?:[\w'-]+\s+){{0,3}}?(?P<noun>[a-z][\w-]*s)\b",
            re.IGNORECASE,
        ),
        numbers={w: n for n, w in enumerate(lists["numbers"], start=2)},
        of_state=frozenset(fold(w) for w in national["of_state"]),
        in_state=frozenset(fold(w) for w in national["in_state"]),
        state_links=frozenset(fold(w) for w in national["of_state"] + national["in_state"]),
        articles=frozenset(fold(w) for w in national["articles"]),
        formal_words=frozenset(fold(w) for w in national["formal_words"]),
        coordinated_regions=re.compile(
            rf"\b(?P<heads>(?:{directions})(?:\s*,\s*(?:{directions}))*)\s*,?\s+and\s+"
            rf"(?:{directions})\s+(?P<continent>[A-Z][a-z]+)\b"
        ),
        directions=directions,
        city_before=_phrases(table["places"]["city_before"]),
        not_city_before=_phrases(table["places"]["not_city_before"]),
        seats=frozenset(fold(w) for w in table["places"]["seats"]),
        networks=tuple(
            (
                re.compile(
                    rf"\b(?:{_alternatives(entry['cues'])})\s+(?=(?-i:[A-Z]))", re.IGNORECASE
                ),
                frozenset(fold(w) for w in entry["heads"]),
            )
            for entry in table["networks"]
        ),
        bodies=dict(mandates["bodies"]),
        generic_body_words=generic_words,
        conference_hints={k: tuple(v) for k, v in mandates.get("conference_hints", {}).items()},
        body_alternatives=_alternatives([*mandates["bodies"], *generic_words]),
        title_heads={k: tuple(sorted(v, key=len, reverse=True)) for k, v in heads.items()},
        title_first_words=frozenset(fold(h.split()[0]) for h in tools["title_heads"]),
        title_stoppers=frozenset(tools["title_stoppers"]),
        title_inner=tuple(
            tuple(fold(t.text) for t in tokenize(p)) for p in tools["title_inner_phrases"]
        ),
        quoted_cue=re.compile(
            rf"\b(?:{_alternatives(verbs + descriptive)})\b[^.;“”\"]{{0,60}}$", re.IGNORECASE
        ),
        publication_verb=re.compile(
            rf"\b(?:{_alternatives(tools['publication_verbs'])})\b", re.IGNORECASE
        ),
        publication_noun=re.compile(
            rf"\b(?:{_alternatives(tools['publication_nouns'] + descriptive)})s?\b", re.IGNORECASE
        ),
        not_tool=re.compile(
            rf"\b(?:{_alternatives([fold(w) for w in tools['not_tool_cues']])})s?\b"
        ),
        described=re.compile(
            rf"\b(?:{_alternatives(verbs)})\s+(?:(?:{'|'.join(tools['described_modifiers'])})\s+)*"
            rf"(?P<title>(?:[\w-]+\s+){{0,2}}?(?:{_alternatives(descriptive)})"
            rf"\s+(?:{'|'.join(tools['described_links'])})\s+[^,.;:()“”\"]{{3,120}})",
            re.IGNORECASE,
        ),
        title_connectors=frozenset(fold(w) for w in tools["title_connectors"]),
        grammar={name: re.compile(expand(table["grammar"][name], table)) for name in _GRAMMAR},
        not_title_after=frozenset(fold(w) for w in tools["not_title_after"]),
        title_bracket_words=frozenset(fold(w) for w in tools["title_bracket_words"]),
        generic_body_patterns=tuple(
            (
                name,
                re.compile(
                    expand(table["grammar"]["generic_body"], table, {"body": re.escape(name)}),
                    0 if name[0].isupper() else re.IGNORECASE,
                ),
            )
            for name in table["national_bodies"]["generic"]
        ),
        title_after_cue=re.compile(rf"\b(?:{'|'.join(tools['title_lead_cues'])})\s+(?=[A-Z])"),
    )


@cache
def _cached(path: Path, mtime: int, forms: object, profile: str) -> Cues:
    return _compile(path, load_lexicon(path))


def load_cues(path: Path | None = None) -> Cues:
    """The compiled lexicon at ``path`` (default: the current profile's ``lexicon.toml``);
    cached until the file changes."""
    path, stamp = resources.file_stamp(path or current().lexicon_path)
    if stamp is None:
        raise CcpjError(f"{path}: linker lexicon not found")
    # keyed on the citation forms too: the treaty-body pattern is theirs
    # and on the profile: its agent's names fill the grammar's <agent> placeholders
    return _cached(path, stamp, load_citations(), current().digest)
