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

from ccpj_graph.extract._rules import agent, load_rules, phrase_pattern
from ccpj_graph.extract.profile import per_profile
from ccpj_graph.extract.vocab import slugify

__all__ = ["NamedSpan", "RoleDecision", "assign_roles", "project_partners", "role_cues"]

#: words that join the names of a list ("UNDP, UN-Women and the ..., as well as ...")
_GLUE = frozenset(
    {"the", "a", "an", "and", "or", "as", "well", "including", "in", "particular", "such",
     "other", "its", "their", "his", "her", "with", ",", "also", "both"}
)  # fmt: skip
_SUBJECT_GLUE = re.compile(r"^(?:\s*(?:,|and|the|as well as|\x00)\s*)*$")
_DOES = re.compile(
    r"^[\s,\x00]*(?:(?:and|the)[\s\x00]+)*(?:in|to)\s+(?:(?:\w+ing)|conduct|deliver|develop|implement|organi[sz]e|establish|"
    r"finali[sz]e|carry|train|prepare|design|draft|launch|build|strengthen|provide|"
    r"(?!the\b|a\b|an\b|its\b|their\b|this\b|these\b|those\b|national\b|local\b|"
    r"international\b|regional\b)[a-z]+(?=\s+(?:the|a|an|its|their|and|[a-z]+s)\b))\b"
    r"|^[\s,\x00]*in\s+the\s+(?:development|preparation|drafting|design|implementation|"
    r"organi[sz]ation|delivery|review|revision|conduct)\s+of\b"
    # "supported the Uganda Prisons Service in the incorporation of", "is assisting the Office
    # of the Attorney General in its transition towards": the body's own work, named by a noun
    r"|^[\s,\x00]*in\s+(?:the|its|their)\s+[a-z]+(?:tion|sion|ment|ance|ence)\s+"
    r"(?:of|to|towards|into|from)\b"
)


_VENUE = re.compile(
    r"\b(?:(?:during|at|on\s+the\s+(?:margins|sidelines)\s+of|in\s+the\s+margins\s+of)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:session|sessions|meeting|meetings)\s+of\s+(?:the\s+)?"
    r"|\bon\s+the\s+(?:margins|sidelines)\s+of\s+(?:the\s+)?)$"
)
_BY = re.compile(r"\bby\s+(?:the\s+)?$")
#: between an activity's subject and its verb: "The Network (GJIN) has also continued to support"
_SUBJECT_TO_VERB = re.compile(
    r"[\s,\x00]*(?:\([^()]*\)[\s,]*)?(?:(?:also|further|then|jointly|successfully|\w+ly)\s+)*"
    r"(?:(?:has|have|had)\s+(?:also\s+)?(?:been\s+)?)?"
)
#: a passive verb: its subject received the work ("The National Police was trained")
_PASSIVE_AT = re.compile(
    r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"\w+(?:ed|en|ught|ilt|eld|ent|ade|ound|ung)\b"
)


@dataclass(frozen=True)
class _AgentPatterns:
    """The patterns that name the reporting agent (the profile's ``[agent]``)."""

    name: str  # any of its names
    stop: re.Pattern[str]  # a clause boundary, or the agent itself, ends a cue's list
    after_with: re.Pattern[str]  # "<body> in cooperation with UNODC"
    joint_with: re.Pattern[str]  # "joint <body>", "UNODC/<body>"
    by_and: re.Pattern[str]  # "by UNODC and the <body>"
    and_agent: re.Pattern[str]  # "<body> and UNODC", "<body>, with UNODC support"
    supported_subject: re.Pattern[str]  # "<body>, with the support of UNODC, launched"
    support_before: re.Pattern[str]  # "With UNODC support, the <body>"


