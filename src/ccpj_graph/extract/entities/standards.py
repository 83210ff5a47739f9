"""Standards and conventions a paragraph names, by full name, short name or alias, and the
generic references ("the Convention") that can only mean one of them.

Why flags instead of dropping: a standard named inside an organisation's name ("Group of
Friends of the Nelson Mandela Rules") or a publication title ("... based on the Standard Minimum
Rules for the Treatment of Prisoners") is not applied by the activity; the caller decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ccpj_graph.extract.entities.mention import EntityMention, sorted_mentions
from ccpj_graph.extract.entities.tokens import Analysis, analyse, named
from ccpj_graph.extract.entities.tools import tools_in
from ccpj_graph.extract.vocab import Vocabulary

__all__ = ["find_standards", "standards_in"]


def find_standards(text: str, *, vocab: Vocabulary | None = None) -> list[EntityMention]:
    """Standards and conventions named in ``text`` by full name, short name or alias; a
    generic reference ("the Convention") when the paragraph named exactly one of that type
    before it. Names inside an organisation's name or a publication title are flagged."""
    return standards_in(analyse(text, vocab))


def standards_in(
    analysis: Analysis, tools: Sequence[EntityMention] | None = None
) -> list[EntityMention]:
    """:func:`find_standards` over an analysed text; ``tools`` are its publication titles
    (found here when not given)."""
    text = analysis.text
    mentions = named(analysis, "standard")
    titles = [
        (m.start, m.end)
        for m in (tools_in(analysis) if tools is None else tools)
        if "descriptive" not in m.flags
    ]
    mentions = [
        m.flagged("in-title") if any(a <= m.start and m.end <= b for a, b in titles) else m
        for m in mentions
    ]
    plain = [m for m in mentions if "in-org-name" not in m.flags]
    for match in analysis.cues.grammar["generic_standard"].finditer(text):
        start, end = match.span()
        if any(m.start <= start < m.end for m in mentions):
            continue
        head = match.group(1)
        earlier = {
            m.key: m
            for m in plain
            if m.end <= start and (head in m.label.split() or head in m.text.split())
        }
        if len(earlier) == 1:
            found = next(iter(earlier.values()))
            mentions.append(
                replace(
                    found,
                    text=text[start:end],
                    start=start,
                    end=end,
                    rule="generic-reference",
                    flags=frozenset({"generic"}),
                )
            )
    return sorted_mentions(mentions)
