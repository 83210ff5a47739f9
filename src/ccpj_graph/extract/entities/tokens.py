"""One pass over a text: its tokens, the reference names matched on them, and the capitalised
phrases that look like organisation names (found by ``name_phrases.py``).

Why shared: countries, regions, organisations, standards and tools are all read off the same
token sequence and the same longest-match spans. :func:`analyse` builds that :class:`Analysis`
once per paragraph (``find_all`` passes it to every finder), so the text is tokenised and the
alias trie walked once, not once per kind of entity.

Names are matched on tokens against the vocabulary's alias trie, longest match first, so "Papua
New Guinea" is never "Guinea" and "United Nations Standard Minimum Rules for Non-custodial
Measures (the Tokyo Rules)" is one span. Two entities sharing a name are never guessed between:
the scanner tries a shorter name instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ccpj_graph.errors import CcpjError
from ccpj_graph.extract.entities.context import body_country, matches_country
from ccpj_graph.extract.entities.cues import Cues, load_cues
from ccpj_graph.extract.entities.mention import EntityMention, entity_mention
from ccpj_graph.extract.entities.name_phrases import (
    acronym_end,
    acronym_of,
    agent_names,
    find_phrases,
    is_cap,
)
from ccpj_graph.extract.vocab import (
    Candidate,
    Entity,
    Token,
    Vocabulary,
    load_vocabulary,
    normalise,
    slugify,
    tokenize,
)

__all__ = [
    "Analysis",
    "Span",
    "analyse",
    "inner",
    "mention_of",
    "named",
    "org_class",
    "org_ranges",
    "text_of",
    "vocabulary",
]


@dataclass(slots=True)
class Span:
    """A top-level match of the alias trie over tokens ``[first, last)``."""

    first: int
    last: int
    entity: Entity | None
    rule: str
    flags: set[str] = field(default_factory=set)
    country: str | None = None
    minted_key: str | None = None
    minted_label: str | None = None
    acronym: str | None = None  # the acronym a minted body's span defines


@dataclass(slots=True)
class Analysis:
    """A text read once: tokens, reference-name spans and organisation-like phrases."""

    text: str
    tokens: list[Token]
    spans: list[Span]
    phrases: list[tuple[int, int]]  # capitalised organisation-like phrases not known as entities
    vocab: Vocabulary
    cues: Cues
    context: str | None = None  # the caller's country (ISO3) for bodies named generically

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of tokens ``[first, last)``."""
        return self.tokens[first].start, self.tokens[last - 1].end


def vocabulary(vocab: Vocabulary | None) -> Vocabulary:
    return vocab if vocab is not None else load_vocabulary()


def analyse(
    text: str,
    vocab: Vocabulary | None = None,
    *,
    context: str | None = None,
    cues: Cues | None = None,
) -> Analysis:
    """Tokenise ``text`` and match every reference name on it; ``context`` is the ISO3 of the
    country that a generically named national body ("the Ministry of Justice") belongs to when
    the text names none."""
    vocab = vocabulary(vocab)
    if context is not None and vocab.get("country", context) is None:
        raise CcpjError(f"country: {context!r} is not the ISO 3166-1 alpha-3 code of a country")
    cues = cues or load_cues()
    tokens = tokenize(text)
    spans: list[Span] = []
    pending: dict[int, list[Candidate]] = {}
    index = 0
    while index < len(tokens):
        chosen: Span | None = None
        city = _foreign_city(vocab, tokens, index)
        if city:  # "Port of Spain": a city whose name holds another state's
            index += city
            continue
        for length, hits in vocab.index.matches_at(tokens, index):
            specific = {c.entity.iri: c for c in hits if not c.generic}
            if len(specific) > 1:
                continue  # two entities share this name: try a shorter one, never guess
            if specific:
                hit = next(iter(specific.values()))
                chosen = Span(index, index + length, hit.entity, "name")
                article = any(c.article for c in hits if c.entity.iri == hit.entity.iri)
            else:
                if _named_before(tokens, index, spans, vocab, cues):
                    break  # "the Federal Judicial Academy of Pakistan": a longer name
                chosen = Span(index, index + length, None, "name")
                joined = _generic_join(tokens, chosen.last, vocab, cues)
                if joined > chosen.last:  # a longer name, no state's known body
                    chosen.last, hits = joined, []
                if _generic_headed(tokens, chosen, cues):
                    # "the National Police School", "the National Police Agency": a body of
                    # its own, named with the generic body's words
                    chosen.last, hits = chosen.last + 1, []
                pending[len(spans)] = hits
                article = False
            if article and index > 0 and tokens[index - 1].folded in cues.articles:
                chosen.first -= 1
            break
        if chosen is None:
            index += 1
            continue
        _absorb_parenthesis(chosen, tokens, vocab, cues)
        spans.append(chosen)
        index = chosen.last
    for position, hits in pending.items():
        _resolve_generic(text, spans[position], hits, tokens, spans, vocab, context, cues)
    phrases = find_phrases(tokens, spans, cues, agent_names(text))
    return Analysis(text, tokens, spans, phrases, vocab, cues, context)


