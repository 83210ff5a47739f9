"""Extraction end to end: a report's paragraphs -> activities with provenance.

``extract_report(report)`` segments every paragraph into activities (``segment.py``), links
the names each activity's words mention (the entity linker, through ``linking.py``), and gives
each activity its type (``types.py``), year (``years.py``), themes (``themes.py``) and partners
with their roles (``roles.py``). Every activity keeps the verbatim quote that supports it and a
rule string that says which rules fired, e.g.
``segment:place-switch/unodc/type:cue-trained/place:own``. Keys are (report, paragraph,
ordinal), so the same input gives the same facts in the same order. Each activity is put
together from its segment by :mod:`.activity`.

Grounding, by construction: an activity's *evidence* is the run of whole sentences its
clauses lie in (its quote, recorded with its offsets), and every fact it carries comes from a
mention whose position lies inside that evidence, or inside a footnote whose mark stands in
it. A fact that rests on an earlier sentence brings that sentence into the evidence: an
inherited place ("In Kenya, UNODC ... The Office also ...") or the state of a national body
named without it ("the National Police Service"). The year is explicit only when the evidence
states it; the themes are those its words (or the section heading) cue.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ccpj_graph import resources
from ccpj_graph.corpus.model import Paragraph, Report
from ccpj_graph.errors import CcpjError
from ccpj_graph.extract.activity import ReportContext, activity_of
from ccpj_graph.extract.facts import (
    ActivityFact,
    MandateFact,
    NewOrganisation,
    ParagraphFact,
)
from ccpj_graph.extract.linking import Linker, Mention, default_linker
from ccpj_graph.extract.places import (
    leading_places,
)
from ccpj_graph.extract.profile import Profile, load_profile, use_profile
from ccpj_graph.extract.roles import project_partners
from ccpj_graph.extract.sdgs import citations
from ccpj_graph.extract.segment import Segment, segment_paragraph
from ccpj_graph.extract.themes import classify_themes, theme_cues, theme_hits
from ccpj_graph.extract.years import (
    default_year,
    explicit_years,
    is_conclusion_section,
    paragraph_year,
    report_period,
    states_standing_role,
)
from ccpj_graph.mandates import numbered_year

__all__ = ["Extraction", "ExtractionError", "extract_corpus", "extract_report", "themed_text"]


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
    ctx = ReportContext(
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


def _extract_paragraph(
    para: Paragraph, ctx: ReportContext
) -> tuple[ParagraphFact, list[ActivityFact]]:
    linked = ctx.linker.mentions(para, ctx.report)
    ctx.acronyms.learn(linked)
    linked = ctx.acronyms.resolve(linked)  # "jointly with the PRM": the body defined earlier
    reused = ctx.acronyms.uses(para.text, linked, ctx.excluded_orgs)  # "the RPNGC"
    if reused:
        linked = sorted([*linked, *reused], key=lambda m: (m.footnote is not None, m.start, m.end))
    mentions = _fullest_names(_anchored(linked, para))
    masked = themed_text(para, mentions)
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
        activity, previous = activity_of(
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


def themed_text(para: Paragraph, mentions: Sequence[Mention]) -> str:
    """The paragraph's text as the theme cues read it: names of organisations blanked, since
    they say nothing of the paragraph's own theme (an instrument's name does: the Nelson
    Mandela Rules are about prisons; its cues are in the profile's ``themes.toml``)."""
    names = [(m.start, m.end) for m in mentions if m.kind == "organisation" and m.footnote is None]
    return _blank(para.text, names)


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


def _fullest_names(mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions of a new body with the paragraph's fullest description of it: "the National
    Legal Aid Services Authority (NALSA) ... organized by NALSA" mints the body with its name
    (the longest; the first of equals) and its acronym (defined, or a bare mention in capitals),
    whichever mention an activity reads it from, so its quote can show either."""
    described: dict[str, list[NewOrganisation]] = {}
    for m in mentions:
        if m.new is not None:
            described.setdefault(m.key, []).append(m.new)
    fullest: dict[str, NewOrganisation] = {}
    for key, news in described.items():
        best = max(news, key=lambda n: len(n.name))
        acronym = best.acronym or next(
            (n.acronym or n.name for n in news if n.acronym or _bare_acronym(n.name)), None
        )
        fullest[key] = replace(best, acronym=acronym) if acronym != best.acronym else best
    return [
        replace(m, new=fullest[m.key]) if m.new is not None and m.new != fullest[m.key] else m
        for m in mentions
    ]


def _bare_acronym(name: str) -> bool:
    return len(name) >= 2 and name.isupper() and name.isalpha()


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the given spans replaced by spaces (offsets kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
