"""The corpus stage: source documents and their manifest -> ``Report`` records of paragraphs.

Public API::

    load_manifest(path=None) -> list[ReportMeta]     # data/sources/manifest.ttl, by key
    read_report(path, meta) -> Report                # one document
    load_corpus(sources_dir=None) -> list[Report]    # every listed document, by key

Bad input (missing, empty or binary file, unknown layout, no numbered paragraphs, a malformed
manifest) raises :class:`~ccpj_graph.errors.CorpusError` with one line naming the file.
"""

from __future__ import annotations

from ccpj_graph.corpus.layout import Layout, detect_layout
from ccpj_graph.corpus.manifest import load_manifest, parse_manifest
from ccpj_graph.corpus.model import Footnote, Paragraph, Report, ReportMeta
from ccpj_graph.corpus.reader import (
    Reading,
    inspect_corpus,
    inspect_report,
    load_corpus,
    read_report,
    read_text,
    unlisted_sources,
)
from ccpj_graph.errors import CorpusError

__all__ = [
    "CorpusError",
    "Footnote",
    "Layout",
    "Paragraph",
    "Reading",
    "Report",
    "ReportMeta",
    "detect_layout",
    "inspect_corpus",
    "inspect_report",
    "load_corpus",
    "load_manifest",
    "parse_manifest",
    "read_report",
    "read_text",
    "unlisted_sources",
]
