"""Is every fact of every activity stated in the activity's own evidence?

An activity's evidence is the paragraph text between ``ccpj:evidenceStart`` and
``ccpj:evidenceEnd`` (its ``ccpj:quote``), plus the footnotes whose marks stand inside it
(``ccpj:footnoteAt``). A fact is grounded when the evidence states it:

- a partner, country, region or standard by one of its names in the reference data or the
  graph (label, acronym, alias, demonym); a national body also by its name without its state,
  when the evidence names the state ("the National Police Service" ... "Kenya"); a country
  also through a national body of it that the evidence names, or through one of its cities
  in the gazetteer (``data/reference/cities.tsv``: "held in Astana");
- a mandate by its number ("75/196"); a tool by its title;
- a year the evidence states, or a year of the report's period when the basis says so;
- a theme by one of its cue phrases (the classifier's cue table, the profile's ``themes.toml``, read
  as data) in the evidence or the paragraph's section heading, or by one of its heading cues
  (``heading``) in the section heading;
- a Sustainable Development Goal or target (``ccpj:citesGoal``) by its code ("16", "16.3"; a
  Goal also as the head of a target's or indicator's code, a target of an indicator's:
  "16.3.2") with a word that says it is one ("Sustainable Development Goal", "SDG", "Goal",
  "target", "indicator": ``names`` of ``data/reference/sdg-citations.toml``, read as data).

Co-deliverers are checked as pairs too: two organisations that co-deliver one activity should
be named together in one sentence of its evidence (the co-delivery network draws a line
between them). A pair named only in different sentences is listed for review, not counted as
ungrounded: the later sentence may refer back to the work of the first ("Other coordinating
partners in that regard included ...").

Curated activities (``ccpj:curated true``) are exempt: a maintainer vouches for them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from rdflib import PROV, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ccpj_graph.namespaces import CCPJ

__all__ = ["Fact", "GroundingReport", "Pair", "check_grounding"]


def _default_theme_cues() -> Path:
    """The classifier's cue table of the default profile, read as data (the phrases that make
    a text about a theme)."""
    from ccpj_graph.extract.profile import load_profile

    return load_profile().files["themes"]


_NAME_PROPS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, CCPJ.shortName)
_FIELDS = (
    ("partner", CCPJ.hasPartner),
    ("country", CCPJ.beneficiary),
    ("region", CCPJ.region),
    ("standard", CCPJ.appliesStandard),
    ("mandate", CCPJ.citesMandate),
    ("tool", CCPJ.produced),
    ("theme", CCPJ.theme),
    ("goal", CCPJ.citesGoal),
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of one activity and whether its evidence states it."""

    report: str
    activity: str  # activity key, e.g. "000-88-1"
    field: str  # partner, country, region, standard, mandate, tool, theme, goal, year
    value: str  # the entity key or the year
    grounded: bool
    evidence: str


@dataclass(frozen=True, slots=True)
class Pair:
    """Two co-deliverers of one activity and whether one sentence of its evidence names both."""

    report: str
    activity: str
    first: str  # organisation keys, in order
    second: str
    together: bool
    evidence: str


