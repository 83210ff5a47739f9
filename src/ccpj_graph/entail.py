"""A fast OWL 2 RL materialiser for the constructs the ontology uses, checked against owlrl.

Why: owlrl re-runs every rule over every triple until nothing changes, which took 94-96 % of a
build (14 s for the 18k-triple corpus, 200 s at 30x). Almost all of that work is the schema
meeting the data over and over. Here the schema (TBox) is closed once, by owlrl itself, and the
data (ABox) rules are compiled from that closure into lookup tables, so each data triple is
visited once: subclass, subproperty, domain, range, inverse, symmetric and transitive
properties, property chains (``ccpj:coversPlace`` over ``ccpj:locatedIn``), and the
consistency checks the profile has for these (disjoint classes, ``owl:Nothing``, ill-typed
literals).

Anything else in the schema (restrictions, unions, keys, ``owl:sameAs``, functional
properties with two values, ...) is outside this engine: :func:`compile_rules` reports it in
:attr:`Rules.unsupported` and the caller falls back to owlrl. ``tests/test_reason.py`` keeps
the two engines equal on the bundled corpus and on a scaled one.

Data can be materialised in layers (:class:`Closure` with a ``base``): the reference data
once, then each report on top of it, which is what makes per-report caching possible.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

__all__ = [
    "SCHEMA_PREDICATES",
    "Closure",
    "Rules",
    "Triple",
    "compile_rules",
    "datatype_triples",
    "disjointness_errors",
    "functional_clashes",
    "is_schema_triple",
    "literal_errors",
]

Triple = tuple[Node, Node, Node]

TYPE = RDF.type

#: Predicates whose triples belong to the schema: closed once by owlrl, never per report.
SCHEMA_PREDICATES = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
        OWL.propertyChainAxiom,
        OWL.disjointWith,
        OWL.propertyDisjointWith,
        OWL.members,
        OWL.distinctMembers,
        OWL.onProperty,
        OWL.onClass,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.hasValue,
        OWL.intersectionOf,
        OWL.unionOf,
        OWL.complementOf,
        OWL.oneOf,
        OWL.hasKey,
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
        OWL.disjointUnionOf,
        OWL.onDatatype,
        OWL.withRestrictions,
        OWL.sourceIndividual,
        OWL.assertionProperty,
        OWL.targetIndividual,
        OWL.targetValue,
        RDF.first,
        RDF.rest,
    }
)

#: Classes of schema terms: a triple typing something with one of them belongs to the schema.
META_CLASSES = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        RDFS.Datatype,
        OWL.Restriction,
        RDF.Property,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.OntologyProperty,
        OWL.TransitiveProperty,
        OWL.SymmetricProperty,
        OWL.AsymmetricProperty,
        OWL.ReflexiveProperty,
        OWL.IrreflexiveProperty,
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.AllDisjointClasses,
        OWL.AllDisjointProperties,
        OWL.AllDifferent,
        OWL.NegativePropertyAssertion,
    }
)

# Schema constructs this engine does not implement: their presence means owlrl does the work.
_UNSUPPORTED_PREDICATES = frozenset(
    {
        OWL.propertyDisjointWith,
        OWL.distinctMembers,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.hasValue,
        OWL.intersectionOf,
        OWL.unionOf,
        OWL.complementOf,
        OWL.oneOf,
        OWL.hasKey,
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
        OWL.sourceIndividual,
        OWL.sameAs,
        OWL.differentFrom,
    }
)
_UNSUPPORTED_TYPES = frozenset(
    {
        OWL.AsymmetricProperty,
        OWL.IrreflexiveProperty,
        OWL.InverseFunctionalProperty,
        OWL.AllDisjointProperties,
        OWL.AllDifferent,
        OWL.NegativePropertyAssertion,
    }
)
_VOCABULARIES = (str(RDF), str(RDFS), str(OWL))

_DISJOINT = "Disjoint classes %s and %s have a common individual %s"
_NOTHING = "%s is defined of type 'Nothing'"


def is_schema_triple(triple: Triple) -> bool:
    """True for a triple that states something about classes or properties (the TBox)."""
    _, predicate, obj = triple
    if predicate in SCHEMA_PREDICATES:
        return True
    return predicate == TYPE and obj in META_CLASSES


@dataclass(frozen=True, slots=True)
class Rules:
    """The data rules an OWL 2 RL schema closure implies, as lookup tables.

    Each table maps a class or property to what one data triple entails through it; the
    schema closure is already transitive, so one step per triple suffices (the worklist in
    :class:`Closure` still follows whatever a new triple entails in turn).
    """

    superclasses: dict[Node, tuple[Node, ...]]
    superproperties: dict[Node, tuple[Node, ...]]
    domains: dict[Node, tuple[Node, ...]]
    ranges: dict[Node, tuple[Node, ...]]
    inverses: dict[Node, tuple[Node, ...]]
    symmetric: frozenset[Node]
    transitive: frozenset[Node]
    # link property -> (position in the chain, the chain's property, the chain)
    chains: dict[Node, tuple[tuple[int, Node, tuple[Node, ...]], ...]]
    disjoint: tuple[tuple[Node, Node], ...]
    functional: frozenset[Node]
    unsupported: tuple[str, ...]

    @property
    def joined(self) -> frozenset[Node]:
        """Properties whose rules join two triples (transitive ones and chain links)."""
        return self.transitive | frozenset(self.chains)


def _rdf_list(triples: dict[Node, dict[Node, list[Node]]], head: Node) -> list[Node] | None:
    items: list[Node] = []
    seen: set[Node] = set()
    while head != RDF.nil:
        if head in seen:
            return None
        seen.add(head)
        props = triples.get(head, {})
        first, rest = props.get(RDF.first, []), props.get(RDF.rest, [])
        if len(first) != 1 or len(rest) != 1:
            return None
        items.append(first[0])
        head = rest[0]
    return items


def _pair_key(pair: tuple[Node, Node]) -> tuple[str, str]:
    return str(pair[0]), str(pair[1])


def compile_rules(schema_closure: Iterable[Triple]) -> Rules:
    """Read the data rules out of an owlrl-closed schema; unknown constructs are listed."""
    by_subject: dict[Node, dict[Node, list[Node]]] = {}
    pairs: dict[Node, set[tuple[Node, Node]]] = {}
    typed: dict[Node, set[Node]] = {}
    unsupported: set[str] = set()
    for s, p, o in schema_closure:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
        pairs.setdefault(p, set()).add((s, o))
        if p == TYPE:
            typed.setdefault(o, set()).add(s)
        if p in _UNSUPPORTED_PREDICATES and not (p == OWL.sameAs and s == o):
            unsupported.add(f"{p}")
        if p == TYPE and o in _UNSUPPORTED_TYPES:
            unsupported.add(f"{o}")
        # The schema must not give the RDF/OWL vocabulary itself data rules (a domain for
        # rdf:type, a subproperty of rdfs:subClassOf ...): the split into schema and data
        # would no longer hold.
        if p in SCHEMA_PREDICATES - {RDF.first, RDF.rest} and (
            p in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf)
            and (str(o).startswith(_VOCABULARIES) or str(s).startswith(_VOCABULARIES))
            and s != o
            and not (str(s).startswith(_VOCABULARIES) and str(o).startswith(_VOCABULARIES))
        ):
            unsupported.add(f"schema statement about the vocabulary: {s} {p} {o}")
        if p in (RDFS.domain, RDFS.range, RDFS.subClassOf, OWL.equivalentClass) and (
            o in META_CLASSES and not str(s).startswith(_VOCABULARIES)
        ):
            unsupported.add(f"data typed as schema through {s} {p} {o}")

    def table(predicate: Node, *, both: bool = False) -> dict[Node, set[Node]]:
        found: dict[Node, set[Node]] = {}
        for s, o in pairs.get(predicate, ()):
            if s == o:
                continue
            found.setdefault(s, set()).add(o)
            if both:
                found.setdefault(o, set()).add(s)
        return found

    def frozen(found: dict[Node, set[Node]]) -> dict[Node, tuple[Node, ...]]:
        return {key: tuple(sorted(values, key=str)) for key, values in found.items()}

    superclasses = table(RDFS.subClassOf)
    for key, values in table(OWL.equivalentClass, both=True).items():
        superclasses.setdefault(key, set()).update(values)
    superproperties = table(RDFS.subPropertyOf)
    for key, values in table(OWL.equivalentProperty, both=True).items():
        superproperties.setdefault(key, set()).update(values)
    inverses: dict[Node, set[Node]] = {}
    for s, o in pairs.get(OWL.inverseOf, ()):
        inverses.setdefault(s, set()).add(o)
        inverses.setdefault(o, set()).add(s)

    chains: dict[Node, list[tuple[int, Node, tuple[Node, ...]]]] = {}
    for prop, head in sorted(pairs.get(OWL.propertyChainAxiom, ()), key=_pair_key):
        links = _rdf_list(by_subject, head)
        if not links:
            unsupported.add(f"malformed property chain on {prop}")
            continue
        for position, link in enumerate(links):
            chains.setdefault(link, []).append((position, prop, tuple(links)))

    disjoint: list[tuple[Node, Node]] = sorted(pairs.get(OWL.disjointWith, ()), key=_pair_key)
    for group in sorted(typed.get(OWL.AllDisjointClasses, ()), key=str):
        for head in by_subject.get(group, {}).get(OWL.members, []):
            members = _rdf_list(by_subject, head) or []
            disjoint += [
                (first, second)
                for index, first in enumerate(members)
                for second in members[index + 1 :]
            ]

    return Rules(
        superclasses=frozen(superclasses),
        superproperties=frozen(superproperties),
        domains=frozen(table(RDFS.domain)),
        ranges=frozen(table(RDFS.range)),
        inverses=frozen(inverses),
        symmetric=frozenset(typed.get(OWL.SymmetricProperty, ())),
        transitive=frozenset(typed.get(OWL.TransitiveProperty, ())),
        chains={key: tuple(value) for key, value in chains.items()},
        disjoint=tuple(dict.fromkeys(disjoint)),
        functional=frozenset(typed.get(OWL.FunctionalProperty, ())),
        unsupported=tuple(sorted(unsupported)),
    )


@dataclass(slots=True)
class Closure:
    """The data closure under :class:`Rules`, optionally on top of a finished ``base``.

    ``added`` holds what this layer entails beyond its input and its base; the base is read,
    never changed, so one reference-data closure serves every report.
    """

    rules: Rules
    base: Closure | None = None
    triples: set[Triple] = field(default_factory=set)
    added: set[Triple] = field(default_factory=set)
    _out: dict[Node, dict[Node, set[Node]]] = field(default_factory=dict)
    _in: dict[Node, dict[Node, set[Node]]] = field(default_factory=dict)
    _queue: deque[Triple] = field(default_factory=deque)

    def __contains__(self, triple: Triple) -> bool:
        layer: Closure | None = self
        while layer is not None:
            if triple in layer.triples:
                return True
            layer = layer.base
        return False

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        layer: Closure | None = self
        while layer is not None:
            yield from layer._out.get(predicate, {}).get(subject, ())
            layer = layer.base

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        layer: Closure | None = self
        while layer is not None:
            yield from layer._in.get(predicate, {}).get(obj, ())
            layer = layer.base

    def add_all(self, triples: Iterable[Triple], *, asserted: bool = True) -> Closure:
        """Add ``triples`` and everything they entail; returns ``self``."""
        for triple in triples:
            self._add(triple, inferred=not asserted)
        self._run()
        return self

    def _add(self, triple: Triple, *, inferred: bool = True) -> None:
        if triple in self:
            return
        self.triples.add(triple)
        if inferred:
            self.added.add(triple)
        s, p, o = triple
        if p in self.rules.chains or p in self.rules.transitive:
            self._out.setdefault(p, {}).setdefault(s, set()).add(o)
            self._in.setdefault(p, {}).setdefault(o, set()).add(s)
        self._queue.append(triple)

    def _run(self) -> None:
        rules = self.rules
        add = self._add
        queue = self._queue
        while queue:
            s, p, o = queue.popleft()
            if p == TYPE:
                for cls in rules.superclasses.get(o, ()):
                    add((s, TYPE, cls))
            for prop in rules.superproperties.get(p, ()):
                add((s, prop, o))
            for cls in rules.domains.get(p, ()):
                add((s, TYPE, cls))
            for cls in rules.ranges.get(p, ()):
                add((o, TYPE, cls))
            for prop in rules.inverses.get(p, ()):
                add((o, prop, s))
            if p in rules.symmetric:
                add((o, p, s))
            if p in rules.transitive:
                for after in list(self.objects(o, p)):
                    add((s, p, after))
                for before in list(self.subjects(p, s)):
                    add((before, p, o))
            for position, prop, links in rules.chains.get(p, ()):
                for start, end in self._chain_ends(s, o, position, links):
                    add((start, prop, end))

    def _chain_ends(
        self, s: Node, o: Node, position: int, links: tuple[Node, ...]
    ) -> list[tuple[Node, Node]]:
        starts = {s}
        for link in reversed(links[:position]):
            starts = {before for node in starts for before in self.subjects(link, node)}
        ends = {o}
        for link in links[position + 1 :]:
            ends = {after for node in ends for after in self.objects(node, link)}
        return [(start, end) for start in starts for end in ends]

    def types(self) -> dict[Node, set[Node]]:
        """Every node's classes in this layer (asserted and inferred, base excluded)."""
        found: dict[Node, set[Node]] = {}
        for s, p, o in self.triples:
            if p == TYPE:
                found.setdefault(s, set()).add(o)
        return found


