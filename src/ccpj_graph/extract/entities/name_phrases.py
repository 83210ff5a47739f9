"""Capitalised phrases that look like the names of organisations the reference data lacks,
and where each name ends.

Why a module of its own: where a body's name stops is most of what the linker gets wrong on a
new report ("the Ministry of Gender, Children, Disability and Social Welfare" is one name,
"the Faculty of Law of the University of X" two, "the Government of Mexico and Fair Trials"
two), and each of those decisions is a small rule over the token sequence that
:func:`~ccpj_graph.extract.entities.tokens.analyse` has already matched against the
reference names (its spans are barriers and places here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ccpj_graph.extract._rules import agent
from ccpj_graph.extract.entities.cues import Cues
from ccpj_graph.extract.profile import per_profile
from ccpj_graph.extract.vocab import Token

if TYPE_CHECKING:
    from ccpj_graph.extract.entities.tokens import Span

__all__ = [
    "abbreviates",
    "acronym_at",
    "acronym_end",
    "acronym_of",
    "agent_names",
    "find_phrases",
    "is_cap",
    "own_head",
    "own_name",
]


def agent_names(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names the reporting agent or one of its offices (the profile's
    ``[agent]``): "the Office", "the Country Office in Pakistan"; not "the Office of the
    Attorney General", another body's name that opens like one of the agent's."""
    return [m.span() for m in _agent_name_pattern().finditer(text)]


@per_profile
def _agent_name_pattern() -> re.Pattern[str]:
    return re.compile(rf"{agent().name}(?!\s+(?:of|for|on)\b)")


@dataclass(frozen=True, slots=True)
class _Marked:
    """A text's tokens as the phrase finder reads them: which of them end a name (a known
    name's or the agent's: ``barrier``) and which belong to a place (``place``)."""

    tokens: list[Token]
    barrier: list[bool]
    place: list[bool]
    cues: Cues


def is_cap(token: Token) -> bool:
    return token.is_word and (token.text[0].isupper() or token.text[0].isdigit())


