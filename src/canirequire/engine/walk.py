"""Walks through time: from when is a set of requirements met on every supported platform?

The answer can change only on the policy's boundary dates and on the dates a
supported platform's own verdict changes. Each platform's verdicts are swept
once over the whole window (resolve.Resolver.status_changes), the policy is
evaluated once per boundary, and the two are merged: the cost follows the
number of events, not dates x platforms x facts.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right

from ..model import EARLIEST_DATE, LATEST_DATE, Status
from ..policy.rules import add_years
from .questions import Engine
from .results import Platform, WhenResult, WhenStep

WHEN_HORIZON_YEARS = 15


class StatusTimelines:
    """Per platform and requirement: its status on every date, from one sweep each, shared by
    every walk an engine makes (roadmap stages, the timeline) through ``engine.timelines``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._changes: dict[tuple, tuple[list[dt.date], list[Status]]] = {}
        self._groups: dict[tuple[str, str, str, str], tuple[int, ...]] = {}

    def _get(self, platform: Platform, dependency: str, minimum: str) -> tuple[list[dt.date], list[Status]]:
        group = self._groups.get((platform.os, platform.release, platform.arch, dependency))
        if group is None:
            group = self._groups[(platform.os, platform.release, platform.arch, dependency)] = \
                self.engine.resolver.arch_group(platform, dependency)
        key = (platform.os, platform.release, group, dependency, minimum)
        changes = self._changes.get(key)
        if changes is None:
            pairs = self.engine.resolver.status_changes(platform, dependency, minimum, EARLIEST_DATE,
                                                        LATEST_DATE)
            changes = self._changes[key] = ([d for d, _ in pairs], [s for _, s in pairs])
        return changes

    def status(self, platform: Platform, dependency: str, minimum: str, day: dt.date) -> Status:
        dates, statuses = self._get(platform, dependency, minimum)
        return statuses[bisect_right(dates, day) - 1]

    def change_dates(self, platform: Platform, requirements: list[tuple[str, str]], start: dt.date,
                     end: dt.date) -> set[dt.date]:
        """The dates in (start, end) on which the platform's status for any requirement changes."""
        out: set[dt.date] = set()
        for dependency, minimum in requirements:
            dates = self._get(platform, dependency, minimum)[0]
            out.update(dates[bisect_right(dates, start):bisect_left(dates, end)])
        return out


def walk_end(on: dt.date) -> dt.date:
    """The first date after a walk from ``on`` (it looks WHEN_HORIZON_YEARS ahead)."""
    return add_years(on, WHEN_HORIZON_YEARS) + dt.timedelta(days=1)


def walk_until_ok(engine: Engine, requirements: list[tuple[str, str]], on: dt.date) -> WhenResult:
    """Earliest date >= ``on`` on which every requirement passes on every supported platform."""
    project, scope = engine.project, engine.scope
    end = walk_end(on)
    horizon = end - dt.timedelta(days=1)
    periods = engine.periods(on, end)
    timelines = engine.timelines()

    days = {start for start, _, _ in periods}
    seen: set[tuple[str, str, str]] = set()
    for _, _, plats in periods:
        for p in plats.supported:
            if (p.os, p.release, p.arch) not in seen and not scope.excepts(p.id, p.release_id, p.os):
                seen.add((p.os, p.release, p.arch))
                days |= timelines.change_dates(p, requirements, on, end)
    ordered = sorted(d for d in days if on <= d < end)
    starts = [start for start, _, _ in periods]

    def evaluate(day: dt.date):
        plats = periods[bisect_right(starts, day) - 1][2]
        failing: list[tuple[Platform, str, str]] = []
        unknown: dict[str, None] = {}
        oses = set()
        for p in plats.supported:
            oses.add(p.os)
            if scope.excepts(p.id, p.release_id, p.os):
                continue
            for dependency, minimum in requirements:
                status = timelines.status(p, dependency, minimum, day)
                if status.failing:
                    failing.append((p, dependency, minimum))
                elif status is Status.UNKNOWN:
                    unknown[p.id] = None
        return failing, tuple(unknown), oses, plats

    label_dep = ", ".join(dep for dep, _ in requirements)
    label_min = ", ".join(minimum for _, minimum in requirements)

    def done(day, failing, unknown, steps, ends_on=None, lost=()):
        blockers = tuple(engine.verdict(p, dep, blocker_day, minimum) for p, dep, minimum in failing)
        return WhenResult(project.name, label_dep, label_min, on, day, blockers, unknown, tuple(steps), horizon,
                          engine.index.sources, ends_on, tuple(lost))

    steps: list[WhenStep] = []
    blocker_day = on
    failing, unknown, oses_at_start, _ = evaluate(on)
    previous = (failing, unknown, on)
    for day in ordered:
        if day != on:
            failing, unknown, oses_now, _ = evaluate(day)
            # Past the end of the lifecycle data an OS can run out of known releases;
            # "nothing left to fail" is then not an answer.
            lost = sorted(oses_at_start - oses_now)
            if lost:
                blocker_day = previous[2]
                return done(None, previous[0], previous[1], steps, day, lost)
        if not failing:
            return done(day, (), unknown, steps)
        ids = tuple(dict.fromkeys(p.id for p, _, _ in failing))
        if not steps or steps[-1].failing != ids:
            steps.append(WhenStep(day, ids))
        previous = (failing, unknown, day)
        blocker_day = day
    return done(None, failing, unknown, steps)
