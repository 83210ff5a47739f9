"""Mandate keys, their display form and their year: ``ga-76-183`` <-> "GA resolution 76/183".

One place for the convention shared by the extractor (which normalises citations), the build
(which describes mandates the reference data lacks) and the flat export. A decision's key
carries the word: ``ecosoc-decision-2023-245`` <-> "ECOSOC decision 2023/245".

The year of a mandate the reference data lacks comes from its number where the number says it
(:func:`numbered_year`: General Assembly session n met in 1945 + n, ECOSOC ``yyyy/n``, Security
Council ``n (yyyy)``), else from the year its session met (``data/reference/sessions.toml``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ccpj_graph.errors import CcpjError
from ccpj_graph.tomlfile import read_toml

__all__ = [
    "BODIES",
    "KINDS",
    "display",
    "is_decision",
    "mandate_key",
    "numbered_year",
    "session_years",
    "split_key",
]

#: Body key -> short form used in the normalised display ("GA resolution 76/183").
BODIES: dict[str, str] = {
    "ga": "GA",
    "ecosoc": "ECOSOC",
    "ccpcj": "CCPCJ",
    "sc": "SC",
    "hrc": "HRC",
    "untoc-cop": "UNTOC COP",
    "uncac-cosp": "UNCAC CoSP",
}

#: What a mandate is: the word of its citation.
KINDS = ("resolution", "decision")

_BODY = "|".join(sorted((re.escape(b) for b in BODIES), key=len, reverse=True))
# ASCII digits: \d took "ga-٧٥-196", a key no reference mandate has
_KEY = re.compile(rf"(?P<body>{_BODY})-(?:(?P<decision>decision)-)?(?P<number>[0-9]+(?:-[0-9]+)?)")


def mandate_key(body: str, number: str, *, kind: str = "resolution") -> str:
    """``("ga", "75/196")`` -> ``"ga-75-196"``; a decision: ``"ecosoc-decision-2023-245"``."""
    if body not in BODIES:
        raise ValueError(f"unknown mandate body {body!r}; expected one of {sorted(BODIES)}")
    if kind not in KINDS:
        raise ValueError(f"unknown mandate kind {kind!r}; expected one of {KINDS}")
    infix = "decision-" if kind == "decision" else ""
    return f"{body}-{infix}{number.replace('/', '-')}"


def split_key(key: str) -> tuple[str, str]:
    """``"ga-75-196"`` -> ``("ga", "75/196")``."""
    match = _KEY.fullmatch(key)
    if not match:
        raise ValueError(f"not a mandate key: {key!r}")
    return match["body"], match["number"].replace("-", "/")


def is_decision(key: str) -> bool:
    """True for a decision's key (``ecosoc-decision-2023-245``)."""
    match = _KEY.fullmatch(key)
    return bool(match and match["decision"])


def display(key: str) -> str:
    """``"ga-75-196"`` -> ``"GA resolution 75/196"``."""
    body, number = split_key(key)
    word = "decision" if is_decision(key) else "resolution"
    return f"{BODIES[body]} {word} {number}"


def numbered_year(key: str) -> tuple[int, str] | None:
    """(year, basis) of a mandate from its number alone, or None.

    Basis ``numbering``: a General Assembly number ``n/x`` was adopted at session n, which met
    in 1945 + n; an ECOSOC number ``yyyy/n`` carries its year. Basis ``session-table``: a
    commission or conference number ``s/n`` was adopted at session s (``sessions.toml``).
    """
    body, number = split_key(key)
    head = number.split("/")[0]
    if body == "ga" and "/" in number and int(head) >= 1:  # the 100th session meets in 2045
        return 1945 + int(head), "numbering"
    if body == "ecosoc" and len(head) == 4:
        return int(head), "numbering"
    year = session_years().get(body, {}).get(int(head)) if "/" in number else None
    return (year, "session-table") if year else None


@cache
def session_years(path: Path | None = None) -> dict[str, dict[int, int]]:
    """``sessions.toml`` read: body key -> session number -> year it met."""
    if path is None:
        from ccpj_graph import resources

        path = resources.reference_dir() / "sessions.toml"
    if not path.exists():
        return {}
    data, _lines = read_toml(path)
    table: dict[str, dict[int, int]] = {}
    for body, sessions in data.items():
        if body not in BODIES or not isinstance(sessions, dict):
            raise CcpjError(f"{path}: [{body}] is not a mandate body ({', '.join(BODIES)})")
        for session, year in sessions.items():
            number = str(session)
            digits = number.isascii() and number.isdigit()  # int("²") fails, int("٧") is 7
            if not digits or not isinstance(year, int) or not 1945 < year < 2100:
                raise CcpjError(f"{path}: [{body}] {session} = {year!r}: want <session> = <year>")
            table.setdefault(body, {})[int(session)] = year
    return table
