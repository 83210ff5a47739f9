"""Every mention in a paragraph and its footnotes, reading each text once.

Why one entry point: the activity extractor asks, per paragraph, for all the names at once.
Tokenising the paragraph and walking the alias trie is most of the linker's work, so
:func:`find_all` builds one :class:`~ccpj_graph.extract.entities.tokens.Analysis` per text and
hands it to every finder; the public ``find_*`` functions each analyse their text themselves.
"""

from __future__ import annotations

from dataclasses import replace

from ccpj_graph.corpus.model import Footnote, Paragraph
from ccpj_graph.extract.entities.countries import countries_in
from ccpj_graph.extract.entities.cues import load_cues
from ccpj_graph.extract.entities.mandates import mandates_in
from ccpj_graph.extract.entities.mention import EntityMention, sorted_mentions
from ccpj_graph.extract.entities.organisations import organisations_in
from ccpj_graph.extract.entities.regions import regions_in
from ccpj_graph.extract.entities.standards import standards_in
from ccpj_graph.extract.entities.tokens import Analysis, analyse, vocabulary
from ccpj_graph.extract.entities.tools import tools_in
from ccpj_graph.extract.vocab import Vocabulary

__all__ = ["find_all"]


def find_all(
    paragraph: Paragraph,
    *,
    country: str | None = None,
    body: str | None = None,
    vocab: Vocabulary | None = None,
) -> list[EntityMention]:
    """Every mention in a paragraph, ordered by offset: countries (with its footnote lists),
    regions, organisations, standards, mandates and tools; then standards, mandates and tools
    cited in its footnotes (``in_footnote=True``). ``country`` (ISO3) places national bodies
    the paragraph names without a state; ``body`` (a mandate body key) is the issuer of a
    resolution cited without one."""
    vocab = vocabulary(vocab)
    cues = load_cues()
    analysis = analyse(paragraph.text, vocab, context=country, cues=cues)
    notes: dict[str, Analysis] = {}

    def note_analysis(note: Footnote) -> Analysis:
        if note.mark not in notes:
            notes[note.mark] = analyse(note.text, vocab, cues=cues)
        return notes[note.mark]

    tools = tools_in(analysis)
    organisations = organisations_in(analysis)
    mentions = [
        *_in_plural_bodies(
            countries_in(analysis, paragraph.footnotes, notes=note_analysis), organisations
        ),
        *regions_in(analysis),
        *organisations,
        *standards_in(analysis, tools),
        *mandates_in(paragraph.text, body=body, vocab=vocab, cues=cues),
        *tools,
    ]
    # a footnote can cite a resolution, a standard or a publication ("an update on the
    # implementation of Commission resolution 27/6"); its offsets index the footnote's text
    for note in paragraph.footnotes:
        read = note_analysis(note)
        note_tools = tools_in(read)
        for found in (
            *standards_in(read, note_tools),
            *mandates_in(note.text, body=body, vocab=vocab, cues=cues),
            *note_tools,
        ):
            mentions.append(replace(found, footnote=note.mark, in_footnote=True))
    return sorted_mentions(mentions)


def _in_plural_bodies(
    countries: list[EntityMention], organisations: list[EntityMention]
) -> list[EntityMention]:
    """``countries``, those a plural body's name lists flagged as inside it: "the Permanent
    Missions of Japan and Slovakia" name two States' missions, not two places the work served."""
    plural = [(m.start, m.end, m.key) for m in organisations if m.rule == "plural-body"]
    out = []
    for country in countries:
        owner = next((k for a, b, k in plural if a <= country.start and country.end <= b), None)
        if owner is not None and not country.in_footnote:
            country = replace(country.flagged("in-org-name"), inside=owner)
        out.append(country)
    return out