@dataclass(slots=True)
class GroundingReport:
    """Every checked fact and co-deliverer pair, and the per-report figures."""

    facts: list[Fact] = field(default_factory=list)
    exempt: int = 0  # facts of curated activities
    reports: set[str] = field(default_factory=set)  # every checked report, with facts or not
    pairs: list[Pair] = field(default_factory=list)

    @property
    def apart(self) -> list[Pair]:
        """Co-deliverer pairs that no one sentence of their activity's evidence names."""
        return [p for p in self.pairs if not p.together]

    @property
    def ungrounded(self) -> list[Fact]:
        return [f for f in self.facts if not f.grounded]

    def per_report(self) -> dict[str, tuple[int, int]]:
        """report -> (grounded, total)."""
        out: dict[str, tuple[int, int]] = {key: (0, 0) for key in self.reports}
        for fact in self.facts:
            good, total = out.get(fact.report, (0, 0))
            out[fact.report] = (good + fact.grounded, total + 1)
        return dict(sorted(out.items()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "reports": {
                key: {"grounded": good, "facts": total, "share": _share(good, total)}
                for key, (good, total) in self.per_report().items()
            },
            "exempt": self.exempt,
            "ungrounded": [asdict(f) for f in self.ungrounded],
            "co_deliverer_pairs": {
                "together": len(self.pairs) - len(self.apart),
                "total": len(self.pairs),
                "apart": [asdict(p) for p in self.apart],
            },
        }

    def render(self) -> str:
        lines = [f"{'report':<8}{'grounded':>10}{'facts':>8}{'share':>9}"]
        for key, (good, total) in self.per_report().items():
            share = f"{_share(good, total):.2%}" if total else "-"  # no activity, nothing to ground
            lines.append(f"{key:<8}{good:>10}{total:>8}{share:>9}")
        lines.append(f"curated facts exempt: {self.exempt}")
        together = len(self.pairs) - len(self.apart)
        lines.append(
            f"co-deliverer pairs named in one sentence: {together} of {len(self.pairs)}"
            " (the others, to review, below)"
        )
        for fact in self.ungrounded:
            lines.append(f'UNGROUNDED {fact.activity} {fact.field} {fact.value}: "{fact.evidence}"')
        by_activity: dict[str, list[Pair]] = {}
        for pair in self.apart:
            by_activity.setdefault(pair.activity, []).append(pair)
        for activity, pairs in by_activity.items():
            named = ", ".join(f"{p.first}+{p.second}" for p in pairs)
            lines.append(f'APART {activity} {named}: "{pairs[0].evidence}"')
        return "\n".join(lines)


def _share(good: int, total: int) -> float:
    return round(good / total, 4) if total else 1.0


def _key(node: URIRef) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


@cache
def _pattern(name: str, case: bool) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in _norm(name).split(" "))
    if case:  # an acronym stands between any non-letters: "UNODC-WCO", "UNICEF/UNODC"
        return re.compile(rf"(?<![A-Za-z0-9]){words}(?![A-Za-z0-9])")
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)


_COORDINATED = re.compile(
    r"\b(?P<mods>[A-Z][\w-]*(?:\s*,\s*[A-Z][\w-]*)*\s*,?\s+and\s+[A-Z][\w-]*)"
    r"\s+(?P<head>[A-Z][\w-]*)(?P<tail>(?:\s+(?:for|of|on|the|[A-Z][\w-]*)){0,4})"
)


#: a plural body's name before a list of States: "Permanent Missions of Japan and Slovakia to
#: the United Nations"
_PLURAL_OF = re.compile(
    r"\b(?P<head>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*?)s\s+of\s+(?:the\s+)?"
    r"(?P<states>[A-Z][\w'’-]*(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+)(?:the\s+)?[A-Z][\w'’-]*)*)"
    r"(?P<tail>\s+to\s+the\s+United\s+Nations)?"
)


#: a city body's name in lower case before its cities: "municipal councils of San Pedro Sula,
#: La Ceiba and Choloma", "city councils of Douala (Cameroon) and Lubumbashi"
_LOCAL_OF = re.compile(
    r"\b(?P<head>[a-z][\w-]*\s+[a-z][\w-]*?)s?\s+of\s+"
    r"(?P<items>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:\s*\([^()]*\))?"
    r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:\s*\([^()]*\))?)*)"
)


def _expanded(text: str) -> str:
    """``text`` plus each part of its coordinated names: "West and Central Africa" adds "West
    Africa"; "European and African Forums for Restorative Justice" adds "European Forum for
    Restorative Justice"; "Permanent Missions of Japan and Slovakia" adds "Permanent Mission
    of Japan" (a State's name with "and" in it is kept whole too: "Trinidad and Tobago"); "city
    councils of Douala (Cameroon) and Lubumbashi" adds "city council of Douala" and "Douala
    city council"."""
    parts = [text]
    for match in _COORDINATED.finditer(text):
        head, tail = match.group("head"), match.group("tail")
        heads = {head, head[:-1]} if head.endswith("s") else {head}
        for mod in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match.group("mods")):
            for one in sorted(heads):
                parts.append(f"{mod} {one}{tail}")
    for match in _PLURAL_OF.finditer(text):
        head, tail = match.group("head"), match.group("tail") or ""
        pieces = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match.group("states"))
        states = pieces + [f"{a} and {b}" for a, b in pairwise(pieces)]
        for state in states:
            parts.append(f"{head} of {state}{tail}")
            parts.append(f"{head} of the {state}{tail}")
    for match in _LOCAL_OF.finditer(text):
        head = match.group("head")
        items = re.sub(r"\s*\([^()]*\)", "", match.group("items"))
        for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", items):
            parts.append(f"{head} of {item}")  # "Municipal Council of Choloma"
            parts.append(f"{item} {head}")  # "Douala City Council"
    return " | ".join(parts)


