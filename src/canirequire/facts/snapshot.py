"""The project's own fact format: one sorted CSV per fact kind.

CSV keeps the embedded snapshot small, diffable in review and fast to load
with the standard library alone. Empty cell = unknown; for ``arches`` a
lone "-" means "built on no architecture" (known), which differs from unknown.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import typing
from dataclasses import fields
from pathlib import Path
from typing import Any, Iterable, TypeVar

from ..atomic import stage
from .model import FactSet, Lifecycle, PackageFact, RepoEntry, SourceInfo, TierFact

T = TypeVar("T")

FILES = {
    "sources": ("sources.csv", SourceInfo),
    "lifecycles": ("lifecycles.csv", Lifecycle),
    "packages": ("packages.csv", PackageFact),
    "tiers": ("tiers.csv", TierFact),
    "repos": ("repology-repos.csv", RepoEntry),
}
# Columns that describe where a loaded fact came from, not the fact itself.
_RUNTIME_ONLY = {"origin", "origin_file"}


class SnapshotError(ValueError):
    pass


def _columns(cls: type) -> list[str]:
    return [f.name for f in fields(cls) if f.name not in _RUNTIME_ONLY]


def _encode(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return " ".join(value) if value else "-"
    return str(value)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, globalns={"Date": dt.date, "dt": dt})
    return _HINTS[cls]


def _decoder(hint: Any):
    text = str(hint)
    if "tuple" in text:
        return lambda s: None if s == "" else (() if s == "-" else tuple(s.split()))
    if hint is bool:
        return lambda s: s == "true"
    if hint is int:
        return int
    if "date" in text:
        return lambda s: dt.date.fromisoformat(s) if s else None
    return lambda s: s


def dump_rows(items: Iterable[Any], cls: type) -> str:
    cols = _columns(cls)
    rows = sorted(([_encode(getattr(i, c)) for c in cols] for i in items))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    writer.writerows(rows)
    return buf.getvalue()


def load_rows(text: str, cls: type[T], *, path: str, **extra: Any) -> list[T]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise SnapshotError(f"{path}: empty file") from None
    expected = _columns(cls)
    missing = [c for c in expected if c not in header]
    if missing:
        raise SnapshotError(f"{path}:1: missing column(s): {', '.join(missing)}")
    hints = _hints(cls)
    decoders = [(i, name, _decoder(hints[name])) for i, name in enumerate(header) if name in expected]
    out = []
    for line_no, row in enumerate(reader, start=2):
        try:
            kwargs = {name: dec(row[i]) for i, name, dec in decoders}
        except (ValueError, IndexError) as exc:
            raise SnapshotError(f"{path}:{line_no}: {exc}") from None
        out.append(cls(**kwargs, **extra))
    return out


def write_snapshot(factset: FactSet, directory: Path) -> None:
    """Write every file to a temporary name, then rename: readers never see half a snapshot."""
    directory.mkdir(parents=True, exist_ok=True)
    payloads = {
        "sources": dump_rows(factset.sources, SourceInfo),
        "lifecycles": dump_rows(factset.lifecycles, Lifecycle),
        "packages": dump_rows(factset.packages, PackageFact),
        "tiers": dump_rows(factset.tiers, TierFact),
        "repos": dump_rows(factset.repos, RepoEntry),
    }
    staged = []
    try:
        for key, text in payloads.items():
            final = directory / FILES[key][0]
            staged.append((stage(final, text.encode("utf-8")), final))
        for tmp, final in staged:
            os.replace(tmp, final)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()


def read_snapshot(directory: Path, origin: str) -> FactSet:
    parts: dict[str, list] = {}
    for key, (name, cls) in FILES.items():
        path = directory / name
        if not path.exists():
            parts[key] = []
            continue
        extra = {"origin": origin} if "origin" in {f.name for f in fields(cls)} else {}
        parts[key] = load_rows(path.read_text(encoding="utf-8"), cls, path=str(path), **extra)
    return FactSet(
        lifecycles=tuple(parts["lifecycles"]),
        packages=tuple(parts["packages"]),
        tiers=tuple(parts["tiers"]),
        sources=tuple(parts["sources"]),
        repos=tuple(parts["repos"]),
    )


def embedded_snapshot_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "snapshot"
