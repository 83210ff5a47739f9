"""Read ``data/sources/manifest.ttl``: what each source document is, as its text states it.

The manifest is Turtle (DCTERMS / BIBO terms plus a few ``ccpj:`` ones, see ``docs/design.md``)
with one resource per document, ``<https://w3id.org/ccpj/id/report/<key>>``. It is read
strictly, because everything downstream trusts it: pyoxigraph first checks the syntax (it
rejects what rdflib's lenient parser lets through, and says line and column), then every
resource must carry exactly the properties it may carry, with the right datatypes. A
misspelt ``ccpj:`` term is an error, not a new property.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, XSD

from ccpj_graph import resources
from ccpj_graph.corpus.journal import recover
from ccpj_graph.corpus.model import ReportMeta
from ccpj_graph.errors import CorpusError, InputError
from ccpj_graph.limits import MANIFEST_BYTES, read_capped
from ccpj_graph.mandates import split_key
from ccpj_graph.namespaces import CCPJ, DEFAULT_ID_BASE
from ccpj_graph.rdfio import BOM, parse_data

__all__ = [
    "BIBO",
    "CCPJ",
    "KINDS",
    "MANDATE_BASE",
    "MANIFEST_NAME",
    "REPORT_BASE",
    "REPORT_KEY",
    "UN_SYMBOL",
    "is_iso_date",
    "load_manifest",
    "parse_manifest",
]

MANIFEST_NAME = "manifest.ttl"
BIBO = Namespace("http://purl.org/ontology/bibo/")
REPORT_BASE = f"{DEFAULT_ID_BASE}report/"
MANDATE_BASE = f"{DEFAULT_ID_BASE}mandate/"
KINDS = ("report", "brochure")

#: A report's key (``<REPORT_BASE><key>``, ``data/graph/<key>.ttl``) and a profile's name:
#: ASCII lower-case letters, digits and hyphens, a letter or digit first (use ``fullmatch``).
REPORT_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
_FILE_NAME = re.compile(r"^[^/\\]+\.(?:txt|md)$")
#: UN document symbols: "E/CN.15/2022/9", "A/76/182", "E/2021/30-E/CN.15/2021/17".
UN_SYMBOL = re.compile(r"[A-Z]{1,4}(?:/[A-Za-z0-9.\-]+)+")
_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# predicate -> (name in messages, required, may repeat)
_TERMS: dict[URIRef, tuple[str, bool, bool]] = {
    RDF.type: ("rdf:type", True, True),
    DCTERMS.identifier: ("dcterms:identifier", True, False),
    DCTERMS.title: ("dcterms:title", True, False),
    DCTERMS.publisher: ("dcterms:publisher", True, False),
    DCTERMS.type: ("dcterms:type", False, False),
    DCTERMS.issued: ("dcterms:issued", False, False),
    CCPJ.periodStart: ("ccpj:periodStart", False, False),
    CCPJ.periodEnd: ("ccpj:periodEnd", False, False),
    CCPJ.unSymbol: ("ccpj:unSymbol", False, False),
    CCPJ.sourceFile: ("ccpj:sourceFile", True, False),
    CCPJ.extractionProfile: ("ccpj:extractionProfile", False, False),
    CCPJ.preparedPursuantTo: ("ccpj:preparedPursuantTo", False, True),
    URIRef("http://www.w3.org/2000/01/rdf-schema#comment"): ("rdfs:comment", False, True),
}
_ALLOWED_TYPES = frozenset({CCPJ.Report, CCPJ.Brochure, BIBO.Report, BIBO.Document})


def load_manifest(path: Path | None = None) -> list[ReportMeta]:
    """The manifest's entries, ordered by key (default: the bundled ``manifest.ttl``)."""
    path = path if path is not None else resources.sources_dir() / MANIFEST_NAME
    recover(path.parent)  # an ingest that was killed half-way is taken back first
    if not path.exists():
        raise CorpusError(f"{path}: no such file (the corpus manifest)")
    data = read_capped(path, MANIFEST_BYTES, what="a manifest", error=CorpusError)
    return parse_manifest(data, source=path)


def parse_manifest(data: bytes, *, source: Path | str = "<manifest>") -> list[ReportMeta]:
    """Parse manifest Turtle ``data`` strictly; errors name ``source``."""
    data = data.removeprefix(BOM)  # as the strict reader (rdfio) skips it
    if not data.strip():
        raise CorpusError(f"{source}: empty manifest")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise CorpusError(f"{source}: not UTF-8 text") from None
    try:
        graph = parse_data(data, fmt="turtle", source=str(source))
    except InputError as err:  # the strict reader's one line: "<source>:<line>:<col>: ..."
        where, _, why = str(err).partition(": ")
        raise CorpusError(f"{where}: invalid Turtle: {why}") from None
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str)
    blank = [s for s in graph.subjects() if not isinstance(s, URIRef)]
    if blank:
        raise CorpusError(f"{source}: blank-node subjects are not allowed; give each report an IRI")
    if not subjects:
        raise CorpusError(f"{source}: no reports described")
    metas = [_entry(graph, subject, source) for subject in subjects]
    _check_unique(metas, source)
    return sorted(metas, key=lambda meta: meta.key)


