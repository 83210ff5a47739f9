"""The line pass: page furniture, footnote blocks, body lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.corpus import Report, detect_layout
from ccpj_graph.corpus.scan import body_start, front_matter_summary, is_furniture, scan_body
from ccpj_graph.corpus.source import read_source_text


@pytest.mark.parametrize(
    "line",
    [
        "V.22-01611 3/15",
        "GE.21-08765 (E)",
        "3/15 V.22-01611",
        "12",
        "Page 4",
        "*2201611*",
        "E/CN.15/2022/9 5/15",
        "Please recycle",
    ],
)
def test_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    ["E/CN.15/2022/9", "80 criminal justice officers.", "2020. The", "In 2021, UNODC", "A/76/50."],
)
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_a_symbol_alone_on_several_lines_is_a_running_header() -> None:
    assert is_furniture("E/CN.15/2023/7", repeated_symbols=frozenset({"E/CN.15/2023/7"}))


def _lines(sources_dir: Path, report: Report) -> list[str]:
    return read_source_text(sources_dir / report.meta.file_name).split("\n")


def test_wrapped_footnotes_end_where_the_next_page_starts(
    corpus: dict[str, Report], sources_dir: Path
) -> None:
    lines = _lines(sources_dir, corpus["000"])
    start = body_start(lines)
    layout = detect_layout("\n".join(lines))
    scan = scan_body(lines[start:], first_no=start + 1, layout=layout)
    assert [note.label for note in scan.notes] == ["1", "2", "3", "4", "5", "6", "7"]
    assert scan.notes[0].lines == ["https://dataunodc.un.org/."]
    assert scan.notes[1].no == 349
    assert " ".join(scan.notes[1].lines).endswith("in paragraph 16 of that resolution.")
    assert " ".join(scan.notes[2].lines).endswith("of the UNODC Strategy 2021–2025.")
    texts = [line.text for line in scan.lines]
    # the link annotations after note 1 are dropped; the page resumes with "stakeholders"
    assert "https://dataunodc.un.org/" not in texts
    following = texts[
        texts.index(
            "legislators, criminal justice practitioners, technical assistance providers and other"
        )
        + 1
    ]
    assert following.startswith("stakeholders during the COVID-19 pandemic")


def test_markdown_footnotes_and_furniture(corpus: dict[str, Report], sources_dir: Path) -> None:
    lines = _lines(sources_dir, corpus["001"])
    start = body_start(lines)
    scan = scan_body(lines[start:], first_no=start + 1, layout=detect_layout("\n".join(lines)))
    assert [note.label for note in scan.notes] == ["1", "2", "3"]
    assert not any(line.text.startswith("V.22-01611") for line in scan.lines)
    assert scan.dropped >= 7  # seven page footers, the rules
    assert sum(line.bullet for line in scan.lines) > 60


def test_body_starts_at_section_one(corpus: dict[str, Report], sources_dir: Path) -> None:
    for key in ("000", "001", "002", "004"):
        lines = _lines(sources_dir, corpus[key])
        assert lines[body_start(lines)].strip().startswith("I. Introduction")


def test_summary_of_a_bold_masthead(corpus: dict[str, Report], sources_dir: Path) -> None:
    lines = _lines(sources_dir, corpus["004"])
    layout = detect_layout("\n".join(lines))
    summary = front_matter_summary(lines[: body_start(lines)], layout=layout)
    assert len(summary) == 1 and summary[0].startswith("The present report describes progress")
