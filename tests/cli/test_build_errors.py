"""``ccpj build`` on a broken project: one line naming the file, line and column; nothing lost.

Regressions of issue 12 items 8 and 10: a malformed reference file made ``build`` exit 1 with
a message that named no line or column; ``build`` silently deleted a hand-placed
``data/graph/*.ttl``; a curation entry for a report not in the manifest was skipped.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph.build.record import RECORD_NAME, check_strays, write_record
from ccpj_graph.cli import cli
from ccpj_graph.errors import CcpjError


def test_a_malformed_reference_file_names_file_line_and_column(project_copy: Path) -> None:
    themes = project_copy / "data" / "reference" / "themes.ttl"
    text = themes.read_text(encoding="utf-8")
    themes.write_text(text + '\nccpj:x ccpj:y "never closed .\n', encoding="utf-8")
    line = text.count("\n") + 2
    result = CliRunner().invoke(cli, ["build", "--no-reason"])
    assert result.exit_code == 2, result.output
    last = result.output.splitlines()[-1]
    assert re.fullmatch(
        rf"error: {re.escape(str(themes))}:{line}:\d+: Unexpected end of file", last
    )


@pytest.mark.slow
def test_a_hand_placed_graph_file_is_refused_not_deleted(project_copy: Path) -> None:
    graph = project_copy / "data" / "graph"
    graph.mkdir(parents=True, exist_ok=True)
    mine = graph / "my-notes.ttl"
    mine.write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--no-reason"])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == (
        f"error: {mine}: not written by ccpj build (or changed since), and no report in the "
        f"manifest names it; every *.ttl here is loaded into the graph, so move it out of "
        f"{graph} (or delete it) and build again"
    )
    assert mine.read_text(encoding="utf-8").startswith("<https://example.org/a>")
    assert sorted(p.name for p in graph.iterdir()) == ["my-notes.ttl"]  # nothing written


def test_only_recorded_unchanged_files_are_strays_the_build_may_remove(tmp_path: Path) -> None:
    old, kept = tmp_path / "005.ttl", tmp_path / "000.ttl"
    write_record(tmp_path, [(old, b"old report\n"), (kept, b"kept\n")])
    old.write_bytes(b"old report\n")
    kept.write_bytes(b"kept\n")
    assert check_strays(tmp_path, [kept]) == [old]
    old.write_bytes(b"edited by hand\n")
    with pytest.raises(CcpjError, match=r"005\.ttl: not written by ccpj build \(or changed"):
        check_strays(tmp_path, [kept])
    assert json.loads((tmp_path / RECORD_NAME).read_text())["files"] == {
        "000.ttl": hashlib.sha256(b"kept\n").hexdigest(),
        "005.ttl": hashlib.sha256(b"old report\n").hexdigest(),
    }


def test_a_curation_entry_for_a_report_not_in_the_manifest_stops_the_build(
    project_copy: Path,
) -> None:
    fixes = project_copy / "data" / "curation" / "fixes.toml"
    fixes.write_text('[[retract]]\nactivity = "999-99-9"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--no-reason"])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1].startswith(
        f"error: {fixes}:2: retract[0]: report '999' is not among the reports built (000, 001"
    )
