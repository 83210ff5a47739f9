"""Adapts the entity linker (``entities.find_all``) to the interface activity extraction uses.

Why a separate adapter: the linker answers with its own mention records (flags, minted keys,
ontology class names); the activity pipeline needs plain mentions with offsets, a
``NewOrganisation`` record for every organisation the reference data lacks, and a few look-ups
(UNODC's keys, the reference theme keys, a state's government). Keeping the translation here
lets the linker and the pipeline change independently.
"""

from __future__ import annotations

from collections.abc import Sequence

from ccpj_graph.corpus.model import Paragraph, Report
from ccpj_graph.extract import entities
from ccpj_graph.extract._rules import agent
from ccpj_graph.extract.entities.cues import load_cues
from ccpj_graph.extract.facts import NewOrganisation
from ccpj_graph.extract.linking import Mention
from ccpj_graph.extract.vocab import Vocabulary, load_vocabulary

__all__ = ["EntityLinkerAdapter"]

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


class EntityLinkerAdapter:
    """The project's entity linker behind the :class:`~ccpj_graph.extract.linking.Linker`
    interface."""

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
        found = entities.find_all(paragraph, body=body, vocab=self.vocab)
        out: list[Mention] = []
        for m in found:
            if m.kind not in _USED or m.key is None:
                continue
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
                    key=m.key,
                    name=m.label,
                    kind=_KINDS.get(m.org_kind or "", "other"),
                    country=m.country,
                )
            out.append(
                Mention(
                    kind=m.kind,
                    key=m.key,
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

    def unodc_keys(self) -> frozenset[str]:
        # the reporting agent itself, never its own partner (rules/agent.toml); joint centres
        # such as "UNODC-INEGI Centre of Excellence" are organisations of their own
        return frozenset({agent().key})

    def theme_keys(self) -> frozenset[str] | None:
        keys = frozenset(e.notation or e.key for e in self.vocab.of_kind("theme"))
        return keys or None

    def government_of(self, iso3: str) -> NewOrganisation:
        # the linker's own key and label, so "the Government" in one paragraph and a donor
        # country in another are one organisation with one label
        key, name = entities.government(iso3, self.vocab)
        return NewOrganisation(key=key, name=name, kind="government-body", country=iso3)
