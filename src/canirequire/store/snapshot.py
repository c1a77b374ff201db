"""The project's own fact format: one sorted CSV per fact kind (docs/data-format.md).

CSV keeps the embedded snapshot small, diffable in review and fast to load
with the standard library alone. An empty cell is unknown; in ``arches`` a
lone "-" means "built on no architecture" (known), which differs from unknown.
Loading interns repeated values (dates, names, sources, arch tuples) so a
long history costs memory per distinct value, not per row.
"""

from __future__ import annotations

import csv
from array import array
import datetime as dt
import io
import os
import sys
from pathlib import Path
from dataclasses import fields, replace
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..model import (
    BranchFact, Channel, FactSet, FeatureFact, Flag, FrictionItem, Lifecycle, Origin, PackageFact, RepoEntry, SourceInfo,
    TierChange, TierFact, UpstreamRelease,
)
from .atomic import stage


class SnapshotError(ValueError):
    """A stored fact file is not in the project's format; the message names the file and line."""


class _Memo(dict):
    """A dict that fills itself: ``memo[text]`` parses text once, and lookups stay in C."""

    def __init__(self, parse: Callable[[str], Any], **known: Any) -> None:
        super().__init__(known)
        self.parse = parse

    def __missing__(self, text: str) -> Any:
        value = self[text] = self.parse(text)
        return value


class _Interner:
    """Shares equal values between rows: one object per distinct date, name or arch list."""

    def __init__(self) -> None:
        self.date = _Memo(dt.date.fromisoformat, **{"": None}).__getitem__
        words = _Memo(lambda s: tuple(sys.intern(w) for w in s.split()))
        words.update({"": None, "-": ()})
        self.words = words.__getitem__
        self.flag_list = _Memo(lambda s: tuple(Flag(w) for w in s.split()), **{"": ()}).__getitem__
        self.channel = _Memo(Channel).__getitem__


def _enc(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value) if value else "-"
    return str(value)


def _enc_flags(value: tuple[Flag, ...]) -> str:
    return " ".join(f.value for f in value)


# Per kind: file name, class, and (column, encoder, decoder-factory) in file order.
Decoder = Callable[[_Interner], Callable[[str], Any]]
_TEXT: Decoder = lambda i: sys.intern  # noqa: E731
_RAW: Decoder = lambda i: str  # noqa: E731 - long unique text, not worth a dict entry
_DATE: Decoder = lambda i: i.date  # noqa: E731
_WORDS: Decoder = lambda i: i.words  # noqa: E731
_BOOL: Decoder = lambda i: (lambda s: s == "true")  # noqa: E731
_INT: Decoder = lambda i: int  # noqa: E731
_CHANNEL: Decoder = lambda i: i.channel  # noqa: E731
_FLAGS: Decoder = lambda i: i.flag_list  # noqa: E731

