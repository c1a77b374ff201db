#!/usr/bin/env python3
"""Write synthetic package history at a multiple of the embedded snapshot's size.

    python bench/synthetic.py 100 /tmp/hist100     # then CANIREQUIRE_DATA_DIR=/tmp/hist100

For every package lineage of the embedded snapshot, older versions are added
week by week into the past, so that ``scale`` x the embedded row count exists
in all, shaped like real history so that every question has work to do:

- versions climb towards the lineage's real one (1.74.0, 1.74.1, 1.75.0, ...
  up to 1.77.2), so they cross the minimums `check`, `when` and `roadmap` ask
  about and a walk meets real status changes;
- most rows are dated arrivals (valid from, valid to the next one); every
  fourth is a plain sighting with no arrival date; every seventh is a "newest"
  reading (nothing newer was there that day);
- rows alternate between the channels of the real row and `updates`/`security`;
- a rolling tree's rows are also written for the quarterly branch cut from it
  (pkgsrc 2024Q3, ...), so branch-point reads are exercised.

The data is written as one refreshed source through the project's own store,
as a long observation log would be. It is for measuring cost only.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from canirequire.model import Channel, FactSet, Origin, SourceInfo
from canirequire.store.refreshed import RefreshedData
from canirequire.store.snapshot import embedded_snapshot_dir, read_snapshot

WEEK = dt.timedelta(days=7)
CHANNELS = (Channel.UPDATES, Channel.SECURITY)


def older_version(version: str, steps_back: int) -> str:
    """A version ``steps_back`` releases before ``version``: four patch releases per minor."""
    parts = [int("".join(ch for ch in p if ch.isdigit()) or 0) for p in version.split(".")[:3]]
    while len(parts) < 3:
        parts.append(0)
    major, minor, _ = parts
    minor_back, patch = divmod(steps_back, 4)
    minor -= minor_back + 1
    while minor < 0:
        major, minor = max(major - 1, 0), minor + 20
    return f"{major}.{minor}.{3 - patch}"


def _quarter(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def synthetic_history(scale: int) -> FactSet:
    embedded = read_snapshot(embedded_snapshot_dir(), Origin.EMBEDDED).packages
    extra = []
    for fact in embedded:
        anchor = fact.valid_from or fact.as_of or dt.date(2024, 1, 1)
        for i in range(1, scale):
            start = anchor - WEEK * (i + 1)
            dated = i % 4 != 0
            row = replace(
                fact,
                version=older_version(fact.version, i - 1),
                orig_version="",
                channel=fact.channel if i % 3 else CHANNELS[i % 2],
                valid_from=start if dated else None,
                valid_to=start + WEEK if dated else None,
                as_of=start + WEEK - dt.timedelta(days=1),
                seen_from=None if dated else start,
                newest=i % 7 == 0,
                introduced=False,
                absent_on=None,
                source=f"synthetic history of {fact.package} in {fact.repo} (week {i})",
                source_id="synthetic",
                origin=Origin.REFRESHED,
            )
            if fact.rolling and fact.os in ("pkgsrc", "freebsd") and i % 13 == 0:
                row = replace(row, release=_quarter(start))
            extra.append(row)
    info = SourceInfo("synthetic", f"synthetic history x{scale} (bench/synthetic.py)", dt.date(2026, 11, 1),
                      "bench/synthetic.py", Origin.REFRESHED)
    return FactSet(packages=tuple(extra), sources=(info,))


def write(scale: int, data_dir: Path) -> int:
    """Commit the history under ``data_dir``/refreshed; returns the number of facts written."""
    history = synthetic_history(scale)
    RefreshedData(data_dir / "refreshed").commit("synthetic", history)
    return len(history.packages)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: synthetic.py SCALE DATA_DIR")
    count = write(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {count} synthetic facts to {sys.argv[2]}/refreshed")
