"""Never break what you write to (issue 20): -o writes through devices and FIFOs, follows symlinks,
and replaces only regular files (atomically). Everything happens in a temporary folder, never /dev."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from click.testing import CliRunner

from canirequire.cli import main
from canirequire.store.atomic import write_output

ARGS = ["schedule", "rust", "--project", "qemu", "--embedded-only", "--on", "2025-05-06", "--format", "ics"]


def run(*extra):
    return CliRunner().invoke(main, [*ARGS, *extra])


def test_a_symlink_is_followed_and_its_target_written(tmp_path):
    target = tmp_path / "real.ics"
    target.write_text("old")
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    res = run("-o", str(link))
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and target.read_text().startswith("BEGIN:VCALENDAR")


def test_a_symlink_to_a_missing_file_creates_the_target(tmp_path):
    link = tmp_path / "link.ics"
    link.symlink_to(tmp_path / "new.ics")
    assert run("-o", str(link)).exit_code == 0
    assert link.is_symlink() and (tmp_path / "new.ics").read_text().startswith("BEGIN:VCALENDAR")


def test_a_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    res = run("-o", str(fifo))
    reader.join(timeout=60)
    assert res.exit_code == 0, res.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and got[0].startswith(b"BEGIN:VCALENDAR")


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_device_node_stays_a_device(tmp_path):
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null, made here
    write_output(null, b"data")
    assert stat.S_ISCHR(os.stat(null).st_mode)
    res = run("-o", str(null))
    assert res.exit_code == 0 and stat.S_ISCHR(os.stat(null).st_mode)


def test_a_regular_file_is_replaced_whole(tmp_path):
    out = tmp_path / "floors.ics"
    out.write_text("old")
    assert run("-o", str(out)).exit_code == 0
    assert out.read_text().startswith("BEGIN:VCALENDAR") and not list(tmp_path.glob(".floors.ics.*"))


def test_a_directory_or_a_missing_folder_is_a_clear_error(tmp_path):
    res = run("-o", str(tmp_path))
    assert res.exit_code == 2 and "Traceback" not in res.output
    res = run("-o", str(tmp_path / "missing" / "x.ics"))
    assert res.exit_code == 2 and "does not exist" in res.output
