"""``ccpj --help`` lists every verb without importing the verbs' modules (start-up cost)."""

from __future__ import annotations

import subprocess
import sys

import click

from ccpj_graph.cli import cli


def test_help_lists_what_click_would_without_importing_verbs() -> None:
    code = (
        "import sys\n"
        "from ccpj_graph.cli import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='ccpj')\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('ccpj_graph.cli.'))\n"
        "print('LOADED', ' '.join(loaded), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    # the group, its shared code and the click-free output helpers; no verb module
    assert done.stderr.strip() == (
        "LOADED ccpj_graph.cli.common ccpj_graph.cli.group ccpj_graph.cli.quick"
    )
    listed = done.stdout[done.stdout.index("Commands:") :]

    # What click itself shows once every verb module is imported.
    ctx = click.Context(cli, info_name="ccpj")
    formatter = ctx.make_formatter()
    click.Group.format_commands(cli, ctx, formatter)
    assert listed.strip() == formatter.getvalue().strip()
    assert "  build " in listed and "  query " in listed
