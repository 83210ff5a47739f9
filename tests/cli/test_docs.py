"""Every command has help with an example and is shown in the README (so the README stays true)."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ccpj_graph import resources
from ccpj_graph.cli import COMMANDS, cli
from ccpj_graph.cli.common import takes_one_value

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


def _usage_error(name: str, *args: str) -> str:
    """The one stderr line of ``ccpj NAME ARGS`` refused as a usage error (exit 2, nothing on
    stdout, the line ending with where to look)."""
    result = CliRunner().invoke(cli, [*name.split(), *args], prog_name="ccpj")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.endswith(f"(see 'ccpj {name} --help')"), line
    return line


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: str(v))
def test_a_bad_option_is_one_line_naming_it(name: str, command: click.Command) -> None:
    """Every verb answers a misspelt option as it answers every other bad input: one line on
    stderr that names it (and where to look), exit 2, nothing on stdout."""
    line = _usage_error(name, "--no-such-optoin", "1")
    assert line.startswith("error: No such option '--no-such-optoin'"), line


def _example(command: click.Command) -> list[str]:
    """The first command of ``command``'s help example, as words (its wrapped lines joined)."""
    help_text = command.help or ""
    lines = [line.strip() for line in help_text[help_text.index("Example") :].splitlines()[1:]]
    start = next(i for i, line in enumerate(lines) if line.startswith("ccpj "))
    words = [lines[start]]
    for line in lines[start + 1 :]:
        if not line or line.startswith("ccpj "):
            break
        words.append(line)
    return shlex.split(" ".join(words).split("  #")[0])[1:]


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: str(v))
def test_a_home_that_is_not_one_is_one_line(
    name: str, command: click.Command, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every verb's own example, with ``CCPJ_HOME`` naming a folder that is not a home (a
    typo, an unmounted disk): one ``error:`` line naming ``CCPJ_HOME`` and a non-zero exit,
    never a traceback or files written elsewhere."""
    monkeypatch.setenv("CCPJ_HOME", str(tmp_path / "no-such-home"))
    monkeypatch.chdir(tmp_path)
    resources.home.cache_clear()
    try:
        result = CliRunner().invoke(cli, _example(command), prog_name="ccpj")
    finally:
        resources.home.cache_clear()
    assert result.exit_code not in (0, None), result.output
    assert isinstance(result.exception, SystemExit), result.exception
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: "), line
    assert list(tmp_path.iterdir()) == []


def _needs_something(command: click.Command) -> bool:
    return any(p.required for p in command.params) and not isinstance(command, click.Group)


@pytest.mark.parametrize(
    ("name", "command"),
    [(n, c) for n, c in _commands() if _needs_something(c)],
    ids=lambda v: str(v),
)
def test_a_missing_required_input_is_one_line(name: str, command: click.Command) -> None:
    """A verb called without what it requires (parsing stops before it runs): one line
    naming it, as every other error; click lists a choice option's values one per line."""
    line = _usage_error(name)
    assert line.startswith("error: Missing "), line


def _single_value_options(command: click.Command) -> list[str]:
    return [p.opts[0] for p in command.params if takes_one_value(p) and p.opts[0] != "--help"]


@pytest.mark.parametrize(
    ("name", "option"),
    [(n, o) for n, c in _commands() for o in _single_value_options(c)],
    ids=lambda v: str(v),
)
def test_an_option_that_takes_one_value_given_twice_is_refused(
    name: str, option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every option that takes one value, given twice: click kept the last one silently
    (``ccpj query partners --year 2020 --year 2021`` answered for 2021 alone); now one line
    naming it, before the verb does anything (here nothing is written: the folder stays
    empty)."""
    monkeypatch.chdir(tmp_path)
    line = _usage_error(name, option, "a1", option, "b2")
    assert line == (
        f"error: {option} given 2 times (a1, b2): it takes one value (see 'ccpj {name} --help')"
    ), line
    assert list(tmp_path.iterdir()) == []
