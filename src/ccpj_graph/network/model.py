"""Build a networkx graph from a projection's evidence rows: aggregate, filter, describe.

Why aggregate in Python rather than in SPARQL: every network needs the same bookkeeping
(distinct activities per edge, per node and per theme; the years that become GEXF spells; the
theme and year filters) and writing it once here keeps the projection files short and
declarative. Nodes and edges are added in sorted order, so every export is deterministic.

What a node carries: ``label`` (short: acronym, short name or label), ``name`` (full),
``type`` (the top ontology class: Organisation, Country, Standard, Activity, ...), ``kind``
(the subclass key: un-entity, training, ...), ``iso3``, ``activities`` (distinct activities it
takes part in), ``years`` and ``themes`` (theme key -> activities); in the ``full`` network also
its literal values under their prefixed property names. An edge carries ``weight``,
``activities``, ``relations``, ``years`` and ``themes``. Graph attributes: ``name``, ``title``,
``description``, ``directed``, ``years`` (every year seen), ``themes`` (key -> label),
``filters``, ``node_attributes`` (the literal attribute names, in order).

Years: an element's years are those of its dated evidence. Evidence without a year (the
brochure states none) still counts in weights but gives no spell; an element with no dated
evidence at all has no years and is shown at all times.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from ccpj_graph.errors import InputError
from ccpj_graph.network.projection import Projection, describe_query, get_projection
from ccpj_graph.network.source import Row, Source
from ccpj_graph.query.terms import Term

__all__ = [
    "ID_BASE",
    "Filters",
    "build_network",
    "key_of",
    "resolve_theme",
    "short_name",
]

#: Instance IRIs start with this; their last path segment is their key.
ID_BASE = "https://w3id.org/ccpj/id/"
_ONTOLOGY = "https://w3id.org/ccpj/ontology#"
_YEAR = re.compile(r"^(-?\d{4})")
_LIST_SEPARATOR = "; "


@dataclass(frozen=True, slots=True)
class Filters:
    """Which activities a network keeps: one theme (by key) and an inclusive year range."""

    theme: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    def __post_init__(self) -> None:
        low, high = self.year_from, self.year_to
        if low is not None and high is not None and low > high:
            raise InputError(f"--from {low} --to {high}: the range is empty (--from is after --to)")

    @property
    def active(self) -> bool:
        return self.theme is not None or self.year_from is not None or self.year_to is not None

    def describe(self) -> str:
        """The filters as a short phrase ("theme prison, 2011–2020"), empty when none."""
        parts = []
        if self.theme:
            parts.append(f"theme {self.theme}")
        if self.year_from is not None or self.year_to is not None:
            low = "" if self.year_from is None else str(self.year_from)
            high = "" if self.year_to is None else str(self.year_to)
            parts.append(low if low == high else f"{low}–{high}")
        return ", ".join(parts)

    def options(self) -> str:
        """The filters as the command-line options that set them."""
        parts = []
        if self.theme is not None:
            parts.append(f"--theme {self.theme}")
        if self.year_from is not None:
            parts.append(f"--from {self.year_from}")
        if self.year_to is not None:
            parts.append(f"--to {self.year_to}")
        return " ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {"theme": self.theme, "from": self.year_from, "to": self.year_to}

    def in_range(self, year: int | None) -> bool:
        if self.year_from is None and self.year_to is None:
            return True
        if year is None:
            return False
        low = self.year_from if self.year_from is not None else year
        high = self.year_to if self.year_to is not None else year
        return low <= year <= high


@dataclass(frozen=True, slots=True)
class _Evidence:
    source: str
    target: str | None
    relation: str | None
    activity: str | None
    year: int | None
    theme: str | None
    attribute: str | None
    value: str | None


@dataclass(slots=True)
class _Tally:
    """What one node or edge accumulates from its evidence rows."""

    activities: set[str] = field(default_factory=set)
    relations: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    themes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, row: _Evidence) -> None:
        if row.activity:
            self.activities.add(row.activity)
        if row.relation:
            self.relations.add(row.relation)
        if row.year is not None:
            self.years.add(row.year)
        if row.theme and row.activity:
            self.themes[row.theme].add(row.activity)


def key_of(iri: str) -> str:
    """The key of an instance IRI: its last path segment (``.../theme/prison`` -> prison)."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def short_name(iri: str, prefixes: Mapping[str, str]) -> str:
    """A readable name for a property or role IRI: a prefixed name, or an instance's key."""
    if iri.startswith(ID_BASE):
        return key_of(iri)
    best = ""
    for prefix, namespace in prefixes.items():
        if prefix and iri.startswith(namespace) and len(namespace) > len(best):
            best, chosen = namespace, prefix
    if best:
        return f"{chosen}:{iri[len(best) :]}"
    return iri


