"""Which state a national body belongs to when its name does not say.

Why its own module: "the Ministry of Justice", "the judiciary" or an unknown "Supreme Court"
name no country; the country comes from where the body stands in the text. The scanner (for
known generic names), the organisation finder (for new bodies) and the generic-body rule all
ask the same question and must get the same answer.

The order, nearest evidence first: a country for which the reference data knows a body of that
name, named in the same sentence; the country that opens the sentence ("In Kenya, ..."); an
"in/of <Country>" after the body in its sentence; the nearest country before it in its
sentence; the first country named after it in its sentence (a sentence's own country wins over
the last one of the sentence before); the nearest country earlier in the paragraph; last, the
caller's context.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from ccpj_graph.extract.entities.cues import Cues
from ccpj_graph.extract.sentences import split_sentences
from ccpj_graph.extract.vocab import Entity, Token, Vocabulary

__all__ = ["BOUNDARY", "body_country", "country_spans", "matches_country"]

#: tokens that end a sentence (or a semicolon-separated part of a list)
BOUNDARY = frozenset({".", ";", "!", "?"})


class _Span(Protocol):
    first: int
    last: int
    entity: Entity | None
    flags: set[str]


def country_spans(spans: Sequence[_Span]) -> list[tuple[int, int, str]]:
    """Where the text names a country: the country itself or a national body of it."""
    found = []
    for s in spans:
        if s.entity is not None and s.entity.kind == "country":
            found.append((s.first, s.last, s.entity.key))
        elif s.entity is not None and s.entity.country and not s.flags:
            found.append((s.first, s.last, s.entity.country))
    return found


def matches_country(vocab: Vocabulary, tokens: list[Token], start: int) -> tuple[str, int] | None:
    """(ISO3, length in tokens) of the country named at ``tokens[start]``, if exactly one."""
    for length, found in vocab.index.matches_at(tokens, start):
        isos = {c.entity.key for c in found if c.entity.kind == "country"}
        return (isos.pop(), length) if len(isos) == 1 else None
    return None


def _sentence(text: str, tokens: list[Token], at: int) -> tuple[int, int]:
    """The tokens [lo, hi) of the sentence (the shared splitter's) holding token ``at``, cut at
    a semicolon (a part of a list)."""
    offset = tokens[at].start
    start, end = 0, len(text)
    for sentence in split_sentences(text):
        if sentence.start <= offset < sentence.end:
            start, end = sentence.start, sentence.end
            break
    lo = at
    while lo > 0 and tokens[lo - 1].start >= start and tokens[lo - 1].text != ";":
        lo -= 1
    hi = at
    while hi < len(tokens) and tokens[hi].start < end and tokens[hi].text != ";":
        hi += 1
    return lo, hi


def body_country(
    text: str,
    tokens: list[Token],
    spans: Sequence[_Span],
    first: int,
    context: str | None,
    known: Iterable[str] = (),
    *,
    cues: Cues,
) -> str | None:
    """The country (ISO3) a national body named at token ``first`` belongs to, in the order of
    the module docstring; ``known`` holds the countries with a known body of that name."""
    lo, hi = _sentence(text, tokens, first)
    places = country_spans(spans)
    in_sentence = [p for p in places if lo <= p[0] < hi]
    matching = {iso for _, _, iso in in_sentence} & set(known)
    if len(matching) == 1:
        return matching.pop()
    links, articles = cues.state_links, cues.articles
    if lo < len(tokens) and tokens[lo].folded in cues.in_state:
        opening = lo + (2 if lo + 1 < len(tokens) and tokens[lo + 1].folded in articles else 1)
        for a, _, iso in in_sentence:
            if a == opening:
                return iso
    for a, _, iso in in_sentence:
        if (a > first and tokens[a - 1].folded in links) or (
            a > first + 1 and tokens[a - 1].folded in articles and tokens[a - 2].folded in links
        ):
            return iso
    before = [p for p in places if p[1] <= first]
    if before and before[-1][0] >= lo:
        return before[-1][2]
    after = [p for p in in_sentence if p[0] > first]
    if after:
        return after[0][2]
    if before:
        return before[-1][2]
    return context
