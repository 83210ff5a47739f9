"""Which activities of overlapping reports describe the same work: candidates, one-to-one
matching per pair of reports, the curators' retractions and additions, and the clusters the
links form (each represented by its smallest activity key)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ccpj_graph.curate import Curation, unpinned
from ccpj_graph.errors import InputError
from ccpj_graph.samework.items import WorkItem, natural_key
from ccpj_graph.samework.settings import Settings
from ccpj_graph.samework.similarity import Profile, Score, Scorer

__all__ = [
    "ADD",
    "RETRACT",
    "Link",
    "SameWork",
    "candidates",
    "link_same_work",
    "overlapping_reports",
]

RETRACT = "retract-same-work"
ADD = "add-same-work"

Period = tuple[int | None, int | None]


@dataclass(frozen=True, slots=True)
class Link:
    """Two activities that describe the same work (``a`` has the smaller key), and why."""

    a: WorkItem
    b: WorkItem
    score: Score
    basis: str = "similarity"
    reason: str = ""

    @property
    def key(self) -> str:
        return f"{self.a.key}--{self.b.key}"


@dataclass(frozen=True, slots=True)
class SameWork:
    """The links, in key order, and each linked activity's representative (activity keys)."""

    links: tuple[Link, ...]
    representatives: Mapping[str, str]


def overlapping_reports(periods: Mapping[str, Period]) -> list[tuple[str, str]]:
    """Pairs of report keys whose periods overlap (a report without a period overlaps none)."""
    keys = sorted(periods)
    pairs = []
    for i, left in enumerate(keys):
        for right in keys[i + 1 :]:
            (a0, a1), (b0, b1) = periods[left], periods[right]
            if a0 is None or a1 is None or b0 is None or b1 is None:
                continue
            if a0 <= b1 and b0 <= a1:
                pairs.append((left, right))
    return pairs


def _ordered(x: WorkItem, y: WorkItem) -> tuple[WorkItem, WorkItem]:
    return (x, y) if natural_key(x.key) <= natural_key(y.key) else (y, x)


def candidates(
    items: Mapping[str, Sequence[WorkItem]],
    periods: Mapping[str, Period],
    settings: Settings,
    *,
    floor: float = 0.0,
) -> list[Link]:
    """Every pair of activities of overlapping reports scoring ``floor`` or more (and above
    0), best first."""
    every = [item for report in sorted(items) for item in items[report]]
    scorer = Scorer(every, settings)
    pairs = overlapping_reports({r: periods[r] for r in items if r in periods})
    last_use = {report: n for n, pair in enumerate(pairs) for report in pair}
    profiles: dict[str, list[Profile]] = {}  # built when a report is first compared, dropped
    # after its last pair: at 100x, every activity's vectors at once took 750 MB
    # a pair whose text similarity plus everything its facts could add stays below the floor
    # (with a margin for the score's rounding) is passed over: the same pairs, found sooner
    short = floor - scorer.most_added - 0.001
    found = []
    for n, (left, right) in enumerate(pairs):
        for report in (left, right):
            if report not in profiles:
                profiles[report] = [scorer.profile(item) for item in items[report]]
        bounds = scorer.bounds(profiles[left], profiles[right])
        for i, j in zip(*(bounds + 1e-9 >= short).nonzero(), strict=True):
            x, y = profiles[left][i], profiles[right][j]
            if x.words.keys().isdisjoint(y.words):
                continue
            text = scorer.text(x, y)
            if text < short:
                continue
            score = scorer.score(x, y, text=text)
            if score.excluded or score.score <= 0 or score.score < floor:
                continue
            a, b = _ordered(x.item, y.item)
            found.append(Link(a, b, score))
        for report in (left, right):
            if last_use[report] == n:
                del profiles[report]
    return sorted(found, key=_rank)


def _rank(link: Link) -> tuple[float, tuple[object, ...], tuple[object, ...]]:
    return (-link.score.score, natural_key(link.a.key), natural_key(link.b.key))


