"""The site's search index, built at publish time in MiniSearch's own serialized form.

The search box on every page loads ``assets/search-index.js`` (a script, so it works from
``file://`` where a browser refuses to fetch JSON) and hands it to the vendored MiniSearch's
``loadJS``: nothing is indexed in the browser. Documents are the pages people look for
(countries, organisations, standards, mandates, reports, themes, tools, regions, activities)
with their labels, acronyms, alternative names and quotes. Terms are cut and folded exactly as
``assets/site.js`` tells MiniSearch to cut and fold a query (split on anything that is not a
letter or digit, accents removed, lower case), so the two always meet.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ccpj_graph.publish.analyst import Analyst

__all__ = ["FIELDS", "SearchDocument", "search_documents", "search_index_js"]

#: Indexed fields, in MiniSearch field-id order.
FIELDS = ("label", "acronym", "alt", "text")
_SPLIT = re.compile(r"[\W_]+")
_SEARCHED_KINDS = (
    "country",
    "org",
    "standard",
    "mandate",
    "report",
    "theme",
    "tool",
    "region",
    "activity",
)
_C = "https://w3id.org/ccpj/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ALT_PROPERTIES = (
    _C + "shortName",
    _SKOS + "altLabel",
    _SKOS + "prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    _C + "iso3",
    _C + "iso2",
    _C + "unSymbol",
    _C + "resolutionNumber",
    _SKOS + "notation",
)


@dataclass(frozen=True, slots=True)
class SearchDocument:
    id: str  # the page, relative to the site root
    kind: str  # shown beside the hit
    fields: tuple[str, str, str, str]  # label, acronym, alt, text
    count: int  # activities naming it (ranks busier pages first)


def fold(term: str) -> str:
    """One term as MiniSearch's ``processTerm`` in ``site.js`` folds it."""
    decomposed = unicodedata.normalize("NFKD", term)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    """``text`` cut as ``site.js`` tells MiniSearch to cut it (empty pieces kept, as JS does)."""
    return _SPLIT.split(text)


def search_documents(
    analyst: Analyst,
    paths: dict[str, str],
    counts: dict[str, int],
    kind_title: Callable[[str], str],
) -> list[SearchDocument]:
    """The documents to index: one per page a reader may look for."""
    docs: list[SearchDocument] = []
    for iri, path in sorted(paths.items(), key=lambda item: item[1]):
        kind = path.split("/")[1]
        if kind not in _SEARCHED_KINDS:
            continue
        label = analyst.label(iri)
        acronym = " ".join(analyst.literals(iri, _C + "acronym"))
        alt = sorted(
            {v for p in _ALT_PROPERTIES for v in analyst.literals(iri, p)} - {label, acronym}
        )
        text = ""
        where = ""
        if kind == "activity":
            activity = analyst.activities.get(iri)
            text = activity.quote if activity else ""
            if activity and activity.paragraph:  # tells apart activities that start alike
                where = f" · {analyst.label(activity.paragraph)}"
        elif kind == "report":
            report = analyst.reports[iri]
            text = f"{report.title} {report.publisher}"
        title = kind_title(kind)
        docs.append(
            SearchDocument(
                id=f"{path}.html",
                kind=(title[:-3] + "y" if title.endswith("ies") else title.rstrip("s")) + where,
                fields=(label, acronym, " · ".join(alt), text),
                count=counts.get(iri, 0),
            )
        )
    return docs


def _index(docs: list[SearchDocument]) -> dict[str, Any]:
    """MiniSearch 7's ``toJSON()`` form (serializationVersion 2) for ``docs``."""
    postings: dict[str, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    field_length: dict[str, list[int]] = {}
    average = [0.0] * len(FIELDS)
    stored: dict[str, dict[str, Any]] = {}
    for short_id, doc in enumerate(docs):
        lengths = []
        for field_id, value in enumerate(doc.fields):
            pieces = tokens(value)
            unique = len(set(pieces))
            lengths.append(unique)
            # MiniSearch's running mean over the documents added so far
            average[field_id] = (average[field_id] * short_id + unique) / (short_id + 1)
            for piece in pieces:
                term = fold(piece)
                if term:
                    freqs = postings[term][field_id]
                    freqs[short_id] = freqs.get(short_id, 0) + 1
        field_length[str(short_id)] = lengths
        stored[str(short_id)] = {
            "t": doc.fields[0],
            "a": doc.fields[1],
            "k": doc.kind,
            "u": doc.id,
            "n": doc.count,
        }
    index = [
        [
            term,
            {
                str(field_id): {str(d): n for d, n in sorted(freqs.items())}
                for field_id, freqs in sorted(fields.items())
            },
        ]
        for term, fields in sorted(postings.items())
    ]
    return {
        "documentCount": len(docs),
        "nextId": len(docs),
        "documentIds": {str(i): doc.id for i, doc in enumerate(docs)},
        "fieldIds": {name: i for i, name in enumerate(FIELDS)},
        "fieldLength": field_length,
        "averageFieldLength": average,
        "storedFields": stored,
        "dirtCount": 0,
        "index": index,
        "serializationVersion": 2,
    }


def search_index_js(docs: list[SearchDocument]) -> bytes:
    """The index as a script that sets ``window.CCPJ_SEARCH_INDEX`` (works from ``file://``)."""
    payload = json.dumps(_index(docs), ensure_ascii=False, separators=(",", ":"))
    return f"window.CCPJ_SEARCH_INDEX={payload};\n".encode()