def _year(term: Term | None) -> int | None:
    if term is None:
        return None
    match = _YEAR.match(term.value.strip())
    return int(match.group(1)) if match else None


def _iri(term: Term | None) -> str | None:
    if term is None or term.kind != "uri":
        return None
    return term.value


def _text(term: Term | None, prefixes: Mapping[str, str]) -> str | None:
    if term is None:
        return None
    if term.kind == "uri":
        return short_name(term.value, prefixes)
    return " ".join(term.value.split()) if term.kind == "literal" else None


def _evidence(rows: Iterable[Row], prefixes: Mapping[str, str]) -> list[_Evidence]:
    out = []
    for row in rows:
        source = _iri(row.get("source"))
        if source is None:  # blank nodes and literals are not nodes
            continue
        target_term = row.get("target")
        target = _iri(target_term)
        if target_term is not None and target is None:
            continue
        theme = _iri(row.get("theme"))
        value = row.get("value")
        out.append(
            _Evidence(
                source=source,
                target=target,
                relation=_text(row.get("relation"), prefixes),
                activity=_iri(row.get("activity")),
                year=_year(row.get("year")),
                theme=key_of(theme) if theme else None,
                attribute=_text(row.get("attribute"), prefixes),
                value=value.value if value is not None and value.kind == "literal" else None,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class _Description:
    label: str
    name: str
    type: str
    kind: str
    iso3: str


def _slug(name: str) -> str:
    """A class name as a key: UNEntity -> un-entity, GovernmentBody -> government-body."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower()


def _describe(rows: Iterable[Row]) -> dict[str, _Description]:
    """Node IRI -> description, each value chosen deterministically among the rows."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        node = _iri(row.get("node"))
        if node is None:
            continue
        values = found[node]
        cls, top, key = row.get("class"), row.get("top"), row.get("key")
        if cls is not None:
            values["class"].add(cls.value)
            if top is not None:
                values["top"].add(top.value)
                if top.value != cls.value:
                    kind = key.value if key is not None else _slug(key_of(cls.value))
                    values["kind"].add(kind)
        for column in ("prefLabel", "label", "shortName", "acronym", "title", "iso3"):
            term = row.get(column)
            if term is not None and term.value.strip():
                values[column].add(" ".join(term.value.split()))
    out = {}
    for node, values in found.items():

        def first(*columns: str, values: dict[str, set[str]] = values) -> str:
            for column in columns:
                if values.get(column):
                    return min(values[column])
            return ""

        top_class = first("top") or first("class")
        type_name = key_of(top_class) if top_class else ""
        name = first("prefLabel", "label", "title", "shortName", "acronym") or key_of(node)
        out[node] = _Description(
            label=first("acronym", "shortName") or name,
            name=name,
            type=type_name,
            kind=first("kind"),
            iso3=first("iso3"),
        )
    return out


@dataclass(frozen=True, slots=True)
class _Theme:
    key: str
    label: str
    broader: frozenset[str]


def _themes(rows: Iterable[Row]) -> dict[str, _Theme]:
    """Theme key (the IRI's last segment) -> label and every broader theme's key."""
    labels: dict[str, set[str]] = defaultdict(set)
    notations: dict[str, set[str]] = defaultdict(set)
    broader: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        theme = _iri(row.get("theme"))
        if theme is None:
            continue
        key = key_of(theme)
        broader.setdefault(key, set())
        if (label := row.get("label")) is not None:
            labels[key].add(" ".join(label.value.split()))
        if (notation := row.get("key")) is not None:
            notations[key].add(notation.value)
        if (up := _iri(row.get("broader"))) is not None:
            broader[key].add(key_of(up))
    return {
        key: _Theme(key, min(labels[key]) if labels[key] else key, frozenset(broader[key]))
        for key in sorted(broader)
    }


def resolve_theme(wanted: str, themes: Mapping[str, _Theme]) -> str:
    """The key of the theme ``wanted`` names (its key or its label, any case)."""
    if wanted in themes:
        return wanted
    folded = " ".join(wanted.split()).casefold()
    for theme in themes.values():
        if folded in (theme.key.casefold(), theme.label.casefold()):
            return theme.key
    raise InputError(
        f"--theme: unknown theme {wanted!r}; expected one of {', '.join(sorted(themes))}"
    )


def _apply_filters(
    evidence: list[_Evidence], filters: Filters, themes: Mapping[str, _Theme], network: str
) -> tuple[list[_Evidence], Filters]:
    """The evidence the filters keep, and the filters with the theme resolved to its key."""
    if not filters.active:
        return evidence, filters
    keep_activities: set[str] | None = None
    if filters.theme is not None:
        known = dict(themes)
        for e in evidence:  # a theme used but not described still counts as a theme
            if e.theme and e.theme not in known:
                known[e.theme] = _Theme(e.theme, e.theme, frozenset())
        key = resolve_theme(filters.theme, known)
        filters = Filters(theme=key, year_from=filters.year_from, year_to=filters.year_to)
        wanted = {t.key for t in known.values() if t.key == key or key in t.broader}
        keep_activities = {e.activity for e in evidence if e.activity and e.theme in wanted}
    kept = [
        e
        for e in evidence
        if e.attribute is None
        and e.activity is not None
        and (keep_activities is None or e.activity in keep_activities)
        and filters.in_range(e.year)
    ]
    if not kept:
        years = sorted({e.year for e in evidence if e.year is not None})
        span = (
            f"its activities span {years[0]}–{years[-1]}" if years else "it has no dated activities"
        )
        raise InputError(f"{filters.options()}: network {network} has no activities there ({span})")
    nodes = {e.source for e in kept} | {e.target for e in kept if e.target}
    kept += [e for e in evidence if e.attribute is not None and e.source in nodes]
    return kept, filters


def build_network(
    projection: Projection | str,
    source: Source,
    *,
    filters: Filters | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> nx.Graph:
    """The network ``projection`` defines, over ``source``, restricted by ``filters``.

    Raises :class:`InputError` for an unknown theme, or when the filters leave nothing.
    """
    if isinstance(projection, str):
        projection = get_projection(projection)
    filters = filters or Filters()
    if prefixes is None:
        from ccpj_graph.query.canned import load_prefixes

        prefixes = load_prefixes()
    descriptions = _describe(source.select(describe_query("nodes")))
    themes = _themes(source.select(describe_query("themes")))
    evidence = _evidence(source.select(projection.text), prefixes)
    evidence, filters = _apply_filters(evidence, filters, themes, projection.name)

    node_tally: dict[str, _Tally] = defaultdict(_Tally)
    edge_tally: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    literals: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in evidence:
        if row.attribute is not None:
            if row.value is not None:
                literals[row.source][row.attribute].add(row.value)
            node_tally.setdefault(row.source, _Tally())  # a node with literals only
            continue
        node_tally[row.source].add(row)
        if row.target is None:
            continue
        node_tally[row.target].add(row)
        ends = (row.source, row.target)
        if not projection.directed and ends[1] < ends[0]:
            ends = (ends[1], ends[0])
        edge_tally[ends].add(row)

    graph: nx.Graph = nx.DiGraph() if projection.directed else nx.Graph()
    all_years = sorted({y for t in node_tally.values() for y in t.years})
    themes_used = sorted({k for t in node_tally.values() for k in t.themes})
    attribute_names = sorted({a for values in literals.values() for a in values})
    graph.graph.update(
        name=projection.name,
        title=projection.title,
        description=projection.description,
        directed=projection.directed,
        weight=projection.weight,
        years=all_years,
        themes={k: themes[k].label if k in themes else k for k in themes_used},
        filters=filters.as_dict(),
        filter_text=filters.describe(),
        node_attributes=attribute_names,
    )
    for node in sorted(node_tally):
        tally = node_tally[node]
        d = descriptions.get(node) or _Description(key_of(node), key_of(node), "", "", "")
        attrs: dict[str, object] = {
            "label": d.label,
            "name": d.name,
            "type": d.type,
            "kind": d.kind,
            "iso3": d.iso3,
            "activities": len(tally.activities),
            "years": tuple(sorted(tally.years)),
            "themes": {k: len(v) for k, v in sorted(tally.themes.items())},
        }
        for attribute, values in sorted(literals.get(node, {}).items()):
            attrs[attribute] = _LIST_SEPARATOR.join(sorted(values))
        graph.add_node(node, **attrs)
    for start, end in sorted(edge_tally):
        tally = edge_tally[(start, end)]
        counted = tally.activities if projection.weight == "activities" else tally.relations
        graph.add_edge(
            start,
            end,
            weight=max(1, len(counted)),
            activities=len(tally.activities),
            relations=tuple(sorted(tally.relations)),
            years=tuple(sorted(tally.years)),
            themes={k: len(v) for k, v in sorted(tally.themes.items())},
        )
    return graph
