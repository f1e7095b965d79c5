"""core/files: whole-or-nothing writes that leave identical bytes alone."""

import os

import pytest

from agritargets.core.files import write_bytes


def test_a_write_replaces_the_file_in_one_step_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "sub" / "a.csv"
    write_bytes(path, b"old")
    write_bytes(path, b"new")
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.csv"]


def test_the_same_bytes_again_leave_the_file_and_its_time_stamp_alone(tmp_path):
    path = tmp_path / "a.csv"
    write_bytes(path, b"same")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    write_bytes(path, b"same")
    assert path.stat().st_mtime_ns == 1_000_000_000
    write_bytes(path, b"sane")  # same size, other bytes: written
    assert path.read_bytes() == b"sane" and path.stat().st_mtime_ns != 1_000_000_000


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    write_bytes(path, b"old")

    def refuse(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_bytes(path, b"new")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]
