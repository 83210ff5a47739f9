"""The ``ccpj`` command: one click group; each verb lives in its own module here.

Commands parse options, call one library function and print its result: data on stdout,
messages on stderr. Verb modules are imported only when their verb runs, so ``ccpj query``
does not pay for rdflib, pyshacl or owlrl at start-up. ``ccpj --help`` lists the verbs
without importing any: their one-line help is read from the modules' source (``ast``).
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

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
    "extract": "ccpj_graph.cli.extract:extract",
    "queries": "ccpj_graph.cli.query:queries",
    "query": "ccpj_graph.cli.query:query",
    "sparql": "ccpj_graph.cli.query:sparql",
    "publish": "ccpj_graph.cli.publish:publish",
    "serve": "ccpj_graph.cli.publish:serve",
    "push": "ccpj_graph.cli.publish:push",
}


class _ListedGroup(CcpjGroup):
    """Lists lazy verbs from their docstrings without importing their modules."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = (
            formatter.width - 6 - max((len(name) for name in self.list_commands(ctx)), default=0)
        )
        rows = []
        for name in self.list_commands(ctx):
            text = _short_help(self.lazy_commands.get(name, ""), limit)
            if text is None:  # not found in the source: ask the command itself
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                text = command.get_short_help_str(limit)
            rows.append((name, text))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _short_help(target: str, limit: int) -> str | None:
    """The short help click would show for ``module:function``, read from the source."""
    module_name, _, attr = target.partition(":")
    spec = importlib.util.find_spec(module_name) if module_name else None
    if spec is None or spec.origin is None:
        return None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == attr:
            if any(_names_help(d) for d in node.decorator_list):
                return None  # an explicit help= or short_help= wins; let click read it
            doc = ast.get_docstring(node)
            return click.Command(attr, help=doc).get_short_help_str(limit) if doc else None
    return None


def _names_help(decorator: ast.expr) -> bool:
    """True for ``@click.command(...)`` / ``@x.group(...)`` given its own help, name or
    visibility (what the docstring alone would not tell)."""
    if not isinstance(decorator, ast.Call):
        return False
    func = decorator.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("command", "group") and any(
        k.arg in ("help", "short_help", "hidden", "name", "deprecated") for k in decorator.keywords
    )


@click.group(
    cls=_ListedGroup,
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
