"""Extraction profiles: every rule of one family of reports, read from ``data/profiles/<name>/``.

Why: the extractor's knowledge of how a family of reports words its work (the reporting agent
and its names, action and passive cues, the role-cue table, the type order, theme cues, year
rules, the linker's lexicon) is data that an analyst edits and a new family replaces, so it lives
beside the reference data (``CCPJ_HOME`` reaches it), not in the package. One loader checks a
profile against ``data/profiles/schema.toml`` and the reference vocabularies before any report
is extracted: an unknown or missing key, a value of the wrong kind, a duplicate, a regular
expression that does not compile, or a theme, role, type, organisation or mandate body the
reference data lacks is a :class:`ProfileError` reading ``file:line: message``.

The rule modules ask :func:`current` for the profile of the report being extracted
(:func:`use_profile` sets it); their compiled patterns are memoised per profile
(:func:`per_profile`), so two families never share a cache entry.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError
from ccpj_graph.tomlfile import read_toml

__all__ = [
    "PROFILE_FILE",
    "SCHEMA_FILE",
    "Profile",
    "ProfileError",
    "current",
    "default_profile_name",
    "load_profile",
    "per_profile",
    "profile_names",
    "use_profile",
]

PROFILE_FILE = "profile.toml"
SCHEMA_FILE = "schema.toml"
_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")  # fullmatch: "$" lets a trailing newline in
_BASIC = ("text", "key", "integer", "number", "boolean", "phrase", "phrases", "words", "pattern")
#: a placeholder in a grammar pattern (extract/_rules.py); "(?P<name>" is a named group
_PLACEHOLDER = re.compile(r"(?<!\?P)<([a-z][a-z0-9_:-]*)>")
_VOCAB = ("theme", "role", "activity-type", "organisation", "mandate-body")
_VOCAB_LISTS = {"mandate-bodies": "mandate-body", "themes": "theme"}  # list kind -> item kind


class ProfileError(CcpjError):
    """A profile that does not match the schema or the reference data (``file:line: why``)."""


@dataclass(frozen=True)
class Profile:
    """One checked profile: its rule files parsed, and a digest of every byte they hold."""

    name: str
    title: str
    folder: Path
    agent_key: str
    agent_names: tuple[str, ...]
    agent_offices: tuple[str, ...]  # phrases: its own offices, which stand for it
    rules: Mapping[str, Mapping[str, Any]]  # file role (segment, roles, ...) -> parsed TOML
    files: Mapping[str, Path]  # file role -> path
    digest: str  # SHA-256 over profile.toml and every rule file (the build cache key)

    @property
    def lexicon_path(self) -> Path:
        return self.files["lexicon"]

    def __hash__(self) -> int:
        return hash(self.digest)


# --- locating a key or a value in a TOML file, for file:line messages ----------------------


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _header_name(raw: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in raw.split("."))


def _encodings(value: str) -> tuple[str, ...]:
    basic = value.replace("\\", "\\\\").replace('"', '\\"')
    return (f'"{basic}"', f"'{value}'", f'"{value}"')


def _locate(lines: list[str], table: tuple[Any, ...], key: str | None, value: object) -> int:
    """The 1-based line of ``key`` (and of ``value`` after it) in ``table``; best effort."""
    return _find(lines, table, key, value) or 1


def _find(lines: list[str], table: tuple[Any, ...], key: str | None, value: object) -> int | None:
    want = ".".join(str(p) for p in table if not isinstance(p, int))
    index = next((p for p in reversed(table) if isinstance(p, int)), None)
    current, seen, start = "", -1, 0 if not want else None
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            current = _header_name(match.group(2))
            if current == want:
                seen += 1
                if index is None or seen == index:
                    start = number
                    break
    if start is None:
        return None
    found = start
    for number in range(start + (1 if want else 0), len(lines)):
        line = lines[number]
        if _HEADER.match(line) and number != start:
            break
        if key is not None and re.match(rf"""^\s*["']?{re.escape(key)}["']?\s*=""", line):
            found = number
            break
    if isinstance(value, str):
        for number in range(found, len(lines)):
            if number > found and _HEADER.match(lines[number]):
                break
            if any(enc in lines[number] for enc in _encodings(value)):
                return number + 1
    return found + 1


# --- the schema ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Schema:
    default: str
    shapes: Mapping[str, Mapping[str, str]]


def _read_toml(path: Path) -> tuple[dict[str, Any], list[str]]:
    return read_toml(path, error=ProfileError)


def _schema(root: Path) -> _Schema:
    """The home's schema, holding at least every key the code's own schema requires: a home
    made for an older version (its profile and schema lack a rule this code reads) fails with
    the missing key's file and table, not with a KeyError in the middle of extraction."""
    schema = _read_schema(root / SCHEMA_FILE)
    from ccpj_graph.resources import package_home

    own = package_home() / "data" / "profiles" / SCHEMA_FILE
    if own.resolve() == (root / SCHEMA_FILE).resolve() or not own.is_file():
        return schema
    shapes = {name: dict(shape) for name, shape in schema.shapes.items()}
    for name, shape in _read_schema(own).shapes.items():
        for key, kind in shape.items():
            shapes.setdefault(name, {}).setdefault(key, kind)
    return _Schema(default=schema.default, shapes=shapes)


def _read_schema(path: Path) -> _Schema:
    data, lines = _read_toml(path)
    shapes = data.get("shape")
    default = data.get("default")
    if not isinstance(shapes, dict) or not isinstance(default, str):
        raise ProfileError(f'{path}:1: needs default = "<profile>" and [shape.<name>] tables')
    for name, shape in shapes.items():
        for key, kind in shape.items():
            if not isinstance(kind, str) or not _known_kind(kind.rstrip("?"), shapes):
                line = _locate(lines, ("shape", name), key, None)
                raise ProfileError(f"{path}:{line}: [shape.{name}] {key}: unknown kind {kind!r}")
    return _Schema(default=default, shapes=shapes)


def _known_kind(kind: str, shapes: Mapping[str, Any]) -> bool:
    if kind in _BASIC or kind in _VOCAB or kind in _VOCAB_LISTS:
        return True
    head, _, rest = kind.partition(":")
    if head in ("file", "table", "tables"):
        return rest in shapes
    if head == "map":
        key_kind, _, value_kind = rest.partition(":")
        return key_kind in ("text", "key", "theme", "activity-type", "mandate-body") and (
            _known_kind(value_kind, shapes)
        )
    return False


# --- the reference vocabularies a profile may name --------------------------------------------


@dataclass(frozen=True)
class _Vocab:
    theme: frozenset[str]
    role: frozenset[str]
    activity_type: frozenset[str]
    organisation: frozenset[str]
    mandate_body: frozenset[str]


def _vocabularies() -> _Vocab:
    from ccpj_graph.extract.vocab import load_vocabulary
    from ccpj_graph.mandates import BODIES
    from ccpj_graph.namespaces import ACTIVITY_TYPES

    vocab = load_vocabulary()
    return _Vocab(
        theme=frozenset(e.notation or e.key for e in vocab.of_kind("theme")),
        role=frozenset(e.notation or e.key for e in vocab.of_kind("role")),
        activity_type=frozenset(ACTIVITY_TYPES),
        organisation=frozenset(e.key for e in vocab.of_kind("organisation")),
        mandate_body=frozenset(BODIES),
    )


# --- checking one file against its shape -----------------------------------------------------


class _Checker:
    """Walks one parsed TOML file against a shape; the first problem raises."""

    def __init__(self, path: Path, lines: list[str], schema: _Schema, vocab: _Vocab) -> None:
        self.path, self.lines, self.schema, self.vocab = path, lines, schema, vocab

    def fail(
        self, table: tuple[Any, ...], key: str | None, message: str, value: object = None
    ) -> NoReturn:
        line = _locate(self.lines, table, key, value)
        raise ProfileError(f"{self.path}:{line}: {message}")

    def shape(self, data: Mapping[str, Any], shape_name: str, table: tuple[Any, ...]) -> None:
        shape = self.schema.shapes[shape_name]
        where = _where(table)
        for key in data:
            if key not in shape:
                allowed = ", ".join(sorted(shape))
                self.fail(table, key, f"{where}unknown key {key!r} (allowed: {allowed})")
        for key, kind in shape.items():
            if key not in data:
                if not kind.endswith("?"):
                    self.fail(table, None, f"{where}missing key {key!r} ({kind})")
                continue
            self.value(data[key], kind.rstrip("?"), table, key)

    def value(self, value: Any, kind: str, table: tuple[Any, ...], key: str) -> None:
        name = f"{_where(table)}{key}"
        head, _, rest = kind.partition(":")
        if head == "table":
            if not isinstance(value, dict):
                self.fail(table, key, f"{name}: must be a table")
            self.shape(value, rest, (*table, key))
        elif head == "tables":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.fail(table, key, f"{name}: must be a list of [[{key}]] tables")
            for i, entry in enumerate(value):
                self.shape(entry, rest, (*table, key, i))
            self._unique_across(value, table, key)
        elif head == "map":
            if not isinstance(value, dict):
                self.fail(table, key, f"{name}: must be a table")
            key_kind, _, value_kind = rest.partition(":")
            for sub, item in value.items():
                if key_kind not in ("text", "key") and sub not in self.known_set(key_kind):
                    # a key written as a table header ([themes.x]) or as "x" = ... in one
                    line = _find(self.lines, (*table, key, sub), None, None) or _locate(
                        self.lines, (*table, key), sub, None
                    )
                    raise ProfileError(
                        f"{self.path}:{line}: [{'.'.join((*map(str, table), key, sub))}] "
                        f"{sub!r} is not {_WHAT[key_kind]}"
                    )
                elif key_kind == "key" and not _KEY.fullmatch(sub):
                    self.fail((*table, key), sub, f"{name}: {sub!r} is not a lower-case key")
                if value_kind.startswith("table:"):
                    if not isinstance(item, dict):
                        self.fail((*table, key), sub, f"{name}.{sub}: must be a table")
                    self.shape(item, value_kind[6:], (*table, key, sub))
                else:
                    self.value(item, value_kind, (*table, key), sub)
        else:
            self.scalar(value, kind, table, key, name)

    def scalar(self, value: Any, kind: str, table: tuple[Any, ...], key: str, name: str) -> None:
        is_string = kind in ("text", "key", "phrase") or kind in _VOCAB
        if is_string and (not isinstance(value, str) or not value.strip()):
            self.fail(table, key, f"{name}: must be a non-empty string")
        if kind == "key" and not _KEY.fullmatch(value):
            self.fail(table, key, f"{name}: {value!r} is not a lower-case key", value)
        elif kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
            self.fail(table, key, f"{name}: must be an integer")
        elif kind == "number" and (not isinstance(value, int | float) or isinstance(value, bool)):
            self.fail(table, key, f"{name}: must be a number")
        elif kind == "boolean" and not isinstance(value, bool):
            self.fail(table, key, f"{name}: must be true or false")
        elif kind == "phrase":
            self.phrase(value, table, key, name)
        elif kind == "pattern":
            self.pattern(value, table, key, name)
        elif kind in ("phrases", "words") or kind in _VOCAB_LISTS:
            self.listing(value, kind, table, key, name)
        elif kind in _VOCAB:
            self.known(value, kind, table, key, name)

    def listing(self, value: Any, kind: str, table: tuple[Any, ...], key: str, name: str) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(table, key, f"{name}: must be a list of non-empty strings")
        seen: set[str] = set()
        for item in value:
            if item in seen:
                self.fail(table, key, f"{name}: {item!r} is listed twice", item)
            seen.add(item)
            if kind == "phrases":
                self.phrase(item, table, key, name)
            elif kind in _VOCAB_LISTS:
                self.known(item, _VOCAB_LISTS[kind], table, key, name)

    def pattern(self, value: Any, table: tuple[Any, ...], key: str, name: str) -> None:
        # a grammar pattern: a regular expression with <placeholders>, each standing for a
        # group; it must compile with every placeholder filled
        if not isinstance(value, str) or not value.strip():
            self.fail(table, key, f"{name}: must be a non-empty string")
        try:
            re.compile(_PLACEHOLDER.sub("(?:x)", value))
        except re.error as err:
            self.fail(table, key, f"{name}: bad regular expression: {err}")

    def phrase(self, value: str, table: tuple[Any, ...], key: str, name: str) -> None:
        if len(value) > 2 and value.startswith("/") and value.endswith("/"):
            try:
                re.compile(value[1:-1])
            except re.error as err:
                self.fail(table, key, f"{name}: bad regular expression {value!r}: {err}", value)

    def known_set(self, kind: str) -> frozenset[str]:
        known: frozenset[str] = getattr(self.vocab, kind.replace("-", "_"))
        return known

    def known(self, value: str, kind: str, table: tuple[Any, ...], key: str, name: str) -> None:
        if value not in self.known_set(kind):
            self.fail(table, key, f"{name}: {value!r} is not {_WHAT[kind]}", value)

    def _unique_across(
        self, entries: list[dict[str, Any]], table: tuple[Any, ...], key: str
    ) -> None:
        # a cue in two entries of one table is ambiguous: only the first would ever fire
        seen: dict[str, int] = {}
        for i, entry in enumerate(entries):
            for cue in entry.get("cues", []):
                if key == "role" and _LOOK_AHEAD.search(cue):
                    # a role cue is matched on the text before the name it governs: a
                    # look-ahead at its end could never see that name
                    self.fail(
                        (*table, key, i),
                        "cues",
                        f"[[{key}]] {cue!r}: a role cue is matched on the text before the"
                        " name it governs, so it cannot look ahead ((?=...) or (?!...))",
                        cue,
                    )
                if cue in seen and seen[cue] != i:
                    self.fail(
                        (*table, key, i),
                        "cues",
                        f"[[{key}]] {cue!r} is a cue of entry {seen[cue] + 1} as well",
                        cue,
                    )
                seen[cue] = i


#: a look-ahead in a regular-expression cue (``/...(?=...)/``)
_LOOK_AHEAD = re.compile(r"^/.*\(\?[=!].*/$")

_WHAT = {
    "theme": "a theme of data/reference/themes.ttl",
    "role": "a partner role of data/reference/roles.ttl",
    "activity-type": "an activity type of the ontology",
    "organisation": "an organisation of data/reference/organisations.ttl",
    "mandate-body": "a mandate body (ccpj_graph.mandates.BODIES)",
}


def _where(table: tuple[Any, ...]) -> str:
    parts = [str(p + 1) if isinstance(p, int) else p for p in table]
    return f"[{'.'.join(parts)}] " if parts else ""


# --- loading ---------------------------------------------------------------------------------


def _root(root: Path | None) -> Path:
    return (root or resources.profiles_dir()).resolve()


def profile_names(root: Path | None = None) -> tuple[str, ...]:
    """The profiles under ``root`` (default ``data/profiles``): folders with a profile.toml."""
    folder = _root(root)
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.parent.name for p in folder.glob(f"*/{PROFILE_FILE}")))


