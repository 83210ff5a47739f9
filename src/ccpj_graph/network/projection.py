"""Networks as data: one SPARQL projection file per network in ``queries/networks/``.

Why files and not code: a network is a choice of what counts as a node and what links two of
them, and that choice belongs where analysts can read and change it, next to the canned
queries. Each file carries the canned queries' comment header (see ``query/canned.py``) plus
two network fields::

    # name: partners
    # title: Partner organisations
    # description: Organisations linked when they co-delivered an activity ...
    # directed: false
    # weight: activities
    # columns: source, target, activity, year, theme
    # example: ccpj export gexf --network partners -o partners.gexf

The query returns *evidence rows*; :mod:`ccpj_graph.network.model` aggregates them. Columns:

- ``source`` (IRI, required): a node. With ``target`` unbound the row only declares it.
- ``target`` (IRI): the other end of a link from ``source``.
- ``relation`` (IRI or literal): what links them (a role, a predicate); listed per edge.
- ``activity`` (IRI): the activity the row is evidence from; counted per edge, node, theme.
- ``year`` (xsd:gYear or integer): the activity's year, which becomes a spell in GEXF.
- ``theme`` (IRI): a theme of the activity; per-theme counts on nodes and edges.
- ``attribute`` / ``value``: a literal attribute of ``source`` (the ``full`` network).

``weight`` says what an edge's weight counts: distinct ``activities`` (the default) or
distinct ``relations``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.query.canned import read_header, read_query_file

__all__ = [
    "COLUMNS",
    "WEIGHTS",
    "Projection",
    "describe_query",
    "get_projection",
    "load_projections",
    "networks_dir",
    "parse_projection",
]

#: The columns a projection may return; ``source`` is required.
COLUMNS = ("source", "target", "relation", "activity", "year", "theme", "attribute", "value")

#: What an edge's weight may count.
WEIGHTS = ("activities", "relations")

_FIELDS = ("name", "title", "description", "directed", "weight", "columns", "example")
_REQUIRED = ("name", "title", "description", "directed", "columns")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class Projection:
    """One network's projection file: its header and its SPARQL text."""

    name: str
    title: str
    description: str
    directed: bool
    weight: str
    columns: tuple[str, ...]
    examples: tuple[str, ...]
    text: str
    path: Path


def networks_dir() -> Path:
    """The folder of the shipped projection files (``queries/networks``)."""
    return resources.queries_dir() / "networks"


def parse_projection(path: Path) -> Projection:
    """Read one projection file; a malformed header raises :class:`CcpjError` naming the line."""
    text = read_query_file(path)
    found = read_header(path, text, _FIELDS)
    for key in _REQUIRED:
        if len(found.get(key, [])) != 1:
            raise CcpjError(f"{path}: the header needs exactly one '# {key}:' line")
    for key in ("weight",):
        if len(found.get(key, [])) > 1:
            raise CcpjError(f"{path}: the header has more than one '# {key}:' line")
    name = found["name"][0][0]
    if not _NAME.match(name) or name != path.stem:
        raise CcpjError(
            f"{path}: network name {name!r} must be a lower-case slug equal to the file"
        )
    directed_text, line = found["directed"][0]
    if directed_text not in ("true", "false"):
        raise CcpjError(f"{path}:{line}: directed must be true or false")
    weight, line = found.get("weight", [("activities", 0)])[0]
    if weight not in WEIGHTS:
        raise CcpjError(f"{path}:{line}: weight must be one of {', '.join(WEIGHTS)}")
    value, line = found["columns"][0]
    columns = tuple(c.strip() for c in value.split(","))
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown or "source" not in columns or len(set(columns)) != len(columns):
        raise CcpjError(
            f"{path}:{line}: columns must be distinct names among {', '.join(COLUMNS)}, "
            "source included"
        )
    if ("attribute" in columns) != ("value" in columns):
        raise CcpjError(f"{path}:{line}: columns attribute and value go together")
    return Projection(
        name=name,
        title=found["title"][0][0],
        description=found["description"][0][0],
        directed=directed_text == "true",
        weight=weight,
        columns=columns,
        examples=tuple(v for v, _ in found.get("example", [])),
        text=text,
        path=path,
    )


@cache
def _load(directory: Path) -> dict[str, Projection]:
    if not directory.is_dir():
        raise CcpjError(f"{directory}: no network projections folder")
    return {p.name: p for p in map(parse_projection, sorted(directory.glob("*.rq")))}


def load_projections(directory: Path | None = None) -> dict[str, Projection]:
    """Every network projection in ``directory`` (default: the shipped ones), by name."""
    return dict(_load((directory or networks_dir()).resolve()))


def get_projection(name: str, directory: Path | None = None) -> Projection:
    """One projection by name; an unknown name lists the known ones."""
    projections = load_projections(directory)
    if name in projections:
        return projections[name]
    import difflib

    near = difflib.get_close_matches(name, list(projections), n=1, cutoff=0.6)
    hint = f"did you mean {near[0]}? " if near else ""
    raise InputError(
        f"--network: unknown network {name!r}; {hint}expected one of {', '.join(projections)}"
    )


def describe_query(what: str = "nodes", directory: Path | None = None) -> str:
    """The SPARQL text shared by every network: ``nodes`` (labels, type, kind, ISO code) or
    ``themes`` (keys, labels, broader themes), from ``queries/networks/describe/``."""
    path = (directory or networks_dir()) / "describe" / f"{what}.rq"
    return read_query_file(path)
