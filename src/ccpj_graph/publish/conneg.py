"""Content negotiation: which document answers an IRI for a given ``Accept`` header.

One table of formats and one path pattern drive all three places that negotiate: ``ccpj
serve`` (full q-value negotiation here), the Apache ``.htaccess`` and the nginx configuration
written by ``ccpj publish`` (which can only match media types in a fixed order, see
:data:`STATIC_ORDER`). Following "Cool URIs for the Semantic Web", an IRI names the thing and
answers ``303 See Other`` to the document about it, so the IRI never serves bytes itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DEFAULT_FORMAT",
    "FORMATS",
    "NEGOTIATED",
    "STATIC_ORDER",
    "Format",
    "negotiate",
    "parse_accept",
]


@dataclass(frozen=True, slots=True)
class Format:
    """A document format: its media type, file extension and the name shown to people."""

    media_type: str
    extension: str
    name: str
    #: Other media types that clients send for the same format.
    aliases: tuple[str, ...] = ()
    #: True for RDF serializations (every one is also written for each entity).
    rdf: bool = True


TURTLE = Format("text/turtle", "ttl", "Turtle", ("application/x-turtle",))
JSONLD = Format("application/ld+json", "jsonld", "JSON-LD", ("application/json",))
NTRIPLES = Format("application/n-triples", "nt", "N-Triples")
HTML = Format("text/html", "html", "HTML", ("application/xhtml+xml",), rdf=False)

#: Every format an entity document is written in, in the order pages list them.
FORMATS: tuple[Format, ...] = (HTML, TURTLE, JSONLD, NTRIPLES)

#: What a client gets when it accepts anything (``*/*``) or sends no ``Accept``: browsers and
#: ``curl`` alike; RDF clients name their format.
DEFAULT_FORMAT = HTML

#: The order the static rules (Apache, nginx) test ``Accept`` for substrings: they cannot
#: weigh q-values, so the RDF types come first (a browser never sends them) and HTML is the
#: fallback.
STATIC_ORDER: tuple[Format, ...] = (TURTLE, JSONLD, NTRIPLES)

#: Site paths (relative to the base URI, no leading slash) that name things and answer 303:
#: entities ``id/<type>/<key>``, the dataset and the ontology. A key may contain dots, so the
#: pattern excludes the document extensions instead of dots.
NEGOTIATED = re.compile(
    r"^(?P<doc>id/[A-Za-z0-9_-]+/[A-Za-z0-9][A-Za-z0-9._-]*"
    r"(?<!\.ttl)(?<!\.jsonld)(?<!\.nt)(?<!\.html)|dataset|ontology)$"
)

_RANGE = re.compile(r"^\s*([^\s;/]+)/([^\s;]+)\s*(.*)$")


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; malformed parts are ignored, never fatal."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        match = _RANGE.match(part)
        if not match:
            continue
        q = 1.0
        for param in match.group(3).split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append((f"{match.group(1)}/{match.group(2)}".lower(), q))
    return ranges


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The q a client gives ``fmt`` and how specific the range that gave it was (2 = exact)."""
    best: tuple[int, float] = (-1, 0.0)
    major = fmt.media_type.split("/")[0]
    for media_range, q in ranges:
        if media_range == fmt.media_type or media_range in fmt.aliases:
            specificity = 2
        elif media_range == f"{major}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        best = max(best, (specificity, q))
    return best[1], best[0]


def negotiate(
    header: str | None, formats: tuple[Format, ...] = FORMATS, *, default: Format = DEFAULT_FORMAT
) -> Format | None:
    """The format to answer ``header`` with, or None when the client accepts none of them.

    The most specific matching range decides each format's q (RFC 9110 12.5.1); ties go to
    the exact match, then to ``default``, then to the order of ``formats``.
    """
    ranges = parse_accept(header)
    scored = []
    for position, fmt in enumerate(formats):
        q, specificity = _quality(fmt, ranges)
        if q > 0:
            scored.append((-q, -specificity, fmt is not default, position, fmt))
    if not scored:
        return None
    return min(scored, key=lambda item: item[:4])[4]
