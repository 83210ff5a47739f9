"""Acronyms a report defines once and then uses alone.

Why: a report names a body in full once, "the Royal Papua New Guinea Constabulary (RPNGC)",
and after that writes "the RPNGC", in the same paragraph ("which the ZPCS introduced") or in
a later one. The linker reads one paragraph at a time and knows only the reference data's
acronyms, so a body the reference data lacks was lost wherever the report used its acronym
alone outside a partnership cue. :class:`Acronyms` keeps, for one report, each organisation
whose mention defines an acronym, in paragraph order, and gives later bare uses of that
acronym the same organisation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ccpj_graph.extract.linking import Mention

__all__ = ["Acronyms"]

#: "... (RPNGC)" or "... (Police nationale du Burundi, PNB)" closing a mention's surface: the
#: acronym it defines
_DEFINED = re.compile(r"\((?:[^(),;]+,\s+)?([A-Z][A-Za-z]*[A-Z](?:-[A-Z]+)?)\)$")


@dataclass
class Acronyms:
    """The acronyms one report has defined so far, each with the mention that defined it."""

    defined: dict[str, Mention] = field(default_factory=dict)

    def learn(self, mentions: Sequence[Mention]) -> None:
        """Keep the acronyms ``mentions`` define (the first definition of each stands)."""
        for mention in mentions:
            if mention.kind != "organisation" or mention.footnote is not None:
                continue
            match = _DEFINED.search(mention.surface)
            if match is not None:
                self.defined.setdefault(match[1], mention)
            elif mention.new is not None and mention.new.acronym is not None:
                # a unit's acronym given after its parent's name ("the Committee ... of the
                # Ministry of Internal Affairs of Kazakhstan (CCES)")
                self.defined.setdefault(mention.new.acronym, mention)

    def resolve(self, mentions: Sequence[Mention]) -> list[Mention]:
        """``mentions`` with each body minted from a defined acronym alone ("jointly with the
        PRM" under a partnership cue) made the body that defined it."""
        out: list[Mention] = []
        for mention in mentions:
            definition = self.defined.get(mention.surface)
            if (
                definition is not None
                and mention.kind == "organisation"
                and mention.new is not None
                and mention.footnote is None
                and mention.key != definition.key
            ):
                mention = self._use(definition, mention.start, mention.end, mention.surface)
            out.append(mention)
        return out

    @staticmethod
    def _use(definition: Mention, start: int, end: int, acronym: str) -> Mention:
        """``definition``'s body, named by its acronym alone at ``start``-``end``."""
        new = definition.new
        return replace(
            definition,
            start=start,
            end=end,
            surface=acronym,
            flags=definition.flags | {"acronym-defined-before"},
            # the body is recorded with the acronym its quote may show alone
            new=replace(new, acronym=acronym) if new is not None else None,
        )

    def uses(
        self, text: str, mentions: Sequence[Mention], excluded: frozenset[str]
    ) -> list[Mention]:
        """Bare uses in ``text`` of a defined acronym that no mention covers, as mentions of
        the organisation that defined it (``excluded``: the reporting agent's keys)."""
        taken = [(m.start, m.end) for m in mentions if m.footnote is None]
        found: list[Mention] = []
        for acronym, definition in sorted(self.defined.items()):
            if definition.key in excluded:
                continue
            for match in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
                if any(a <= match.start() < b for a, b in taken):
                    continue
                found.append(self._use(definition, match.start(), match.end(), acronym))
        return found
