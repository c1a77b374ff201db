"""What the data proves about each platform's dependency: one model every command reads.

Per platform, dependency and date the data proves a version at least V, proves
it below W, or leaves it unknown in between, with a bracket (the best version
seen below, with the kind of its date; the first sighting of one that would
do). The resolver's verdict for a minimum is the point reading of this model;
``knowledge`` reads it for every minimum at once (what ``floor`` needs), and
``StatusTimelines`` reads it along time (what ``when``, ``schedule``, the
roadmap and the timeline need). Verdicts change with the minimum only at
versions the platform's facts hold, and a higher minimum is never easier to
meet, so two bisections over those versions settle the whole range.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from ..model import Cause, Status
from ..versions.libversion import next_minor, required_version, sort_key
from .results import Knowledge, Platform

if TYPE_CHECKING:
    from .core import Engine

# A minimum above every version the data holds: what the data says of "anything newer".
_ABOVE_ALL = "999999999"


def just_above(version: str) -> str:
    """A minimum between ``version`` and the next version any data can hold: a verdict for it says what
    the data proves of the gap above ``version`` (an updating repository may have held anything there)."""
    return f"{version}.0.0.0.1"


def knowledge(engine, platform: Platform, dependency: str, on: dt.date) -> Knowledge:
    """What the data proves about ``platform``'s ``dependency`` on ``on``, for every minimum at once.

    Architectures the facts treat alike (one arch group) share every verdict, so the bisection runs once
    per release and group; each platform gets the bounds with its own verdict."""
    resolver = engine.resolver
    key = (platform.os, platform.release, dependency, resolver.arch_group(platform, dependency), on)
    known = resolver.knowledge_memo.get(key)
    if known is None:
        known = resolver.knowledge_memo[key] = _knowledge(engine, platform, dependency, on)
    # This engine's own verdict for this platform (its scope annotates it: tier, CI).
    return replace(known, platform=platform, verdict=engine.verdict(platform, dependency, on, None))


def _knowledge(engine, platform: Platform, dependency: str, on: dt.date) -> Knowledge:
    resolver = engine.resolver
    base = engine.verdict(platform, dependency, on, None)
    if base.cause is Cause.EXTERNAL:
        return Knowledge(platform, dependency, on, base, None, everything=True)
    if base.failing:
        return Knowledge(platform, dependency, on, base, None, missing=True)
    versions = resolver.facts_for(platform, dependency).versions
    if not versions:
        return Knowledge(platform, dependency, on, base, None)

    def status(minimum: str) -> Status:
        return resolver.verdict(platform, dependency, on, minimum).status

    ok = _last(versions, lambda v: status(v) is Status.OK)
    at_least = versions[ok] if ok >= 0 else None
    if not status(_ABOVE_ALL).failing:
        return Knowledge(platform, dependency, on, base, at_least)  # nothing bounds the repository
    # Where a verdict can change as the minimum rises: at the versions the data holds, just above
    # each, and at the next x.y after each (a stable branch taking point updates never reaches it).
    probes = _probes(versions)
    passing = _last(probes, lambda v: not status(v).failing)
    if passing < 0:
        return Knowledge(platform, dependency, on, base, at_least, fails_from=probes[0])
    if status(just_above(probes[passing])).failing:
        return Knowledge(platform, dependency, on, base, at_least, at_most=probes[passing])
    # The gap above it is open (a repository that updates may have held something in between):
    # proven to fail only from the next place a verdict can change.
    following = probes[passing + 1] if passing + 1 < len(probes) else _ABOVE_ALL
    return Knowledge(platform, dependency, on, base, at_least, fails_from=following)


def _probes(versions: tuple[str, ...]) -> tuple[str, ...]:
    keyed = {sort_key(v): v for v in versions}
    for v in versions:
        keyed.setdefault(sort_key(next_minor(v)), next_minor(v))
    return tuple(keyed[k] for k in sorted(keyed))


def threshold(k: Knowledge) -> tuple | None:
    """Where ``k``'s platform starts to fail, as a key comparable with ``candidate_key``: a minimum
    passes (is not proven to fail) exactly when its candidate key is below the threshold."""
    if k.at_most is not None:
        return (sort_key(k.at_most), 1)
    if k.fails_from is not None:
        return (sort_key(k.fails_from), 0)
    return None


def candidate_key(version: str) -> tuple:
    return (sort_key(version), 0.5)


def _last(versions: tuple[str, ...], holds) -> int:
    """The index of the last version for which ``holds`` (true for a prefix of them), or -1."""
    lo, hi = 0, len(versions)  # holds for everything before lo; fails from hi on
    while lo < hi:
        mid = (lo + hi) // 2
        if holds(versions[mid]):
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


class StatusTimelines:
    """Per platform and requirement: its status on every date, from one sweep each, shared by
    every walk an engine makes (roadmap stages, the timeline) through ``engine.timelines``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, platform: Platform, dependency: str, minimum: str, since: dt.date
            ) -> tuple[list[dt.date], list[Status]]:
        """The platform's status from ``since`` on, as (dates, statuses): each holds until the next date."""
        return self.engine.resolver.status_timeline(platform, dependency, required_version(minimum), since)

    def status(self, platform: Platform, dependency: str, minimum: str, day: dt.date) -> Status:
        dates, statuses = self.get(platform, dependency, minimum, day)
        return statuses[bisect_right(dates, day) - 1]

    def change_dates_over(self, periods, requirements: list[tuple[str, str]], start: dt.date, end: dt.date,
                          skip=lambda platform: False) -> set[dt.date]:
        """The dates in (start, end) on which any platform supported in any of ``periods`` (and not
        skipped) changes status; a platform supported over many periods is asked once."""
        out: set[dt.date] = set()
        asked: set[tuple[str, str, str]] = set()
        for _, _, plats in periods:
            for p in plats.supported:
                if (p.os, p.release, p.arch) not in asked and not skip(p):
                    asked.add((p.os, p.release, p.arch))
                    out |= self.change_dates(p, requirements, start, end)
        return out

    def change_dates(self, platform: Platform, requirements: list[tuple[str, str]], start: dt.date,
                     end: dt.date) -> set[dt.date]:
        """The dates in (start, end) on which the platform's status for any requirement changes."""
        out: set[dt.date] = set()
        for dependency, minimum in requirements:
            dates = self.get(platform, dependency, minimum, start)[0]
            out.update(dates[bisect_right(dates, start):bisect_left(dates, end)])
        return out


