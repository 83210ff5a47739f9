"""The part each organisation played in an activity, from the phrase that names it.

"jointly with", "in partnership with", "in cooperation with", "together with", "co-organized",
"in collaboration with" make an organisation a co-deliverer; "funded by", "thanks to the
contribution of" a funder; "hosted by", "launched at" a host; "under the auspices of",
"as the lead of" a network UNODC belongs to; "speakers from", "for the ..." a recipient or
other participant (``other``, not strict). A cue governs the list that follows it, so every
name in "together with UN-Women and the International Association of Women Police" is a
co-deliverer; the nearest cue before a name wins. A partner named beside UNODC as subject
("UNODC and UN-Women completed ...") is a co-deliverer, and so is a body UNODC "supported ...
to conduct" work. An organisation named with no such phrase (a session of the Commission, a
request from the Statistical Commission) is not a partner. UNODC is never its own partner.
The cue table is ``rules/roles.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ccpj_graph.extract._rules import agent, grammar, load_rules, phrase_pattern
from ccpj_graph.extract.phrases import PhraseMatcher
from ccpj_graph.extract.profile import per_profile
from ccpj_graph.extract.vocab import slugify

__all__ = [
    "NamedSpan",
    "RoleDecision",
    "assign_roles",
    "partner_cue_ends",
    "project_partners",
    "role_cues",
    "shared_subjects",
]


@dataclass(frozen=True)
class _Grammar:
    """The phrasing the role rules read (``roles.toml``: ``glue_words`` and ``[grammar]``),
    compiled once per profile; the agent's names come from ``profile.toml``."""

    name: str  # any of the agent's names
    glue: frozenset[str]  # words that join the names of a list ("UNDP, UN-Women and the ...")
    stop: re.Pattern[str]
    after_with: re.Pattern[str]
    joint_with: re.Pattern[str]
    by_and: re.Pattern[str]
    and_agent: re.Pattern[str]
    supported_subject: re.Pattern[str]
    supported_after_verb: re.Pattern[str]
    support_before: re.Pattern[str]
    subject_glue: re.Pattern[str]
    subject_glue_after: re.Pattern[str]
    does: re.Pattern[str]
    venue: re.Pattern[str]
    by: re.Pattern[str]
    subject_to_verb: re.Pattern[str]
    passive_at: re.Pattern[str]
    of: re.Pattern[str]
    of_state_tail: re.Pattern[str]
    locative: re.Pattern[str]
    list_link: re.Pattern[str]
    bare_article: re.Pattern[str]
    member_after: re.Pattern[str]
    helped_subject_before: re.Pattern[str]
    helped_passive: re.Pattern[str]
    co_subjects: re.Pattern[str]


@per_profile
def _g() -> _Grammar:
    def pattern(name: str, flags: int = 0) -> re.Pattern[str]:
        return grammar("roles", name, flags)

    return _Grammar(
        name=agent().name,
        glue=frozenset(load_rules("roles")["glue_words"]),
        stop=pattern("list_stop"),
        after_with=pattern("with_agent_after"),
        joint_with=pattern("joint_with_agent"),
        by_and=pattern("by_agent_and"),
        and_agent=pattern("and_agent_after"),
        supported_subject=pattern("supported_subject"),
        supported_after_verb=pattern("supported_after_verb"),
        support_before=pattern("support_before", re.IGNORECASE),
        subject_glue=pattern("subject_glue"),
        subject_glue_after=pattern("subject_glue_after"),
        does=pattern("to_do"),
        venue=pattern("venue"),
        by=pattern("by_before"),
        subject_to_verb=pattern("subject_to_verb"),
        passive_at=pattern("passive_at"),
        of=pattern("of_parent"),
        of_state_tail=pattern("of_state_tail"),
        locative=pattern("locative"),
        list_link=pattern("list_link"),
        member_after=pattern("member_agent_after"),
        bare_article=pattern("bare_article"),
        helped_subject_before=pattern("helped_subject_before"),
        helped_passive=pattern("helped_passive"),
        co_subjects=pattern("co_subjects"),
    )


#: the key of a state's government, minted per state
_GOVERNMENT_KEY = re.compile(r"[a-z]{3}-government")


