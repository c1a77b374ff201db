"""`canirequire sources`: what is loaded, from where, as of when, and how stale (pure; no I/O)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Iterable

from ..model import Cause, Flag
from ..store.index import FactIndex
from .results import MatrixResult, Staleness, Verdict

if TYPE_CHECKING:
    from .results_more import SourcesView

STALE_DAYS = 30


def sources_view(index: FactIndex, on: dt.date, project: str = "", stale_after_days: int = STALE_DAYS) -> SourcesView:
    """Each loaded source with the number of facts it contributed; age is measured from ``on``."""
    from .results import SourceRow, SourcesView

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


def answer_verdicts(result) -> tuple[Verdict, ...]:
    """The verdicts an answer rests on (a matrix: every cell)."""
    if isinstance(result, MatrixResult):
        return tuple(v for row in result.cells for v in row)
    return tuple(getattr(result, "verdicts", ()))


def staleness(verdicts: Iterable[Verdict], on: dt.date, after_days: int) -> Staleness | None:
    """Releases whose answer rests on a repository that keeps moving and whose newest deciding
    fact (the one a verdict rests on, or the later sighting it cites) is more than ``after_days``
    before ``on``: it may have moved on since, so the answer rests on old data."""
    newest: dict[str, dt.date] = {}
    for v in verdicts:
        if Flag.LOWER_BOUND not in v.flags and v.cause not in (Cause.LOWER_BOUND, Cause.SEEN_LATER):
            continue  # read from a repository that does not move (or proven for the date): old is not stale
        days = [d for f in (v.evidence, v.other) if f is not None for d in (f.as_of, f.valid_from, f.seen_from) if d]
        if days:
            release = v.platform.release_id
            newest[release] = max(newest.get(release, max(days)), max(days))
    old = tuple(sorted(((r, d) for r, d in newest.items() if (on - d).days > after_days), key=lambda x: (x[1], x[0])))
    return Staleness(after_days, old) if old else None
