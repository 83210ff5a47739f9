"""Split a paragraph into activities: one per distinct thing UNODC did.

A report paragraph strings several pieces of work together: "In Brazil, UNODC adapted ...
In Kazakhstan, the Office trained ... and co-organized a webinar ...". The splitter walks the
sentences (``sentences.py``) and cuts each into clauses where a new predicate starts:

- a new place: "..., and in Kyrgyzstan it contributed to ..." (``place-switch``);
- a new subject: "... and, with the Thailand Institute of Justice, it published ..."
  (``new-subject``);
- a coordinated action verb sharing UNODC as subject: "... assisted prosecutors ... and
  provided mentorship ..." (``coordinated-verb``);
- a semicolon (``semicolon``); a clause after it that opens on an action verb shares the
  sentence's subject, as a coordinated verb does ("the Office supported a facility; created a
  case management system; and revised ... programmes").

A clause reports an activity when an action verb (``rules/segment.toml``) has UNODC as its
nearest subject ("UNODC", "the Office", "it", a UNODC programme), or when it is passive
("16 online events were held", "... received training") and no one else is named as the doer.
Clauses that report nothing new (results, figures, background) extend the activity before
them, so the places and partners they name are that activity's; clauses before the first
activity are background and belong to none. A sentence whose subject is UNODC ("Furthermore,
UNODC continued its partnership with ...") opens a new activity whatever its verb, so a
partnership stated in one sentence never lends its partners to the work of another.

Segments carry offsets into the paragraph text. Each segment's *evidence* is the run of whole
sentences its clauses lie in: the quote of the activity, and the only text its facts may come
from (see ``pipeline.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ccpj_graph.extract._rules import agent as reporting_agent
from ccpj_graph.extract._rules import grammar, load_rules, phrase_pattern
from ccpj_graph.extract.profile import per_profile
from ccpj_graph.extract.sentences import Sentence, split_sentences
from ccpj_graph.extract.years import speaks_of_plans

__all__ = ["Clause", "ClauseReading", "Segment", "read_clauses", "segment_paragraph"]


@dataclass(frozen=True, slots=True)
class Clause:
    """A piece of a sentence; ``split`` names the rule that cut it off (``sentence`` if none)."""

    start: int
    end: int
    sentence: int  # index of the sentence in the paragraph
    split: str


@dataclass(frozen=True, slots=True)
class Segment:
    """One activity's words in a paragraph.

    ``start``/``end`` delimit the quote (the clause that reports the action); ``scope`` holds the
    (start, end) spans whose entities belong to the activity: the quote's clause and the clauses
    that continue it. ``agent`` is ``unodc`` or ``passive``; ``resets`` is True when the
    sentence opens afresh ("At the regional level, ...") and must not inherit a place.
    """

    start: int
    end: int
    scope: tuple[tuple[int, int], ...]
    rule: str
    verb: str
    verb_start: int
    agent: str
    sentence: int
    sentence_start: int
    resets: bool
    evidence: tuple[int, int] = (0, 0)  # whole sentences: start of the first, end of the last
    sentences: tuple[tuple[int, int], ...] = ()  # every sentence of the paragraph

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


def _me() -> str:
    """The label of a clause whose subject is the reporting agent: its organisation key (so a
    rule reads ``segment:sentence/unodc/...`` for UNODC's reports)."""
    return reporting_agent().key


@dataclass(frozen=True, slots=True)
class _Action:
    verb: str
    start: int
    agent: str  # the agent's key (unodc) | passive | other | none


@dataclass(frozen=True)
class _Patterns:
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
def _patterns() -> _Patterns:
    rules = load_rules("segment")
    verbs = [v for v in rules["action_verbs"] if " and " not in v]
    verb_alt = phrase_pattern(verbs)

    def pattern(name: str, flags: int = 0) -> re.Pattern[str]:
        return grammar("segment", name, flags, verbs=verb_alt)

    return _Patterns(
        verb=re.compile(verb_alt, re.IGNORECASE),
        passive=pattern("passive", re.IGNORECASE),
        progressive=pattern("progressive", re.IGNORECASE),
        continued=pattern("continued", re.IGNORECASE),
        agent_subject=re.compile(phrase_pattern(rules["agent_subjects"])),
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


def _base_to_past(base: str, pats: _Patterns) -> str | None:
    """The action verb a base form names: "support" -> "supported", "build" -> "built";
    None when it names none ("continued to receive requests")."""
    base = base.lower()
    forms = (pats.irregular.get(base, ""), base + "ed", base + "d", base[:-1] + "ied")
    return next((form for form in forms if form in pats.verbs), None)


def _ing_to_past(stem: str, pats: _Patterns) -> str | None:
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
    pats = _patterns()
    window = text[clause_start:verb_start]
    best: tuple[int, str] | None = None
    name_tail = grammar("segment", "name_tail_before")
    object_before = grammar("segment", "object_before")
    for kind, pattern in ((_me(), pats.agent_subject), ("other", pats.other)):
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
        return _me()
    return best[1]


@per_profile
def _co_subject_pattern() -> re.Pattern[str]:
    """UNODC first of a coordinated subject that runs up to the verb: "UNODC and the
    Government of Indonesia ", "The Office and the National Police "."""
    return grammar("segment", "co_subject")


def _find_action(text: str, clause: Clause, *, inherited: str | None) -> _Action | None:
    """The clause's first action verb with its agent, or its passive action, or None."""
    pats = _patterns()
    segment = text[clause.start : clause.end]
    candidates: list[_Action] = []
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
        if grammar("segment", "with_agent_after_verb").match(segment[match.start() :]):
            # "The Legal Aid Bureau of Malawi partnered with UNODC to deploy paralegals": the
            # body's work with the agent is the agent's
            candidates.append(_Action(verb, start, _me()))
            continue
        candidates.append(
            _Action(verb, start, _agent(text, clause.start, start, inherited=inherited))
        )
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
                    _Action(past, start, _agent(text, clause.start, start, inherited=inherited))
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
        if action.agent == _me():
            return action
    serviced = pats.serviced.match(segment)
    if serviced is not None:
        # "The Expert Group on the Standard Minimum Rules ... held a meeting in Vienna": the
        # Secretariat services the meetings of the intergovernmental bodies of its field
        return _Action(
            serviced.group("verb").lower(), clause.start + serviced.start("verb"), "passive"
        )
    if invited and not mandated:
        past = _base_to_past(invited.group("base"), pats)
        if past:  # "Cape Verde invited UNODC to assess their juvenile justice system"
            return _Action(past, clause.start + invited.start("base"), _me())
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
            return _Action(verb, start, "passive")
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
    pats = _patterns()
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


def _split_sentence(text: str, start: int, end: int, index: int) -> list[Clause]:
    """Cut one sentence into clauses at the points the module docstring lists."""
    pats = _patterns()
    sentence = text[start:end]
    cuts: dict[int, str] = {}

    determiner = grammar("segment", "determiner_before")
    preposition = grammar("segment", "preposition_before")

    def acted_before(position: int) -> bool:
        # a new place or subject only starts a new activity once the sentence has reported
        # one: "In Cambodia, ... and Viet Nam, UNODC procured" is one frame, not two clauses
        # "In line with the Updated Model Strategies ..., UNODC assisted": a capitalised verb
        # inside the sentence is a word of a name, not an action
        head = sentence[:position]
        verbs = (
            m
            for m in pats.verb.finditer(head)
            if (m.start() == 0 or m.group(0)[0].islower())
            # "called for strengthened action": a participle after a preposition or an
            # article describes a noun, no action was reported
            and not determiner.search(head[: m.start()])
            and not preposition.search(head[: m.start()])
        )
        return any(True for _ in verbs) or bool(pats.passive.search(head))

    for match in pats.place_frame.finditer(sentence):
        if acted_before(match.start()):
            cuts.setdefault(match.start(), "place-switch")
    for match in pats.new_subject.finditer(sentence):
        if acted_before(match.start()):
            cuts.setdefault(match.start(), "new-subject")
    for match in pats.passive_subject.finditer(sentence):
        if acted_before(match.start()):
            cuts.setdefault(match.start(), "new-subject")
    for match in re.finditer(r";\s+", sentence):
        cuts.setdefault(match.start(), "semicolon")
    coordinated: list[tuple[int, str]] = []
    for match in pats.coordinated.finditer(sentence):
        before = sentence[: match.start()].rstrip()
        last_word = re.search(r"([\w-]+)$", before)
        if last_word and last_word.group(1).lower() in pats.verbs:
            continue  # "developed and distributed": one predicate with two verbs
        if pats.adjectival.match(sentence[match.end() :]):
            continue  # "... and organized crime": an adjective, not a second predicate
        if last_word and last_word.group(1).lower() in pats.not_split_after:
            continue
        after = match.group("after") or ""
        if after and ("and" not in match.group("glue") or after.split()[0] == "by"):
            # ", developed by ...", "... and endorsed by the General Assembly": a participle
            # describing a noun, not a predicate
            continue
        if not acted_before(match.start()):
            continue  # "UNODC, jointly with UNDP and X, launched ...": the first predicate
        coordinated.append((match.start(), match.group("glue")))
    has_and = any("and" in glue for _, glue in coordinated)
    for position, glue in coordinated:
        if "and" in glue or has_and:
            cuts.setdefault(position, "coordinated-verb")
    bounds = sorted(cuts)
    clauses: list[Clause] = []
    previous, previous_split = 0, "sentence"
    for cut in bounds:
        if cut <= previous:
            continue
        clauses.append(Clause(start + previous, start + cut, index, previous_split))
        previous, previous_split = cut, cuts[cut]
    clauses.append(Clause(start + previous, end, index, previous_split))
    return [_trim(text, c) for c in clauses if text[c.start : c.end].strip(" ,;")]


def _shares_subject(text: str, clause: Clause) -> bool:
    """Whether the clause is a further predicate of the sentence's subject: a coordinated
    verb ("... assisted prosecutors and provided mentorship"), or a clause after a semicolon
    that opens on an action verb, as in a series of predicates ("the Office supported a
    facility; created a case management system; and revised ... programmes")."""
    if clause.split == "coordinated-verb":
        return True
    return clause.split == "semicolon" and bool(_patterns().verb.match(text, clause.start))


def _read_sentence(
    text: str, sentence: Sentence, index: int
) -> Iterator[tuple[Clause, _Action | None]]:
    """Each clause of one sentence with its action, if any: a further predicate
    (:func:`_shares_subject`) takes the subject of the sentence's last clause in which UNODC
    acted."""
    subject: str | None = None
    previous: _Action | None = None
    for clause in _split_sentence(text, sentence.start, sentence.end, index):
        shared = subject if _shares_subject(text, clause) else None
        action = _find_action(text, clause, inherited=shared)
        if action is None and clause.start == sentence.start:
            action = _subject_action(text, clause)
        if (
            action is not None
            and action.agent == _me()
            and previous is not None
            and previous.agent == "passive"
            and grammar("segment", "pronoun_subject").match(text, clause.start)
        ):
            # "a census ... was carried out in all 24 prisons; it recorded 22,870 persons":
            # after a passive clause, "it" is the thing done, not the agent
            action = None
        if action is not None and action.agent == _me():
            subject = _me()
        previous = action if action is not None else previous
        yield clause, action


def _trim(text: str, clause: Clause) -> Clause:
    start, end = clause.start, clause.end
    lead = grammar("segment", "clause_lead").match(text[start:end])
    if lead:
        start += lead.end()
    while end > start and text[end - 1] in " ,;":
        end -= 1
    return Clause(start, end, clause.sentence, clause.split)


@dataclass(slots=True)
class _Open:
    """The activity being assembled while the clauses after it are read."""

    clause: Clause
    action: _Action
    sentence_start: int
    resets: bool
    scope: list[tuple[int, int]]
    sentences: tuple[tuple[int, int], ...]
    used: set[int]  # indices of the sentences the scope lies in

    def close(self) -> Segment:
        first, last = self.sentences[min(self.used)], self.sentences[max(self.used)]
        return Segment(
            start=self.clause.start,
            end=self.clause.end,
            scope=tuple(self.scope),
            rule=self.clause.split,
            verb=self.action.verb,
            verb_start=self.action.start,
            agent=self.action.agent,
            sentence=self.clause.sentence,
            sentence_start=self.sentence_start,
            resets=self.resets,
            evidence=(first[0], last[1]),
            sentences=self.sentences,
        )


def _other_subject(clause: Clause, action: _Action | None) -> bool:
    """A clause cut off as a new passive subject that reports no work of the agent ("..., and a
    bill drafted with the Office's assistance was adopted by the Parliament"): what another
    actor did is no part of the activity before, and its names are not that activity's."""
    return clause.split == "new-subject" and action is None


def segment_paragraph(text: str) -> tuple[Segment, ...]:
    """The activities ``text`` reports, in order; empty when it reports none."""
    pats = _patterns()
    segments: list[Segment] = []
    current: _Open | None = None
    sentences = split_sentences(text)
    spans = tuple((s.start, s.end) for s in sentences)
    for index, sentence in enumerate(sentences):
        if pats.report_voice.search(sentence.text):
            continue  # the report speaking of itself ("Technical assistance described in
            # this report was provided ...") is no activity and continues none
        resets = bool(pats.resets.match(sentence.text))
        # a sentence opening on a provision or resolution frames what follows, and one that
        # speaks of plans reports nothing done: their clauses that report nothing do not
        # extend the activity before it
        frames = bool(pats.frame_opening.match(sentence.text)) or speaks_of_plans(sentence.text)
        for clause, action in _read_sentence(text, sentence, index):
            if action is not None and action.agent in {_me(), "passive"}:
                if current is not None:
                    segments.append(current.close())
                current = _Open(
                    clause,
                    action,
                    sentence.start,
                    resets,
                    [(clause.start, clause.end)],
                    spans,
                    {index},
                )
            elif current is not None and not frames and not _other_subject(clause, action):
                current.scope.append((clause.start, clause.end))
                current.used.add(index)
    if current is not None:
        segments.append(current.close())
    return tuple(segments)


@dataclass(frozen=True, slots=True)
class ClauseReading:
    """What the splitter made of one clause, for explanations: its action, if any."""

    clause: Clause
    verb: str | None
    agent: str | None


def read_clauses(text: str) -> tuple[ClauseReading, ...]:
    """Every clause of ``text`` with the action found in it, as ``segment_paragraph`` reads
    it (a coordinated verb or a predicate after a semicolon sharing the sentence's subject),
    for ``ccpj extract explain``."""
    out: list[ClauseReading] = []
    for index, sentence in enumerate(split_sentences(text)):
        for clause, action in _read_sentence(text, sentence, index):
            verb, agent = (action.verb, action.agent) if action else (None, None)
            out.append(ClauseReading(clause, verb, agent))
    return tuple(out)


def _subject_action(text: str, clause: Clause) -> _Action | None:
    """A sentence whose subject is UNODC reports UNODC's own work whatever its verb ("UNODC
    forged new partnerships with ...", "Furthermore, UNODC continued its partnership with
    ..."), so it opens an activity rather than lending its names to the one before."""
    pats = _patterns()
    match = pats.subject_verb.match(text, clause.start, clause.end)
    if match is not None:
        verb = match.group("verb").lower()
        if verb not in pats.not_actions:
            return _Action(verb, match.start("verb"), _me())
    # "The Office is a member of the Interagency Panel ...": a standing partnership
    member = pats.membership.match(text, clause.start, clause.end)
    if member is not None:
        return _Action(" ".join(member.group("verb").split()), member.start("verb"), _me())
    # "UNODC has a regional justice programme based in Nairobi": work going on
    held = pats.programme_held.match(text, clause.start, clause.end)
    if held is not None:
        return _Action(held.group("verb").lower(), held.start("verb"), _me())
    # "Other relevant partners include the European Union, ...": a standing partnership
    listed = pats.partners_listed.match(text, clause.start, clause.end)
    if listed is not None:
        return _Action(listed.group("verb").lower(), listed.start("verb"), _me())
    # "These include the tool ...", "A second tool is ...": an item of the work before
    item = pats.enumerated.match(text, clause.start, clause.end)
    if item is not None:
        return _Action(item.group("verb").lower(), item.start("verb"), "passive")
    # "Capacity-building activities included tailor-made training for ...", "Key results
    # included ...": the work named as the subject of a listing verb
    nominal = pats.nominal.match(text, clause.start, clause.end)
    if nominal is not None:
        return _Action(nominal.group("verb").lower(), nominal.start("verb"), "passive")
    return None
