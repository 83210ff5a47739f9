"""How UN documents cite resolutions is reference data (``resolution-citations.toml``).

The mandate finder reads its forms from the file, so a maintainer changes what counts as a
citation there; a mistake in the file is one ``file:line: message`` line, not a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph import resources
from ccpj_graph.errors import CcpjError
from ccpj_graph.extract.entities import find_mandates
from ccpj_graph.extract.entities import mandates as mandates_module
from ccpj_graph.extract.entities.citations import CITATIONS_FILE, load_citations

SHIPPED = resources.reference_dir() / CITATIONS_FILE


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped citation forms."""
    path = tmp_path / CITATIONS_FILE
    path.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) by ``new``; the 1-based line where it stood."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _error(path: Path) -> str:
    with pytest.raises(CcpjError) as info:
        load_citations(path)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_the_finder_reads_its_forms_from_the_file(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "UNODC implemented proposed resolution 75/196 and draft resolution 76/1."
    assert [m.key for m in find_mandates(text)] == ["ga-75-196"]
    _edit(copy, 'not_after = ["draft"]', 'not_after = ["draft", "proposed"]')
    monkeypatch.setattr(mandates_module, "load_citations", lambda: load_citations(copy))
    assert find_mandates(text) == []


def test_a_new_organ_symbol_comes_from_the_file(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "as requested in A/HRC/RES/52/1"
    assert find_mandates(text) == []
    _edit(copy, "(?P<organ>[AES])/RES/", "(?P<organ>[AES]|A/HRC)/RES/")
    _edit(copy, 'S = "sc" }', 'S = "sc", "A/HRC" = "hrc" }')
    monkeypatch.setattr(mandates_module, "load_citations", lambda: load_citations(copy))
    assert [(m.key, m.text) for m in find_mandates(text)] == [("hrc-52-1", "A/HRC/RES/52/1")]


def test_unknown_key(copy: Path) -> None:
    line = _edit(copy, "key_number =", "key_numbers =")
    message = _error(copy)
    assert message.startswith(f"{copy.resolve()}:{line}: unknown key 'key_numbers'")


def test_missing_key(copy: Path) -> None:
    _edit(copy, 'not_after = ["draft"]', "")
    assert "missing key 'not_after'" in _error(copy)


def test_bad_regular_expression(copy: Path) -> None:
    line = _edit(copy, "separator = '''\\s*(?:", "separator = '''\\s*((?:")
    message = _error(copy)
    assert message.startswith(f"{copy.resolve()}:{line}: separator: bad regular expression")


def test_bad_regular_expression_in_the_second_shape(copy: Path) -> None:
    line = _edit(copy, "pattern = '''\\d{1,3}/\\d{3}'''", "pattern = '''\\d{1,3/\\d{3}('''")
    message = _error(copy)
    assert message.startswith(f"{copy.resolve()}:{line}: [shapes] pattern: bad regular")


def test_unknown_body(copy: Path) -> None:
    line = _edit(copy, 'body = "sc"', 'body = "security-council"')
    message = _error(copy)
    assert message.startswith(f"{copy.resolve()}:{line}: [shapes] body: 'security-council'")
    assert "is not a mandate body" in message


def test_a_group_the_finder_reads_is_required(copy: Path) -> None:
    line = _edit(copy, "(?P<decision>[Dd]ecision)", "([Dd]ecision)")
    message = _error(copy)
    assert message.startswith(f"{copy.resolve()}:{line}: keyword: needs the group (?P<decision>")


def test_unknown_placeholder(copy: Path) -> None:
    line = _edit(copy, "(?:<months>)", "(?:<month>)")
    message = _error(copy)
    assert message.startswith(f"{copy.resolve()}:{line}: dated: unknown placeholder <month>")


def test_invalid_toml(copy: Path) -> None:
    line = _edit(copy, "key_number =", "key_number ==")
    assert _error(copy).startswith(f"{copy.resolve()}:{line}: invalid TOML")
