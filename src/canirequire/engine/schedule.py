"""`canirequire schedule DEP...`: when each newer version of each dependency becomes requirable
over the next years, and which releases' departure unlocks it (Firefox's "Requires" table and
SPEC 0's drop schedule read this way). Every date comes from the same time walk as `when`.

A higher minimum can never become requirable before a lower one, so the versions between two
that unlock on the same date for the same reason need no walk of their own: bisection keeps
the number of walks near the number of distinct unlock dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..versions.libversion import Version, compare, round_down_minor
from . import questions
from .core import Engine
from .results import ScheduleEntry, ScheduleResult
from .walk import walk_until_ok

MAX_VERSIONS = 60  # per dependency: the data rarely holds more minor versions than this


def candidate_versions(engine: Engine, dependency: str, above: str | None) -> list[str]:
    """Every x.y the data shows for the dependency, above ``above``, lowest first."""
    minors = {round_down_minor(f.version) for f in engine.index.packages_for(dependency)}
    ordered = sorted(minors, key=Version)
    return [v for v in ordered if above is None or compare(v, above) > 0][:MAX_VERSIONS]


def schedule(engine: Engine, dependencies: tuple[str, ...], years: int = 3, features: tuple = ()) -> ScheduleResult:
    """When each newer minor version of each dependency becomes requirable, ``years`` ahead of the scope's date."""
    on = engine.scope.on
    until = dt.date(on.year + years, on.month, min(on.day, 28))
    floors, entries = [], []
    for dep in dependencies:
        now = questions.floor(engine, dep)
        floors.append((dep, now.floor_rounded))
        entries += _unlocks(engine, dep, candidate_versions(engine, dep, now.floor_rounded), until)
    from .features import wanted

    return ScheduleResult(engine.project.name, on, until, dependencies, tuple(floors), tuple(entries),
                          engine.index.sources, engine.scope.component_label,
                          wanted(engine, features) if features else ())


def _unlocks(engine: Engine, dep: str, versions: list[str], until: dt.date) -> list[ScheduleEntry]:
    if not versions:
        return []
    memo: dict[int, ScheduleEntry] = {}

    def at(i: int) -> ScheduleEntry:
        if i not in memo:
            memo[i] = _entry(engine, dep, versions[i], walk_until_ok(engine, [(dep, versions[i])], engine.scope.on),
                             until)
        return memo[i]

    def key(e: ScheduleEntry) -> tuple:
        # Unknown platforms can only grow with the version: a row shows its highest version's.
        return (e.date, e.leaving, e.upgraded, e.note)

    def fill(lo: int, hi: int) -> None:
        if hi - lo <= 1:
            return
        if key(at(lo)) == key(at(hi)):
            for i in range(lo + 1, hi):
                memo[i] = replace(at(hi), version=versions[i])
            return
        mid = (lo + hi) // 2
        at(mid)
        fill(lo, mid)
        fill(mid, hi)

    fill(0, len(versions) - 1)
    rows: list[ScheduleEntry] = []
    for i in range(len(versions)):
        e = at(i)
        if rows and key(rows[-1]) == key(e):
            rows[-1] = replace(rows[-1], up_to=e.version, unknown=e.unknown, proven_date=e.proven_date)
        else:
            rows.append(replace(e, up_to=e.version))
        if e.date is None:
            break  # nothing higher can be requirable sooner
    return rows


def _entry(engine: Engine, dep: str, version: str, walk, until: dt.date) -> ScheduleEntry:
    """What stood in the way just before the date: releases that then leave, or catch up."""
    unknown = tuple(dict.fromkeys(pid.split("/")[0] for pid in walk.unknown))
    entry = _plain_entry(engine, dep, version, walk, until, unknown)
    return replace(entry, proven_date=walk.proven_date) if entry.date is not None else entry


def _plain_entry(engine: Engine, dep: str, version: str, walk, until: dt.date, unknown) -> ScheduleEntry:
    if walk.date is None or walk.date > until:
        why = (f"not before {until}" if walk.date else
               "the lifecycle data runs out first" if walk.data_ends_on else
               "blockers remain under current data" if walk.blockers else
               "cannot tell: nothing is proven to fail, but no platform is known to pass")
        return ScheduleEntry(dep, version, None, note=why)
    before = [s for s in walk.steps if s.date < walk.date and s.failing]
    if walk.date == walk.on or not before:
        # With platforms the data cannot settle, "requirable" would overstate it (the floor says less).
        return ScheduleEntry(dep, version, walk.date, note="nothing known fails" if unknown else "requirable already",
                             unknown=unknown)
    blocking = before[-1].failing
    still = {p.release_id for p in engine.platforms_on(walk.date, all_arches=True).supported}
    releases = list(dict.fromkeys(pid.split("/")[0] for pid in blocking))
    return ScheduleEntry(dep, version, walk.date, tuple(r for r in releases if r not in still),
                         tuple(r for r in releases if r in still), unknown=unknown)
