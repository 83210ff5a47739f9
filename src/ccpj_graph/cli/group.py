"""The click group behind ``ccpj``: the verbs of :data:`ccpj_graph.cli.COMMANDS`, loaded lazily.

``ccpj --help`` lists the verbs with their short help from :data:`ccpj_graph.cli.SHORT_HELP`
(what click would show once each verb is imported), so listing them imports none.
"""

from __future__ import annotations

import click

from ccpj_graph.cli import COMMANDS, SHORT_HELP
from ccpj_graph.cli.common import CcpjGroup

__all__ = ["cli"]


class _ListedGroup(CcpjGroup):
    """Lists lazy verbs from :data:`SHORT_HELP` without importing their modules."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = (
            formatter.width - 6 - max((len(name) for name in self.list_commands(ctx)), default=0)
        )
        rows = []
        for name in self.list_commands(ctx):
            if name in SHORT_HELP:
                text = click.Command(name, help=SHORT_HELP[name]).get_short_help_str(limit)
                rows.append((name, text))
                continue
            command = self.get_command(ctx, name)  # not in the table: ask the command itself
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


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
