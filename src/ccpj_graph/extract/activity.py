"""One activity from its segment: its partners with their roles, places, instruments,
mandates, Goals, type, themes and year, each taken from a mention inside its evidence (the
grounding rule of :mod:`.pipeline`), the evidence growing to the earlier sentence a fact rests on.

Places: an activity's countries are the states it names outside organisation names, less
donors (partners with role funder or host), less places people came from ("children who have
returned from Iraq"); a recipient government body adds its state. An activity that names no
place inherits the place of the activity before it in the same sentence, or in an earlier
sentence when its own refers back ("also", "there", "these countries"), unless its sentence
opens afresh ("At the regional level, ...").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ccpj_graph.corpus.model import Paragraph, Report
from ccpj_graph.extract._rules import grammar
from ccpj_graph.extract.acronyms import Acronyms
from ccpj_graph.extract.facts import ActivityFact, NewOrganisation, PartnerFact, ToolFact
from ccpj_graph.extract.linking import Linker, Mention
from ccpj_graph.extract.places import (
    Places,
    acting_states,
    locative,
    names_a_place,
    origin_places,
    refers_back,
    sentence_of,
)
from ccpj_graph.extract.roles import (
    NamedSpan,
    RoleDecision,
    assign_roles,
    is_government,
    shared_subjects,
)
from ccpj_graph.extract.sdgs import Citation, cited_goals
from ccpj_graph.extract.segment import Segment
from ccpj_graph.extract.themes import ThemeCues, ThemeHit, classify_themes
from ccpj_graph.extract.types import classify_type
from ccpj_graph.extract.years import Period, explicit_years

__all__ = ["ReportContext", "activity_of"]


@dataclass(slots=True)
class ReportContext:
    """What one report's extraction shares across its paragraphs."""

    report: Report
    period: Period | None
    fallback_year: int | None
    linker: Linker
    cues: ThemeCues
    excluded_orgs: frozenset[str]
    closing: frozenset[str] = frozenset()  # chapters that hold the conclusions ("VI")
    organisations: dict[str, NewOrganisation] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    acronyms: Acronyms = field(default_factory=Acronyms)  # defined so far, for bare uses


def _record(ctx: ReportContext, new: NewOrganisation) -> None:
    """Keep a new body's record: the first paragraph's, with the acronym a later one gives
    when the first gave none (the quote that shows it alone is then grounded by it)."""
    kept = ctx.organisations.get(new.key)
    if kept is None:
        ctx.organisations[new.key] = new
    elif kept.acronym is None and new.acronym is not None:
        ctx.organisations[new.key] = replace(kept, acronym=new.acronym)


