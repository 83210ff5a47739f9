"""CSV and TSV cells that a spreadsheet shows as text, never runs as a formula.

Why: labels and quotes come from report text and from user data; a cell that begins with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some spreadsheets skip
before reading a formula) is run by Excel, LibreOffice and Google Sheets as a formula, e.g.
``=HYPERLINK("http://...", "click")``. As OWASP's "CSV Injection" page advises, such a cell is
written with a single quote in front, which spreadsheets show as text. A cell that is a plain
number (``-3``, ``+1.5e3``) is left as it is: it cannot be a formula.

Every CSV and TSV writer of the project (``query``, ``sparql``, ``export activities``, the
Gephi tables, ``/sparql`` as ``text/csv``) goes through :func:`safe_cell` or
:func:`csv_text`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_STARTS", "csv_text", "safe_cell", "tsv_text"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# ASCII digits: a spreadsheet reads "-٣" as no number, so it is escaped like any other text
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def safe_cell(value: str) -> str:
    """``value``, with a ``'`` in front when a spreadsheet would run it as a formula."""
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, lineterminator: str = "\n"
) -> str:
    """RFC 4180 CSV of ``header`` and ``rows`` with every cell made safe.

    Rows end with ``lineterminator``; a cell holding a carriage return or a line feed is
    quoted either way (Python's writer quotes only the characters of its own terminator).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    for row in (header, *rows):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(c) for c in row])
        lines.append(buffer.getvalue()[:-2] + lineterminator)
    return "".join(lines)


def tsv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """One line per row, cells joined by tabs; tabs and line breaks inside a cell become
    spaces, then the cell is made safe."""
    lines = ["\t".join(safe_cell(" ".join(c.split())) for c in header)]
    lines += ["\t".join(safe_cell(" ".join(c.split())) for c in row) for row in rows]
    return "\n".join(lines) + "\n"