def _named_before(
    tokens: list[Token], index: int, spans: list[Span], vocab: Vocabulary, cues: Cues
) -> bool:
    """Whether a capitalised word of the same name stands right before a generic national
    body's name at ``index`` ("Federal" of "the Federal Judicial Academy of Pakistan"): the
    phrase finder then reads the longer name. Not a place, known name or a State's adjective
    before it ("the Kenya Judicial Academy", "the Philippine Judicial Academy"), nor a word
    that opens a sentence or a phrase ("In", "The"). So does "<Word> and" after an article ("the
    Prison and Probation Service")."""
    if index == 0:
        return False
    before = tokens[index - 1]
    if (
        before.folded == "and"
        and index >= 3
        and is_cap(tokens[index - 2])
        and tokens[index - 2].text not in cues.stop_words
        and tokens[index - 3].folded in cues.articles
    ):
        return True  # "the Prison and Probation Service of Denmark": one name, two words
    if not before.is_word or not before.text[0].isupper() or before.text in cues.stop_words:
        return False
    if spans and spans[-1].last == index:
        return False  # a known name or place ends right there
    if _state_before(vocab, tokens, index) is not None:
        return False  # a State's adjective: the State's body ("the Philippine Judicial Academy")
    return index >= 2 and tokens[index - 2].folded in cues.articles


def _foreign_city(vocab: Vocabulary, tokens: list[Token], index: int) -> int:
    """The length of a city of the gazetteer starting at ``index`` whose name holds the name of
    a state other than its own ("Port of Spain" is in Trinidad and Tobago), else 0: no name
    inside it is matched, so it names neither Spain nor, through Spain, a ministry's state."""
    for length, hits in vocab.cities.matches_at(tokens, index):
        if length < 2:
            continue
        own = {c.entity.key for c in hits}
        for j in range(index, index + length):
            for inner, found in vocab.index.matches_at(tokens, j):
                if j + inner <= index + length and any(
                    c.entity.kind == "country" and c.entity.key not in own for c in found
                ):
                    return length
    return 0


def _generic_headed(tokens: list[Token], span: Span, cues: Cues) -> bool:
    """A generic body's name of several words is followed by a head word that ends a longer
    name ("National Police School"), not one that goes on ("INEGI Centre of Excellence", a
    phrase of its own)."""
    head = span.last
    if span.last - span.first < 2 or head >= len(tokens) or not is_cap(tokens[head]):
        return False
    if tokens[head].folded not in cues.org_heads:
        return False
    rest = tokens[head + 1 : head + 3]
    goes_on = bool(rest) and (
        is_cap(rest[0]) or (rest[0].folded in cues.connectors and len(rest) > 1 and is_cap(rest[1]))
    )
    return not goes_on


