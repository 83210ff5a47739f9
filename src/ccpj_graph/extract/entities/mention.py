"""The linker's answer: one :class:`EntityMention` per name found, and what its flags mean.

Why its own module: every finder (countries, organisations, tools, ...) returns the same record,
and ``extract/linking.py`` reads it; keeping it apart from the finders lets
each of them import it without importing the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ccpj_graph.extract.vocab import Entity

__all__ = ["FLAGS", "EntityMention", "entity_mention", "sorted_mentions"]

#: what the flags on a mention mean
FLAGS: Mapping[str, str] = {
    "in-org-name": "inside an organisation's name; not by itself a mention of the place",
    "in-title": "inside a publication title",
    "generic": "a generic name resolved through the context (country or earlier mention)",
    "assumed-country": "a national body's name with no country in context; the only one known",
    "country-unknown": "a national body whose country could not be determined",
    "sub-national": "a body of a state's province, department or city, not of its national"
    " government ('Department of Antioquia')",
    "count-mismatch": "a footnote list whose length differs from the count in the text",
    "footnote-by-count": "a footnote list tied to the one count in the text that equals its length"
    " (no count stands right before its mark)",
    "coordinated": "one of a coordinated name ('West and Central Africa', 'European and African"
    " Forums for Restorative Justice')",
    "abroad": "a State's body abroad (a Permanent Mission): its State is no place of the work",
    "descriptive": "a described, untitled publication ('an e-learning course on ...')",
    "body-from-context": "the resolution's body was read from the surrounding sentence",
    "body-from-number": "the resolution's body was inferred from the number's shape",
    "body-unknown": "the resolution's issuing body could not be determined",
}


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention of an entity in a paragraph.

    ``text`` is always ``paragraph_text[start:end]``. ``key`` is the entity's key (ISO3 for a
    country, a slug for the rest, ``ga-76-183`` for a mandate), ``None`` when it could not be
    resolved; ``known`` is False for entities minted here (new organisation, mandate, tool).
    ``rule`` names the rule that found it (recorded as the fact's ``ccpj:extractionRule``).
    """

    kind: str
    key: str | None
    text: str
    start: int
    end: int
    label: str
    rule: str
    iri: str | None = None
    known: bool = True
    flags: frozenset[str] = frozenset()
    org_kind: str | None = None  # ontology class of an organisation, e.g. "GovernmentBody"
    country: str | None = None  # ISO3 of a national body
    inside: str | None = None  # key of the organisation whose name holds this mention
    footnote: str | None = None  # mark of the footnote the mention was read from
    in_footnote: bool = False  # True: start/end index the footnote's text, not the paragraph's
    year: int | None = None  # a mandate's year as its citation dates it ("of 15 December 2022")
    acronym: str | None = None  # the acronym a minted body's mention defines for it

    def flagged(self, *flags: str) -> EntityMention:
        return replace(self, flags=self.flags | frozenset(flags))


def entity_mention(
    entity: Entity,
    text: str,
    start: int,
    end: int,
    rule: str,
    *flags: str,
    **extra: Any,
) -> EntityMention:
    """The mention of a reference entity at ``text[start:end]``; ``extra`` sets the optional
    fields (``inside``, ``org_kind``, ...)."""
    return EntityMention(
        kind=entity.kind,
        key=entity.key,
        text=text[start:end],
        start=start,
        end=end,
        label=entity.label,
        rule=rule,
        iri=entity.iri,
        flags=frozenset(flags),
        **extra,
    )


def sorted_mentions(mentions: Iterable[EntityMention]) -> list[EntityMention]:
    """Mentions without repeats, in text order (paragraph first, then footnotes)."""
    unique = {
        (m.kind, m.key, m.start, m.end, m.footnote, m.in_footnote, m.label): m for m in mentions
    }
    return sorted(unique.values(), key=lambda m: (m.in_footnote, m.start, m.end, m.kind, m.label))
