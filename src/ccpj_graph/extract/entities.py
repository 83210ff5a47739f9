"""Find mentions of reference entities in a paragraph's normalised text.

Why a separate linker: the activity extractor needs, for every paragraph, which countries,
regions, organisations, standards, mandates and tools it names, at which offsets, and how sure
the linker is. Every rule here is exact or pattern-based and says which rule fired; nothing is
fuzzy-guessed. What the reference data does not know is returned as *new* (``known=False``) with
a minted key, never silently mapped to the nearest known entity.

How: names are matched on tokens against the vocabulary's alias trie, longest match first, so
"Papua New Guinea" is never "Guinea", "Nigeria" never "Niger", "South Sudan" never "Sudan" and
"United Nations Standard Minimum Rules for Non-custodial Measures (the Tokyo Rules)" is one
mention. A country or region inside an organisation's name ("Thailand Institute of Justice") is
returned flagged ``in-org-name`` for the caller to weigh. Cue words live in
``data/reference/lexicon.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ccpj_graph.corpus.model import Footnote, Paragraph
from ccpj_graph.extract.vocab import (
    ID_BASE,
    Candidate,
    Entity,
    Token,
    Vocabulary,
    fold,
    load_lexicon,
    load_vocabulary,
    normalise,
    slugify,
    tokenize,
)

__all__ = [
    "FLAGS",
    "Mention",
    "find_all",
    "find_countries",
    "find_mandates",
    "find_organisations",
    "find_regions",
    "find_standards",
    "find_tools",
]

#: what the flags on a mention mean
FLAGS: Mapping[str, str] = {
    "in-org-name": "inside an organisation's name; not by itself a mention of the place",
    "in-title": "inside a publication title",
    "generic": "a generic name resolved through the context (country or earlier mention)",
    "assumed-country": "a national body's name with no country in context; the only one known",
    "country-unknown": "a national body whose country could not be determined",
    "count-mismatch": "a footnote list whose length differs from the count in the text",
    "coordinated": "one of a coordinated name ('West and Central Africa', 'European and African"
    " Forums for Restorative Justice')",
    "descriptive": "a described, untitled publication ('an e-learning course on ...')",
    "body-from-context": "the resolution's body was read from the surrounding sentence",
    "body-from-number": "the resolution's body was inferred from the number's shape",
    "body-unknown": "the resolution's issuing body could not be determined",
}


@dataclass(frozen=True, slots=True)
class Mention:
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

    def flagged(self, *flags: str) -> Mention:
        return replace(self, flags=self.flags | frozenset(flags))


# ---------------------------------------------------------------------------------------------
# shared scanning


@dataclass(slots=True)
class _Span:
    """A top-level match of the alias trie over tokens ``[first, last)``."""

    first: int
    last: int
    entity: Entity | None
    rule: str
    flags: set[str] = field(default_factory=set)
    country: str | None = None
    minted_key: str | None = None
    minted_label: str | None = None


@dataclass(slots=True)
class _Analysis:
    text: str
    tokens: list[Token]
    spans: list[_Span]
    phrases: list[tuple[int, int]]  # capitalised organisation-like phrases not known as entities


_SENTENCE_END = re.compile(r"[.;:!?]\s")


def _lexicon() -> Mapping[str, Any]:
    return load_lexicon()


def _is_cap(token: Token) -> bool:
    return token.is_word and (token.text[0].isupper() or token.text[0].isdigit())


_BOUNDARY = {".", ";", "!", "?"}


def _country_spans(spans: Sequence[_Span]) -> list[tuple[int, int, str]]:
    """Where the text names a country: the country itself or a national body of it."""
    found = []
    for s in spans:
        if s.entity is not None and s.entity.kind == "country":
            found.append((s.first, s.last, s.entity.key))
        elif s.entity is not None and s.entity.country and not s.flags:
            found.append((s.first, s.last, s.entity.country))
    return found


def _body_country(
    tokens: list[Token],
    spans: Sequence[_Span],
    first: int,
    context: str | None,
    known: Iterable[str] = (),
) -> str | None:
    """The country a national body named at token ``first`` belongs to.

    In order: a country of a known body of that name named in the same sentence; the country of
    a sentence that opens "In <Country>,"; the next "in <Country>" after the body in the
    sentence ("by the prosecution service ... in Viet Nam"); the nearest country before it in
    the sentence, then in the paragraph; the caller's context country.
    """
    lo = first
    while lo > 0 and tokens[lo - 1].text not in _BOUNDARY:
        lo -= 1
    hi = first
    while hi < len(tokens) and tokens[hi].text not in _BOUNDARY:
        hi += 1
    places = _country_spans(spans)
    in_sentence = [p for p in places if lo <= p[0] < hi]
    matching = {iso for _, _, iso in in_sentence if iso in set(known)}
    if len(matching) == 1:
        return matching.pop()
    opening = lo + (2 if lo + 1 < len(tokens) and tokens[lo + 1].folded == "the" else 1)
    if tokens[lo].folded == "in":
        for a, _, iso in in_sentence:
            if a == opening:
                return iso
    for a, _, iso in in_sentence:
        if (a > first and tokens[a - 1].folded in {"in", "of"}) or (
            a > first + 1 and tokens[a - 1].folded == "the" and tokens[a - 2].folded == "in"
        ):
            return iso
    before = [p for p in places if p[1] <= first]
    before_sentence = [p for p in before if p[0] >= lo]
    if before_sentence:
        return before_sentence[-1][2]
    if before:
        return before[-1][2]
    return context


def _scan(text: str, vocab: Vocabulary, context: str | None) -> _Analysis:
    return _scan_cached(text, vocab, context)


@lru_cache(maxsize=256)
def _scan_cached(text: str, vocab: Vocabulary, context: str | None) -> _Analysis:
    tokens = tokenize(text)
    spans: list[_Span] = []
    pending: dict[int, list[Candidate]] = {}
    index = 0
    while index < len(tokens):
        chosen: _Span | None = None
        for length, hits in vocab.index.matches_at(tokens, index):
            specific = {c.entity.iri: c for c in hits if not c.generic}
            if len(specific) > 1:
                continue  # two entities share this name: try a shorter one, never guess
            if specific:
                hit = next(iter(specific.values()))
                chosen = _Span(index, index + length, hit.entity, "name")
                article = any(c.article for c in hits if c.entity.iri == hit.entity.iri)
            else:
                chosen = _Span(index, index + length, None, "name")
                pending[len(spans)] = hits
                article = False
            if article and index > 0 and tokens[index - 1].folded == "the":
                chosen.first -= 1
            break
        if chosen is None:
            index += 1
            continue
        _absorb_parenthesis(chosen, tokens, vocab)
        spans.append(chosen)
        index = chosen.last
    for position, hits in pending.items():
        _resolve_generic(spans[position], hits, tokens, spans, vocab, context)
    phrases = _phrases(tokens, spans, _lexicon())
    return _Analysis(text, tokens, spans, phrases)


def _resolve_generic(
    span: _Span,
    hits: list[Candidate],
    tokens: list[Token],
    spans: Sequence[_Span],
    vocab: Vocabulary,
    context: str | None,
) -> None:
    """Settle which state's body a generic name ("Ministry of Justice") denotes."""
    name = normalise(text_of(tokens, span.first, span.last))
    countries = {c.entity.country: c.entity for c in hits if c.entity.country}
    country = None
    at = span.last
    if at + 1 < len(tokens) and tokens[at].folded in {"of", "in"}:
        start = at + 2 if tokens[at + 1].folded == "the" and at + 2 < len(tokens) else at + 1
        for length, found in vocab.index.matches_at(tokens, start):
            isos = {c.entity.key for c in found if c.entity.kind == "country"}
            if len(isos) == 1:
                country = isos.pop()
                if tokens[at].folded == "of":
                    span.last = start + length
            break
    if country is None:
        country = _body_country(tokens, spans, span.first, context, countries)
        span.flags.add("generic")
    if country in countries:
        span.entity = countries[country]
    elif country:
        span.country = country
        span.minted_label = name
        span.minted_key = f"{country.lower()}-{slugify(name)}"
    elif len(countries) == 1:
        span.entity = next(iter(countries.values()))
        span.flags = {"assumed-country"}
    else:
        span.flags = {"country-unknown"}
        span.minted_label = name


