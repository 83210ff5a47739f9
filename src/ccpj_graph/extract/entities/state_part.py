"""Which state an organisation's name says the body belongs to, and where that qualifier
starts: "the National Commission for Human Rights of Mauritania", "the Human Rights Ombudsman
of the Republic of Slovenia", a demonym ("the Kenyan judiciary"), or a place below the state
("the Government of Antioquia", a sub-national body).
"""

from __future__ import annotations

from ccpj_graph.extract.entities.tokens import Analysis, inner

__all__ = ["qualified_by_state", "state_part", "sub_national"]


def qualified_by_state(analysis: Analysis, first: int, last: int) -> bool:
    """True when a name ends with "of (the) <Country>": a body of that state."""
    country, own_end = state_part(analysis, first, last)
    return country is not None and own_end < last


def state_part(analysis: Analysis, first: int, last: int) -> tuple[str | None, int]:
    """(ISO3, end of the body's own name) for a phrase over tokens ``[first, last)``: the one
    country named inside it, and where an "of/in (the) <Country>" qualifier starts."""
    tokens, vocab = analysis.tokens, analysis.vocab
    found = inner(analysis, first, last, {"country"})
    if found:
        if len({e.key for _, _, e in found}) != 1:
            return None, last
        a, b, entity = found[-1]
        cues = analysis.cues
        cut = a - 1 if a - 1 > first and tokens[a - 1].folded in cues.articles else a
        if b == last and cut - 1 > first and tokens[cut - 1].folded in cues.state_links:
            return entity.key, _formal_start(analysis, first, cut - 1)
        return entity.key, last
    demonym = {
        c.entity.key
        for i in range(first, last)
        for _, hits in vocab.demonyms.matches_at(tokens, i)
        for c in hits
    }
    return (demonym.pop() if len(demonym) == 1 else None), last


def _formal_start(analysis: Analysis, first: int, link: int) -> int:
    """Where the state's qualifier starts when ``link`` ("of" before the country) ends the
    state's formal name: "... Ombudsman of the Republic of Slovenia" starts at the first "of"."""
    tokens, cues = analysis.tokens, analysis.cues
    j = link
    while j - 1 > first and tokens[j - 1].folded in cues.formal_words:
        j -= 1
    if j < link and j - 1 > first and tokens[j - 1].folded in cues.articles:
        j -= 1
    if j < link and j - 1 > first and tokens[j - 1].folded in cues.state_links:
        return j - 1
    return link


def _place_name(analysis: Analysis, first: int, last: int, heads: frozenset[str]) -> str | None:
    """The place of "<Head> of (the) <Place>" when the head is in ``heads`` and the place is a
    proper name with no organisation word ("Antioquia", not "Justice Services")."""
    tokens, cues = analysis.tokens, analysis.cues
    if (
        tokens[first].folded not in heads
        or first + 2 >= last
        or tokens[first + 1].folded not in cues.of_state
    ):
        return None
    at = first + 3 if tokens[first + 2].folded in cues.articles else first + 2
    rest = [t for t in tokens[at:last] if t.is_word]
    banned = cues.org_heads | cues.groups["government_with"] | cues.connectors
    if not rest or any(t.folded in banned or not t.text[0].isupper() for t in rest):
        return None
    return " ".join(t.folded for t in rest)


def sub_national(analysis: Analysis, first: int, last: int) -> bool:
    """Whether a state body with no country in its name is a province's, department's or
    city's: a sub-national head before a place name, or an ambiguous head ("Department") whose
    place the paragraph also names with a sub-national head ("Government of Antioquia")."""
    cues = analysis.cues
    if _place_name(analysis, first, last, cues.sub_national) is not None:
        return True
    place = _place_name(analysis, first, last, cues.sub_national_ambiguous)
    if place is None:
        return False
    return any(_place_name(analysis, a, b, cues.sub_national) == place for a, b in analysis.phrases)
