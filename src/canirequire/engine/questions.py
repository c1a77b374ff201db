"""The point questions: platforms, check, floor, matrix, explain. Pure: the facts and the date come in."""

from __future__ import annotations

import datetime as dt

from ..model import Lifecycle, PlatformSpec, RuleKind, Status
from ..model.catalog import Catalog
from ..store.index import FactIndex
from ..versions.libversion import Version, compare, round_down_minor
from .annotate import Annotator
from .platforms import support_periods, supported_platforms
from .resolve import Resolver
from .results import (
    CheckResult,
    ExplainResult,
    FloorResult,
    LadderStep,
    MatrixResult,
    Platform,
    PlatformsResult,
    Verdict,
)
from .scope import Scope

RECENT_YEARS_IN_EXPLAIN = 3


class Engine:
    """One project's policy over one fact index, for a scope; caches what no date changes."""

    def __init__(self, index: FactIndex, catalog: Catalog, scope: Scope, resolver: Resolver | None = None) -> None:
        """``resolver``: one already built for the same index, catalog and project, shared so that
        engines for other dates, scopes or components reuse what it has worked out."""
        self.index = index
        self.catalog = catalog
        self.scope = scope
        self.project = scope.project
        self.resolver = resolver if resolver is not None and resolver.serves(index, catalog, scope.project) \
            else Resolver(index, catalog, scope.project)
        self.annotator = Annotator(index, catalog, scope)
        self._platforms: dict[tuple[dt.date, bool], PlatformsResult] = {}
        self._timelines = None
        self._periods: dict[bool, tuple[dt.date, dt.date, list]] = {}
        self.derived: dict[tuple, "Engine"] = {}
        self._admitted: dict[tuple[str, str, str], bool] = {}  # engines for narrower scopes (a stage's components)

    def platforms_on(self, on: dt.date, all_arches: bool = False) -> PlatformsResult:
        """The supported platforms on a date (for the scope's --arch, unless ``all_arches``), remembered."""
        key = (on, all_arches)
        result = self._platforms.get(key)
        if result is None:
            arches = () if all_arches else self.scope.arches
            shared = self.resolver.policy_memo
            raw = shared.get(("platforms", on, arches))
            if raw is None:
                raw = shared[("platforms", on, arches)] = supported_platforms(
                    self.project, self.index.lifecycles_by_os(), on, arches)
            result = self._platforms[key] = self._in_components(raw)
        return result

    def _in_components(self, result: PlatformsResult) -> PlatformsResult:
        """Only the platforms the scope's components build on (--component)."""
        if not self.scope.components:
            return result
        from dataclasses import replace

        admitted = self._admitted  # walks filter the same platforms period after period

        def admits(os_id: str, release_id: str, arch: str) -> bool:
            key = (os_id, release_id, arch)
            if key not in admitted:
                admitted[key] = self.scope.admits(os_id, release_id, arch)
            return admitted[key]

        def could_admit(release_id: str) -> bool:
            os_id = release_id.rsplit("-", 1)[0]
            policy = self.project.os_policy(os_id)
            arches = (policy.arches if policy else ()) or self.project.host_arches
            return any(admits(os_id, release_id, a) for a in arches)

        return replace(result, supported=tuple(p for p in result.supported if admits(p.os, p.release_id, p.arch)),
                       excluded=tuple(e for e in result.excluded if could_admit(e.release)))

    def timelines(self):
        """Every platform's status over time, per requirement, swept once per engine."""
        if self._timelines is None:
            from .walk import StatusTimelines

            self._timelines = StatusTimelines(self)
        return self._timelines

    def periods(self, start: dt.date, end: dt.date, all_arches: bool = False):
        """Stretches of [start, end) with a constant supported set (see platforms.support_periods).

        The widest window asked so far is kept: the walks of a roadmap's stages
        and the timeline slice it instead of evaluating the policy again.
        """
        cached = self._periods.get(all_arches)
        if cached is None or start < cached[0] or end > cached[1]:
            lo, hi = (start, end) if cached is None else (min(start, cached[0]), max(end, cached[1]))
            arches = () if all_arches else self.scope.arches
            shared = self.resolver.policy_memo
            raw = shared.get(("periods", lo, hi, arches))
            if raw is None:
                raw = shared[("periods", lo, hi, arches)] = support_periods(
                    self.project, self.index.lifecycles_by_os(), lo, hi, arches)
            cached = self._periods[all_arches] = (lo, hi, [
                (day, until, self._in_components(plats)) for day, until, plats in raw])
        out = []
        for day, until, plats in cached[2]:
            if until > start and day < end:
                out.append((max(day, start), min(until, end), plats))
        return out

    def verdict(self, platform: Platform, dependency: str, on: dt.date, required: str | None,
                detail: bool = False) -> Verdict:
        return self.annotator.annotate(self.resolver.verdict(platform, dependency, on, required, detail))

    def verdicts(self, dependency: str, on: dt.date, required: str | None
                 ) -> tuple[PlatformsResult, list[Verdict], list[str]]:
        """Annotated verdicts for every supported platform not accepted as an exception."""
        plats = self.platforms_on(on)
        verdicts, excepted = [], []
        for p in plats.supported:
            if self.scope.excepts(p.id, p.release_id, p.os):
                excepted.append(p.id)
            else:
                verdicts.append(self.verdict(p, dependency, on, required))
        return plats, verdicts, excepted


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
                       tuple(excepted), engine.index.sources, plats, component=engine.scope.component_label)


def floor(engine: Engine, dependency: str) -> FloorResult:
    """The highest minimum every supported platform meets, and the ladder of floors
    each accepted exception would buy."""
    on = engine.scope.on
    plats, verdicts, _ = engine.verdicts(dependency, on, None)
    # A rolling tree seen long ago only gives "at least X": it cannot limit a floor.
    known = [v for v in verdicts if v.status not in (Status.UNKNOWN, Status.MISSING) and v.version
             and not _lower_bound(v)]
    unknown = tuple(v for v in verdicts if v.status is Status.UNKNOWN or (v.version and _lower_bound(v)))
    missing = tuple(v for v in verdicts if v.status is Status.MISSING)

    # Group platforms by their best version, lowest first: each rung of the
    # ladder excepts the platforms that limited the rung below it.
    by_version: dict[Version, list[str]] = {}
    for v in known:
        by_version.setdefault(Version(v.version), []).append(v.platform.id)
    ordered = sorted(by_version.items(), key=lambda kv: kv[0])
    ladder = []
    excepted: list[str] = []
    for version, plat_ids in ordered:
        ladder.append(LadderStep(version.text, round_down_minor(version.text), tuple(sorted(plat_ids)),
                                 tuple(excepted)))
        excepted += sorted(plat_ids)
    if ordered:
        ladder.append(LadderStep(None, None, (), tuple(excepted)))  # everything excepted: no floor left
    first = ladder[0] if ladder else LadderStep(None, None, (), ())
    # A lower bound at or above the floor cannot limit it; only lower ones stay unknown.
    at_least = tuple(v for v in unknown if v.version and first.floor and compare(v.version, first.floor) >= 0)
    unknown = tuple(v for v in unknown if v not in at_least)
    return FloorResult(engine.project.name, dependency, on, first.floor, first.floor_rounded, first.limiting,
                       tuple(ladder), unknown, missing, tuple(verdicts), engine.index.sources, at_least, plats,
                       component=engine.scope.component_label)


def _lower_bound(v: Verdict) -> bool:
    from ..model import Flag

    return Flag.LOWER_BOUND in v.flags


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
