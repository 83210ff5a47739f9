"""Canned queries: ``queries/*.rq`` files whose comment header declares what they take and give.

A header is the block of ``#`` lines at the top of the file::

    # name: partners
    # description: Which organisations co-delivered UNODC work ...
    # param: theme (theme, optional) Only activities on this theme.
    # param: role (role, default co-deliverer) The partner's role; "any" for every role.
    # param: region (region, optional, var within) A parameter bound to a differently
    #   named variable (continuation lines start with "#" and two spaces).
    # columns: partner, acronym, kind, activities, iri
    # example: ccpj query partners --theme prison --year 2020
    # reads: all

``reads`` is optional: a query reads the asserted triples alone (``asserted``, the default)
unless it says ``all`` (the inferred graph too; see ``query/store.py``).

The query body marks, inside its WHERE clause, the line where parameters are bound with a
line holding only ``#@values`` (several such lines get the same row: each branch of a UNION
that starts from the bound values needs its own). Binding replaces that comment with one
VALUES row of RDF terms (``UNDEF`` for a parameter left open), written by
:meth:`Term.sparql`, so the same text runs on every engine and ``--explain`` shows exactly
what runs. Unbound, the file is a valid query
that applies no filter. Queries declare their own PREFIXes so each file also runs as it is in
any SPARQL tool; ``queries/prefixes.ttl`` holds the prefixes ``ccpj sparql`` predeclares.

A line ``#@below ?narrower skos:broader* ?theme`` (an output variable, a property path, a
parameter's variable) lets a branch start from the terms at or below the value a parameter is
given: with the terms known (:func:`~ccpj_graph.query.params.below_terms` reads them from the
graph with that path) it becomes ``VALUES ?narrower { ... }``, so the engine reads the index of
each term instead of evaluating the path for every activity (Oxigraph 0.5 plans a path inside a
UNION badly); with the parameter open, an empty ``VALUES`` (the branch holds nothing); with the
terms not given, the pattern itself (``?narrower skos:broader* ?theme .``): the same rows,
slower.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError, InputError
from ccpj_graph.query.record import Record
from ccpj_graph.query.terms import Term

__all__ = [
    "BELOW",
    "COUNT_VALUES",
    "MARKER",
    "PARAM_TYPES",
    "READS",
    "Below",
    "CannedQuery",
    "Parameter",
    "get_query",
    "load_prefixes",
    "load_queries",
    "parse_example",
    "parse_query_file",
    "query_text",
    "read_header",
    "read_query_file",
]

#: The comment line a query's body holds where the VALUES row goes.
MARKER = "#@values"

#: The comment that starts a line seeding a branch from the terms at or below a parameter.
BELOW = "#@below"

#: Parameter types: what a friendly value is resolved against (see ``params.py``).
PARAM_TYPES = (
    "year",
    "theme",
    "country",
    "region",
    "partner",
    "role",
    "standard",
    "report",
    "activity-type",
    "count",
)

#: What a ``count`` parameter accepts: distinct work (linked statements of overlapping reports
#: counted once, through ``ccpj:sameWorkRepresentative``) or every statement.
COUNT_VALUES = ("work", "statements")

_FIELDS = ("name", "description", "param", "columns", "example", "reads")

#: What a query reads (its ``# reads:`` header): the asserted triples only (the default: the
#: queries find regions and narrower themes with property paths, so they answer the same on a
#: store built without reasoning, and twice as fast as over the union with the inferred
#: graph), or ``all``, the asserted and the inferred triples.
READS = ("asserted", "all")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAM = re.compile(r"^(?P<name>[a-z][a-z0-9-]*)\s*\((?P<spec>[^)]*)\)\s*(?P<help>.*)$")
_BELOW = re.compile(
    r"^#@below\s+\?(?P<out>[A-Za-z_]\w*)\s+(?P<path>[^\s?{}]+)\s+\?(?P<var>[A-Za-z_]\w*)$"
)
_PREFIX = re.compile(r"^@prefix\s+(?P<p>[A-Za-z][\w.-]*)?:\s*<(?P<iri>[^<>\s]*)>\s*\.$")


class Parameter(Record):
    """One declared parameter: its option name, type, default and the variable it binds."""

    __match_args__ = ("name", "type", "required", "default", "help", "var")
    __slots__ = __match_args__
    name: str
    type: str
    required: bool
    default: str | None
    help: str
    var: str

    def __init__(
        self,
        name: str,
        type: str,
        required: bool = False,
        default: str | None = None,
        help: str = "",
        var: str = "",
    ) -> None:
        self._set(name=name, type=type, required=required, default=default, help=help, var=var)

    @property
    def option(self) -> str:
        return f"--{self.name}"


class Below(Record):
    """One ``#@below ?out PATH ?var`` line: the terms ``?out`` at or below (through ``path``)
    the term the parameter of variable ``var`` is given."""

    __match_args__ = ("out", "path", "var")
    __slots__ = __match_args__
    out: str
    path: str
    var: str

    def __init__(self, out: str, path: str, var: str) -> None:
        self._set(out=out, path=path, var=var)

    @property
    def pattern(self) -> str:
        """The triple pattern the line stands for: ``?out PATH ?var .``."""
        return f"?{self.out} {self.path} ?{self.var} ."

    @classmethod
    def read(cls, line: str) -> Below | None:
        """The directive on ``line``, or None when the line is not one (or is malformed)."""
        match = _BELOW.match(line.strip())
        return cls(match["out"], match["path"], match["var"]) if match else None


class CannedQuery(Record):
    """A parsed ``.rq`` file: the header's declarations and the query text."""

    # the fields, in order
    __match_args__ = (
        "name",
        "description",
        "parameters",
        "columns",
        "examples",
        "text",
        "path",
        "reads",
    )
    __slots__ = __match_args__
    name: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    examples: tuple[str, ...]
    text: str
    path: Path
    reads: str  # one of READS: the asserted triples only, or with the inferred ones

    def __init__(
        self,
        name: str,
        description: str,
        parameters: tuple[Parameter, ...],
        columns: tuple[str, ...],
        examples: tuple[str, ...],
        text: str,
        path: Path,
        reads: str = "asserted",
    ) -> None:
        self._set(
            name=name,
            description=description,
            parameters=parameters,
            columns=columns,
            examples=examples,
            text=text,
            path=path,
            reads=reads,
        )

    @property
    def with_inferred(self) -> bool:
        """Whether the query reads the inferred triples too (``# reads: all``)."""
        return self.reads == "all"

    def example_values(self) -> list[dict[str, str]]:
        """Each ``# example:`` line's parameter values (by parameter name), in order: the
        questions the documentation shows (checked when the file is read)."""
        return [parse_example(self.name, self.parameters, e, str(self.path)) for e in self.examples]

    def parameter(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        raise KeyError(name)

    @property
    def gated_text(self) -> str:
        """The text the SPARQL gate checks: each ``#@below`` line as its path pattern, so the
        gate sees every path the query may run (binding only adds VALUES rows of terms)."""
        lines = []
        for line in self.text.splitlines(keepends=True):
            seed = Below.read(line)
            if seed is not None:
                indent = line[: len(line) - len(line.lstrip())]
                line = f"{indent}{seed.pattern}\n"
            lines.append(line)
        return "".join(lines)

    @property
    def value_slots(self) -> tuple[int, ...]:
        """The lines (0-based) where :meth:`bind` may write a VALUES line: each ``#@values``
        marker and each ``#@below`` line (the gate's verdict on :attr:`gated_text` holds for
        a bound text that differs only there by VALUES lines of plain terms)."""
        return tuple(
            number
            for number, line in enumerate(self.text.split("\n"))
            if line.strip() == MARKER or Below.read(line) is not None
        )

    @property
    def below(self) -> tuple[Below, ...]:
        """The ``#@below`` lines of the body, in order."""
        found = (Below.read(line) for line in self.text.splitlines())
        return tuple(b for b in found if b is not None)

    def bind(
        self,
        values: Mapping[str, Term | None],
        below: Mapping[str, tuple[Term, ...]] | None = None,
    ) -> str:
        """The query text with one VALUES row binding ``values`` (by parameter name).

        Parameters missing from ``values`` or mapped to None stay open (``UNDEF``). ``below``:
        for a ``#@below`` line's output variable, the terms at or below its parameter's value
        (without them the line becomes its path pattern: the same rows, slower).
        """
        unknown = sorted(set(values) - {p.name for p in self.parameters})
        if unknown:
            raise InputError(f"query {self.name}: no parameter {', '.join(unknown)}")
        by_var = {p.var: p for p in self.parameters}
        lines = self.text.splitlines(keepends=True)
        out = []
        for line in lines:
            seed = Below.read(line)
            if seed is not None:
                indent = line[: len(line) - len(line.lstrip())]
                terms = (below or {}).get(seed.out)
                if values.get(by_var[seed.var].name) is None:
                    out.append(f"{indent}VALUES ?{seed.out} {{ }}\n")
                elif terms is not None:
                    listed = " ".join(term.sparql() for term in terms)
                    out.append(f"{indent}VALUES ?{seed.out} {{ {listed} }}\n")
                else:
                    out.append(f"{indent}{seed.pattern}\n")
                continue
            if line.strip() != MARKER:
                out.append(line)
                continue
            if not self.parameters:
                continue
            indent = line[: len(line) - len(line.lstrip())]
            names = " ".join(f"?{p.var}" for p in self.parameters)
            cells = []
            for p in self.parameters:
                term = values.get(p.name)
                cells.append("UNDEF" if term is None else term.sparql())
            out.append(f"{indent}VALUES ({names}) {{ ({' '.join(cells)}) }}\n")
        return "".join(out)


def _parse_param(spec_line: str, where: str) -> Parameter:
    match = _PARAM.match(spec_line)
    if not match:
        raise CcpjError(f"{where}: expected 'param: NAME (TYPE, optional|required|default V)'")
    name = match["name"]
    parts = [p.strip() for p in match["spec"].split(",")]
    if not parts or parts[0] not in PARAM_TYPES:
        raise CcpjError(f"{where}: parameter {name}: type must be one of {', '.join(PARAM_TYPES)}")
    required, default, var = False, None, name.replace("-", "_")
    for part in parts[1:]:
        word, _, rest = part.partition(" ")
        if word == "optional" and not rest:
            continue
        if word == "required" and not rest:
            required = True
        elif word == "default" and rest.strip():
            default = rest.strip()
        elif word == "var" and _VAR.match(rest.strip()):
            var = rest.strip()
        else:
            raise CcpjError(f"{where}: parameter {name}: cannot read {part!r}")
    if required and default is not None:
        raise CcpjError(f"{where}: parameter {name} is required and has a default")
    return Parameter(name, parts[0], required, default, match["help"].strip(), var)


def query_text(data: bytes, source: str, *, error: type[CcpjError] = InputError) -> str:
    """A query file's bytes as text: UTF-8, with a leading byte-order mark dropped (editors on
    Windows write one, and SPARQL parsers read it as a stray character before the query);
    ``error`` naming ``source`` and the line otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise error(f"{source}:{line}: not UTF-8 text") from None
    return text.removeprefix("\ufeff")


def read_query_file(path: Path, *, error: type[CcpjError] = CcpjError) -> str:
    """The one reader of a SPARQL file (canned queries, their lookups, network projections,
    ``ccpj sparql -f``): at most :data:`~ccpj_graph.limits.QUERY_BYTES`, through
    :func:`query_text`; ``error`` for what is wrong with it (the shipped files' errors are
    :class:`CcpjError`, a user's ``-f`` file's :class:`InputError`)."""
    from ccpj_graph.limits import QUERY_BYTES, read_capped

    data = read_capped(path, QUERY_BYTES, what="a query", error=error, text=True)
    return query_text(data, str(path), error=error)


def read_header(path: Path, text: str, fields: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
    """The ``# key: value`` header of a query file; continuation lines start with ``#`` and
    two spaces; a bare ``#`` line ends it (what follows is a free comment)."""
    found: dict[str, list[tuple[str, int]]] = {}
    last: tuple[str, int] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        if not line[1:].strip():
            break
        if line.startswith("#  ") and last is not None:
            key, index = last
            value, start = found[key][index]
            found[key][index] = (f"{value} {line[1:].strip()}", start)
            continue
        key, sep, value = line[1:].strip().partition(":")
        key = key.strip()
        if not sep or key not in fields:
            raise CcpjError(f"{path}:{number}: unknown header field {key!r}")
        found.setdefault(key, []).append((value.strip(), number))
        last = (key, len(found[key]) - 1)
    return found


def parse_example(
    name: str, parameters: tuple[Parameter, ...], example: str, where: str
) -> dict[str, str]:
    """The parameter values of ``example``, a ``ccpj query NAME --option value ...`` line of
    a header: each option one of the query's parameters, given once, with a value (``--year
    2020`` or ``--year=2020``), every required one given. Anything else raises
    :class:`CcpjError` naming ``where``. Values are checked against the graph when the
    question is asked, not here."""
    import shlex

    what = f"{where}: example {example!r}"
    try:
        words = shlex.split(example)
    except ValueError as err:
        raise CcpjError(f"{what}: {err}") from None
    if words[:3] != ["ccpj", "query", name]:
        raise CcpjError(f"{what}: it must start with 'ccpj query {name}'")
    by_option = {p.option: p.name for p in parameters}
    values: dict[str, str] = {}
    rest = words[3:]
    while rest:
        option, sep, value = rest.pop(0).partition("=")
        if option not in by_option:
            raise CcpjError(f"{what}: {option} is not a parameter of query {name}")
        if not sep:
            if not rest or rest[0].startswith("--"):
                raise CcpjError(f"{what}: {option} needs a value")
            value = rest.pop(0)
        if by_option[option] in values:
            raise CcpjError(f"{what}: {option} is given twice")
        values[by_option[option]] = value
    missing = [p.option for p in parameters if p.required and p.name not in values]
    if missing:
        raise CcpjError(f"{what}: it needs {', '.join(missing)}")
    return values


def parse_query_file(path: Path) -> CannedQuery:
    """Read one ``.rq`` file; a malformed header raises :class:`CcpjError` naming the line."""
    text = read_query_file(path)
    found = read_header(path, text, _FIELDS)
    for key in ("name", "description", "columns"):
        if len(found.get(key, [])) != 1:
            raise CcpjError(f"{path}: the header needs exactly one '# {key}:' line")
    name = found["name"][0][0]
    if not _NAME.match(name) or name != path.stem:
        raise CcpjError(f"{path}: query name {name!r} must be a lower-case slug equal to the file")
    params = tuple(_parse_param(v, f"{path}:{n}") for v, n in found.get("param", []))
    names = [p.name for p in params]
    if len(set(names)) != len(names) or len({p.var for p in params}) != len(params):
        raise CcpjError(f"{path}: a parameter or its variable is declared twice")
    columns = tuple(c.strip() for c in found["columns"][0][0].split(","))
    if not all(_VAR.match(c) for c in columns) or len(set(columns)) != len(columns):
        raise CcpjError(f"{path}: columns must be distinct variable names")
    markers = sum(1 for line in text.splitlines() if line.strip() == MARKER)
    if params and not markers:
        raise CcpjError(f"{path}: the body needs a '{MARKER}' line for its parameters")
    variables = {p.var for p in params}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(BELOW):
            seed = Below.read(line)
            if seed is None:
                raise CcpjError(f"{path}:{number}: expected '{BELOW} ?OUT PATH ?PARAMETER'")
            if seed.var not in variables:
                raise CcpjError(f"{path}:{number}: ?{seed.var} is not a parameter's variable")
    reads = found.get("reads", [("asserted", 0)])
    if len(reads) != 1 or reads[0][0] not in READS:
        where = f"{path}:{reads[-1][1]}"
        raise CcpjError(f"{where}: '# reads:' is one of {', '.join(READS)}, given once")
    for example, number in found.get("example", []):
        parse_example(name, params, example, f"{path}:{number}")
    return CannedQuery(
        name=name,
        description=found["description"][0][0],
        parameters=params,
        columns=columns,
        examples=tuple(v for v, _ in found.get("example", [])),
        text=text,
        path=path,
        reads=reads[0][0],
    )


@cache
def _load(directory: Path) -> dict[str, CannedQuery]:
    if not directory.is_dir():
        raise CcpjError(f"{directory}: no queries folder")
    queries = [parse_query_file(path) for path in sorted(directory.glob("*.rq"))]
    return {q.name: q for q in queries}


def load_queries(directory: Path | None = None) -> dict[str, CannedQuery]:
    """Every canned query in ``directory`` (default: the shipped ``queries/``), by name."""
    return dict(_load((directory or resources.queries_dir()).resolve()))


def get_query(name: str, directory: Path | None = None) -> CannedQuery:
    """One canned query by name; an unknown name suggests the nearest ones."""
    queries = load_queries(directory)
    if name in queries:
        return queries[name]
    import difflib

    near = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(near)}?" if near else f"; try one of {', '.join(queries)}"
    raise InputError(f"no canned query {name!r}{hint}")


@cache
def load_prefixes(path: Path | None = None) -> dict[str, str]:
    """The project's prefixes (prefix -> namespace IRI) from ``queries/prefixes.ttl``."""
    path = path or resources.queries_dir() / "prefixes.ttl"
    prefixes: dict[str, str] = {}
    for number, line in enumerate(read_query_file(path).splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _PREFIX.match(line)
        if not match:
            raise CcpjError(f"{path}:{number}: expected '@prefix p: <iri> .'")
        prefixes[match["p"] or ""] = match["iri"]
    return prefixes
