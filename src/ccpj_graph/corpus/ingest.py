"""Add a new report to the corpus: copy its text into ``data/sources`` and describe it in the
manifest, after checking that the reader can read it.

Nothing is written unless the text reads as a report, is not a text the corpus already holds
(under any name), is within the size cap, and the new manifest parses; the caller gets an
:class:`Ingested` handle to ``commit`` it or take it back (``rollback``) when a later stage,
such as the build, rejects the report. A journal (:mod:`.journal`) makes it all-or-nothing
even when the process is killed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from rdflib import Literal
from rdflib.namespace import XSD

from ccpj_graph import mandates, resources
from ccpj_graph.atomic import atomic_write
from ccpj_graph.corpus.journal import IngestJournal
from ccpj_graph.corpus.manifest import (
    KINDS,
    MANDATE_BASE,
    MANIFEST_NAME,
    REPORT_BASE,
    REPORT_KEY,
    UN_SYMBOL,
    is_iso_date,
    load_manifest,
    parse_manifest,
)
from ccpj_graph.corpus.model import Report, ReportMeta
from ccpj_graph.corpus.reader import read_report
from ccpj_graph.corpus.source import read_source_text
from ccpj_graph.errors import CorpusError, InputError
from ccpj_graph.limits import SOURCE_BYTES, read_capped

__all__ = ["Ingested", "ingest_report", "parse_mandate", "parse_period"]

# ASCII digits only ([0-9], not \d): another script's digits ("٢٠٢٢") are no year or number here
_PERIOD = re.compile(r"\s*([0-9]{4})\s*(?:[-–/]\s*([0-9]{4})\s*)?")
_CITATION = re.compile(
    r"\s*(?P<body>.+?)\s+(?:resolution\s+)?(?P<number>[0-9]+(?:/[0-9]+)?)\s*", re.I
)


@dataclass(frozen=True, slots=True)
class Ingested:
    """What :func:`ingest_report` wrote, with enough to take it back.

    Until :meth:`commit` or :meth:`rollback`, the ingest journal (:mod:`.journal`) stays
    locked; if the process dies first, the next reader of the manifest takes it all back.
    """

    report: Report
    text_path: Path
    manifest_path: Path
    previous_manifest: bytes
    journal: IngestJournal | None = None

    def commit(self) -> None:
        """Keep the report: the corpus now holds it for good."""
        if self.journal is not None:
            self.journal.commit()

    def rollback(self) -> None:
        """Restore the manifest as it was and remove the copied text (and the graph file a
        build wrote for it)."""
        if self.journal is not None:
            self.journal.rollback()
            return
        atomic_write(self.manifest_path, self.previous_manifest)
        self.text_path.unlink(missing_ok=True)


def parse_period(text: str) -> tuple[int, int]:
    """``"2021"`` -> (2021, 2021); ``"2020-2021"`` -> (2020, 2021)."""
    match = _PERIOD.fullmatch(text)
    if not match:
        raise InputError(f"--period {text!r}: expected a year or a range, e.g. 2021 or 2020-2021")
    start = int(match[1])
    end = int(match[2] or start)
    if end < start:
        raise InputError(f"--period {text!r}: the range ends before it starts")
    return start, end


def parse_mandate(text: str) -> str:
    """A mandate key from ``ecosoc-1992-22``, ``ECOSOC resolution 1992/22`` or ``GA 75/196``."""
    try:
        mandates.split_key(text.strip())
        return text.strip()
    except ValueError:
        pass
    match = _CITATION.fullmatch(text)
    by_display = {short.lower(): key for key, short in mandates.BODIES.items()}
    body = by_display.get(match["body"].lower()) if match else None
    if not match or body is None:
        shown = ", ".join(mandates.BODIES.values())
        raise InputError(
            f"--pursuant-to {text!r}: expected e.g. 'ECOSOC resolution 1992/22' (bodies: {shown})"
        )
    return mandates.mandate_key(body, match["number"])


def _next_key(metas: list[ReportMeta]) -> str:
    numbers = [int(m.key) for m in metas if m.key.isdigit()]
    return f"{max(numbers, default=-1) + 1:03d}"


def manifest_entry(meta: ReportMeta) -> str:
    """The manifest entry (Turtle, without prefixes) that describes ``meta``."""
    env = Environment(
        loader=PackageLoader("ccpj_graph", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - Turtle, every value below is written by Literal.n3()
    )

    def n3(value: str, **kw: Any) -> str:
        return Literal(value, **kw).n3()

    types = (
        "ccpj:Brochure, bibo:Document" if meta.kind == "brochure" else "ccpj:Report, bibo:Report"
    )
    return env.get_template("corpus/manifest-entry.ttl.j2").render(
        iri=f"{REPORT_BASE}{meta.key}",
        types=types,
        key=n3(meta.key),
        title=n3(meta.title, lang="en"),
        body=n3(meta.body),
        kind=n3(meta.kind),
        issued=n3(meta.issued, datatype=XSD.date) if meta.issued else None,
        period_start=n3(str(meta.period_start), datatype=XSD.gYear) if meta.period_start else None,
        period_end=n3(str(meta.period_end), datatype=XSD.gYear) if meta.period_end else None,
        symbol=n3(meta.symbol) if meta.symbol else None,
        mandates=[f"{MANDATE_BASE}{m}" for m in meta.pursuant_to],
        profile=n3(meta.profile) if meta.profile else None,
        file_name=n3(meta.file_name),
    )


def ingest_report(
    path: Path,
    *,
    title: str,
    issued: str | None,
    period: str | None,
    body: str,
    symbol: str | None = None,
    pursuant_to: tuple[str, ...] = (),
    key: str | None = None,
    kind: str = "report",
    profile: str | None = None,
    sources_dir: Path | None = None,
) -> Ingested:
    """Check, copy and describe the report at ``path``; returns a handle to undo it.

    ``profile`` is the extraction profile its manifest entry names (the caller checks that it
    exists; left out, the entry names none and the default profile applies)."""
    folder = sources_dir or resources.sources_dir()
    manifest_path = folder / MANIFEST_NAME
    metas = load_manifest(manifest_path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file")
    if path.is_dir():
        raise CorpusError(f"{path}: is a directory, not a report text")
    if kind not in KINDS:
        raise InputError(f"--kind {kind!r}: expected one of {', '.join(KINDS)}")
    # Each option is checked here against the rule the manifest holds it to: a value the
    # manifest refuses was written first and then blamed on manifest.ttl ("invalid Turtle"
    # for --key "a b"), and an empty one was taken for no value (--key "" the next key).
    if issued is not None and not is_iso_date(issued):
        raise InputError(f"--date {issued!r}: expected an ISO date, e.g. 2023-03-21")
    start, end = parse_period(period) if period is not None else (None, None)
    if not title.strip():
        raise InputError("--title: must not be empty")
    if not body.strip():
        raise InputError("--body: must not be empty")
    if symbol is not None and not UN_SYMBOL.fullmatch(symbol):
        raise InputError(f"--symbol {symbol!r}: expected a UN document symbol, e.g. E/CN.15/2023/9")
    if key is None:
        key = _next_key(metas)
    elif not REPORT_KEY.fullmatch(key):
        raise InputError(
            f"--key {key!r}: expected lower-case letters (a-z), digits and hyphens, "
            "a letter or digit first, e.g. 005"
        )
    if any(m.key == key for m in metas):
        raise InputError(f"--key {key!r}: the manifest already has a report with this key")
    target = folder / path.name
    if any(m.file_name == path.name for m in metas) or target.exists():
        raise InputError(f"{path.name}: data/sources already holds a file of this name")
    meta = ReportMeta(
        key=key,
        file_name=path.name,
        title=" ".join(title.split()),
        body=" ".join(body.split()),
        issued=issued,
        period_start=start,
        period_end=end,
        symbol=symbol,
        pursuant_to=tuple(parse_mandate(m) for m in pursuant_to),
        kind=kind,
        profile=profile,
    )
    raw = read_capped(path, SOURCE_BYTES, what="a report text", error=CorpusError, text=True)
    report = read_report(path, meta)  # raises CorpusError naming the file if it does not read
    _refuse_known_text(path, folder, metas)
    previous = manifest_path.read_bytes()
    updated = previous.rstrip(b"\n") + b"\n" + manifest_entry(meta).encode("utf-8")
    parse_manifest(updated, source=manifest_path)  # the new manifest must read, whole

    graph_file = None
    if sources_dir is None and not (resources.graph_dir() / f"{key}.ttl").exists():
        graph_file = resources.graph_dir() / f"{key}.ttl"  # the build will write it
    journal = IngestJournal.begin(
        folder, manifest_path, key=key, text=target, graph_file=graph_file
    )
    try:
        atomic_write(target, raw)
        atomic_write(manifest_path, updated)
    except BaseException:
        journal.rollback()
        raise
    return Ingested(report, target, manifest_path, previous, journal)


def _refuse_known_text(path: Path, folder: Path, metas: list[ReportMeta]) -> None:
    """The same text (after normalisation: line ends, invisible marks) under a new name is
    refused: ingesting it twice would double every activity."""
    digest = _text_digest(path)
    for meta in metas:
        other = folder / meta.file_name
        if other.is_file() and _text_digest(other) == digest:
            raise InputError(
                f"{path}: the same text as {meta.file_name} (report {meta.key}, "
                f"sha256 {digest[:12]}), already in the corpus"
            )


def _text_digest(path: Path) -> str:
    return hashlib.sha256(read_source_text(path).encode("utf-8")).hexdigest()
