"""Countries a paragraph names: by name or alias, by a demonym before a word for a state's
bodies, by a city named as a place ("held in Astana"), and by the footnote list behind a count
("seven Arab States⁶").

Why a demonym needs a following head word: "Kenyan judiciary" names Kenya's courts, but
"Kenyan Swahili" names no state. Why a city needs a place word before it: "held in Accra" says
where the work was done, "Santiago de Cali" or "the New York Liaison Office" does not; which
words those are, and which cities (the United Nations' seats) name no host, is the profile's
``[places]``. A country inside an organisation's name ("Thailand Institute of
Justice") is returned flagged ``in-org-name`` for the caller to weigh.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ccpj_graph.corpus.model import Footnote
from ccpj_graph.extract.entities.cues import Cues
from ccpj_graph.extract.entities.mention import EntityMention, entity_mention, sorted_mentions
from ccpj_graph.extract.entities.tokens import Analysis, analyse, named, org_ranges
from ccpj_graph.extract.vocab import Token, Vocabulary, fold

__all__ = ["countries_in", "find_countries"]


def find_countries(
    text: str,
    *,
    footnotes: Sequence[Footnote] = (),
    vocab: Vocabulary | None = None,
) -> list[EntityMention]:
    """Countries named in ``text`` by their United Nations name or an alias, by a demonym that
    denotes the state's bodies ("the Kenyan judiciary"), and, where a count of countries points
    at a footnote ("seven Arab States⁶"), the countries that footnote lists."""
    return countries_in(analyse(text, vocab), footnotes)


def countries_in(
    analysis: Analysis,
    footnotes: Sequence[Footnote] = (),
    *,
    notes: Callable[[Footnote], Analysis] | None = None,
) -> list[EntityMention]:
    """:func:`find_countries` over an analysed text; ``notes`` gives a footnote's analysis (the
    caller's, when it has one already)."""
    mentions = named(analysis, "country")
    mentions += _demonyms(analysis)
    mentions += _cities(analysis)
    reader = notes or (lambda note: analyse(note.text, analysis.vocab, cues=analysis.cues))
    mentions += _footnote_lists(analysis, footnotes, reader)
    return sorted_mentions(mentions)


def _demonyms(analysis: Analysis) -> list[EntityMention]:
    heads = analysis.cues.demonym_heads
    tokens, vocab = analysis.tokens, analysis.vocab
    covered: dict[int, str | None] = {}
    for first, last, owner in org_ranges(analysis):
        for i in range(first, last):
            covered[i] = owner
    taken = {i for s in analysis.spans for i in range(s.first, s.last)}
    mentions = []
    for i in range(len(tokens)):
        if i in taken and i not in covered:
            continue
        # demonyms first: few tokens start one, and the names' index is walked only for those
        demonyms = list(vocab.demonyms.matches_at(tokens, i))
        if not demonyms:
            continue
        named = (c for _, hits in vocab.index.matches_at(tokens, i) for c in hits)
        if any(c.entity.kind == "country" for c in named):
            continue  # "Saudi" of "Saudi Arabia" is part of a name, not a demonym
        for length, hits in demonyms:
            entities = {c.entity.key: c.entity for c in hits}
            if len(entities) != 1:
                break
            entity = next(iter(entities.values()))
            at = _past_coordinated_demonyms(analysis, i + length)
            after = [t.folded for t in tokens[at : at + 4]]
            inside = i in covered
            denotes = any(tuple(after[k : k + len(h)]) == h for h in heads for k in range(2))
            if not (inside or denotes):
                break
            start, end = analysis.char_span(i, i + length)
            flags = ("in-org-name",) if inside else ()
            owner = covered.get(i) if inside else None
            mentions.append(
                entity_mention(entity, analysis.text, start, end, "demonym", *flags, inside=owner)
            )
            break
    return mentions


def _past_coordinated_demonyms(analysis: Analysis, at: int) -> int:
    """Where the head word of a demonym ending at token ``at`` stands, past the demonyms
    coordinated with it (the lexicon's ``demonym_coordinators``): "Kenyan and Ugandan prison
    officials", "Iraqi, Jordanian or Lebanese judges" share one head."""
    tokens, vocab = analysis.tokens, analysis.vocab
    while at + 1 < len(tokens) and tokens[at].folded in analysis.cues.demonym_coordinators:
        following = [length for length, _ in vocab.demonyms.matches_at(tokens, at + 1)]
        if not following:
            break
        at = at + 1 + max(following)
    return at