def _says(text: str, name: str, *, case: bool = False) -> bool:
    name = _norm(name)
    return bool(name) and bool(_pattern(name, case).search(text))


class _Names:
    """The names of the graph's entities, read once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._cache: dict[URIRef, tuple[list[str], list[str]]] = {}

    def of(self, node: URIRef) -> tuple[list[str], list[str]]:
        """(names matched ignoring case, acronyms matched with case)."""
        if node not in self._cache:
            names = {str(o) for p in _NAME_PROPS for o in self.graph.objects(node, p)}
            names |= {str(o) for o in self.graph.objects(node, DCTERMS.title)}
            acronyms = {str(o) for o in self.graph.objects(node, CCPJ.acronym)}
            acronyms |= {str(o) for o in self.graph.objects(node, CCPJ.iso3)}
            self._cache[node] = (sorted(names), sorted(acronyms))
        return self._cache[node]

    def named(self, node: URIRef, text: str) -> bool:
        names, acronyms = self.of(node)
        if any(_says(text, a, case=True) for a in acronyms):
            return True
        return any(_says(text, n) for n in names)

    def heads(self, node: URIRef, heading: str) -> bool:
        """Whether ``heading`` is ``node``'s name alone ("B. Ecuador"): a section of a report
        set out country by country, whose work is that State's."""
        from ccpj_graph.extract.vocab import heading_name

        name = _norm(heading_name(heading)).casefold()
        return bool(name) and name in {n.casefold() for n in self.of(node)[0]}

    def country(self, node: URIRef) -> URIRef | None:
        value = self.graph.value(node, CCPJ.country)
        return value if isinstance(value, URIRef) else None


# a theme's cue patterns, each with whether it counts in the section heading only
_Cues = dict[str, tuple[tuple[re.Pattern[str], bool], ...]]


def _theme_cues(path: Path | None = None) -> _Cues:
    return _theme_cues_of(path or _default_theme_cues())


@cache
def _theme_cues_of(path: Path) -> _Cues:
    rules = tomllib.loads(path.read_text(encoding="utf-8"))
    out: _Cues = {}
    # the field named as a whole cues its themes too (themes.toml [field]); heading cues
    # count only in the section heading
    field = rules.get("field", {})
    for key, spec in rules.get("themes", {}).items():
        phrases = [*spec.get("strong", []), *spec.get("weak", [])]
        headings = list(spec.get("heading", []))
        if key in field.get("themes", ()):
            phrases.extend(field.get("cues", ()))
            headings.extend(field.get("heading", ()))
        out[key] = tuple((_cue_pattern(p), False) for p in phrases) + tuple(
            (_cue_pattern(p), True) for p in headings
        )
    return out


def _cue_pattern(phrase: str) -> re.Pattern[str]:
    if len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/"):
        body = phrase[1:-1]
    else:
        body = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@cache
def _goal_names() -> re.Pattern[str]:
    """The words that say a number is a Goal, target or indicator (``sdg-citations.toml``)."""
    from ccpj_graph.extract.sdgs import load_forms

    names = load_forms().get("names", [])
    listed = names if isinstance(names, list) else []
    words = [r"\s+".join(re.escape(w) for w in str(n).split()) for n in listed] or ["(?!)"]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])")


def _goal_stated(code: str, said: str) -> bool:
    """The evidence states the Goal or target ``code``: the code as a number of its own, or as
    the head of a deeper code (Goal "16" in "16.3", target "16.3" in indicator "16.3.2"), and a
    word that says it is one."""
    if not code or not _goal_names().search(said):
        return False
    return bool(re.search(rf"(?<![\w.]){re.escape(code)}(?:\.[0-9a-z]+)*(?![\w])", said))