def default_profile_name(root: Path | None = None) -> str:
    """The profile of a report whose manifest entry names none (``schema.toml``'s default)."""
    return _schema(_root(root)).default


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    files = [folder.parent / SCHEMA_FILE, *sorted(folder.glob("*.toml"))]
    out = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def load_profile(name: str | None = None, *, root: Path | None = None) -> Profile:
    """The checked profile ``name`` (default: the schema's default) under ``root``.

    Cached; a changed file (size or mtime) is checked again on the next call.
    """
    folder_root = _root(root)
    if name is None:
        name = default_profile_name(folder_root)
    if not _KEY.fullmatch(name):
        raise ProfileError(f"profile {name!r}: not a profile name (lower-case letters, digits, -)")
    folder = folder_root / name
    if not (folder / PROFILE_FILE).is_file():
        known = ", ".join(profile_names(folder_root)) or "none"
        raise ProfileError(f"profile {name!r}: no {folder / PROFILE_FILE} (profiles: {known})")
    return _load(folder, _stamp(folder))


@cache
def _load(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> Profile:
    schema = _schema(folder.parent)
    vocab = _vocabularies()
    path = folder / PROFILE_FILE
    data, lines = _read_toml(path)
    _Checker(path, lines, schema, vocab).shape(data, "profile", ())
    if data["name"] != folder.name:
        line = _locate(lines, (), "name", data["name"])
        raise ProfileError(f"{path}:{line}: name {data['name']!r} differs from its folder's")
    digest = hashlib.sha256()
    digest.update(path.read_bytes())
    rules: dict[str, Mapping[str, Any]] = {}
    files: dict[str, Path] = {}
    for role, kind in schema.shapes["files"].items():
        file_name = data["files"][role]
        file_path = (folder / file_name).resolve()
        if file_path.parent != folder.resolve() or not file_path.is_file():
            line = _locate(lines, ("files",), role, file_name)
            raise ProfileError(f"{path}:{line}: [files] {role}: no file {file_name!r} in {folder}")
        parsed, file_lines = _read_toml(file_path)
        _Checker(file_path, file_lines, schema, vocab).shape(parsed, kind.split(":", 1)[1], ())
        rules[role] = parsed
        files[role] = file_path
        digest.update(b"\0" + role.encode() + b"\0" + file_path.read_bytes())
    return Profile(
        name=data["name"],
        title=data["title"],
        folder=folder,
        agent_key=data["agent"]["key"],
        agent_names=tuple(data["agent"]["names"]),
        agent_offices=tuple(data["agent"].get("offices", ())),
        rules=rules,
        files=files,
        digest=digest.hexdigest(),
    )


# --- the profile of the report being extracted -----------------------------------------------

_ACTIVE: contextvars.ContextVar[Profile | None] = contextvars.ContextVar("profile", default=None)


@cache
def _default_for(home: Path) -> Profile:
    return load_profile()


def current() -> Profile:
    """The profile of the report being extracted (:func:`use_profile`), else the default."""
    active = _ACTIVE.get()
    return active if active is not None else _default_for(resources.home())


@contextmanager
def use_profile(profile: Profile) -> Iterator[Profile]:
    """Extract with ``profile``'s rules inside the ``with`` block."""
    token = _ACTIVE.set(profile)
    try:
        yield profile
    finally:
        _ACTIVE.reset(token)


_MISSING: Any = object()
P = ParamSpec("P")
R = TypeVar("R")


def per_profile(function: Callable[P, R]) -> Callable[P, R]:
    """Memoise ``function`` per profile (its arguments must be hashable): compiled patterns
    are built once per family, never shared between two."""
    memo: dict[tuple[Any, ...], R] = {}

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # called in the rule modules' inner loops: one context-variable read, one dict look-up
        active = _ACTIVE.get()
        digest = (active if active is not None else _default_for(resources.home())).digest
        key = (digest, args, tuple(sorted(kwargs.items()))) if kwargs else (digest, args)
        value = memo.get(key, _MISSING)
        if value is _MISSING:
            value = memo[key] = function(*args, **kwargs)
        return value

    return wrapper
