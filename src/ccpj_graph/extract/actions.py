"""Which action a clause reports, and whose it is: the reporting agent's, a passive of work,
another actor's, or none.

``segment.py`` cuts a paragraph into clauses and asks this module, clause by clause, for the
action verb and its agent: an action verb with the agent as its nearest subject ("UNODC",
"the Office", "it", a UNODC programme), a passive of work ("16 online events were held",
"... received training") that no one else is named as doing, or a sentence whose subject is
the agent whatever its verb. The phrasing lives in the profile's ``segment.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ccpj_graph.extract._rules import agent as reporting_agent
from ccpj_graph.extract._rules import grammar, load_rules, phrase_pattern
from ccpj_graph.extract.profile import per_profile

if TYPE_CHECKING:
    from ccpj_graph.extract.segment import Clause

__all__ = ["Action", "Patterns", "agent_key", "find_action", "patterns", "subject_action"]


def agent_key() -> str:
    """The label of a clause whose subject is the reporting agent: its organisation key (so a
    rule reads ``segment:sentence/unodc/...`` for UNODC's reports)."""
    return reporting_agent().key


@dataclass(frozen=True, slots=True)
class Action:
    verb: str
    start: int
    agent: str  # the agent's key (unodc) | passive | other | none


@dataclass(frozen=True)
class Patterns:
    verb: re.Pattern[str]
    passive: re.Pattern[str]
    progressive: re.Pattern[str]
    continued: re.Pattern[str]
    agent_subject: re.Pattern[str]
    other: re.Pattern[str]
    report_voice: re.Pattern[str]
    frame_opening: re.Pattern[str]
    resets: re.Pattern[str]
    place_frame: re.Pattern[str]
    coordinated: re.Pattern[str]
    new_subject: re.Pattern[str]
    passive_subject: re.Pattern[str]
    verbs: frozenset[str]
    adjectival: re.Pattern[str]
    passive_subject_nouns: re.Pattern[str]
    work_means: re.Pattern[str]  # the work a passive clause names after "through"
    result_subjects: re.Pattern[str]  # what the work found, made known at an event
    invited: re.Pattern[str]
    irregular: dict[str, str]
    subject_verb: re.Pattern[str]
    not_actions: frozenset[str]
    nominal: re.Pattern[str]
    not_split_after: frozenset[str]
    membership: re.Pattern[str]
    partners_listed: re.Pattern[str]
    enumerated: re.Pattern[str]
    programme_held: re.Pattern[str]
    present: re.Pattern[str]
    serviced: re.Pattern[str]
    progressive_only: frozenset[str]


@per_profile
def patterns() -> Patterns:
    rules = load_rules("segment")
    verbs = [v for v in rules["action_verbs"] if " and " not in v]
    verb_alt = phrase_pattern(verbs)

    def pattern(name: str, flags: int = 0) -> re.Pattern[str]:
        return grammar("segment", name, flags, verbs=verb_alt)

    return Patterns(
        verb=re.compile(verb_alt, re.IGNORECASE),
        passive=pattern("passive", re.IGNORECASE),
        progressive=pattern("progressive", re.IGNORECASE),
        continued=pattern("continued", re.IGNORECASE),
        # its names and offices (profile.toml) are subjects of its own, whatever the list says
        agent_subject=re.compile(
            f"{phrase_pattern(rules['agent_subjects'])}|{reporting_agent().name}"
        ),
        other=re.compile(phrase_pattern(rules["other_agents"])),
        report_voice=re.compile(phrase_pattern(rules["report_voice"])),
        frame_opening=pattern("frame_opening"),
        resets=re.compile("|".join(p.strip("/") for p in rules["scope_resets"])),
        place_frame=re.compile(rules["place_frame"].strip("/")),
        coordinated=pattern("coordinated", re.IGNORECASE),
        new_subject=pattern("new_subject"),
        passive_subject=pattern("passive_subject"),
        verbs=frozenset(v.lower() for v in verbs),
        adjectival=re.compile(r"\s+(?:" + "|".join(rules["adjectival_after"]) + r")\b"),
        passive_subject_nouns=re.compile(phrase_pattern(rules["passive_subjects"]), re.IGNORECASE),
        work_means=re.compile(phrase_pattern(rules["work_means"]), re.IGNORECASE),
        result_subjects=re.compile(phrase_pattern(rules["result_subjects"]), re.IGNORECASE),
        invited=pattern("invited"),
        irregular=dict(rules["irregular_past"]),
        subject_verb=pattern("subject_verb"),
        not_actions=frozenset(v.lower() for v in rules["not_actions"]),
        nominal=pattern("nominal", re.IGNORECASE),
        not_split_after=frozenset(rules["not_split_after"]),
        membership=pattern("membership"),
        partners_listed=pattern("partners_listed"),
        enumerated=pattern("enumerated"),
        programme_held=pattern("programme_held"),
        present=pattern("present"),
        serviced=pattern("serviced_meeting"),
        progressive_only=frozenset(v.lower() for v in rules["progressive_only"]),
    )


def _base_to_past(base: str, pats: Patterns) -> str | None:
    """The action verb a base form names: "support" -> "supported", "build" -> "built";
    None when it names none ("continued to receive requests")."""
    base = base.lower()
    forms = (pats.irregular.get(base, ""), base + "ed", base + "d", base[:-1] + "ied")
    return next((form for form in forms if form in pats.verbs), None)


def _ing_to_past(stem: str, pats: Patterns) -> str | None:
    """The action verb a progressive names: "develop(ing)" -> "developed", "financ(ing)" ->
    "financed", "plann(ing)" -> "planned"; None when it names none."""
    stem = stem.lower()
    doubled = stem[:-1] + "ed" if len(stem) > 3 and stem[-1] == stem[-2] else ""
    forms = (stem + "ed", stem + "d", doubled)
    known = pats.verbs | pats.progressive_only
    return next((form for form in forms if form and form in known), None)


#: other actors' words that are pronouns: a preposition before them ("in which the Council")
#: does not make them objects, and one with a comma after it before the verb is not its subject
#: ("In that regard, a set of indicators was developed")
_PRONOUNS = frozenset({"which", "who", "that", "they"})


def _agent(text: str, clause_start: int, verb_start: int, *, inherited: str | None) -> str:
    """Whose verb: the nearest subject-like phrase before it in the clause."""
    pats = patterns()
    window = text[clause_start:verb_start]
    best: tuple[int, str] | None = None
    name_tail = grammar("segment", "name_tail_before")
    object_before = grammar("segment", "object_before")
    for kind, pattern in ((agent_key(), pats.agent_subject), ("other", pats.other)):
        for match in pattern.finditer(window):
            if kind == "other" and name_tail.search(window[: match.start()]):
                continue  # "the League of Arab States": the end of a body's name
            if kind == "other" and match.group(0).lower() in _PRONOUNS:
                if "," in window[match.end() :]:
                    continue  # "In that regard, a tool was developed": no subject of the verb
            elif kind == "other" and object_before.search(window[: match.start()]):
                continue  # "a project in eight countries was implemented": no subject
            if (
                best is None
                or match.end() > best[0]
                or (match.end() == best[0] and kind == "other")
            ):
                best = (match.end(), kind)
    if best is None:
        return inherited or "none"
    if best[1] == "other" and _co_subject_pattern().search(window):
        # "UNODC and the Government of Indonesia worked to ...": UNODC shares the verb
        return agent_key()
    return best[1]


@per_profile
def _co_subject_pattern() -> re.Pattern[str]:
    """UNODC first of a coordinated subject that runs up to the verb: "UNODC and the
    Government of Indonesia ", "The Office and the National Police "."""
    return grammar("segment", "co_subject")


def find_action(text: str, clause: Clause, *, inherited: str | None) -> Action | None:
    """The clause's first action verb with its agent, or its passive action, or None."""
    pats = patterns()
    segment = text[clause.start : clause.end]
    candidates: list[Action] = []
    for match in pats.verb.finditer(segment):
        verb = match.group(0).lower()
        before = segment[: match.start()]
        if grammar("segment", "aux_passive_before").search(before):
            continue  # passive: handled below
        if grammar("segment", "not_done_before").search(before):
            continue  # infinitive, modal or reported past: not a report of something done
        if grammar("segment", "determiner_before").search(before):
            continue  # "the increased demand": a participle used as an adjective
        if pats.adjectival.match(segment[match.end() :]):
            continue  # "organized crime", "developed countries"
        start = clause.start + match.start()
        after = segment[match.start() :]
        if grammar("segment", "with_agent_after_verb").match(after) or grammar(
            "segment", "by_agent_after_verb"
        ).match(after):
            # "The Legal Aid Bureau of Malawi partnered with UNODC to deploy paralegals": the
            # body's work with the agent is the agent's; so is "a programme implemented by UNODC"
            candidates.append(Action(verb, start, agent_key()))
            continue
        whose = _agent(text, clause.start, start, inherited=inherited)
        if whose != agent_key() and grammar("segment", "support_after_verb").match(after):
            whose = agent_key()  # "the Police launched in 2031, with the support of UNODC, ..."
        candidates.append(Action(verb, start, whose))
    # "continued to support" and "is developing" name an action verb by another form
    # "The programme in Jordan builds ...": a present verb after its programme subject
    derived = (
        (pats.continued, "base", _base_to_past, False),
        (pats.progressive, "stem", _ing_to_past, False),
        (pats.present, "stem", _base_to_past, True),
    )
    for pattern, group, to_past, at_verb in derived:
        for match in pattern.finditer(segment):
            past = to_past(match.group(group), pats)
            if past:
                start = clause.start + (match.start(group) if at_verb else match.start())
                candidates.append(
                    Action(past, start, _agent(text, clause.start, start, inherited=inherited))
                )
    candidates.sort(key=lambda a: a.start)
    invited = pats.invited.search(segment)
    mandated = invited is not None and bool(
        grammar("segment", "mandate_request_before").search(segment[: invited.start()])
    )
    if invited and mandated:
        # "the Council ... requested UNODC to continue to assist them in that regard": the
        # verbs of a mandate's request, up to the next comma or "and UNODC", report no work
        ends = grammar("segment", "request_end").search(segment, invited.end())
        upto = clause.start + (ends.start() if ends else len(segment))
        lower = clause.start + invited.start()
        candidates = [a for a in candidates if not lower <= a.start < upto]
    for action in candidates:
        if action.agent == agent_key():
            return action
    serviced = pats.serviced.match(segment)
    if serviced is not None:
        # "The Expert Group on the Standard Minimum Rules ... held a meeting in Vienna": the
        # Secretariat services the meetings of the intergovernmental bodies of its field
        return Action(
            serviced.group("verb").lower(), clause.start + serviced.start("verb"), "passive"
        )
    if invited and not mandated:
        past = _base_to_past(invited.group("base"), pats)
        if past:  # "Cape Verde invited UNODC to assess their juvenile justice system"
            return Action(past, clause.start + invited.start("base"), agent_key())
    passive = pats.passive.search(segment)
    if passive and not _passive_of_work(segment, passive):
        passive = None
    if passive:
        verb = (passive.group("pverb") or passive.group("beneficiary") or "received").lower()
        start = clause.start + passive.start()
        agent = (
            "none"
            if passive.group("beneficiary")
            else _agent(text, clause.start, start, inherited=None)
        )
        after = segment[passive.end() :]
        by_other = grammar("segment", "by_other").match(after) and not grammar(
            "segment", "by_agent"
        ).match(after)
        if agent != "other" and not by_other:
            return Action(verb, start, "passive")
    done_with = grammar("segment", "work_done_with", re.IGNORECASE).search(segment)
    if done_with is not None:
        # "a subregional workshop co-organized with the Ministry of ...": work named with
        # whom it was done with, the report's own
        verb = done_with.group("verb").lower()
        return Action(verb, clause.start + done_with.start("verb"), "passive")
    research = grammar("segment", "research_done", re.IGNORECASE).search(segment)
    if research is not None:
        # "A survey ..., conducted at the Office's request by the University of ...": research
        # done with or for the agent, the report's work
        verb = research.group("verb").lower()
        return Action(verb, clause.start + research.start("verb"), "passive")
    return None


@per_profile
def _agent_support() -> re.Pattern[str]:
    """The reporting agent's support ("with the Office's", "by UNODC", "UNODC-supported")."""
    return grammar("segment", "agent_support")


_TITLE = re.compile(r"“[^”]*”|\"[^\"]*\"|\*[^*]*\*")


def _passive_of_work(segment: str, passive: re.Match[str]) -> bool:
    """A passive or "took place" clause reports UNODC's work when its subject names a piece of
    work ("16 online events were held", "new training curricula were developed"), when people
    were trained or helped, or when the sentence credits UNODC ("with UNODC support"); "a link
    was established" does not."""
    pats = patterns()
    if passive.group("receive") or (passive.group("pverb") or "").lower() == "trained":
        return True
    if passive.group("beneficiary") and passive.group("beneficiary").lower() != "took place":
        return True
    if _agent_support().search(segment):
        return True
    subject = _TITLE.sub(" ", segment[: passive.start()])
    if pats.passive_subject_nouns.search(subject):
        return True
    # "alternatives to detention were promoted in Armenia through a subregional workshop":
    # the means named after the verb is the piece of work
    after = segment[passive.end() :]
    through = grammar("segment", "work_through")
    if any(through.search(after[: noun.start()]) for noun in pats.work_means.finditer(after)):
        return True
    # "Its findings were shared with ... at a seminar": the event that made them known
    at = grammar("segment", "work_at")
    return bool(pats.result_subjects.search(subject)) and any(
        at.search(after[: noun.start()]) for noun in pats.work_means.finditer(after)
    )


def subject_action(text: str, clause: Clause) -> Action | None:
    """A sentence whose subject is UNODC reports UNODC's own work whatever its verb ("UNODC
    forged new partnerships with ...", "Furthermore, UNODC continued its partnership with
    ..."), so it opens an activity rather than lending its names to the one before."""
    pats = patterns()
    match = pats.subject_verb.match(text, clause.start, clause.end)
    if match is not None:
        verb = match.group("verb").lower()
        if verb not in pats.not_actions:
            return Action(verb, match.start("verb"), agent_key())
    # "The Office is a member of the Interagency Panel ...": a standing partnership
    member = pats.membership.match(text, clause.start, clause.end)
    if member is not None:
        return Action(" ".join(member.group("verb").split()), member.start("verb"), agent_key())
    # "UNODC has a regional justice programme based in Nairobi": work going on
    held = pats.programme_held.match(text, clause.start, clause.end)
    if held is not None:
        return Action(held.group("verb").lower(), held.start("verb"), agent_key())
    # "Other relevant partners include the European Union, ...": a standing partnership
    listed = pats.partners_listed.match(text, clause.start, clause.end)
    if listed is not None:
        return Action(listed.group("verb").lower(), listed.start("verb"), agent_key())
    # "These include the tool ...", "A second tool is ...": an item of the work before
    item = pats.enumerated.match(text, clause.start, clause.end)
    if item is not None:
        return Action(item.group("verb").lower(), item.start("verb"), "passive")
    # "Capacity-building activities included tailor-made training for ...", "Key results
    # included ...": the work named as the subject of a listing verb
    nominal = pats.nominal.match(text, clause.start, clause.end)
    if nominal is not None:
        return Action(nominal.group("verb").lower(), nominal.start("verb"), "passive")
    return None
