"""The timeline: each OS release's support window under the policy, and when a
requirement becomes satisfiable on it. Pure: the window and "today" are passed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..facts.store import FactStore
from ..policy.project import Project, Stage
from ..policy.rules import supported_releases
from .annotate import Annotator
from .questions import change_dates, check


@dataclass(frozen=True)
class Segment:
    start: dt.date
    end: dt.date
    status: str  # "ok", "partial", "fail", "unknown"


@dataclass(frozen=True)
class Bar:
    release_id: str
    os: str
    start: dt.date
    end: dt.date
    open_end: bool  # still supported at the window's end
    segments: tuple[Segment, ...]
    satisfiable_from: dt.date | None


@dataclass(frozen=True)
class Timeline:
    project: str
    on: dt.date
    start: dt.date
    end: dt.date
    dependency: str
    minimum: str
    bars: tuple[Bar, ...]
    stages: tuple[Stage, ...]


def timeline(
    project: Project,
    store: FactStore,
    on: dt.date,
    start: dt.date,
    end: dt.date,
    dependency: str = "",
    minimum: str = "",
    annotator: Annotator | None = None,
) -> Timeline:
    lifecycles = store.lifecycles_by_os()
    dates = {start, on} | change_dates(project, store, [dependency] if dependency else [], start, end)
    days = sorted(d for d in dates if start <= d < end)
    ann = annotator or Annotator(project, store)

    admitted_on: dict[dt.date, dict[str, str]] = {}
    status_on: dict[dt.date, dict[str, str]] = {}
    for day in days:
        adm, _, _ = supported_releases(project, lifecycles, day)
        admitted_on[day] = {a.release_id: a.os for a in adm}
        if dependency and minimum:
            res = check(project, store, dependency, minimum, day, annotator=ann)
            # ok: every arch passes; partial: some arches fail; fail: none passes.
            states: dict[str, set[str]] = {}
            for v in res.verdicts:
                state = "fail" if v.failing else ("unknown" if v.status == "unknown" else "ok")
                states.setdefault(v.platform.release_id, set()).add(state)
            per_release = {}
            for rel, seen in states.items():
                if "fail" in seen:
                    per_release[rel] = "partial" if "ok" in seen else "fail"
                elif "unknown" in seen:
                    per_release[rel] = "unknown"
                else:
                    per_release[rel] = "ok"
            status_on[day] = per_release

    bars = []
    releases = sorted({r for m in admitted_on.values() for r in m})
    for rel in releases:
        os_id = next(m[rel] for m in admitted_on.values() if rel in m)
        runs: list[list[dt.date]] = []
        for i, day in enumerate(days):
            if rel in admitted_on[day]:
                nxt = days[i + 1] if i + 1 < len(days) else end
                if runs and runs[-1][1] == day:
                    runs[-1][1] = nxt
                else:
                    runs.append([day, nxt])
        for run_start, run_end in runs:
            segments = []
            satisfiable = None
            if dependency and minimum:
                for i, day in enumerate(days):
                    if not (run_start <= day < run_end):
                        continue
                    nxt = min(days[i + 1] if i + 1 < len(days) else end, run_end)
                    state = status_on[day].get(rel, "unknown")
                    if segments and segments[-1].status == state and segments[-1].end == day:
                        segments[-1] = Segment(segments[-1].start, nxt, state)
                    else:
                        segments.append(Segment(day, nxt, state))
                    if state == "ok" and satisfiable is None:
                        satisfiable = day
            bars.append(Bar(rel, os_id, run_start, run_end, run_end >= end, tuple(segments), satisfiable))
    bars.sort(key=lambda b: (b.os, b.start, b.release_id))
    return Timeline(project.name, on, start, end, dependency, minimum, tuple(bars), project.roadmap)
