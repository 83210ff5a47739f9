"""ccpj-graph: the UN standards and norms in crime prevention and criminal justice as a graph.

For notebooks: ``kg = ccpj_graph.open()``, then ``kg.query("partners", theme="prison",
year=2020)``; see :mod:`ccpj_graph.api`.
"""

from __future__ import annotations

# typing is imported by type checkers only: its import costs the query path more than its
# own work (issue 13, item 4); TYPE_CHECKING = False is what mypy reads as typing's.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ccpj_graph.api import FACETS, KnowledgeGraph, Matrix, open

__all__ = ["FACETS", "KnowledgeGraph", "Matrix", "__version__", "open"]

_API = {"FACETS", "KnowledgeGraph", "Matrix", "open"}


def __getattr__(name: str) -> Any:
    # Read lazily: importlib.metadata costs tens of milliseconds at every `ccpj` start-up, and
    # the CLI should not import the API's modules before a verb needs them.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("ccpj-graph")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0"
    if name in _API:
        from ccpj_graph import api

        return getattr(api, name)
    raise AttributeError(name)
