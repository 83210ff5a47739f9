"""Review: a report's paragraphs beside what the graph made of them, with candidate misses."""

from __future__ import annotations

from ccpj_graph.review.collect import ReportReview, review_report
from ccpj_graph.review.render import render_review

__all__ = ["ReportReview", "render_review", "review_report"]
