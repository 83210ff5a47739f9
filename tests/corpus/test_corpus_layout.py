"""Layout detection from the text's own features."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.corpus import Report, detect_layout
from ccpj_graph.corpus.source import read_source_text
from ccpj_graph.errors import CorpusError


@pytest.mark.parametrize(
    ("key", "name", "bullets"),
    [
        ("000", "pdf-text", False),
        ("001", "markdown", True),
        ("002", "markdown", False),
        ("003", "markdown", True),  # its lists are "- 1." items
        ("004", "markdown-bold", False),
    ],
)
def test_bundled_documents(
    corpus: dict[str, Report], sources_dir: Path, key: str, name: str, bullets: bool
) -> None:
    text = read_source_text(sources_dir / corpus[key].meta.file_name)
    layout = detect_layout(text, source=key)
    assert (layout.name, layout.bullets) == (name, bullets)
    assert layout.wrapped == (name == "pdf-text")


def test_layout_does_not_depend_on_the_file_name(
    corpus: dict[str, Report], sources_dir: Path
) -> None:
    text = read_source_text(sources_dir / corpus["000"].meta.file_name)
    assert detect_layout(text, source="001_anything.txt").name == "pdf-text"


PROSE = "This is a line of ordinary running text with quite a few words in it"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("<!DOCTYPE html><html><body><p>" + PROSE + "</p></body></html>", "HTML"),
        ("<?xml version='1.0'?><doc>" + PROSE + "</doc>", "HTML/XML"),
        ("{\\rtf1\\ansi " + PROSE + "}", "RTF"),
        ('{"text": "' + PROSE + '"}', "JSON"),
        ("%PDF-1.7\n" + PROSE, "PDF"),
        ("\n".join(["a\tb\tc\td"] * 20), "tab-separated"),
        ("Title\n\nOne two three\n" + PROSE, "running text"),
        ("\n".join([PROSE + " " + "x" * 80] * 20), "neither"),
    ],
)
def test_unknown_layouts_are_refused(text: str, why: str) -> None:
    with pytest.raises(CorpusError) as err:
        detect_layout(text, source="new.txt")
    message = str(err.value)
    assert message.startswith("new.txt: unknown layout:")
    assert why in message
    assert "\n" not in message
