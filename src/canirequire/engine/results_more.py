"""The results of the questions a `check` does not ask (roadmap, schedule, compare, lint, coverage,
refresh, sources, features, presets): frozen data only, found through engine.results on first use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from ..model import FeatureFact, Flag, Level, SourceInfo, Status
from ..policy.project import Stage
from .results import CheckResult, Platform, Verdict, WhenResult


@dataclass(frozen=True, slots=True)
class FeatureMatch:
    """What one asked-for feature resolved to: its row, or why there is none."""

    asked: str
    toolchain: str
    feature: FeatureFact | None
    suggestions: tuple[str, ...] = ()  # toolchain:feature names close to a name that matched nothing


@dataclass(frozen=True, slots=True)
class FeatureRequirement:
    """The features of one dependency, the highest version they need, and what check and when say of it."""

    dependency: str
    version: str
    deciding: FeatureFact
    features: tuple[FeatureFact, ...]
    check: CheckResult
    when: WhenResult


@dataclass(frozen=True, slots=True)
class CanUseResult:
    """Can the project use these features on the date, and from when?"""

    project: str
    on: dt.date
    matches: tuple[FeatureMatch, ...]
    requirements: tuple[FeatureRequirement, ...]
    sources: tuple = ()
    component: str = ""

    @property
    def unknown_features(self) -> tuple[FeatureMatch, ...]:
        """Features no table lists: no known minimum (never "available everywhere")."""
        return tuple(m for m in self.matches if m.feature is None and not m.suggestions)

    @property
    def misspelt(self) -> tuple[FeatureMatch, ...]:
        return tuple(m for m in self.matches if m.feature is None and m.suggestions)


@dataclass(frozen=True, slots=True)
class WantedFeature:
    """A feature the project file wants ([wants]): the version that has it and when the policy allows it."""

    dependency: str
    asked: str
    feature: FeatureFact | None  # None: no table lists it (no known minimum)
    date: dt.date | None = None  # from when no platform is proven to fail
    proven_date: dt.date | None = None  # from when every platform is proven ok
    suggestions: tuple[str, ...] = ()  # close names, when the wanted one is in no table


@dataclass(frozen=True, slots=True)
class GainsResult:
    """What raising a floor from ``start`` to ``end`` buys (features) and costs (platforms dropped)."""

    project: str
    on: dt.date
    dependency: str
    start: str
    end: str
    features: tuple[FeatureFact, ...]  # first available above start, up to end, most notable first
    dropped: tuple[Verdict, ...]  # fail at end, not at start
    newly_unknown: tuple[Verdict, ...]  # unknown at end, not at start
    check_start: CheckResult
    check_end: CheckResult
    sources: tuple[SourceInfo, ...] = ()
    component: str = ""


@dataclass(frozen=True, slots=True)
class Impact:
    """One verdict a roadmap stage affects, at the stage's level, with its risks."""

    verdict: Verdict
    level: Level
    risks: tuple[Flag, ...] = ()


@dataclass(frozen=True, slots=True)
class StageImpact:
    """What one roadmap stage costs: platforms lost, degraded, at risk, unknown; and from when it drops nobody."""

    stage: Stage
    lost: tuple[Impact, ...]
    degraded: tuple[Impact, ...]
    feature_lost: tuple[Impact, ...]
    at_risk: tuple[Impact, ...]
    unknown: tuple[Verdict, ...]
    clean_from: WhenResult | None
    supported_count: int
    applies: bool = True  # False: the stage binds other components than the one asked about
    components: tuple[str, ...] = ()  # the components the stage binds (empty: the whole project)

    @property
    def loses_platforms(self) -> bool:
        return bool(self.lost)


@dataclass(frozen=True, slots=True)
class RoadmapResult:
    """Every roadmap stage's impact."""

    project: str
    on: dt.date
    stages: tuple[StageImpact, ...]
    exceptions: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = ()
    component: str = ""  # --component: the components whose platforms the answer covers

    @property
    def ok(self) -> bool:
        return not any(s.loses_platforms for s in self.stages)