@per_profile
def _agent_patterns() -> _AgentPatterns:
    a = agent()
    #: the agent's support named after a body: "with the support of UNODC", "with UNODC assistance"
    with_support = (
        rf"(?:with|through|thanks\s+to)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?"
        rf"(?:support|assistance|help)\s+(?:of|from|provided\s+by)\s+{a.name}"
        rf"|with\s+{a.short}(?:'s|’s)?\s+(?:[\w-]+\s+)?(?:support|assistance)"
        rf"|(?:supported|assisted)\s+by\s+{a.name}"
    )
    return _AgentPatterns(
        name=a.name,
        stop=re.compile(rf";|{a.name}|[.!?](?:\s|$)"),
        after_with=re.compile(
            r"^[\s,]*(?:in\s+(?:close\s+)?(?:cooperation|collaboration|partnership|coordination)|together|"
            rf"jointly)\s+with\s+{a.name}"
        ),
        joint_with=re.compile(rf"(?:\bjoint\s+|{a.short}\s*[/–-]\s*)$"),
        by_and=re.compile(rf"\bby\s+{a.name}\s+and\s+(?:the\s+)?$"),
        and_agent=re.compile(rf"^[\s\x00]*(?:,\s*)?(?:and\s+{a.name}|{with_support})"),
        supported_subject=re.compile(
            rf"^[\s,\x00]*(?:\([^()]*\)[\s,]*)?(?:{with_support})[\s,]*"
            r"(?:(?:also|further|then|jointly|successfully|\w+ly)\s+)?$"
        ),
        support_before=re.compile(rf"^[\s,]*(?:{with_support})\s*,\s*(?:the\s+)?$", re.IGNORECASE),
    )


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
    pattern: re.Pattern[str]
    max_gap: int


@per_profile
def role_cues() -> tuple[_Cue, ...]:
    """The compiled cue table of the profile's ``roles.toml``, in file order."""
    rules = load_rules("roles")
    default_gap = int(rules.get("max_gap_words", 14))
    return tuple(
        _Cue(
            role=entry["role"],
            strict=bool(entry.get("strict", False)),
            pattern=re.compile(phrase_pattern(entry["cues"]), re.IGNORECASE),
            max_gap=int(entry.get("max_gap_words", default_gap)),
        )
        for entry in rules["role"]
    )


def _gap_words(text: str, start: int, end: int, names: Sequence[NamedSpan]) -> list[str] | None:
    """Words between ``start`` and ``end`` that are neither names nor list glue; None when a
    clause boundary or UNODC itself stands between (the cue no longer governs)."""
    chars = list(text[start:end])
    for span in names:
        for i in range(max(span.start, start), min(span.end, end)):
            chars[i - start] = "\x00"
    gap = "".join(chars)
    if _agent_patterns().stop.search(gap):
        return None
    words = re.findall(r"[\w'’-]+|,", gap.replace("\x00", " "))
    return [w for w in words if w.lower() not in _GLUE]


def _within_name(start: int, end: int, names: Sequence[NamedSpan]) -> bool:
    """True when the cue starts inside a name ("High Commissioner *for* Human Rights"); a long
    cue may pass over a name ("partnered with ... UNODC Education for Justice ..., including
    with")."""
    return any(n.start <= start < n.end for n in names)


def _cue_role(
    text: str, span: NamedSpan, window: tuple[int, int], names: Sequence[NamedSpan]
) -> tuple[_Cue, str] | None:
    """The nearest cue before ``span`` within ``window`` that still governs it."""
    best: tuple[int, int, _Cue, str] | None = None
    clause = text[window[0] : span.start]
    for order, cue in enumerate(role_cues()):
        for match in cue.pattern.finditer(clause):
            end = window[0] + match.end()
            if end > span.start or _within_name(window[0] + match.start(), end, names):
                continue
            gap = _gap_words(text, end, span.start, names)
            if gap is None or len(gap) > cue.max_gap:
                continue
            rank = (end, -order)
            if best is None or rank > best[:2]:
                best = (end, -order, cue, match.group(0))
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
    unodc = list(re.finditer(_agent_patterns().name, head))
    if not unodc:
        return False
    first, last = unodc[0], unodc[-1]
    rel_start, rel_end = span.start - window[0], span.end - window[0]
    if rel_start >= first.end():
        between = _blank(head, first.end(), rel_start, names, window[0])
        return bool(_SUBJECT_GLUE.match(between))
    if rel_end <= last.start():
        between = _blank(head, rel_end, last.start(), names, window[0])
        return bool(re.fullmatch(r"[\s,\x00]*(?:and|as well as)\s*(?:the\s+)?", between))
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
        decision = _decide(text, span, window, verb_start, ordered)
        if decision is None and last is not None and _listed_after(text, last.span, span):
            # "... including with the Tata Institute ... in India; the University of Lisbon;
            # Qatar University": the next item of a list takes the role of the one before
            decision = RoleDecision(span, last.role, last.strict, "role:list")
        if decision is not None:
            seen.add(span.key)
            out.append(decision)
            last = decision
    return tuple(out)


