"""Publications and tools a paragraph names; none is in the reference data, all are minted.

Why several rules: the reports name a publication as an italic or quoted title, as a Title Case
title that starts with a tool noun ("the Handbook on ..."), after "the publication" or
"entitled", or only by description ("launched an e-learning course on ..."). A quoted name is a
publication only with a publication cue ("published", "a series of briefs entitled", "a
portal"): quoted programme names ("an online “sport challenge”") and event titles are not
tools. A Title Case title runs on through connectors and the lower-case phrases of
``title_inner_phrases`` ("... Considerations based on the Standard Minimum Rules ..."), and
stops at a language ("into Spanish") or an ordinary lower-case word.
"""

from __future__ import annotations

import re

from ccpj_graph.extract.entities.context import BOUNDARY
from ccpj_graph.extract.entities.cues import Cues
from ccpj_graph.extract.entities.mention import EntityMention, sorted_mentions
from ccpj_graph.extract.entities.tokens import Analysis, analyse
from ccpj_graph.extract.sentences import sentence_start
from ccpj_graph.extract.vocab import Token, Vocabulary, fold, normalise, slugify

__all__ = ["find_tools", "tools_in"]

_ITALIC = re.compile(r"\*(?P<title>[^*\n]{3,250}?)\*")
_QUOTED = re.compile(r"[“\"](?P<title>[^”\"\n]{3,250}?)[”\"]")
#: the most specific reading of overlapping titles wins
_ORDER = {
    "italic-title": 0,
    "quoted-title": 1,
    "title-after-cue": 2,
    "title": 3,
    "described-publication": 4,
}


def find_tools(text: str, *, vocab: Vocabulary | None = None) -> list[EntityMention]:
    """Titles of publications and tools: italic titles, quoted titles with a publication cue,
    Title Case titles that start with a tool noun ("Handbook on ...", "Toolkit on ..."), titles
    after "the publication"/"entitled", and described ones ("launched an e-learning course on
    ...", flagged ``descriptive``)."""
    return tools_in(analyse(text, vocab))


def _inner_phrase(tokens: list[Token], j: int, cues: Cues) -> int:
    """Length of a lower-case phrase allowed inside a title ("based on") at ``j``, when a
    capitalised word (after at most one connector) follows it; else 0."""
    for phrase in cues.title_inner:
        end = j + len(phrase)
        if tuple(t.folded for t in tokens[j:end]) != phrase or end >= len(tokens):
            continue
        connectors = cues.title_connectors
        nxt = end + 1 if tokens[end].folded in connectors and end + 1 < len(tokens) else end
        word = tokens[nxt]
        if word.is_word and word.text[0].isupper() and word.text not in cues.title_stoppers:
            return len(phrase)
    return 0


_ARTICLES = frozenset({"a", "an", "the"})


def _title_end(tokens: list[Token], first: int, cues: Cues) -> int:
    """End (exclusive) of a Title Case title starting at ``first``."""
    stoppers = cues.title_stoppers
    j = first + 1
    while j < len(tokens):
        t = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        capitalised = t.is_word and t.text[0].isupper() and t.text not in stoppers
        hyphenated = t.is_word and tokens[j - 1].text == "-"
        numeral = t.is_word and t.text[0].isdigit()
        joiner = t.text in {"-", "'s", "'"} and nxt is not None and nxt.is_word
        if capitalised or hyphenated or numeral or joiner:
            j += 1
        elif t.text in {":", ","} and nxt is not None and nxt.is_word and nxt.text[0].isupper():
            if t.text == "," and (nxt.folded in cues.articles or nxt.text in stoppers):
                break
            j += 1
        elif t.folded in cues.title_connectors and nxt is not None:
            if (t.folded, nxt.folded) in cues.name_breaks:
                break
            after = tokens[j + 2] if j + 2 < len(tokens) else None
            if nxt.folded in _ARTICLES and after is not None and after.norm in cues.title_heads:
                break  # "the Handbook on Dynamic Security and a Guide on ...": a second title
            if nxt.text in stoppers or not (
                nxt.is_word and (nxt.text[0].isupper() or nxt.folded in cues.title_connectors)
            ):
                break
            j += 1
        elif t.text == "(":
            close = next(
                (k for k in range(j, min(j + 6, len(tokens))) if tokens[k].text == ")"), None
            )
            inside = {x.folded for x in tokens[j:close]} if close else set()
            if close and inside & cues.title_bracket_words:
                j = close + 1
            else:
                break
        elif length := _inner_phrase(tokens, j, cues):
            j += length
        else:
            break
    while j > first + 1 and (
        tokens[j - 1].folded in cues.title_connectors or tokens[j - 1].text in {",", ":", "-"}
    ):
        j -= 1
    return j


def _tool(text: str, start: int, end: int, title: str, rule: str, *flags: str) -> EntityMention:
    title = normalise(title).strip(" ,.;:")
    return EntityMention(
        kind="tool",
        key=slugify(title),
        text=text[start:end],
        start=start,
        end=end,
        label=title,
        rule=rule,
        known=False,
        flags=frozenset(flags),
    )


