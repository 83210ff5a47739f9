"""Organisations a paragraph names: known ones, national bodies of a state, and new ones.

Why new organisations are minted only in certain places: a capitalised phrase with a head word
("... Foundation", "Ministry of ...") is an organisation's name, but the reference data cannot
list every partner. A phrase is minted (``known=False``) when it follows a partnership cue ("in
partnership with the X Foundation"), defines an acronym ("Conflict Analysis Resource Centre
(CERAC)") or names a government body ("the Supreme Court"); elsewhere it is left alone.

Keys follow design.md: ``<iso3>-<slug>`` for a state's bodies, the slug naming the body without
repeating the state ("Government of the United Arab Emirates" -> ``are-government``, "Supreme
Court of Kenya" -> ``ken-supreme-court``); a state's government is always labelled
``minting.government_name`` so that every mention of it gives one label. Bodies of a province,
department or city ("Department of Antioquia") are government bodies of their state's country
too, keyed and labelled as written and flagged ``sub-national``: they are not the state's
national government.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ccpj_graph.extract._rules import agent, grammar
from ccpj_graph.extract.entities.context import body_country
from ccpj_graph.extract.entities.cues import Cues
from ccpj_graph.extract.entities.mention import EntityMention, sorted_mentions
from ccpj_graph.extract.entities.minting import (
    GOVERNMENT,
    government,
    guess_kind,
    organisation_mention,
)
from ccpj_graph.extract.entities.name_phrases import (
    abbreviates,
    acronym_at,
    acronym_end,
    acronym_of,
)
from ccpj_graph.extract.entities.state_part import qualified_by_state, state_part, sub_national
from ccpj_graph.extract.entities.tokens import (
    Analysis,
    Span,
    analyse,
    inner,
    mention_of,
    org_class,
    text_of,
)
from ccpj_graph.extract.entities.unheaded import (
    coordinated_bodies,
    cued_acronyms,
    described_bodies,
    generic_bodies,
    local_bodies,
    networks,
    plural_bodies,
    quoted_partners,
    spelled_out_bodies,
)
from ccpj_graph.extract.roles import partner_cue_ends
from ccpj_graph.extract.sentences import sentence_end
from ccpj_graph.extract.vocab import Token, Vocabulary, fold, normalise, slugify

__all__ = ["find_organisations", "organisations_in"]

#: a clause ends inside a sentence at a semicolon or colon
_CLAUSE_END = re.compile(r"[;:]\s")


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
    owners_end = {m.end for m in mentions if m.key is not None and m.kind == "organisation"}
    bodies_end = {m.end for m in mentions if m.kind == "organisation"}
    for first, last in analysis.phrases:
        start = tokens[first].start
        words = {t.folded for t in tokens[first:last]}
        owner = _owner_before(analysis, first, mentions, owners_end)
        if owner is not None and _own_words(analysis, first, last) <= cues.unit_words:
            continue  # "the GCC General Secretariat": the GCC's own unit, no body of its own
        # "the National Legal Aid Agency of the Ministry of Justice": a unit named with its
        # State's ministry is read, for the words around it, to the ministry's name's end
        tail = _unit_end(analysis, first, last)
        defines = acronym_at(tokens, last) is not None or tail != _parent_end(analysis, last)
        if any(a <= start < b for a, b in windows):
            rule = "partnership-phrase"
        elif defines:
            rule = "acronym-definition"
        elif _beside_agent(analysis.text, start, tokens[tail - 1].end, cues):
            rule = "co-subject"  # "UNODC and the National Human Rights Commission held ..."
        elif _with_agent_after(analysis.text[tokens[tail - 1].end :]):
            rule = (
                "with-agent"  # "the School of Magistrates (...), in cooperation with the Office,"
            )
        elif qualified_by_state(analysis, first, last):
            rule = "state-qualified"  # "the National Commission for Human Rights of Mauritania"
        elif _helped_passive(analysis, tail):
            rule = "helped-subject"  # "the Legal Aid Board was assisted in developing ..."
        elif cues.grammar["helped_before"].search(
            analysis.text[max(0, start - 40) : start]
        ) and grammar("roles", "to_do").match(analysis.text[tokens[tail - 1].end :]):
            rule = "helped-object"  # "UNODC supported the Investigative Committee in ..."
        elif words & cues.groups["government"] or (
            # "the Uganda Prisons Service": a service of prisons is a state's body
            words & cues.groups["government_with"]
            and guess_kind([t.text for t in tokens[first:last]], cues) == GOVERNMENT
        ):
            rule = "national-body"
        elif _coordinated(analysis.text, start, bodies_end, cues):
            rule = "coordinated-body"  # "the Ministry of ... and the Law Development Commission"
        elif _coordinated(analysis.text, start, bodies_end, cues, joint="parent_joint"):
            rule = "parent-body"  # "the School of Statistics and Planning of Makerere University"
        else:
            continue
        lead = first
        if owner is not None:
            # "the ECOWAS Gender Development Centre": a body of its own, named with its
            # parent's acronym or name, which is not named as a body there
            lead = next((k for k in range(first) if tokens[k].start == owner.start), first)
            if _hyphen_joined(tokens, lead):
                lead -= 2  # "the UNODC-INEGI Centre of Excellence": a centre the two share
        found = _phrase_mention(analysis, lead, last, rule)
        if found.key is not None or found.country is None:
            if owner is not None:
                mentions.remove(owner)
            mentions.append(found)
            bodies_end.add(found.end)
    mentions += cued_acronyms(analysis, windows)
    mentions += quoted_partners(analysis, windows)
    mentions += described_bodies(analysis)
    mentions += spelled_out_bodies(analysis, windows)
    mentions += networks(analysis)
    mentions += generic_bodies(analysis)
    mentions += plural_bodies(analysis)
    mentions += local_bodies(analysis)
    mentions += coordinated_bodies(analysis)
    # "together with Femili PNG, a non-governmental ... centre": an acronym a cue governs
    # that is a word of a longer body's name found after it names no body of its own
    mentions = [
        m
        for m in mentions
        if m.rule != "partnership-acronym"
        or not any(
            o is not m
            and o.start <= m.start
            and m.end <= o.end
            and o.end - o.start > m.end - m.start
            for o in mentions
            if o.kind == "organisation"
        )
    ]
    return sorted_mentions(mentions)


def _state_body(analysis: Analysis, first: int, last: int, mention: EntityMention) -> EntityMention:
    """A known or generic span's mention, flagged ``sub-national`` when it names a province's
    or city's body ("Municipality of São Paulo"); a minted state body whose key is its
    government's gets the government's label."""
    if mention.org_kind == GOVERNMENT and sub_national(analysis, first, last):
        mention = mention.flagged("sub-national")
    country = mention.country
    if mention.known or country is None or mention.key != f"{country.lower()}-government":
        return mention
    return replace(mention, label=government(country, analysis.vocab)[1])


def _helped_passive(analysis: Analysis, last: int) -> bool:
    """The name ending before token ``last`` is the subject of a passive of help, as the role
    table reads one ("was supported in", roles ``helped_passive``)."""
    after = analysis.text[analysis.tokens[last - 1].end :]
    return bool(grammar("roles", "helped_passive").match(after.lstrip()))


def _regional(name: str, cues: Cues) -> bool:
    """A word of the lexicon's ``international_anywhere`` stands anywhere in ``name``."""
    words = f" {fold(name)} "
    return any(f" {w} " in words for w in cues.international_anywhere)