def _narrower(graph: Graph, theme: URIRef) -> set[URIRef]:
    found = {theme}
    todo = [theme]
    while todo:
        for child in graph.subjects(SKOS.broader, todo.pop()):
            if isinstance(child, URIRef) and child not in found:
                found.add(child)
                todo.append(child)
    return found


# an activity's evidence text, the footnotes it points to, and its paragraph
_Evidence = tuple[str, str, URIRef | None]


def _evidence_of(graph: Graph, activity: URIRef) -> _Evidence:
    """(evidence text, footnotes it points to, paragraph)."""
    paragraph = graph.value(activity, CCPJ.statedIn)
    quote = str(graph.value(activity, CCPJ.quote) or "")
    if not isinstance(paragraph, URIRef):
        return quote, "", None
    text = str(graph.value(paragraph, CCPJ.text) or "")
    start = graph.value(activity, CCPJ.evidenceStart)
    end = graph.value(activity, CCPJ.evidenceEnd)
    if isinstance(start, Literal) and isinstance(end, Literal):
        a, b = int(start), int(end)
    elif quote in text:
        a = text.index(quote)
        b = a + len(quote)
    else:
        return "", "", paragraph
    notes = {}
    for value in graph.objects(paragraph, CCPJ.footnoteText):
        mark, _, body = str(value).partition(". ")
        notes[mark] = body
    pointed = []
    for value in graph.objects(paragraph, CCPJ.footnoteAt):
        mark, _, at = str(value).partition("@")
        if at.isdigit() and a <= int(at) <= b and mark in notes:
            pointed.append(notes[mark])
    return _norm(text[a:b]), _norm(" ".join(sorted(pointed))), paragraph


def check_grounding(graph: Graph, *, reports: Iterable[str] | None = None) -> GroundingReport:
    """Check every extracted activity of ``graph`` (of ``reports``, when given)."""
    wanted = set(reports) if reports is not None else None
    names = _Names(graph)
    cues = _theme_cues()
    result = GroundingReport()
    # a report with no activity (a brochure) is listed with 0 of 0, not left out of the table
    for node in graph.subjects(RDF.type, CCPJ.Report):
        key = str(graph.value(node, DCTERMS.identifier) or "")
        if key and (wanted is None or key in wanted):
            result.reports.add(key)
    activities = sorted(
        {s for s in graph.subjects(CCPJ.statedIn, None) if isinstance(s, URIRef)}, key=str
    )
    for activity in activities:
        key = _key(activity)
        report = key.split("-", 1)[0]
        if wanted is not None and report not in wanted:
            continue
        evidence = _evidence_of(graph, activity)  # read once, for the facts and the pairs
        facts = list(_facts(graph, activity, key, report, names, cues, evidence))
        if graph.value(activity, CCPJ.curated) == Literal(True):
            result.exempt += len(facts)
            continue
        result.facts.extend(facts)
        result.pairs.extend(_pairs(graph, activity, key, report, names, evidence))
    return result


def _co_deliverers(graph: Graph, activity: URIRef) -> list[URIRef]:
    """The organisations the activity's partnerships give the co-deliverer role: the pairs
    the co-delivery network draws (other roles are not drawn by default)."""
    out: set[URIRef] = set()
    for partnership in graph.objects(activity, PROV.qualifiedAssociation):
        role = graph.value(partnership, PROV.hadRole)
        if isinstance(role, URIRef) and _key(role) == "co-deliverer":
            agent = graph.value(partnership, PROV.agent)
            if isinstance(agent, URIRef):
                out.add(agent)
    return sorted(out, key=str)


def _pairs(
    graph: Graph,
    activity: URIRef,
    key: str,
    report: str,
    names: _Names,
    evidence_of: _Evidence,
) -> list[Pair]:
    """Each pair of the activity's co-deliverers, and whether one sentence names both."""
    from ccpj_graph.extract.sentences import split_sentences

    orgs = _co_deliverers(graph, activity)
    if len(orgs) < 2:
        return []
    evidence, notes, _ = evidence_of
    named = [
        {org for org in orgs if _partner(org, _expanded(f"{s.text} | {notes}"), names)}
        for s in split_sentences(evidence)
    ]
    return [
        Pair(
            report,
            key,
            _key(a),
            _key(b),
            any(a in seen and b in seen for seen in named),
            evidence,
        )
        for i, a in enumerate(orgs)
        for b in orgs[i + 1 :]
    ]


