"""The questions canirequire answers, as pure functions of (project, facts, date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..facts.store import FactStore
from ..policy.project import Project
from ..policy.rules import add_years, boundary_dates
from ..versions.libversion import Version, compare, round_down_minor
from .annotate import Annotator
from .platforms import parse_platform_spec, supported_platforms
from .resolve import resolve
from .results import (
    MISSING,
    UNKNOWN,
    CheckResult,
    ExplainResult,
    FloorResult,
    LadderStep,
    MatrixResult,
    Platform,
    PlatformsResult,
    WhenResult,
    WhenStep,
)

WHEN_HORIZON_YEARS = 15


def platforms(project: Project, store: FactStore, on: dt.date, arches: tuple[str, ...] = ()) -> PlatformsResult:
    result = supported_platforms(project, store, on, arches)
    return replace(result, sources=tuple(store.sources))


def _matches_exception(platform_id: str, release_id: str, exceptions: tuple[str, ...], os_id: str = "") -> bool:
    """An exception names a platform (debian-12/mips64el), a release (debian-12) or a whole OS (fedora)."""
    return any(e in (platform_id, release_id, os_id) for e in exceptions)


def _verdicts(project, store, dependency, on, arches, exceptions, annotator, required):
    """Annotated verdicts for every supported platform not accepted as an exception."""
    plats = supported_platforms(project, store, on, arches)
    ann = annotator or Annotator(project, store)
    verdicts, excepted = [], []
    for p in plats.supported:
        if _matches_exception(p.id, p.release_id, exceptions, p.os):
            excepted.append(p.id)
        else:
            verdicts.append(ann.annotate(resolve(project, store, p, dependency, on, required)))
    return plats, verdicts, excepted


def check(
    project: Project,
    store: FactStore,
    dependency: str,
    minimum: str,
    on: dt.date,
    arches: tuple[str, ...] = (),
    exceptions: tuple[str, ...] = (),
    annotator: Annotator | None = None,
) -> CheckResult:
    plats, verdicts, excepted = _verdicts(project, store, dependency, on, arches, exceptions, annotator, minimum)
    return CheckResult(
        project.name, dependency, minimum, on, tuple(verdicts), plats.excluded, tuple(excepted), tuple(store.sources),
        plats.notes,
    )


def floor(
    project: Project,
    store: FactStore,
    dependency: str,
    on: dt.date,
    arches: tuple[str, ...] = (),
    exceptions: tuple[str, ...] = (),
    annotator: Annotator | None = None,
) -> FloorResult:
    plats, verdicts, _ = _verdicts(project, store, dependency, on, arches, exceptions, annotator, None)
    # A rolling tree seen long ago only gives "at least X": it cannot limit a floor.
    known = [v for v in verdicts if v.status not in (UNKNOWN, MISSING) and v.version and "lower-bound" not in v.flags]
    unknown = tuple(v for v in verdicts if v.status == UNKNOWN or (v.version and "lower-bound" in v.flags))
    missing = tuple(v for v in verdicts if v.status == MISSING)

    # Group platforms by their best version, lowest first: each rung of the
    # ladder excepts the platforms that limited the rung below it.
    by_version: dict[Version, list[str]] = {}
    for v in known:
        by_version.setdefault(Version(v.version), []).append(v.platform.id)
    ordered = sorted(by_version.items(), key=lambda kv: kv[0])
    ladder = []
    excepted: list[str] = []
    for version, plat_ids in ordered:
        ladder.append(LadderStep(version.text, round_down_minor(version.text), tuple(sorted(plat_ids)), tuple(excepted)))
        excepted += sorted(plat_ids)
    if ordered:
        ladder.append(LadderStep(None, None, (), tuple(excepted)))  # everything excepted: no floor left
    first = ladder[0] if ladder else LadderStep(None, None, (), ())
    # A lower bound at or above the floor cannot limit it; only lower ones stay unknown.
    at_least = tuple(v for v in unknown if v.version and first.floor and compare(v.version, first.floor) >= 0)
    unknown = tuple(v for v in unknown if v not in at_least)
    return FloorResult(
        project.name,
        dependency,
        on,
        first.floor,
        first.floor_rounded,
        first.limiting,
        tuple(ladder),
        unknown,
        missing,
        tuple(verdicts),
        tuple(store.sources),
        at_least,
        plats.notes,
    )


def _os_of(platform_id: str, project: Project) -> str:
    release = platform_id.partition("/")[0]
    for os_id in sorted((o.os for o in project.oses), key=len, reverse=True):
        if release == os_id or release.startswith(os_id + "-"):
            return os_id
    return release


def change_dates(project: Project, store: FactStore, dependencies, after: dt.date, before: dt.date) -> set[dt.date]:
    """Dates strictly between ``after`` and ``before`` on which an answer about these
    dependencies can change: policy boundaries and package-data intervals."""
    dates = {d for d in boundary_dates(project, store.lifecycles_by_os()) if after < d < before}
    for dependency in dependencies:
        for f in store.packages_for(dependency):
            for d in (f.valid_from, f.valid_to):
                if d and after < d < before:
                    dates.add(d)
    return dates


def walk_until_ok(
    project: Project,
    store: FactStore,
    requirements: list[tuple[str, str]],
    on: dt.date,
    arches: tuple[str, ...] = (),
    exceptions: tuple[str, ...] = (),
    annotator: Annotator | None = None,
) -> WhenResult:
    """Earliest date >= ``on`` on which every requirement passes, walking only
    the dates on which some answer can change (policy boundaries, data changes)."""
    horizon = add_years(on, WHEN_HORIZON_YEARS)
    candidates = change_dates(project, store, [dep for dep, _ in requirements], on, horizon + dt.timedelta(days=1))
    ann = annotator or Annotator(project, store)
    label_dep = ", ".join(dep for dep, _ in requirements)
    label_min = ", ".join(minimum for _, minimum in requirements)

    def evaluate(day):
        results = [check(project, store, dep, minimum, day, arches, exceptions, ann) for dep, minimum in requirements]
        failing = tuple(v for r in results for v in r.failing)
        unknown = tuple(dict.fromkeys(v.platform.id for r in results for v in r.unknown))
        oses = {v.platform.os for r in results for v in r.verdicts}
        oses |= {_os_of(pid, project) for r in results for pid in r.excepted}
        return failing, unknown, oses

    def done(day, blockers, unknown, steps, note=""):
        return WhenResult(project.name, label_dep, label_min, on, day, blockers, unknown, tuple(steps), horizon,
                          tuple(store.sources), note)

    steps: list[WhenStep] = []
    remaining = sorted(candidates)
    day = on
    failing, unknown, oses_at_start = evaluate(day)
    oses_now = oses_at_start
    previous = (failing, unknown)
    while True:
        # Past the end of the lifecycle data an OS can run out of known releases;
        # "nothing left to fail" is then not an answer.
        if day != on:
            lost = sorted(oses_at_start - oses_now)
            if lost:
                note = (f"lifecycle data runs out on {day}: no known release of {', '.join(lost)} is supported "
                        "from then on (refresh lifecycles to see successors)")
                return done(None, previous[0], previous[1], steps, note)
        if not failing:
            return done(day, (), unknown, steps)
        ids = tuple(dict.fromkeys(v.platform.id for v in failing))
        # Record only the dates where the set of blockers changes.
        if not steps or steps[-1].failing != ids:
            steps.append(WhenStep(day, ids))
        if not remaining:
            return done(None, failing, unknown, steps)
        previous = (failing, unknown)
        day = remaining.pop(0)
        failing, unknown, oses_now = evaluate(day)


def when(
    project: Project,
    store: FactStore,
    dependency: str,
    minimum: str,
    on: dt.date,
    arches: tuple[str, ...] = (),
    exceptions: tuple[str, ...] = (),
    annotator: Annotator | None = None,
) -> WhenResult:
    """From which date is DEPENDENCY >= MINIMUM requirable?"""
    return walk_until_ok(project, store, [(dependency, minimum)], on, arches, exceptions, annotator)


def matrix(
    project: Project,
    store: FactStore,
    on: dt.date,
    dependencies: tuple[str, ...] = (),
    arches: tuple[str, ...] = (),
    annotator: Annotator | None = None,
) -> MatrixResult:
    deps = dependencies or tuple(d.name for d in project.dependencies) or tuple(store.dependencies())
    plats = supported_platforms(project, store, on, arches)
    ann = annotator or Annotator(project, store)
    cells = tuple(
        tuple(ann.annotate(resolve(project, store, p, dep, on, None)) for dep in deps) for p in plats.supported
    )
    return MatrixResult(project.name, on, deps, plats.supported, cells, tuple(store.sources))


def explain(
    project: Project,
    store: FactStore,
    spec: str,
    on: dt.date,
    dependencies: tuple[str, ...] = (),
    annotator: Annotator | None = None,
) -> ExplainResult:
    os_id, release, arch = parse_platform_spec(spec, project, store)
    policy = project.os_policy(os_id)
    plats = supported_platforms(project, store, on)
    recent = on - dt.timedelta(days=3 * 365)
    lifecycles = [
        lc for lc in store.lifecycles_by_os().get(policy.lifecycle_os if policy else os_id, [])
        if (release is None and (lc.eol is None or lc.eol >= recent) and not lc.eol_passed_undated)
        or (release is not None and (lc.cycle == release or lc.cycle.split(".")[0] == release.split(".")[0]))
    ]
    chosen = [
        p for p in plats.supported
        if p.os == os_id and (release is None or p.release == release) and (arch is None or p.arch == arch)
    ]
    excluded = [
        e for e in plats.excluded
        if e.release == f"{os_id}-{release}" or (release is None and e.release.startswith(os_id + "-"))
    ]
    notes = []
    if not chosen:
        # Not supported on this date: still show what the data says about it.
        policy_arches = policy.arches_for(release or "", (release or "").split(".")[0]) if policy else ()
        arch_list = (arch,) if arch else (policy_arches or ("any",))
        lc = lifecycles[0] if lifecycles else None
        chosen = [Platform(os_id, release or "rolling", a, "not supported by the policy on this date", "none", None, "", lc)
                  for a in arch_list]
        if not excluded:
            notes.append(f"{spec} is not among the platforms the {project.name} policy supports on {on}")
    deps = dependencies or tuple(d.name for d in project.dependencies) or tuple(store.dependencies())
    ann = annotator or Annotator(project, store)
    verdicts = tuple(ann.annotate(resolve(project, store, p, dep, on, None)) for p in chosen for dep in deps)
    ci = tuple(sorted({v.ci for v in verdicts if v.ci}))
    return ExplainResult(project.name, on, spec, tuple(lifecycles), tuple(chosen), tuple(excluded), verdicts, ci,
                         tuple(store.sources), tuple(notes))
