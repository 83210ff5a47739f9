"""The type of one activity (training, legislative assistance, ...), from its own words.

Three passes over the activity's quote (``rules/types.toml``), the first hit wins: wording that
decides the type wherever it stands ("legislative assistance", "trained"), then the words right
after the action verb ("launched a new *project*", "organized three *workshops*"), then the same
object table over the whole quote, and last the verb alone ("published" -> publication). The
rule that fired is returned with the type, for provenance (``type:object-workshop``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ccpj_graph.extract._rules import grammar, load_rules
from ccpj_graph.extract.facts import ACTIVITY_TYPES
from ccpj_graph.extract.phrases import PhraseMatcher
from ccpj_graph.extract.profile import per_profile
from ccpj_graph.extract.vocab import slugify

__all__ = ["TypeDecision", "classify_type"]

#: how many words after the verb make up its object
_OBJECT_WORDS = 8


@dataclass(frozen=True, slots=True)
class TypeDecision:
    """An activity type key and the rule that chose it (``type:<pass>-<cue>``)."""

    type: str
    rule: str


@dataclass(frozen=True)
class _Entries:
    """A cue table: the type of each entry, and one matcher whose lists are the entries'
    cues (keyed by the entry's position: the first entry that matches wins)."""

    types: tuple[str, ...]
    matcher: PhraseMatcher[int]


@dataclass(frozen=True)
class _Table:
    decisive: _Entries
    objects: _Entries
    verbs: dict[str, str]
    strong_verbs: dict[str, str]


@per_profile
def _table() -> _Table:
    rules = load_rules("types")

    def entries(name: str) -> _Entries:
        for entry in rules[name]:
            if entry["type"] not in ACTIVITY_TYPES:
                raise ValueError(f"rules/types.toml: unknown activity type {entry['type']!r}")
        return _Entries(
            types=tuple(entry["type"] for entry in rules[name]),
            matcher=PhraseMatcher({i: entry["cues"] for i, entry in enumerate(rules[name])}),
        )

    verbs = {verb: kind for kind, words in rules["verbs"].items() for verb in words}
    strong = {verb: kind for kind, words in rules["strong_verbs"].items() for verb in words}
    return _Table(entries("decisive"), entries("object"), verbs, strong)


def _object_of(quote: str, verb_offset: int, verb: str) -> str:
    rest = quote[verb_offset + len(verb) :] if verb_offset >= 0 else quote
    stop = grammar("types", "object_stop").search(rest)
    if stop:
        rest = rest[: stop.start()]
    return " ".join(rest.split()[:_OBJECT_WORDS])


def _search(entries: _Entries, text: str, *, rightmost: bool) -> tuple[str, str] | None:
    """(type, matched words) of the first entry that matches ``text``; with ``rightmost``, of
    the match that ends last, since the head of "a criminal investigation training manual" is
    its last noun."""
    found = entries.matcher.find(text)  # by entry, then by position
    if not found:
        return None
    hit = max(found, key=lambda m: (m.end, -m.group)) if rightmost else found[0]
    return entries.types[hit.group], hit.text


def classify_type(quote: str, *, verb: str = "", verb_offset: int = -1) -> TypeDecision:
    """The activity type of ``quote``; ``verb`` is the action verb the segmenter found and
    ``verb_offset`` where it starts in ``quote`` (-1 when unknown)."""
    table = _table()
    obj = _object_of(quote, verb_offset, verb) if verb else ""
    predicate = f"{verb} {obj}" if verb else ""
    passes = (
        ("cue", table.decisive, predicate, False),
        ("object", table.objects, obj, True),
        ("cue", table.decisive, quote, False),
        ("anywhere", table.objects, quote, False),
    )
    for index, (where, entries, text, rightmost) in enumerate(passes):
        if index == 2 and verb.lower() in table.strong_verbs:
            label = slugify(verb, limit=40)
            return TypeDecision(table.strong_verbs[verb.lower()], f"type:verb-{label}")
        if not text:
            continue
        hit = _search(entries, text, rightmost=rightmost)
        if hit:
            return TypeDecision(hit[0], f"type:{where}-{slugify(hit[1], limit=40)}")
    if verb.lower() in table.verbs:
        return TypeDecision(table.verbs[verb.lower()], f"type:verb-{slugify(verb, limit=40)}")
    return TypeDecision("other", "type:default-other")
