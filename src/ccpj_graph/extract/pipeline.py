"""Extraction end to end: a report's paragraphs -> activities with provenance.

``extract_report(report)`` segments every paragraph into activities (``segment.py``), links
the names each activity's words mention (the entity linker, through ``linking.py``), and gives
each activity its type (``types.py``), year (``years.py``), themes (``themes.py``) and partners
with their roles (``roles.py``). Every activity keeps the verbatim quote that supports it and a
rule string that says which rules fired, e.g.
``segment:place-switch/unodc/type:cue-trained/place:own``. Keys are (report, paragraph,
ordinal), so the same input gives the same facts in the same order.

Grounding, by construction: an activity's *evidence* is the run of whole sentences its
clauses lie in (its quote, recorded with its offsets), and every fact it carries comes from a
mention whose position lies inside that evidence, or inside a footnote whose mark stands in
it. A fact that rests on an earlier sentence brings that sentence into the evidence: an
inherited place ("In Kenya, UNODC ... The Office also ...") or the state of a national body
named without it ("the National Police Service"). The year is explicit only when the evidence
states it; the themes are those its words (or the section heading) cue.

Places: an activity's countries are the states it names outside organisation names, less
donors (partners with role funder or host), less places people came from ("children who have
returned from Iraq"); a recipient government body adds its state. An activity that names no
place inherits the place of the activity before it in the same sentence, or in an earlier
sentence when its own refers back ("also", "there", "these countries"), unless its sentence
opens afresh ("At the regional level, ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ccpj_graph import resources
from ccpj_graph.corpus.model import Paragraph, Report
from ccpj_graph.errors import CcpjError
from ccpj_graph.extract._rules import grammar
from ccpj_graph.extract.facts import (
    ActivityFact,
    MandateFact,
    NewOrganisation,
    ParagraphFact,
    PartnerFact,
    ToolFact,
)
from ccpj_graph.extract.linking import Linker, Mention, default_linker
from ccpj_graph.extract.places import (
    Places,
    acting_states,
    leading_places,
    locative,
    names_a_place,
    origin_places,
    refers_back,
    sentence_of,
)
from ccpj_graph.extract.profile import Profile, load_profile, use_profile
from ccpj_graph.extract.roles import NamedSpan, RoleDecision, assign_roles, project_partners
from ccpj_graph.extract.sdgs import Citation, citations, cited_goals
from ccpj_graph.extract.segment import Segment, segment_paragraph
from ccpj_graph.extract.themes import ThemeCues, ThemeHit, classify_themes, theme_cues, theme_hits
from ccpj_graph.extract.types import classify_type
from ccpj_graph.extract.years import (
    Period,
    default_year,
    explicit_years,
    is_conclusion_section,
    paragraph_year,
    report_period,
    states_standing_role,
)
from ccpj_graph.mandates import numbered_year

__all__ = ["Extraction", "ExtractionError", "extract_corpus", "extract_report"]


class ExtractionError(CcpjError):
    """A report that should report activities yields none."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extraction found in one report, in document order."""

    report: str
    activities: tuple[ActivityFact, ...]
    paragraphs: tuple[ParagraphFact, ...]
    organisations: tuple[NewOrganisation, ...]
    warnings: tuple[str, ...] = field(default=())


@dataclass(slots=True)
class _Context:
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


def extract_report(
    report: Report,
    *,
    linker: Linker | None = None,
    require_activities: bool = False,
    profile: Profile | None = None,
) -> Extraction:
    """Activities, paragraph facts and newly named organisations of ``report``.

    The rules are those of ``profile`` (default: the one its manifest entry names, else the
    default profile). A report (not a brochure) whose text yields no activity gets a warning,
    or raises :class:`ExtractionError` when ``require_activities`` is set; it is never silently
    empty.
    """
    # the rules' files are stat-ed once for the report, not once per paragraph or activity
    with use_profile(profile or load_profile(report.meta.profile)), resources.fixed_stamps():
        return _extract(report, linker=linker, require_activities=require_activities)


