"""The flat export for analysts and for checking: one record per activity (JSONL or CSV).

Keys, exactly: id, source_file, paragraph, year, type, themes, countries, regions, partners,
standards, mandates, tools, quote. Themes use the annotation's keys (the six core areas as they
are, anything else as ``other:<key>``), countries ISO alpha-3, mandates the normalised form
("GA resolution 76/183").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from ccpj_graph import mandates
from ccpj_graph.errors import InputError
from ccpj_graph.namespaces import CCPJ
from ccpj_graph.spreadsheet import csv_text

__all__ = ["CORE_THEMES", "FIELDS", "activity_records", "theme_key", "write_activities"]

#: Theme keys the annotation format uses as they are; any other key is written ``other:<key>``.
CORE_THEMES = frozenset(
    {"access-to-justice", "crime-prevention", "gender", "children", "prison", "data"}
)

FIELDS = (
    "id",
    "source_file",
    "paragraph",
    "year",
    "type",
    "themes",
    "countries",
    "regions",
    "partners",
    "standards",
    "mandates",
    "tools",
    "quote",
)


def _str(graph: Graph, node: Node, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def _label(graph: Graph, node: Node) -> str:
    for prop in (SKOS.prefLabel, RDFS.label, DCTERMS.title):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return str(node).rsplit("/", 1)[-1]


def _key(node: Node) -> str:
    return str(node).rsplit("/", 1)[-1]


def theme_key(graph: Graph, node: Node) -> str:
    """The annotation-format key of a theme: a core key, else ``other:<key>``."""
    key = _str(graph, node, SKOS.notation) or _key(node)
    return key if key in CORE_THEMES else f"other:{key}"


def _mandate(graph: Graph, node: Node) -> str:
    """The normalised citation ("GA resolution 76/183"), derived from the mandate's key."""
    try:
        return mandates.display(_key(node))
    except ValueError:  # a decision or other act whose key is not body-number
        return _label(graph, node)


def _type_key(graph: Graph, node: URIRef) -> str:
    keys = sorted(
        str(k)
        for cls in graph.objects(node, RDF.type)
        if (k := graph.value(cls, SKOS.notation)) is not None
    )
    return keys[0] if keys else "other"


def _partner_name(graph: Graph, org: Node) -> str:
    """An organisation's name, with its State's when it is a State's body whose name does not
    say it ("Ministry of Justice (Lebanon)"), as the partners query names it."""
    name = _label(graph, org)
    state = graph.value(org, CCPJ.country)
    if state is None:
        return name
    state_name = _label(graph, state)
    return name if state_name in name else f"{name} ({state_name})"


def activity_records(graph: Graph) -> list[dict[str, Any]]:
    """Every activity in ``graph`` as a flat record, ordered by report, paragraph, ordinal."""
    rows = []
    for node in set(graph.subjects(CCPJ.statedIn, None)):
        if graph.value(node, CCPJ.quote) is None or not isinstance(node, URIRef):
            continue
        para = graph.value(node, CCPJ.statedIn)
        assert para is not None  # node was found by its ccpj:statedIn
        report = graph.value(para, DCTERMS.isPartOf)
        year = _str(graph, node, CCPJ.year)
        partners: list[dict[str, Any]] = []
        for link in graph.objects(node, PROV.qualifiedAssociation):
            org = graph.value(link, PROV.agent)
            assert org is not None  # the shapes require one prov:agent per partnership
            role = graph.value(link, PROV.hadRole)
            partners.append(
                {
                    "name": _partner_name(graph, org),
                    "acronym": _str(graph, org, CCPJ.acronym),
                    "role": _key(role) if role is not None else None,
                }
            )
        standards: list[dict[str, Any]] = [
            {"label": _label(graph, s), "short_name": _str(graph, s, CCPJ.shortName)}
            for s in graph.objects(node, CCPJ.appliesStandard)
        ]
        record = {
            "id": str(node),
            "source_file": _str(graph, report, CCPJ.sourceFile) if report else None,
            "paragraph": _str(graph, para, CCPJ.paragraphNumber),
            "year": int(year) if year else None,
            "type": _type_key(graph, node),
            "themes": sorted(theme_key(graph, t) for t in graph.objects(node, CCPJ.theme)),
            "countries": sorted(
                _str(graph, c, CCPJ.iso3) or _key(c) for c in graph.objects(node, CCPJ.beneficiary)
            ),
            "regions": sorted(_label(graph, r) for r in graph.objects(node, CCPJ.region)),
            "partners": sorted(partners, key=lambda p: (p["name"], p["role"] or "")),
            "standards": sorted(standards, key=lambda s: s["label"]),
            "mandates": sorted(_mandate(graph, m) for m in graph.objects(node, CCPJ.citesMandate)),
            "tools": sorted(_label(graph, t) for t in graph.objects(node, CCPJ.produced)),
            "quote": str(graph.value(node, CCPJ.quote)),
        }
        rows.append((_sort_key(node), record))
    return [record for _, record in sorted(rows, key=lambda r: r[0])]


def _sort_key(node: URIRef) -> tuple[Any, ...]:
    parts = _key(node).split("-")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def write_activities(records: Iterable[dict[str, Any]], *, fmt: str) -> str:
    """Render records as JSON Lines or CSV (lists joined with ``; ``, partners as name|role)."""
    records = list(records)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records)
    if fmt == "csv":
        rows = []
        for r in records:
            flat = dict(r)
            flat["partners"] = "; ".join(f"{p['name']}|{p['role']}" for p in r["partners"])
            flat["standards"] = "; ".join(s["label"] for s in r["standards"])
            for name in ("themes", "countries", "regions", "mandates", "tools"):
                flat[name] = "; ".join(r[name])
            rows.append(["" if flat.get(f) is None else str(flat[f]) for f in FIELDS])
        return csv_text(FIELDS, rows)
    raise InputError(f"--format: unknown format {fmt!r}; expected jsonl or csv")
