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

from dataclasses import dataclass

from ..model import Status
from ..policy.rules import add_years
from .core import Engine, gap_sources
from .results import Platform, WhenResult, WhenStep

WHEN_HORIZON_YEARS = 15


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
    unknown_platforms: tuple[Platform, ...] = ()


def walk_until_ok(engine: Engine, requirements: list[tuple[str, str]], on: dt.date) -> WhenResult:
    """From when the requirements hold, in two dates: the first date >= ``on`` on which no supported
    platform is proven to fail, and the first on which every one is proven ok.

    A date counts only if some platform is known to pass: when nothing is known
    (before any data), "nothing fails" is not an answer. A platform whose proof
    runs out moves from the failing set to the unknown one; each step records both.
    """
    end = walk_end(on)
    periods = engine.periods(on, end)
    timelines = engine.timelines()
    starts = [start for start, _, _ in periods]

    # Per period, the platforms it counts with their timelines, fetched once per walk: a walk asks
    # every platform on every change date, so the lookups must be a bisection and nothing more.
    prepared: dict[int, list] = {}
    # A platform's timelines do not depend on the period it is counted in: fetched once per walk.
    lines_of: dict[str, list] = {}

    def platform_lines(p: Platform) -> list:
        lines = lines_of.get(p.id)
        if lines is None:
            lines = lines_of[p.id] = [(dep, minimum, *timelines.get(p, dep, minimum, on))
                                      for dep, minimum in requirements]
        return lines

    def platforms_of(k: int) -> list:
        rows = prepared.get(k)
        if rows is None:
            rows = prepared[k] = [(p, platform_lines(p)) for p in periods[k][2].supported
                                  if not engine.scope.excepts(p.id, p.release_id, p.os)]
        return rows

    def evaluate(day: dt.date) -> _Day:
        k = bisect_right(starts, day) - 1
        failing, unknown, passing = [], {}, 0
        for p, lines in platforms_of(k):
            all_ok = True
            for dep, minimum, dates, statuses in lines:
                status = statuses[bisect_right(dates, day) - 1]
                if status is not Status.OK:
                    all_ok = False
                    if status is Status.UNKNOWN:
                        unknown[p.id] = p
                    else:
                        failing.append((p, dep, minimum))
            passing += all_ok
        return _Day(day, tuple(failing), tuple(unknown), passing,
                    frozenset(p.os for p in periods[k][2].supported), tuple(unknown.values()))

    start = evaluate(on)
    steps: list[WhenStep] = []
    last = start
    clear: _Day | None = None
    for day in _walk_dates(engine, periods, requirements, on, end):
        now = start if day == on else evaluate(day)
        # Past the end of the lifecycle data an OS can run out of known releases;
        # "nothing left to fail" is then not an answer.
        lost = sorted(start.oses - now.oses)
        if lost:
            return _when_result(engine, requirements, on, end, clear, last, steps, day, lost)
        ids = tuple(dict.fromkeys(p.id for p, _, _ in now.failing))
        if not steps or steps[-1].failing != ids or steps[-1].unknown != now.unknown:
            steps.append(WhenStep(day, ids, now.unknown))
        if clear is None and not now.failing and now.n_passing:
            clear = now
        if clear is not None and not now.failing and not now.unknown and now.n_passing:
            return _when_result(engine, requirements, on, end, clear, last, steps, proven=now)
        if clear is None:
            last = now
    return _when_result(engine, requirements, on, end, clear, last, steps)


def _walk_dates(engine: Engine, periods, requirements, on: dt.date, end: dt.date) -> list[dt.date]:
    """The policy's boundaries and every date a supported platform's answer changes."""
    days = {start for start, _, _ in periods}
    days |= engine.timelines().change_dates_over(periods, requirements, on, end,
                                                 lambda p: engine.scope.excepts(p.id, p.release_id, p.os))
    return sorted(d for d in days if on <= d < end)


def _when_result(engine: Engine, requirements, on, end, clear: _Day | None, last: _Day, steps, ends_on=None,
                 lost=(), proven: _Day | None = None) -> WhenResult:
    """``last``: the last day before ``clear`` (or the last day walked): what blocked it then."""
    failing = () if clear is not None and clear.day == on else last.failing
    blockers = tuple(engine.verdict(p, dep, last.day, minimum) for p, dep, minimum in failing)
    settle = clear or last
    unknown_verdicts = tuple(_unknown_verdict(engine, p, requirements, settle.day) for p in settle.unknown_platforms)
    if clear is not None:
        # Steps after the clear date only move platforms between unknown and ok: keep them up to the proof.
        kept = [s for s in steps if proven is None or s.date <= proven.day]
    else:
        kept = steps
    return WhenResult(engine.project.name, ", ".join(dep for dep, _ in requirements),
                      ", ".join(minimum for _, minimum in requirements), on, clear.day if clear else None, blockers,
                      settle.unknown, tuple(kept), end - dt.timedelta(days=1), engine.index.sources, ends_on,
                      tuple(lost), component=engine.scope.component_label,
                      proven_date=proven.day if proven else None, unknown_verdicts=unknown_verdicts,
                      gap_sources=gap_sources(engine, unknown_verdicts))


def _unknown_verdict(engine: Engine, platform: Platform, requirements, day: dt.date):
    """The first requirement the platform cannot be settled for on ``day``, as check gives it (with its bracket)."""
    verdicts = [engine.verdict(platform, dep, day, minimum) for dep, minimum in requirements]
    return next((v for v in verdicts if v.status is Status.UNKNOWN), verdicts[0])
