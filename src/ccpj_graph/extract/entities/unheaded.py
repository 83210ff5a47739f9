"""Organisations named without a capitalised phrase around a head word: a name in quotation
marks after a partnership cue, a body an apposition describes ("Justice Defenders, a
non-governmental organization"), a network or initiative the agent works in, an acronym a cue
governs, a state's body named generically ("the judiciary"), and bodies coordinated under one
head ("the European and African Forums for Restorative Justice").
"""

from __future__ import annotations

from collections.abc import Sequence

from ccpj_graph.extract.entities.context import body_country
from ccpj_graph.extract.entities.mention import EntityMention, entity_mention
from ccpj_graph.extract.entities.minting import (
    GOVERNMENT,
    government,
    guess_kind,
    new_organisation,
    organisation_mention,
)
from ccpj_graph.extract.entities.name_phrases import is_cap, own_head
from ccpj_graph.extract.entities.tokens import Analysis, Span, org_class
from ccpj_graph.extract.vocab import Token, fold, normalise, slugify

__all__ = [
    "coordinated_bodies",
    "cued_acronyms",
    "described_bodies",
    "generic_bodies",
    "local_bodies",
    "networks",
    "plural_bodies",
    "quoted_partners",
    "spelled_out_bodies",
]


def _name_run(analysis: Analysis, first: int, stop: int | None = None) -> int:
    """End (exclusive) of the capitalised name that starts at token ``first``: capitalised
    words, and connectors between them; ``stop`` bounds it."""
    tokens, connectors = analysis.tokens, analysis.cues.connectors
    stop = len(tokens) if stop is None else stop
    last = first
    j = first
    while j < stop:
        token = tokens[j]
        if is_cap(token) or (token.text in {"-", "'s", "'"} and last > first):
            j += 1
            last = j
        elif token.folded in connectors and j + 1 < stop and is_cap(tokens[j + 1]):
            j += 1
        else:
            break
    return last


def _free(analysis: Analysis, first: int, last: int) -> bool:
    """No known organisation, standard or organisation-like phrase overlaps the tokens."""
    spans = [
        (s.first, s.last)
        for s in analysis.spans
        if s.entity is None or s.entity.kind in {"organisation", "standard"}
    ]
    spans += list(analysis.phrases)
    return not any(a < last and first < b for a, b in spans)


def quoted_partners(analysis: Analysis, windows: Sequence[tuple[int, int]]) -> list[EntityMention]:
    """ "partnered with the Ministry ... and the “Street Law Kazakhstan” project": a quoted
    name of capitalised words that a partnership cue governs is a partner."""
    text, tokens, cues = analysis.text, analysis.tokens, analysis.cues
    names_only = cues.grammar["names_only"]
    mentions = []
    for match in cues.grammar["quoted_name"].finditer(text):
        start, end = match.span("name")
        if not any(
            a <= match.start() < b and names_only.fullmatch(text[a : match.start()])
            for a, b in windows
        ):
            continue
        inside = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end]
        if not inside:
            continue
        first, last = inside[0], inside[-1] + 1
        words = [t for t in tokens[first:last] if t.is_word]
        if (
            len(words) < 2
            or _name_run(analysis, first, last) != last
            or tokens[first].text in cues.stop_words
            or not _free(analysis, first, last)
        ):
            continue
        mentions.append(new_organisation(analysis, first, last, "partnership-quoted"))
    return mentions


def described_bodies(analysis: Analysis) -> list[EntityMention]:
    """ "Justice Defenders, a non-governmental organization, ...": a capitalised name that an
    apposition says is a body (the lexicon's ``appositive_body``) names one, head word or not;
    civil society when the apposition says so (``civil_society_descriptions``)."""
    text, tokens, cues = analysis.text, analysis.tokens, analysis.cues
    mentions = []
    for match in cues.grammar["appositive_body"].finditer(text):
        start, end = match.span("name")
        inside = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end]
        # "UNODC and Prison Fellowship Rwanda, an organization ...": neither the agent nor
        # the "and" after it is part of the name
        while inside and (
            tokens[inside[0]].text in cues.stop_words or tokens[inside[0]].folded in cues.connectors
        ):
            inside = inside[1:]
        if not inside:
            continue
        first, last = inside[0], inside[-1] + 1
        if _name_run(analysis, first, last) != last or not _free(analysis, first, last):
            continue
        described = fold(match.group("description"))
        # the apposition says what the body is: civil society, or a body of no State's
        kind = (
            "CivilSocietyOrganisation"
            if any(w in described for w in cues.civil_society_descriptions)
            else "Organisation"
        )
        mentions.append(new_organisation(analysis, first, last, "described-body", kind))
    return mentions


