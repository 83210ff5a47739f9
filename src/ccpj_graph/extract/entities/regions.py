"""Regions a paragraph names: UN M49 areas, the named regions of ``regions.ttl`` ("Sahel",
"Western Balkans"), and each part of a coordinated name.

Why coordinated names need their own rule: "West and Central Africa" names West Africa, but only
"Central Africa" is a name the trie can match; the direction words live in ``lexicon.toml``.
"""

from __future__ import annotations

import re

from ccpj_graph.extract.entities.mention import EntityMention, entity_mention, sorted_mentions
from ccpj_graph.extract.entities.tokens import Analysis, analyse, named
from ccpj_graph.extract.vocab import Vocabulary

__all__ = ["find_regions", "regions_in"]


def find_regions(text: str, *, vocab: Vocabulary | None = None) -> list[EntityMention]:
    """Regions named in ``text``: M49 areas and the named regions of ``regions.ttl``, including
    each part of a coordinated name ("Central, South-East and South Asia")."""
    return regions_in(analyse(text, vocab))


def regions_in(analysis: Analysis) -> list[EntityMention]:
    """:func:`find_regions` over an analysed text."""
    whole = named(analysis, "region")
    return sorted_mentions(whole + _coordinated(analysis, whole))


def _coordinated(analysis: Analysis, whole: list[EntityMention]) -> list[EntityMention]:
    """ "West and Central Africa" -> West Africa (Central Africa is matched as a name);
    "Central, South-East and South Asia" -> Central Asia and South-East Asia. A part inside a
    region's own name ("Middle East and North Africa") is no part of a coordinated name."""
    text, cues, vocab = analysis.text, analysis.cues, analysis.vocab
    mentions = []
    for match in cues.coordinated_regions.finditer(text):
        continent = match.group("continent")
        for head in re.finditer(cues.directions, match.group("heads")):
            name = f"{head.group()} {continent}"
            regions = {c.entity.key: c.entity for c in vocab.index.lookup(name)}
            entity = next(iter(regions.values())) if len(regions) == 1 else None
            if entity is None or entity.kind != "region":
                continue
            start = match.start("heads") + head.start()
            end = match.end("continent")
            if any(m.start < start < m.end for m in whole):
                continue
            mentions.append(
                entity_mention(entity, text, start, end, "coordinated-name", "coordinated")
            )
    return mentions
