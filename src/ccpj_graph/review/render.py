"""Show a review: one HTML page, plain text for a terminal, or CSV of the candidates.

The text of each paragraph is cut at every span, evidence and candidate boundary, and each
piece carries the classes of what covers it, so overlapping evidence (two activities resting
on one sentence) and the entity spans inside it render without broken nesting.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from ccpj_graph.errors import InputError
from ccpj_graph.review.collect import ParagraphReview, ReportReview
from ccpj_graph.spreadsheet import csv_text

__all__ = ["FORMATS", "Piece", "pieces", "render_review"]

FORMATS = ("html", "text", "csv")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of paragraph text with what covers it and the evidence markers around it."""

    text: str
    kind: str  # entity kind of a linked span, "" when none
    label: str
    miss: str  # candidate kind, "" when none
    in_evidence: bool
    opens: tuple[str, ...]  # activities whose evidence starts here
    closes: tuple[str, ...]  # activities whose evidence ends after this piece


def pieces(para: ParagraphReview) -> list[Piece]:
    """The paragraph's text cut at every boundary (see the module docstring)."""
    text = para.text
    cuts = {0, len(text)}
    bounds = [(s.start, s.end) for s in para.spans]
    bounds += [(e.start, e.end) for e in para.evidence]
    bounds += [(c.start, c.end) for c in para.candidates]
    for start, end in bounds:
        cuts.update((max(0, start), min(len(text), end)))
    points = sorted(cuts)
    out: list[Piece] = []
    for start, end in itertools.pairwise(points):
        span = next((s for s in para.spans if s.start <= start and end <= s.end), None)
        miss = next(
            (
                c
                for c in para.candidates
                if c.kind != "silent-sentence" and c.start <= start and end <= c.end
            ),
            None,
        )
        out.append(
            Piece(
                text=text[start:end],
                kind=span.kind if span else "",
                label=span.label if span else "",
                miss=miss.kind if miss else "",
                in_evidence=any(e.start <= start and end <= e.end for e in para.evidence),
                opens=tuple(e.activity for e in para.evidence if e.start == start),
                closes=tuple(e.activity for e in para.evidence if e.end == end),
            )
        )
    return out


def _text(review: ReportReview, *, unlinked: bool) -> str:
    lines = [f"review of report {review.report}: {review.title}"]
    lines.append("  " + ", ".join(f"{k} {v}" for k, v in review.counts().items()))
    if unlinked:
        lines.append("")
        for kind, text, count, paras in review.unlinked():
            lines.append(f"{count:4d}  {kind:22s} {text}  (paragraphs {', '.join(paras)})")
        return "\n".join(lines) + "\n"
    for para in review.paragraphs:
        lines += ["", f"§{para.number} [{para.section}]"]
        marked = []
        for piece in pieces(para):
            marked += [f"⟦{a} " for a in piece.opens]
            marked.append(f"[{piece.text}|{piece.kind}]" if piece.kind else piece.text)
            marked += ["⟧" for _ in piece.closes]
        lines.append("".join(marked))
        lines += [f"  miss {c.kind}: {c.text} — {c.why}" for c in para.candidates]
    return "\n".join(lines) + "\n"


def _csv(review: ReportReview, *, unlinked: bool) -> str:
    """Candidates as CSV through the formula-safe writer (:mod:`ccpj_graph.spreadsheet`): the
    texts come from the report, and a cell starting ``=`` must not run in a spreadsheet."""
    if unlinked:
        header = ["report", "kind", "text", "count", "paragraphs"]
        rows = [
            [review.report, kind, text, str(count), " ".join(paras)]
            for kind, text, count, paras in review.unlinked()
        ]
    else:
        header = ["report", "paragraph", "kind", "text", "start", "end", "why"]
        rows = [
            [review.report, para.number, c.kind, c.text, str(c.start), str(c.end), c.why]
            for para in review.paragraphs
            for c in para.candidates
        ]
    return csv_text(header, rows)


def _html(review: ReportReview, *, unlinked: bool) -> str:
    env = Environment(
        loader=PackageLoader("ccpj_graph", "templates/review"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("page.html.j2")
    return template.render(
        review=review,
        counts=review.counts(),
        unlinked=review.unlinked(),
        only_unlinked=unlinked,
        pieces=pieces,
    )


def render_review(review: ReportReview, *, fmt: str = "html", unlinked: bool = False) -> str:
    """``review`` as text in ``fmt``: html, text or csv; ``unlinked`` lists only the
    candidates, grouped with counts."""
    if fmt == "html":
        return _html(review, unlinked=unlinked)
    if fmt == "text":
        return _text(review, unlinked=unlinked)
    if fmt == "csv":
        return _csv(review, unlinked=unlinked)
    raise InputError(f"--format: unknown format {fmt!r}; expected {', '.join(FORMATS)}")
