"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask  # mkstemp's 0600 would surprise someone sharing a report or a data folder


def stage(path: Path, data: bytes) -> Path:
    """Write ``data`` durably to a temporary file beside ``path``; the caller renames it into place."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _default_mode())
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a temporary name, then a rename)."""
    tmp = stage(path, data)
    try:
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_output(path: Path, data: bytes) -> Path:
    """Write a user's output path without ever damaging what it points to.

    A symlink is followed and its target written; a device, FIFO or other special file is written
    through (opened, never replaced: ``-o /dev/null`` must stay a device); a regular file, or a path
    that does not exist yet, is replaced atomically. Returns the path actually written.
    """
    import stat

    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        with open(target, "wb") as fh:
            fh.write(data)
        return target
    write_atomic(target, data)
    return target
