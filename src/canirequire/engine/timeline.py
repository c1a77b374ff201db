"""The timeline: each OS release's support window under the policy, and when a requirement
becomes satisfiable on it. Pure: the window and "today" are passed in."""

from __future__ import annotations

import datetime as dt

from ..model import Status
from .core import Engine
from .results import Bar, Segment, SegmentState, Timeline

# How far around the question's date (and the roadmap's stages) a timeline reaches by default.
YEARS_BEFORE = 1
YEARS_AFTER = 3


def default_window(on: dt.date, stage_dates: list[dt.date]) -> tuple[dt.date, dt.date]:
    """From January of the year before the earliest date to the end of three years after the latest."""
    dates = [on, *stage_dates]
    start = min(dates) - dt.timedelta(days=365 * YEARS_BEFORE)
    end = max(dates) + dt.timedelta(days=365 * YEARS_AFTER)
    return dt.date(start.year, 1, 1), dt.date(end.year + 1, 1, 1)


def timeline(engine: Engine, start: dt.date, end: dt.date, dependency: str = "", minimum: str = "") -> Timeline:
    """Every release the policy supports somewhere in [start, end), with its state over time
    (over all its architectures; exceptions and --arch do not narrow a picture of the policy)."""
    on = engine.scope.on
    project = engine.project
    periods = engine.periods(start, end, all_arches=True)
    wanted = bool(dependency and minimum)
    timelines = engine.timelines()
    days = {start, on} | {s for s, _, _ in periods}
    if wanted:
        days |= timelines.change_dates_over(periods, [(dependency, minimum)], start, end)
    days_sorted = sorted(d for d in days if start <= d < end)
    period_starts = [s for s, _, _ in periods]

    admitted_on: dict[dt.date, dict[str, str]] = {}
    state_on: dict[dt.date, dict[str, SegmentState]] = {}
    from bisect import bisect_right

    # Per period its releases, and per platform its status timeline: fetched once, then each day is a
    # bisection per platform (the days are every change of any platform).
    releases_of: dict[int, dict[str, str]] = {}
    lines_of: dict[str, tuple[list, list]] = {}
    for day in days_sorted:
        k = bisect_right(period_starts, day) - 1
        plats = periods[k][2]
        if k not in releases_of:
            releases_of[k] = {p.release_id: p.os for p in plats.supported}
        admitted_on[day] = releases_of[k]
        if wanted:
            seen: dict[str, set[Status]] = {}
            for p in plats.supported:
                line = lines_of.get(p.id)
                if line is None:
                    line = lines_of[p.id] = timelines.get(p, dependency, minimum, start)
                dates, statuses = line
                seen.setdefault(p.release_id, set()).add(statuses[bisect_right(dates, day) - 1])
            state_on[day] = {rel: _release_state(statuses) for rel, statuses in seen.items()}

    bars = []
    for rel in sorted({r for m in admitted_on.values() for r in m}):
        os_id = next(m[rel] for m in admitted_on.values() if rel in m)
        runs: list[list[dt.date]] = []
        for i, day in enumerate(days_sorted):
            if rel in admitted_on[day]:
                nxt = days_sorted[i + 1] if i + 1 < len(days_sorted) else end
                if runs and runs[-1][1] == day:
                    runs[-1][1] = nxt
                else:
                    runs.append([day, nxt])
        for run_start, run_end in runs:
            segments: list[Segment] = []
            satisfiable = None
            if wanted:
                for i, day in enumerate(days_sorted):
                    if not run_start <= day < run_end:
                        continue
                    nxt = min(days_sorted[i + 1] if i + 1 < len(days_sorted) else end, run_end)
                    state = state_on[day].get(rel, SegmentState.UNKNOWN)
                    if segments and segments[-1].status is state and segments[-1].end == day:
                        segments[-1] = Segment(segments[-1].start, nxt, state)
                    else:
                        segments.append(Segment(day, nxt, state))
                    if state is SegmentState.OK and satisfiable is None:
                        satisfiable = day
            bars.append(Bar(rel, os_id, run_start, run_end, run_end >= end, tuple(segments), satisfiable))
    bars.sort(key=lambda b: (b.os, b.start, b.release_id))
    return Timeline(project.name, on, start, end, dependency, minimum, tuple(bars), project.roadmap)


def _release_state(statuses: set[Status]) -> SegmentState:
    """ok: every arch passes; partial: some arches fail; fail: none passes."""
    if any(s.failing for s in statuses):
        return SegmentState.PARTIAL if Status.OK in statuses else SegmentState.FAIL
    if Status.UNKNOWN in statuses:
        return SegmentState.UNKNOWN
    return SegmentState.OK
