"""The reference vocabularies (``data/reference/*.ttl``) as typed entities and alias tables.

Why: every later stage links text to the same curated entities (countries, regions,
organisations, standards, mandates, themes, roles, clusters). This module reads the Turtle once
with pyoxigraph (strict: a typo fails with file, line and column instead of silently loading
half a file, as rdflib's lenient parser would), turns each typed subject into an :class:`Entity`
and builds the token index the linker walks. Loading is cached per folder and invalidated when a
file changes (the cache key holds each file's size and mtime), so a long-lived process never
links against stale data.

Matching is exact: names are compared token by token after Unicode, apostrophe and dash
normalisation; multi-word names ignore case and accents, single words and acronyms keep their
case ("WHO" is not "who", "Chad" is not "chad"). Nothing is fuzzy.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError

__all__ = [
    "ID_BASE",
    "KINDS",
    "ONTOLOGY",
    "AliasIndex",
    "Candidate",
    "Entity",
    "Token",
    "Vocabulary",
    "fold",
    "heading_name",
    "load_lexicon",
    "load_vocabulary",
    "normalise",
    "slugify",
    "strip_accents",
    "tokenize",
]

ONTOLOGY = "https://w3id.org/ccpj/ontology#"
ID_BASE = "https://w3id.org/ccpj/id/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"

#: ontology class (local name) -> (entity kind, IRI path segment)
_CLASS_KIND: dict[str, tuple[str, str]] = {
    "Country": ("country", "country"),
    "Region": ("region", "region"),
    "Organisation": ("organisation", "org"),
    "UNEntity": ("organisation", "org"),
    "IntergovernmentalOrganisation": ("organisation", "org"),
    "GovernmentBody": ("organisation", "org"),
    "CivilSocietyOrganisation": ("organisation", "org"),
    "AcademicInstitution": ("organisation", "org"),
    "PrivateSectorOrganisation": ("organisation", "org"),
    "Standard": ("standard", "standard"),
    "Convention": ("standard", "standard"),
    "Mandate": ("mandate", "mandate"),
    "Resolution": ("mandate", "mandate"),
    "Decision": ("mandate", "mandate"),
    "ThematicArea": ("theme", "theme"),
    "StandardCluster": ("cluster", "cluster"),
    "PartnerRole": ("role", "role"),
}

#: entity kinds, in the order they are reported
KINDS = ("country", "region", "organisation", "standard", "mandate", "theme", "cluster", "role")

#: kinds whose names the token index holds (mandates are found by citation patterns instead)
_LINKED_KINDS = frozenset({"country", "region", "organisation", "standard"})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*|\S")
_POSSESSIVE = re.compile(r"^(.+)('s)$", re.IGNORECASE)


def normalise(text: str) -> str:
    """NFC text with one kind of apostrophe and one kind of hyphen, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_DASHES)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Côte d’Ivoire" -> "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[str, str]:
    """A token's normalised and folded forms, worked out once per distinct word: a report's
    tens of thousands of tokens are a few thousand words (a third of tokenizing's time)."""
    return normalise(word), fold(word)


#: a section heading's letter or number ("B. ", "III. ", "2) ")
_HEADING_MARK = re.compile(r"^(?:[A-Z]|[0-9]{1,2}|[IVX]{1,4})[.)]\s+")


def heading_name(title: str | None) -> str:
    """A section heading's words without its letter or number: "B. Ecuador" -> "Ecuador"."""
    return _HEADING_MARK.sub("", (title or "").strip())