def _generic_join(tokens: list[Token], at: int, vocab: Vocabulary, cues: Cues) -> int:
    """End of a generic body's name that continues at token ``at`` over a join word (or a
    comma, then a join word) and capitalised words with no head word and no known name
    ("Ministry of Justice and Human Rights", "Ministry of Justice, Public Administration and
    Human Rights"); ``at`` itself when it does not."""
    listed = at < len(tokens) and tokens[at].text == ","  # "Justice, Public Administration and"
    if at + 1 >= len(tokens) or not (listed or tokens[at].folded in cues.generic_name_joins):
        return at
    first = at + 1
    if tokens[first].text in cues.stop_words:
        return at
    last = j = first
    joined = not listed
    while j < len(tokens):
        token = tokens[j]
        if is_cap(token):
            if (
                token.folded in cues.portfolio_heads
                and tokens[j - 1].folded in cues.generic_name_joins
                and not (j + 1 < len(tokens) and is_cap(tokens[j + 1]))
            ):
                # "the Ministry of Justice and Police": a portfolio, not a second body (which
                # "and the Police" would be)
                last = j = j + 1
                break
            if token.folded in cues.org_heads or any(vocab.index.matches_at(tokens, j)):
                return at
            j += 1
            last = j
        elif token.folded in cues.connectors and _cap_after_article(tokens, j + 1, cues):
            if token.folded in cues.state_links and _state_follows(vocab, tokens, j + 1, cues):
                break  # "Ministry of Education, Sports and Culture of Samoa": its state
            joined = joined or token.folded in cues.generic_name_joins
            # "the Ministry of Justice and Keeper of the Seals": an article may follow
            j += 2 if tokens[j + 1].folded in cues.articles else 1
        elif listed and token.text == "," and j + 1 < len(tokens) and is_cap(tokens[j + 1]):
            j += 1
        else:
            break
    # a comma only goes on a portfolio list that a join word closes ("..., Public
    # Administration and Human Rights"), never a list of bodies
    return last if last > first and joined else at


def _cap_after_article(tokens: list[Token], at: int, cues: Cues) -> bool:
    """A capitalised word stands at token ``at``, or right after an article there."""
    if at < len(tokens) and tokens[at].folded in cues.articles:
        at += 1
    return at < len(tokens) and is_cap(tokens[at])


def _state_follows(vocab: Vocabulary, tokens: list[Token], at: int, cues: Cues) -> bool:
    """A country's name starts at token ``at`` (after an article or not)."""
    start = at + 1 if tokens[at].folded in cues.articles and at + 1 < len(tokens) else at
    return matches_country(vocab, tokens, start) is not None


def _resolve_generic(
    text: str,
    span: Span,
    hits: list[Candidate],
    tokens: list[Token],
    spans: Sequence[Span],
    vocab: Vocabulary,
    context: str | None,
    cues: Cues,
) -> None:
    """Settle which state's body a generic name ("Ministry of Justice") denotes."""
    name = normalise(text_of(tokens, span.first, span.last))
    countries = {c.entity.country: c.entity for c in hits if c.entity.country}
    country = None
    at = span.last
    if at + 1 < len(tokens) and tokens[at].folded in cues.state_links:
        article = tokens[at + 1].folded in cues.articles
        start = at + 2 if article and at + 2 < len(tokens) else at + 1
        found = matches_country(vocab, tokens, start)
        if found is not None:
            country, length = found
            if tokens[at].folded in cues.of_state:
                span.last = start + length
    if country is None:
        lead = _state_before(vocab, tokens, span.first)
        if lead is not None:
            # "the Philippine Judicial Academy (PHILJA)": the state's adjective is part of
            # the body's proper name and says whose it is
            country, span.first = lead
            name = normalise(text_of(tokens, span.first, span.last))
    if country is None:
        country = body_country(text, tokens, spans, span.first, context, countries, cues=cues)
        span.flags.add("generic")
    if country in countries:
        span.entity = countries[country]
    elif country:
        span.country = country
        span.minted_label = name
        span.minted_key = f"{country.lower()}-{slugify(name)}"
        # "the National Police of Burundi (Police nationale du Burundi, PNB)": the acronym it
        # defines is part of its mention, as a named body's is (not one of a unit named before
        # it: "the Committee ... of the Ministry of Internal Affairs of Kazakhstan (CCES)")
        span.acronym = acronym_of(tokens, span.last, text_of(tokens, span.first, span.last))
        if span.acronym is not None:
            span.last = acronym_end(tokens, span.last) or span.last
    elif len(countries) == 1:
        span.entity = next(iter(countries.values()))
        span.flags = {"assumed-country"}
    else:
        span.flags = {"country-unknown"}
        span.minted_label = name


