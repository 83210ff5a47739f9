"""The ``publish`` command through click, as the lead registers it: exit codes, messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph.cli.common import CcpjGroup
from publish_support import FIXTURE

CLI = CcpjGroup(
    lazy_commands={
        "publish": "ccpj_graph.cli.publish:publish",
        "serve": "ccpj_graph.cli.publish:serve",
        "push": "ccpj_graph.cli.publish:push",
    }
)


def run(*args: str):
    return CliRunner().invoke(CLI, list(args))


def test_publish_writes_the_site_and_reports_what_it_wrote(tmp_path: Path):
    out = tmp_path / "site"
    result = run(
        "publish", "--base-uri", "https://example.org/x", "--out", str(out), "--input", str(FIXTURE)
    )
    assert result.exit_code == 0, result.output
    assert "published 24 entities (3 activity," in result.output
    assert "for https://example.org/x/" in result.output
    assert (out / "id/activity/001-17-2.jsonld").is_file()
    assert (
        "https://example.org/x/id/activity/001-17-2"
        in (out / "id/activity/001-17-2.ttl").read_text()
    )
    # the project's ontology file is published verbatim, comments and all
    assert (out / "ontology.ttl").read_text().startswith("# The ccpj ontology")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--base-uri", "ftp://example.org/"],
            2,
            "error: --base-uri 'ftp://example.org/': must be",
        ),
        (["--base-uri", "example.org"], 2, "error: --base-uri 'example.org': must be"),
        (["--issued", "yesterday"], 2, "error: --issued 'yesterday': not a date"),
        (["--input", "missing.ttl"], 2, "error: missing.ttl: no such file"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, args, code, message):
    out = tmp_path / "site"
    defaults = ["--input", str(FIXTURE)] if "--input" not in args else []
    result = run("publish", "--out", str(out), *defaults, *args)
    assert result.exit_code == code
    assert result.output.startswith(message), result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert not out.exists()


def test_an_output_that_is_a_file(tmp_path: Path):
    target = tmp_path / "file.txt"
    target.write_text("keep")
    result = run("publish", "--out", str(target), "--input", str(FIXTURE))
    assert result.exit_code == 2
    assert result.output == f"error: --out {target}: is a file, not a directory\n"
    assert target.read_text() == "keep"


def test_a_malformed_input_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> .\n")
    result = run("publish", "--out", str(tmp_path / "site"), "--input", str(bad))
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {bad}:1:")


def test_serve_and_push_refuse_bad_options(tmp_path: Path):
    result = run("serve", "--site", str(tmp_path / "none"), "--port", "0")
    assert result.exit_code == 2 and "run ccpj publish --out" in result.output
    result = run("push", "--endpoint", "localhost:7878/store", "--input", str(FIXTURE))
    assert result.exit_code == 2 and result.output.startswith("error: --endpoint")


@pytest.mark.parametrize("command", ["publish", "serve", "push"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"ccpj {command}" in result.output
