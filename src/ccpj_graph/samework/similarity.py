"""How alike two activities are: their quotes' content words, then agreement of their facts.

Text: each quote becomes a bag of content-word lemmas (stop words dropped, a few suffix rules),
weighted by inverse document frequency over every activity compared, so that a rare word
("446", "Punjab", "WeApplaud") weighs more than one every activity uses ("prison",
"support"). The text similarity is the cosine of the whole quotes or of their best-matching
sentences, whichever is higher: a report often quotes a sentence of the other and adds its own.
The words of the activity's partners' names weigh less (partners are compared as facts).
Facts then raise the score (same type, same year, shared countries, partners, standards) or
lower it (both name countries, partners or standards and share none).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from ccpj_graph.samework.items import WorkItem
from ccpj_graph.samework.settings import Settings

__all__ = ["Profile", "Score", "Scorer", "content_words"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d{2,}")
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+(?=[\"“‘(]?[A-Z0-9])")

#: weighted words and their Euclidean norm
Vector = tuple[dict[str, float], float]


def _lemma(word: str, settings: Settings) -> str:
    for suffix, replacement in settings.suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= settings.min_stem:
            return word[: len(word) - len(suffix)] + replacement
    return word


def content_words(text: str, settings: Settings) -> Counter[str]:
    """The content-word lemmas of ``text`` with their counts."""
    known = _lemmas(settings)
    words: Counter[str] = Counter()
    for token in _WORD.findall(text.casefold()):
        lemma = known.get(token)
        if lemma is None:
            lemma = known[token] = _content(token, settings)
        if lemma:
            words[lemma] += 1
    return words


@functools.lru_cache(maxsize=4)
def _lemmas(settings: Settings) -> dict[str, str]:
    """Each token's lemma ("" for a stop word), worked out once: a 30x corpus has 1.2 million
    tokens of a few thousand kinds, and the suffix rules took most of the stage's time."""
    return {}


def _content(token: str, settings: Settings) -> str:
    if token.isdigit():
        return token
    token = token.replace("’", "'").split("'")[0]
    if len(token) < settings.min_length or token in settings.stop_words:
        return ""
    return _lemma(token, settings)


