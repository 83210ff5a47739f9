"""``ccpj build`` on a broken project: one line naming the file, line and column; nothing lost.

Regression of issue 12 item 10: a malformed reference file made ``build`` exit 1 with a message
that named no line or column.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from ccpj_graph.cli import cli


def test_a_malformed_reference_file_names_file_line_and_column(project_copy: Path) -> None:
    themes = project_copy / "data" / "reference" / "themes.ttl"
    text = themes.read_text(encoding="utf-8")
    themes.write_text(text + '\nccpj:x ccpj:y "never closed .\n', encoding="utf-8")
    line = text.count("\n") + 2
    result = CliRunner().invoke(cli, ["build", "--no-reason"])
    assert result.exit_code == 2, result.output
    assert re.fullmatch(rf"error: {re.escape(str(themes))}:{line}:\d+: .+\n", result.output)