_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _parent_of_unit(text: str, span: NamedSpan, names: Sequence[NamedSpan]) -> bool:
    """True for the parent named after a unit of it ("the Office for Democratic Institutions
    and Human Rights of OSCE"): the unit is the partner, its parent only qualifies the name."""
    if span.key.startswith("country:"):
        return False
    return any(
        n.end <= span.start
        and not n.key.startswith("country:")
        and _OF.fullmatch(text[n.end : span.start])
        for n in names
    )


_PARENTHESIS = re.compile(r"\([^()]*\)")
_LOCATIVE = re.compile(r"\b(?:in|of|at)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s*)+")
_LIST_LINK = re.compile(r"^[\s,;]*(?:(?:and|as well as|or)\s+)?(?:with\s+)?(?:the\s+)?$")


def _listed_after(text: str, previous: NamedSpan, span: NamedSpan) -> bool:
    """True when ``span`` is the next item of a list ``previous`` is in: only list glue, a
    parenthesis or a place ("in India") stands between them, within one sentence."""
    between = text[previous.end : span.start]
    if len(between) > 80 or re.search(r"[.!?](?:\s|$)", between):
        return False
    between = _LOCATIVE.sub(" ", _PARENTHESIS.sub(" ", between))
    return bool(_LIST_LINK.match(between))


def _decide(
    text: str,
    span: NamedSpan,
    window: tuple[int, int],
    verb_start: int,
    names: Sequence[NamedSpan],
) -> RoleDecision | None:
    after = text[span.end : window[1]]
    if _agent_patterns().after_with.match(after):
        # "The Ministry of Justice, in cooperation with UNODC, carried out ..."
        return RoleDecision(span, "co-deliverer", True, "role:with-unodc")
    if span.end <= verb_start and (
        _agent_patterns().supported_subject.match(_blank(text, span.end, verb_start, names, 0))
        or (
            _agent_patterns().support_before.match(text[window[0] : span.start])
            and _SUBJECT_TO_VERB.fullmatch(text[span.end : verb_start])
        )
    ):
        # "The Ministry of Justice, with the support of UNODC, launched ...", "With UNODC
        # support, the National Police developed ...": the body did the work UNODC supported
        return RoleDecision(span, "co-deliverer", True, "role:supported-subject")
    if _agent_patterns().joint_with.search(text[max(window[0], span.start - 12) : span.start]):
        # "a UNODC/UNICEF programme", "the UNODC-OHCHR Resource Book", "joint UNICEF/UNODC"
        return RoleDecision(span, "co-deliverer", True, "role:joint")
    before = text[max(window[0], span.start - 40) : span.start]
    if _agent_patterns().by_and.search(before) or (
        _BY.search(before) and _agent_patterns().and_agent.match(text[span.end : window[1]])
    ):
        # "a memorandum of understanding was signed by the Government of Honduras and UNODC"
        return RoleDecision(span, "co-deliverer", True, "role:by-with-unodc")
    if _VENUE.search(text[max(window[0], span.start - 60) : span.start]):
        # "co-organized events during the tenth session of the Conference of the Parties":
        # the body whose session hosted the event is where it happened, not a partner
        return None
    if (
        span.end <= verb_start
        and re.fullmatch(r"\s*(?:[Tt]he\s+)?", text[window[0] : span.start])
        and _SUBJECT_TO_VERB.fullmatch(text[span.end : verb_start])
        and not _PASSIVE_AT.match(text, verb_start)
    ):
        # "The Global Judicial Integrity Network continued to support judiciaries": a body
        # that is itself the subject of the work (UNODC's own units are excluded before)
        return RoleDecision(span, "co-deliverer", True, "role:subject")
    found = _cue_role(text, span, window, names)
    if found is not None:
        cue, words = found
        rest = _blank(text, span.end, window[1], names, 0)
        if cue.role == "other" and _DOES.match(rest):
            # "UNODC supported the National Police Service to conduct online training"
            return RoleDecision(span, "co-deliverer", True, "role:supported-to-do")
        return RoleDecision(span, cue.role, cue.strict, f"role:{cue.role}-{_slug(words)}")
    if _co_subject(text, span, window, verb_start, names):
        return RoleDecision(span, "co-deliverer", True, "role:co-subject")
    return None


def _slug(text: str) -> str:
    return slugify(text)[:40]  # the one slug of the project (extract.vocab)


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