def _with_agent_after(after: str) -> bool:
    """True when the agent's cooperation or support is set off right after a name (its own
    parenthesis aside): "the School of Magistrates (Shkolla e Magjistraturës), in cooperation
    with the Office, added ...", "the Centre, with the support of UNODC, opened ..." (the role
    table's ``with_agent_after`` and ``supported_subject``, which then read it)."""
    return bool(
        grammar("roles", "with_agent_after").match(after)
        or grammar("roles", "supported_subject").match(after)
    )


def _beside_agent(text: str, start: int, end: int, cues: Cues) -> bool:
    """True when a name stands beside the reporting agent as a co-subject: "UNODC and the X",
    "the X and UNODC" (the lexicon's ``beside_agent_before`` / ``_after``)."""
    # wide enough for an office's name ("The Regional Office for South Asia and the ...")
    before = cues.grammar["beside_agent_before"].search(text[max(0, start - 120) : start])
    return bool(before or cues.grammar["beside_agent_after"].match(text[end : end + 120]))


def _own_words(analysis: Analysis, first: int, last: int) -> set[str]:
    """The folded words of tokens ``[first, last)`` that are neither connectors nor part of a
    place's name ("Mission" of "Mission to Bosnia and Herzegovina")."""
    placed = {
        k
        for s in analysis.spans
        if s.entity is not None and s.entity.kind in {"country", "region"}
        for k in range(s.first, s.last)
    }
    tokens, connectors = analysis.tokens, analysis.cues.connectors
    return {
        tokens[k].folded
        for k in range(first, last)
        if k not in placed and tokens[k].is_word and tokens[k].folded not in connectors
    }


