"""Stable branches of ports trees: which branch is current on a date, and when it was cut.

Known cut dates come from data (pkgsrc's doc/CHANGES freeze lines); quarters
with no known date get the date the tree's published cadence gives, flagged
as an estimate.
"""

from __future__ import annotations

from functools import lru_cache

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

from ..model import BranchFact

# The years a schedule spans: generous on both sides of any question canirequire answers.
FIRST_YEAR, LAST_YEAR = 2005, 2050
_QUARTER_START = {1: (1, 1), 2: (4, 1), 3: (7, 1), 4: (10, 1)}
_QUARTER_END = {1: (3, 26), 2: (6, 26), 3: (9, 26), 4: (12, 26)}  # the freeze usually ends in the last week


@dataclass(frozen=True, slots=True)
class Branch:
    """A stable branch of a ports tree (2024Q1) and the day it was cut."""

    name: str  # "2024Q1"
    cut: dt.date
    estimated: bool
    source: str = ""


@dataclass(frozen=True, slots=True)
class Schedule:
    """A tree's stable branches in cut order."""

    tree: str
    branches: tuple[Branch, ...]

    def current(self, on: dt.date) -> Branch | None:
        """The branch current on ``on``: the last one cut on or before it."""
        cuts = [b.cut for b in self.branches]
        i = bisect_right(cuts, on) - 1
        return self.branches[i] if i >= 0 else None

    def window(self, name: str) -> tuple[dt.date, dt.date | None] | None:
        """[cut, next cut) during which branch ``name`` is current."""
        for i, b in enumerate(self.branches):
            if b.name == name:
                end = self.branches[i + 1].cut if i + 1 < len(self.branches) else None
                return b.cut, end
        return None

    def get(self, name: str) -> Branch | None:
        return next((b for b in self.branches if b.name == name), None)


def schedule(tree: str, known: tuple[BranchFact, ...], cadence: str) -> Schedule:
    """Every quarterly branch of ``tree``: the known ones as given, the rest estimated from ``cadence``
    ("quarter-start" or "quarter-end"); with no cadence, only the known ones."""
    by_name = {b.branch.removeprefix(f"{tree}-"): b for b in known}
    table = _QUARTER_START if cadence == "quarter-start" else _QUARTER_END if cadence == "quarter-end" else None
    branches = []
    if table is not None:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for quarter, (month, day) in table.items():
                name = f"{year}Q{quarter}"
                fact = by_name.pop(name, None)
                if fact is not None:
                    branches.append(Branch(name, fact.created, False, fact.source))
                else:
                    branches.append(Branch(name, dt.date(year, month, day), True))
    branches += [Branch(name, fact.created, False, fact.source) for name, fact in by_name.items()]
    branches.sort(key=lambda b: b.cut)
    return Schedule(tree, tuple(branches))


@lru_cache(maxsize=4096)
def is_branch_name(release: str) -> bool:
    """A quarterly branch such as 2024Q4."""
    return len(release) == 6 and release[:4].isdigit() and release[4] in "Qq" and release[5] in "1234"
