"""The point questions: platforms, check, floor, matrix, explain. Pure: the facts and the date come in."""

from __future__ import annotations

import datetime as dt

from ..model import Lifecycle, PlatformSpec, RuleKind, Status
from ..versions.libversion import compare, round_down_minor
from .core import Engine, gap_sources
from .results import (
    CheckResult,
    ExplainResult,
    FloorResult,
    LadderStep,
    MatrixResult,
    Platform,
    PlatformsResult,
)

RECENT_YEARS_IN_EXPLAIN = 3


def platforms(engine: Engine) -> PlatformsResult:
    """The platforms question: the supported set on the scope's date, with the sources."""
    from dataclasses import replace

    return replace(engine.platforms_on(engine.scope.on), sources=engine.index.sources,
                   component=engine.scope.component_label)


def check(engine: Engine, dependency: str, minimum: str) -> CheckResult:
    """Can the project require ``dependency`` >= ``minimum`` on the scope's date? One verdict per platform."""
    on = engine.scope.on
    plats, verdicts, excepted = engine.verdicts(dependency, on, minimum)
    return CheckResult(engine.project.name, dependency, minimum, on, tuple(verdicts), plats.excluded,
                       tuple(excepted), engine.index.sources, plats, component=engine.scope.component_label,
                       gap_sources=gap_sources(engine, (v for v in verdicts if v.status is Status.UNKNOWN)))



def floor(engine: Engine, dependency: str, features: tuple = ()) -> FloorResult:
    """The highest minimum no supported platform is proven to fall short of, and the ladder of floors
    each accepted exception would buy.

    Read from each platform's knowledge: a platform limits the floor only where the data proves it
    below the next version (exact, or a frozen repository); one that is only unknown above some
    version is listed beside the floor with its bracket, never as a limiter.
    """
    from bisect import bisect_left

    from .knowledge import candidate_key, knowledge, threshold

    on = engine.scope.on
    plats, verdicts, _ = engine.verdicts(dependency, on, None)
    known = [knowledge(engine, v.platform, dependency, on) for v in verdicts]
    missing = tuple(k.verdict for k in known if k.missing)
    # A floor is a version some platform's data holds, the highest below where the next limiter fails.
    spellings = {candidate_key(v): v for k in known if not k.missing
                 for v in engine.resolver.facts_for(k.platform, dependency).versions}
    keys = sorted(spellings)

    def highest_below(limit: tuple) -> str | None:
        i = bisect_left(keys, limit) - 1
        return spellings[keys[i]] if i >= 0 else None

    # Group platforms by where they start to fail, lowest first: each rung of the ladder excepts
    # the platforms that limited the rung below it.
    by_threshold: dict[tuple, list] = {}
    for k in known:
        limit = None if k.missing else threshold(k)
        if limit is not None:
            by_threshold.setdefault(limit, []).append(k)
    # Limiters whose thresholds hold no version between them share one step: one floor, one rung.
    steps: dict[str | None, list] = {}
    for limit, group in sorted(by_threshold.items()):
        steps.setdefault(highest_below(limit), []).extend(group)
    ladder = []
    excepted: list[str] = []
    for version, group in steps.items():
        ids = tuple(sorted(k.platform.id for k in group))
        unsure = tuple(sorted(k.platform.id for k in group
                              if version is None or engine.verdict(k.platform, dependency, on, version).status
                              is not Status.OK))
        ladder.append(LadderStep(version, round_down_minor(version) if version else None, ids, tuple(excepted),
                                 unsure))
        excepted += ids
    if ladder:
        ladder.append(LadderStep(None, None, (), tuple(excepted)))  # everything excepted: no floor left
    first = ladder[0] if ladder else LadderStep(None, None, (), ())
    limiting = set(first.limiting)
    at_least, unknown = [], []
    for k in known:
        if k.missing or k.everything or k.platform.id in limiting:
            continue
        if first.floor is None:
            proven_to_floor = k.at_least is not None
        else:
            proven_to_floor = k.at_least is not None and compare(k.at_least, first.floor) >= 0
        if proven_to_floor:
            if not k.bounded:
                at_least.append(k.verdict)  # at or above the floor, unknown above: never a limiter
        else:
            # Unknown at the floor itself: the same verdict (and bracket) check gives there.
            unknown.append(engine.verdict(k.platform, dependency, on, first.floor) if first.floor else k.verdict)
    unlocks: tuple = ()
    if features:
        from .features import toolchain_of, unlocked

        toolchain = toolchain_of(dependency)
        floors = [s.floor for s in ladder if s.floor]
        # The first step is what the platforms have already: only later steps unlock anything.
        unlocks = tuple(unlocked(features, toolchain, prev, this) if toolchain and prev else ()
                        for prev, this in zip([None, *floors], floors))
    return FloorResult(engine.project.name, dependency, on, first.floor, first.floor_rounded, first.limiting,
                       tuple(ladder), tuple(unknown), missing, tuple(verdicts), engine.index.sources,
                       tuple(at_least), plats, component=engine.scope.component_label, knowledge=tuple(known),
                       gap_sources=gap_sources(engine, unknown), unlocks=unlocks)