def networks(analysis: Analysis) -> list[EntityMention]:
    """ "under the Spotlight Initiative": a joint initiative the agent works under or in,
    named by capitalised words with a head of the lexicon's ``[[networks]]`` entry whose cue
    stands before it."""
    tokens, cues = analysis.tokens, analysis.cues
    starts = {t.start: i for i, t in enumerate(tokens)}
    mentions = []
    for cue, heads in cues.networks:
        for match in cue.finditer(analysis.text):
            first = starts.get(match.end())
            if first is None or tokens[first].text in cues.stop_words:
                continue
            last = _name_run(analysis, first)
            words = [t.folded for t in tokens[first:last] if t.is_word and t.text != "'s"]
            if (
                len(words) < 2
                or own_head(words, cues.connectors) not in heads
                or not _free(analysis, first, last)
            ):
                continue
            found = new_organisation(analysis, first, last, "network-name", "Organisation")
            mentions.append(found)
    return mentions


def cued_acronyms(analysis: Analysis, windows: Sequence[tuple[int, int]]) -> list[EntityMention]:
    """ "in cooperation with ECOWAS": an acronym the reference data lacks, named where a
    partnership cue governs, is an organisation (keyed by the acronym, as its definition
    "Economic Community of West African States (ECOWAS)" would be)."""
    tokens, cues = analysis.tokens, analysis.cues
    names_only = cues.grammar["names_only"]  # list glue between a cue and a name it governs
    taken = [analysis.char_span(s.first, s.last) for s in analysis.spans]
    taken += [analysis.char_span(a, b) for a, b in analysis.phrases]
    mentions = []
    for i, token in enumerate(tokens):
        word = token.text
        if not (
            len(word) >= 3
            and word.replace("-", "").isalpha()
            and word.isupper()
            and word not in cues.stop_words
            and any(
                a <= token.start < b and names_only.fullmatch(analysis.text[a : token.start])
                for a, b in windows
            )
            and not any(a <= token.start < b for a, b in taken)
        ):
            continue
        if (i > 0 and tokens[i - 1].text == "(") or (
            i + 1 < len(tokens) and tokens[i + 1].text in {"-", "/"}
        ):
            continue  # defined by the name before it, or part of a compound ("COVID-19")
        key = slugify(word)
        known = analysis.vocab.get("organisation", key)
        mentions.append(
            EntityMention(
                kind="organisation",
                key=key,
                text=word,
                start=token.start,
                end=token.end,
                label=known.label if known else word,
                rule="partnership-acronym",
                iri=known.iri if known else None,
                known=known is not None,
                org_kind=org_class(known) if known else "Organisation",
            )
        )
    return mentions


def generic_bodies(analysis: Analysis) -> list[EntityMention]:
    """ "the judiciary", "the Government": a state's body when a country is in context."""
    text, tokens, vocab = analysis.text, analysis.tokens, analysis.vocab
    taken = [analysis.char_span(s.first, s.last) for s in analysis.spans]
    taken += [analysis.char_span(a, b) for a, b in analysis.phrases]
    mentions = []
    for name, pattern in analysis.cues.generic_body_patterns:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if any(a <= start < b for a, b in taken):
                continue
            first = _token_at(tokens, start)
            country = body_country(
                text, tokens, analysis.spans, first, analysis.context, cues=analysis.cues
            )
            if country is None:
                continue
            key = f"{country.lower()}-{slugify(name)}"
            known = vocab.get("organisation", key)
            if known is not None:
                label = known.label
            elif key == f"{country.lower()}-government":
                _, label = government(country, vocab)
            else:
                label = name[0].upper() + name[1:]
            mentions.append(
                EntityMention(
                    kind="organisation",
                    key=key,
                    text=text[start:end],
                    start=start,
                    end=end,
                    label=label,
                    rule="national-body",
                    iri=known.iri if known else None,
                    known=known is not None,
                    flags=frozenset({"generic"}),
                    org_kind=GOVERNMENT,
                    country=country,
                )
            )
    return mentions


