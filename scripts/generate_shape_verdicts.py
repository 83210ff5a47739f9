"""Generate ``src/ccpj_graph/shape-verdicts.txt``: the gate's verdicts on the SPARQL texts of
the shapes shipped in ``shapes/``.

Why: every SPARQL text a shape carries goes through the query stage's gate before pySHACL or
the fast engine runs it, and the gate parses it with rdflib's SPARQL parser, about 0.9 s for
the project's shapes on every cold build and every ``ccpj validate``. The shipped shapes'
texts are checked here, once, and their keys listed (see ``ccpj_graph.gated_shapes``): a key
covers the gate's source, the rdflib and pyparsing versions, the declared prefixes and the
text, so anything else is still checked when it is met. A text the gate refuses stops this
script with the gate's message.

Usage::

    python scripts/generate_shape_verdicts.py          # rewrite the list
    python scripts/generate_shape_verdicts.py --check  # exit 1 if it is stale

``tests/query/test_shape_verdicts.py`` fails when the committed list differs from what this
makes (after editing a shape, upgrading rdflib or changing the gate: run this script).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ccpj_graph.gated_shapes import (
    VERDICTS_PATH,
    declared_prefixes,
    shape_texts,
    verdict_key,
)
from ccpj_graph.query.verdicts import generate, verdicts_text
from ccpj_graph.rdfio import read_graph

#: The shapes the package ships (this repository's, whatever CCPJ_HOME says).
SHAPES = Path(__file__).resolve().parents[1] / "shapes"


def verdicts() -> str:
    """The list's text for the shapes the package ships (:data:`SHAPES`)."""
    shapes = read_graph(*sorted(SHAPES.glob("*.ttl")))
    prefixes = declared_prefixes(shapes)
    return verdicts_text(
        ((f"shape {shape}", probe) for shape, probe in shape_texts(shapes)),
        what="shapes'",
        module="ccpj_graph.gated_shapes",
        script="generate_shape_verdicts.py",
        prefixes=prefixes,
        key=lambda probe: verdict_key(probe, prefixes),
    )


def main(argv: list[str] | None = None) -> int:
    return generate(argv, VERDICTS_PATH, verdicts, "generate_shape_verdicts.py")


if __name__ == "__main__":
    sys.exit(main())
