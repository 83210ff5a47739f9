"""The one writer (``ccpj_graph.atomic``): what each kind of target gets.

Regressions of issue 12 item 7: ``-o /dev/null`` (or ``/dev/full``) replaced the device node
with a regular file, a symbolic link was replaced by a file, and ``mkstemp``'s mode 0600 leaked
into every file the tool wrote.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from ccpj_graph.atomic import atomic_write, atomic_write_many, file_mode, write_output
from ccpj_graph.errors import InputError


@pytest.fixture
def umask_027():
    previous = os.umask(0o027)
    yield 0o027
    os.umask(previous)


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask_027: int) -> None:
    target = tmp_path / "out.csv"
    atomic_write(target, b"a,b\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask_027 == 0o640
    assert target.read_bytes() == b"a,b\n"


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o604)
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.read_bytes() == b"new"


def test_several_files_get_the_umask_mode_and_no_temporary_stays(
    tmp_path: Path, umask_027: int
) -> None:
    files = {tmp_path / "nodes.csv": b"n\n", tmp_path / "sub" / "edges.csv": b"e\n"}
    atomic_write_many(files)
    for path, data in files.items():
        assert path.read_bytes() == data
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "edges.csv",
        "nodes.csv",
    ]


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "report.ttl"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["report.ttl"]


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.ttl"
    link.symlink_to(tmp_path / "target.ttl")
    atomic_write(link, b"x")
    assert link.is_symlink()
    assert (tmp_path / "target.ttl").read_bytes() == b"x"


def test_a_device_is_written_through_not_replaced() -> None:
    before = os.stat("/dev/null")
    atomic_write(Path("/dev/null"), b"discarded")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader)
    thread.start()
    atomic_write(fifo, b"through the pipe")
    thread.join(timeout=30)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_full_device_is_one_line_naming_the_option() -> None:
    with pytest.raises(InputError, match=r"^-o /dev/full: cannot write: No space left"):
        write_output("/dev/full", b"x" * 10_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_full_device_among_several_files_renames_none(tmp_path: Path) -> None:
    ok = tmp_path / "nodes.csv"
    with pytest.raises(OSError):
        atomic_write_many({ok: b"n\n", Path("/dev/full"): b"e\n"})
    assert not ok.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_file_standing_where_a_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match=r"^-o .*file/out.csv: cannot write: "):
        write_output(tmp_path / "file" / "out.csv", b"data")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        write_output(tmp_path, b"data")


def test_file_mode_of_a_device_is_the_umask_mode(umask_027: int) -> None:
    assert file_mode(Path("/dev/null")) == 0o640


def test_an_inherited_descriptor_gets_the_bytes_where_it_stands(tmp_path: Path) -> None:
    """``-o /dev/stdout`` under ``>> file``: appended to the same file, not a new one."""
    target = tmp_path / "log.txt"
    target.write_bytes(b"first\n")
    inode = target.stat().st_ino
    fd = os.open(target, os.O_WRONLY | os.O_APPEND)
    try:
        atomic_write(Path(f"/dev/fd/{fd}"), b"second\n")
        atomic_write(Path(f"/proc/self/fd/{fd}"), b"third\n")
    finally:
        os.close(fd)
    assert target.read_bytes() == b"first\nsecond\nthird\n"
    assert target.stat().st_ino == inode


def test_a_pipe_behind_a_descriptor_is_written(tmp_path: Path) -> None:
    read, write = os.pipe()
    try:
        atomic_write(Path(f"/dev/fd/{write}"), b"through the pipe")
        os.close(write)
        assert os.read(read, 100) == b"through the pipe"
    finally:
        os.close(read)
    assert list(tmp_path.iterdir()) == []
