"""A data file's stamp (the key of the per-process caches of what it holds), and the block in
which each file is stamped once (one report's extraction)."""

from __future__ import annotations

import os
from pathlib import Path

from ccpj_graph import resources


def _edit(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))  # a later time, whatever the clock


def test_an_edited_file_gets_a_new_stamp(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text("a = 1\n", encoding="utf-8")
    first = resources.file_stamp(rules)
    _edit(rules, "a = 2\n")
    assert resources.file_stamp(rules) != first
    assert resources.file_stamp(tmp_path / "missing.toml")[1] is None
    assert resources.file_stamp(tmp_path)[1] is None  # a folder is not a data file


def test_within_fixed_stamps_a_file_keeps_its_first_stamp(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text("a = 1\n", encoding="utf-8")
    with resources.fixed_stamps():
        first = resources.file_stamp(rules)
        _edit(rules, "a = 2\n")
        assert resources.file_stamp(rules) == first  # one report, one version of its rules
        missing = tmp_path / "later.toml"
        assert resources.file_stamp(missing)[1] is None
        missing.write_text("b = 1\n", encoding="utf-8")
        assert resources.file_stamp(missing)[1] is None
    assert resources.file_stamp(rules) != first  # the next report sees the edit
    assert resources.file_stamp(tmp_path / "later.toml")[1] is not None
    with resources.fixed_stamps():  # a new block stamps afresh
        assert resources.file_stamp(rules) != first