def slugify(text: str, *, limit: int | None = None) -> str:
    """The one slug of the project, used in IRI keys and rule labels: lower-case ASCII words
    joined by hyphens, apostrophes dropped ("South-eastern Asia" -> "south-eastern-asia",
    "Côte d’Ivoire" -> "cote-divoire"); ``limit`` cuts it to that many characters."""
    ascii_text = fold(text).replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug if limit is None else slug[:limit]


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark; ``start``/``end`` index the original text. ``norm`` and
    ``folded`` are its normalised and case/accent-folded forms, computed once."""

    text: str
    start: int
    end: int
    norm: str = ""
    folded: str = ""

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Token:
        return cls(text, start, end, *_forms(text))

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def tokenize(text: str) -> list[Token]:
    """Words (with inner apostrophes) and single punctuation marks; a possessive "'s" is its own
    token so "Kenya's" still contains "Kenya" and "People's" matches in names and in text alike."""
    normalised = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_DASHES)
    if len(normalised) != len(text):  # NFC changed lengths: fall back to offsets of raw text
        normalised = text.translate(_APOSTROPHES).translate(_DASHES)
    tokens: list[Token] = []
    for match in _WORD.finditer(normalised):
        word, start, end = match.group(), match.start(), match.end()
        possessive = _POSSESSIVE.match(word) if len(word) > 2 else None
        if possessive and possessive.group(1)[-1].isalpha():
            cut = start + len(possessive.group(1))
            tokens.append(Token.of(text[start:cut], start, cut))
            tokens.append(Token.of(text[cut:end], cut, end))
        else:
            tokens.append(Token.of(text[start:end], start, end))
    return tokens


@dataclass(frozen=True, slots=True)
class Entity:
    """One curated entity of the reference data.

    ``names`` holds every name the linker may match (label, alternative labels, acronym, short
    name); ``hidden`` the hidden labels (demonyms of a country, keywords of a theme).
    """

    kind: str
    key: str
    iri: str
    label: str
    names: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    acronym: str | None = None
    short_name: str | None = None
    notation: str | None = None
    country: str | None = None  # ISO3 of a government body
    located_in: tuple[str, ...] = ()  # region keys
    iso2: str | None = None
    iso3: str | None = None
    m49: str | None = None
    issuing_body: str | None = None  # organisation key of a mandate's body
    resolution_number: str | None = None
    year: int | None = None
    adopted_by: tuple[str, ...] = ()  # mandate keys
    adoption_year: int | None = None
    cluster: str | None = None
    broader: tuple[str, ...] = ()
    source: str = ""  # the file it was read from


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity a name resolves to; ``generic`` when the name alone does not fix the country."""

    entity: Entity
    name: str
    generic: bool = False
    article: bool = False  # the name began with "the", stripped in the index ("the Niger")


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[tuple[tuple[str, ...], Candidate, bool]] = field(default_factory=list)