def _state_before(vocab: Vocabulary, tokens: list[Token], first: int) -> tuple[str, int] | None:
    """(ISO3, its first token) of a state's adjective right before token ``first``
    ("Philippine" of "the Philippine National Police"), when it is capitalised and spaced as
    one name with it."""
    for start in range(max(0, first - 2), first):
        if not is_cap(tokens[start]):
            continue
        for length, hits in vocab.demonyms.matches_at(tokens, start):
            isos = {c.entity.key for c in hits if c.entity.kind == "country"}
            if start + length == first and len(isos) == 1:
                return isos.pop(), start
    return None


def text_of(tokens: list[Token], first: int, last: int) -> str:
    """The words of tokens ``[first, last)`` with their original spacing collapsed."""
    parts = []
    for previous, token in zip([None, *tokens[first:last]], tokens[first:last], strict=False):
        gap = "" if previous is None or previous.end == token.start else " "
        parts.append(gap + token.text)
    return "".join(parts)


def _absorb_parenthesis(span: Span, tokens: list[Token], vocab: Vocabulary, cues: Cues) -> None:
    """ "Full Name (ACRONYM)" and "Full Name (the Short Name)" are one mention of one entity."""
    at = span.last
    if span.entity is None or at >= len(tokens) or tokens[at].text != "(":
        return
    inner = at + 1
    if inner < len(tokens) and tokens[inner].folded in cues.articles:
        inner += 1
    for length, hits in vocab.index.matches_at(tokens, inner):
        close = inner + length
        same = any(c.entity.iri == span.entity.iri for c in hits)
        if same and close < len(tokens) and tokens[close].text == ")":
            span.last = close + 1
        return


def org_class(entity: Entity) -> str:
    """The most specific ontology class of an organisation ("UNEntity", "GovernmentBody")."""
    specific = [c for c in entity.classes if c != "Organisation"]
    return specific[0] if specific else "Organisation"


def mention_of(span: Span, analysis: Analysis, *, rule: str | None = None) -> EntityMention:
    """The mention a top-level span stands for (a minted national body when it has no entity)."""
    start, end = analysis.char_span(span.first, span.last)
    text = analysis.text
    entity = span.entity
    if entity is None:
        return EntityMention(
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
            acronym=span.acronym,
        )
    return entity_mention(
        entity,
        text,
        start,
        end,
        rule or span.rule,
        *span.flags,
        org_kind=org_class(entity) if entity.kind == "organisation" else None,
        country=entity.country,
    )


def inner(
    analysis: Analysis, first: int, last: int, kinds: set[str]
) -> list[tuple[int, int, Entity]]:
    """Entities of ``kinds`` named inside tokens ``[first, last)`` (for in-name flags)."""
    found = []
    i = first
    while i < last:
        city = _foreign_city(analysis.vocab, analysis.tokens, i)
        if city:  # "the Port of Spain City Corporation" names no Spain
            i += city
            continue
        for length, hits in analysis.vocab.index.matches_at(analysis.tokens, i):
            entities = {c.entity.iri: c.entity for c in hits if c.entity.kind in kinds}
            if i + length <= last and len(entities) == 1:
                found.append((i, i + length, next(iter(entities.values()))))
                i += length - 1
                break
        i += 1
    return found


def org_ranges(analysis: Analysis) -> list[tuple[int, int, str | None]]:
    """Token ranges of organisation names: known ones (with key) and unknown phrases."""
    ranges = [
        (s.first, s.last, s.entity.key if s.entity else s.minted_key)
        for s in analysis.spans
        if s.entity is None or s.entity.kind == "organisation"
    ]
    ranges += [(a, b, None) for a, b in analysis.phrases]
    return sorted(ranges, key=lambda r: (r[0], r[1]))


def named(analysis: Analysis, kind: str) -> list[EntityMention]:
    """Entities of ``kind`` (country, region, standard) named in the text; those inside an
    organisation's name are flagged ``in-org-name`` with the organisation's key in ``inside``."""
    mentions = [
        mention_of(s, analysis) for s in analysis.spans if s.entity and s.entity.kind == kind
    ]
    for first, last, owner in org_ranges(analysis):
        for a, b, entity in inner(analysis, first, last, {kind}):
            start, end = analysis.char_span(a, b)
            mentions = [m for m in mentions if not (m.start == start and m.end == end)]
            mentions.append(
                entity_mention(
                    entity, analysis.text, start, end, "name", "in-org-name", inside=owner
                )
            )
    return mentions