def _hyphen_joined(tokens: Sequence[Token], at: int) -> bool:
    """A name is joined to token ``at`` by a hyphen with no space ("UNODC-INEGI")."""
    return (
        at >= 2
        and tokens[at - 1].text == "-"
        and tokens[at - 2].end == tokens[at - 1].start
        and tokens[at - 1].end == tokens[at].start
        and tokens[at - 2].text[:1].isupper()
    )


def _owner_before(
    analysis: Analysis, first: int, mentions: list[EntityMention], owners_end: set[int]
) -> EntityMention | None:
    """The known body named right before token ``first``, by acronym or name ("the ECOWAS
    Gender Development Centre", "the African Union Institute for Statistics"), other than the
    reporting agent (whose units are its own)."""
    tokens = analysis.tokens
    if first == 0 or tokens[first - 1].end not in owners_end:
        return None
    if any(
        s.entity is not None
        and s.entity.kind in {"country", "region"}
        and s.first < first <= s.last
        for s in analysis.spans
    ):
        return None  # "... Affairs of the United States" "Department of State": a State ends it
    if not analysis.text[tokens[first - 1].end : tokens[first].start].isspace():
        return None
    return next(
        (
            m
            for m in mentions
            if m.end == tokens[first - 1].end and m.key is not None and m.key != agent().key
        ),
        None,
    )


def _parent_span(analysis: Analysis, last: int) -> Span | None:
    """The span of a State body ("Ministry of Justice", minted or in the reference data)
    named as the parent of the name ending before token ``last``: "... of the Ministry of
    Justice"."""
    tokens = analysis.tokens
    if last + 2 >= len(tokens) or tokens[last].folded != "of" or tokens[last + 1].folded != "the":
        return None
    for span in analysis.spans:
        if span.first != last + 2:
            continue
        if span.entity is None and span.minted_label:
            return span
        if span.entity is not None and org_class(span.entity) == GOVERNMENT:
            return span
    return None


def _generic_parent(analysis: Analysis, last: int) -> tuple[str, str | None] | None:
    """The name (without its State) and the State of the parent :func:`_parent_span` finds."""
    span = _parent_span(analysis, last)
    if span is None:
        return None
    if span.entity is not None:
        return span.entity.label, span.entity.country
    assert span.minted_label is not None  # _parent_span returns a minted span with its label
    return span.minted_label, span.country


def _parent_end(analysis: Analysis, last: int) -> int:
    """The token after the parent named after the name ending before token ``last`` (after
    ``last`` itself when none is)."""
    span = _parent_span(analysis, last)
    return last if span is None else span.last


def _unit_end(analysis: Analysis, first: int, last: int) -> int:
    """:func:`_parent_end`, and past the acronym that follows the parent when it is the
    unit's ("the Committee of the Criminal Executive System of the Ministry of Internal
    Affairs of Kazakhstan (CCES)")."""
    end = _parent_end(analysis, last)
    if end == last:
        return last
    name = text_of(analysis.tokens, first, last)
    if acronym_of(analysis.tokens, end, name) is None:
        return end
    return acronym_end(analysis.tokens, end) or end


def _coordinated(
    text: str, start: int, bodies_end: set[int], cues: Cues, *, joint: str = "coordinated_before"
) -> bool:
    """A body's name ends right before ``start`` with only a list's joint between ("... and
    the", ", the"; the lexicon's ``coordinated_before``), or another joint of the lexicon's
    grammar (``parent_joint``: "... of")."""
    pattern = cues.grammar[joint]
    return any(end < start and pattern.search(text[end:start]) for end in bodies_end)