def matrix(engine: Engine, dependencies: tuple[str, ...] = (), baseline: tuple[str, ...] = ()) -> MatrixResult:
    """Every supported platform's verdict for every dependency (the baseline ones last)."""
    on = engine.scope.on
    deps = tuple(d for d in dependencies or component_dependencies(engine) if d not in baseline) + baseline
    plats = engine.platforms_on(on)
    cells = tuple(tuple(engine.verdict(p, dep, on, None) for dep in deps) for p in plats.supported)
    return MatrixResult(engine.project.name, on, deps, plats.supported, cells, engine.index.sources,
                        component=engine.scope.component_label, baseline=baseline)


def component_dependencies(engine: Engine) -> tuple[str, ...]:
    """The project's dependencies (those the scope's components need), else every one with facts."""
    wanted = [d.name for d in engine.project.dependencies
              if not engine.scope.components or any(c.needs(d.name) for c in engine.scope.components)]
    return tuple(wanted) or engine.index.dependencies()


def explain(engine: Engine, spec: PlatformSpec, target: str, dependencies: tuple[str, ...] = ()) -> ExplainResult:
    """Everything known about one platform (or a release, or an OS) on the date, with every fact weighed."""
    on, project = engine.scope.on, engine.project
    os_id, release, arch = spec.os, spec.release, spec.arch
    policy = project.os_policy(os_id)
    plats = engine.platforms_on(on)
    lifecycles = _explain_lifecycles(engine.index.lifecycles_by_os().get(policy.lifecycle_os if policy else os_id, []),
                                     release, on)
    chosen = [p for p in plats.supported
              if p.os == os_id and (release is None or p.release == release) and (arch is None or p.arch == arch)]
    excluded = [e for e in plats.excluded
                if e.release == f"{os_id}-{release}" or (release is None and e.release.startswith(os_id + "-"))]
    unlisted = False
    if not chosen:
        # Not supported on this date: still show what the data says about it.
        policy_arches = policy.arches_for(release or "", (release or "").split(".")[0]) if policy else ()
        arch_list = (arch,) if arch else (policy_arches or ("any",))
        lc = lifecycles[0] if lifecycles else None
        chosen = [Platform(os_id, release or "rolling", a, "not supported by the policy on this date",
                           RuleKind.NONE, None, "", lc) for a in arch_list]
        unlisted = not excluded
    deps = dependencies or tuple(d.name for d in project.dependencies) or engine.index.dependencies()
    verdicts = tuple(engine.verdict(p, dep, on, None, detail=True) for p in chosen for dep in deps)
    ci = tuple(sorted({v.ci for v in verdicts if v.ci}))
    return ExplainResult(project.name, on, target, tuple(lifecycles), tuple(chosen), tuple(excluded), verdicts,
                         ci, engine.index.sources, unlisted)


def _explain_lifecycles(cycles: list[Lifecycle], release: str | None, on: dt.date) -> list[Lifecycle]:
    """A named release (and its minors); for a whole OS, the releases supported in recent years."""
    recent = on - dt.timedelta(days=RECENT_YEARS_IN_EXPLAIN * 365)
    if release is None:
        return [lc for lc in cycles if (lc.eol is None or lc.eol >= recent) and not lc.eol_passed_undated]
    return [lc for lc in cycles if lc.cycle == release or lc.cycle.split(".")[0] == release.split(".")[0]]
