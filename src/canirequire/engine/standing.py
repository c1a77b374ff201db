"""How one fact stands on a date: the rules of time (shared/data FORMATS.md section 7).

- An arrival or release date proves absence before it and presence from it.
- A sighting proves presence on its date only. Before it, in a repository
  that is frozen at its release (a stable release's own default packages),
  the version is assumed to date from the release; anywhere else it is merely
  possible: it may or may not have been there.
- After the last evidence, a repository that keeps moving (CentOS Stream,
  Fedora updates, Alpine branches, versioned rustc-1.NN/rust1.NN families,
  ports trees) may have moved on: the version is only a lower bound, unless
  a later arrival of the same package bounds it, or a "newest" row says
  nothing newer existed on a date after the question's.
- Nothing is present before upstream released it, and dates before an OS
  release's GA take effect at GA.
- An index vouches only for the architectures it covered.
- A version missing from a reading of its repository (an earlier refresh
  that listed the package at another version) arrived after that reading:
  between it and the first sighting, it is only possible.

``fit`` answers for one fact and date; ``breakpoints`` lists every date on
which that answer can change, so a sweep through time need ask ``fit`` only
there.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..model import Channel, PackageFact, ReadAt, Relation
from ..model.catalog import StreamKind
from .results import FactUse

ONE_DAY = dt.timedelta(days=1)
PRESENT = frozenset((FactUse.EXACT, FactUse.ASSUMED, FactUse.LOWER_BOUND))
POSSIBLE = frozenset((FactUse.SEEN_LATER, FactUse.UNDATED, FactUse.ARCH_NOT_COVERED))
DEFAULT_CHANNELS = frozenset((Channel.MAIN, Channel.UPDATES, Channel.SECURITY))


@dataclass(frozen=True, slots=True)
class FactContext:
    """What a platform's policy and the other facts say about how to read one fact."""

    kind: StreamKind = StreamKind.FROZEN
    relation: Relation = Relation.SAME
    read_at: ReadAt = ReadAt.DATE
    clip: dt.date | None = None  # the release's GA: earlier dates take effect then
    upstream: dt.date | None = None  # upstream released this version then
    window: tuple[dt.date, dt.date | None] | None = None  # a stable branch's fact counts only while current
    steps: tuple[tuple[dt.date, dt.date], ...] = ()  # question date -> date the repository is read at
    # The steps' read dates, when they never go back (None: they do, so any step may change an answer).
    step_reads: tuple[dt.date, ...] | None = None
    # Later arrivals in the same lineage (indexes in arrival order, shared by the whole lineage, read
    # from ``successors_from`` on): the first newer one built on the platform's architecture
    # supersedes this fact and bounds what came before it.
    successors: tuple[int, ...] = ()
    successors_from: int = 0
    # A "newest" row below this version, dated this day or later, shows it was not there yet.
    excluded_until: dt.date | None = None
    # A dated row of the same package shows the release had another version by this sighting.
    contradicted: bool = False

    @property
    def moves(self) -> bool:
        """After its last evidence the repository may hold something newer."""
        return (self.kind is not StreamKind.FROZEN or self.relation is Relation.LEADS
                or self.read_at is ReadAt.BRANCH_POINT)

    def read_date(self, on: dt.date) -> dt.date | None:
        """The date the repository is read at for a question about ``on`` (None: nothing to read yet)."""
        if not self.steps:
            return on
        i = bisect_right(self.steps, (on, dt.date.max)) - 1  # the last step starting on or before ``on``
        return self.steps[i][1] if i >= 0 else None


def _clipped(day: dt.date | None, clip: dt.date | None) -> dt.date | None:
    if day is None or clip is None:
        return day
    return max(day, clip)