def is_government(key: str) -> bool:
    """A state's government (``ken-government``), not a body whose name ends in "Government"
    ("Kenya School of Government", "Ministry of Local Government")."""
    return bool(_GOVERNMENT_KEY.fullmatch(key))


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """An organisation named in the paragraph text: its key and offsets."""

    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RoleDecision:
    """A partner of an activity: the named span, its role key, strictness, and the rule."""

    span: NamedSpan
    role: str
    strict: bool
    rule: str


@dataclass(frozen=True)
class _Cue:
    role: str
    strict: bool
    max_gap: int
    states_only: bool  # the role only for a state's government; other bodies take the next cue


@per_profile
def role_cues() -> tuple[_Cue, ...]:
    """The cue table of the profile's ``roles.toml``, in file order."""
    rules = load_rules("roles")
    default_gap = int(rules.get("max_gap_words", 14))
    return tuple(
        _Cue(
            role=entry["role"],
            strict=bool(entry.get("strict", False)),
            max_gap=int(entry.get("max_gap_words", default_gap)),
            states_only=bool(entry.get("states_only", False)),
        )
        for entry in rules["role"]
    )


@per_profile
def _cue_matcher() -> PhraseMatcher[int]:
    """The cues of every entry of ``roles.toml``, keyed by the entry's position."""
    return PhraseMatcher({i: entry["cues"] for i, entry in enumerate(load_rules("roles")["role"])})


#: the roles whose cues name who worked with the agent, where a body the reference data
#: lacks is minted as a new organisation
PARTNER_ROLES = frozenset({"co-deliverer", "funder", "host"})


def partner_cue_ends(text: str) -> list[int]:
    """Where each strict cue of a partner role (:data:`PARTNER_ROLES`) ends in ``text``."""
    cues = role_cues()
    return [
        m.end
        for m in _cue_matcher().find(text)
        if cues[m.group].strict and cues[m.group].role in PARTNER_ROLES
    ]


def _gap_words(
    text: str, start: int, end: int, names: Sequence[NamedSpan], agent: frozenset[str]
) -> list[str] | None:
    """Words between ``start`` and ``end`` that are neither names nor list glue; None when a
    clause boundary or UNODC itself stands between (the cue no longer governs): "Within the
    framework of the Spotlight Initiative, UNODC, UN-Women and UNFPA supported" names the
    subjects of a new clause. The agent right after the cue is the first item of its list
    instead ("cooperation between UNODC and the Department of Peacekeeping Operations")."""
    chars = list(text[start:end])
    for span in names:
        if span.key in agent and text[start : span.start].strip(" \x00").lower() not in ("", "the"):
            continue
        for i in range(max(span.start, start), min(span.end, end)):
            chars[i - start] = "\x00"
    gap = "".join(chars)
    if _g().stop.search(gap):
        return None
    words = re.findall(r"[\w'’-]+|,", gap.replace("\x00", " "))
    return [w for w in words if w.lower() not in _g().glue]


def _within_name(start: int, end: int, names: Sequence[NamedSpan]) -> bool:
    """True when the cue starts inside a name ("High Commissioner *for* Human Rights"); a long
    cue may pass over a name ("partnered with ... UNODC Education for Justice ..., including
    with")."""
    return any(n.start <= start < n.end for n in names)


def _cue_role(
    text: str,
    span: NamedSpan,
    window: tuple[int, int],
    names: Sequence[NamedSpan],
    agent: frozenset[str],
) -> tuple[_Cue, str] | None:
    """The nearest cue before ``span`` within ``window`` that still governs it."""
    best: tuple[int, int, _Cue, str] | None = None
    clause = text[window[0] : span.start]
    cues = role_cues()
    for match in _cue_matcher().find(clause):
        order, cue = match.group, cues[match.group]
        end = window[0] + match.end
        if end > span.start or _within_name(window[0] + match.start, end, names):
            continue
        if cue.states_only and not is_government(span.key):
            continue
        gap = _gap_words(text, end, span.start, names, agent)
        if gap is None or len(gap) > cue.max_gap:
            continue
        rank = (end, -order)
        if best is None or rank > best[:2]:
            best = (end, -order, cue, match.text)
    return (best[2], best[3]) if best else None


