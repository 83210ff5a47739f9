"""The rule files (cue phrases, verb lists) of the profile being extracted, and the agent.

The rules are data, not code: each file of ``data/profiles/<name>/`` can be read and reviewed
by an analyst without reading Python, and a new report's wording is added there. The loader,
its checks and the choice of profile are ``extract/profile.py``; this module only hands a
rule module its table and builds the agent's name patterns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ccpj_graph.extract.profile import current, per_profile

__all__ = [
    "IN_WORD_HYPHEN",
    "Agent",
    "agent",
    "expand",
    "grammar",
    "literal_word",
    "load_rules",
    "phrase_pattern",
]

#: a placeholder in a grammar pattern: <agent>, <agent-short>, <agent-bare>, <list:name> (a
#: phrase list of the same file), or <name> (another grammar pattern, or a value the caller
#: passes); "(?P<name>" is a named group, not a placeholder
PLACEHOLDER = re.compile(r"(?<!\?P)<([a-z][a-z0-9_:-]*)>")


def load_rules(name: str) -> Mapping[str, Any]:
    """The parsed rule file ``name`` (segment, roles, types, ...) of the current profile."""
    return current().rules[name]


def phrase_pattern(phrases: list[str] | tuple[str, ...]) -> str:
    """One alternation matching any of ``phrases`` as whole words, longest first.

    A phrase may carry regex syntax when it is written between slashes (``/train(ed|ing)/``),
    in which ``<agent>`` stands for any name of the reporting agent or its offices (the
    profile's ``[agent]``: "/implemented by <agent> with/"); otherwise it is literal, its spaces
    match any run of whitespace and a hyphen between two letters or digits may be missing
    (:func:`literal_word`).
    """
    parts: list[str] = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        if len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/"):
            body = phrase[1:-1]
            parts.append(body.replace("<agent>", agent().name) if "<agent>" in body else body)
        else:
            parts.append(r"\s+".join(literal_word(word) for word in phrase.split()))
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"


#: a hyphen between two word characters: the joint a PDF's line end can lose
#: ("gender-responsive" printed as "gender-", "responsive" and read back "genderresponsive")
IN_WORD_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def literal_word(word: str) -> str:
    """``word`` of a literal phrase as a regular expression: itself, with each hyphen between
    two letters or digits optional ("COVID-19" also matches "COVID19")."""
    return "-?".join(re.escape(piece) for piece in IN_WORD_HYPHEN.split(word))


@dataclass(frozen=True, slots=True)
class Agent:
    """The reporting agent of the profile (``profile.toml`` ``[agent]``) as regular-expression
    parts.

    ``name``: any of its names ("UNODC", "the Office" / "The Office") or of its offices ("the
    Regional Office for Southern Africa"), whole words, not the start of a compound
    ("UNODC-INEGI"); ``bare``: the same without a leading "the"
    ("Office", for "the Office's support"); ``short``: its one-word names ("UNODC", for
    "UNODC/UNICEF" and "UNODC-supported").
    """

    key: str
    name: str
    bare: str
    short: str
    short_names: tuple[str, ...] = ()  # the one-word names as written ("UNODC")


@per_profile
def agent() -> Agent:
    """The reporting agent's key and name patterns (the profile's ``[agent]``)."""
    profile = current()
    names = list(profile.agent_names)

    def words(name: str) -> str:
        parts = name.split()
        if parts[0] == "the":
            return r"[Tt]he\s+" + r"\s+".join(re.escape(w) for w in parts[1:])
        return r"\s+".join(re.escape(w) for w in parts)

    full = "|".join(words(n) for n in sorted(names, key=len, reverse=True))
    short = "|".join(re.escape(n) for n in names if " " not in n) or "(?!)"
    offices = [  # <agent-short>: its one-word names ("the UNODC Country Office in Kenya")
        (p[1:-1] if p.startswith("/") and p.endswith("/") else words(p)).replace(
            "<agent-short>", f"(?:{short})"
        )
        for p in profile.agent_offices
    ]
    full = "|".join([*offices, full])  # an office first: "the Regional Office ...", not "the"
    bare = "|".join(
        r"\s+".join(re.escape(w) for w in (n.split()[1:] if n.split()[0] == "the" else n.split()))
        for n in names
    )
    return Agent(
        key=profile.agent_key,
        name=rf"(?:\b(?:{full})\b(?!-))",
        bare=rf"(?:\b(?:{bare})\b)",
        short=rf"(?:\b(?:{short})\b)",
        short_names=tuple(n for n in names if " " not in n),
    )


def expand(template: str, rules: Mapping[str, Any], values: Mapping[str, str] | None = None) -> str:
    """``template`` with its placeholders replaced (see :data:`PLACEHOLDER`)."""
    grammar_table = rules.get("grammar", {})

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        me = agent()
        fixed = {"agent": me.name, "agent-short": me.short, "agent-bare": me.bare}
        if name in fixed:
            return fixed[name]
        if name.startswith("list:"):
            return phrase_pattern(rules[name[5:]])
        if values is not None and name in values:
            return values[name]
        return expand(grammar_table[name], rules, values)

    return PLACEHOLDER.sub(value, template)


@per_profile
def grammar(file: str, name: str, flags: int = 0, **values: str) -> re.Pattern[str]:
    """The compiled pattern ``name`` of the ``[grammar]`` table of the profile's ``file``: the
    phrasing the rules read (function words, auxiliaries, the agent's support), as data."""
    rules = load_rules(file)
    return re.compile(expand(rules["grammar"][name], rules, values), flags)
