"""Reference answers kept between test runs, keyed by everything they depend on (not a test
module).

Why: several tests compare a fast path with a slow reference engine on the real corpus
(the fast OWL RL engine with owlrl, Oxigraph with rdflib's SPARQL). The reference's answer for
the same input, the same code and the same library versions is the same answer, so it is
computed once and kept under the pytest cache (``.pytest_cache/d/ccpj-reference``); the
comparison itself runs every time. The key is a SHA-256 of the inputs' content, the reference
library's version and the source of the project modules that drive it, so any change to them
computes afresh. ``pytest --cache-clear`` (or a clean clone, as in CI) recomputes everything.

Answers are stored as JSON or N-Triples text, never pickled.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import pytest
import rdflib

from ccpj_graph.query.reference import run_rdflib
from ccpj_graph.query.results import SelectResult
from ccpj_graph.query.terms import Term

__all__ = ["ReferenceCache", "graph_digest", "module_sources", "version"]


def graph_digest(graph: rdflib.Graph) -> str:
    """A content hash of ``graph`` that blank-node labels do not change (the ontology's
    property chains and restrictions are blank nodes, labelled afresh at every parse): its
    RDFC-1.0 canonical form, by pyoxigraph, sorted."""
    import pyoxigraph

    data = graph.serialize(format="nt", encoding="utf-8")
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted(str(quad) for quad in dataset)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


class ReferenceCache:
    """Reference answers under one folder, one file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def of(cls, config: pytest.Config) -> ReferenceCache:
        assert config.cache is not None  # the cache provider is on unless -p no:cacheprovider
        return cls(config.cache.mkdir("ccpj-reference"))

    def text(self, parts: Iterable[str], compute: Callable[[], str], *, suffix: str) -> str:
        """The text ``compute()`` gives for the inputs ``parts``, computed once per key."""
        digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
        path = self.folder / f"{digest}{suffix}"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        text = compute()
        _write_atomically(path, text)
        return text

    def rdflib_select(self, graph: rdflib.Graph, text: str, *, digest: str) -> SelectResult:
        """``run_rdflib(graph, text)`` for a SELECT; ``digest`` is ``graph_digest(graph)``,
        passed in so that many queries over one graph hash it once."""

        def compute() -> str:
            result = run_rdflib(graph, text)
            assert isinstance(result, SelectResult)
            rows = [[_term_json(t) for t in row] for row in result.rows]
            return json.dumps({"columns": result.columns, "rows": rows, "truncated": False})

        parts = [
            "rdflib-select",
            version("rdflib"),
            *module_sources("ccpj_graph.query.reference", "ccpj_graph.query.terms"),
            digest,
            text,
        ]
        data = json.loads(self.text(parts, compute, suffix=".json"))
        rows = tuple(tuple(_term(t) for t in row) for row in data["rows"])
        return SelectResult(tuple(data["columns"]), rows, data["truncated"])


def _term_json(term: Term | None) -> list[str | None] | None:
    return None if term is None else [term.kind, term.value, term.datatype, term.lang]


def _term(data: list[str | None] | None) -> Term | None:
    if data is None:
        return None
    kind, value, datatype, lang = data
    assert kind is not None and value is not None
    return Term(kind, value, datatype, lang)  # type: ignore[arg-type]


def version(distribution: str) -> str:
    """``name==version`` of an installed distribution, for keys."""
    return f"{distribution}=={importlib.metadata.version(distribution)}"


def module_sources(*names: str) -> list[str]:
    """The source text of each named module: a change to the code changes the key."""
    import importlib

    out = []
    for name in names:
        module: ModuleType = importlib.import_module(name)
        assert module.__file__ is not None
        out.append(Path(module.__file__).read_text(encoding="utf-8"))
    return out


def _write_atomically(path: Path, text: str) -> None:
    """Write then rename, so a parallel worker never reads half an answer."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
