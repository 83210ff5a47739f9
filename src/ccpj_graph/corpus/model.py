"""The records the corpus stage gives to every later stage: reports made of paragraphs.

Paragraph text is normalised (de-hyphenated, one line, footnote marks taken out); quotes taken
from it by later stages are verbatim with respect to this text. A footnote keeps the offset in
the text where its mark stood, so "seven Arab States⁶" can be resolved to footnote 6's list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Footnote", "Paragraph", "Report", "ReportMeta"]


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote cited by a paragraph; ``offset`` is where its mark stood in the text."""

    mark: str
    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph, addressed by (report key, number).

    ``number`` is the document's own number as a string; ``numbered`` is False when the
    document printed none and the number was given by position (previous number + 1, or the
    block's position in an unnumbered brochure). ``section`` is like ``"IV.E"``.
    """

    report: str
    number: str
    section: str
    section_title: str
    text: str
    footnotes: tuple[Footnote, ...] = ()
    numbered: bool = True

    @property
    def key(self) -> str:
        """Stable key used in IRIs: ``<report>-<number>``."""
        return f"{self.report}-{self.number}"


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What the manifest says of a source document; ``None`` where the text does not state it."""

    key: str
    file_name: str
    title: str
    body: str
    issued: str | None = None  # ISO date, e.g. "2022-03-21"
    period_start: int | None = None
    period_end: int | None = None
    symbol: str | None = None
    pursuant_to: tuple[str, ...] = ()  # mandate keys, e.g. ("ecosoc-1992-22",)
    kind: str = "report"  # "report" | "brochure"
    profile: str | None = None  # extraction profile (data/profiles/<name>); None: the default


@dataclass(frozen=True, slots=True)
class Report:
    """A source document read into ordered paragraphs.

    ``paragraphs`` holds exactly the body paragraphs (numbered by the document, or by position
    where it printed none); the front-matter summary, when the document has one, is kept apart
    in ``summary`` (number ``"summary"``) so it never counts in the paragraph totals.
    """

    meta: ReportMeta
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)
    summary: Paragraph | None = None

    @property
    def key(self) -> str:
        return self.meta.key

    def paragraph(self, number: str) -> Paragraph | None:
        for para in self.paragraphs:
            if para.number == number:
                return para
        return None