def find_phrases(
    tokens: list[Token],
    spans: Sequence[Span],
    cues: Cues,
    agent: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Capitalised phrases with an organisation head word, outside known organisation names.

    Countries and regions may sit inside such a phrase ("Government of Honduras"); other known
    entities end it, and so does the reporting agent's name (``agent``: its character spans;
    "the Office and His Majesty's Correctional Services" names two bodies), and "and" after a
    state ("the Government of Mexico and Fair Trials"). Publication titles ("Handbook on ...")
    are not organisations.
    """
    connectors = cues.connectors
    barrier = [any(start <= t.start < end for start, end in agent) for t in tokens]
    place = [False] * len(tokens)
    for span in spans:
        kind = span.entity.kind if span.entity else "organisation"
        for i in range(span.first, span.last):
            if kind in {"country", "region"}:
                place[i] = True
            else:
                barrier[i] = True
    marked = _Marked(tokens, barrier, place, cues)
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if barrier[i] or not is_cap(token) or token.text in cues.stop_words or token.text.isdigit():
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and not barrier[j]:
            current = tokens[j]
            joiner = current.text in {"-", "'s", "'"} and j + 1 < len(tokens)
            compound = (
                current.text == "-"
                and j + 1 < len(tokens)
                and tokens[j - 1].end == current.start
                and current.end == tokens[j + 1].start
                and tokens[j + 1].is_word
                and not barrier[j + 1]
            )
            if compound:
                j += 2  # "Portuguese-speaking": a name never ends inside a hyphenated word
            elif is_cap(current) or place[j] or joiner:
                j += 1
            elif current.folded in connectors and j + 1 < len(tokens):
                nxt = tokens[j + 1]
                if (current.folded, nxt.folded) in cues.name_breaks:
                    break
                if place[j - 1] and not place[j + 1] and current.folded == "and":
                    break  # a state ends a name: "the Government of Mexico and Fair Trials"
                if nxt.text[:1].isdigit() and not (j + 2 < len(tokens) and is_cap(tokens[j + 2])):
                    break  # a count ends it: "the Guyana Prison Service for 96 new officers"
                if is_cap(nxt) or nxt.folded in connectors:
                    j += 1
                else:
                    break
            else:
                break
        while j > i and (tokens[j - 1].folded in connectors or not tokens[j - 1].is_word):
            j -= 1
        j = _comma_named(marked, i, j)
        j = _place_named(marked, j)
        i = _listed_before(marked, i, j)
        unit = _university_unit(tokens, i, j, cues)
        if unit is not None:  # "the Faculty of Law of the University of X": two names
            found.append((i, unit[0]))
            i = unit[1]
            continue
        words = [t.folded for t in tokens[i:j] if t.is_word and t.text != "'s"]
        head = own_head(words, connectors) if words else None
        if (
            len(words) >= 2
            and set(words) & cues.org_heads
            # "Global Study on ..." is a title; "Global Alliance of ..." a body: its own head
            and (words[0] not in cues.title_first_words or head in cues.org_heads)
            and head not in cues.not_heads
        ):
            found.append((i, j))
        i = max(j, i + 1)
    return found


def _university_unit(
    tokens: list[Token], first: int, last: int, cues: Cues
) -> tuple[int, int] | None:
    """(end of the unit, start of its parent) when tokens ``[first, last)`` name a
    university's own unit and then the university ("the Faculty of Law of the University of
    the West Indies", "the Human Rights Centre of the University of Essex"), or an
    organisation's secretariat (the lexicon's ``parent_units``) and then the organisation
    ("the General Secretariat of the Central American Integration System"): two names, of
    which the parent is the one readers name (``roles.py``)."""
    for k in range(first + 1, last - 1):
        if tokens[k].folded not in cues.of_state:
            continue
        article = tokens[k + 1].folded in cues.articles
        if not article and not any(t.folded in cues.of_state for t in tokens[first + 1 : k]):
            # "of the University": "the National Law School of India University" is one
            # name; a unit with an "of" of its own is not ("the School of Statistics and
            # Planning of Makerere University")
            continue
        start = k + 2 if article else k + 1
        unit = tuple(t.folded for t in tokens[first:k])
        if _parent_unit(unit, tokens[first:k], cues) and is_cap(tokens[start]):
            return k, start  # "the (General) Secretariat of the <Organization>": its own unit
        if not any(t.folded in cues.university_units for t in tokens[first : min(k, first + 4)]):
            continue
        for h in range(start, min(last, start + 4)):
            if tokens[h].folded in cues.university_heads:
                return k, start
            if not is_cap(tokens[h]):
                break  # "Faculty of Education of the University": not yet the university
    return None


def _parent_unit(unit: tuple[str, ...], words: Sequence[Token], cues: Cues) -> bool:
    """Whether ``unit`` (folded words) is one of the lexicon's ``parent_units``, alone or
    with the place it serves ("Regional Office for Europe", "Country Office in Nigeria")."""
    if unit in cues.parent_units:
        return True
    for size in range(1, len(unit) - 1):
        if unit[:size] in cues.parent_units and unit[size] in ("for", "in"):
            return all(is_cap(t) or t.folded in cues.connectors for t in words[size + 1 :])
    return False


def _comma_named(marked: _Marked, first: int, end: int) -> int:
    """End of a name that goes on past a comma up to the acronym it defines: "the Directorate
    for Children, Adolescents and Family (DINAF)" is one body, and so is one whose state's
    name closes the list ("the Ministry of Education, Sports and Culture of Samoa"), and a
    ministry's or faculty's portfolio list that "and" closes ("the Ministry of Gender,
    Children, Disability and Social Welfare"; the lexicon's ``portfolio_bodies``). Only
    capitalised words with no head word ending an item, place or known name, and one "and",
    may stand between the comma and the acronym or state; ``end`` itself when anything else
    does."""
    tokens, barrier, place, cues = marked.tokens, marked.barrier, marked.place, marked.cues
    if end >= len(tokens) or tokens[end].text != ",":
        return end
    j, joined = end + 1, False
    while j < len(tokens) and not barrier[j] and not place[j]:
        token = tokens[j]
        if token.folded == "and" and not joined and j > end + 1:
            joined = True
        elif token.text == "," and not joined and j + 1 < len(tokens) and is_cap(tokens[j + 1]):
            pass  # "Gender, Children, Disability and Social Welfare": a longer list
        elif not is_cap(token) or token.text in cues.stop_words or _ends_in_head(tokens, j, cues):
            break
        j += 1
    closed = joined and tokens[j - 1].folded != "and"
    if closed and acronym_at(tokens, j) is not None:
        return j
    # "the Ministry of Education, Sports and Culture of Samoa": a portfolio list that its
    # state's name closes
    if closed and j + 1 < len(tokens) and tokens[j].folded in cues.state_links:
        k = j + 1
        if tokens[k].folded in cues.articles and k + 1 < len(tokens):
            k += 1
        if place[k]:
            while k < len(tokens) and place[k]:
                k += 1
            if k < len(tokens) and is_cap(tokens[k]):
                return end  # "... in Mexico City": a city, where the body met, not its state
            return k
    if closed and tokens[first].folded in cues.portfolio_bodies:
        return j  # "the Ministry of Gender, Children, Disability and Social Welfare"
    return end


def _ends_in_head(tokens: Sequence[Token], at: int, cues: Cues) -> bool:
    """Whether token ``at`` is a body's head word that ends an item of a list (a body of its
    own: "the Ministry of Justice, Supreme Court and ..."), not one inside a portfolio's words
    ("Community" of "the Ministry of Gender, Community Development and Social Welfare")."""
    if tokens[at].folded not in cues.org_heads:
        return False
    after = tokens[at + 1] if at + 1 < len(tokens) else None
    return after is None or not is_cap(after)


def _listed_before(marked: _Marked, first: int, end: int) -> int:
    """Start of a name whose first words are a list that its "and" closes: "the Family, Child
    and Youth Development Agency", "the Women, Children and Senior Citizen Service
    Directorate" (one capitalised word per item, an article before the first); ``first``
    itself when the words before it are not such a list."""
    tokens, barrier, place, cues = marked.tokens, marked.barrier, marked.place, marked.cues
    if "and" not in {t.folded for t in tokens[first:end]}:
        return first
    k = first
    while (
        k >= 3
        and tokens[k - 1].text == ","
        and is_cap(tokens[k - 2])
        and not barrier[k - 2]
        and not place[k - 2]
        and tokens[k - 2].folded not in cues.org_heads
    ):
        k -= 2
    if k < first and tokens[k - 1].folded in cues.articles:
        return k
    return first


def _place_named(marked: _Marked, end: int) -> int:
    """End of a name that goes on over "in <Place>", or "in" and capitalised words, up to the
    acronym it defines: "the Union for the Protection of Juveniles in Lebanon (UPEL)" and "the
    Secretariat against Sexual Violence, Exploitation and Trafficking in Persons (SVET)" are
    one body's names; ``end`` itself when no acronym follows."""
    tokens, place = marked.tokens, marked.place
    if end + 1 >= len(tokens) or tokens[end].folded not in marked.cues.in_state:
        return end
    j = end + 1
    while j < len(tokens) and (place[j] or is_cap(tokens[j])):
        j += 1
    return j if j > end + 1 and acronym_at(tokens, j) is not None else end