def _extract(report: Report, *, linker: Linker | None, require_activities: bool) -> Extraction:
    linker = linker or default_linker()
    period = report_period(report)
    fallback = None
    if period is not None:
        dated = [m.year for p in report.paragraphs for m in explicit_years(p.text, period)]
        fallback = default_year(dated, period)
    ctx = _Context(
        report=report,
        period=period,
        fallback_year=fallback,
        linker=linker,
        cues=theme_cues(linker.theme_keys()),
        excluded_orgs=linker.agent_keys(),
        closing=_closing_chapters(report),
    )
    activities: list[ActivityFact] = []
    paragraphs: list[ParagraphFact] = []
    for para in report.paragraphs:
        fact, acts = _extract_paragraph(para, ctx)
        paragraphs.append(fact)
        activities.extend(acts)
    if not activities and report.meta.kind != "brochure":
        message = (
            f"report {report.key} ({report.meta.file_name}): no activities found in "
            f"{len(report.paragraphs)} paragraphs"
        )
        if require_activities:
            raise ExtractionError(message)
        ctx.warnings.append(message)
    organisations = tuple(ctx.organisations[k] for k in sorted(ctx.organisations))
    return Extraction(
        report=report.key,
        activities=tuple(activities),
        paragraphs=tuple(paragraphs),
        organisations=organisations,
        warnings=tuple(ctx.warnings),
    )


def _chapter(para: Paragraph) -> str:
    return para.section.split(".")[0] if para.section else ""


def _closing_chapters(report: Report) -> frozenset[str]:
    """Chapters whose heading names the conclusions: an unnumbered subheading under them
    ("Concluding observations" ... "Advancing crime prevention") is still the conclusions."""
    return frozenset(
        _chapter(p)
        for p in report.paragraphs
        if _chapter(p) and is_conclusion_section(p.section_title)
    )


def extract_corpus(
    reports: Iterable[Report], *, linker: Linker | None = None
) -> tuple[Extraction, ...]:
    """``extract_report`` over several reports, in the order given."""
    linker = linker or default_linker()
    return tuple(extract_report(r, linker=linker) for r in reports)


def _extract_paragraph(para: Paragraph, ctx: _Context) -> tuple[ParagraphFact, list[ActivityFact]]:
    mentions = _anchored(ctx.linker.mentions(para, ctx.report), para)
    # names of organisations say nothing of the paragraph's own theme (an instrument's name
    # does: the Nelson Mandela Rules are about prisons; its cues are in rules/themes.toml)
    names = [(m.start, m.end) for m in mentions if m.kind == "organisation" and m.footnote is None]
    masked = _blank(para.text, names)
    hits = theme_hits(masked, ctx.cues)
    themes = classify_themes(masked, section_title=para.section_title, cues=ctx.cues, hits=hits)
    cites_own_mandate = any(
        m.kind == "mandate" and m.key in ctx.report.meta.pursuant_to for m in mentions
    )
    closing = _chapter(para) in ctx.closing
    year, basis = paragraph_year(
        para.text,
        section_title=para.section_title,
        period=ctx.period,
        fallback=ctx.fallback_year,
        pursuant_to_cited=cites_own_mandate,
        closing=closing,
    )
    fact = ParagraphFact(
        report=para.report,
        paragraph=para.number,
        themes=themes,
        year=year,
        year_basis=basis,
        mandates=_mandate_facts(mentions),
    )
    if closing or is_conclusion_section(para.section_title):
        return fact, []
    activities: list[ActivityFact] = []
    segments = segment_paragraph(para.text)
    if not segments and states_standing_role(para.text, ctx.period):
        fact = replace(fact, year=None, year_basis=None)  # "UNODC assists Member States ..."
    previous = leading_places(para.text, segments, mentions)
    frame = 0  # where the sentences that frame the next activity start
    goal_citations = citations(para.text) if segments else []  # found once per paragraph
    for ordinal, segment in enumerate(segments, start=1):
        activity, previous = _activity(
            para,
            segment,
            ordinal,
            mentions,
            previous,
            ctx,
            hits=hits,
            goal_citations=goal_citations,
            frame=frame,
        )
        if activities:
            activity = _same_project(para.text, segment, activity, activities[-1])
        activities.append(activity)
        frame = max(frame, segment.evidence[1])
    return fact, activities


def _same_project(
    text: str, segment: Segment, activity: ActivityFact, before: ActivityFact
) -> ActivityFact:
    """An activity whose sentence opens on the project of the activity before ("Under the
    project, ...") has that project's co-deliverers; the sentences naming them join its
    evidence (``roles.project_partners``)."""
    if before.evidence_start is None or before.evidence_start >= segment.evidence[0]:
        return activity
    if not project_partners(text[segment.evidence[0] :], before.quote):
        return activity
    have = {p.org for p in activity.partners}
    carried = tuple(
        p for p in before.partners if p.role == "co-deliverer" and p.strict and p.org not in have
    )
    if not carried:
        return activity
    start = min(activity.evidence_start or 0, before.evidence_start)
    end = activity.evidence_end or segment.evidence[1]
    return replace(
        activity,
        partners=activity.partners + carried,
        quote=text[start:end],
        evidence_start=start,
        rule=activity.rule + "/partners:same-project",
    )


