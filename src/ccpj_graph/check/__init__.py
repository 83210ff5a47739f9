"""Checks over the built graph that hold extraction to its promises (``ccpj check``).

A stage of its own: it reads the built graph (``data/graph`` with the reference data and the
manifest) and the paragraph texts it records, never the extraction code, so it can catch what
extraction gets wrong rather than repeat it.
"""

from __future__ import annotations

from ccpj_graph.check.grounding import Fact, GroundingReport, check_grounding

__all__ = ["Fact", "GroundingReport", "check_grounding"]