def _quoted(text: str, cues: Cues) -> list[EntityMention]:
    """Quoted titles after a production verb or publication noun, with a publication cue: a
    publication verb or noun in the clause before, a publication noun in the title or in the
    words right after ("“dataUNODC”, a global portal ...")."""
    mentions = []
    for match in _QUOTED.finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        # the clause before the title: its sentence (the shared splitter), after a semicolon
        own = text[max(0, match.start() - 80, sentence_start(text, match.start())) : match.start()]
        clause = re.split(r";\s", own)[-1]
        after = text[match.end() : match.end() + 50]
        near = fold(before[-60:]) + " " + fold(after)
        if not cues.quoted_cue.search(before) or cues.not_tool.search(near):
            continue
        title = match.group("title")
        evidence = (
            cues.publication_verb.search(clause)
            or cues.publication_noun.search(clause)
            or cues.publication_noun.search(title)
            or cues.publication_noun.search(re.split(r"[.;:]", after)[0])
        )
        if evidence and not cues.not_tool.search(fold(title).split()[-1]):
            mentions.append(_tool(text, match.start(), match.end(), title, "quoted-title"))
    return mentions


def _titles(analysis: Analysis) -> list[EntityMention]:
    """Title Case titles that start with a tool noun of ``title_heads``."""
    tokens, text, cues = analysis.tokens, analysis.text, analysis.cues
    mentions = []
    i = 0
    while i < len(tokens):
        head = next(
            (
                h
                for h in cues.title_heads.get(tokens[i].norm, ())
                if tuple(t.norm for t in tokens[i : i + len(h)]) == h
            ),
            None,
        )
        previous = tokens[i - 1] if i else None
        inside_name = (
            previous is not None
            and previous.is_word
            and previous.text[0].isupper()
            and not cues.grammar["title_name_lead"].fullmatch(previous.text)
            and (i < 2 or tokens[i - 2].text not in BOUNDARY)
        )
        if (
            head
            and not inside_name
            and (previous is None or previous.folded not in cues.not_title_after)
        ):
            end = _title_end(tokens, i + len(head) - 1, cues)
            if end - i > len(head):
                # "A Self-Assessment Tool for Courts": the title starts with the word the head
                # is the end of, never inside it
                lead = i
                while (
                    lead >= 2
                    and tokens[lead - 1].text in {"-", "‑"}
                    and tokens[lead - 2].is_word
                    and tokens[lead - 2].end == tokens[lead - 1].start
                    and tokens[lead - 1].end == tokens[lead].start
                ):
                    lead -= 2
                start, stop = tokens[lead].start, tokens[end - 1].end
                mentions.append(_tool(text, start, stop, text[start:stop], "title"))
                i = end
                continue
        i += 1
    for match in analysis.cues.title_after_cue.finditer(text):
        first = next((k for k, t in enumerate(tokens) if t.start >= match.end()), None)
        if first is None:
            continue
        end = _title_end(tokens, first, cues)
        if end - first >= 2:
            start, stop = tokens[first].start, tokens[end - 1].end
            mentions.append(_tool(text, start, stop, text[start:stop], "title-after-cue"))
    return mentions


def _described(analysis: Analysis) -> list[EntityMention]:
    """ "launched an e-learning course on ...": a described, untitled publication."""
    text, cues = analysis.text, analysis.cues
    countries = sorted(
        analysis.char_span(s.first, s.last)
        for s in analysis.spans
        if s.entity is not None and s.entity.kind == "country"
    )
    mentions = []
    for match in cues.described.finditer(text):
        clause = cues.grammar["title_clause_end"].split(match.group("title"))[0]
        words = clause.split()[:14]
        while words and fold(words[-1]) in cues.title_connectors:
            words.pop()
        start = match.start("title")
        end = _before_places(text, start, start + len(" ".join(words)), countries, cues)
        title = " ".join(text[start:end].split())
        mentions.append(_tool(text, start, end, title, "described-publication", "descriptive"))
    return mentions


def _before_places(
    text: str, start: int, end: int, countries: list[tuple[int, int]], cues: Cues
) -> int:
    """Where a described publication's subject ends when its last words are the countries the
    work was done in ("... counter-terrorism in Indonesia", "... in Ghana and Malawi"): before
    them (lexicon.toml ``title_place_lead``); the activity keeps the countries."""
    first = end
    for a, b in reversed(countries):
        if not start <= a < b <= first:
            continue
        gap = text[b:first]
        if b != first and not cues.grammar["title_place_glue"].match(gap):
            break
        first = a
        lead = cues.grammar["title_place_lead"].search(text[start:first])
        if lead is not None:
            return start + lead.start() if lead.start() > 0 else end
    return end


def tools_in(analysis: Analysis) -> list[EntityMention]:
    """:func:`find_tools` over an analysed text."""
    text = analysis.text
    mentions = [
        _tool(text, m.start(), m.end(), m.group("title"), "italic-title")
        for m in _ITALIC.finditer(text)
    ]
    mentions += _quoted(text, analysis.cues)
    mentions += _titles(analysis)
    mentions += _described(analysis)
    # a known standard or organisation is not a publication ("Guidelines for the Prevention of
    # Crime"), even when its name reads like a title, nor is a title that starts inside one
    # ("the United Nations Principles and Guidelines on Access to Legal Aid ..., UNODC")
    known = [
        analysis.char_span(s.first, s.last)
        for s in analysis.spans
        if s.entity is not None and s.entity.kind in {"standard", "organisation"}
    ]
    mentions = [
        m
        for m in mentions
        if not any(
            (a <= m.start and m.end <= b + 2)
            or (m.start >= a - 2 and m.end <= b)
            or a < m.start < b
            for a, b in known
        )
    ]
    kept: list[EntityMention] = []
    for mention in sorted(mentions, key=lambda m: (_ORDER[m.rule], m.start)):
        if not any(m.start < mention.end and mention.start < m.end for m in kept):
            kept.append(mention)
    return sorted_mentions(kept)
