"""Reading a source file's bytes: what is refused, and what is cleaned."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph.corpus.source import read_source_text
from ccpj_graph.errors import CorpusError


def _refused(path: Path) -> str:
    with pytest.raises(CorpusError) as err:
        read_source_text(path)
    message = str(err.value)
    assert str(path) in message
    assert "\n" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _refused(tmp_path / "absent.txt")


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in _refused(tmp_path)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert "empty file" in _refused(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.4\n\x00\x01\x02\x03 binary \x00 stream")
    assert "binary file" in _refused(path)


def test_control_characters_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(bytes(range(1, 9)) * 20 + b" some text")
    assert "binary file" in _refused(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café and crème brûlée\n".encode("latin-1"))
    assert "not UTF-8" in _refused(path)


def test_text_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "ok.txt"
    raw = "\ufeffline one\r\nnon\u00adcustodial\u00a0rules\rof\u200b\ufb01nance\r\n"
    path.write_bytes(raw.encode("utf-8"))
    # BOM, CR line ends, soft hyphen, no-break space, zero-width space, "fi" ligature
    assert read_source_text(path) == "line one\nnoncustodial rules\noffinance\n"