def _state_spans(analysis: Analysis) -> dict[int, Span]:
    """The spans of the States ``analysis`` names, by their first token."""
    return {
        s.first: s for s in analysis.spans if s.entity is not None and s.entity.kind == "country"
    }


def _token_at(tokens: Sequence[Token], offset: int) -> int:
    """The first token that starts at or after character ``offset``."""
    return next((i for i, t in enumerate(tokens) if t.start >= offset), len(tokens))


def plural_bodies(analysis: Analysis) -> list[EntityMention]:
    """ "the Permanent Missions of Japan and Slovakia to the United Nations", "the Governments
    of Chile and Czechia": one body of each State the list names (the lexicon's
    ``national_bodies.plural``), each mentioned by the whole phrase."""
    text, tokens, vocab, cues = analysis.text, analysis.tokens, analysis.vocab, analysis.cues
    states = _state_spans(analysis)
    glue = {",", "and", *cues.articles}
    mentions = []
    for singular, pattern in cues.plural_bodies:
        for match in pattern.finditer(text):
            at = _token_at(tokens, match.end())
            listed: list[str] = []
            end = match.end()
            while at in states:
                span = states[at]
                assert span.entity is not None  # states holds country spans only
                listed.append(span.entity.key)
                end, at = tokens[span.last - 1].end, span.last
                while at < len(tokens) and at not in states and tokens[at].folded in glue:
                    at += 1  # ", ", "and", "the" (a State's name may hold its article)
            if len(listed) < 2:
                continue  # a plural names more than one State
            tail = cues.grammar["plural_body_tail"].match(text, end)
            stop = tail.end() if tail else end
            rest = " ".join(text[end:stop].split())
            for iso3 in listed:
                if singular.casefold() == "government":
                    key, label = government(iso3, vocab)
                else:
                    _, state = government(iso3, vocab)
                    label = (
                        f"{singular}{state.removeprefix('Government')}{' ' if rest else ''}{rest}"
                    )
                    key = slugify(label)
                known = vocab.get("organisation", key)
                mentions.append(
                    EntityMention(
                        kind="organisation",
                        key=key,
                        text=text[match.start(1) : stop],
                        start=match.start(1),
                        end=stop,
                        label=known.label if known else label,
                        rule="plural-body",
                        iri=known.iri if known else None,
                        known=known is not None,
                        flags=frozenset(
                            {"coordinated", "abroad"}
                            if fold(singular) in cues.abroad
                            else {"coordinated"}
                        ),
                        org_kind=GOVERNMENT,
                        country=iso3,
                    )
                )
    return mentions


