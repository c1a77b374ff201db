"""The observation log: what each refresh saw, accumulated instead of overwritten.

A live source such as Repology says only what a repository holds *now*. Kept
refresh after refresh, those readings become history:

- a version seen again keeps its first sighting (``seen_from``) and moves its
  last one (``as_of``) forward;
- a version that is new while the previous reading listed the same package
  (same repository, package and channel) at other versions arrived between
  the two readings: ``absent_on`` records the earlier reading's date;
- a version the previous reading listed and this one does not, while the
  package is still listed, was replaced by this reading's date (``valid_to``);
- a version no longer listed at all is kept as it was (a package that
  disappears from a listing proves nothing about when).

Sources that publish real history (Launchpad, Bodhi, git logs) give arrival
dates of their own; merging them is the same operation and keeps them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..model import FactSet, PackageFact


def _key(f: PackageFact) -> tuple:
    return (f.os, f.release, f.dependency, f.package, f.channel, f.version)


def _lineage(f: PackageFact) -> tuple:
    return (f.os, f.release, f.dependency, f.package, f.channel)


@dataclass(frozen=True, slots=True)
class MergeCounts:
    """What one reading added to the log."""

    seen: int
    new: int  # versions not in the log before
    arrived_between: int  # of which arrived since the previous reading (proven absent then)
    replaced: int  # versions the previous reading listed and this one shows replaced


def _earliest(*days: dt.date | None) -> dt.date | None:
    present = [d for d in days if d]
    return min(present) if present else None


def _latest(*days: dt.date | None) -> dt.date | None:
    present = [d for d in days if d]
    return max(present) if present else None


def merge_reading(log: tuple[PackageFact, ...], reading: tuple[PackageFact, ...], read_on: dt.date,
                  previous_read_on: dt.date | None) -> tuple[tuple[PackageFact, ...], MergeCounts]:
    """The log after one more reading of a source, taken on ``read_on``.

    ``previous_read_on`` is the date of the source's previous reading (None for a first
    one); only a package that reading listed can prove a version absent then.
    """
    by_key = {_key(f): f for f in log}
    listed_before = {_lineage(f) for f in log if previous_read_on and f.as_of == previous_read_on}
    listed_now = {_lineage(f) for f in reading}
    merged: dict[tuple, PackageFact] = {}
    new = arrived = 0
    for fact in reading:
        key = _key(fact)
        old = merged.get(key) or by_key.get(key)
        if old is not None:
            merged[key] = replace(
                fact,
                seen_from=_earliest(old.seen_from, old.as_of, fact.seen_from, fact.as_of),
                as_of=_latest(old.as_of, fact.as_of),
                valid_from=old.valid_from or fact.valid_from,
                absent_on=old.absent_on if old.absent_on else fact.absent_on,
                introduced=old.introduced or fact.introduced,
            )
            if merged[key].seen_from == merged[key].as_of:
                merged[key] = replace(merged[key], seen_from=None)
            continue
        new += 1
        if fact.valid_from is None and _lineage(fact) in listed_before and previous_read_on < read_on:
            fact = replace(fact, absent_on=previous_read_on)
            arrived += 1
        merged[key] = fact
    replaced = 0
    for key, old in by_key.items():
        if key in merged:
            continue
        if (previous_read_on and old.as_of == previous_read_on and old.valid_to is None
                and _lineage(old) in listed_now):
            old = replace(old, valid_to=read_on)
            replaced += 1
        merged[key] = old
    facts = tuple(sorted(merged.values(), key=lambda f: (_lineage(f), f.version)))
    return facts, MergeCounts(len(reading), new, arrived, replaced)


def previous_reading_date(stored: FactSet, source_id: str) -> dt.date | None:
    """When the stored copy of a source was last read (its SourceInfo's as-of date)."""
    return next((s.as_of for s in stored.sources if s.id == source_id), None)