def fit(f: PackageFact, c: FactContext, on: dt.date, arch: str, reach: bool, capped_until: dt.date | None,
        superseded_from: dt.date | None = None) -> FactUse:
    """How one fact stands on ``on`` for ``arch``.

    ``reach``: the repository could have moved on to a version that meets the
    requirement (no later arrival of the package bounds it below the minimum).
    ``capped_until``: a "newest" row shows nothing newer until that date.
    ``superseded_from``: a newer version of the same package arrived then.
    """
    uncovered = False
    if f.arches is not None and arch not in f.arches and arch != "any":
        if f.arches_checked is None or arch in f.arches_checked:
            return FactUse.NOT_BUILT
        uncovered = True  # the index never looked at this architecture: unknown, not absent
    if c.window is not None and not (c.window[0] <= on and (c.window[1] is None or on < c.window[1])):
        return FactUse.BRANCH_NOT_CURRENT
    at = c.read_date(on)
    if at is None:
        return FactUse.ARRIVED_LATER
    clip = c.clip
    valid_from = _clipped(f.valid_from, clip)
    if valid_from and at < valid_from:
        return FactUse.ARRIVED_LATER
    if f.absent_on and at <= f.absent_on:
        return FactUse.ARRIVED_LATER  # a reading on that day listed the package without it
    end = min((d for d in (_clipped(f.valid_to, clip), _clipped(superseded_from, clip)) if d), default=None)
    if end and at >= end:
        return FactUse.SUPERSEDED
    first, last = _clipped(f.first_seen, clip), _clipped(f.as_of, clip)
    if valid_from is not None or (first is not None and at >= first):
        if uncovered:
            return FactUse.ARCH_NOT_COVERED
        evidence = max(d for d in (valid_from, last) if d)
        if c.moves and reach and not (capped_until and on <= capped_until):
            always_open = c.relation is Relation.LEADS or c.read_at is ReadAt.BRANCH_POINT
            if always_open or at > evidence:
                return FactUse.LOWER_BOUND
        return FactUse.ASSUMED if c.relation is Relation.LAGS else FactUse.EXACT
    if c.upstream and at < c.upstream:
        return FactUse.NOT_RELEASED
    if c.excluded_until and on <= c.excluded_until:
        return FactUse.NEWER_THAN_NEWEST
    if first is None:
        return FactUse.UNDATED
    if uncovered:
        return FactUse.ARCH_NOT_COVERED
    if (c.kind is StreamKind.FROZEN and f.channel in DEFAULT_CHANNELS and c.relation is Relation.SAME
            and c.read_at is ReadAt.DATE and not f.rolling and f.absent_on is None and not c.contradicted):
        return FactUse.ASSUMED  # a stable release's default package: assumed unchanged since the release
    return FactUse.SEEN_LATER


def breakpoints(f: PackageFact, c: FactContext, capped_until: dt.date | None,
                superseded_from: dt.date | None = None) -> set[dt.date]:
    """Every date on which ``fit`` may answer differently than the day before."""
    dates: set[dt.date] = set()
    if c.window is not None:
        dates.add(c.window[0])
        if c.window[1]:
            dates.add(c.window[1])
    if capped_until:
        dates.add(capped_until + ONE_DAY)
    if c.excluded_until:
        dates.add(c.excluded_until + ONE_DAY)
    read_dates: set[dt.date] = set()  # dates compared with the read date, not the question date
    clip = c.clip
    for day in (f.valid_from, f.valid_to, superseded_from, f.first_seen, c.upstream, clip):
        if day:
            read_dates.add(_clipped(day, clip))
    for day in (f.as_of, f.valid_from, c.excluded_until, f.absent_on):
        if day:
            read_dates.add(_clipped(day, clip) + ONE_DAY)
    if not c.steps:
        return dates | read_dates
    # The repository is read at another date: the answer changes only where that date does, and
    # (when read dates never go back) only at the first step reading on or after one of the fact's
    # own dates; the first step matters too (before it there is nothing to read).
    if c.step_reads is None:
        dates.update(s for s, _ in c.steps)
        return dates
    dates.add(c.steps[0][0])
    for day in read_dates:
        k = bisect_left(c.step_reads, day)
        if k < len(c.steps):
            dates.add(c.steps[k][0])
    return dates
