"""Text passes shared by every layout: joining lines, repairing converter damage, markup.

Paragraph text must be one line that a person would accept as what the document says: words
split at line ends re-joined, spaces a PDF converter pushed into words taken out, Markdown
markup removed. Every repair that needs to know whether something is a word decides with a
:class:`Spelling` built from the document itself, the way a careful reader checks how the
same document spells the word elsewhere.

Footnote marks travel through these passes as *sentinels*: one private-use character per
footnote, put where the mark stood. :func:`take_sentinels` removes them at the end and reports
the offsets, so offsets are exact in the final text whatever the passes did before.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = [
    "SENTINEL_RE",
    "Spelling",
    "WordRepair",
    "clean_markdown",
    "collapse",
    "ends_sentence",
    "is_open",
    "join_lines",
    "repair_pdf_spacing",
    "sentinel",
    "strip_sentinels",
    "take_sentinels",
    "word_count",
]

_SENTINEL_BASE = 0xE000
_SENTINEL_MAX = 0xF8FF
SENTINEL_RE = re.compile("[\ue000-\uf8ff]")

_WORD = re.compile(r"[^\W\d_]+")
_TAIL_WORD = re.compile(r"(?:[^\W\d_]+-)*[^\W\d_]+$")  # "rights" in "human rights-"
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
# Quotes and brackets that may close a sentence after its full stop.
_CLOSERS = "\"'”’)]»*"
# Words that follow a suspended hyphen ("age- and gender-sensitive").
_SUSPENDED_BEFORE = frozenset({"and", "or", "nor", "to"})


def sentinel(index: int) -> str:
    """The private-use character standing for footnote number ``index`` (0-based)."""
    code = _SENTINEL_BASE + index
    if code > _SENTINEL_MAX:
        raise ValueError(f"too many footnotes in one document ({index + 1})")
    return chr(code)


def strip_sentinels(text: str) -> str:
    return SENTINEL_RE.sub("", text)


def take_sentinels(text: str) -> tuple[str, list[tuple[str, int]]]:
    """Remove sentinels from whitespace-collapsed ``text``; return it and ``(sentinel, offset)``.

    A mark between two spaces leaves one space; the offset is where the mark stood, after any
    punctuation it followed ("justice.²" -> offset just after the full stop).
    """
    parts = [part for part in re.split(f"({SENTINEL_RE.pattern})", text) if part]
    buf = ""
    found: list[tuple[str, int]] = []
    for index, part in enumerate(parts):
        if not SENTINEL_RE.fullmatch(part):
            buf += part
            continue
        rest = next((p for p in parts[index + 1 :] if not SENTINEL_RE.fullmatch(p)), "")
        if buf.endswith(" ") and (not rest or rest.startswith(" ")):
            buf = buf[:-1]
        found.append((part, len(buf)))
    lead = len(buf) - len(buf.lstrip())
    result = buf.strip()
    return result, [(mark, min(max(offset - lead, 0), len(result))) for mark, offset in found]


def collapse(text: str) -> str:
    """All runs of whitespace as one space, no outer whitespace."""
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(strip_sentinels(text).split())


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends a sentence: ``.``, ``!`` or ``?``, maybe before quotes."""
    core = strip_sentinels(text).rstrip().rstrip(_CLOSERS).rstrip()
    return core.endswith((".", "!", "?"))


def is_open(text: str) -> bool:
    """True when ``text`` plainly goes on: it does not end a sentence."""
    return not ends_sentence(text)


_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|>~])")
# An asterisk run that opens emphasis (after a space or opening bracket, before a word) or
# closes it (after a word, before a space or punctuation); a lone " * " or "2*3" stays.
_MD_EMPHASIS = re.compile(r"(?<![^\s(“\"‘\[])\*+(?=[^\s*])|(?<=[^\s*])\*+(?![^\s.,;:!?)”\"’\]])")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")


