"""`canirequire sources`: what is loaded, from where, as of when, and how stale (pure; no I/O)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..store.index import FactIndex
from .results import SourceRow, SourcesView

STALE_DAYS = 30


def sources_view(index: FactIndex, on: dt.date, project: str = "", stale_after_days: int = STALE_DAYS) -> SourcesView:
    """Each loaded source with the number of facts it contributed; age is measured from ``on``."""
    counts: Counter = Counter()
    counts.update(lc.source for lc in index.lifecycles)
    counts.update(t.source for t in index.tiers)
    counts.update(p.source_id for p in index.packages)
    counts.update(e.source for e in index.repos)
    rows = []
    for s in index.sources:
        age = (on - s.as_of).days if s.as_of else None
        rows.append(SourceRow(s, counts.get(s.id, 0), age, age is None or age > stale_after_days))
    return SourcesView(on, tuple(rows), project, stale_after_days)