KINDS: dict[str, tuple[str, type, tuple[tuple[str, Callable[[Any], str], Decoder], ...]]] = {
    "sources": ("sources.csv", SourceInfo, (
        ("id", _enc, _TEXT), ("description", _enc, _RAW), ("as_of", _enc, _DATE), ("location", _enc, _RAW),
    )),
    "lifecycles": ("lifecycles.csv", Lifecycle, (
        ("os", _enc, _TEXT), ("cycle", _enc, _TEXT), ("release_date", _enc, _DATE), ("eol", _enc, _DATE),
        ("eoas", _enc, _DATE), ("eoes", _enc, _DATE), ("lts", _enc, _BOOL), ("codename", _enc, _TEXT),
        ("latest", _enc, _TEXT), ("latest_date", _enc, _DATE), ("label", _enc, _TEXT),
        ("eol_passed_undated", _enc, _BOOL), ("source", _enc, _TEXT), ("as_of", _enc, _DATE),
    )),
    "packages": ("packages.csv", PackageFact, (
        ("os", _enc, _TEXT), ("release", _enc, _TEXT), ("dependency", _enc, _TEXT), ("package", _enc, _TEXT),
        ("version", _enc, _TEXT), ("channel", _enc, _CHANNEL), ("source", _enc, _TEXT), ("as_of", _enc, _DATE),
        ("orig_version", _enc, _TEXT), ("arches", _enc, _WORDS), ("valid_from", _enc, _DATE),
        ("valid_to", _enc, _DATE), ("quality", _enc_flags, _FLAGS), ("arches_checked", _enc, _WORDS),
        ("source_id", _enc, _TEXT), ("seen_from", _enc, _DATE), ("newest", _enc, _BOOL),
        ("introduced", _enc, _BOOL), ("absent_on", _enc, _DATE),
    )),
    "tiers": ("tiers.csv", TierFact, (
        ("toolchain", _enc, _TEXT), ("target", _enc, _TEXT), ("tier", _enc, _INT), ("host_tools", _enc, _BOOL),
        ("std", _enc, _TEXT), ("notes", _enc, _TEXT), ("since", _enc, _TEXT), ("source", _enc, _TEXT),
        ("as_of", _enc, _DATE), ("tag", _enc, _TEXT),
    )),
    "repos": ("repology-repos.csv", RepoEntry, (
        ("repology", _enc, _TEXT), ("os", _enc, _TEXT), ("release", _enc, _TEXT), ("channel", _enc, _CHANNEL),
        ("arches", _enc, _WORDS), ("description", _enc, _TEXT), ("valid_till", _enc, _TEXT), ("source", _enc, _TEXT),
    )),
    "upstream": ("upstream.csv", UpstreamRelease, (
        ("project", _enc, _TEXT), ("version", _enc, _TEXT), ("date", _enc, _DATE), ("source", _enc, _TEXT),
    )),
    "branches": ("branches.csv", BranchFact, (
        ("tree", _enc, _TEXT), ("branch", _enc, _TEXT), ("created", _enc, _DATE), ("source", _enc, _TEXT),
    )),
    "tier_changes": ("tier-history.csv", TierChange, (
        ("toolchain", _enc, _TEXT), ("target", _enc, _TEXT), ("tier", _enc, _INT), ("host_tools", _enc, _BOOL),
        ("from_version", _enc, _TEXT), ("from_date", _enc, _DATE), ("source", _enc, _RAW),
    )),
    "features": ("features.csv", FeatureFact, (
        ("toolchain", _enc, _TEXT), ("feature", _enc, _RAW), ("title", _enc, _RAW), ("version", _enc, _TEXT),
        ("date", _enc, _DATE), ("source", _enc, _TEXT),
    )),
    "friction": ("upstream-issues.csv", FrictionItem, (
        ("toolchain", _enc, _TEXT), ("target", _enc, _TEXT), ("repo", _enc, _TEXT), ("number", _enc, _INT),
        ("kind", _enc, _TEXT), ("title", _enc, _RAW), ("opened", _enc, _DATE), ("closed", _enc, _DATE),
        ("closed_unknown", _enc, _BOOL), ("state_as_of", _enc, _DATE), ("labels", _enc, _TEXT),
        ("url", _enc, _RAW), ("note", _enc, _RAW), ("source", _enc, _TEXT),
    )),
}
# Columns a file written by an older canirequire may lack: (kind, column) -> value to assume.
_OPTIONAL = {("tiers", "tag"): "", ("packages", "source_id"): "", ("packages", "seen_from"): None,
             ("packages", "newest"): False, ("packages", "introduced"): False,
             ("packages", "absent_on"): None}


def dump_rows(items: Iterable[Any], kind: str) -> str:
    """Facts of one kind as sorted CSV text in the project's format."""
    _, _, columns = KINDS[kind]
    rows = sorted([enc(getattr(item, name)) for name, enc, _ in columns] for item in items)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([name for name, _, _ in columns])
    writer.writerows(rows)
    return buf.getvalue()


def _plan(header: list[str], kind: str, columns, interner: _Interner, path: str) -> list:
    """Per dataclass field, in order: (the column it is read from, its decoder)."""
    position = {name: i for i, name in enumerate(header)}
    missing = [name for name, _, _ in columns if name not in position and (kind, name) not in _OPTIONAL]
    if missing:
        raise SnapshotError(f"{path}:1: missing column(s): {', '.join(missing)}")
    # Columns are in the dataclass's field order, so rows become positional arguments.
    plan = []
    for name, _, dec in columns:
        if name in position:
            plan.append((position[name], dec(interner)))
        else:
            default = _OPTIONAL[(kind, name)]
            plan.append((0, lambda _cell, default=default: default))
    return plan


