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

from dataclasses import dataclass

from ..model import Status
from ..policy.rules import add_years
from .questions import Engine
from .results import Platform, WhenResult, WhenStep

WHEN_HORIZON_YEARS = 15


class StatusTimelines:
    """Per platform and requirement: its status on every date, from one sweep each, shared by
    every walk an engine makes (roadmap stages, the timeline) through ``engine.timelines``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _get(self, platform: Platform, dependency: str, minimum: str, since: dt.date
             ) -> tuple[list[dt.date], list[Status]]:
        return self.engine.resolver.status_timeline(platform, dependency, minimum, since)

    def status(self, platform: Platform, dependency: str, minimum: str, day: dt.date) -> Status:
        dates, statuses = self._get(platform, dependency, minimum, day)
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
            dates = self._get(platform, dependency, minimum, start)[0]
            out.update(dates[bisect_right(dates, start):bisect_left(dates, end)])
        return out


def walk_end(on: dt.date) -> dt.date:
    """The first date after a walk from ``on`` (it looks WHEN_HORIZON_YEARS ahead)."""
    return add_years(on, WHEN_HORIZON_YEARS) + dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class _Day:
    """Every supported platform's answer on one date of a walk."""

    day: dt.date
    failing: tuple[tuple[Platform, str, str], ...]  # (platform, dependency, minimum)
    unknown: tuple[str, ...]
    n_passing: int  # platforms meeting every requirement
    oses: frozenset[str]


def walk_until_ok(engine: Engine, requirements: list[tuple[str, str]], on: dt.date) -> WhenResult:
    """Earliest date >= ``on`` on which every requirement passes on every supported platform.

    A date counts only if some platform is known to pass: when nothing is known
    (before any data), "nothing fails" is not an answer.
    """
    end = walk_end(on)
    periods = engine.periods(on, end)
    timelines = engine.timelines()
    starts = [start for start, _, _ in periods]

    def evaluate(day: dt.date) -> _Day:
        plats = periods[bisect_right(starts, day) - 1][2]
        failing, unknown, passing = [], {}, 0
        for p in plats.supported:
            if engine.scope.excepts(p.id, p.release_id, p.os):
                continue
            statuses = [(dep, minimum, timelines.status(p, dep, minimum, day)) for dep, minimum in requirements]
            failing += [(p, dep, minimum) for dep, minimum, status in statuses if status.failing]
            if any(status is Status.UNKNOWN for _, _, status in statuses):
                unknown[p.id] = None
            passing += all(status is Status.OK for _, _, status in statuses)
        return _Day(day, tuple(failing), tuple(unknown), passing, frozenset(p.os for p in plats.supported))

    start = evaluate(on)
    steps: list[WhenStep] = []
    last = start
    for day in _walk_dates(engine, periods, requirements, on, end):
        now = start if day == on else evaluate(day)
        # Past the end of the lifecycle data an OS can run out of known releases;
        # "nothing left to fail" is then not an answer.
        lost = sorted(start.oses - now.oses)
        if lost:
            return _when_result(engine, requirements, on, end, None, last, steps, day, lost)
        if not now.failing and now.n_passing:
            return _when_result(engine, requirements, on, end, day, now, steps)
        ids = tuple(dict.fromkeys(p.id for p, _, _ in now.failing))
        if ids and (not steps or steps[-1].failing != ids):
            steps.append(WhenStep(day, ids))
        last = now
    return _when_result(engine, requirements, on, end, None, last, steps)


def _walk_dates(engine: Engine, periods, requirements, on: dt.date, end: dt.date) -> list[dt.date]:
    """The policy's boundaries and every date a supported platform's answer changes."""
    days = {start for start, _, _ in periods}
    days |= engine.timelines().change_dates_over(periods, requirements, on, end,
                                                 lambda p: engine.scope.excepts(p.id, p.release_id, p.os))
    return sorted(d for d in days if on <= d < end)


def _when_result(engine: Engine, requirements, on, end, answer, last: _Day, steps, ends_on=None, lost=()
                 ) -> WhenResult:
    failing = () if answer else last.failing
    blockers = tuple(engine.verdict(p, dep, last.day, minimum) for p, dep, minimum in failing)
    return WhenResult(engine.project.name, ", ".join(dep for dep, _ in requirements),
                      ", ".join(minimum for _, minimum in requirements), on, answer, blockers, last.unknown,
                      tuple(steps), end - dt.timedelta(days=1), engine.index.sources, ends_on, tuple(lost),
                      component=engine.scope.component_label)
