"""Why a paragraph gave the activities it gave: ``ccpj extract explain REPORT PARA``.

For each sentence: the clauses the splitter cut, and for each clause the action it found
(verb, agent) or none. The paragraph's themes with the cues that weighed (and those that fell
short of the threshold, or stood in a list of the Office's fields and did not count). For each
activity: its evidence (the sentences), its rule and facts, and the cues of its themes.
For every name the linker found: the activities that carry it, or why none does (outside every
activity's evidence, a place people came from, a donor, inside an organisation's name, no
role cue, ...). It re-runs the extraction of the one paragraph; it changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ccpj_graph.corpus.model import Paragraph, Report
from ccpj_graph.extract._rules import agent
from ccpj_graph.extract.facts import ActivityFact
from ccpj_graph.extract.linking import Mention, default_linker
from ccpj_graph.extract.pipeline import extract_report, themed_text
from ccpj_graph.extract.segment import read_clauses
from ccpj_graph.extract.sentences import split_sentences
from ccpj_graph.extract.themes import ThemeCues, ThemeHit, ThemeReading, read_themes, theme_cues
from ccpj_graph.extract.themes import theme_hits as find_theme_hits

__all__ = ["Explanation", "explain_paragraph"]


@dataclass(slots=True)
class Explanation:
    """Lines of the explanation, in reading order, and the activities they describe."""

    report: str
    paragraph: str
    lines: list[str] = field(default_factory=list)
    activities: tuple[ActivityFact, ...] = ()

    def render(self) -> str:
        return "\n".join(self.lines) + "\n"


def _facts_of(activity: ActivityFact, mention: Mention) -> bool:
    if mention.kind == "country":
        return mention.key in activity.countries
    if mention.kind == "region":
        return mention.key in activity.regions
    if mention.kind == "organisation":
        return mention.key in {p.org for p in activity.partners}
    if mention.kind == "standard":
        return mention.key in activity.standards
    if mention.kind == "mandate":
        return mention.key in activity.mandates
    if mention.kind == "tool":
        return mention.key in {t.key for t in activity.tools}
    return False


def explain_paragraph(report: Report, number: str) -> Explanation:
    """The explanation of paragraph ``number`` of ``report``."""
    para = report.paragraph(number)
    if para is None:
        raise KeyError(number)
    out = Explanation(report.key, para.number)
    text = para.text
    out.lines.append(f"{report.key} §{para.number}  {para.section}  {para.section_title}")
    out.lines.append("")
    out.lines.append("sentences and clauses:")
    readings = read_clauses(text)
    for index, sentence in enumerate(split_sentences(text)):
        out.lines.append(f"  [{sentence.start}-{sentence.end}] {sentence.text}")
        for read in (r for r in readings if r.clause.sentence == index):
            clause = read.clause
            what = f"verb {read.verb!r}, agent {read.agent}" if read.verb else "no action"
            out.lines.append(f"    - {clause.split}: {text[clause.start : clause.end]!r} -> {what}")
    linker = default_linker()
    mentions = linker.mentions(para, report)
    cues = theme_cues(linker.theme_keys())
    themed = themed_text(para, mentions)
    hits = find_theme_hits(themed, cues)
    reading = read_themes(themed, section_title=para.section_title, cues=cues, hits=hits)
    out.lines.append("")
    out.lines.append(f"themes of the paragraph: {list(reading.themes)}")
    out.lines.extend(_theme_lines(reading, themed, para.section_title, "  "))
    listed = _listed(themed, hits, cues)
    if listed:
        cued = "; ".join(f"{h.theme} {themed[h.start : h.end]!r}" for h in listed)
        out.lines.append(f"  not counted, a list of the Office's fields: {cued}")
    activities = tuple(a for a in extract_report(report).activities if a.paragraph == para.number)
    out.activities = activities
    out.lines.append("")
    out.lines.append(f"activities: {len(activities)}")
    for a in activities:
        out.lines.append(f"  {a.key} {a.type} year {a.year} ({a.year_basis}) rule {a.rule}")
        out.lines.append(f"    evidence [{a.evidence_start}-{a.evidence_end}]: {a.quote}")
        partners = ", ".join(f"{p.org} ({p.role})" for p in a.partners)
        out.lines.append(
            f"    countries {list(a.countries)} regions {list(a.regions)} partners [{partners}]"
        )
        out.lines.append(
            f"    standards {list(a.standards)} mandates {list(a.mandates)} themes {list(a.themes)}"
        )
        if a.themes_start is not None and a.evidence_end is not None:
            own = read_themes(
                themed,
                section_title=para.section_title,
                cues=cues,
                hits=hits,
                within=[(a.themes_start, a.evidence_end)],
            )
            if a.themes_start > (a.evidence_start or 0):
                out.lines.append(f"    themes read from [{a.themes_start}-{a.evidence_end}]")
            out.lines.extend(_theme_lines(own, themed, para.section_title, "    "))
    out.lines.append("")
    out.lines.append("names and where they went:")
    for m in mentions:
        where = f"footnote {m.footnote}" if m.footnote else f"{m.start}-{m.end}"
        carried = [a.key for a in activities if _facts_of(a, m)]
        reason = ", ".join(carried) if carried else _why_not(m, para, activities)
        if m.kind == "mandate":  # the paragraph cites it, for an activity or not
            reason += f"; the paragraph mentions it (ccpj:mentionsMandate {m.key})"
        out.lines.append(f"  {m.kind} {m.key} {m.surface!r} [{where}]: {reason}")
    return out


def _theme_lines(reading: ThemeReading, text: str, heading: str, indent: str) -> list[str]:
    """One line per theme that has a cue (with its score against the threshold), then what the
    heading and the field named as a whole added."""
    lines: list[str] = []
    by_theme: dict[str, list[ThemeHit]] = {}
    for hit in reading.counted:
        by_theme.setdefault(hit.theme, []).append(hit)
    for theme, found in by_theme.items():
        score = reading.scores.get(theme, 0.0)
        verdict = "" if score >= reading.threshold else f" (under {reading.threshold:g})"
        cued = ", ".join(f"{text[h.start : h.end]!r} {h.weight:g}" for h in found)
        lines.append(f"{indent}cue {theme} {score:g}{verdict}: {cued}")
    if reading.heading_core:
        lines.append(f"{indent}heading {heading!r}: {reading.heading_core}")
    if reading.heading_others:
        lines.append(
            f"{indent}heading {heading!r}, no core theme of its own: "
            f"{', '.join(reading.heading_others)}"
        )
    if reading.field:
        lines.append(
            f"{indent}the field named as the work, no core theme of its own: "
            f"{', '.join(reading.field)}"
        )
    return lines


def _listed(text: str, hits: tuple[ThemeHit, ...], cues: ThemeCues) -> list[ThemeHit]:
    """Cues ``theme_hits`` dropped as one list of the Office's fields (``enumeration_themes``
    in ``themes.toml``): those found when the list rule is off, less those kept."""
    kept = set(hits)
    every = find_theme_hits(text, replace(cues, enumeration_themes=0))
    return sorted((h for h in every if h not in kept), key=lambda h: (h.start, h.end))


def _why_not(m: Mention, para: Paragraph, activities: tuple[ActivityFact, ...]) -> str:
    at = m.start
    if m.footnote is not None:
        at = next((n.offset for n in para.footnotes if n.mark == m.footnote), -1)
    inside = [
        a.key
        for a in activities
        if a.evidence_start is not None and a.evidence_start <= at <= (a.evidence_end or 0)
    ]
    if m.key == agent().key:
        return f"not attached: {m.surface} is the reporting agent, never its own partner"
    if not inside:
        return "not attached: outside every activity's evidence"
    if m.kind == "organisation":
        return f"not attached in {', '.join(inside)}: no role cue governs it (or it names a place)"
    if m.kind == "country":
        return (
            f"not attached in {', '.join(inside)}: a donor or host, a place people came from, "
            "a state acting on its own, or inside an organisation's name"
        )
    if m.kind == "standard" and "generic" in m.flags:
        return f"not attached in {', '.join(inside)}: a generic reference with no antecedent"
    return f"not attached in {', '.join(inside)}: outside the activity's clauses"