def clean_markdown(text: str) -> str:
    """Drop Markdown markup a converter added: links, emphasis, escapes, HTML entities."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    if _ENTITY.search(text):
        text = html.unescape(text)
    return text


@dataclass(frozen=True, slots=True)
class Spelling:
    """How one document spells its words: plain words and hyphenated compounds, lower-cased.

    Built from the document's lines with the fragments around every line-end hyphen left out,
    so "sen-" / "tence" never count as words of their own.
    """

    words: Counter[str]
    compounds: Counter[str]

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Spelling:
        words: Counter[str] = Counter()
        compounds: Counter[str] = Counter()
        split_before = False
        for raw in lines:
            line = strip_sentinels(raw).strip()
            if not line:
                continue
            split_after = bool(re.search(r"[^\W\d_]-$", line))
            tokens = _WORD.findall(line)
            if split_before and tokens:
                tokens = tokens[1:]
            if split_after and tokens:
                tokens = tokens[:-1]
            words.update(token.lower() for token in tokens)
            found = _COMPOUND.findall(line)
            if split_before and found and line.startswith(found[0]):
                found = found[1:]
            compounds.update(compound.lower() for compound in found)
            split_before = split_after
        return cls(words, compounds)

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """Is the hyphen in ``left-`` / ``right`` (split at a line end) part of the word?

        Keep it for a proper name ("Timor-" / "Leste") or a compound the document writes whole
        elsewhere ("non-custodial"); drop it when the document spells the joined word
        ("sentence"). Failing both, keep it when either half is a word the document uses on
        its own ("victim-" / "centred"), since typeset UN text breaks lines at real hyphens
        far more often than inside words; drop it when neither half is ("sen-" / "tence").
        """
        if not left or not right:
            return True
        if right[0].isupper() or "-" in left:  # a name, or a compound chain ("face-to-")
            return True
        low_left, low_right = left.lower(), right.lower()
        if self.compounds[f"{low_left}-{low_right}"]:
            return True
        if self.words[low_left + low_right]:
            return False
        return bool(self.words[low_left] or self.words[low_right])


def join_lines(lines: Sequence[str], spelling: Spelling | None = None) -> str:
    """Join wrapped lines into one string, re-joining words split at line ends.

    ``"sen-" + "tence"`` becomes ``"sentence"`` and ``"non-" + "custodial"`` stays
    ``"non-custodial"`` as the spelling decides; ``"technology -" + "based"`` (a hyphen the
    converter set apart) becomes ``"technology-based"``; ``"age-" + "and ..."`` keeps its
    suspended hyphen; a range (``"2021-" + "2025"``) or an address split at a hyphen is
    joined as it was.
    """
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not parts or not parts[-1].endswith(("-", "–")):
            parts.append(line)
            continue
        previous = parts[-1]
        spaced = previous.endswith(" -")
        token = (previous[:-2] if spaced else previous[:-1]).rsplit(" ", 1)[-1]
        left = _TAIL_WORD.search(token)
        head = _WORD.match(line)
        if previous[-2:-1].isdigit() and line[:1].isdigit():
            parts[-1] = previous + line  # a range split after its dash
        elif previous.endswith("-") and re.search(r"[/@]|\w\.\w", token):
            parts[-1] = previous + line  # an address split at one of its hyphens
        elif left and head and previous.endswith("-") and not previous.endswith("--"):
            right = head.group(0)
            if right.lower() in _SUSPENDED_BEFORE:
                parts.append(line)
            elif spaced or spelling is None or spelling.keeps_hyphen(left.group(0), right):
                parts[-1] = (previous[:-2] if spaced else previous[:-1]) + "-" + line
            else:
                parts[-1] = previous[:-1] + line
        else:
            parts.append(line)
    return " ".join(parts)


_SPACED_HYPHEN = re.compile(r"(?<=[^\W\d_]) -(?=[^\W\d_])")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=[\w”’\"')\]]) +(?=[.,;:](?:\s|$))")


def repair_pdf_spacing(text: str) -> str:
    """Undo spaces a PDF converter inserted before hyphens and punctuation.

    ``"non -custodial"`` -> ``"non-custodial"``; ``"research briefs ."`` -> ``"research
    briefs."``. Spaces inside words need the document's spelling: see :class:`WordRepair`.
    """
    text = _SPACED_HYPHEN.sub("-", text)
    return _SPACE_BEFORE_PUNCT.sub("", text)


@dataclass(frozen=True, slots=True)
class WordRepair:
    """Words a PDF converter broke with a space ("sp ort-based", "Uzb ekistan"), to re-join.

    A pair ``a b`` is re-joined when the document spells ``ab`` elsewhere, exactly so (same
    letters, same case: "Uzbekistan" for "Uzb ekistan"), and one of the two halves never
    occurs anywhere else, so it cannot be a word of its own. Real word pairs ("in to", "any
    one") stay apart because both halves occur on their own; so do pairs whose joined form the
    document writes only otherwise cased ("We applaud" beside the hashtag "#WeApplaud", "road
    map" beside the title "UNODC Roadmap"): there the space is the source's.
    """

    joins: frozenset[tuple[str, str]]

    @classmethod
    def learn(cls, texts: Iterable[str]) -> WordRepair:
        words: Counter[str] = Counter()
        exact: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            plain = strip_sentinels(text)
            tokens = list(_WORD.finditer(plain))
            words.update(token.group().lower() for token in tokens)
            exact.update(token.group() for token in tokens)
            for first, second in pairwise(tokens):
                if plain[first.end() : second.start()] == " ":
                    pairs[(first.group(), second.group())] += 1
        # Fragments "explained" by a pair whose joined form is a word of the document.
        known = {pair: count for pair, count in pairs.items() if exact[pair[0] + pair[1]]}
        explained: Counter[str] = Counter()
        for (left, right), count in known.items():
            explained[left.lower()] += count
            explained[right.lower()] += count
        joins = {
            (left, right)
            for left, right in known
            if len(left + right) >= 5
            and (
                words[left.lower()] <= explained[left.lower()]
                or words[right.lower()] <= explained[right.lower()]
            )
        }
        return cls(frozenset(joins))

    def apply(self, text: str) -> str:
        if not self.joins:
            return text
        tokens = list(_WORD.finditer(text))
        drop: list[int] = []  # indexes of the spaces to take out
        for first, second in pairwise(tokens):
            gap = text[first.end() : second.start()]
            key = (first.group(), second.group())
            if gap == " " and second.group()[0].islower() and key in self.joins:
                drop.append(first.end())
        for index in reversed(drop):
            text = text[:index] + text[index + 1 :]
        return text
