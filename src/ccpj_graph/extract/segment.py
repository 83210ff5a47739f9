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
("16 online events were held", "... received training") and no one else is named as the doer
(which action, and whose: ``actions.py``).
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

from ccpj_graph.extract._rules import grammar
from ccpj_graph.extract.actions import Action, agent_key, find_action, patterns, subject_action
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


def _split_sentence(text: str, start: int, end: int, index: int) -> list[Clause]:
    """Cut one sentence into clauses at the points the module docstring lists."""
    pats = patterns()
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
        if _after_agent_participle(sentence, match.start()):
            continue  # "a study published by UNODC ... and prepared with ...": one noun's
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


def _after_agent_participle(sentence: str, position: int) -> bool:
    """The last verb before ``position`` is a participle the agent did ("a global study
    published by UNODC in May 2029") or one set off by a comma after a noun ("a programme on
    policing, funded by the Government of Norway and implemented in partnership with ..."):
    a coordinated verb after it describes the same noun."""
    verbs = list(patterns().verb.finditer(sentence, 0, position))
    if not verbs:
        return False
    last = verbs[-1]
    by_agent = grammar("segment", "by_agent_after_verb")
    if by_agent.match(sentence[last.start() : position]):
        return True
    set_off = grammar("segment", "participle_set_off")
    return bool(set_off.search(sentence[: last.start()])) and bool(
        grammar("segment", "by_other").match(sentence[last.end() : position])
    )


def _shares_subject(text: str, clause: Clause) -> bool:
    """Whether the clause is a further predicate of the sentence's subject: a coordinated
    verb ("... assisted prosecutors and provided mentorship"), or a clause after a semicolon
    that opens on an action verb, as in a series of predicates ("the Office supported a
    facility; created a case management system; and revised ... programmes")."""
    if clause.split == "coordinated-verb":
        return True
    return clause.split == "semicolon" and bool(patterns().verb.match(text, clause.start))


def _read_sentence(
    text: str, sentence: Sentence, index: int
) -> Iterator[tuple[Clause, Action | None]]:
    """Each clause of one sentence with its action, if any: a further predicate
    (:func:`_shares_subject`) takes the subject of the sentence's last clause in which UNODC
    acted."""
    subject: str | None = None
    previous: Action | None = None
    for clause in _split_sentence(text, sentence.start, sentence.end, index):
        shared = subject if _shares_subject(text, clause) else None
        action = find_action(text, clause, inherited=shared)
        if action is None and clause.start == sentence.start:
            action = subject_action(text, clause)
        if (
            action is not None
            and action.agent == agent_key()
            and previous is not None
            and previous.agent == "passive"
            and grammar("segment", "pronoun_subject").match(text, clause.start)
        ):
            # "a census ... was carried out in all 24 prisons; it recorded 22,870 persons":
            # after a passive clause, "it" is the thing done, not the agent
            action = None
        if action is not None and action.agent == agent_key():
            subject = agent_key()
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
    action: Action
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


def _other_subject(clause: Clause, action: Action | None) -> bool:
    """A clause cut off as a new passive subject that reports no work of the agent ("..., and a
    bill drafted with the Office's assistance was adopted by the Parliament"): what another
    actor did is no part of the activity before, and its names are not that activity's."""
    return clause.split == "new-subject" and action is None


def segment_paragraph(text: str) -> tuple[Segment, ...]:
    """The activities ``text`` reports, in order; empty when it reports none."""
    pats = patterns()
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
            if action is not None and action.agent in {agent_key(), "passive"}:
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
