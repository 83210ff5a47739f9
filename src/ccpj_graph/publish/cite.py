"""How the site cites its sources: a report by its UN symbol where the text states one.

The symbol (``E/CN.15/2022/9``) is the identifier a UN document is cited and found by; the
Official Document System answers ``https://undocs.org/<symbol>``. A report whose text states no
symbol is cited by title, issuing body and date or period, and gets no link: a symbol is never
guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ccpj_graph.publish.analyst import Report

__all__ = ["Citation", "cite_paragraph", "cite_report", "human_date", "human_period", "undocs_url"]

UNDOCS = "https://undocs.org/"
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation: the text to show and copy, and the document's address when known."""

    text: str
    href: str | None
    symbol: str | None


def undocs_url(symbol: str) -> str:
    """The Official Document System address of a UN symbol."""
    return UNDOCS + quote(symbol.strip(), safe="/")


def human_date(value: str | None) -> str:
    """``2022-03-21`` as ``21 March 2022`` (the form UN documents print); else as given."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


def human_period(period: tuple[str, str] | None) -> str:
    """A report's period as printed: ``2020``, ``2019–2020``, or "" when it states none."""
    if not period:
        return ""
    start, end = period
    return start if start == end else f"{start}–{end}"


def _when(report: Report) -> str:
    if report.issued:
        return human_date(report.issued)
    if report.period:
        return f"covering {human_period(report.period)}"
    return "undated"


def cite_report(report: Report) -> Citation:
    """The "cite this" line of a report."""
    body = report.publisher or "United Nations"
    if report.symbol:
        text = f"{body}. {report.title}. {report.symbol}, {_when(report)}."
        url = undocs_url(report.symbol)
        return Citation(f"{text} {url}", url, report.symbol)
    kind = "Brochure" if report.brochure else "Report"
    return Citation(
        f"{body}. {report.title}. {kind}, {_when(report)}; no symbol stated.", None, None
    )


def cite_paragraph(report: Report | None, number: str) -> Citation:
    """A pinpoint citation: ``E/CN.15/2022/9, para. 17 (21 March 2022)``."""
    if report is None:
        return Citation(f"para. {number}", None, None)
    where = f"block {number}" if report.brochure else f"para. {number}"
    if report.symbol:
        text = f"{report.symbol}, {where} ({_when(report)})"
        return Citation(text, undocs_url(report.symbol), report.symbol)
    return Citation(f"{report.publisher}, “{report.title}” ({_when(report)}), {where}", None, None)