def disjointness_errors(
    pairs: Iterable[tuple[Node, Node]], types: dict[Node, set[Node]]
) -> list[str]:
    """owlrl's messages for individuals in two disjoint classes (rules cax-dw, cax-adc) and for
    members of ``owl:Nothing`` (cls-nothing2)."""
    errors = []
    for first, second in pairs:
        for node, classes in types.items():
            if first in classes and second in classes:
                errors.append(_DISJOINT % (first, second, node))
    errors += [_NOTHING % node for node, classes in types.items() if OWL.Nothing in classes]
    return errors


def functional_clashes(rules: Rules, triples: Iterable[Triple]) -> list[Triple]:
    """Pairs of values of one functional property on one subject (owlrl would equate them)."""
    seen: dict[tuple[Node, Node], Node] = {}
    clashes = []
    for s, p, o in triples:
        if p in rules.functional:
            other = seen.setdefault((s, p), o)
            if other != o:
                clashes.append((s, p, o))
    return clashes


def literal_errors(triples: Iterable[Triple]) -> list[str]:
    """owlrl's dt-not-type messages: literals its converters cannot read for their datatype."""
    from owlrl.DatatypeHandling import AltXSDToPYTHON
    from owlrl.XsdDatatypes import OWL_RL_Datatypes

    datatypes = frozenset(OWL_RL_Datatypes)
    errors = []
    checked: set[Literal] = set()
    for _, _, obj in triples:
        if not isinstance(obj, Literal) or obj.datatype not in datatypes or obj in checked:
            continue
        checked.add(obj)
        converter = AltXSDToPYTHON.get(obj.datatype)
        if converter is None:
            continue
        try:
            converter(str(obj))
        except ValueError:
            errors.append(
                f"Lexical value of the literal '{obj}' does not match its datatype ({obj.datatype})"
            )
    return errors


def datatype_triples(triples: Iterable[Triple]) -> tuple[set[Triple], list[Triple]]:
    """What owlrl's datatype rules add for the literals in ``triples``.

    Returns (typing triples for the literals, disjointness axioms between the datatypes in
    use): owlrl types every literal of an OWL RL datatype by it (and its super-datatypes), so a
    literal forced into a disjoint datatype by a range is an inconsistency there too.
    """
    from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
    from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

    datatypes = frozenset(OWL_RL_Datatypes)
    typing: set[Triple] = set()
    used: set[Node] = set()
    for _, pred, obj in triples:
        if pred == TYPE and obj in datatypes:
            used.add(obj)
        datatype = obj.datatype if isinstance(obj, Literal) else None
        if datatype is not None and datatype in datatypes:
            used.add(datatype)
            typing.add((obj, TYPE, datatype))
            typing.update((obj, TYPE, dt) for dt in OWL_Datatype_Subsumptions.get(datatype, []))
    axioms = [
        (left, pred, right)
        for left, pred, right in OWLRL_Datatypes_Disjointness
        if left in used and right in used
    ]
    return typing, axioms