def text_of(tokens: list[Token], first: int, last: int) -> str:
    """The words of tokens ``[first, last)`` with their original spacing collapsed."""
    parts = []
    for previous, token in zip([None, *tokens[first:last]], tokens[first:last], strict=False):
        gap = "" if previous is None or previous.end == token.start else " "
        parts.append(gap + token.text)
    return "".join(parts)


def _absorb_parenthesis(span: _Span, tokens: list[Token], vocab: Vocabulary) -> None:
    """ "Full Name (ACRONYM)" and "Full Name (the Short Name)" are one mention of one entity."""
    at = span.last
    if span.entity is None or at >= len(tokens) or tokens[at].text != "(":
        return
    inner = at + 1
    if inner < len(tokens) and tokens[inner].folded == "the":
        inner += 1
    for length, hits in vocab.index.matches_at(tokens, inner):
        close = inner + length
        same = any(c.entity.iri == span.entity.iri for c in hits)
        if same and close < len(tokens) and tokens[close].text == ")":
            span.last = close + 1
        return


def _phrases(
    tokens: list[Token], spans: Sequence[_Span], lexicon: Mapping[str, Any]
) -> list[tuple[int, int]]:
    """Capitalised phrases with an organisation head word, outside known organisation names.

    Countries and regions may sit inside such a phrase ("Government of Honduras"); other known
    entities end it. Publication titles ("Handbook on ...") are not organisations.
    """
    org = lexicon["organisation"]
    groups = ("government", "academic", "civil_society", "private_sector", "other")
    heads = {fold(w) for group in groups for w in org[group]}
    connectors = {fold(w) for w in org["connectors"]}
    stop = set(org["stop_words"])
    titles = {fold(h.split()[0]) for h in lexicon["tools"]["title_heads"]}
    barrier = [False] * len(tokens)
    place = [False] * len(tokens)
    for span in spans:
        kind = span.entity.kind if span.entity else "organisation"
        for i in range(span.first, span.last):
            if kind in {"country", "region"}:
                place[i] = True
            else:
                barrier[i] = True
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if barrier[i] or not _is_cap(token) or token.text in stop or token.text.isdigit():
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and not barrier[j]:
            current = tokens[j]
            joiner = current.text in {"-", "'s", "'"} and j + 1 < len(tokens)
            if _is_cap(current) or place[j] or joiner:
                j += 1
            elif current.folded in connectors and j + 1 < len(tokens):
                nxt = tokens[j + 1]
                if current.folded == "and" and nxt.folded == "the":
                    break
                if _is_cap(nxt) or nxt.folded in connectors:
                    j += 1
                else:
                    break
            else:
                break
        while j > i and (tokens[j - 1].folded in connectors or not tokens[j - 1].is_word):
            j -= 1
        words = [fold(t.text) for t in tokens[i:j] if t.is_word and t.text != "'s"]
        if len(words) >= 2 and set(words) & heads and words[0] not in titles:
            found.append((i, j))
        i = max(j, i + 1)
    return found


