"""The same work, once: link activities of reports whose periods overlap that describe the
same work (``data/graph/same-work.ttl``), so that counts can count distinct work.

Reports are never merged. The build calls :func:`same_work_step` once every report's graph is
serialized; it reads those graphs (so it works on cached ones too), scores every pair of
activities of overlapping reports (:mod:`.similarity`), links the best pairs one to one above
the threshold of ``settings.toml``, applies the curators' ``[[retract-same-work]]`` and
``[[add-same-work]]`` entries (:mod:`.link`) and writes the links with their explanation and
each linked activity's representative (:mod:`.graph`). Design: docs/design.md, "The same work
across reports". ``python -m ccpj_graph.samework`` prints the candidate pairs to read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from ccpj_graph import resources
from ccpj_graph.build.mint import DEFAULT_BASE
from ccpj_graph.cache import Cache, code_digest, digest, files_digest
from ccpj_graph.corpus.model import ReportMeta
from ccpj_graph.curate import Curation
from ccpj_graph.samework.graph import same_work_graph
from ccpj_graph.samework.items import WorkItem, organisation_names, read_items
from ccpj_graph.samework.link import ADD, RETRACT, Link, SameWork, candidates, link_same_work
from ccpj_graph.samework.settings import Settings, load_settings

__all__ = [
    "ADD",
    "FILE_NAME",
    "RETRACT",
    "Link",
    "SameWork",
    "Settings",
    "WorkItem",
    "candidates",
    "link_same_work",
    "load_settings",
    "periods_of",
    "read_items",
    "same_work_graph",
    "same_work_step",
    "same_work_turtle",
]

#: The cross-report file the build writes next to the per-report graphs.
FILE_NAME = "same-work.ttl"


def _reference_files() -> list[Path]:
    """The reference data the stage reads: the organisations' names."""
    return sorted(resources.reference_dir().glob("organisations.ttl"))


def periods_of(metas: Sequence[ReportMeta]) -> dict[str, tuple[int | None, int | None]]:
    """Each report's period (start, end) from its manifest entry."""
    return {m.key: (m.period_start, m.period_end) for m in metas}


def same_work_turtle(
    graphs: Mapping[str, bytes],
    metas: Sequence[ReportMeta],
    curation: Sequence[Curation] = (),
    *,
    base: str = DEFAULT_BASE,
    settings: Settings | None = None,
) -> bytes:
    """The canonical Turtle of the same-work links between the reports' ``graphs``
    (report key -> its Turtle)."""
    names = organisation_names(_reference_files())
    items = {key: read_items(data, key, names) for key, data in sorted(graphs.items())}
    found = link_same_work(items, periods_of(metas), settings or load_settings(), curation)
    return same_work_graph(found, base=base).turtle()


def same_work_step(
    out: Path,
    graphs: Mapping[str, bytes],
    metas: Sequence[ReportMeta],
    entries: Sequence[Curation],
    *,
    base: str = DEFAULT_BASE,
    cache: Cache | None = None,
) -> tuple[Path, bytes]:
    """The build's step: ``(out / same-work.ttl, its bytes)``, from the cache when every
    report's graph, the manifest, the same-work curation entries, the organisations' names and
    the code are unchanged."""
    mine = [e for e in entries if e.kind in (RETRACT, ADD)]
    key = digest(
        code_digest(),
        files_digest(_reference_files()),
        base,
        repr(sorted(periods_of(metas).items())),
        *(part for name in sorted(graphs) for part in (name, graphs[name])),
        json.dumps([[e.kind, e.where, dict(e.entry)] for e in mine], sort_keys=True, default=str),
    )
    if cache is not None:
        data = cache.get("same-work", key, ".ttl")
        if data is not None:
            return out / FILE_NAME, data
    data = same_work_turtle(graphs, metas, mine, base=base)
    if cache is not None:
        cache.put("same-work", key, data, ".ttl")
    return out / FILE_NAME, data
