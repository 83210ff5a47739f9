"""Canonical Turtle and atomic writes, so committed RDF is byte-identical run after run.

rdflib's ``longturtle`` sorts prefixes, subjects and objects; the graphs we write use minted
IRIs, never blank nodes, which keeps that order stable across processes. Files are written to
a temporary sibling, fsynced and moved into place, so an interrupted build never leaves half a
file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import BNode, Graph

__all__ = ["atomic_write", "canonical_turtle"]


def canonical_turtle(graph: Graph) -> bytes:
    """Serialize ``graph`` as sorted, deterministic Turtle."""
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        raise ValueError("canonical Turtle needs a graph without blank nodes")
    return graph.serialize(format="longturtle", encoding="utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
