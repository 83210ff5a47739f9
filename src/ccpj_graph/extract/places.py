"""Which places a paragraph's sentences name, and in what capacity.

Split out of the extraction pipeline because place rules are a job of their own: places set
before the first activity ("The programme in Egypt ..."), names used for a territory ("the
Gulf Cooperation Council region"), places as locatives, places people came from, and States
that act on their own (not beneficiaries). Cue lists come from ``rules/segment.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ccpj_graph.extract._rules import grammar, load_rules, phrase_pattern
from ccpj_graph.extract.linking import Mention
from ccpj_graph.extract.profile import per_profile
from ccpj_graph.extract.segment import Segment

__all__ = [
    "Places",
    "acting_states",
    "leading_places",
    "locative",
    "names_a_place",
    "origin_places",
    "refers_back",
    "sentence_of",
]


@per_profile
def _origin_cues() -> re.Pattern[str]:
    return grammar("segment", "origin_after", re.IGNORECASE)


@per_profile
def refers_back() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_rules("segment")["place_coreference"]), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Places:
    """The place an activity settled on, and where the sentence that states it starts."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    start: int = 0  # start of the first sentence that names them
    sentence_end: int = 0  # end of the last sentence of the activity that had them

    def __bool__(self) -> bool:
        return bool(self.countries or self.regions)


def leading_places(text: str, segments: Sequence[Segment], mentions: Sequence[Mention]) -> Places:
    """Places the paragraph sets before its first activity with "in": "The UNODC programme in
    Egypt focuses on ... 161 children have benefited from the reintegration programme"."""
    if not segments:
        return Places()
    first = segments[0].scope[0][0]
    before = [
        m
        for m in mentions
        if m.end <= first
        and m.footnote is None
        and m.kind in {"country", "region"}
        and grammar("segment", "in_place_before").search(text[: m.start])
    ]
    if not before:
        return Places()
    countries = tuple(dict.fromkeys(m.key for m in before if m.kind == "country"))
    regions = tuple(dict.fromkeys(m.key for m in before if m.kind == "region"))
    start = sentence_of(segments[0].sentences, before[0].start)[0]
    return Places(countries, regions, start, sentence_of(segments[0].sentences, first)[0])


def sentence_of(sentences: Sequence[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding ``offset``."""
    for start, end in sentences:
        if offset < end:
            return start, end
    return sentences[-1] if sentences else (0, 0)


def names_a_place(text: str, mention: Mention) -> bool:
    """ "the Gulf Cooperation Council region": an organisation's name used for its territory."""
    return bool(grammar("segment", "place_after").match(text[mention.end : mention.end + 30]))


def locative(text: str, mention: Mention) -> bool:
    """True when a country is named as a place: "in Nairobi and Nepal", "for Brazil"."""
    return bool(
        grammar("segment", "locative_before").search(
            text[max(0, mention.start - 60) : mention.start]
        )
    )


def origin_places(text: str, countries: Sequence[Mention]) -> set[Mention]:
    """Countries named as where people came from ("children who have returned from Iraq and
    the Syrian Arab Republic"): the cue governs the whole list after it."""
    found: set[Mention] = set()
    ordered = sorted(countries, key=lambda m: m.start)
    for i, m in enumerate(ordered):
        cued = bool(_origin_cues().search(text[max(0, m.start - 40) : m.start]))
        listed = bool(i) and ordered[i - 1] in found
        if cued or (
            listed
            and grammar("segment", "place_list_glue").match(text[ordered[i - 1].end : m.start])
        ):
            found.add(m)
    return found


@per_profile
def _state_action() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_rules("segment")["state_action_verbs"]))


@per_profile
def _credits_agent() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_rules("segment")["agent_credit"]))


def acting_states(text: str, segment: Segment, local: Sequence[Mention]) -> set[Mention]:
    """States named in a sentence that continues the activity with what States did themselves
    ("Cuba and the Netherlands became parties to all 19 instruments"), when that
    sentence does not credit UNODC ("As a result of the Office's technical assistance, ...")."""
    found: set[Mention] = set()
    own = sentence_of(segment.sentences, segment.start)
    for start, end in segment.sentences:
        if (start, end) == own or not segment.evidence[0] <= start < segment.evidence[1]:
            continue
        sentence = text[start:end]
        verb = _state_action().search(sentence)
        if verb is None or _credits_agent().search(sentence):
            continue
        # the whole sentence reports what States did themselves: its subject and the States
        # it lists beside them ("..., joining Côte d'Ivoire, the Dominican Republic and Turkey")
        found.update(
            m
            for m in local
            if m.kind == "country" and m.footnote is None and start <= m.start < end
        )
    return found
