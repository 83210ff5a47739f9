"""The adapter between activity extraction and the entity linker (``extract/entities/``).

Activity extraction needs, per paragraph, every name the linker found with its offsets:
countries, regions, organisations (known or newly minted), standards, mandates and tools. This
module turns the linker's answer into :class:`Mention` records and offers the few look-ups the
pipeline needs besides (UNODC's own keys, the theme keys of the reference data, a state's
government as an organisation), so the pipeline depends on one small interface and tests can
pass a fake linker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from ccpj_graph.corpus.model import Paragraph, Report
from ccpj_graph.extract.facts import NewOrganisation

__all__ = ["Linker", "Mention", "default_linker"]


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

    def unodc_keys(self) -> frozenset[str]: ...

    def theme_keys(self) -> frozenset[str] | None: ...

    def government_of(self, iso3: str) -> NewOrganisation: ...


@cache
def default_linker() -> Linker:
    """The project's entity linker over the shipped reference data."""
    from ccpj_graph.extract.entity_adapter import EntityLinkerAdapter

    return EntityLinkerAdapter()