def load_rows(text: str, kind: str, *, path: str, origin: Origin | None = None,
              interner: _Interner | None = None) -> list:
    """CSV text of one kind as facts; an error names the file and line."""
    _, cls, columns = KINDS[kind]
    interner = interner or _Interner()
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise SnapshotError(f"{path}: empty file") from None
    plan = _plan(header, kind, columns, interner, path)
    tail = (origin,) if origin is not None and "origin" in cls.__dataclass_fields__ else ()
    width = len(header)
    out = []
    append = out.append
    for line_no, row in enumerate(reader, start=2):
        try:
            if len(row) != width:
                raise ValueError(f"expected {width} fields, found {len(row)}")
            append(cls(*[dec(row[i]) for i, dec in plan], *tail))
        except (ValueError, IndexError, TypeError) as exc:
            raise SnapshotError(f"{path}:{line_no}: {exc}") from None
    if kind == "tiers":
        # Written before tag snapshots had their own column: "tag:1.77.0" in since.
        out = [replace(t, tag=t.since[4:]) if t.since.startswith("tag:") and not t.tag else t for t in out]
    return out


class LazyPackages(Sequence):
    """packages.csv, decoded one dependency at a time.

    Most questions ask about one dependency; a deep history holds tens of
    thousands of rows of others. Opening splits the file into lines (one row
    each: ``load_packages`` checks that no quoted cell spans lines) and reads
    each line's dependency; a dependency's rows become facts the first time it
    is asked for, and the whole sequence only when something iterates it. A row
    is decoded once, so it is the same object however it is reached. A damaged
    row is reported when its dependency is first read (SnapshotError, with the
    file and line).
    """

    def __init__(self, lines: list[str], path: str, plan: list, tail: tuple, dependency_column: int,
                 width: int) -> None:
        self._lines = lines
        self._n_rows = len(lines)
        self._path = path
        self._plan = plan
        self._tail = tail
        self._width = width
        self._rows_of: dict[str, array] = {}  # row numbers as machine ints: no int object per row
        self._oses: set[str] = set()
        for k, line in enumerate(lines):
            cells = line.split(",", dependency_column + 1)
            if len(cells) <= dependency_column or '"' in "".join(cells[:dependency_column + 1]):
                cells = next(csv.reader([line]), [])  # a quoted cell before the dependency: read it properly
                if len(cells) <= dependency_column:
                    raise SnapshotError(f"{path}:{k + 2}: expected a dependency in column {dependency_column + 1}")
            rows = self._rows_of.get(cells[dependency_column])
            if rows is None:
                rows = self._rows_of[sys.intern(cells[dependency_column])] = array("l")
            rows.append(k)
            self._oses.add(cells[0])
        self._decoded: dict[str, tuple[PackageFact, ...]] = {}
        self._all: tuple[PackageFact, ...] | None = None

    def dependencies(self) -> tuple[str, ...]:
        return tuple(self._rows_of)

    def oses(self) -> frozenset[str]:
        return frozenset(self._oses)

    def for_dependency(self, dependency: str) -> tuple[PackageFact, ...]:
        """The facts of one dependency, decoded on first use."""
        if self._all is not None:
            return tuple(f for f in self._all if f.dependency == dependency)
        facts = self._decoded.get(dependency)
        if facts is None:
            facts = self._decoded[dependency] = self._decode(self._rows_of.get(dependency, array("l")))
            if len(self._decoded) >= len(self._rows_of):
                self._everything()
        return facts

    def _decode(self, rows: array) -> tuple[PackageFact, ...]:
        out = []
        plan, tail, width, lines = self._plan, self._tail, self._width, self._lines
        for k, row in zip(rows, csv.reader([lines[k] for k in rows])):
            try:
                if len(row) != width:
                    raise ValueError(f"expected {width} fields, found {len(row)}")
                out.append(PackageFact(*[dec(row[i]) for i, dec in plan], *tail))
            except (ValueError, IndexError, TypeError) as exc:
                raise SnapshotError(f"{self._path}:{k + 2}: {exc}") from None
        for k in rows:
            lines[k] = ""  # decoded for good: the text need not stay alive next to its facts
        return tuple(out)

    def _everything(self) -> tuple[PackageFact, ...]:
        if self._all is None:
            placed: list[Any] = [None] * self._n_rows
            for dependency, rows in self._rows_of.items():
                facts = self._decoded.get(dependency)
                if facts is None:
                    facts = self._decode(rows)
                for k, fact in zip(rows, facts):
                    placed[k] = fact
            self._all = tuple(placed)
            # Every row is a fact now, in file order: the text, the row numbers and the per-dependency
            # tuples have done their work (a dependency's facts are then found by filtering).
            self._lines = []
            self._decoded = {}
            self._rows_of = {dependency: array("l") for dependency in self._rows_of}
        return self._all

    def __len__(self) -> int:
        return self._n_rows

    def __getitem__(self, i):
        return self._everything()[i]

    def __iter__(self) -> Iterator[PackageFact]:
        return iter(self._everything())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, LazyPackages)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._everything())

    def __repr__(self) -> str:
        return f"LazyPackages({self._path!r}, {len(self)} rows)"