def _mention_of(span: _Span, analysis: _Analysis, *, rule: str | None = None) -> Mention:
    tokens, text = analysis.tokens, analysis.text
    start, end = tokens[span.first].start, tokens[span.last - 1].end
    entity = span.entity
    if entity is None:
        return Mention(
            kind="organisation",
            key=span.minted_key,
            text=text[start:end],
            start=start,
            end=end,
            label=span.minted_label or normalise(text[start:end]),
            rule=rule or "national-body",
            known=False,
            flags=frozenset(span.flags),
            org_kind="GovernmentBody",
            country=span.country,
        )
    return Mention(
        kind=entity.kind,
        key=entity.key,
        text=text[start:end],
        start=start,
        end=end,
        label=entity.label,
        rule=rule or span.rule,
        iri=entity.iri,
        flags=frozenset(span.flags),
        org_kind=_org_class(entity) if entity.kind == "organisation" else None,
        country=entity.country,
    )


def _org_class(entity: Entity) -> str:
    specific = [c for c in entity.classes if c != "Organisation"]
    return specific[0] if specific else "Organisation"


def _inner(
    analysis: _Analysis, first: int, last: int, vocab: Vocabulary, kinds: set[str]
) -> list[tuple[int, int, Entity]]:
    """Entities of ``kinds`` named inside tokens ``[first, last)`` (for in-name flags)."""
    found = []
    i = first
    while i < last:
        for length, hits in vocab.index.matches_at(analysis.tokens, i):
            entities = {c.entity.iri: c.entity for c in hits if c.entity.kind in kinds}
            if i + length <= last and len(entities) == 1:
                found.append((i, i + length, next(iter(entities.values()))))
                i += length - 1
                break
        i += 1
    return found


def _org_ranges(analysis: _Analysis) -> list[tuple[int, int, str | None]]:
    """Token ranges of organisation names: known ones (with key) and unknown phrases."""
    ranges = [
        (s.first, s.last, s.entity.key if s.entity else s.minted_key)
        for s in analysis.spans
        if s.entity is None or s.entity.kind == "organisation"
    ]
    ranges += [(a, b, None) for a, b in analysis.phrases]
    return sorted(ranges, key=lambda r: (r[0], r[1]))


def _vocab(vocab: Vocabulary | None) -> Vocabulary:
    return vocab if vocab is not None else load_vocabulary()


def _sorted(mentions: Iterable[Mention]) -> list[Mention]:
    unique = {
        (m.kind, m.key, m.start, m.end, m.footnote, m.in_footnote, m.label): m for m in mentions
    }
    return sorted(unique.values(), key=lambda m: (m.in_footnote, m.start, m.end, m.kind, m.label))


# ---------------------------------------------------------------------------------------------
# places


def _place_mentions(analysis: _Analysis, vocab: Vocabulary, kind: str) -> list[Mention]:
    mentions = [
        _mention_of(s, analysis) for s in analysis.spans if s.entity and s.entity.kind == kind
    ]
    for first, last, owner in _org_ranges(analysis):
        for a, b, entity in _inner(analysis, first, last, vocab, {kind}):
            start, end = analysis.tokens[a].start, analysis.tokens[b - 1].end
            if any(m.start == start and m.end == end for m in mentions):
                mentions = [m for m in mentions if not (m.start == start and m.end == end)]
            mentions.append(
                Mention(
                    kind=kind,
                    key=entity.key,
                    text=analysis.text[start:end],
                    start=start,
                    end=end,
                    label=entity.label,
                    rule="name",
                    iri=entity.iri,
                    flags=frozenset({"in-org-name"}),
                    inside=owner,
                )
            )
    return mentions


def find_countries(
    text: str,
    *,
    footnotes: Sequence[Footnote] = (),
    vocab: Vocabulary | None = None,
) -> list[Mention]:
    """Countries named in ``text`` by their United Nations name or an alias, by a demonym that
    denotes the state's bodies ("the Kenyan judiciary"), and, where a count of countries points
    at a footnote ("seven Arab States⁶"), the countries that footnote lists."""
    vocab = _vocab(vocab)
    analysis = _scan(text, vocab, None)
    mentions = _place_mentions(analysis, vocab, "country")
    mentions += _demonyms(analysis, vocab)
    mentions += _footnote_lists(text, footnotes, vocab)
    return _sorted(mentions)


def _demonyms(analysis: _Analysis, vocab: Vocabulary) -> list[Mention]:
    heads = [
        tuple(fold(t.text) for t in tokenize(h))
        for h in _lexicon()["national_bodies"]["demonym_heads"]
    ]
    tokens = analysis.tokens
    covered: dict[int, str | None] = {}
    for first, last, owner in _org_ranges(analysis):
        for i in range(first, last):
            covered[i] = owner
    taken = {i for s in analysis.spans for i in range(s.first, s.last)}
    mentions = []
    for i in range(len(tokens)):
        if i in taken and i not in covered:
            continue
        named = (c for _, hits in vocab.index.matches_at(tokens, i) for c in hits)
        if any(c.entity.kind == "country" for c in named):
            continue  # "Saudi" of "Saudi Arabia" is part of a name, not a demonym
        for length, hits in vocab.demonyms.matches_at(tokens, i):
            entities = {c.entity.key: c.entity for c in hits}
            if len(entities) != 1:
                break
            entity = next(iter(entities.values()))
            after = [t.folded for t in tokens[i + length : i + length + 4]]
            inside = i in covered
            denotes = any(tuple(after[k : k + len(h)]) == h for h in heads for k in range(2))
            if not (inside or denotes):
                break
            start, end = tokens[i].start, tokens[i + length - 1].end
            mentions.append(
                Mention(
                    kind="country",
                    key=entity.key,
                    text=analysis.text[start:end],
                    start=start,
                    end=end,
                    label=entity.label,
                    rule="demonym",
                    iri=entity.iri,
                    flags=frozenset({"in-org-name"}) if inside else frozenset(),
                    inside=covered.get(i) if inside else None,
                )
            )
            break
    return mentions


