"""Refreshed data on disk: one folder per source inside a generation, and a
CURRENT pointer flipped atomically.

Committing a source writes a complete new generation (the other sources'
folders copied, this source's written fresh) and only then replaces CURRENT,
so a crash or a network failure part-way leaves the previous generation
intact and every already-committed source in place.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import time
from pathlib import Path

from ..model import FactSet, Origin
from .atomic import write_atomic
from .snapshot import read_snapshot, write_snapshot

POINTER = "CURRENT"
LOG = "log.csv"  # one row per reading of the source: the observation log's index
# Read last so that the distributions' own lifecycle data wins over aggregators.
LATE_SOURCES = ("distro-info",)


class RefreshedData:
    def __init__(self, base: Path) -> None:
        self.base = Path(base)

    def current_generation(self) -> Path | None:
        try:
            name = (self.base / POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = self.base / name
        return path if name and path.is_dir() else None

    def source_keys(self) -> list[str]:
        gen = self.current_generation()
        if gen is None:
            return []
        keys = sorted(p.name for p in gen.iterdir() if p.is_dir())
        return [k for k in keys if k not in LATE_SOURCES] + [k for k in keys if k in LATE_SOURCES]

    def read_source(self, key: str) -> FactSet:
        gen = self.current_generation()
        if gen is None or not (gen / key).is_dir():
            return FactSet()
        return read_snapshot(gen / key, Origin.REFRESHED)

    def read_all(self) -> list[FactSet]:
        gen = self.current_generation()
        if gen is None:
            return []
        return [read_snapshot(gen / key, Origin.REFRESHED) for key in self.source_keys()]

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
        self._prune(keep={new.name})

    def _prune(self, keep: set[str]) -> None:
        for p in self.base.glob("gen-*"):
            if p.name not in keep and p.is_dir():
                shutil.rmtree(p, ignore_errors=True)


def _log_text(rows: list[dict[str, str]]) -> str:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