def _needs_case(token: str) -> bool:
    """Acronym-like tokens ("WHO", "UN") must match with their case."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class AliasIndex:
    """A token trie over names: finds the longest name starting at a token, exact up to case."""

    def __init__(self) -> None:
        self._root = _Node()
        self.max_tokens = 0

    def add(self, name: str, candidate: Candidate, *, proper: bool = False) -> None:
        """Index a name. A leading "the" is dropped (the scanner takes it back into the mention
        when the text has it), so "the Caribbean" cannot hide "Caribbean Community". A
        ``proper`` name must keep the case of its first letter ("National Police", not the
        "national police manual")."""
        tokens = [t.norm for t in tokenize(name)]
        if len(tokens) > 1 and fold(tokens[0]) == "the":
            tokens = tokens[1:]
            candidate = replace(candidate, article=True)
        if not tokens:
            return
        node = self._root
        for token in tokens:
            node = node.children.setdefault(fold(token), _Node())
        node.entries.append((tuple(tokens), candidate, proper))
        self.max_tokens = max(self.max_tokens, len(tokens))

    def matches_at(self, tokens: list[Token], index: int) -> Iterator[tuple[int, list[Candidate]]]:
        """(length, candidates) for every name that starts at ``tokens[index]``, longest first."""
        found: list[tuple[int, list[Candidate]]] = []
        node = self._root
        for offset in range(index, len(tokens)):
            child = node.children.get(tokens[offset].folded)
            if child is None:
                break
            node = child
            if node.entries:
                window = tokens[index : offset + 1]
                hits = [c for name, c, proper in node.entries if _case_ok(name, window, proper)]
                if hits:
                    found.append((offset + 1 - index, hits))
        yield from reversed(found)

    def lookup(self, name: str) -> list[Candidate]:
        """Candidates for a whole name (exact, case rules as in text)."""
        tokens = tokenize(name)
        if len(tokens) > 1 and tokens[0].folded == "the":
            tokens = tokens[1:]
        for length, hits in self.matches_at(tokens, 0):
            if length == len(tokens):
                return hits
        return []


def _case_ok(name: tuple[str, ...], window: list[Token], proper: bool = False) -> bool:
    if proper and name[0][:1].isupper() != window[0].text[:1].isupper():
        return False
    if len(name) == 1:
        # one-word names keep their case but not their accents: "Chad", not "chad"
        return strip_accents(name[0]) == strip_accents(window[0].norm)
    return all(
        strip_accents(n) == strip_accents(t.norm)
        for n, t in zip(name, window, strict=True)
        if _needs_case(n)
    )


def strip_accents(text: str) -> str:
    """``text`` without combining accents, case kept: "Bogotá" -> "Bogota"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """All reference entities, with the alias index the linker walks."""

    entities: Mapping[tuple[str, str], Entity]
    index: AliasIndex
    demonyms: AliasIndex
    #: city names (``cities.tsv``) -> the country each names; read only in a place construction
    cities: AliasIndex
    #: country key -> the gazetteer's names of its cities
    city_names: Mapping[str, tuple[str, ...]]
    #: folded name -> every candidate with that name (for the duplicate checks and look-ups)
    names: Mapping[str, tuple[Candidate, ...]]

    def get(self, kind: str, key: str) -> Entity | None:
        return self.entities.get((kind, key))

    def of_kind(self, kind: str) -> tuple[Entity, ...]:
        return tuple(e for (k, _), e in sorted(self.entities.items()) if k == kind)

    def by_iri(self, iri: str) -> Entity | None:
        for entity in self.entities.values():
            if entity.iri == iri:
                return entity
        return None

    def resolve(self, name: str, *, kind: str | None = None) -> tuple[Entity, ...]:
        """Entities whose name is exactly ``name`` (case rules as in text), optionally of a kind."""
        hits = self.index.lookup(name) + self.demonyms.lookup(name)
        found = {c.entity.iri: c.entity for c in hits if kind is None or c.entity.kind == kind}
        return tuple(found[iri] for iri in sorted(found))

    def heading_state(self, title: str | None) -> str | None:
        """The State a section heading is the name of ("Bolivia (Plurinational State of)",
        "B. Ecuador"): in a report set out country by country, the State of the section's
        work; None for any other heading."""
        name = heading_name(title)
        states = {c.entity.key for c in self.index.lookup(name) if c.entity.kind == "country"}
        return states.pop() if len(states) == 1 else None

    def ancestors(self, kind: str, key: str) -> tuple[str, ...]:
        """Region keys a country or region is located in, transitively, nearest first."""
        seen: list[str] = []
        entity = self.get(kind, key)
        frontier = list(entity.located_in) if entity else []
        while frontier:
            region = frontier.pop(0)
            if region in seen:
                continue
            seen.append(region)
            parent = self.get("region", region)
            if parent:
                frontier.extend(parent.located_in)
        return tuple(seen)

    def theme_keywords(self) -> dict[str, tuple[str, ...]]:
        """Theme key -> the words that signal the theme in text (its hidden labels)."""
        return {e.key: e.hidden for e in self.of_kind("theme")}


# ---------------------------------------------------------------------------------------------
# loading


def _local(iri: str, base: str) -> str | None:
    return iri[len(base) :] if iri.startswith(base) else None


def _read_triples(path: Path) -> Iterator[tuple[str, str, Any]]:
    """The triples of a reference file, through the one strict reader (errors name
    FILE:LINE:COL)."""
    from ccpj_graph.rdfio import read_triples

    for triple in read_triples(path, fmt="turtle"):
        subject = triple.subject
        if isinstance(subject, pyoxigraph.NamedNode | pyoxigraph.BlankNode):
            yield subject.value, triple.predicate.value, triple.object


def _literal(value: Any) -> str | None:
    return value.value if isinstance(value, pyoxigraph.Literal) else None


