"""``ccpj --help`` lists each verb from ``SHORT_HELP`` without importing it: the table must say
what each command's own help would."""

from __future__ import annotations

import click
import pytest

from ccpj_graph.cli import COMMANDS, SHORT_HELP
from ccpj_graph.cli.group import cli


def test_every_verb_has_a_short_help_entry() -> None:
    assert set(SHORT_HELP) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("limit", [20, 45, 60, 66, 80, 120, 400])
def test_the_table_gives_what_the_command_gives(name: str, limit: int) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and not command.hidden
    listed = click.Command(name, help=SHORT_HELP[name]).get_short_help_str(limit)
    assert listed == command.get_short_help_str(limit)