def _cities(analysis: Analysis) -> list[EntityMention]:
    """Countries named through a city of the gazetteer right after a place word ("in Nairobi"),
    not after a word that places an office ("based in Nairobi", "the Regional Office for
    Eastern Africa, in Nairobi," : the lexicon's ``seat_before``), not a seat of the United
    Nations, not inside a longer name (a capitalised word follows, or an organisation's name
    holds it)."""
    tokens, cues = analysis.tokens, analysis.cues
    taken = {i for s in analysis.spans for i in range(s.first, s.last)}
    taken |= {i for first, last, _ in org_ranges(analysis) for i in range(first, last)}
    mentions = []
    for i in range(1, len(tokens)):
        if i in taken:
            continue
        cities = list(analysis.vocab.cities.matches_at(tokens, i))  # few tokens start one
        if not cities or not _after(tokens, i, cues.city_before):
            continue
        for length, hits in cities:
            entities = {c.entity.key: c.entity for c in hits}
            follows = tokens[i + length] if i + length < len(tokens) else None
            start, end = analysis.char_span(i, i + length)
            if (
                len(entities) != 1
                or fold(analysis.text[start:end]) in cues.seats
                or (follows is not None and follows.is_word and follows.text[0].isupper())
                or _after(tokens, i, cues.not_city_before)
                or cues.grammar["seat_before"].search(analysis.text[max(0, start - 160) : start])
            ):
                break
            entity = next(iter(entities.values()))
            mentions.append(entity_mention(entity, analysis.text, start, end, "city"))
            break
    return mentions


def _after(tokens: Sequence[Token], index: int, phrases: frozenset[tuple[str, ...]]) -> bool:
    """True when one of ``phrases`` (folded token tuples) ends right before ``tokens[index]``."""
    return any(
        len(p) <= index and tuple(t.folded for t in tokens[index - len(p) : index]) == p
        for p in phrases
    )


def _footnote_lists(
    analysis: Analysis,
    footnotes: Sequence[Footnote],
    notes: Callable[[Footnote], Analysis],
) -> list[EntityMention]:
    text, cues = analysis.text, analysis.cues
    mentions: list[EntityMention] = []
    for note in footnotes:
        if not 0 <= note.offset <= len(text):
            continue
        listed = [m for m in named(notes(note), "country") if "in-org-name" not in m.flags]
        head = text[: note.offset]
        marked = cues.count_phrase.search(head) or cues.announced_phrase.search(head)
        unmarked = marked is None
        match = marked or _the_count_of(text, len(listed), cues, note.offset)
        if match is None:
            continue
        # "in the following countries⁴" announces the list without a count: it counts them all
        count = _count(match, cues) if "count" in match.groupdict() else len(listed)
        start, end = match.start(), match.end("noun")
        flags = frozenset() if count == len(listed) else frozenset({"count-mismatch"})
        if unmarked:
            flags |= {"footnote-by-count"}
        mentions.extend(
            replace(
                found,
                text=text[start:end],
                start=start,
                end=end,
                rule="footnote-list",
                flags=flags,
                footnote=note.mark,
            )
            for found in listed
        )
    return mentions


def _count(match: re.Match[str], cues: Cues) -> int | None:
    raw = match.group("count").lower()
    return int(raw) if raw.isdigit() else cues.numbers.get(raw)


def _the_count_of(text: str, size: int, cues: Cues, mark: int) -> re.Match[str] | None:
    """The one count phrase of ``text`` whose number is ``size`` ("probation officers from
    eight States benefited ..."; else any plural noun: "Eleven national statistical offices
    received ..."), for a footnote of ``size`` countries whose mark the converter lost or that
    stands away from its count ("in eight countries of Southern Europe,²"); the nearest before
    the mark when several count so ("... in the eight countries" later names them again), the
    one after it when none is before; none when no phrase, or more than one after, counts so."""
    if size < 2:
        return None
    for pattern in (cues.count_anywhere, cues.count_of_any):
        found = [m for m in pattern.finditer(text) if _count(m, cues) == size]
        before = [m for m in found if m.end() <= mark]
        if before:
            return before[-1]
        if found:
            return found[0] if len(found) == 1 else None
    return None