def _count_phrase() -> re.Pattern[str]:
    lists = _lexicon()["footnote_lists"]
    numbers = "|".join(sorted(lists["numbers"], key=len, reverse=True))
    nouns = "|".join(re.escape(n) for n in sorted(lists["nouns"], key=len, reverse=True))
    return re.compile(
        rf"\b(?P<count>\d+|{numbers})\s+(?:(?:[A-Z][\w'-]*|other|more)\s+){{0,3}}?"
        rf"(?P<noun>{nouns})(?P<tail>\s*[.,;:]?\s*)$",
        re.IGNORECASE,
    )


def _footnote_lists(text: str, footnotes: Sequence[Footnote], vocab: Vocabulary) -> list[Mention]:
    pattern = _count_phrase()
    numbers = {w: n for n, w in enumerate(_lexicon()["footnote_lists"]["numbers"], start=2)}
    mentions = []
    for note in footnotes:
        if not 0 <= note.offset <= len(text):
            continue
        match = pattern.search(text[: note.offset])
        if match is None:
            continue
        raw = match.group("count").lower()
        count = int(raw) if raw.isdigit() else numbers.get(raw)
        start, end = match.start(), match.end("noun")
        listed = [
            m
            for m in _place_mentions(_scan(note.text, vocab, None), vocab, "country")
            if "in-org-name" not in m.flags
        ]
        flags = frozenset() if count == len(listed) else frozenset({"count-mismatch"})
        for found in listed:
            mentions.append(
                Mention(
                    kind="country",
                    key=found.key,
                    text=text[start:end],
                    start=start,
                    end=end,
                    label=found.label,
                    rule="footnote-list",
                    iri=found.iri,
                    flags=flags,
                    footnote=note.mark,
                )
            )
    return mentions


def _coordinated(analysis: _Analysis, vocab: Vocabulary) -> list[Mention]:
    """ "West and Central Africa" -> West Africa (Central Africa is matched as a name);
    "Central, South-East and South Asia" -> Central Asia and South-East Asia."""
    directions = sorted(_lexicon()["regions"]["directions"], key=len, reverse=True)
    word = "|".join(re.escape(d) for d in directions)
    pattern = re.compile(
        rf"\b(?P<heads>(?:{word})(?:\s*,\s*(?:{word}))*)\s*,?\s+and\s+(?:{word})\s+"
        rf"(?P<continent>[A-Z][a-z]+)\b"
    )
    text = analysis.text
    mentions = []
    for match in pattern.finditer(text):
        continent = match.group("continent")
        for head in re.finditer(word, match.group("heads")):
            name = f"{head.group()} {continent}"
            regions = {c.entity.key: c.entity for c in vocab.index.lookup(name)}
            entity = next(iter(regions.values())) if len(regions) == 1 else None
            if entity is None or entity.kind != "region":
                continue
            start = match.start("heads") + head.start()
            end = match.end("continent")
            mentions.append(
                Mention(
                    kind="region",
                    key=entity.key,
                    text=text[start:end],
                    start=start,
                    end=end,
                    label=entity.label,
                    rule="coordinated-name",
                    iri=entity.iri,
                    flags=frozenset({"coordinated"}),
                )
            )
    return mentions


def find_regions(text: str, *, vocab: Vocabulary | None = None) -> list[Mention]:
    """Regions named in ``text``: M49 areas and the named regions of ``regions.ttl``, including
    each part of a coordinated name ("Central, South-East and South Asia")."""
    vocab = _vocab(vocab)
    analysis = _scan(text, vocab, None)
    return _sorted(_place_mentions(analysis, vocab, "region") + _coordinated(analysis, vocab))


# ---------------------------------------------------------------------------------------------
# organisations


def _guess_kind(words: Sequence[str], lexicon: Mapping[str, Any]) -> str:
    org = lexicon["organisation"]
    folded = [fold(w) for w in words]
    text = " ".join(folded)
    international = any(
        text.startswith(fold(w) + " ") or text == fold(w) for w in org["international"]
    )
    order = [
        ("GovernmentBody", "government"),
        ("AcademicInstitution", "academic"),
        ("CivilSocietyOrganisation", "civil_society"),
        ("PrivateSectorOrganisation", "private_sector"),
    ]
    for kind, group in order:
        if {fold(w) for w in org[group]} & set(folded):
            if kind == "GovernmentBody" and international:
                return "IntergovernmentalOrganisation"
            return kind
        if kind == "GovernmentBody" and {fold(w) for w in org["government_with"]} & set(folded):
            return "IntergovernmentalOrganisation" if international else kind
    return "Organisation"


def _phrase_mention(
    analysis: _Analysis,
    first: int,
    last: int,
    vocab: Vocabulary,
    context: str | None,
    rule: str,
) -> Mention | None:
    tokens, text = analysis.tokens, analysis.text
    lexicon = _lexicon()
    acronym = None
    end_tok = last
    if (
        last + 2 < len(tokens)
        and tokens[last].text == "("
        and tokens[last + 2].text == ")"
        and tokens[last + 1].text.replace("-", "").isupper()
    ):
        acronym = tokens[last + 1].text
        end_tok = last + 3
    name = normalise(text[tokens[first].start : tokens[last - 1].end])
    kind = _guess_kind(name.split(), lexicon)
    inner = _inner(analysis, first, last, vocab, {"country"})
    country = inner[0][2].key if len({e.key for _, _, e in inner}) == 1 else None
    if inner == [] and kind == "GovernmentBody":
        demonym = [
            c.entity.key
            for i in range(first, last)
            for _, hits in vocab.demonyms.matches_at(tokens, i)
            for c in hits
        ]
        country = demonym[0] if len(set(demonym)) == 1 else None
    flags: set[str] = set()
    if kind == "GovernmentBody" and country is None:
        country = _body_country(tokens, analysis.spans, first, context)
        flags.add("generic" if country else "country-unknown")
    base = slugify(acronym) if acronym and kind != "GovernmentBody" else slugify(name)
    key = f"{country.lower()}-{base}" if kind == "GovernmentBody" and country else base
    if kind == "GovernmentBody" and not country:
        key = None
    known = vocab.get("organisation", key) if key else None
    start, end = tokens[first].start, tokens[end_tok - 1].end
    return Mention(
        kind="organisation",
        key=key,
        text=text[start:end],
        start=start,
        end=end,
        label=known.label if known else name,
        rule=rule,
        iri=known.iri if known else None,
        known=known is not None,
        flags=frozenset(flags),
        org_kind=_org_class(known) if known else kind,
        country=country if kind == "GovernmentBody" else None,
    )


