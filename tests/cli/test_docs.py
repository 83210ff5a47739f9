"""Every command has help with an example and is shown in the README (so the README stays true)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ccpj_graph.cli import COMMANDS, cli

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(cli)
    found = []
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None, name
        found.append((name, command))
        if isinstance(command, click.Group):
            sub = click.Context(command, parent=ctx)
            for sub_name in command.list_commands(sub):
                found.append((f"{name} {sub_name}", command.get_command(sub, sub_name)))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: str(v))
def test_command_has_help_with_an_example_and_is_in_the_readme(
    name: str, command: click.Command
) -> None:
    assert command.help and command.help.strip(), f"ccpj {name} has no help"
    assert "Example" in command.help, f"ccpj {name} help shows no example"
    assert f"ccpj {name}" in README, f"README does not show `ccpj {name}`"


def test_top_level_help_lists_every_verb() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: str(v))
def test_a_bad_option_is_one_line_naming_it(name: str, command: click.Command) -> None:
    """Every verb answers a misspelt option as it answers every other bad input: one line on
    stderr that names it (and where to look), exit 2, nothing on stdout."""
    result = CliRunner().invoke(cli, [*name.split(), "--no-such-optoin", "1"], prog_name="ccpj")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: No such option '--no-such-optoin'"), line
    assert line.endswith(f"(see 'ccpj {name} --help')"), line
