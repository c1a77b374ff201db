"""Walks through time: from when is a set of requirements met on every supported platform?

The answer can change only on the policy's boundary dates and on the dates a
supported platform's own verdict changes. Each platform's verdicts are swept
once over the whole window (resolve.Resolver.status_changes), the policy is
evaluated once per boundary, and the two are merged: the cost follows the
number of events, not dates x platforms x facts.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from ..model import Status
from ..policy.rules import add_years
from .platforms import support_periods
from .questions import Engine
from .results import Platform, PlatformsResult, WhenResult, WhenStep

WHEN_HORIZON_YEARS = 15


class StatusTimelines:
    """Per platform and requirement: the status on each date of a window, from one sweep each."""

    def __init__(self, engine: Engine, requirements: list[tuple[str, str]], start: dt.date, end: dt.date) -> None:
        self.engine = engine
        self.requirements = requirements
        self.start, self.end = start, end
        self._changes: dict[tuple[str, str, str, str, str], tuple[list[dt.date], list[Status]]] = {}

    def status(self, platform: Platform, dependency: str, minimum: str, day: dt.date) -> Status:
        key = (platform.os, platform.release, platform.arch, dependency, minimum)
        changes = self._changes.get(key)
        if changes is None:
            pairs = self.engine.resolver.status_changes(platform, dependency, minimum, self.start, self.end)
            changes = self._changes[key] = ([d for d, _ in pairs], [s for _, s in pairs])
        return changes[1][bisect_right(changes[0], day) - 1]

    def change_dates(self, platform: Platform) -> set[dt.date]:
        dates: set[dt.date] = set()
        for dependency, minimum in self.requirements:
            self.status(platform, dependency, minimum, self.start)
            dates.update(self._changes[(platform.os, platform.release, platform.arch, dependency, minimum)][0][1:])
        return dates


def walk_until_ok(engine: Engine, requirements: list[tuple[str, str]], on: dt.date) -> WhenResult:
    """Earliest date >= ``on`` on which every requirement passes on every supported platform."""
    project, scope = engine.project, engine.scope
    horizon = add_years(on, WHEN_HORIZON_YEARS)
    end = horizon + dt.timedelta(days=1)
    periods = list(support_periods(project, engine.index.lifecycles_by_os(), on, end, scope.arches))
    timelines = StatusTimelines(engine, requirements, on, end)

    days = {start for start, _, _ in periods}
    seen: set[tuple[str, str, str]] = set()
    for _, _, plats in periods:
        for p in plats.supported:
            if (p.os, p.release, p.arch) not in seen and not scope.excepts(p.id, p.release_id, p.os):
                seen.add((p.os, p.release, p.arch))
                days |= timelines.change_dates(p)
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


def periods_between(engine: Engine, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date, PlatformsResult]]:
    return list(support_periods(engine.project, engine.index.lifecycles_by_os(), start, end, engine.scope.arches))