def local_bodies(analysis: Analysis) -> list[EntityMention]:
    """ "the municipal government of Cuenca, Ecuador", "the municipal councils of San Pedro
    Sula, La Ceiba and Choloma", "the city councils of Douala (Cameroon) and Lubumbashi": one
    body of each city (the lexicon's ``national_bodies.local``), a body of the State named
    after its city, after the list or around it; each mentioned by the whole phrase."""
    text, tokens, cues = analysis.text, analysis.tokens, analysis.cues
    states = _state_spans(analysis)

    def state_at(at: int) -> str | None:
        span = states.get(at)
        return span.entity.key if span is not None and span.entity is not None else None

    mentions = []
    for template, pattern in cues.local_bodies:
        for match in pattern.finditer(text):
            at = _token_at(tokens, match.end())
            cities: list[tuple[str, str | None]] = []
            end = match.end()
            while at < len(tokens) and at not in states and is_cap(tokens[at]):
                stop = at
                while stop < len(tokens) and stop not in states and is_cap(tokens[stop]):
                    stop += 1
                city, own = text[tokens[at].start : tokens[stop - 1].end], None
                end, at = tokens[stop - 1].end, stop
                # "Douala (Cameroon)": the city's State in a parenthesis
                if at + 1 < len(tokens) and tokens[at].text == "(" and state_at(at + 1):
                    close = states[at + 1].last
                    if close < len(tokens) and tokens[close].text == ")":
                        own, end, at = state_at(at + 1), tokens[close].end, close + 1
                cities.append((city, own))
                while at < len(tokens) and tokens[at].folded in {",", "and"}:
                    at += 1
            if not cities:
                continue
            # "..., Ecuador" or "... in Mexico" right after the list names the State
            after = at + 1 if at < len(tokens) and tokens[at].folded in cues.in_state else at
            country = state_at(after)
            if country is not None and after > at:
                end = tokens[states[after].last - 1].end  # "... in Mexico" closes the name
            elif country is None:
                first = _token_at(tokens, match.start())
                country = body_country(
                    text, tokens, analysis.spans, first, analysis.context, cues=cues
                )
            start = match.start(1)
            for city, own in cities:
                state = own or country
                if state is None:
                    continue
                label = template.replace("<city>", city)
                mentions.append(
                    EntityMention(
                        kind="organisation",
                        key=f"{state.lower()}-{slugify(label)}",
                        text=text[start:end],
                        start=start,
                        end=end,
                        label=label,
                        rule="local-body",
                        known=False,
                        flags=frozenset({"coordinated"} if len(cities) > 1 else set()),
                        org_kind=GOVERNMENT,
                        country=state,
                    )
                )
    return mentions


def coordinated_bodies(analysis: Analysis) -> list[EntityMention]:
    """ "the European and African Forums for Restorative Justice" names two known forums."""
    text, vocab = analysis.text, analysis.vocab
    mentions = []
    for match in analysis.cues.grammar["coordinated_heads"].finditer(text):
        head, rest = match.group("head"), match.group("rest")
        for part in ("a", "b"):
            name = f"{match.group(part)} {head}{rest}"
            found = {c.entity.key: c.entity for c in vocab.index.lookup(name)}
            entity = next(iter(found.values())) if len(found) == 1 else None
            if entity is None or entity.kind != "organisation":
                continue
            start, end = match.start(part), match.end("rest")
            mentions.append(
                entity_mention(
                    entity,
                    text,
                    start,
                    end,
                    "coordinated-name",
                    "coordinated",
                    org_kind=org_class(entity),
                )
            )
    return mentions


def spelled_out_bodies(
    analysis: Analysis, windows: Sequence[tuple[int, int]]
) -> list[EntityMention]:
    """ "developed with UN-Habitat and United Cities and Local Governments (UCLG)": a
    capitalised name with no body's head word that a partnership cue governs, and whose
    capitalised words' initials spell the acronym it defines, names a body (the initials are
    what tells a body's name from a list of words before a parenthesis)."""
    tokens, connectors = analysis.tokens, analysis.cues.connectors
    mentions = []
    for at in range(2, len(tokens) - 2):
        if tokens[at].text != "(" or tokens[at + 2].text != ")":
            continue
        acronym = tokens[at + 1].text
        letters = acronym.replace("-", "")
        if len(letters) < 3 or not letters.isalpha() or not letters.isupper():
            continue
        if not any(a <= tokens[at].start < b for a, b in windows):
            continue
        # the capitalised words before the parenthesis whose initials spell the acronym
        words = 0
        first = at
        for k in range(at - 1, max(-1, at - 3 * len(letters)), -1):
            token = tokens[k]
            if is_cap(token):
                words += 1
                if words == len(letters):
                    first = k
                    break
            elif token.folded not in connectors:
                break
        if first == at:
            continue
        initials = "".join(t.text[0] for t in tokens[first:at] if is_cap(t))
        if initials.upper() != letters or not _free(analysis, first, at + 3):
            continue
        name = normalise(analysis.text[tokens[first].start : tokens[at - 1].end])
        kind = guess_kind(name.split(), analysis.cues)
        if kind == GOVERNMENT:
            kind = "Organisation"  # no State's body is named by its initials alone here
        mentions.append(
            organisation_mention(
                analysis, first, at + 3, slugify(acronym), name, "spelled-out-acronym", kind
            )
        )
    return mentions
