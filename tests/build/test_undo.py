"""A build that fails after writing the graph folder puts it back (``build/undo.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpj_graph import workflow
from ccpj_graph.build.undo import Undo


def test_restore_puts_back_replaced_added_and_removed_files(tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    folder.mkdir()
    (folder / "a.ttl").write_bytes(b"old a")
    (folder / "gone.ttl").write_bytes(b"old gone")
    undo = Undo(folder)
    for name in ("a.ttl", "b.ttl", "gone.ttl"):
        undo.keep(folder / name)
    (folder / "a.ttl").write_bytes(b"new a")
    (folder / "b.ttl").write_bytes(b"new b")
    (folder / "gone.ttl").unlink()
    assert undo.changed
    undo.restore()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        "a.ttl": b"old a",
        "gone.ttl": b"old gone",
    }
    assert not undo.changed


def test_restore_removes_a_folder_the_build_created_only_when_empty(tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    undo = Undo(folder, created=True)
    undo.keep(folder / "a.ttl")
    folder.mkdir()
    (folder / "a.ttl").write_bytes(b"new")
    undo.restore()
    assert not folder.exists()

    undo = Undo(folder, created=True)
    undo.keep(folder / "a.ttl")
    folder.mkdir()
    (folder / "a.ttl").write_bytes(b"new")
    (folder / "mine.txt").write_bytes(b"a user's file")
    undo.restore()
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


@pytest.mark.slow
def test_a_build_stopped_during_validation_leaves_the_graph_folder(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Ctrl-C while the new graph is being checked: the folder is as before (here: absent)."""

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(workflow, "_validate_and_reason", interrupted)
    with pytest.raises(KeyboardInterrupt):
        workflow.run_pipeline(out_dir=tmp_path / "g", store_dir=tmp_path / "s", answers=False)
    assert not (tmp_path / "g").exists()
    assert not (tmp_path / "s").exists()
