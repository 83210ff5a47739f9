"""The entity linker as activity extraction sees it: :class:`Mention`, :class:`Linker`, and the
project's linker behind that interface.

Activity extraction needs, per paragraph, every name the linker found with its offsets:
countries, regions, organisations (known or newly minted), standards, mandates and tools. The
linker (``extract/entities/``) answers with its own records (:class:`~ccpj_graph.extract.
entities.EntityMention`: flags, minted keys, ontology class names); :class:`EntityLinker` turns
them into :class:`Mention` records and offers the few look-ups the pipeline needs besides (the
reporting agent's keys, the theme keys of the reference data, a state's government as an
organisation), so the pipeline depends on one small interface and tests can pass a fake linker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Protocol

from ccpj_graph.corpus.model import Paragraph, Report
from ccpj_graph.extract import entities
from ccpj_graph.extract._rules import agent
from ccpj_graph.extract.entities.cues import load_cues
from ccpj_graph.extract.entities.name_phrases import agent_names
from ccpj_graph.extract.facts import NewOrganisation
from ccpj_graph.extract.vocab import Vocabulary, load_vocabulary

__all__ = ["EntityLinker", "Linker", "Mention", "default_linker"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in a paragraph's text linked to an entity key.

    ``kind`` is country, region, organisation, standard, mandate or tool. For organisations,
    ``country`` is the ISO3 of a government body and ``new`` the record of an organisation
    the reference data does not know. A mention read in a footnote (``footnote`` set) has
    offsets into the footnote's text; it belongs to the sentence that holds the footnote's mark.
    """

    kind: str
    key: str
    start: int
    end: int
    surface: str
    country: str | None = None
    org_kind: str | None = None
    new: NewOrganisation | None = None
    footnote: str | None = None  # mark of the footnote whose text holds it (offsets index that)
    flags: frozenset[str] = frozenset()
    year: int | None = None  # a mandate's year as its citation dates it


class Linker(Protocol):
    """What activity extraction asks of the entity linker."""

    def mentions(self, paragraph: Paragraph, report: Report) -> Sequence[Mention]: ...

    def agent_keys(self) -> frozenset[str]: ...

    def theme_keys(self) -> frozenset[str] | None: ...

    def government_of(self, iso3: str) -> NewOrganisation: ...

    def heading_state(self, title: str | None) -> str | None: ...


#: ontology class of an organisation -> NewOrganisation.kind (annotation vocabulary)
_KINDS = {
    "UNEntity": "un-entity",
    "IntergovernmentalOrganisation": "intergovernmental",
    "GovernmentBody": "government-body",
    "CivilSocietyOrganisation": "ngo-civil-society",
    "AcademicInstitution": "academic",
    "PrivateSectorOrganisation": "private-sector",
}
#: mention kinds the pipeline uses
_USED = frozenset({"country", "region", "organisation", "standard", "mandate", "tool"})


class EntityLinker:
    """The project's entity linker (``entities.find_all``) behind the :class:`Linker`
    interface: its mentions turned into :class:`Mention` records, a ``NewOrganisation`` for
    every organisation the reference data lacks, and the look-ups the pipeline needs."""

    def __init__(self, vocab: Vocabulary | None = None) -> None:
        self._vocab = vocab

    @property
    def vocab(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = load_vocabulary()
        return self._vocab

    @staticmethod
    def _of_treaty_body(text: str, start: int) -> bool:
        """True when the instrument at ``start`` is named in the citation of a resolution of
        its parties' body ("resolution 10/5 of the Conference of the Parties to the ..."): work
        under that resolution serves the instrument."""
        return bool(load_cues().treaty_body.search(text[max(0, start - 160) : start]))

    def mentions(self, paragraph: Paragraph, report: Report) -> Sequence[Mention]:
        body = None
        # in a report set out country by country, a State body named without its State
        # ("the Ministry of Justice") is the State's the section heading names
        state = self.heading_state(paragraph.section_title)
        found = entities.find_all(paragraph, country=state, body=body, vocab=self.vocab)
        own = agent_names(paragraph.text)  # a body found there the reference lacks is the agent
        out: list[Mention] = []
        for m in found:
            if m.kind not in _USED or m.key is None:
                continue
            key = m.key
            if m.kind == "organisation" and not m.known and _inside(own, m.start, m.end):
                # "organized by the Regional Office": an office of the agent is the agent
                m, key = replace(m, known=True), agent().key
            if (
                m.kind in {"country", "region", "standard"}
                and "in-org-name" in m.flags
                and not (m.kind == "standard" and self._of_treaty_body(paragraph.text, m.start))
            ):
                continue  # "Thailand Institute of Justice" names no place, "Convention
                # against Torture Initiative" applies no convention
            new = None
            if m.kind == "organisation" and not m.known:
                new = NewOrganisation(
                    key=key,
                    name=m.label,
                    kind=_KINDS.get(m.org_kind or "", "other"),
                    acronym=m.acronym,
                    country=m.country,
                )
            out.append(
                Mention(
                    kind=m.kind,
                    key=key,
                    start=m.start,
                    end=m.end,
                    surface=m.label if m.kind == "tool" else m.text,
                    country=m.country,
                    org_kind=_KINDS.get(m.org_kind or ""),
                    new=new,
                    footnote=m.footnote if m.in_footnote else None,
                    flags=m.flags,
                    year=m.year,
                )
            )
        return out

    def agent_keys(self) -> frozenset[str]:
        # the reporting agent itself (the profile's [agent]), never its own partner; joint
        # centres such as "UNODC-INEGI Centre of Excellence" are organisations of their own
        return frozenset({agent().key})

    def theme_keys(self) -> frozenset[str] | None:
        keys = frozenset(e.notation or e.key for e in self.vocab.of_kind("theme"))
        return keys or None

    def heading_state(self, title: str | None) -> str | None:
        return self.vocab.heading_state(title)

    def government_of(self, iso3: str) -> NewOrganisation:
        # the linker's own key and label, so "the Government" in one paragraph and a donor
        # country in another are one organisation with one label
        key, name = entities.government(iso3, self.vocab)
        return NewOrganisation(key=key, name=name, kind="government-body", country=iso3)


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(first <= start and end <= last for first, last in spans)


@cache
def default_linker() -> Linker:
    """The project's entity linker over the shipped reference data."""
    return EntityLinker()