def _pair(item: Curation, known: Mapping[str, WorkItem]) -> tuple[WorkItem, WorkItem]:
    """The two activities a curation entry names; an error naming ``file:line`` otherwise."""
    where = f"{item.at('activities')}: {item.where.split('#', 1)[-1]}"
    value = item.entry.get("activities")
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise InputError(f'{where}: activities must be two activity keys, ["000-71-1", "002-29-1"]')
    found = []
    for key in value:
        if key not in known:
            near = difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise InputError(f"{where}: activity {key} does not exist{hint}")
        found.append(known[key])
    if found[0].report == found[1].report:
        raise InputError(f"{where}: {value[0]} and {value[1]} are in the same report")
    if "quotes" in item.entry:
        _check_pinned(item, found, known)
    return _ordered(found[0], found[1])


def _check_pinned(item: Curation, found: Sequence[WorkItem], known: Mapping[str, WorkItem]) -> None:
    """``quotes``: words of each activity's evidence, in the order of ``activities``."""
    where = f"{item.at('quotes')}: {item.where.split('#', 1)[-1]}"
    quotes = item.entry["quotes"]
    if not (
        isinstance(quotes, list)
        and len(quotes) == 2
        and all(isinstance(q, str) and q.strip() for q in quotes)
    ):
        raise InputError(f"{where}: quotes must be words of each activity's evidence, two strings")
    for work, pinned in zip(found, quotes, strict=True):
        problem = unpinned(pinned, work.key, work.quote, ((k, w.quote) for k, w in known.items()))
        if problem:
            raise InputError(f"{where}: {problem}")


def link_same_work(
    items: Mapping[str, Sequence[WorkItem]],
    periods: Mapping[str, Period],
    settings: Settings,
    curation: Sequence[Curation] = (),
) -> SameWork:
    """Link the activities of overlapping reports that describe the same work."""
    known = {item.key: item for report in items.values() for item in report}
    retracted: dict[tuple[str, str], Curation] = {}
    added: list[tuple[WorkItem, WorkItem, Curation]] = []
    for entry in curation:
        if entry.kind == RETRACT:
            a, b = _pair(entry, known)
            retracted[(a.key, b.key)] = entry
        elif entry.kind == ADD:
            a, b = _pair(entry, known)
            added.append((a, b, entry))
    pool = candidates(items, periods, settings, floor=settings.threshold)
    scores = {(link.a.key, link.b.key): link.score for link in pool}
    scorer: Scorer | None = None

    def score_of(a: WorkItem, b: WorkItem) -> Score:
        """A pair's score outside the pool (below the threshold): for curated pairs."""
        nonlocal scorer
        scorer = scorer or Scorer(known.values(), settings)
        return scorer.score(scorer.profile(a), scorer.profile(b))

    links: dict[tuple[str, str], Link] = {}
    taken: set[tuple[str, str]] = set()  # (activity key, other report)
    for a, b, entry in added:
        score = scores.get((a.key, b.key)) or score_of(a, b)
        reason = str(entry.entry.get("reason", ""))
        links[(a.key, b.key)] = Link(a, b, score, f"curation:{entry.where}", reason)
        taken |= {(a.key, b.report), (b.key, a.report)}
    would_link: set[tuple[str, str]] = set()
    for link in pool:
        if link.score.score < settings.threshold:
            break
        pair = (link.a.key, link.b.key)
        if pair in links or (link.a.key, link.b.report) in taken:
            continue
        if (link.b.key, link.a.report) in taken:
            continue
        would_link.add(pair)
        if pair in retracted:
            continue
        links[pair] = link
        taken |= {(link.a.key, link.b.report), (link.b.key, link.a.report)}
    for pair, entry in retracted.items():
        if pair not in would_link:
            said = f"similarity {score_of(known[pair[0]], known[pair[1]]).score}"
            raise InputError(
                f"{entry.at('activities')}: {entry.where.split('#', 1)[-1]}: "
                f"{pair[0]} and {pair[1]} are not linked ({said}, threshold "
                f"{settings.threshold}); remove the entry"
            )
    ordered = tuple(
        sorted(links.values(), key=lambda k: (natural_key(k.a.key), natural_key(k.b.key)))
    )
    return SameWork(ordered, _representatives(ordered))


def _representatives(links: Sequence[Link]) -> dict[str, str]:
    """Each linked activity's cluster representative: the smallest key of its cluster."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for link in links:
        ra, rb = find(link.a.key), find(link.b.key)
        if ra != rb:
            low, high = sorted((ra, rb), key=natural_key)
            parent[high] = low
    return {key: find(key) for key in sorted(parent, key=natural_key)}
