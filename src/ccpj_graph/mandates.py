"""Mandate keys and their display form: ``ga-76-183`` <-> "GA resolution 76/183".

One place for the convention shared by the extractor (which normalises citations), the build
(which describes mandates the reference data lacks) and the flat export.
"""

from __future__ import annotations

import re

__all__ = ["BODIES", "display", "mandate_key", "split_key"]

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

_KEY = re.compile(r"^(?P<body>[a-z]+(?:-[a-z]+)*)-(?P<number>\d+(?:-\d+)?)$")


def mandate_key(body: str, number: str) -> str:
    """``("ga", "75/196")`` -> ``"ga-75-196"``."""
    if body not in BODIES:
        raise ValueError(f"unknown mandate body {body!r}; expected one of {sorted(BODIES)}")
    return f"{body}-{number.replace('/', '-')}"


def split_key(key: str) -> tuple[str, str]:
    """``"ga-75-196"`` -> ``("ga", "75/196")``."""
    match = _KEY.match(key)
    if not match or match["body"] not in BODIES:
        raise ValueError(f"not a mandate key: {key!r}")
    return match["body"], match["number"].replace("-", "/")


def display(key: str) -> str:
    """``"ga-75-196"`` -> ``"GA resolution 75/196"``."""
    body, number = split_key(key)
    return f"{BODIES[body]} resolution {number}"
