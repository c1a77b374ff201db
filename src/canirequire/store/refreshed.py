"""Refreshed data on disk: one folder per source inside a generation, and a
CURRENT pointer flipped atomically.

Committing a source writes a complete new generation (the other sources'
folders copied, this source's written fresh) and only then replaces CURRENT,
so a crash or a network failure part-way leaves the previous generation
intact and every already-committed source in place.

One refresh runs at a time (``lock``). Readers resolve CURRENT once and read
that generation only; the newest few generations are kept, so a reader that
resolved an older one can still finish, and an old generation is first
renamed away (atomically) and only then deleted, so a reader that loses the
race notices (the folder is gone) and reads again instead of answering from
part of the data.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
import time
from pathlib import Path

from ..model import FactSet, Origin
from .atomic import write_atomic
from .snapshot import SnapshotError, read_snapshot, write_snapshot

POINTER = "CURRENT"
LOCK = "refresh.lock"
KEEP_GENERATIONS = 4  # the newest few stay: a reader may still be inside one
READ_ATTEMPTS = 5


class RefreshBusy(RuntimeError):
    """Another refresh holds the lock (and the caller asked not to wait)."""
LOG = "log.csv"  # one row per reading of the source: the observation log's index
# Read last so that the distributions' own lifecycle data wins over aggregators.
LATE_SOURCES = ("distro-info",)


class RefreshedData:
    """Refreshed data: one folder per generation, CURRENT naming the one readers use."""

    def __init__(self, base: Path) -> None:
        self.base = Path(base)

    def current_generation(self) -> Path | None:
        """The generation CURRENT names, or None before the first refresh."""
        try:
            name = (self.base / POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = self.base / name
        return path if name and path.is_dir() else None

    @contextlib.contextmanager
    def lock(self, wait: bool = True):
        """Hold the one-refresh-at-a-time lock (``wait=False``: RefreshBusy at once if taken)."""
        from filelock import FileLock, Timeout

        self.base.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.base / LOCK))
        try:
            lock.acquire(timeout=-1 if wait else 0)
        except Timeout:
            raise RefreshBusy(f"another refresh is running on {self.base} (its lock is {self.base / LOCK}); "
                              "wait for it, or run without --no-wait to queue behind it") from None
        try:
            yield self
        finally:
            lock.release()

    def source_keys(self, gen: Path | None = None) -> list[str]:
        """The sources a generation holds."""
        gen = gen or self.current_generation()
        if gen is None:
            return []
        keys = sorted(p.name for p in gen.iterdir() if p.is_dir())
        return [k for k in keys if k not in LATE_SOURCES] + [k for k in keys if k in LATE_SOURCES]

    def read_source(self, key: str) -> FactSet:
        """One source's facts in the current generation (empty if it has none)."""
        gen = self.current_generation()
        if gen is None or not (gen / key).is_dir():
            return FactSet()
        return read_snapshot(gen / key, Origin.REFRESHED)

    def read_all(self) -> list[FactSet]:
        """Every source of one generation, read whole (retried if a commit retires it meanwhile)."""
        for _ in range(READ_ATTEMPTS):
            gen = self.current_generation()
            if gen is None:
                return []
            try:
                parts = [read_snapshot(gen / key, Origin.REFRESHED) for key in self.source_keys(gen)]
            except (FileNotFoundError, NotADirectoryError):
                continue
            if gen.is_dir():  # still there: nothing was read from a generation being deleted
                return parts
        raise SnapshotError(f"{self.base}: the refreshed data kept changing while it was read; try again")

    def read_log(self, key: str) -> list[dict[str, str]]:
        """The source's reading log, oldest first (one row per refresh that read it)."""
        gen = self.current_generation()
        path = gen / key / LOG if gen is not None else None
        if path is None or not path.is_file():
            return []
        try:
            return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, csv.Error):
            return []  # a damaged log loses its lines, never the facts

    def commit(self, key: str, factset: FactSet, log_row: dict[str, str] | None = None) -> None:
        """Make ``factset`` the source's data (and append ``log_row`` to its log) in a new
        generation, then point CURRENT at it."""
        if not key or "/" in key or key.startswith("."):
            raise ValueError(f"bad source key {key!r}")
        log = self.read_log(key) + ([log_row] if log_row else [])
        self.base.mkdir(parents=True, exist_ok=True)
        old = self.current_generation()
        new = Path(tempfile.mkdtemp(prefix=f"gen-{time.strftime('%Y%m%dT%H%M%S')}-", dir=self.base))
        try:
            if old is not None:
                for sub in old.iterdir():
                    if sub.is_dir() and sub.name != key:
                        shutil.copytree(sub, new / sub.name)
            write_snapshot(factset, new / key)
            if log:
                (new / key / LOG).write_text(_log_text(log), encoding="utf-8")
            write_atomic(self.base / POINTER, new.name.encode("utf-8"))
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        self._prune(current=new.name)

    def _prune(self, current: str) -> None:
        """Retire all but the newest few generations: rename each away first (one atomic step a
        reader can notice), then delete it."""
        gens = sorted((p for p in self.base.glob("gen-*") if p.is_dir() and p.name != current),
                      key=lambda p: p.stat().st_mtime, reverse=True)
        for old in gens[KEEP_GENERATIONS - 1:]:
            trash = self.base / f".retired-{old.name}-{os.getpid()}"
            try:
                old.rename(trash)
            except OSError:
                continue
            shutil.rmtree(trash, ignore_errors=True)
        for leftover in self.base.glob(".retired-*"):  # from a run that died while deleting
            shutil.rmtree(leftover, ignore_errors=True)


def _log_text(rows: list[dict[str, str]]) -> str:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
