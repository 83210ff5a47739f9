"""Bad input: each case is one CorpusError line naming the file; never zero paragraphs."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from ccpj_graph.corpus import Report, ReportMeta, load_corpus, read_report, read_text
from ccpj_graph.corpus.manifest import MANIFEST_NAME
from ccpj_graph.errors import CorpusError

META = ReportMeta(key="009", file_name="009_new.txt", title="New", body="General Assembly")
PROSE = "This line of running text has more than enough words to count as prose here.\n"


def _write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / META.file_name
    path.write_bytes(content)
    return path


def _error(path: Path, meta: ReportMeta = META) -> str:
    with pytest.raises(CorpusError) as err:
        read_report(path, meta)
    message = str(err.value)
    assert message.startswith(str(path))
    assert "\n" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / META.file_name)


def test_empty_file(tmp_path: Path) -> None:
    assert "empty file" in _error(_write(tmp_path, b"\n\n"))


def test_binary_file(tmp_path: Path) -> None:
    assert "binary file" in _error(_write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_unknown_layout(tmp_path: Path) -> None:
    html = b"<html><body>" + PROSE.encode() * 5 + b"</body></html>"
    assert "unknown layout" in _error(_write(tmp_path, html))


def test_no_numbered_paragraphs(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, (PROSE * 10).encode()))
    assert "no numbered paragraphs" in message


def test_section_headings_but_no_paragraph_numbers(tmp_path: Path) -> None:
    text = "I. Introduction\n\n" + PROSE * 4 + "\nII. More\n\n" + PROSE * 4
    assert "no numbered paragraphs" in _error(_write(tmp_path, text.encode()))


def test_text_without_numbers_reads_as_a_brochure_when_declared_one(tmp_path: Path) -> None:
    path = _write(tmp_path, ("Overview\n\n\n" + PROSE * 4).encode())
    report = read_report(path, dataclasses.replace(META, kind="brochure"))
    assert [p.number for p in report.paragraphs] == ["1", "2", "3", "4"]
    assert {p.section for p in report.paragraphs} == {"Overview"}


def test_load_corpus_names_the_file_a_manifest_entry_lacks(
    tmp_path: Path, sources_dir: Path, corpus: dict[str, Report]
) -> None:
    shutil.copy(sources_dir / MANIFEST_NAME, tmp_path / MANIFEST_NAME)
    for report in corpus.values():
        if report.key != "002":
            shutil.copy(sources_dir / report.meta.file_name, tmp_path / report.meta.file_name)
    with pytest.raises(CorpusError, match=r"002_8cff92d5588c1613\.txt: no such file"):
        load_corpus(tmp_path)


def test_load_corpus_from_another_folder(
    tmp_path: Path, sources_dir: Path, corpus: dict[str, Report]
) -> None:
    shutil.copytree(sources_dir, tmp_path / "sources")
    assert {r.key: r for r in load_corpus(tmp_path / "sources")} == corpus


def test_private_use_glyphs_in_the_source_are_not_footnotes(
    corpus: dict[str, Report], sources_dir: Path
) -> None:
    original = corpus["002"]
    text = (sources_dir / original.meta.file_name).read_text(encoding="utf-8")
    # Symbol-font bullets, as PDF converters leave them, in the reader's own sentinel range.
    noisy = text.replace("UNODC continued", "UNODC\ue000 continued\uf0b7")
    read = read_text(noisy, original.meta)
    assert read.report == original
