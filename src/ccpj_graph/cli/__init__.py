"""The ``ccpj`` command: one click group; each verb lives in its own module here.

Commands parse options, call one library function and print its result: data on stdout,
messages on stderr. Verb modules are imported only when their verb runs, so ``ccpj query``
does not pay for rdflib, pyshacl or owlrl at start-up.
"""

from __future__ import annotations

import click

from ccpj_graph.cli.common import CcpjGroup

__all__ = ["COMMANDS", "cli", "main"]

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
    "queries": "ccpj_graph.cli.query:queries",
    "query": "ccpj_graph.cli.query:query",
    "sparql": "ccpj_graph.cli.query:sparql",
    "publish": "ccpj_graph.cli.publish:publish",
    "serve": "ccpj_graph.cli.publish:serve",
    "push": "ccpj_graph.cli.publish:push",
}


@click.group(
    cls=CcpjGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="ccpj-graph", prog_name="ccpj")
def cli() -> None:
    """ccpj: the UN crime prevention and criminal justice standards as a knowledge graph.

    \b
    Example:
      ccpj corpus list
    """


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ccpj")