def _co_subject(
    text: str, span: NamedSpan, window: tuple[int, int], verb_start: int, names: Sequence[NamedSpan]
) -> bool:
    """True when ``span`` stands beside UNODC as subject of the activity's verb: "UNODC, UNDP,
    OHCHR and UNESCO jointly organized", "UNODC and UN-Women, in collaboration with OHCHR,
    completed", "UN-Women and UNODC strengthened"."""
    if not (window[0] <= span.start and span.end <= verb_start):
        return False
    head = text[window[0] : verb_start]
    unodc = list(re.finditer(_g().name, head))
    if not unodc:
        return False
    first, last = unodc[0], unodc[-1]
    rel_start, rel_end = span.start - window[0], span.end - window[0]
    if rel_start >= first.end():
        between = _blank(head, first.end(), rel_start, names, window[0])
        return bool(_g().subject_glue.match(between))
    if rel_end <= last.start():
        between = _blank(head, rel_end, last.start(), names, window[0])
        return bool(_g().subject_glue_after.fullmatch(between))
    return False


def _blank(text: str, start: int, end: int, names: Sequence[NamedSpan], offset: int) -> str:
    chars = list(text[start:end])
    for span in names:
        for i in range(max(span.start - offset, start), min(span.end - offset, end)):
            chars[i - start] = "\x00"
    return "".join(chars)


def assign_roles(
    text: str,
    names: Sequence[NamedSpan],
    *,
    scope: Iterable[tuple[int, int]],
    verb_start: int,
    excluded: frozenset[str] = frozenset(),
) -> tuple[RoleDecision, ...]:
    """The partners among ``names`` (organisations found in ``text``) for one activity.

    ``scope`` holds the activity's clauses; ``verb_start`` the offset of its action verb (for
    co-subjects); ``excluded`` organisation keys that are never partners (UNODC and its units).
    Decisions follow the order of the names in the text; one decision per key, the first.
    """
    windows = sorted(scope)
    ordered = sorted(names, key=lambda s: (s.start, s.end, s.key))
    seen: set[str] = set()
    out: list[RoleDecision] = []
    last: RoleDecision | None = None
    for span in ordered:
        if span.key in excluded or span.key in seen:
            continue
        window = next((w for w in windows if w[0] <= span.start and span.end <= w[1]), None)
        if window is None or _parent_of_unit(text, span, ordered):
            continue
        decision = _decide(text, span, window, verb_start, ordered, excluded)
        if decision is None and last is not None and _listed_after(text, last.span, span):
            # "... including with the Tata Institute ... in India; the University of Lisbon;
            # Qatar University": the next item of a list takes the role of the one before
            decision = RoleDecision(span, last.role, last.strict, "role:list")
        if decision is not None:
            seen.add(span.key)
            out.append(decision)
            last = decision
    return _parents_for_units(text, out, ordered)


def shared_subjects(
    text: str, names: Sequence[NamedSpan], *, start: int, verb_start: int
) -> tuple[RoleDecision, ...]:
    """The bodies beside the agent as subject at the head of a sentence, for a verb coordinated
    with the first: "UNODC and UNDP organized a workshop in Kenya and trained 40 judges" has
    UNDP train the judges too. ``start`` is where the sentence starts, ``verb_start`` where the
    coordinated verb does; a body named between them in any other way (an object, "with the
    X") is not a subject."""
    window = (start, verb_start)
    ordered = sorted(names, key=lambda s: (s.start, s.end, s.key))
    found = [
        RoleDecision(span, "co-deliverer", True, "role:co-subject")
        for span in ordered
        if _co_subject(text, span, window, verb_start, ordered)
    ]
    return _parents_for_units(text, found, ordered)


