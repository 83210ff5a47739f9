"""How an organisation is named and classed when the text names it: a state's government
("Government of the Niger", always one label), the ontology class a new name suggests
("Foundation": civil society), and the mention minted for a new body (its key, label, kind and
state). Shared by the name finders of ``organisations.py`` and ``unheaded.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ccpj_graph.extract.entities.context import body_country
from ccpj_graph.extract.entities.cues import KIND_GROUPS, Cues
from ccpj_graph.extract.entities.mention import EntityMention
from ccpj_graph.extract.entities.state_part import state_part
from ccpj_graph.extract.entities.tokens import Analysis, org_class
from ccpj_graph.extract.vocab import Entity, Vocabulary, fold, normalise, slugify

__all__ = [
    "GOVERNMENT",
    "government",
    "government_name",
    "guess_kind",
    "new_organisation",
    "organisation_mention",
]

GOVERNMENT = "GovernmentBody"
#: a country's label in the list form of its style: "Bolivia (Plurinational State of)"
_LIST_FORM = re.compile(r"(?P<name>[^()]+?) \((?P<style>[^()]+ of(?: the)?)\)")


def government_name(country: Entity) -> str:
    """ "Government of Kenya", "Government of the Niger": with the article where the country's
    names include "the <label>"; a label in the list form "Bolivia (Plurinational State of)"
    gives its short name where the names hold it with the article ("Government of the
    Netherlands"), else the name it stands for ("Government of the Plurinational State of
    Bolivia")."""
    label = country.label
    listed = _LIST_FORM.fullmatch(label)
    if listed and f"the {listed['name']}" not in country.names:
        return f"Government of the {listed['style']} {listed['name']}"
    if listed:
        label = listed["name"]
    article = "the " if f"the {label}" in country.names else ""
    return f"Government of {article}{label}"


def government(iso3: str, vocab: Vocabulary) -> tuple[str, str]:
    """(key, label) of a state's government: ``("ken-government", "Government of Kenya")``."""
    country = vocab.get("country", iso3)
    label = government_name(country) if country is not None else f"Government of {iso3}"
    return f"{iso3.lower()}-government", label


def guess_kind(words: Sequence[str], cues: Cues) -> str:
    """The ontology class a new organisation's name suggests ("Foundation": civil society)."""
    folded = [fold(w) for w in words]
    text = " ".join(folded)
    international = any(text.startswith(w + " ") or text == w for w in cues.international)
    present = set(folded)
    for kind, group in KIND_GROUPS:
        if cues.groups[group] & present:
            if kind == GOVERNMENT and international:
                return "IntergovernmentalOrganisation"
            return kind
        if kind == GOVERNMENT and cues.groups["government_with"] & present:
            return "IntergovernmentalOrganisation" if international else kind
    return "Organisation"


def organisation_mention(
    analysis: Analysis,
    first: int,
    end_tok: int,
    key: str | None,
    label: str,
    rule: str,
    org_kind: str | None,
    *,
    flags: frozenset[str] = frozenset(),
    country: str | None = None,
    acronym: str | None = None,
) -> EntityMention:
    """The organisation mention of tokens ``[first, end_tok)``: the reference data's entry
    (label, IRI, kind) when it has ``key``, else ``label`` and ``org_kind``."""
    tokens, text = analysis.tokens, analysis.text
    known = analysis.vocab.get("organisation", key) if key else None
    start, end = tokens[first].start, tokens[end_tok - 1].end
    return EntityMention(
        kind="organisation",
        key=key,
        text=text[start:end],
        start=start,
        end=end,
        label=known.label if known else label,
        rule=rule,
        iri=known.iri if known else None,
        known=known is not None,
        flags=flags,
        org_kind=org_class(known) if known else org_kind,
        country=country,
        acronym=None if known else acronym,
    )


def new_organisation(
    analysis: Analysis, first: int, last: int, rule: str, org_kind: str | None = None
) -> EntityMention:
    """A name of tokens ``[first, last)`` the phrase finder does not take (no head word of a
    body), as an organisation: known when the reference data has its key."""
    tokens = analysis.tokens
    name = normalise(analysis.text[tokens[first].start : tokens[last - 1].end])
    kind = org_kind or guess_kind(name.split(), analysis.cues)
    if kind == GOVERNMENT:
        # a State's body names its State, or the text around it does; with none, it is
        # minted as a body of no kind rather than as a State's body of no State
        country = state_part(analysis, first, last)[0] or body_country(
            analysis.text, tokens, analysis.spans, first, analysis.context, cues=analysis.cues
        )
        if country is not None:
            key = f"{country.lower()}-{slugify(name)}"
            return organisation_mention(
                analysis, first, last, key, name, rule, kind, country=country
            )
        kind = "Organisation"
    return organisation_mention(analysis, first, last, slugify(name), name, rule, kind)