class SegmentState(str, Enum):
    """A release's state in a stretch of the timeline, over its architectures."""

    OK = "ok"
    PARTIAL = "partial"  # some arches fail
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a timeline bar in one state."""

    start: dt.date
    end: dt.date
    status: SegmentState


@dataclass(frozen=True, slots=True)
class Bar:
    """One OS release's support window on the timeline, in segments."""

    release_id: str
    os: str
    start: dt.date
    end: dt.date
    open_end: bool  # still supported at the window's end
    segments: tuple[Segment, ...]
    satisfiable_from: dt.date | None


@dataclass(frozen=True, slots=True)
class Timeline:
    """Every release the policy supports within the window, and the requirement that colours it."""

    project: str
    on: dt.date
    start: dt.date
    end: dt.date
    dependency: str
    minimum: str
    bars: tuple[Bar, ...]
    stages: tuple[Stage, ...]


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One loaded source: how many facts it gave and how old it is."""

    source: SourceInfo
    facts: int
    age_days: int | None
    stale: bool


@dataclass(frozen=True, slots=True)
class SourcesView:
    """What data is loaded, as of when."""

    on: dt.date
    rows: tuple[SourceRow, ...]
    project: str = ""
    stale_after_days: int = 30
    sources: tuple[SourceInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """What the data holds for one OS release and dependency."""

    facts: int  # package facts in the release's repositories (for the project's package names)
    dated: int  # of which carry a date (history points)
    newest: dt.date | None  # the newest date any of them carries
    lower_bound_only: bool  # the repositories keep moving and nothing bounds them after ``newest``


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One supported release's coverage, per dependency."""

    release_id: str
    os: str
    cells: tuple[CoverageCell, ...]