def _entity_from(iri: str, props: Mapping[str, list[Any]], path: Path) -> Entity | None:
    classes = sorted(
        name for t in props.get(_RDF_TYPE, []) if (name := _local(t.value, ONTOLOGY)) in _CLASS_KIND
    )
    if not classes:
        return None
    kinds = {_CLASS_KIND[c] for c in classes}
    if len(kinds) != 1:
        raise CcpjError(f"{path}: <{iri}> is typed as two kinds of entity: {', '.join(classes)}")
    kind, segment = kinds.pop()
    key = _local(iri, f"{ID_BASE}{segment}/")
    if not key or "/" in key:
        raise CcpjError(f"{path}: <{iri}> is a {kind} but not under {ID_BASE}{segment}/")

    def texts(predicate: str) -> list[str]:
        return [v for o in props.get(predicate, []) if (v := _literal(o)) is not None]

    def one(predicate: str) -> str | None:
        values = texts(predicate)
        if len(values) > 1:
            raise CcpjError(f"{path}: <{iri}> has {len(values)} values for <{predicate}>")
        return values[0] if values else None

    def keys(predicate: str, folder: str) -> tuple[str, ...]:
        found = []
        for o in props.get(predicate, []):
            local = (
                _local(o.value, f"{ID_BASE}{folder}/")
                if isinstance(o, pyoxigraph.NamedNode)
                else None
            )
            if local is None:
                raise CcpjError(f"{path}: <{iri}> <{predicate}> must point into {ID_BASE}{folder}/")
            found.append(local)
        return tuple(sorted(found))

    labels = texts(f"{_RDFS}label")
    if len(labels) != 1:
        raise CcpjError(f"{path}: <{iri}> needs exactly one rdfs:label, has {len(labels)}")
    label = labels[0]
    acronym = one(f"{ONTOLOGY}acronym")
    short_name = one(f"{ONTOLOGY}shortName")
    names = [label, *texts(f"{_SKOS}prefLabel"), *texts(f"{_SKOS}altLabel")]
    names += [n for n in (acronym, short_name) if n]
    if kind in {"theme", "role", "cluster"}:
        names = [label, *texts(f"{_SKOS}prefLabel"), *texts(f"{_SKOS}altLabel")]
    year = one(f"{ONTOLOGY}year")
    adoption_year = one(f"{ONTOLOGY}adoptionYear")
    country = keys(f"{ONTOLOGY}country", "country")
    body = keys(f"{ONTOLOGY}issuingBody", "org")
    cluster = keys(f"{ONTOLOGY}cluster", "cluster")
    return Entity(
        kind=kind,
        key=key,
        iri=iri,
        label=label,
        names=tuple(dict.fromkeys(n.strip() for n in names if n.strip())),
        hidden=tuple(sorted(texts(f"{_SKOS}hiddenLabel"))),
        classes=tuple(classes),
        acronym=acronym,
        short_name=short_name,
        notation=one(f"{_SKOS}notation"),
        country=country[0] if country else None,
        located_in=keys(f"{ONTOLOGY}locatedIn", "region"),
        iso2=one(f"{ONTOLOGY}iso2"),
        iso3=one(f"{ONTOLOGY}iso3"),
        m49=one(f"{ONTOLOGY}m49"),
        issuing_body=body[0] if body else None,
        resolution_number=one(f"{ONTOLOGY}resolutionNumber"),
        year=int(year[:4]) if year else None,
        adopted_by=keys(f"{ONTOLOGY}adoptedBy", "mandate"),
        adoption_year=int(adoption_year[:4]) if adoption_year else None,
        cluster=cluster[0] if cluster else None,
        broader=keys(f"{_SKOS}broader", "theme") if kind == "theme" else (),
        source=path.name,
    )


def _read_entities(files: Iterable[Path]) -> dict[tuple[str, str], Entity]:
    entities: dict[tuple[str, str], Entity] = {}
    for path in files:
        subjects: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for subject, predicate, obj in _read_triples(path):
            subjects[subject][predicate].append(obj)
        for iri in sorted(subjects):
            entity = _entity_from(iri, subjects[iri], path)
            if entity is None:
                continue
            if (entity.kind, entity.key) in entities:
                other = entities[(entity.kind, entity.key)].source
                raise CcpjError(f"{path}: <{iri}> is also described in {other}")
            entities[(entity.kind, entity.key)] = entity
    return entities


