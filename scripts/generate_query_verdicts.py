"""Generate ``src/ccpj_graph/query-verdicts.txt``: the gate's verdicts on the SPARQL texts of
the queries shipped in ``queries/``.

Why: every canned query file, parameter lookup and ``#@below`` lookup passes the gate before
it runs, and the gate parses with rdflib, 0.1-0.3 s a text: about 1.2 s of a cold build (which
answers questions ahead, ``ccpj_graph.query.ahead``) and of a fresh machine's first asks. The
shipped texts are checked here, once, and their keys listed (see
``ccpj_graph.query.verdicts``): a key covers the gate's source, the rdflib and pyparsing
versions and the text, so anything else is still checked when it is met. A text the gate
refuses stops this script with the gate's message.

Usage::

    python scripts/generate_query_verdicts.py          # rewrite the list
    python scripts/generate_query_verdicts.py --check  # exit 1 if it is stale

``tests/query/test_query_verdicts.py`` fails when the committed list differs from what this
makes (after editing a query, upgrading rdflib or changing the gate: run this script).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ccpj_graph.query.ahead import gate_texts
from ccpj_graph.query.canned import load_queries
from ccpj_graph.query.verdicts import QUERY_VERDICTS, generate, verdicts_text

#: The queries the package ships (this repository's, whatever CCPJ_HOME says).
QUERIES = Path(__file__).resolve().parents[1] / "queries"


def verdicts() -> str:
    """The list's text for the queries the package ships (:data:`QUERIES`)."""
    return verdicts_text(
        gate_texts(load_queries(QUERIES)),
        what="queries'",
        module="ccpj_graph.query.verdicts",
        script="generate_query_verdicts.py",
    )


def main(argv: list[str] | None = None) -> int:
    return generate(argv, QUERY_VERDICTS, verdicts, "generate_query_verdicts.py")


if __name__ == "__main__":
    sys.exit(main())