def load_packages(text: str, *, path: str, origin: Origin | None = None, interner: _Interner | None = None
                  ) -> Sequence[PackageFact]:
    """packages.csv as ``LazyPackages`` when every line is one row, else decoded at once by ``load_rows``
    (a quoted cell holding a line break, which ``dump_rows`` would only write for odd source text)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "\r" in text or any(line.count('"') % 2 for line in lines if '"' in line):
        return tuple(load_rows(text, "packages", path=path, origin=origin, interner=interner))
    interner = interner or _Interner()
    if not lines or not lines[0]:
        raise SnapshotError(f"{path}: empty file")
    header = next(csv.reader([lines[0]]))
    _, _, columns = KINDS["packages"]
    plan = _plan(header, "packages", columns, interner, path)
    tail = (origin,) if origin is not None else ()
    return LazyPackages(lines[1:], path, plan, tail, header.index("dependency"), len(header))


def write_snapshot(factset: FactSet, directory: Path) -> None:
    """Write every file to a temporary name, then rename: readers never see half a file."""
    directory.mkdir(parents=True, exist_ok=True)
    payloads = {kind: dump_rows(getattr(factset, kind), kind) for kind in KINDS}
    staged = []
    try:
        for kind, text in payloads.items():
            final = directory / KINDS[kind][0]
            staged.append((stage(final, text.encode("utf-8")), final))
        for tmp, final in staged:
            os.replace(tmp, final)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()


# Read only by the commands that ask about features (can-use): 3,000 rows no other answer needs.
ON_DEMAND = ("features",)


def read_snapshot(directory: Path, origin: Origin, interner: _Interner | None = None,
                  kinds: tuple[str, ...] | None = None) -> FactSet:
    """Every fact file of one folder (a file a writer of an older version did not write counts as
    empty; a folder that is not there is an error, never an empty answer). ``kinds``: only these;
    by default every kind but the ON_DEMAND ones."""
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such folder")
    interner = interner or _Interner()
    parts: dict[str, list] = {}
    wanted = kinds if kinds is not None else tuple(k for k in KINDS if k not in ON_DEMAND)
    for kind, (name, _, _) in KINDS.items():
        if kind not in wanted:
            continue
        path = directory / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            parts[kind] = []
            continue
        except UnicodeDecodeError:
            raise SnapshotError(f"{path}: not UTF-8 text") from None
        if kind == "packages":
            parts[kind] = load_packages(text, path=str(path), origin=origin, interner=interner)
        else:
            parts[kind] = tuple(load_rows(text, kind, path=str(path), origin=origin, interner=interner))
    return FactSet(**parts)


def embedded_snapshot_dir() -> Path:
    """The snapshot shipped inside the package."""
    return Path(__file__).resolve().parent.parent / "data" / "snapshot"


def _check_column_order() -> None:
    """Rows become positional arguments: each kind's columns must be its dataclass's leading fields."""
    for kind, (_, cls, columns) in KINDS.items():
        names = [f.name for f in fields(cls)][: len(columns)]
        assert names == [c[0] for c in columns], f"{kind}: columns {[c[0] for c in columns]} != fields {names}"


_check_column_order()