def _mandate_facts(mentions: Sequence[Mention]) -> tuple[MandateFact, ...]:
    """The paragraph's cited mandates, each with its year: the date its citation gives, else
    what its number tells (``ccpj_graph.mandates.numbered_year``)."""
    out: dict[str, MandateFact] = {}
    for m in mentions:
        if m.kind != "mandate":
            continue
        if m.year is not None:
            found = MandateFact(m.key, m.year, "citation-date")
        else:
            numbered = numbered_year(m.key)
            found = MandateFact(m.key, *numbered) if numbered else MandateFact(m.key, None, None)
        if m.key not in out or (out[m.key].year is None and found.year is not None):
            out[m.key] = found
    return tuple(out[k] for k in sorted(out))


def _anchored(mentions: Sequence[Mention], para: Paragraph) -> list[Mention]:
    """Mentions with paragraph offsets: one read in a footnote stands where the footnote's
    mark stands (a zero-width span), so it belongs to the sentence that points to it."""
    marks = {note.mark: note.offset for note in para.footnotes}
    out: list[Mention] = []
    for m in mentions:
        if m.footnote is None:
            out.append(m)
        elif m.footnote in marks:
            at = marks[m.footnote]
            out.append(replace(m, start=at, end=at))
    return out


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the given spans replaced by spaces (offsets kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _in_scope(mention: Mention, scope: Sequence[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in scope)


def _inside(mention: Mention, spans: Sequence[Mention]) -> bool:
    return any(
        s is not mention and s.start <= mention.start and mention.end <= s.end for s in spans
    )


def _activity(
    para: Paragraph,
    segment: Segment,
    ordinal: int,
    mentions: Sequence[Mention],
    previous: Places,
    ctx: _Context,
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
        return bool(org.country) and ("generic" not in org.flags or org.key in stated)

    for decision in decisions:
        found = next((m for m in orgs if m.key == decision.span.key), None)
        if found is None or not placed(found):
            continue
        org = found
        if decision.role in {"other", "co-deliverer"} or (
            decision.role == "host" and not _is_government(org.key)
        ):
            # a recipient, a national body working with UNODC or hosting the work: the work
            # is in its state (a funder's state is a donor, never a beneficiary)
            countries.append(str(org.country))
    listed: Mention | None = None  # the last body of a list that "from" governs
    for org in sorted(orgs, key=lambda m: m.start):
        cued = bool(grammar("segment", "from_before").search(text[: org.start])) or (
            listed is not None
            and bool(grammar("segment", "place_list_glue").match(text[listed.end : org.start]))
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


_GOVERNMENT_KEY = re.compile(r"[a-z]{3}-government")


def _is_government(key: str) -> bool:
    """A state's government (``ken-government``), not a body whose name ends in "Government"
    ("Kenya School of Government", "Ministry of Local Government")."""
    return bool(_GOVERNMENT_KEY.fullmatch(key))


def _partners(
    decisions: Sequence[RoleDecision],
    orgs: Sequence[Mention],
    local: Sequence[Mention],
    ctx: _Context,
) -> tuple[tuple[PartnerFact, ...], set[str]]:
    """Partner facts from role decisions; countries that acted as donors or hosts become
    their governments and stop counting as beneficiaries."""
    partners: list[PartnerFact] = []
    donors: set[str] = set()
    by_key = {m.key: m for m in orgs}
    for decision in decisions:
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
        if _is_government(key) and (
            decision.role == "other" or decision.rule == "role:supported-to-do"
        ):
            continue  # "supported the Government in reducing ...": the beneficiary, not a partner
        if mention.new is not None:
            ctx.organisations.setdefault(mention.new.key, mention.new)
        if mention.country and (
            decision.role == "funder" or (decision.role == "host" and _is_government(key))
        ):
            donors.add(mention.country)  # a national body hosting the work: it took place there
        partners.append(PartnerFact(key, decision.role, mention.surface, decision.strict))
    return tuple(partners), donors


def _activity_year(
    text: str, evidence: tuple[int, int], ctx: _Context
) -> tuple[int | None, str | None]:
    """The first year the evidence states, else the reporting period's year."""
    a, b = evidence
    own = [m.year for m in explicit_years(text, ctx.period) if a <= m.start and m.end <= b]
    if own:
        return own[0], "explicit"
    if ctx.fallback_year is None:
        return None, None
    return ctx.fallback_year, "reporting-period"