def _country_words(entities: Mapping[tuple[str, str], Entity]) -> AliasIndex:
    index = AliasIndex()
    for (kind, _), entity in entities.items():
        if kind == "country":
            for name in (*entity.names, *entity.hidden):
                index.add(name, Candidate(entity, name))
    return index


def _names_a_country(name: str, countries: AliasIndex) -> bool:
    tokens = tokenize(name)
    return any(next(countries.matches_at(tokens, i), None) for i in range(len(tokens)))


CITIES = "cities.tsv"


def _read_cities(
    path: Path, entities: Mapping[tuple[str, str], Entity]
) -> list[tuple[str, Entity]]:
    """(city name, its country) of the gazetteer at ``path`` (none when there is none)."""
    if not path.is_file():
        return []
    found = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line or line.startswith("#") or line.startswith("name\t"):
            continue
        name, code, *_ = [*line.split("\t"), ""]
        country = entities.get(("country", code))
        if not name or country is None:
            raise CcpjError(f"{path}:{number}: {code!r} is no country of the reference data")
        found.append((name, country))
    return found


def _build(
    entities: Mapping[tuple[str, str], Entity], cities: Iterable[tuple[str, Entity]] = ()
) -> Vocabulary:
    index, demonyms, city_index = AliasIndex(), AliasIndex(), AliasIndex()
    city_names: dict[str, list[str]] = defaultdict(list)
    for name, country in cities:
        city_index.add(name, Candidate(country, name), proper=True)
        city_names[country.key].append(name)
    names: dict[str, list[Candidate]] = defaultdict(list)
    countries = _country_words(entities)
    for (kind, _), entity in sorted(entities.items()):
        if kind not in _LINKED_KINDS:
            continue
        for name in entity.names:
            # a government body whose name does not say whose it is ("Ministry of Justice")
            # resolves only with a country from context
            generic = entity.country is not None and not _names_a_country(name, countries)
            candidate = Candidate(entity, name, generic=generic)
            index.add(name, candidate, proper=kind == "organisation")
            names[fold(name)].append(candidate)
        if kind == "country":
            for demonym in entity.hidden:
                demonyms.add(demonym, Candidate(entity, demonym))
    return Vocabulary(
        entities=dict(entities),
        index=index,
        demonyms=demonyms,
        cities=city_index,
        city_names={k: tuple(v) for k, v in sorted(city_names.items())},
        names={k: tuple(v) for k, v in names.items()},
    )


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    if not folder.is_dir():
        raise CcpjError(f"{folder}: reference data folder not found")
    turtle = sorted(folder.glob("*.ttl"))
    if not turtle:  # an empty vocabulary links nothing: every name would go unrecognised
        raise CcpjError(f"{folder}: no reference data in it (*.ttl)")
    files = [*turtle, *sorted(folder.glob(CITIES))]
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@cache
def _load(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> Vocabulary:
    entities = _read_entities(folder / name for name, _, _ in stamp if name.endswith(".ttl"))
    return _build(entities, _read_cities(folder / CITIES, entities))


def load_vocabulary(folder: Path | None = None) -> Vocabulary:
    """The vocabulary of every ``*.ttl`` in ``folder`` (default: the shipped reference data),
    with the gazetteer of its ``cities.tsv``.

    Cached; a changed file (size or mtime) is re-read on the next call.
    """
    folder = (folder or resources.reference_dir()).resolve()
    return _load(folder, _stamp(folder))


@cache
def _lexicon(path: Path, mtime: int) -> Mapping[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CcpjError(f"{path}: invalid TOML: {error}") from None


def load_lexicon(path: Path | None = None) -> Mapping[str, Any]:
    """The linker's cue words (default: the current profile's ``lexicon.toml``): partnership
    phrases, head nouns that signal an organisation's kind, mandate body phrases, publication
    nouns."""
    if path is None:
        from ccpj_graph.extract.profile import current

        path = current().lexicon_path
    path, stamp = resources.file_stamp(path)
    if stamp is None:
        raise CcpjError(f"{path}: linker lexicon not found")
    return _lexicon(path, stamp)
