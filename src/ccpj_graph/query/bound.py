"""When the gate's verdict on a canned query's text also holds for the text as bound.

Why: the gate (:mod:`ccpj_graph.query.safety`) parses with rdflib, whose import and parse
take 0.2-0.4 s: most of the first ask of a new parameter combination. Binding a canned query
(:meth:`~ccpj_graph.query.canned.CannedQuery.bind`) only writes VALUES lines of terms where
the file has ``#@values`` and ``#@below`` lines. So a bound text that is the gated text line
for line, except for VALUES lines of plain terms at exactly those places, adds rows of terms
and nothing the gate refuses: its verdict is the gated text's. Anything else (another line
changed, a term this grammar does not know, a backslash anywhere) is parsed by the gate as
before. This module imports only :mod:`re`: ``ccpj query`` loads it on every ask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["same_but_values"]

# One VALUES line as the canned binder writes it, of plain terms only: IRIs, strings without
# escapes (a text with a backslash is parsed), a language tag or a datatype IRI, UNDEF. No
# prefixed names, blank nodes, numbers, long strings or keywords: nothing in such a line is
# read as anything but a term, by either parser.
_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_STRING = r'"[^"\\\n\r]*"'
_TERM = rf"(?:{_IRI}|{_STRING}(?:@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*|\^\^{_IRI})?|UNDEF)"
_VAR = r"\?[A-Za-z_][A-Za-z0-9_]*"
_VALUES_LINE = re.compile(
    rf"[ \t]*VALUES (?:{_VAR} \{{(?: {_TERM})* \}}"  # VALUES ?x { <a> <b> }
    rf"|\({_VAR}(?: {_VAR})*\) \{{ \({_TERM}(?: {_TERM})*\) \}})"  # VALUES (?x ?y) { (<a> UNDEF) }
)


def same_but_values(checked: str, bound: str, slots: Iterable[int]) -> bool:
    """Whether the gate's verdict on ``checked`` (a text that passed it) holds for ``bound``:
    the same lines, except that lines at ``slots`` (0-based) may be VALUES lines of plain terms
    (``_VALUES_LINE``), and ``bound`` is its own engine text (no escape to expand, no carriage
    return). Such lines add rows of terms and nothing the gate refuses, so a canned query's
    bound text need not be parsed again (rdflib's import and parse are most of a first ask);
    when anything else differs the answer is False and the gate parses ``bound``.
    """
    if "\\" in bound or "\r" in bound:  # escapes or a bare return: engine_text would change it
        return False
    # lines as both parsers count them (str.splitlines would also break at \v, \f, \x1c ...)
    ours, theirs = checked.split("\n"), bound.split("\n")
    if len(ours) != len(theirs):
        return False
    free = set(slots)
    for number, (line, other) in enumerate(zip(ours, theirs, strict=True)):
        if line == other:
            continue
        if number not in free or _VALUES_LINE.fullmatch(other) is None:
            return False
    return True
