#!/usr/bin/env python3
"""Write synthetic package history at a multiple of the embedded snapshot's size.

    python bench/synthetic.py 100 /tmp/hist100     # then CANIREQUIRE_DATA_DIR=/tmp/hist100

For every package lineage of the embedded snapshot, older versions are added
week by week into the past, each with an arrival date and the date the next
one replaced it, plus a share of plain dated sightings, so that ``scale`` x
the embedded row count exists in all. The data is written as one refreshed
source through the project's own store, as a long observation log would be.
It is for measuring cost only: the versions are invented (``0.<n>``).
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from canirequire.model import FactSet, Origin, SourceInfo
from canirequire.store.refreshed import RefreshedData
from canirequire.store.snapshot import embedded_snapshot_dir, read_snapshot

WEEK = dt.timedelta(days=7)


def synthetic_history(scale: int) -> FactSet:
    embedded = read_snapshot(embedded_snapshot_dir(), Origin.EMBEDDED).packages
    extra = []
    for n, fact in enumerate(embedded):
        anchor = fact.valid_from or fact.as_of or dt.date(2024, 1, 1)
        for i in range(1, scale):
            start = anchor - WEEK * (i + 1)
            dated = i % 4 != 0  # every fourth is a plain sighting with no arrival date
            extra.append(replace(
                fact,
                version=f"0.{n}.{scale - i}",
                orig_version="",
                valid_from=start if dated else None,
                valid_to=start + WEEK if dated else None,
                as_of=start + WEEK - dt.timedelta(days=1),
                source=f"synthetic history of {fact.package} in {fact.repo} (week {i})",
                source_id="synthetic",
                origin=Origin.REFRESHED,
            ))
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
