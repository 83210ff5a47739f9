"""The ``ccpj`` command: one click group; each verb lives in its own module here.

Commands parse options, call one library function and print its result: data on stdout,
messages on stderr. Nothing here imports click: ``ccpj query NAME ...`` is answered by
:mod:`ccpj_graph.cli.quick` without it when the line is one that path reads, and everything
else goes to the click group of :mod:`ccpj_graph.cli.group`. Verb modules are imported only
when their verb runs, so ``ccpj query`` does not pay for rdflib, pyshacl or owlrl at start-up,
and ``ccpj --help`` lists the verbs from :data:`SHORT_HELP` without importing any.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself is not imported: see ccpj_graph/__init__.py
if TYPE_CHECKING:
    from typing import Any

    from ccpj_graph.cli.group import cli

__all__ = ["COMMANDS", "SHORT_HELP", "cli", "main"]

#: verb -> "module:attribute" of its click command, imported on first use.
COMMANDS: dict[str, str] = {
    "run": "ccpj_graph.cli.run:run",
    "corpus": "ccpj_graph.cli.corpus:corpus",
    "ingest": "ccpj_graph.cli.ingest:ingest",
    "build": "ccpj_graph.cli.build:build",
    "validate": "ccpj_graph.cli.validate:validate",
    "reason": "ccpj_graph.cli.reason:reason",
    "export": "ccpj_graph.cli.export:export",
    "network": "ccpj_graph.cli.network:network",
    "evaluate": "ccpj_graph.cli.evaluate:evaluate",
    "review": "ccpj_graph.cli.review:review",
    "check": "ccpj_graph.cli.check:check",
    "extract": "ccpj_graph.cli.extract:extract",
    "queries": "ccpj_graph.cli.query:queries",
    "query": "ccpj_graph.cli.query:query",
    "sparql": "ccpj_graph.cli.query:sparql",
    "publish": "ccpj_graph.cli.publish:publish",
    "serve": "ccpj_graph.cli.publish:serve",
    "push": "ccpj_graph.cli.publish:push",
}

#: verb -> the first sentence of its help, which is what ``ccpj --help`` shows of it (click
#: cuts it to the terminal's width); kept here so listing the verbs imports none of them.
#: tests/cli/test_cli_help_table.py checks it against each command's own help.
SHORT_HELP: dict[str, str] = {
    "run": "Build, validate, reason, load the store, then answer the flagship question.",
    "corpus": "Inspect the source documents as paragraphs.",
    "ingest": "Add a report of the same family to data/sources and rebuild the graph.",
    "build": "Extract every report in data/sources and make the graph ready to query.",
    "validate": "Validate FILES (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) with SHACL.",
    "reason": "Infer what OWL 2 RL entails from FILES and write only the inferred triples.",
    "export": "Export the knowledge graph for other tools: the flat activity table, facet"
    " matrices, charts and a world map (SVG/PNG), and the networks as GEXF (Gephi), GraphML,"
    " Gephi CSV, PNG/SVG pictures or one interactive HTML page.",
    "network": "Networks projected from the graph: partners, countries and standards, everything.",
    "evaluate": "Compare the built graph with paragraph-by-paragraph annotations.",
    "review": "Show each paragraph of REPORT with its linked spans marked by kind, each"
    " activity's evidence delimited, and the candidate misses: countries and organisations"
    " the text names that no activity carries, organisation-like names and acronyms the"
    " reference data lacks, cited resolutions and UN symbols no activity cites, and sentences"
    " in which UNODC acts that produced no activity.",
    "check": "Check the built graph against what extraction promises.",
    "extract": "Look inside extraction: why a paragraph gave the activities it gave.",
    "queries": "List the canned queries with their parameters and columns.",
    "query": "Ask a canned question; each has its own options (ccpj query NAME --help).",
    "sparql": "Run a read-only SPARQL query on the store (argument, -f FILE or stdin).",
    "publish": "Write the graph as a static linked-data site.",
    "serve": "Serve a published site locally, with content negotiation and a SPARQL endpoint.",
    "push": "Load the graph into a triplestore (SPARQL 1.1 Graph Store HTTP Protocol).",
}


def __getattr__(name: str) -> Any:
    # The click group is imported on first use: ``ccpj query`` may not need click at all.
    if name == "cli":
        from ccpj_graph.cli.group import cli

        return cli
    raise AttributeError(name)


def main() -> None:
    """Console-script entry point: the quick path for ``ccpj query NAME``, else click."""
    from ccpj_graph.cli.quick import main as quick

    code = quick(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from ccpj_graph.cli.group import cli

    cli(prog_name="ccpj")
