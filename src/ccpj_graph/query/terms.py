"""RDF terms as plain frozen records, independent of rdflib and pyoxigraph.

The query path moves terms between a worker process and the CLI, compares answers from two
engines and renders them; a small record that pickles, sorts and compares by value serves all
three, and keeps rdflib (slow to import) off the ``ccpj query`` path. ``Term.sparql()`` writes a
term in SPARQL/N-Triples syntax with every character escaped, so a parameter value can never
change the shape of a query it is bound into.
"""

from __future__ import annotations

import re

from ccpj_graph.query.record import OrderedRecord

__all__ = ["RDF_LANG_STRING", "XSD", "XSD_STRING", "Term"]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

TYPE_CHECKING = False  # typing itself is not imported: see ccpj_graph/__init__.py
if TYPE_CHECKING:
    from typing import Any, Literal

    TermKind = Literal["uri", "literal", "bnode"]

_INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOAT_TYPES = frozenset(XSD + name for name in ("decimal", "double", "float"))
# IRIREF in SPARQL 1.1 excludes these characters and everything up to U+0020.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[a-zA-Z]+(-[a-zA-Z0-9]+)*$")
_BNODE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b"}
_ESCAPES["\f"] = "\\f"


def _escape(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "".join(out)


class Term(OrderedRecord):
    """One RDF term. Literals of type xsd:string carry ``datatype=None`` (RDF 1.1 simple
    literal) and language-tagged literals carry ``lang`` in lower case, so the same term read
    from either engine compares equal."""

    __match_args__ = ("kind", "value", "datatype", "lang")
    __slots__ = __match_args__
    kind: TermKind
    value: str
    datatype: str | None
    lang: str | None

    def __init__(
        self, kind: TermKind, value: str, datatype: str | None = None, lang: str | None = None
    ) -> None:
        # the slots set one by one, not through Record._set: a term is made for every cell
        # of every answer (60,000 for a kept 10,000-row answer), and this is twice as fast
        init = object.__setattr__
        init(self, "kind", kind)
        init(self, "value", value)
        init(self, "datatype", datatype)
        init(self, "lang", lang)

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, *, datatype: str | None = None, lang: str | None = None) -> Term:
        if lang:
            return cls("literal", value, None, lang.lower())
        if datatype in (XSD_STRING, RDF_LANG_STRING):
            datatype = None
        return cls("literal", value, datatype, None)

    def sparql(self) -> str:
        """The term in SPARQL syntax; raises ``ValueError`` for a term that has none."""
        if self.kind == "uri":
            if _BAD_IRI.search(self.value):
                raise ValueError(f"not a valid IRI: {self.value!r}")
            return f"<{self.value}>"
        if self.kind == "bnode":
            if not _BNODE.match(self.value):
                raise ValueError(f"not a valid blank node label: {self.value!r}")
            return f"_:{self.value}"
        text = f'"{_escape(self.value)}"'
        if self.lang:
            if not _LANG.match(self.lang):
                raise ValueError(f"not a valid language tag: {self.lang!r}")
            return f"{text}@{self.lang}"
        if self.datatype:
            return f"{text}^^{Term.iri(self.datatype).sparql()}"
        return text

    def plain(self) -> Any:
        """The value as a JSON-friendly Python value: numbers and booleans typed, else text."""
        if self.kind != "literal" or self.datatype is None:
            return self.value
        try:
            if self.datatype in _INTEGER_TYPES:
                return int(self.value)
            if self.datatype in _FLOAT_TYPES:
                return float(self.value)
        except ValueError:
            return self.value
        if self.datatype == XSD + "boolean":
            return self.value in ("true", "1")
        if self.datatype == XSD + "gYear" and self.value.isdigit():
            return int(self.value)
        return self.value

    def to_json(self) -> dict[str, str]:
        """The term as a binding in the SPARQL 1.1 Query Results JSON format."""
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Term:
        kind = data["type"]
        if kind == "typed-literal":  # the 2008 note's spelling, still emitted by some tools
            kind = "literal"
        if kind not in ("uri", "literal", "bnode"):
            raise ValueError(f"unsupported term type {kind!r}")
        if kind == "literal":
            return cls.literal(
                data["value"], datatype=data.get("datatype"), lang=data.get("xml:lang")
            )
        return cls("uri" if kind == "uri" else "bnode", data["value"])