def _entry(graph: Graph, subject: URIRef, source: Path | str) -> ReportMeta:
    iri = str(subject)
    where = f"{source}: <{iri}>"
    if not iri.startswith(REPORT_BASE) or not REPORT_KEY.fullmatch(iri[len(REPORT_BASE) :]):
        raise CorpusError(f"{where}: not a report IRI ({REPORT_BASE}<key>)")
    key = iri[len(REPORT_BASE) :]
    for predicate in sorted(set(graph.predicates(subject)), key=str):
        if predicate not in _TERMS:
            raise CorpusError(f"{where}: unknown property <{predicate}>")
    values = {p: sorted(graph.objects(subject, p), key=str) for p in _TERMS}
    for predicate, (name, required, repeats) in _TERMS.items():
        found = values[predicate]
        if required and not found:
            raise CorpusError(f"{where}: missing {name}")
        if not repeats and len(found) > 1:
            raise CorpusError(f"{where}: {name} given {len(found)} times")
    types = set(values[RDF.type])
    if CCPJ.Report not in types:
        raise CorpusError(f"{where}: must be typed ccpj:Report")
    if types - _ALLOWED_TYPES:
        extra = ", ".join(sorted(f"<{t}>" for t in types - _ALLOWED_TYPES))
        raise CorpusError(f"{where}: unexpected rdf:type {extra}")

    identifier = _text(values[DCTERMS.identifier][0], where, "dcterms:identifier")
    if identifier != key:
        raise CorpusError(f"{where}: dcterms:identifier {identifier!r} differs from the IRI key")
    file_name = _text(values[CCPJ.sourceFile][0], where, "ccpj:sourceFile")
    if not _FILE_NAME.match(file_name):
        raise CorpusError(f"{where}: ccpj:sourceFile {file_name!r} is not a .txt file name")
    kind = _optional_text(values[DCTERMS.type], where, "dcterms:type")
    if kind is not None and kind not in KINDS:
        raise CorpusError(f"{where}: dcterms:type {kind!r} is not one of {', '.join(KINDS)}")
    if CCPJ.Brochure in types:
        if kind == "report":
            raise CorpusError(f'{where}: typed ccpj:Brochure but dcterms:type is "report"')
        kind = "brochure"
    symbol = _optional_text(values[CCPJ.unSymbol], where, "ccpj:unSymbol")
    if symbol is not None and not UN_SYMBOL.fullmatch(symbol):
        raise CorpusError(f"{where}: ccpj:unSymbol {symbol!r} is not a UN document symbol")
    profile = _optional_text(values[CCPJ.extractionProfile], where, "ccpj:extractionProfile")
    if profile is not None and not REPORT_KEY.fullmatch(profile):
        raise CorpusError(f"{where}: ccpj:extractionProfile {profile!r} is not a profile name")
    start = _year(values[CCPJ.periodStart], where, "ccpj:periodStart")
    end = _year(values[CCPJ.periodEnd], where, "ccpj:periodEnd")
    if start is not None and end is not None and end < start:
        raise CorpusError(f"{where}: ccpj:periodEnd {end} is before ccpj:periodStart {start}")
    return ReportMeta(
        key=key,
        file_name=file_name,
        title=_text(values[DCTERMS.title][0], where, "dcterms:title"),
        body=_text(values[DCTERMS.publisher][0], where, "dcterms:publisher"),
        issued=_date(values[DCTERMS.issued], where),
        period_start=start,
        period_end=end,
        symbol=symbol,
        pursuant_to=tuple(_mandates(values[CCPJ.preparedPursuantTo], where)),
        kind=kind or "report",
        profile=profile,
    )


def _text(node: object, where: str, name: str) -> str:
    if not isinstance(node, Literal) or node.datatype not in (None, XSD.string):
        raise CorpusError(f"{where}: {name} must be a plain string literal")
    value = " ".join(str(node).split())
    if not value:
        raise CorpusError(f"{where}: {name} is empty")
    return value


def _optional_text(nodes: Sequence[object], where: str, name: str) -> str | None:
    return _text(nodes[0], where, name) if nodes else None


def _year(nodes: Sequence[object], where: str, name: str) -> int | None:
    if not nodes:
        return None
    node = nodes[0]
    if not isinstance(node, Literal) or node.datatype != XSD.gYear:
        raise CorpusError(f"{where}: {name} must be an xsd:gYear literal")
    lexical = str(node)
    if not _YEAR.fullmatch(lexical):
        raise CorpusError(f"{where}: {name} {lexical!r} is not a four-digit year")
    return int(lexical)


def _date(nodes: Sequence[object], where: str) -> str | None:
    if not nodes:
        return None
    node = nodes[0]
    if not isinstance(node, Literal) or node.datatype != XSD.date:
        raise CorpusError(f"{where}: dcterms:issued must be an xsd:date literal")
    lexical = str(node)
    if not is_iso_date(lexical):
        raise CorpusError(f"{where}: dcterms:issued {lexical!r} is not a date (YYYY-MM-DD)")
    return lexical


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is a calendar date written YYYY-MM-DD in ASCII digits: what the
    manifest takes (``date.fromisoformat`` also takes ``20230321`` and ``2023-W12-2``)."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return bool(_DATE.fullmatch(text))


def _mandates(nodes: Iterable[object], where: str) -> list[str]:
    keys = []
    for node in nodes:
        iri = str(node)
        if not isinstance(node, URIRef) or not iri.startswith(MANDATE_BASE):
            raise CorpusError(f"{where}: ccpj:preparedPursuantTo must be a {MANDATE_BASE} IRI")
        key = iri[len(MANDATE_BASE) :]
        try:
            split_key(key)
        except ValueError:
            raise CorpusError(f"{where}: {key!r} is not a mandate key like ga-75-196") from None
        keys.append(key)
    return sorted(keys)


def _check_unique(metas: list[ReportMeta], source: Path | str) -> None:
    seen: dict[str, str] = {}
    for meta in metas:
        other = seen.get(meta.file_name)
        if other is not None:
            raise CorpusError(
                f"{source}: reports {other} and {meta.key} name the same file {meta.file_name}"
            )
        seen[meta.file_name] = meta.key