def acronym_at(tokens: Sequence[Token], at: int) -> str | None:
    """The acronym a name defines when "(ACRONYM)" stands at token ``at``, or its name in
    the body's own language and then the acronym ("the Office of the Attorney General
    (Fiscalía General del Estado, FGE)"); None otherwise."""
    end = acronym_end(tokens, at)
    return tokens[end - 2].text if end is not None else None


#: the most tokens a name in another language may take inside an acronym's parenthesis
_OWN_NAME_TOKENS = 14


def acronym_end(tokens: Sequence[Token], at: int) -> int | None:
    """The token right after the parenthesis that defines an acronym at token ``at`` (see
    :func:`acronym_at`); None when none stands there."""
    if at + 2 >= len(tokens) or tokens[at].text != "(":
        return None
    for close in range(at + 2, min(len(tokens), at + _OWN_NAME_TOKENS + 4)):
        text = tokens[close].text
        if text in {"(", ")"}:
            break
    else:
        return None
    if text != ")" or not tokens[close - 1].text.replace("-", "").isupper():
        return None
    if close == at + 2:
        return close + 1  # "(ACRONYM)"
    inner = tokens[at + 1 : close - 2]
    if tokens[close - 2].text != "," or not inner or not inner[0].text[:1].isupper():
        return None
    if any(t.text in {",", ";", ".", ":"} for t in inner):
        return None  # "(Fiscalía General del Estado, FGE)": one name, then its acronym
    return close + 1


def abbreviates(acronym: str, name: str) -> bool:
    """Whether ``acronym`` is an abbreviation of ``name``, as Schwartz and Hearst's algorithm
    reads one (2003, "A simple algorithm for identifying abbreviation definitions in
    biomedical text"): each of its letters and digits is found in the name from right to left,
    in order, the first at the start of a word ("KOICA": Korea International Cooperation
    Agency; "NALSA": National Legal Services Authority; not "CNDH" for the National Council of
    Human Rights, whose acronym is the French name's)."""
    at = len(name) - 1
    for index in range(len(acronym) - 1, -1, -1):
        char = acronym[index].lower()
        if not char.isalnum():
            continue
        while at >= 0 and (
            name[at].lower() != char or (index == 0 and at > 0 and name[at - 1].isalnum())
        ):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True


def own_name(tokens: Sequence[Token], at: int) -> str | None:
    """The name in the body's own language that an acronym's parenthesis at token ``at``
    gives before the acronym ("Police nationale du Burundi" of "(Police nationale du Burundi,
    PNB)"); None when the parenthesis holds the acronym alone or defines none."""
    end = acronym_end(tokens, at)
    if end is None or end - at <= 3:
        return None
    words = tokens[at + 1 : end - 3]
    return " ".join(t.text for t in words)


def acronym_of(tokens: Sequence[Token], at: int, name: str) -> str | None:
    """The acronym the parenthesis at token ``at`` defines for ``name``: one that abbreviates
    it or the body's own-language name given with it (not "CCES" for "the Ministry of Internal
    Affairs of Kazakhstan", whose unit named before it the acronym stands for)."""
    acronym = acronym_at(tokens, at)
    if acronym is None:
        return None
    own = own_name(tokens, at)
    return acronym if abbreviates(acronym, name) or (own and abbreviates(acronym, own)) else None


def own_head(words: Sequence[str], connectors: frozenset[str]) -> str:
    """The head noun of a name: its last word before the first connector ("programme" in
    "Joint Global Programme on Essential Services")."""
    head = words[0]
    for word in words:
        if word in connectors:
            break
        head = word
    return head