def _parents_for_units(
    text: str, decisions: Sequence[RoleDecision], names: Sequence[NamedSpan]
) -> tuple[RoleDecision, ...]:
    """``decisions`` with a unit's role given to the parent named right after it ("the
    Faculty of Law of the University of X", "the General Secretariat of the Central American
    Integration System": :func:`_unit_of_university`), one decision per body, the first."""
    out: list[RoleDecision] = []
    seen: set[str] = set()
    for decision in decisions:
        span = decision.span
        if _unit_of_university(text, span, names):
            span = next(
                n
                for n in names
                if n.start >= span.end
                and re.fullmatch(r"\s+of\s+(?:the\s+)?", text[span.end : n.start])
            )
            decision = RoleDecision(span, decision.role, decision.strict, decision.rule)
        if span.key not in seen:
            seen.add(span.key)
            out.append(decision)
    return tuple(out)


def _parent_of_unit(text: str, span: NamedSpan, names: Sequence[NamedSpan]) -> bool:
    """True for the parent named after a unit of it ("the Office for Democratic Institutions
    and Human Rights of OSCE", "the Bureau ... of the United States Department of State"): the
    unit is the partner, its parent only qualifies the name."""
    if span.key.startswith("country:") or any(
        _unit_of_university(text, n, [span]) for n in names if n.end <= span.start
    ):
        return False  # a university after its own unit is the partner
    return any(
        n.end <= span.start
        and not n.key.startswith("country:")
        and (
            _g().of.fullmatch(text[n.end : span.start])
            # "the Bureau ... of the United States Department of State": the state's name
            # ends the unit's and starts the parent's
            or (
                text[n.end : span.start].isspace()
                and _g().of_state_tail.search(text[n.start : n.end])
            )
        )
        for n in names
    )


#: a university's name as the name finder splits it off its unit (lexicon university_heads)
_UNIVERSITY = re.compile(r"(?:[A-Z][\w'’-]*\s+){0,3}University\b")


@per_profile
def _unit() -> re.Pattern[str]:
    """An organisation's own unit as the name finder splits it off (the lexicon's
    ``parent_units``, alone or with the place it serves): "the General Secretariat" of the
    Central American Integration System, "the Regional Office for Europe" of the World Health
    Organization."""
    units = load_rules("lexicon")["organisation"]["parent_units"]
    names = "|".join(r"\s+".join(re.escape(w) for w in u.split()) for u in units)
    place = r"\s+(?:for|in)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,4}"
    return re.compile(rf"(?:{names})(?:{place})?")


def _unit_of_university(text: str, span: NamedSpan, names: Sequence[NamedSpan]) -> bool:
    """True for a university's own unit with the university named right after it, which the
    name finder reads as two names (``entities/tokens.py``: "the Faculty of Law" "of the"
    "University of the West Indies"), or for an organisation's secretariat named
    before it ("the General Secretariat" "of the" "Central American Integration System"): the
    parent is the partner, not its unit."""
    unit = _unit().fullmatch(text, span.start, span.end) is not None
    return any(
        n.start >= span.end
        and (unit or bool(_UNIVERSITY.match(text, n.start)))
        and bool(re.fullmatch(r"\s+of\s+(?:the\s+)?", text[span.end : n.start]))
        for n in names
    )


_PARENTHESIS = re.compile(r"\([^()]*\)")


def _listed_after(text: str, previous: NamedSpan, span: NamedSpan) -> bool:
    """True when ``span`` is the next item of a list ``previous`` is in: only list glue, a
    parenthesis or a place ("in India") stands between them, within one sentence."""
    between = text[previous.end : span.start]
    if len(between) > 80 or re.search(r"[.!?](?:\s|$)", between):
        return False
    between = _g().locative.sub(" ", _PARENTHESIS.sub(" ", between))
    return bool(_g().list_link.match(between))