@dataclass(frozen=True, slots=True)
class CoverageResult:
    """Where answers rest on thin data, and which public source would fill each gap."""

    project: str
    on: dt.date
    dependencies: tuple[str, ...]
    rows: tuple[CoverageRow, ...]
    gap_sources: tuple[tuple[str, str], ...]  # os -> the public source that would close its gaps
    sources: tuple[SourceInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class VerdictChange:
    """A declared requirement whose verdict on one release moved between two states of the data."""

    dependency: str
    minimum: str
    on: dt.date
    stage: str  # the roadmap stage the requirement belongs to ("" for today)
    release_id: str
    arches: tuple[str, ...]
    before: Status | None  # None: the platform was not supported under the old data
    after: Status | None
    verdict: Verdict | None  # the new verdict (None: no longer supported)


@dataclass(frozen=True, slots=True)
class SourceRead:
    """What one source of a refresh did."""

    key: str
    label: str
    status: str  # updated, cached, failed, skipped, stopped
    detail: str
    changes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What a refresh read and which of the project's declared requirements changed verdict."""

    project: str
    on: dt.date
    reads: tuple[SourceRead, ...]
    requests: int
    stopped: str
    data_dir: str
    checked: int  # how many declared requirements (dependency, minimum, date) were compared
    changes: tuple[VerdictChange, ...] = ()
    sources: tuple[SourceInfo, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.stopped and all(r.status in ("updated", "cached") for r in self.reads)


class Coverage(str, Enum):
    """How a dependency's platform coverage compares with a baseline's (the C toolchain's)."""

    BOTH = "both"  # the dependency and the baseline are packaged
    BASELINE_ONLY = "baseline-only"  # the baseline covers it, the dependency does not: the gap
    DEPENDENCY_ONLY = "dependency-only"
    NEITHER = "neither"
    UNKNOWN = "unknown"  # the dependency's or the baseline's data does not tell


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One platform: the dependency's verdict beside the baseline's."""

    platform: Platform
    verdict: Verdict  # the dependency
    baseline: tuple[Verdict, ...]  # one per baseline dependency
    baseline_status: Status  # ok if any baseline dependency is packaged (their combined support)
    coverage: Coverage


@dataclass(frozen=True, slots=True)
class CompareResult:
    """Does the dependency reach every platform the baseline reaches? Gaps, and what is unknown."""

    project: str
    on: dt.date
    dependency: str
    minimum: str | None
    baseline: tuple[str, ...]
    rows: tuple[CompareRow, ...]
    sources: tuple[SourceInfo, ...] = ()
    component: str = ""

    def of(self, coverage: Coverage) -> tuple[CompareRow, ...]:
        return tuple(r for r in self.rows if r.coverage is coverage)

    @property
    def gaps(self) -> tuple[CompareRow, ...]:
        return self.of(Coverage.BASELINE_ONLY)


class LintStatus(str, Enum):
    """How a floor a build file declares stands against what the policy allows on the date."""

    VIOLATION = "violation"  # declared above what every supported platform has
    HEADROOM = "headroom"  # declared below the highest requirable floor
    OK = "ok"  # at the allowed floor
    UNKNOWN = "unknown"  # the data cannot tell
    UNMAPPED = "unmapped"  # the project file maps this build-file name to no dependency
    COMPUTED = "computed"  # the build file computes the version: not linted
    UNREADABLE = "unreadable"  # the build file could not be read or parsed: the rest are still linted
    WANTS_MORE = "wants-more"  # the project file wants a feature newer than the declared floor

    @property
    def failing(self) -> bool:
        return self in (LintStatus.VIOLATION, LintStatus.UNREADABLE, LintStatus.WANTS_MORE)


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One floor a build file declares, and how it stands against the policy."""

    file: str
    line: int
    name: str  # the build file's name for it (glib-2.0)
    constraint: str
    declared: str | None
    dependency: str | None
    status: LintStatus
    floor: str | None = None  # the highest requirable minimum on the date (exact)
    floor_rounded: str | None = None
    limiting: tuple[str, ...] = ()  # platforms that limit the floor
    breaking: tuple[Verdict, ...] = ()  # platforms the declared floor drops
    unknown: tuple[str, ...] = ()  # platforms whose data does not tell
    note: str = ""


@dataclass(frozen=True, slots=True)
class LintResult:
    """Every floor the build files under a path declare, judged on the date."""

    project: str
    on: dt.date
    path: str
    files: tuple[str, ...]  # the build files read
    findings: tuple[LintFinding, ...]
    sources: tuple[SourceInfo, ...] = ()
    component: str = ""

    def of(self, status: LintStatus) -> tuple[LintFinding, ...]:
        return tuple(f for f in self.findings if f.status is status)

    @property
    def ok(self) -> bool:
        return not any(f.status.failing for f in self.findings)


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    """When a version of a dependency becomes requirable, and what unlocks it."""

    dependency: str
    version: str  # the lowest minimum (x.y.0) this entry unlocks
    date: dt.date | None  # None: not within the schedule's horizon under current data
    leaving: tuple[str, ...] = ()  # releases whose departure from the policy unlocks it
    upgraded: tuple[str, ...] = ()  # releases that reach the version by a newer package instead
    note: str = ""
    up_to: str = ""  # the highest minimum unlocked on the same date for the same reason
    unknown: tuple[str, ...] = ()  # releases whose data cannot tell (not counted as blocking)
    proven_date: dt.date | None = None  # from when every platform is proven ok (``when``'s second date)


@dataclass(frozen=True, slots=True)
class ScheduleResult:
    """When each newer version of each dependency becomes requirable, within the horizon."""

    project: str
    on: dt.date
    until: dt.date
    dependencies: tuple[str, ...]
    floors: tuple[tuple[str, str | None], ...]  # per dependency: what is requirable already on ``on``
    entries: tuple[ScheduleEntry, ...]
    sources: tuple[SourceInfo, ...] = ()
    component: str = ""
    wanted: tuple[WantedFeature, ...] = ()  # the project's [wants], each with its dates


@dataclass(frozen=True, slots=True)
class PresetInfo:
    """One shipped project preset: what it models and the text it cites."""

    name: str
    description: str
    policy_doc: str
    oses: tuple[str, ...]
    dependencies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PresetsResult:
    """The presets `--project NAME` accepts."""

    presets: tuple[PresetInfo, ...]
