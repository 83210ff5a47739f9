"""Leftovers of killed publishes: removed by the next publish, only when provably ours and dead.

Regression of issue 12 item 10: a publish killed half-way left a hidden
``.site.publishing-*`` folder (up to 43 MB each) that nothing removed.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from pathlib import Path

from ccpj_graph.publish.staging import open_staging, remove_stale
from publish_support import publish_fixture


def killed_publish(parent: Path, name: str = "site") -> Path:
    """What SIGKILL leaves: a staging folder with the marker and some pages, lock dropped."""
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.publishing-", dir=parent))
    marker = {"generator": "ccpj-graph", "version": "0", "base_uri": "https://example.org/"}
    (staging / ".ccpj-site.json").write_text(json.dumps(marker))
    (staging / "id").mkdir()
    (staging / "id" / "page.html").write_text("<p>half a site</p>")
    return staging  # no process holds its lock: the kernel dropped it with the process


def hidden(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_the_next_publish_removes_what_killed_ones_left(tmp_path: Path) -> None:
    first, second = killed_publish(tmp_path), killed_publish(tmp_path)
    empty = Path(tempfile.mkdtemp(prefix=".site.publishing-", dir=tmp_path))  # killed at once
    assert len(hidden(tmp_path)) == 3
    publish_fixture(tmp_path / "site")
    assert hidden(tmp_path) == []
    assert not first.exists() and not second.exists() and not empty.exists()
    assert (tmp_path / "site" / ".ccpj-site.json").is_file()


def test_a_live_publish_is_left_alone(tmp_path: Path) -> None:
    staging, lock = open_staging(tmp_path, "site")
    (staging / ".ccpj-site.json").write_text(json.dumps({"generator": "ccpj-graph"}))
    try:
        assert remove_stale(tmp_path, "site") == []
        assert staging.is_dir()
    finally:
        os.close(lock)
    assert remove_stale(tmp_path, "site") == [staging]


def test_folders_that_are_not_provably_ours_are_left_alone(tmp_path: Path) -> None:
    unmarked = tmp_path / ".site.publishing-mine"
    unmarked.mkdir()
    (unmarked / "notes.txt").write_text("a user's files")
    other = tmp_path / ".site.publishing-other"
    other.mkdir()
    (other / ".ccpj-site.json").write_text(json.dumps({"generator": "someone-else"}))
    target = killed_publish(tmp_path, "elsewhere")
    link = tmp_path / ".site.publishing-link"
    link.symlink_to(target)
    other_site = killed_publish(tmp_path, "site2")
    assert remove_stale(tmp_path, "site") == []
    for path in (unmarked, other, target, link, other_site):
        assert path.exists()


def test_a_previous_site_is_kept_while_no_site_is_in_place(tmp_path: Path) -> None:
    previous = tmp_path / ".site.previous-123"
    previous.mkdir()
    (previous / ".ccpj-site.json").write_text(json.dumps({"generator": "ccpj-graph"}))
    assert remove_stale(tmp_path, "site") == []
    (tmp_path / "site").mkdir()
    assert remove_stale(tmp_path, "site") == [previous]


def test_the_lock_is_held_while_publishing(tmp_path: Path) -> None:
    staging, lock = open_staging(tmp_path, "site")
    probe = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            locked = False
        except BlockingIOError:
            locked = True
        assert locked
    finally:
        os.close(probe)
        os.close(lock)
