"""The gate's verdicts on the SPARQL texts the package ships, shipped with it.

Why: the gate (:mod:`ccpj_graph.query.safety`) parses with rdflib, whose import and parse
take 0.1-0.3 s a text; a fresh machine would pay that for every shipped query file and
lookup before its first answer, and a cold build that answers questions ahead
(:mod:`ccpj_graph.query.ahead`) about 1.2 s. The texts of the queries this repository ships
(``queries/``: each file's gated text, each parameter lookup, each ``#@below`` lookup) are
checked once by ``scripts/generate_query_verdicts.py`` and their keys listed in
``query-verdicts.txt``; the shapes' are in ``shape-verdicts.txt``
(:mod:`ccpj_graph.gated_shapes`). A key is the hash of the gate's own source, the rdflib and
pyparsing versions and the text, so a changed gate, another parser or any other text (a
user's edited query) is parsed and checked as before. The lists are package code, not
project data: nothing under ``CCPJ_HOME`` can add to them. This module imports only the
standard library: ``ccpj query`` may consult it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

__all__ = [
    "QUERY_VERDICTS",
    "gate_source",
    "gate_version",
    "generate",
    "is_shipped",
    "listed_keys",
    "parser_versions",
    "verdict_key",
    "verdicts_text",
]

#: The keys of the shipped query texts the gate passed (one hex key a line).
QUERY_VERDICTS = Path(__file__).resolve().parents[1] / "query-verdicts.txt"


@cache
def parser_versions() -> str:
    """The versions of the parser the gate runs (rdflib's, on pyparsing), as one line."""
    import importlib.metadata

    return ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in ("rdflib", "pyparsing")
    )


@cache
def gate_source() -> bytes:
    """The gate's own source (``safety.py``): part of every verdict's key, kept or shipped."""
    return Path(__file__).with_name("safety.py").read_bytes()


@cache
def gate_version() -> bytes:
    """What a shipped verdict depends on besides the text: the gate's source and the parser."""
    return gate_source() + b"\0" + parser_versions().encode()


def verdict_key(text: str, *parts: str) -> str:
    """The key of the gate's verdict on ``text`` (with ``parts`` that change what it means,
    such as declared prefixes)."""
    sha = hashlib.sha256(gate_version())
    for part in (*parts, text):
        data = part.encode("utf-8")
        sha.update(len(data).to_bytes(8, "big") + data)
    return sha.hexdigest()


@cache
def listed_keys(path: Path) -> frozenset[str]:
    """The keys a verdicts file lists (none when it is missing)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_shipped(text: str) -> bool:
    """Whether the gate passed ``text`` when the package was made (a shipped query text)."""
    return verdict_key(text) in listed_keys(QUERY_VERDICTS)


_HEADER = (
    "# The SPARQL gate's verdicts on the shipped {what} texts ({module}):\n"
    "# one key a line, each a text the gate passed. Made by scripts/{script};\n"
    "# do not edit. Parser: {versions}\n"
)


def verdicts_text(
    texts: Iterable[tuple[str, str]],
    *,
    what: str,
    module: str,
    script: str,
    prefixes: dict[str, str] | None = None,
    key: Callable[[str], str] = verdict_key,
) -> str:
    """A verdicts file: the keys (``key``) of ``texts``, ``(name, text)`` pairs each of which
    the gate must pass with ``prefixes`` declared, under a header naming ``what`` they are,
    the ``module`` that reads the list and the ``script`` that writes it. A text the gate
    refuses stops the script with its name and the gate's message."""
    from ccpj_graph.errors import InputError
    from ccpj_graph.query.safety import check_query

    keys = set()
    for name, text in texts:
        try:
            check_query(text, prefixes=prefixes)
        except InputError as err:
            raise SystemExit(f"{name}: the gate refuses it: {err}") from None
        keys.add(key(text))
    header = _HEADER.format(what=what, module=module, script=script, versions=parser_versions())
    return header + "".join(f"{k}\n" for k in sorted(keys))


def generate(argv: list[str] | None, path: Path, make: Callable[[], str], script: str) -> int:
    """The command line of ``scripts/generate_*_verdicts.py``: write ``make()``'s list to
    ``path`` when it changed, or with ``--check`` exit 1 when the committed one is stale."""
    import argparse

    parser = argparse.ArgumentParser(description=f"Write {path.name}.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the list is stale")
    args = parser.parse_args(argv)
    text = make()
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if args.check:
        if current != text:
            print(f"{path}: stale; run python scripts/{script}")
            return 1
        return 0
    if current != text:
        from ccpj_graph.atomic import atomic_write

        atomic_write(path, text.encode("utf-8"))
        keys = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
        print(f"wrote {path} ({keys} keys)")
    return 0