def _cue_windows(text: str, lexicon: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Character ranges that follow a partnership cue, up to the end of the clause."""
    cues = sorted(lexicon["partnership"]["cues"], key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.IGNORECASE)
    windows = []
    for match in pattern.finditer(text):
        rest = text[match.end() :]
        stop = _SENTENCE_END.search(rest)
        windows.append((match.end(), match.end() + (stop.start() if stop else len(rest))))
    return windows


def _generic_bodies(analysis: _Analysis, vocab: Vocabulary, context: str | None) -> list[Mention]:
    """ "the judiciary", "the Government": a state's body when a country is in context."""
    names = _lexicon()["national_bodies"]["generic"]
    text = analysis.text
    mentions = []
    taken = [
        (analysis.tokens[s.first].start, analysis.tokens[s.last - 1].end) for s in analysis.spans
    ]
    phrases = [(analysis.tokens[a].start, analysis.tokens[b - 1].end) for a, b in analysis.phrases]
    for name in names:
        flags = 0 if name[0].isupper() else re.IGNORECASE
        for match in re.finditer(rf"\bthe\s+({re.escape(name)})\b(?!\s+of\b|'s)", text, flags):
            start, end = match.span(1)
            if any(a <= start < b for a, b in taken + phrases):
                continue
            first = next(i for i, t in enumerate(analysis.tokens) if t.start >= start)
            country = _body_country(analysis.tokens, analysis.spans, first, context)
            if country is None:
                continue
            label = name[0].upper() + name[1:]
            key = f"{country.lower()}-{slugify(name)}"
            known = vocab.get("organisation", key)
            mentions.append(
                Mention(
                    kind="organisation",
                    key=key,
                    text=text[start:end],
                    start=start,
                    end=end,
                    label=known.label if known else label,
                    rule="national-body",
                    iri=known.iri if known else None,
                    known=known is not None,
                    flags=frozenset({"generic"}),
                    org_kind="GovernmentBody",
                    country=country,
                )
            )
    return mentions


def find_organisations(
    text: str, *, country: str | None = None, vocab: Vocabulary | None = None
) -> list[Mention]:
    """Organisations named in ``text``.

    Known organisations match by name, acronym or alias. A national body named generically
    ("the Ministry of Justice", "the judiciary") is resolved to the country named before it in
    the paragraph, else to ``country`` (ISO3, the caller's context). Organisations the reference
    data does not know are returned as new (``known=False``, minted key, guessed ``org_kind``)
    when they follow a partnership cue ("in partnership with the X Foundation"), when their name
    defines an acronym ("Conflict Analysis Resource Centre (CERAC)"), or when they are
    government bodies ("the Supreme Court").
    """
    vocab = _vocab(vocab)
    lexicon = _lexicon()
    analysis = _scan(text, vocab, country)
    mentions = [
        _mention_of(s, analysis)
        for s in analysis.spans
        if s.entity is None or s.entity.kind == "organisation"
    ]
    mentions = [m for m in mentions if m.key is not None or "country-unknown" in m.flags]
    windows = _cue_windows(text, lexicon)
    government = {fold(w) for w in lexicon["organisation"]["government"]}
    for first, last in analysis.phrases:
        start = analysis.tokens[first].start
        in_cue = any(a <= start < b for a, b in windows)
        words = {fold(t.text) for t in analysis.tokens[first:last]}
        defines = (
            last + 2 < len(analysis.tokens)
            and analysis.tokens[last].text == "("
            and analysis.tokens[last + 2].text == ")"
            and analysis.tokens[last + 1].text.isupper()
        )
        if in_cue:
            rule = "partnership-phrase"
        elif defines:
            rule = "acronym-definition"
        elif words & government:
            rule = "national-body"
        else:
            continue
        found = _phrase_mention(analysis, first, last, vocab, country, rule)
        if found is not None and (found.key is not None or found.country is None):
            mentions.append(found)
    mentions += _generic_bodies(analysis, vocab, country)
    mentions += _coordinated_organisations(text, vocab)
    return _sorted(mentions)


_COORDINATED_ORGS = re.compile(
    r"\b(?P<a>[A-Z][\w-]+) and (?P<b>[A-Z][\w-]+) (?P<head>[A-Z][a-z]+)s"
    r"(?P<rest> (?:for|of|on|against) [A-Z][\w' -]*?)(?=[,.;]|$| and )"
)


def _coordinated_organisations(text: str, vocab: Vocabulary) -> list[Mention]:
    """ "the European and African Forums for Restorative Justice" names two known forums."""
    mentions = []
    for match in _COORDINATED_ORGS.finditer(text):
        head, rest = match.group("head"), match.group("rest")
        for part in ("a", "b"):
            name = f"{match.group(part)} {head}{rest}"
            found = {c.entity.key: c.entity for c in vocab.index.lookup(name)}
            entity = next(iter(found.values())) if len(found) == 1 else None
            if entity is None or entity.kind != "organisation":
                continue
            start, end = match.start(part), match.end("rest")
            mentions.append(
                Mention(
                    kind="organisation",
                    key=entity.key,
                    text=text[start:end],
                    start=start,
                    end=end,
                    label=entity.label,
                    rule="coordinated-name",
                    iri=entity.iri,
                    flags=frozenset({"coordinated"}),
                    org_kind=_org_class(entity),
                )
            )
    return mentions


# ---------------------------------------------------------------------------------------------
# standards


_GENERIC_STANDARD = re.compile(
    r"\bthe\s+(Convention|Protocol|Rules|Declaration|Guidelines|Principles|Strategies)\b(?!\s+(?:of|on|for|against|to)\b)"
)


def find_standards(text: str, *, vocab: Vocabulary | None = None) -> list[Mention]:
    """Standards and conventions named in ``text`` by full name, short name or alias; a
    generic reference ("the Convention") when the paragraph named exactly one of that type
    before it. Names inside an organisation's name or a publication title are flagged."""
    vocab = _vocab(vocab)
    analysis = _scan(text, vocab, None)
    mentions = [
        _mention_of(s, analysis)
        for s in analysis.spans
        if s.entity is not None and s.entity.kind == "standard"
    ]
    for first, last, owner in _org_ranges(analysis):
        for a, b, entity in _inner(analysis, first, last, vocab, {"standard"}):
            start, end = analysis.tokens[a].start, analysis.tokens[b - 1].end
            mentions.append(
                Mention(
                    "standard",
                    entity.key,
                    text[start:end],
                    start,
                    end,
                    entity.label,
                    "name",
                    entity.iri,
                    flags=frozenset({"in-org-name"}),
                    inside=owner,
                )
            )
    titles = [
        (m.start, m.end) for m in _tool_mentions(text, analysis) if "descriptive" not in m.flags
    ]
    mentions = [
        m.flagged("in-title") if any(a <= m.start and m.end <= b for a, b in titles) else m
        for m in mentions
    ]
    named = [m for m in mentions if "in-org-name" not in m.flags]
    for match in _GENERIC_STANDARD.finditer(text):
        start, end = match.span()
        if any(m.start <= start < m.end for m in mentions):
            continue
        head = match.group(1)
        earlier = {
            m.key: m
            for m in named
            if m.end <= start and (head in m.label.split() or head in (m.text.split()))
        }
        if len(earlier) == 1:
            found = next(iter(earlier.values()))
            mentions.append(
                Mention(
                    "standard",
                    found.key,
                    text[start:end],
                    start,
                    end,
                    found.label,
                    "generic-reference",
                    found.iri,
                    flags=frozenset({"generic"}),
                )
            )
    return _sorted(mentions)


# ---------------------------------------------------------------------------------------------
# mandates


_NUMBER = r"\[?(?:\d{4}/\d{1,3}|\d{1,2}/\d{1,3}|\d{3,4}\s*\\?\(\d{4}\\?\))\]?(?:\(#\))?"
_LIST = re.compile(rf"\s+(?P<list>{_NUMBER}(?:\s*(?:,\s*(?:and\s+)?|and\s+){_NUMBER})*)")
_ONE = re.compile(_NUMBER)
_KEYWORD = re.compile(r"\b[Rr]esolutions?\b")


def _clean_number(raw: str) -> str:
    number = raw.replace("\\", "").replace("[", "").replace("](#)", "").replace("(#)", "")
    number = number.rstrip("]")
    return re.sub(r"\s*\(", " (", number).strip()


def _body_pattern(bodies: Mapping[str, str]) -> str:
    return "|".join(re.escape(b) for b in sorted(bodies, key=len, reverse=True))


def _resolve_body(
    text: str, kw_start: int, list_end: int, lexicon: Mapping[str, Any], default: str | None
) -> tuple[str | None, str | None, int]:
    """(body key, flag, start of the citation) for the resolution keyword at ``kw_start``."""
    table = lexicon["mandates"]
    bodies: dict[str, str] = dict(table["bodies"])
    generic: dict[str, list[str]] = dict(table["generic"])
    alternatives = _body_pattern({**bodies, **{k: "" for k in generic}})
    before = text[:kw_start]
    prefix = re.search(rf"(?:\bthe\s+)?\b({alternatives})\s*,?(?:\s+in\s+its)?\s+$", before)
    after = re.match(rf"\s*(?:,\s+|\s+of\s+)the\s+({alternatives})\b", text[list_end:])
    if prefix:
        word, start, flag = prefix.group(1), prefix.start(1), None
    elif after:
        word, start, flag = after.group(1), kw_start, None
    else:
        sentence_start = max(before.rfind(". "), before.rfind("; ")) + 1
        nearest = list(re.finditer(rf"\b({alternatives})\b", before[sentence_start:]))
        word = nearest[-1].group(1) if nearest else None
        start, flag = kw_start, "body-from-context" if nearest else None
    if word is None:
        return default, ("body-from-context" if default else None), kw_start
    if word in bodies:
        return bodies[word], flag, start
    # "the Council", "the Conference": the last specific body of that kind named before
    options = generic[word]
    last_seen = None
    for phrase, key in sorted(bodies.items(), key=lambda kv: -len(kv[0])):
        if key in options and phrase != word:
            for match in re.finditer(rf"\b{re.escape(phrase)}\b", before):
                if last_seen is None or match.start() > last_seen[0]:
                    last_seen = (match.start(), key)
    if last_seen:
        return last_seen[1], "body-from-context", start
    hints = table.get("conference_hints", {})
    hinted = [key for key in options if any(h in text for h in hints.get(key, []))]
    if len(hinted) == 1:
        return hinted[0], "body-from-context", start
    if default in options:
        return default, "body-from-context", start
    return None, "body-unknown", start


def _shape_body(number: str) -> str | None:
    if re.fullmatch(r"\d{4}/\d{1,3}", number):
        return "ecosoc"
    if re.fullmatch(r"\d{1,2}/\d{3}", number):
        return "ga"
    if re.fullmatch(r"\d{3,4} \(\d{4}\)", number):
        return "sc"
    return None


def find_mandates(
    text: str, *, body: str | None = None, vocab: Vocabulary | None = None
) -> list[Mention]:
    """Resolutions cited in ``text``, in every citation style of the reports.

    The issuing body comes from the words before ("General Assembly resolution 75/196",
    "Commission resolution 27/6"), after ("resolution 10/5 of the Conference of the Parties
    ..."), or around ("in its resolution 65/230, the General Assembly"); a bare "the Council"
    or "the Conference" takes the body named earlier in the paragraph; failing all that,
    ``body`` (the caller's context), then the number's shape (1992/22: ECOSOC; 75/196: GA). A
    list ("resolutions 2007/23 and 2009/26") gives one mention per number. ``label`` is the
    display form ("ECOSOC resolution 1992/22"), ``key`` the IRI key ("ecosoc-1992-22").
    """
    vocab = _vocab(vocab)
    lexicon = _lexicon()
    display: Mapping[str, str] = lexicon["mandates"]["display"]
    mentions = []
    for keyword in _KEYWORD.finditer(text):
        if text[max(0, keyword.start() - 6) : keyword.start()].lower().endswith("draft "):
            continue
        listing = _LIST.match(text, keyword.end())
        if listing is None:
            continue
        list_end = listing.end("list")
        found, flag, cite_start = _resolve_body(text, keyword.start(), list_end, lexicon, body)
        for index, number_match in enumerate(_ONE.finditer(listing.group("list"))):
            number = _clean_number(number_match.group())
            key_body, key_flag = found, flag
            if key_body is None:
                key_body = _shape_body(number)
                key_flag = "body-from-number" if key_body else "body-unknown"
            start = cite_start if index == 0 else listing.start("list") + number_match.start()
            end = listing.start("list") + number_match.end()
            while text[end - 1] in "](#)" and text[start:end].count("(") < text[start:end].count(
                ")"
            ):
                end -= 1
            key = f"{key_body}-{number.split(' ')[0].replace('/', '-')}" if key_body else None
            known = vocab.get("mandate", key) if key else None
            label = (
                f"{display[key_body]} resolution {number}" if key_body else f"resolution {number}"
            )
            mentions.append(
                Mention(
                    kind="mandate",
                    key=key,
                    text=text[start:end],
                    start=start,
                    end=end,
                    label=label,
                    rule="resolution-citation",
                    iri=known.iri if known else (f"{ID_BASE}mandate/{key}" if key else None),
                    known=known is not None,
                    flags=frozenset({key_flag}) if key_flag else frozenset(),
                )
            )
    return _sorted(mentions)


# ---------------------------------------------------------------------------------------------
# tools


_ITALIC = re.compile(r"\*(?P<title>[^*\n]{3,250}?)\*")
_QUOTED = re.compile(r"[“\"](?P<title>[^”\"\n]{3,250}?)[”\"]")
_TITLE_CONNECTORS = {
    "on",
    "the",
    "of",
    "for",
    "and",
    "in",
    "to",
    "with",
    "a",
    "an",
    "against",
    "from",
    "by",
    "at",
    "through",
    "into",
    "or",
}


def _title_end(tokens: list[Token], first: int, stoppers: set[str]) -> int:
    """End (exclusive) of a Title Case title starting at ``first``."""
    j = first + 1
    while j < len(tokens):
        t = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        capitalised = t.is_word and t.text[0].isupper() and t.text not in stoppers
        hyphenated = t.is_word and tokens[j - 1].text == "-"
        numeral = t.is_word and t.text[0].isdigit()
        joiner = t.text in {"-", "'s", "'"} and nxt is not None and nxt.is_word
        if capitalised or hyphenated or numeral or joiner:
            j += 1
        elif t.text in {":", ","} and nxt is not None and nxt.is_word and nxt.text[0].isupper():
            if t.text == "," and (nxt.folded == "the" or nxt.text in stoppers):
                break
            j += 1
        elif t.folded in _TITLE_CONNECTORS and nxt is not None:
            if t.folded == "and" and nxt.folded == "the":
                break
            if nxt.text in stoppers or not (
                nxt.is_word and (nxt.text[0].isupper() or nxt.folded in _TITLE_CONNECTORS)
            ):
                break
            j += 1
        elif t.text == "(":
            close = next(
                (k for k in range(j, min(j + 6, len(tokens))) if tokens[k].text == ")"), None
            )
            inside = {x.folded for x in tokens[j:close]} if close else set()
            if close and "edition" in inside:
                j = close + 1
            else:
                break
        else:
            break
    while j > first + 1 and (
        tokens[j - 1].folded in _TITLE_CONNECTORS or tokens[j - 1].text in {",", ":", "-"}
    ):
        j -= 1
    return j


def _tool(text: str, start: int, end: int, title: str, rule: str, *flags: str) -> Mention:
    title = normalise(title).strip(" ,.;:")
    return Mention(
        kind="tool",
        key=slugify(title),
        text=text[start:end],
        start=start,
        end=end,
        label=title,
        rule=rule,
        known=False,
        flags=frozenset(flags),
    )


def _tool_mentions(text: str, analysis: _Analysis) -> list[Mention]:
    tools = _lexicon()["tools"]
    tokens = analysis.tokens
    stoppers = set(tools["title_stoppers"])
    mentions: list[Mention] = []
    for match in _ITALIC.finditer(text):
        mentions.append(
            _tool(text, match.start(), match.end(), match.group("title"), "italic-title")
        )
    verbs = sorted(tools["verbs"], key=len, reverse=True)
    not_tool = [fold(w) for w in tools["not_tool_cues"]]
    descriptive = sorted(tools["descriptive_heads"], key=len, reverse=True)
    cue = re.compile(
        r"\b(?:" + "|".join(re.escape(v) for v in verbs + descriptive) + r")\b[^.;“”\"]{0,60}$",
        re.IGNORECASE,
    )
    for match in _QUOTED.finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        near = fold(before[-60:]) + " " + fold(text[match.end() : match.end() + 50])
        if not cue.search(before) or any(
            re.search(rf"\b{re.escape(w)}s?\b", near) for w in not_tool
        ):
            continue
        mentions.append(
            _tool(text, match.start(), match.end(), match.group("title"), "quoted-title")
        )
    heads: dict[str, list[tuple[str, ...]]] = {}
    for name in tools["title_heads"]:
        words = tuple(t.norm for t in tokenize(name))
        heads.setdefault(words[0], []).append(words)
    for options in heads.values():
        options.sort(key=len, reverse=True)
    i = 0
    while i < len(tokens):
        head = next(
            (
                h
                for h in heads.get(tokens[i].norm, ())
                if tuple(t.norm for t in tokens[i : i + len(h)]) == h
            ),
            None,
        )
        previous = tokens[i - 1] if i else None
        inside_name = (
            previous is not None
            and previous.is_word
            and previous.text[0].isupper()
            and previous.text not in {"UNODC", "The", "A", "An"}
            and (i < 2 or tokens[i - 2].text not in _BOUNDARY)
        )
        if (
            head
            and not inside_name
            and (previous is None or previous.folded not in {"of", "this", "that"})
        ):
            end = _title_end(tokens, i + len(head) - 1, stoppers)
            if end - i > len(head):
                start, stop = tokens[i].start, tokens[end - 1].end
                mentions.append(_tool(text, start, stop, text[start:stop], "title"))
                i = end
                continue
        i += 1
    for match in re.finditer(
        r"\b(?:the publication|entitled|the study|the technical package entitled)\s+(?=[A-Z])", text
    ):
        first = next((k for k, t in enumerate(tokens) if t.start >= match.end()), None)
        if first is None:
            continue
        end = _title_end(tokens, first, stoppers)
        if end - first >= 2:
            start, stop = tokens[first].start, tokens[end - 1].end
            mentions.append(_tool(text, start, stop, text[start:stop], "title-after-cue"))
    described = re.compile(
        r"\b(?:"
        + "|".join(re.escape(v) for v in verbs)
        + r")\s+(?:(?:a|an|the|its|two|three|four|five|several|new|national"
        r"|comprehensive|online|practical)\s+)*"
        r"(?P<title>(?:[\w-]+\s+){0,2}?(?:"
        + "|".join(re.escape(d) for d in descriptive)
        + r")\s+(?:on|for|to|about|in support of)\s+[^,.;:()“”\"]{3,120})",
        re.IGNORECASE,
    )
    for match in described.finditer(text):
        clause = re.split(
            r"\s+(?:which|that|who|where|in order|and\s+\w+ed)\b", match.group("title")
        )[0]
        words = clause.split()[:14]
        while words and fold(words[-1]) in _TITLE_CONNECTORS:
            words.pop()
        title = " ".join(words)
        start = match.start("title")
        end = start + len(title)
        mentions.append(_tool(text, start, end, title, "described-publication", "descriptive"))
    # a known standard or organisation is not a publication ("Guidelines for the Prevention of
    # Crime"), even when its name reads like a title
    known = [
        (tokens[s.first].start, tokens[s.last - 1].end)
        for s in analysis.spans
        if s.entity is not None and s.entity.kind in {"standard", "organisation"}
    ]
    mentions = [
        m
        for m in mentions
        if not any(
            (a <= m.start and m.end <= b + 2) or (m.start >= a - 2 and m.end <= b) for a, b in known
        )
    ]
    # keep the most specific reading of overlapping titles: italic > quoted > title > described
    order = {
        "italic-title": 0,
        "quoted-title": 1,
        "title-after-cue": 2,
        "title": 3,
        "described-publication": 4,
    }
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (order[m.rule], m.start)):
        if any(m.start < mention.end and mention.start < m.end for m in kept):
            continue
        kept.append(mention)
    return kept