def _in_scope(mention: Mention, scope: Sequence[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in scope)


def _inside(mention: Mention, spans: Sequence[Mention]) -> bool:
    return any(
        s is not mention and s.start <= mention.start and mention.end <= s.end for s in spans
    )


def activity_of(
    para: Paragraph,
    segment: Segment,
    ordinal: int,
    mentions: Sequence[Mention],
    previous: Places,
    ctx: ReportContext,
    *,
    hits: Sequence[ThemeHit],
    goal_citations: Sequence[Citation],
    frame: int = 0,
) -> tuple[ActivityFact, Places]:
    """One activity from its segment; ``hits`` are the theme cues and ``goal_citations``
    the Goal citations found in the paragraph."""
    text = para.text
    scope = segment.scope
    local = [m for m in mentions if _in_scope(m, scope)]
    cited = [m for m in local if m.kind in {"mandate", "standard"}]  # "GA resolution"
    orgs = [
        m
        for m in local
        if m.kind == "organisation" and not _inside(m, cited) and not names_a_place(text, m)
    ]
    org_named = [NamedSpan(m.key, m.start, m.end) for m in orgs]
    # a state can be a donor or host ("thanks to the contribution of the Government of Japan",
    # "organized by Germany"), never when it is where the work happened ("in Nairobi and Nepal")
    country_named = [
        NamedSpan(f"country:{m.key}", m.start, m.end)
        for m in local
        if m.kind == "country"
        and m.footnote is None
        and not _inside(m, orgs)
        and not locative(text, m)
    ]
    decisions = assign_roles(
        text,
        [*org_named, *country_named],
        scope=scope,
        verb_start=segment.verb_start,
        excluded=ctx.excluded_orgs,
    )
    if segment.rule == "coordinated-verb":
        decisions, orgs = _with_shared_subjects(text, segment, mentions, decisions, orgs, ctx)
    partners, donor_countries = _partners(decisions, orgs, local, ctx)

    start, end = segment.evidence
    countries: list[str] = []
    origins = origin_places(text, [m for m in local if m.kind == "country" and m.footnote is None])
    acting = acting_states(text, segment, local)
    for m in local:
        if m.kind != "country" or _inside(m, orgs) or m.key in donor_countries:
            continue
        if m in origins or m in acting:
            continue
        countries.append(m.key)
    partner_keys = {p.org for p in partners}
    # a national body named without its state ("the Ministry of Home Affairs") rests on the
    # sentence that names the state: that sentence joins the evidence; with none in the
    # paragraph, the body is still a partner (its name is stated) but its state is no place
    stated: set[str] = set()
    for org in orgs:
        if not org.country or "generic" not in org.flags:
            continue
        at = _antecedent("country", org.country, mentions, segment, start, end, generic=False)
        if at is not None:
            start = min(start, at)
            stated.add(org.key)

    def placed(org: Mention) -> bool:
        if "abroad" in org.flags:
            return False  # "the Permanent Missions of Japan and Slovakia": not in their States
        return bool(org.country) and ("generic" not in org.flags or org.key in stated)

    for decision in decisions:
        found = next((m for m in orgs if m.key == decision.span.key), None)
        if found is None or not placed(found):
            continue
        org = found
        if decision.role in {"other", "co-deliverer"} or (
            decision.role == "host" and not is_government(org.key)
        ):
            # a recipient, a national body working with UNODC or hosting the work: the work
            # is in its state (a funder's state is a donor, never a beneficiary)
            countries.append(str(org.country))
    # a body "from" which people came, or "at the request of" which the work was done: its
    # state benefits, the body is no partner
    listed: Mention | None = None  # the last body of a list that "from" governs
    for org in sorted(orgs, key=lambda m: m.start):
        cued = (
            bool(grammar("segment", "from_before").search(text[: org.start]))
            or bool(grammar("segment", "request_before").search(text[: org.start]))
            or (
                listed is not None
                and bool(grammar("segment", "place_list_glue").match(text[listed.end : org.start]))
            )
        )
        listed = org if cued else None
        if cued and placed(org) and org.key not in partner_keys:
            # "participants from the Ministry of ... of the United Arab Emirates and the ...
            # Sector of the Ministry of Social Solidarity of Egypt": each body's state
            countries.append(str(org.country))
    # "the Convention" rests on the sentence that names it in full: that sentence joins the
    # evidence; with no such sentence, the instrument is not the activity's
    standards: list[str] = []
    for m in local:
        if m.kind != "standard" or m.key in standards:
            continue
        if "generic" in m.flags:
            at = _antecedent("standard", m.key, mentions, segment, start, end, generic=False)
            if at is None:
                continue
            start = min(start, at)
        standards.append(m.key)
    # an instrument or resolution that the sentences before the activity name, sentences that
    # report no work of their own ("Under article 31 of the Convention against Corruption,
    # States parties are required ...; in 2019 the Conference adopted resolution 8/1 ...")
    # frames the work: the activity serves it, and those sentences join the evidence; not a
    # sentence that only says where instruments stand ("the Convention had 190 parties")
    status = grammar("segment", "status_sentence")
    framed = [
        m
        for m in mentions
        if m.kind in {"standard", "mandate"}
        and m.footnote is None
        and "generic" not in m.flags
        and frame <= m.start
        and m.end <= segment.evidence[0]
        and not status.search(text, *sentence_of(segment.sentences, m.start))
    ]
    mandates = list(dict.fromkeys(m.key for m in local if m.kind == "mandate"))
    unframed = start  # the year and themes are the work's own, not the frame's
    if framed:
        at = min(sentence_of(segment.sentences, m.start)[0] for m in framed)
        if at >= frame:
            start = min(start, at)
            for m in framed:
                (standards if m.kind == "standard" else mandates).append(m.key)
    standards = list(dict.fromkeys(standards))
    mandates = list(dict.fromkeys(mandates))
    regions = [m.key for m in local if m.kind == "region" and not _inside(m, orgs)]
    place_rule = "place:own" if countries or regions else "place:none"
    if (
        not countries
        and not regions
        and not segment.resets
        and previous
        and _may_inherit(text, segment, previous)
    ):
        countries, regions = list(previous.countries), list(previous.regions)
        place_rule = "place:inherited"
        start = min(start, previous.start)
        unframed = min(unframed, previous.start)
    heading = ctx.linker.heading_state(para.section_title)
    if not countries and not regions and heading is not None:
        # a report set out country by country: the work of the section headed "Ecuador" is
        # Ecuador's when its own sentences name no place
        countries, place_rule = [heading], "place:heading"
    # where a later activity that inherits these places must start its evidence: the sentence
    # of the first place named here, else (places from a body's state, or inherited) ours
    own_places = [m for m in local if m.kind in {"country", "region"} and m.footnote is None]
    places_start = _places_start(segment, own_places) if own_places else start

    # a Sustainable Development Goal or target its clauses cite ("Goal 16" rests on the
    # sentence that names the Goals: it joins the evidence)
    goals, start = cited_goals(text, scope, start, segment.sentences, found=goal_citations)
    type_decision = classify_type(
        segment.quote(text), verb=segment.verb, verb_offset=segment.verb_start - segment.start
    )
    themes = classify_themes(
        text, section_title=para.section_title, cues=ctx.cues, hits=hits, within=[(unframed, end)]
    )
    year, basis = _activity_year(text, (unframed, end), ctx)
    rule = f"segment:{segment.rule}/{segment.agent}/{type_decision.rule}/{place_rule}"
    activity = ActivityFact(
        report=para.report,
        paragraph=para.number,
        ordinal=ordinal,
        type=type_decision.type,
        year=year,
        year_basis=basis,
        themes=themes,
        countries=tuple(dict.fromkeys(countries)),
        regions=tuple(dict.fromkeys(regions)),
        partners=partners,
        standards=tuple(standards),
        mandates=tuple(mandates),
        tools=tuple(dict.fromkeys(ToolFact(m.key, m.surface) for m in local if m.kind == "tool")),
        quote=text[start:end],
        rule=rule,
        evidence_start=start,
        evidence_end=end,
        goals=goals,
        themes_start=unframed,
    )
    places = Places(activity.countries, activity.regions, places_start, segment.evidence[1])
    return activity, places


def _places_start(segment: Segment, local: Sequence[Mention]) -> int:
    """Start of the sentence that names the first of an activity's own places."""
    named = [m.start for m in local if m.kind in {"country", "region"}]
    return sentence_of(segment.sentences, min(named))[0] if named else segment.evidence[0]


def _may_inherit(text: str, segment: Segment, previous: Places) -> bool:
    """An activity inherits the place of the one before it inside one sentence, or when its
    own sentence refers back ("The Office also ...", "... there", "in these countries")."""
    if segment.evidence[0] < previous.sentence_end:
        return True
    own = text[segment.evidence[0] : segment.evidence[1]]
    return bool(refers_back().search(own))


def _antecedent(
    kind: str,
    key: str,
    mentions: Sequence[Mention],
    segment: Segment,
    start: int,
    end: int,
    *,
    generic: bool = True,
) -> int | None:
    """Where the evidence must start so that it names ``key`` (of ``kind``): ``start`` when it
    already does, else the start of the nearest earlier sentence that does; None when no
    sentence up to the evidence's end does (``generic``: "the Convention" counts as naming)."""
    named = [
        m.start
        for m in mentions
        if m.kind == kind
        and m.key == key
        and m.footnote is None
        and m.start < end
        and (generic or "generic" not in m.flags)
    ]
    if not named:
        return start if generic else None
    if any(start <= at for at in named):
        return start
    return sentence_of(segment.sentences, max(named))[0]


def _with_shared_subjects(
    text: str,
    segment: Segment,
    mentions: Sequence[Mention],
    decisions: tuple[RoleDecision, ...],
    orgs: list[Mention],
    ctx: ReportContext,
) -> tuple[tuple[RoleDecision, ...], list[Mention]]:
    """A coordinated verb's activity shares the co-subjects of its sentence's first verb
    ("UNODC and UNDP organized a workshop and trained 40 judges"): they are in its evidence,
    the whole sentence, though outside its clause."""
    head = [
        m
        for m in mentions
        if m.kind == "organisation"
        and m.footnote is None
        and segment.sentence_start <= m.start
        and m.end <= segment.start
        and m.key not in ctx.excluded_orgs
        and not names_a_place(text, m)
    ]
    named = [NamedSpan(m.key, m.start, m.end) for m in head]
    taken = {d.span.key for d in decisions}
    found = shared_subjects(text, named, start=segment.sentence_start, verb_start=segment.start)
    shared = [d for d in found if d.span.key not in taken]
    if not shared:
        return decisions, orgs
    keys = {d.span.key for d in shared}
    extra = [m for m in head if m.key in keys and all(o.key != m.key for o in orgs)]
    return (*decisions, *shared), [*orgs, *extra]


def _named_again(
    decision: RoleDecision, partners: Sequence[PartnerFact], ctx: ReportContext
) -> bool:
    """Whether ``decision`` is on a body ``partners`` already hold ("hosted by the Government
    of Jordan" and Jordan again in a list after it): a body plays one part in an activity."""
    key = decision.span.key
    if key.startswith("country:"):
        key = ctx.linker.government_of(key.split(":", 1)[1]).key
    return any(p.org == key for p in partners)


def _partners(
    decisions: Sequence[RoleDecision],
    orgs: Sequence[Mention],
    local: Sequence[Mention],
    ctx: ReportContext,
) -> tuple[tuple[PartnerFact, ...], set[str]]:
    """Partner facts from role decisions; countries that acted as donors or hosts become
    their governments and stop counting as beneficiaries."""
    partners: list[PartnerFact] = []
    donors: set[str] = set()
    by_key = {m.key: m for m in orgs}
    for decision in decisions:
        if partners and _named_again(decision, partners, ctx):
            continue  # one part per body and activity: the first decision on it
        key = decision.span.key
        if key.startswith("country:"):
            iso3 = key.split(":", 1)[1]
            if decision.role not in {"funder", "host"}:
                continue
            donors.add(iso3)
            new = ctx.linker.government_of(iso3)
            ctx.organisations.setdefault(new.key, new)
            surface = next(
                (m.surface for m in local if m.kind == "country" and m.key == iso3), iso3
            )
            partners.append(PartnerFact(new.key, decision.role, surface, decision.strict))
            continue
        mention = by_key.get(key)
        if mention is None:
            continue
        if is_government(key) and (
            decision.role == "other" or decision.rule == "role:supported-to-do"
        ):
            continue  # "supported the Government in reducing ...": the beneficiary, not a partner
        if mention.new is not None:
            _record(ctx, mention.new)
        if mention.country and (
            decision.role == "funder" or (decision.role == "host" and is_government(key))
        ):
            donors.add(mention.country)  # a national body hosting the work: it took place there
        partners.append(PartnerFact(key, decision.role, mention.surface, decision.strict))
    return tuple(partners), donors


def _activity_year(
    text: str, evidence: tuple[int, int], ctx: ReportContext
) -> tuple[int | None, str | None]:
    """The first year the evidence states, else the reporting period's year."""
    a, b = evidence
    own = [m.year for m in explicit_years(text, ctx.period) if a <= m.start and m.end <= b]
    if own:
        return own[0], "explicit"
    if ctx.fallback_year is None:
        return None, None
    return ctx.fallback_year, "reporting-period"