def _facts(
    graph: Graph,
    activity: URIRef,
    key: str,
    report: str,
    names: _Names,
    cues: _Cues,
    evidence_of: _Evidence,
) -> Iterator[Fact]:
    evidence, notes, paragraph = evidence_of
    said = _expanded(f"{evidence} | {notes}")
    heading = str(graph.value(paragraph, CCPJ.sectionTitle) or "") if paragraph else ""
    partners = [p for p in graph.objects(activity, CCPJ.hasPartner) if isinstance(p, URIRef)]
    for name, prop in _FIELDS:
        for node in sorted(graph.objects(activity, prop), key=str):
            if not isinstance(node, URIRef):
                continue
            if name == "partner":
                ok = _partner(node, said, names, heading)
            elif name == "country":
                ok = (
                    names.named(node, said)
                    or _city_named(_key(node), said)
                    or names.heads(node, heading)
                    or any(
                        names.country(p) == node and _partner(p, said, names, heading)
                        for p in partners
                    )
                )
            elif name == "mandate":
                number = str(graph.value(node, CCPJ.resolutionNumber) or "").split(" ")[0]
                cited = rf"(?<![\d/]){re.escape(number)}(?![\d/])"
                ok = bool(number) and bool(re.search(cited, said))
            elif name == "goal":
                ok = _goal_stated(str(graph.value(node, SKOS.notation) or ""), said)
            elif name == "theme":
                keys = {_key(t) for t in _narrower(graph, node)}
                ok = any(
                    (not heading_only and p.search(said)) or p.search(heading)
                    for k in keys
                    for p, heading_only in cues.get(k, ())
                )
            else:
                ok = names.named(node, said)
            yield Fact(report, key, name, _key(node), ok, evidence)
    year = graph.value(activity, CCPJ.year)
    if year is not None:
        basis = str(graph.value(activity, CCPJ.yearBasis) or "")
        if basis == "explicit":
            ok = bool(re.search(rf"(?<!\d){year}(?!\d)", said))
        else:
            ok = basis == "reporting-period" and _in_period(graph, report, int(str(year)))
        yield Fact(report, key, "year", str(year), ok, evidence)


def _city_named(country: str, said: str) -> bool:
    """The evidence names a city of the gazetteer (``cities.tsv``) that names ``country``
    ("held in Astana"); the extractor reads one only where it says where work was done."""
    from ccpj_graph.extract.vocab import load_vocabulary, strip_accents

    cities = load_vocabulary().city_names.get(country, ())
    bare = strip_accents(said)  # the linker compares names without accents: "Bogota", "Bogotá"
    return any(_says(bare, strip_accents(city), case=True) for city in cities)


def _partner(org: URIRef, said: str, names: _Names, heading: str = "") -> bool:
    if names.named(org, said):
        return True
    state = names.country(org)
    if state is None or not (names.named(state, said) or names.heads(state, heading)):
        return False
    # a national body named without its state, the state named in the evidence
    state_names = [n for n in names.of(state)[0]]
    for label in names.of(org)[0]:
        bare = label
        for n in sorted(state_names, key=len, reverse=True):
            bare = re.sub(rf"\b(?:of\s+)?(?:the\s+)?{re.escape(n)}(?!\w)", " ", bare)
        bare = _norm(re.sub(r"^(?:the\s+)", "", _norm(bare)))
        if bare.lower() in {"", "government"} or _says(said, bare):
            return True  # a state's government, or its body, with the state named
    return False


def _in_period(graph: Graph, report: str, year: int) -> bool:
    node = next(
        (s for s in graph.subjects(DCTERMS.identifier, Literal(report)) if isinstance(s, URIRef)),
        None,
    )
    if node is None:
        return False
    start, end = graph.value(node, CCPJ.periodStart), graph.value(node, CCPJ.periodEnd)
    if start is None or end is None:
        return False
    return int(str(start)) <= year <= int(str(end))
