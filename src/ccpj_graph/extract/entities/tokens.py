"""One pass over a text: its tokens, the reference names matched on them, and the capitalised
phrases that look like organisation names.

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
    "acronym_at",
    "analyse",
    "inner",
    "is_cap",
    "mention_of",
    "named",
    "org_class",
    "org_ranges",
    "own_head",
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


def is_cap(token: Token) -> bool:
    return token.is_word and (token.text[0].isupper() or token.text[0].isdigit())


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
                chosen = Span(index, index + length, None, "name")
                joined = _generic_join(tokens, chosen.last, vocab, cues)
                if joined > chosen.last:  # a longer name, no state's known body
                    chosen.last, hits = joined, []
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
    phrases = _phrases(tokens, spans, cues)
    return Analysis(text, tokens, spans, phrases, vocab, cues, context)


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


def _phrases(tokens: list[Token], spans: Sequence[Span], cues: Cues) -> list[tuple[int, int]]:
    """Capitalised phrases with an organisation head word, outside known organisation names.

    Countries and regions may sit inside such a phrase ("Government of Honduras"); other known
    entities end it, and so does "and" after a state ("the Government of Mexico and Fair
    Trials" names two bodies). Publication titles ("Handbook on ...") are not organisations.
    """
    connectors = cues.connectors
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
        if barrier[i] or not is_cap(token) or token.text in cues.stop_words or token.text.isdigit():
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and not barrier[j]:
            current = tokens[j]
            joiner = current.text in {"-", "'s", "'"} and j + 1 < len(tokens)
            compound = (
                current.text == "-"
                and j + 1 < len(tokens)
                and tokens[j - 1].end == current.start
                and current.end == tokens[j + 1].start
                and tokens[j + 1].is_word
                and not barrier[j + 1]
            )
            if compound:
                j += 2  # "Portuguese-speaking": a name never ends inside a hyphenated word
            elif is_cap(current) or place[j] or joiner:
                j += 1
            elif current.folded in connectors and j + 1 < len(tokens):
                nxt = tokens[j + 1]
                if (current.folded, nxt.folded) in cues.name_breaks:
                    break
                if place[j - 1] and not place[j + 1] and current.folded == "and":
                    break  # a state ends a name: "the Government of Mexico and Fair Trials"
                if is_cap(nxt) or nxt.folded in connectors:
                    j += 1
                else:
                    break
            else:
                break
        while j > i and (tokens[j - 1].folded in connectors or not tokens[j - 1].is_word):
            j -= 1
        j = _comma_named(tokens, i, j, barrier, place, cues)
        j = _place_named(tokens, j, place, cues)
        i = _listed_before(tokens, i, j, barrier, place, cues)
        unit = _university_unit(tokens, i, j, cues)
        if unit is not None:  # "the Faculty of Law of the University of X": two names
            found.append((i, unit[0]))
            i = unit[1]
            continue
        words = [t.folded for t in tokens[i:j] if t.is_word and t.text != "'s"]
        head = own_head(words, connectors) if words else None
        if (
            len(words) >= 2
            and set(words) & cues.org_heads
            # "Global Study on ..." is a title; "Global Alliance of ..." a body: its own head
            and (words[0] not in cues.title_first_words or head in cues.org_heads)
            and head not in cues.not_heads
        ):
            found.append((i, j))
        i = max(j, i + 1)
    return found


def _university_unit(
    tokens: list[Token], first: int, last: int, cues: Cues
) -> tuple[int, int] | None:
    """(end of the unit, start of its parent) when tokens ``[first, last)`` name a
    university's own unit and then the university ("the Faculty of Law of the University of
    the West Indies", "the Human Rights Centre of the University of Essex"), or an
    organisation's secretariat (the lexicon's ``parent_units``) and then the organisation
    ("the General Secretariat of the Central American Integration System"): two names, of
    which the parent is the one readers name (``roles.py``)."""
    for k in range(first + 1, last - 1):
        if tokens[k].folded not in cues.of_state:
            continue
        article = tokens[k + 1].folded in cues.articles
        if not article and not any(t.folded in cues.of_state for t in tokens[first + 1 : k]):
            # "of the University": "the National Law School of India University" is one
            # name; a unit with an "of" of its own is not ("the School of Statistics and
            # Planning of Makerere University")
            continue
        start = k + 2 if article else k + 1
        unit = tuple(t.folded for t in tokens[first:k])
        if unit in cues.parent_units and is_cap(tokens[start]):
            return k, start  # "the (General) Secretariat of the <Organization>": its own unit
        if not any(t.folded in cues.university_units for t in tokens[first : min(k, first + 4)]):
            continue
        for h in range(start, min(last, start + 4)):
            if tokens[h].folded in cues.university_heads:
                return k, start
            if not is_cap(tokens[h]):
                break  # "Faculty of Education of the University": not yet the university
    return None


def _comma_named(
    tokens: list[Token],
    first: int,
    end: int,
    barrier: Sequence[bool],
    place: Sequence[bool],
    cues: Cues,
) -> int:
    """End of a name that goes on past a comma up to the acronym it defines: "the Directorate
    for Children, Adolescents and Family (DINAF)" is one body, and so is one whose state's
    name closes the list ("the Ministry of Education, Sports and Culture of Samoa"), and a
    ministry's or faculty's portfolio list that "and" closes ("the Ministry of Gender,
    Children, Disability and Social Welfare"; the lexicon's ``portfolio_bodies``). Only
    capitalised words with no head word, place or known name, and one "and", may stand
    between the comma and the acronym or state; ``end`` itself when anything else does."""
    if end >= len(tokens) or tokens[end].text != ",":
        return end
    j, joined = end + 1, False
    while j < len(tokens) and not barrier[j] and not place[j]:
        token = tokens[j]
        if token.folded == "and" and not joined and j > end + 1:
            joined = True
        elif token.text == "," and not joined and j + 1 < len(tokens) and is_cap(tokens[j + 1]):
            pass  # "Gender, Children, Disability and Social Welfare": a longer list
        elif not is_cap(token) or token.folded in cues.org_heads or token.text in cues.stop_words:
            break
        j += 1
    closed = joined and tokens[j - 1].folded != "and"
    if closed and acronym_at(tokens, j) is not None:
        return j
    # "the Ministry of Education, Sports and Culture of Samoa": a portfolio list that its
    # state's name closes
    if closed and j + 1 < len(tokens) and tokens[j].folded in cues.state_links:
        k = j + 1
        if tokens[k].folded in cues.articles and k + 1 < len(tokens):
            k += 1
        if place[k]:
            while k < len(tokens) and place[k]:
                k += 1
            return k
    if closed and tokens[first].folded in cues.portfolio_bodies:
        return j  # "the Ministry of Gender, Children, Disability and Social Welfare"
    return end


def _listed_before(
    tokens: list[Token],
    first: int,
    end: int,
    barrier: Sequence[bool],
    place: Sequence[bool],
    cues: Cues,
) -> int:
    """Start of a name whose first words are a list that its "and" closes: "the Family, Child
    and Youth Development Agency", "the Women, Children and Senior Citizen Service
    Directorate" (one capitalised word per item, an article before the first); ``first``
    itself when the words before it are not such a list."""
    if "and" not in {t.folded for t in tokens[first:end]}:
        return first
    k = first
    while (
        k >= 3
        and tokens[k - 1].text == ","
        and is_cap(tokens[k - 2])
        and not barrier[k - 2]
        and not place[k - 2]
        and tokens[k - 2].folded not in cues.org_heads
    ):
        k -= 2
    if k < first and tokens[k - 1].folded in cues.articles:
        return k
    return first


def _place_named(tokens: list[Token], end: int, place: Sequence[bool], cues: Cues) -> int:
    """End of a name that goes on over "in <Place>" up to the acronym it defines: "the Union
    for the Protection of Juveniles in Lebanon (UPEL)" is one body's name; ``end`` itself when
    no acronym follows the place."""
    if end + 1 >= len(tokens) or tokens[end].folded not in cues.in_state or not place[end + 1]:
        return end
    j = end + 1
    while j < len(tokens) and place[j]:
        j += 1
    return j if acronym_at(tokens, j) is not None else end


def acronym_at(tokens: Sequence[Token], at: int) -> str | None:
    """The acronym a name defines when "(ACRONYM)" stands at token ``at``; None otherwise."""
    if (
        at + 2 < len(tokens)
        and tokens[at].text == "("
        and tokens[at + 2].text == ")"
        and tokens[at + 1].text.replace("-", "").isupper()
    ):
        return tokens[at + 1].text
    return None


def own_head(words: Sequence[str], connectors: frozenset[str]) -> str:
    """The head noun of a name: its last word before the first connector ("programme" in
    "Joint Global Programme on Essential Services")."""
    head = words[0]
    for word in words:
        if word in connectors:
            break
        head = word
    return head


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