def _phrase_mention(analysis: Analysis, first: int, last: int, rule: str) -> EntityMention:
    """The organisation an unknown capitalised phrase names: kind guessed from its head words,
    a state body keyed ``<iso3>-<slug of its own name>``, else by acronym or name."""
    tokens, text, vocab = analysis.tokens, analysis.text, analysis.vocab
    acronym = acronym_at(tokens, last)
    end_tok = acronym_end(tokens, last) or last
    name = normalise(text[tokens[first].start : tokens[last - 1].end])
    if acronym is None:
        # the unit's acronym after its parent's name: "the Brigade for the Protection of
        # Minors of the Haitian National Police (BPM)"
        acronym = acronym_of(tokens, _parent_end(analysis, last), name)
    abroad = _abroad_state(analysis, first, last, name)
    if abroad is not None:
        # "the Permanent Mission of Thailand to the United Nations": Thailand's body, keyed by
        # its name as a list of them is ("the Permanent Missions of Japan and Slovakia ...")
        return organisation_mention(
            analysis,
            first,
            end_tok,
            slugify(name),
            name,
            rule,
            GOVERNMENT,
            flags=frozenset({"abroad"}),
            country=abroad,
            acronym=acronym,
        )
    kind = guess_kind(name.split(), analysis.cues)
    flags: set[str] = set()
    label = name
    country: str | None = None
    helped = rule in {"helped-subject", "helped-object"}
    if helped and kind == "Organisation" and not _regional(name, analysis.cues):
        # "In Sierra Leone, the Legal Aid Board was assisted ...": a body of no other kind
        # that the State's work helped is the State's (keyed by it, as its ministries are)
        kind = GOVERNMENT
    if (
        kind == GOVERNMENT
        and _regional(name, analysis.cues)
        and state_part(analysis, first, last)[0] is None
    ):
        # "the Southern African Regional Police Chiefs Cooperation Organisation": police
        # chiefs of a region, no state's body ("South African Police Service" names one)
        kind = "IntergovernmentalOrganisation"
    if kind == GOVERNMENT:
        country, own_end = state_part(analysis, first, last)
        if country is None:
            country = body_country(
                text, tokens, analysis.spans, first, analysis.context, cues=analysis.cues
            )
            flags.add("generic" if country else "country-unknown")
            if sub_national(analysis, first, last):
                flags.add("sub-national")
        else:
            label = normalise(text_of(tokens, first, own_end))
        key = f"{country.lower()}-{slugify(label)}" if country else None
        if country and key == f"{country.lower()}-government":
            _, label = government(country, vocab)
    else:
        # keyed by its acronym when the acronym abbreviates its name, which then names one
        # body in every report ("Penal Reform International (PRI)"); one of a name in another
        # language is shared by bodies of many States ("CNDH": Togo's National Human Rights
        # Commission, Algeria's National Council of Human Rights), so that body is keyed by
        # its name, as a body without an acronym is
        key = slugify(acronym) if acronym and abbreviates(acronym, name) else slugify(name)
        qualified, own_end = state_part(analysis, first, last)
        if qualified is not None and own_end < last:
            country = qualified  # "... of Mauritania": the state whose body it is
    parent = _generic_parent(analysis, last)
    if parent is not None:
        # "the General Directorate of Prisons and Detention Houses of the Ministry of Justice
        # of Türkiye", "the Justice Academy of the Ministry of Justice": the unit is named with
        # its ministry, as readers name it (its key stays the unit's own, so a mention
        # without the ministry is the same body), and a ministry's unit is its State's body
        parent_label, parent_country = parent
        if kind != GOVERNMENT and parent_country is not None:
            kind, country = GOVERNMENT, parent_country
            key = f"{country.lower()}-{slugify(label)}"
        label = f"{label} of the {parent_label}"
    return organisation_mention(
        analysis,
        first,
        end_tok,
        key,
        label,
        rule,
        kind,
        flags=frozenset(flags),
        country=country,
        acronym=acronym,
    )


def _abroad_state(analysis: Analysis, first: int, last: int, name: str) -> str | None:
    """The State whose body abroad (the lexicon's ``national_bodies.abroad``: "Permanent
    Mission") the name of tokens ``[first, last)`` is, by the one country named in it."""
    folded = fold(name)
    if not any(folded.startswith(f"{body} of ") for body in analysis.cues.abroad):
        return None
    found = {e.key for _, _, e in inner(analysis, first, last, {"country"})}
    return found.pop() if len(found) == 1 else None


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