@dataclass(frozen=True, slots=True)
class Profile:
    """An activity ready to compare: its weighted words, whole and per sentence."""

    item: WorkItem
    words: Mapping[str, float]
    whole: Vector
    sentences: tuple[Vector, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """A pair's score and what it rests on."""

    score: float
    text: float
    words: tuple[str, ...]
    countries: frozenset[URIRef]
    partners: frozenset[URIRef]
    standards: frozenset[URIRef]
    excluded: bool = False  # explicit years that differ


def _vocabulary(profiles: Sequence[Profile]) -> set[str]:
    return {word for p in profiles for word in p.whole[0]}


def _unit_rows(profiles: Sequence[Profile], column: Mapping[str, int]) -> tuple[Any, Any]:
    """Every vector of every profile (whole, then sentences) as a row of unit length over
    ``column``'s words (the other words are left out: they add nothing to a dot product with
    the other side), and the first row of each profile."""
    import numpy as np

    vectors = [vector for p in profiles for vector in (p.whole, *p.sentences)]
    rows = np.zeros((len(vectors), len(column)))
    for row, (weights, norm) in enumerate(vectors):
        if norm:
            for word, value in weights.items():
                at = column.get(word)
                if at is not None:
                    rows[row, at] = value / norm
    sizes = [1 + len(p.sentences) for p in profiles]
    starts = np.cumsum([0, *sizes[:-1]])
    return rows, starts


def _cosine(a: Vector, b: Vector) -> float:
    (x, nx), (y, ny) = (a, b) if len(a[0]) <= len(b[0]) else (b, a)
    dot = sum(v * y[k] for k, v in x.items() if k in y)
    return dot / (nx * ny) if dot else 0.0


class Scorer:
    """Scores pairs of activities; built once over every activity compared (for the IDF)."""

    def __init__(self, items: Iterable[WorkItem], settings: Settings) -> None:
        self.settings = settings
        self._names: dict[str, frozenset[str]] = {}  # a partner's name -> its words
        bags = {item.key: self._words(item.quote, item) for item in items}
        frequency: Counter[str] = Counter(w for bag in bags.values() for w in bag)
        total = len(bags)
        self.idf: Mapping[str, float] = {
            w: math.log((1 + total) / (1 + n)) + 1.0 for w, n in frequency.items()
        }
        self._bags = bags

    def _words(self, text: str, item: WorkItem) -> dict[str, float]:
        """The content words of ``text``, those of the item's partners' names weighing less: a
        partner counts as a shared partner, and its long name must not make two quotes alike."""
        words = {w: float(n) for w, n in content_words(text, self.settings).items()}
        names = {w for name in item.partner_names for w in self._name_words(name)}
        for word in names & words.keys():
            words[word] *= self.settings.name_weight
        return words

    def _name_words(self, name: str) -> frozenset[str]:
        if name not in self._names:
            self._names[name] = frozenset(content_words(name, self.settings))
        return self._names[name]

    def _vector(self, words: Mapping[str, float]) -> Vector:
        weighted = {w: n * self.idf.get(w, 1.0) for w, n in words.items()}
        return weighted, math.sqrt(sum(v * v for v in weighted.values()))

    def profile(self, item: WorkItem) -> Profile:
        words = self._bags.get(item.key) or self._words(item.quote, item)
        sentences = tuple(self._vector(self._words(s, item)) for s in _SENTENCE.split(item.quote))
        return Profile(item, words, self._vector(words), sentences)

    def text(self, a: Profile, b: Profile) -> float:
        """The cosine of the whole quotes or of the best-matching sentences."""
        best = _cosine(a.whole, b.whole)
        if len(a.sentences) > 1 or len(b.sentences) > 1:
            for x in a.sentences:
                for y in b.sentences:
                    best = max(best, _cosine(x, y))
        return best

    def bounds(self, left: Sequence[Profile], right: Sequence[Profile]) -> Any:
        """For each pair (``left[i]``, ``right[j]``), a number at least its :meth:`text`
        similarity: the best cosine between any of the two activities' vectors (whole quote
        or sentence), in one matrix product over the words both lists use.

        Why: the stage compares every activity of a report with every activity of each
        overlapping one, and :meth:`text` in Python cost 22 s of a 30x build for pairs that
        nearly all fall below the floor. The bound lets those pass without it; the pairs
        left are scored by :meth:`text` and :meth:`score` exactly as before, so the links do
        not change (a margin of 1e-9 covers the two summation orders)."""
        import numpy as np

        shared = _vocabulary(left) & _vocabulary(right)
        if not shared:
            return np.zeros((len(left), len(right)))
        column = {word: i for i, word in enumerate(sorted(shared))}
        a, a_starts = _unit_rows(left, column)
        b, b_starts = _unit_rows(right, column)
        products = a @ b.T
        products = np.maximum.reduceat(products, a_starts, axis=0)
        return np.maximum.reduceat(products, b_starts, axis=1)

    @property
    def most_added(self) -> float:
        """The most the facts can add to a pair's text similarity: with it, a pair whose text
        alone cannot reach a floor is passed over without building its score."""
        s = self.settings
        return s.same_type + s.same_year + 3 * s.shared_facet

    def score(self, a: Profile, b: Profile, *, text: float | None = None) -> Score:
        """The pair's score (0..1, rounded to three decimals) with its basis; ``text``: the
        pair's :meth:`text` similarity when the caller has it already."""
        s, x, y = self.settings, a.item, b.item
        if text is None:
            text = self.text(a, b)
        value = text
        if x.type == y.type:
            value += s.same_type
        if x.year is not None and x.year == y.year:
            value += s.same_year
        shared = {}
        for name in ("countries", "partners", "standards"):
            left, right = getattr(x, name), getattr(y, name)
            shared[name] = left & right
            if left and right:
                if shared[name]:
                    value += s.shared_facet * len(shared[name]) / len(left | right)
                else:
                    value -= s.disjoint_facet
        common = sorted(set(a.words) & set(b.words), key=lambda w: (-self.idf.get(w, 1.0), w))
        return Score(
            score=round(min(max(value, 0.0), 1.0), 3),
            text=round(text, 3),
            words=tuple(sorted(common[: s.shared_words])),
            countries=frozenset(shared["countries"]),
            partners=frozenset(shared["partners"]),
            standards=frozenset(shared["standards"]),
            excluded=x.explicit_year and y.explicit_year and x.year != y.year,
        )
