"""``ccpj corpus``: output, formats, exit codes and one-line errors (CliRunner)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccpj_graph.cli import cli
from ccpj_graph.cli.corpus import corpus as corpus_group
from ccpj_graph.corpus import Report
from ccpj_graph.corpus.manifest import MANIFEST_NAME


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_paragraph_counts(corpus: dict[str, Report]) -> None:
    code, out, err = _run("corpus", "list")
    assert code == 0 and err == ""
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert sorted(rows) == sorted(corpus)
    for key, report in corpus.items():
        assert rows[key][3] == str(len(report.paragraphs))
    assert rows["001"][1:5] == ["report", "markdown", "69", "4"]
    assert rows["003"][1] == "brochure"


def test_list_json(corpus: dict[str, Report]) -> None:
    code, out, _ = _run("corpus", "list", "--format", "json")
    assert code == 0
    rows = {row["key"]: row for row in json.loads(out)}
    assert {key: row["paragraphs"] for key, row in rows.items()} == {
        key: len(report.paragraphs) for key, report in corpus.items()
    }
    assert rows["000"]["numbered"] == 95 and rows["000"]["layout"] == "pdf-text"
    assert rows["001"]["by_position"] == 4 and rows["001"]["symbol"] == "E/CN.15/2022/9"
    assert rows["002"]["pursuant_to"] == ["ga-75-196"]
    assert rows["004"]["footnotes"] == 5 and rows["004"]["summary"] is True
    assert rows["003"]["issued"] is None


def test_json_output_is_deterministic() -> None:
    first = _run("corpus", "list", "--format", "json")[1]
    assert _run("corpus", "list", "--format", "json")[1] == first


def test_show_prints_one_paragraph_with_its_section(corpus: dict[str, Report]) -> None:
    code, out, _ = _run("corpus", "show", "001", "17")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("001-17  IV.A  Strengthened access to justice for all")
    assert lines[1] == corpus["001"].paragraph("17").text


def test_show_lists_footnotes_and_flags_positional_numbers() -> None:
    out = _run("corpus", "show", "000", "47")[1]
    assert "  [6] Egypt, Iraq, Jordan, Lebanon, Morocco, Tunisia and State of Palestine." in out
    assert "(numbered by position)" in _run("corpus", "show", "001", "34")[1]
    assert "(numbered by position)" not in _run("corpus", "show", "001", "summary")[1]


def test_show_json(corpus: dict[str, Report]) -> None:
    code, out, _ = _run("corpus", "show", "001", "7", "--format", "json")
    assert code == 0
    data = json.loads(out)
    para = corpus["001"].paragraph("7")
    assert data["key"] == "001-7" and data["text"] == para.text
    assert data["section"] == "III" and data["numbered"] is True
    assert data["footnotes"] == [
        {"mark": "1", "offset": para.footnotes[0].offset, "text": para.footnotes[0].text}
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "009", "1"], "error: unknown report '009' (known: 000, 001, 002, 003, 004)"),
        (["show", "001", "99"], "error: report 001 has no paragraph '99' (paragraphs 1-69)"),
        (["show", "003", "summary"], "error: report 003 has no paragraph 'summary'"),
        (["paragraphs", "001", "--section", "IX"], "error: report 001 has no section 'IX'"),
    ],
)
def test_unknown_report_or_paragraph_is_one_line(args: list[str], message: str) -> None:
    code, out, err = _run("corpus", *args)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_paragraphs_of_a_section(corpus: dict[str, Report]) -> None:
    code, out, _ = _run("corpus", "paragraphs", "002", "--section", "IV.E.4", "--format", "json")
    assert code == 0
    keys = [row["key"] for row in json.loads(out)]
    assert keys == [f"002-{n}" for n in range(69, 86)]
    text = _run("corpus", "paragraphs", "001", "--section", "V")[1]
    assert text.count("\n\n") == 10  # paragraphs 58-68, blank-line separated


def test_check_a_file_without_manifest_entry(sources_dir: Path, tmp_path: Path) -> None:
    new = tmp_path / "005_next_year.txt"
    shutil.copy(sources_dir / "002_8cff92d5588c1613.txt", new)
    code, out, _ = _run("corpus", "check", str(new))
    assert code == 0
    assert out.splitlines()[0] == (
        f"{new}: layout markdown, 100 paragraphs (1-100), 4 footnotes, summary yes"
    )
    assert "  IV.E.4.k     3  Cybercrime" in out
    data = json.loads(_run("corpus", "check", str(new), "--format", "json")[1])
    assert data["key"] == "005" and data["paragraphs"] == 100
    assert {"section": "IV.B.2", "title": "Addressing the economic dimension of crime"} in (
        data["section_list"]
    )


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "no such file"),
        (b"", "empty file"),
        (b"\x00\x01binary\x00", "binary file"),
        (
            b"<html><body>" + b"A line of prose with quite a few words in it. " * 9 + b"</body>",
            "unknown layout",
        ),
        (
            b"A line of prose with quite a few words in it, but no numbers.\n" * 9,
            "no numbered paragraphs",
        ),
    ],
)
def test_check_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, content: bytes | None, why: str
) -> None:
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = _run("corpus", "check", str(path))
    assert code == 1
    assert out == ""
    assert err.startswith(f"error: {path}: ") and why in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_sources_option_reads_another_folder(sources_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    shutil.copytree(sources_dir, folder)
    (folder / "005_forgotten.txt").write_text("not listed\n", encoding="utf-8")
    code, out, err = _run("corpus", "list", "--sources", str(folder))
    assert code == 0
    assert len(out.splitlines()) == 6
    assert err == f"warning: 005_forgotten.txt is not listed in {MANIFEST_NAME}; it is not read\n"
    (folder / "001_4d443e7ad4d789de.txt").write_bytes(b"")
    code, out, err = _run("corpus", "show", "001", "1", "--sources", str(folder))
    assert code == 1
    assert err == f"error: {folder / '001_4d443e7ad4d789de.txt'}: empty file\n"


def test_a_bad_manifest_is_one_line(sources_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    shutil.copytree(sources_dir, folder)
    manifest = folder / MANIFEST_NAME
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            'dcterms:publisher "Commission', 'dcterms:publisherr "Commission', 1
        ),
        encoding="utf-8",
    )
    code, _, err = _run("corpus", "list", "--sources", str(folder))
    assert code == 1
    assert err.startswith(f"error: {manifest}: <https://w3id.org/ccpj/id/report/000>: unknown")
    assert err.count("\n") == 1


@pytest.mark.parametrize("name", sorted(corpus_group.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    code, out, _ = _run("corpus", name, "--help")
    assert code == 0
    assert "Example:" in out and f"ccpj corpus {name}" in out


def test_group_help() -> None:
    code, out, _ = _run("corpus", "--help")
    assert code == 0
    for name in ("list", "show", "paragraphs", "check"):
        assert name in out