def _decide(
    text: str,
    span: NamedSpan,
    window: tuple[int, int],
    verb_start: int,
    names: Sequence[NamedSpan],
    agent: frozenset[str],
) -> RoleDecision | None:
    after = text[span.end : window[1]]
    if _g().after_with.match(after):
        # "The Ministry of Justice, in cooperation with UNODC, carried out ..."
        return RoleDecision(span, "co-deliverer", True, "role:with-agent")
    if _g().supported_after_verb.match(after):
        # "the Belize Police Department launched in January 2031, with the support of the
        # Office, a community policing pilot": the body did the work UNODC supported
        return RoleDecision(span, "co-deliverer", True, "role:supported-subject")
    if _g().member_after.match(after):
        # "the United Nations network on racial discrimination ..., of which UNODC is an
        # active member, was revitalized"
        return RoleDecision(span, "member-network", True, "role:agent-member")
    if span.end <= verb_start and (
        # the agent's own name stays: its support names it ("with the support of UNODC")
        _g().supported_subject.match(
            _blank(text, span.end, verb_start, [n for n in names if n.key not in agent], 0)
        )
        or (
            _g().support_before.match(text[window[0] : span.start])
            and _g().subject_to_verb.fullmatch(text[span.end : verb_start])
        )
    ):
        # "The Ministry of Justice, with the support of UNODC, launched ...", "With UNODC
        # support, the National Police developed ...": the body did the work UNODC supported
        return RoleDecision(span, "co-deliverer", True, "role:supported-subject")
    if (
        span.end <= verb_start
        and _g().helped_subject_before.fullmatch(_blank(text, window[0], span.start, names, 0))
        and _g().subject_to_verb.fullmatch(
            _g().co_subjects.sub("", _blank(text, span.end, verb_start, names, 0), count=1)
        )
        and _g().helped_passive.match(text, verb_start)
    ):
        # "In Morocco, the General Delegation for Prison Administration was supported in
        # establishing a unit": the body helped to do the work does it with UNODC; so does each
        # of a coordinated subject ("the Department ... of Brunei Darussalam and the General
        # Statistics Office of Viet Nam were assisted in applying ...")
        return RoleDecision(span, "co-deliverer", True, "role:helped-subject")
    if _g().joint_with.search(text[max(window[0], span.start - 12) : span.start]):
        # "a UNODC/UNICEF programme", "the UNODC-OHCHR Resource Book", "joint UNICEF/UNODC"
        return RoleDecision(span, "co-deliverer", True, "role:joint")
    before = text[max(window[0], span.start - 40) : span.start]
    if _g().by_and.search(before) or (
        _g().by.search(before) and _g().and_agent.match(text[span.end : window[1]])
    ):
        # "a memorandum of understanding was signed by the Government of Honduras and UNODC"
        return RoleDecision(span, "co-deliverer", True, "role:by-with-agent")
    if _g().venue.search(text[max(window[0], span.start - 60) : span.start]):
        # "co-organized events during the tenth session of the Conference of the Parties":
        # the body whose session hosted the event is where it happened, not a partner
        return None
    if (
        span.end <= verb_start
        and _g().bare_article.fullmatch(text[window[0] : span.start])
        and _g().subject_to_verb.fullmatch(text[span.end : verb_start])
        and not _g().passive_at.match(text, verb_start)
    ):
        # "The Global Judicial Integrity Network continued to support judiciaries": a body
        # that is itself the subject of the work (UNODC's own units are excluded before)
        return RoleDecision(span, "co-deliverer", True, "role:subject")
    found = _cue_role(text, span, window, names, agent)
    if found is not None:
        cue, words = found
        rest = _blank(text, span.end, window[1], names, 0)
        if cue.role == "other" and _g().does.match(rest):
            # "UNODC supported the National Police Service to conduct online training"
            return RoleDecision(span, "co-deliverer", True, "role:supported-to-do")
        label = slugify(words, limit=40)
        return RoleDecision(span, cue.role, cue.strict, f"role:{cue.role}-{label}")
    if _co_subject(text, span, window, verb_start, names):
        return RoleDecision(span, "co-deliverer", True, "role:co-subject")
    return None


@per_profile
def _project_reference() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_rules("segment")["project_coreference"]))


def project_partners(sentence: str, antecedent: str) -> str | None:
    """The project noun when ``sentence`` opens on the project that ``antecedent`` (the
    evidence of the activity before) names ("Under the project, ..." after "Under a joint
    project ..., UNODC and UN-Women strengthened ..."): that project's co-deliverers deliver
    this part of it too. None when it does not, or when the antecedent names no such project.
    """
    found = _project_reference().match(sentence)
    if found is None:
        return None
    noun = found.group(0).split()[-1].lower()
    return noun if re.search(rf"\b{noun}\b", antecedent, re.IGNORECASE) else None