def find_tools(text: str, *, vocab: Vocabulary | None = None) -> list[Mention]:
    """Titles of publications and tools: italic or quoted titles after a production verb,
    Title Case titles that start with a tool noun ("Handbook on ...", "Toolkit on ..."), titles
    after "the publication"/"entitled", and described ones ("launched an e-learning course on
    ...", flagged ``descriptive``). Tools are never in the reference data: all are minted."""
    vocab = _vocab(vocab)
    return _sorted(_tool_mentions(text, _scan(text, vocab, None)))


# ---------------------------------------------------------------------------------------------


def find_all(
    paragraph: Paragraph,
    *,
    country: str | None = None,
    body: str | None = None,
    vocab: Vocabulary | None = None,
) -> list[Mention]:
    """Every mention in a paragraph, ordered by offset: countries (with its footnote lists),
    regions, organisations, standards, mandates and tools; then standards, mandates and tools
    cited in its footnotes (``in_footnote=True``)."""
    vocab = _vocab(vocab)
    text = paragraph.text
    mentions = [
        *find_countries(text, footnotes=paragraph.footnotes, vocab=vocab),
        *find_regions(text, vocab=vocab),
        *find_organisations(text, country=country, vocab=vocab),
        *find_standards(text, vocab=vocab),
        *find_mandates(text, body=body, vocab=vocab),
        *find_tools(text, vocab=vocab),
    ]
    # a footnote can cite a resolution, a standard or a publication ("an update on the
    # implementation of Commission resolution 27/6"); its offsets index the footnote's text
    for note in paragraph.footnotes:
        for found in (
            *find_standards(note.text, vocab=vocab),
            *find_mandates(note.text, body=body, vocab=vocab),
            *find_tools(note.text, vocab=vocab),
        ):
            mentions.append(replace(found, footnote=note.mark, in_footnote=True))
    return _sorted(mentions)
