"""Organisations a paragraph names: known ones, national bodies of a state, and new ones.

Why new organisations are minted only in certain places: a capitalised phrase with a head word
("... Foundation", "Ministry of ...") is an organisation's name, but the reference data cannot
list every partner. A phrase is minted (``known=False``) when it follows a partnership cue ("in
partnership with the X Foundation"), defines an acronym ("Conflict Analysis Resource Centre
(CERAC)") or names a government body ("the Supreme Court"); elsewhere it is left alone.

Keys follow design.md: ``<iso3>-<slug>`` for a state's bodies, the slug naming the body without
repeating the state ("Government of the United Arab Emirates" -> ``are-government``, "Supreme
Court of Kenya" -> ``ken-supreme-court``); a state's government is always labelled
:func:`government_name` so that every mention of it gives one label. Bodies of a province,
department or city ("Department of Antioquia") are government bodies of their state's country
too, keyed and labelled as written and flagged ``sub-national``: they are not the state's
national government.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ccpj_graph.extract._rules import grammar
from ccpj_graph.extract.entities.context import body_country
from ccpj_graph.extract.entities.cues import KIND_GROUPS, Cues
from ccpj_graph.extract.entities.mention import EntityMention, entity_mention, sorted_mentions
from ccpj_graph.extract.entities.tokens import (
    Analysis,
    acronym_at,
    analyse,
    inner,
    is_cap,
    mention_of,
    org_class,
    own_head,
    text_of,
)
from ccpj_graph.extract.roles import partner_cue_ends
from ccpj_graph.extract.sentences import sentence_end
from ccpj_graph.extract.vocab import Entity, Vocabulary, fold, normalise, slugify

__all__ = [
    "find_organisations",
    "government",
    "government_name",
    "guess_kind",
    "organisations_in",
]

_GOVERNMENT = "GovernmentBody"
#: a country's label in the list form of its style: "Bolivia (Plurinational State of)"
_LIST_FORM = re.compile(r"(?P<name>[^()]+?) \((?P<style>[^()]+ of(?: the)?)\)")
#: a clause ends inside a sentence at a semicolon or colon
_CLAUSE_END = re.compile(r"[;:]\s")


def government_name(country: Entity) -> str:
    """ "Government of Kenya", "Government of the Niger": with the article where the country's
    names include "the <label>"; a label in the list form "Bolivia (Plurinational State of)"
    gives its short name where the names hold it with the article ("Government of the
    Netherlands"), else the name it stands for ("Government of the Plurinational State of
    Bolivia")."""
    label = country.label
    listed = _LIST_FORM.fullmatch(label)
    if listed and f"the {listed['name']}" not in country.names:
        return f"Government of the {listed['style']} {listed['name']}"
    if listed:
        label = listed["name"]
    article = "the " if f"the {label}" in country.names else ""
    return f"Government of {article}{label}"


def government(iso3: str, vocab: Vocabulary) -> tuple[str, str]:
    """(key, label) of a state's government: ``("ken-government", "Government of Kenya")``."""
    country = vocab.get("country", iso3)
    label = government_name(country) if country is not None else f"Government of {iso3}"
    return f"{iso3.lower()}-government", label


def find_organisations(
    text: str, *, country: str | None = None, vocab: Vocabulary | None = None
) -> list[EntityMention]:
    """Organisations named in ``text``.

    Known organisations match by name, acronym or alias. A national body named generically
    ("the Ministry of Justice", "the judiciary") is resolved to the country its sentence names
    (see ``context.py``), else to ``country`` (ISO3, the caller's context). Organisations the
    reference data does not know are returned as new (``known=False``, minted key, guessed
    ``org_kind``) when they follow a partnership cue, define an acronym, or are government
    bodies.
    """
    return organisations_in(analyse(text, vocab, context=country))


def organisations_in(analysis: Analysis) -> list[EntityMention]:
    """:func:`find_organisations` over an analysed text (its ``context`` is the country)."""
    cues, tokens = analysis.cues, analysis.tokens
    mentions = [
        _state_body(analysis, s.first, s.last, mention_of(s, analysis))
        for s in analysis.spans
        if s.entity is None or s.entity.kind == "organisation"
    ]
    mentions = [m for m in mentions if m.key is not None or "country-unknown" in m.flags]
    windows = _cue_windows(analysis.text, cues)
    acronyms_end = {m.end for m in mentions if m.key is not None and m.text.isupper()}
    for first, last in analysis.phrases:
        start = tokens[first].start
        words = {t.folded for t in tokens[first:last]}
        if (
            first > 0
            and tokens[first - 1].end in acronyms_end
            and analysis.text[tokens[first - 1].end : start].isspace()
            and words <= cues.unit_words
        ):
            continue  # "the GCC General Secretariat": the GCC's own unit, no body of its own
        defines = acronym_at(tokens, last) is not None
        if any(a <= start < b for a, b in windows):
            rule = "partnership-phrase"
        elif defines:
            rule = "acronym-definition"
        elif _beside_agent(analysis.text, start, tokens[last - 1].end, cues):
            rule = "co-subject"  # "UNODC and the National Human Rights Commission held ..."
        elif _qualified_by_state(analysis, first, last):
            rule = "state-qualified"  # "the National Commission for Human Rights of Mauritania"
        elif _helped_passive(analysis, last):
            rule = "helped-subject"  # "the Legal Aid Board was assisted in developing ..."
        elif cues.grammar["helped_before"].search(
            analysis.text[max(0, start - 40) : start]
        ) and grammar("roles", "to_do").match(analysis.text[tokens[last - 1].end :]):
            rule = "helped-object"  # "UNODC supported the Investigative Committee in ..."
        elif words & cues.groups["government"] or (
            # "the Uganda Prisons Service": a service of prisons is a state's body
            words & cues.groups["government_with"]
            and guess_kind([t.text for t in tokens[first:last]], cues) == _GOVERNMENT
        ):
            rule = "national-body"
        else:
            continue
        found = _phrase_mention(analysis, first, last, rule)
        if found.key is not None or found.country is None:
            mentions.append(found)
    mentions += _cued_acronyms(analysis, windows)
    mentions += _quoted_partners(analysis, windows)
    mentions += _described_bodies(analysis)
    mentions += _networks(analysis)
    mentions += _generic_bodies(analysis)
    mentions += _coordinated(analysis)
    return sorted_mentions(mentions)


def _state_body(analysis: Analysis, first: int, last: int, mention: EntityMention) -> EntityMention:
    """A known or generic span's mention, flagged ``sub-national`` when it names a province's
    or city's body ("Municipality of São Paulo"); a minted state body whose key is its
    government's gets the government's label."""
    if mention.org_kind == _GOVERNMENT and _sub_national(analysis, first, last):
        mention = mention.flagged("sub-national")
    country = mention.country
    if mention.known or country is None or mention.key != f"{country.lower()}-government":
        return mention
    return replace(mention, label=government(country, analysis.vocab)[1])


def guess_kind(words: Sequence[str], cues: Cues) -> str:
    """The ontology class a new organisation's name suggests ("Foundation": civil society)."""
    folded = [fold(w) for w in words]
    text = " ".join(folded)
    international = any(text.startswith(w + " ") or text == w for w in cues.international)
    present = set(folded)
    for kind, group in KIND_GROUPS:
        if cues.groups[group] & present:
            if kind == _GOVERNMENT and international:
                return "IntergovernmentalOrganisation"
            return kind
        if kind == _GOVERNMENT and cues.groups["government_with"] & present:
            return "IntergovernmentalOrganisation" if international else kind
    return "Organisation"


def _helped_passive(analysis: Analysis, last: int) -> bool:
    """The name ending before token ``last`` is the subject of a passive of help, as the role
    table reads one ("was supported in", roles ``helped_passive``)."""
    after = analysis.text[analysis.tokens[last - 1].end :]
    return bool(grammar("roles", "helped_passive").match(after.lstrip()))


def _regional(name: str, cues: Cues) -> bool:
    """A word of the lexicon's ``international_anywhere`` stands anywhere in ``name``."""
    words = f" {fold(name)} "
    return any(f" {w} " in words for w in cues.international_anywhere)


def _beside_agent(text: str, start: int, end: int, cues: Cues) -> bool:
    """True when a name stands beside the reporting agent as a co-subject: "UNODC and the X",
    "the X and UNODC" (the lexicon's ``beside_agent_before`` / ``_after``)."""
    before = cues.grammar["beside_agent_before"].search(text[max(0, start - 30) : start])
    return bool(before or cues.grammar["beside_agent_after"].match(text[end : end + 30]))


def _qualified_by_state(analysis: Analysis, first: int, last: int) -> bool:
    """True when a name ends with "of (the) <Country>": a body of that state."""
    country, own_end = _state_part(analysis, first, last)
    return country is not None and own_end < last


def _state_part(analysis: Analysis, first: int, last: int) -> tuple[str | None, int]:
    """(ISO3, end of the body's own name) for a phrase over tokens ``[first, last)``: the one
    country named inside it, and where an "of/in (the) <Country>" qualifier starts."""
    tokens, vocab = analysis.tokens, analysis.vocab
    found = inner(analysis, first, last, {"country"})
    if found:
        if len({e.key for _, _, e in found}) != 1:
            return None, last
        a, b, entity = found[-1]
        cues = analysis.cues
        cut = a - 1 if a - 1 > first and tokens[a - 1].folded in cues.articles else a
        if b == last and cut - 1 > first and tokens[cut - 1].folded in cues.state_links:
            return entity.key, _formal_start(analysis, first, cut - 1)
        return entity.key, last
    demonym = {
        c.entity.key
        for i in range(first, last)
        for _, hits in vocab.demonyms.matches_at(tokens, i)
        for c in hits
    }
    return (demonym.pop() if len(demonym) == 1 else None), last


def _formal_start(analysis: Analysis, first: int, link: int) -> int:
    """Where the state's qualifier starts when ``link`` ("of" before the country) ends the
    state's formal name: "... Ombudsman of the Republic of Slovenia" starts at the first "of"."""
    tokens, cues = analysis.tokens, analysis.cues
    j = link
    while j - 1 > first and tokens[j - 1].folded in cues.formal_words:
        j -= 1
    if j < link and j - 1 > first and tokens[j - 1].folded in cues.articles:
        j -= 1
    if j < link and j - 1 > first and tokens[j - 1].folded in cues.state_links:
        return j - 1
    return link


def _place_name(analysis: Analysis, first: int, last: int, heads: frozenset[str]) -> str | None:
    """The place of "<Head> of (the) <Place>" when the head is in ``heads`` and the place is a
    proper name with no organisation word ("Antioquia", not "Justice Services")."""
    tokens, cues = analysis.tokens, analysis.cues
    if (
        tokens[first].folded not in heads
        or first + 2 >= last
        or tokens[first + 1].folded not in cues.of_state
    ):
        return None
    at = first + 3 if tokens[first + 2].folded in cues.articles else first + 2
    rest = [t for t in tokens[at:last] if t.is_word]
    banned = cues.org_heads | cues.groups["government_with"] | cues.connectors
    if not rest or any(t.folded in banned or not t.text[0].isupper() for t in rest):
        return None
    return " ".join(t.folded for t in rest)


def _sub_national(analysis: Analysis, first: int, last: int) -> bool:
    """Whether a state body with no country in its name is a province's, department's or
    city's: a sub-national head before a place name, or an ambiguous head ("Department") whose
    place the paragraph also names with a sub-national head ("Government of Antioquia")."""
    cues = analysis.cues
    if _place_name(analysis, first, last, cues.sub_national) is not None:
        return True
    place = _place_name(analysis, first, last, cues.sub_national_ambiguous)
    if place is None:
        return False
    return any(_place_name(analysis, a, b, cues.sub_national) == place for a, b in analysis.phrases)


def _phrase_mention(analysis: Analysis, first: int, last: int, rule: str) -> EntityMention:
    """The organisation an unknown capitalised phrase names: kind guessed from its head words,
    a state body keyed ``<iso3>-<slug of its own name>``, else by acronym or name."""
    tokens, text, vocab = analysis.tokens, analysis.text, analysis.vocab
    acronym = acronym_at(tokens, last)
    end_tok = last + 3 if acronym else last
    name = normalise(text[tokens[first].start : tokens[last - 1].end])
    kind = guess_kind(name.split(), analysis.cues)
    flags: set[str] = set()
    label = name
    country: str | None = None
    helped = rule in {"helped-subject", "helped-object"}
    if helped and kind == "Organisation" and not _regional(name, analysis.cues):
        # "In Sierra Leone, the Legal Aid Board was assisted ...": a body of no other kind
        # that the State's work helped is the State's (keyed by it, as its ministries are)
        kind = _GOVERNMENT
    if (
        kind == _GOVERNMENT
        and _regional(name, analysis.cues)
        and _state_part(analysis, first, last)[0] is None
    ):
        # "the Southern African Regional Police Chiefs Cooperation Organisation": police
        # chiefs of a region, no state's body ("South African Police Service" names one)
        kind = "IntergovernmentalOrganisation"
    if kind == _GOVERNMENT:
        country, own_end = _state_part(analysis, first, last)
        if country is None:
            country = body_country(
                text, tokens, analysis.spans, first, analysis.context, cues=analysis.cues
            )
            flags.add("generic" if country else "country-unknown")
            if _sub_national(analysis, first, last):
                flags.add("sub-national")
        else:
            label = normalise(text_of(tokens, first, own_end))
        key = f"{country.lower()}-{slugify(label)}" if country else None
        if country and key == f"{country.lower()}-government":
            _, label = government(country, vocab)
    else:
        key = slugify(acronym) if acronym else slugify(name)
        qualified, own_end = _state_part(analysis, first, last)
        if qualified is not None and own_end < last:
            country = qualified  # "... of Mauritania": the state whose body it is
    return _organisation(
        analysis, first, end_tok, key, label, rule, kind, flags=frozenset(flags), country=country
    )


def _organisation(
    analysis: Analysis,
    first: int,
    end_tok: int,
    key: str | None,
    label: str,
    rule: str,
    org_kind: str | None,
    *,
    flags: frozenset[str] = frozenset(),
    country: str | None = None,
) -> EntityMention:
    """The organisation mention of tokens ``[first, end_tok)``: the reference data's entry
    (label, IRI, kind) when it has ``key``, else ``label`` and ``org_kind``."""
    tokens, text = analysis.tokens, analysis.text
    known = analysis.vocab.get("organisation", key) if key else None
    start, end = tokens[first].start, tokens[end_tok - 1].end
    return EntityMention(
        kind="organisation",
        key=key,
        text=text[start:end],
        start=start,
        end=end,
        label=known.label if known else label,
        rule=rule,
        iri=known.iri if known else None,
        known=known is not None,
        flags=flags,
        org_kind=org_class(known) if known else org_kind,
        country=country,
    )


def _cue_windows(text: str, cues: Cues) -> list[tuple[int, int]]:
    """Character ranges that follow a partnership cue, up to the end of the clause: the
    lexicon's, and every cue of the role table that names who worked with the agent (a strict
    co-deliverer, funder or host: "maintained close cooperation with", "Other partners in that
    regard included")."""
    ends = [m.end() for m in cues.partnership.finditer(text)]
    ends += partner_cue_ends(text)
    windows = []
    for at in sorted(set(ends)):
        end = sentence_end(text, at)
        stop = _CLAUSE_END.search(text, at, end)
        windows.append((at, stop.start() if stop else end))
    return windows


def _new_organisation(
    analysis: Analysis, first: int, last: int, rule: str, org_kind: str | None = None
) -> EntityMention:
    """A name of tokens ``[first, last)`` the phrase finder does not take (no head word of a
    body), as an organisation: known when the reference data has its key."""
    tokens = analysis.tokens
    name = normalise(analysis.text[tokens[first].start : tokens[last - 1].end])
    kind = org_kind or guess_kind(name.split(), analysis.cues)
    return _organisation(analysis, first, last, slugify(name), name, rule, kind)


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


def _quoted_partners(analysis: Analysis, windows: Sequence[tuple[int, int]]) -> list[EntityMention]:
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
        mentions.append(_new_organisation(analysis, first, last, "partnership-quoted"))
    return mentions


def _described_bodies(analysis: Analysis) -> list[EntityMention]:
    """ "Justice Defenders, a non-governmental organization, ...": a capitalised name that an
    apposition says is a body (the lexicon's ``appositive_body``) names one, head word or not;
    civil society when the apposition says so (``civil_society_descriptions``)."""
    text, tokens, cues = analysis.text, analysis.tokens, analysis.cues
    mentions = []
    for match in cues.grammar["appositive_body"].finditer(text):
        start, end = match.span("name")
        inside = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end]
        while inside and tokens[inside[0]].text in cues.stop_words:
            inside = inside[1:]
        if not inside:
            continue
        first, last = inside[0], inside[-1] + 1
        if _name_run(analysis, first, last) != last or not _free(analysis, first, last):
            continue
        described = fold(match.group("description"))
        kind = (
            "CivilSocietyOrganisation"
            if any(w in described for w in cues.civil_society_descriptions)
            else None
        )
        mentions.append(_new_organisation(analysis, first, last, "described-body", kind))
    return mentions


def _networks(analysis: Analysis) -> list[EntityMention]:
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
            found = _new_organisation(analysis, first, last, "network-name", "Organisation")
            mentions.append(found)
    return mentions


def _cued_acronyms(analysis: Analysis, windows: Sequence[tuple[int, int]]) -> list[EntityMention]:
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


def _generic_bodies(analysis: Analysis) -> list[EntityMention]:
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
            first = next(i for i, t in enumerate(tokens) if t.start >= start)
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
                    org_kind=_GOVERNMENT,
                    country=country,
                )
            )
    return mentions


def _coordinated(analysis: Analysis) -> list[EntityMention]:
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
