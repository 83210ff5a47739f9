"""Write a facet matrix (:class:`ccpj_graph.api.Matrix`) as CSV, TSV or JSON.

CSV and TSV are wide (a spreadsheet's natural shape: one row per row value, one column per
column value); JSON is long (one record per non-empty cell), which is what plotting libraries
and pandas' ``pivot`` want.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ccpj_graph.errors import InputError
from ccpj_graph.spreadsheet import csv_text, tsv_text

if TYPE_CHECKING:
    from ccpj_graph.api import Matrix

__all__ = ["write_matrix"]


def write_matrix(matrix: Matrix, *, fmt: str) -> str:
    """``matrix`` as text in ``fmt`` (csv, tsv or json)."""
    if fmt == "json":
        return json.dumps(matrix.records(), ensure_ascii=False, indent=2) + "\n"
    if fmt not in ("csv", "tsv"):
        raise InputError(f"--format: unknown format {fmt!r}; expected csv, tsv or json")
    header, body = matrix.table()
    rows = [[str(cell) for cell in row] for row in body]
    # labels come from the data: cells a spreadsheet would run as formulas are quoted
    return csv_text(header, rows) if fmt == "csv" else tsv_text(header, rows)
