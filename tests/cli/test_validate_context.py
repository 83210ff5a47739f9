"""``ccpj validate FILE``: one graph file is checked inside the project's graph.

A report's Turtle names countries, themes and organisations that the reference data defines;
checked alone it drew a violation for every such link (issue 11: the README's
``ccpj validate data/graph/001.ttl`` reported over a thousand). In context it conforms, and a
real fault in the file is still reported, on the file's own nodes only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from ccpj_graph import resources
from ccpj_graph.cli import COMMANDS
from ccpj_graph.cli.common import CcpjGroup

CLI = CcpjGroup(lazy_commands=COMMANDS)
REPORT = "001.ttl"


def _validate(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(CLI, ["validate", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def _violations(report: dict) -> list[dict]:
    return [r for r in report["results"] if r["severity"] == "Violation"]


def test_a_built_report_conforms_in_context_and_not_alone() -> None:
    path = str(resources.graph_dir() / REPORT)
    code, report = _validate(path)
    assert code == 0, _violations(report)[:3]
    assert not _violations(report)
    code, alone = _validate(path, "--alone")
    assert code == 1
    assert any("ccpj:Country" in r["message"] for r in _violations(alone))


def test_a_fault_in_the_file_is_reported_on_its_own_nodes_only(tmp_path: Path) -> None:
    # The report's text with one activity's quote removed: its only fault.
    text = (resources.graph_dir() / REPORT).read_text(encoding="utf-8")
    target = "<https://w3id.org/ccpj/id/activity/001-10-1>"
    assert target in text
    broken = tmp_path / "broken.ttl"
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    inside = False
    for line in lines:
        if line.startswith(target):
            inside = True
        elif inside and line.strip() == ".":
            inside = False
        if inside and line.lstrip().startswith("ccpj:quote"):
            continue
        kept.append(line)
    broken.write_text("".join(kept), encoding="utf-8")
    code, report = _validate(str(broken))
    assert code == 1
    focus = {r["focus"] for r in _violations(report)}
    assert focus == {"ccpjid:activity/001-10-1"}
    described = {r["focus"] for r in report["results"]}
    assert all(not f.startswith(("ccpjid:country/", "ccpjid:theme/")) for f in described)


def test_a_file_adding_statements_to_nodes_others_describe_conforms_in_context(
    tmp_path: Path,
) -> None:
    """``same-work.ttl`` links activities the reports describe and adds ``sameWorkAs`` to
    them: checked in context it conforms (it drew 96 violations: the activities it adds to
    were taken for its own, without their types), and a broken link is reported on the link
    alone."""
    path = resources.graph_dir() / "same-work.ttl"
    code, report = _validate(str(path))
    assert code == 0, _violations(report)[:3]
    text = path.read_text(encoding="utf-8")
    link = re.search(r"^<(https://w3id\.org/ccpj/id/same-work/[^>]+)>$", text, re.M)
    assert link is not None
    start = link.start()
    second = re.compile(r"(ccpj:linksActivity\s+<[^>]+>) ,\s+<[^>]+> ;")
    found = second.search(text, start)
    assert found is not None
    broken = tmp_path / "same-work.ttl"
    broken.write_text(text[: found.start()] + found[1] + " ;" + text[found.end() :], "utf-8")
    code, report = _validate(str(broken))
    assert code == 1
    short = "ccpjid:" + link[1].removeprefix("https://w3id.org/ccpj/id/")
    assert {r["focus"] for r in _violations(report)} == {short}
