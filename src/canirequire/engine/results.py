"""What every question returns. Frozen data only; the report layer turns it into words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from ..model import (
    Answer, Cause, FeatureFact, Sighting, Channel, Flag, FrictionItem, Level, Lifecycle, Origin, PackageFact, RuleKind, SourceInfo, Status, TierChange,
    TierFact,
)
from ..policy.project import Stage


@dataclass(frozen=True, slots=True)
class Platform:
    """An OS release on an architecture, as the policy admits it on a date."""

    os: str
    release: str
    arch: str
    rule: str
    rule_kind: RuleKind
    until: dt.date | None
    until_reason: str
    lifecycle: Lifecycle | None = None

    @property
    def id(self) -> str:
        return f"{self.os}-{self.release}/{self.arch}"

    @property
    def release_id(self) -> str:
        return f"{self.os}-{self.release}"


@dataclass(frozen=True, slots=True)
class Excluded:
    """An OS release the policy does not support on the date, and why."""

    release: str
    reason: str
    since: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PlatformsResult:
    """The platforms the policy supports on a date, the releases it leaves out and why."""

    project: str
    on: dt.date
    supported: tuple[Platform, ...]
    excluded: tuple[Excluded, ...]
    no_lifecycle: tuple[str, ...] = ()  # OSes the policy names but no lifecycle data covers
    sources: tuple[SourceInfo, ...] = ()
    empty_oses: tuple[str, ...] = ()  # OSes with lifecycle data but no supported release on the date
    component: str = ""  # --component: the components whose platforms the answer covers


class FactUse(str, Enum):
    """What became of one fact when a verdict was reached (the typed half of an explanation)."""

    # present on the date
    EXACT = "exact"
    ASSUMED = "assumed"  # seen later in a frozen repository (or shared with a lag): assumed present
    LOWER_BOUND = "lower-bound"  # present, but the repository may have moved on since: at least this
    # possible: may or may not have been there
    SEEN_LATER = "seen-later"  # seen only after the date, arrival unknown
    UNDATED = "undated"  # no source dates it
    ARCH_NOT_COVERED = "arch-not-covered"  # its index never looked at this architecture
    # absent on the date
    NOT_BUILT = "not-built"
    ARRIVED_LATER = "arrived-later"
    SUPERSEDED = "superseded"
    NOT_RELEASED = "not-released"  # upstream had not released this version yet
    BRANCH_NOT_CURRENT = "branch-not-current"  # a stable branch that is not the current one on the date
    NEWER_THAN_NEWEST = "newer-than-newest"  # a listing on a later date shows nothing this new
    # set aside when weighing
    OVERRIDDEN = "overridden"  # a higher layer speaks for the same repository, package and channel
    NAME_NOT_USED = "name-not-used"
    CHANNEL_NOT_COUNTED = "channel-not-counted"

    @property
    def applies(self) -> bool:
        """The fact shows the package present on the date (before name, channel and precedence are weighed)."""
        return self in (FactUse.EXACT, FactUse.ASSUMED, FactUse.LOWER_BOUND)


@dataclass(frozen=True, slots=True)
class Consideration:
    """One fact looked at for a verdict, and what became of it."""

    fact: PackageFact
    use: FactUse
    used: bool
    # the state the fact was in before name/channel/precedence rejected it (for the words)
    state: FactUse | None = None
    overridden_by: Origin | None = None


class FrictionState(str, Enum):
    """Where an upstream issue or pull request stood on a date."""

    OPEN = "open"  # opened by then and not yet closed (closing date known, or seen open later)
    LAST_SEEN_OPEN = "last-seen-open"  # open when last seen, before the date; its state since is unknown
    CLOSED = "closed"  # closed or merged by then
    UNKNOWN = "unknown"  # closed at a date nobody read: it may still have been open then


@dataclass(frozen=True, slots=True)
class FrictionStatus:
    """An upstream issue and what it was on the date asked about."""

    item: FrictionItem
    state: FrictionState

    @property
    def counts_as_open(self) -> bool:
        return self.state in (FrictionState.OPEN, FrictionState.LAST_SEEN_OPEN)


@dataclass(frozen=True, slots=True)
class TierInfo:
    """An upstream target's tier on a date, and what else is known about the target then."""

    toolchain: str
    target: str
    fact: TierFact | None
    assumed: str = ""
    exists: bool | None = None  # False: the upstream's full target list has no such target
    history: tuple[TierChange, ...] = ()  # dated changes and observed states, oldest first
    friction: tuple[FrictionStatus, ...] = ()  # upstream items about the target opened by the date
    note: str = ""  # why the tier on the date is unknown, when it is

    @property
    def label(self) -> str:
        """The tier in words, "(assumed)" for a what-if, or why it is unknown."""
        if self.assumed:
            return f"{self.assumed} (assumed)"
        if self.fact is None:
            return f"unknown ({self.note})" if self.note else "unknown"
        return self.fact.label

    @property
    def open_friction(self) -> tuple[FrictionStatus, ...]:
        return tuple(f for f in self.friction if f.counts_as_open)

    @property
    def flag(self) -> Flag | None:
        """The risk flag this tier reading raises, if any."""
        if self.assumed:
            return None
        if self.exists is False:
            return Flag.NO_TARGET
        if self.fact is None:
            return Flag.TIER_UNKNOWN
        if self.fact.tier == 3:
            return Flag.TIER_3
        if self.fact.tier == 2 and not self.fact.host_tools:
            return Flag.TIER_2_NO_HOST
        return None


@dataclass(frozen=True, slots=True)
class Seen:
    """One end of a bracket: a version, its package and channel, and what its date proves."""

    version: str
    package: str
    channel: Channel
    date: dt.date | None
    kind: Sighting


@dataclass(frozen=True, slots=True)
class Bracket:
    """What is known around an unknown verdict: the best version proven there (below the minimum) with
    its last evidence on or before the date, and the first sighting of a version that would meet it."""

    below: Seen | None
    above: Seen | None


@dataclass(frozen=True, slots=True)
class Verdict:
    """One platform's answer for one dependency (and minimum) on one date.

    ``cause`` says why; ``version``/``package``/``channel``/``repo`` name the
    best package found (``evidence`` is its fact); ``other`` is a second fact a
    cause refers to (the newer package in an uncounted channel, the first later
    arrival). ``considered`` is filled only when an explanation was asked for.
    """

    platform: Platform
    dependency: str
    required: str | None
    status: Status
    cause: Cause
    version: str | None = None
    package: str = ""
    channel: Channel | None = None
    source: str = ""
    as_of: dt.date | None = None
    repo: str = ""
    flags: tuple[Flag, ...] = ()
    considered: tuple[Consideration, ...] = ()
    tier: TierInfo | None = None
    ci: str = ""
    evidence: PackageFact | None = None
    other: PackageFact | None = None
    detail: str = ""  # the project file's words (how it provides it externally)
    repos: tuple[str, ...] = ()  # the repositories looked in, "os,release"
    names: tuple[str, ...] = ()  # the packages a cause is about (built elsewhere, say)
    on: dt.date | None = None  # the date the verdict is for
    bracket: Bracket | None = None  # for an unknown verdict: what is known around the minimum
    seen_later: dt.date | None = None  # the best package's evidence is a sighting after ``on`` (as_of is then None)

    @property
    def failing(self) -> bool:
        return self.status.failing


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What the data proves about one platform's dependency on one date, whatever minimum is asked.

    Proven at least ``at_least``. Proven to fail any minimum above ``at_most`` (its version is known
    from above exactly), or, when only ``fails_from`` is set, any minimum from that version on
    (below it, down to ``at_least``, the data cannot tell). Neither set: nothing bounds it. Every
    command's answer is a reading of this (engine.knowledge).
    """

    platform: Platform
    dependency: str
    on: dt.date
    verdict: Verdict  # with no minimum: the best package there, or why there is none
    at_least: str | None  # the highest version proven there (None: none proven)
    at_most: str | None = None  # fails any minimum above this
    fails_from: str | None = None  # fails any minimum at or above this (and what lies below is unknown)
    missing: bool = False  # proven to fail at every version (not packaged, not built, uncounted channel)
    everything: bool = False  # ok at any version (provided outside the OS packages)

    @property
    def bounded(self) -> bool:
        return self.at_most is not None or self.fails_from is not None

    @property
    def exact(self) -> bool:
        """The version is known exactly: proven there and proven nothing newer."""
        return self.at_least is not None and self.at_least == self.at_most


@dataclass(frozen=True, slots=True)
class Staleness:
    """Releases whose newest deciding data is more than ``after_days`` older than the answer's date."""

    after_days: int
    releases: tuple[tuple[str, dt.date], ...]  # (release id, date of its newest deciding fact)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The answer to check: one verdict per supported platform."""

    project: str
    dependency: str
    minimum: str
    on: dt.date
    verdicts: tuple[Verdict, ...]
    excluded: tuple[Excluded, ...] = ()
    excepted: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = ()
    platforms: PlatformsResult | None = None
    staleness: Staleness | None = None
    component: str = ""  # --component: the components whose platforms the answer covers
    gap_sources: tuple[tuple[str, str], ...] = ()  # os -> the public source that would settle its unknowns

    @property
    def failing(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.failing)

    @property
    def unknown(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.status is Status.UNKNOWN)

    @property
    def ok(self) -> bool:
        return not self.failing

    @property
    def answer(self) -> Answer:
        return Answer.of(v.status for v in self.verdicts) if self.verdicts or not self.excepted else Answer.YES


@dataclass(frozen=True, slots=True)
class LadderStep:
    """One step of the floor ladder: the floor if the platforms of earlier steps are accepted as exceptions."""

    floor: str | None
    floor_rounded: str | None
    limiting: tuple[str, ...]
    excepted: tuple[str, ...]
    # limiters the data proves only below the next version, not at this one (their version is unknown)
    unsure: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FloorResult:
    """The highest requirable minimum, what limits it, and the ladder of exceptions."""

    project: str
    dependency: str
    on: dt.date
    floor: str | None
    floor_rounded: str | None
    limiting: tuple[str, ...]
    ladder: tuple[LadderStep, ...]
    unknown: tuple[Verdict, ...]
    missing: tuple[Verdict, ...]
    verdicts: tuple[Verdict, ...]
    sources: tuple[SourceInfo, ...] = ()
    at_least: tuple[Verdict, ...] = ()  # proven at or above the floor, unknown above: never limiters
    platforms: PlatformsResult | None = None
    knowledge: tuple[Knowledge, ...] = ()  # per platform, what the floor was read from
    gap_sources: tuple[tuple[str, str], ...] = ()  # os -> the public source that would settle its unknowns
    # per ladder step: the features first available above the previous step's floor up to this one
    unlocks: tuple[tuple[FeatureFact, ...], ...] = ()

    @property
    def unbounded(self) -> bool:
        """No floor because nothing bounds it: every platform has it at any version (provided outside
        the OS packages), none is unknown or missing."""
        return (self.floor is None and bool(self.knowledge) and not self.unknown and not self.missing
                and all(k.everything for k in self.knowledge))
    staleness: Staleness | None = None
    component: str = ""  # --component: the components whose platforms the answer covers


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
class WhenStep:
    """From this date on, these platforms block the requirement, and these are unknown."""

    date: dt.date
    failing: tuple[str, ...]
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WhenResult:
    """The first date the requirements hold everywhere, or what still blocks them at the horizon."""

    project: str
    dependency: str
    minimum: str
    on: dt.date
    date: dt.date | None  # the first date from which no platform is proven to fail
    blockers: tuple[Verdict, ...]
    unknown: tuple[str, ...]
    steps: tuple[WhenStep, ...]
    horizon: dt.date
    sources: tuple[SourceInfo, ...] = ()
    data_ends_on: dt.date | None = None  # lifecycle data runs out: no release of these OSes known from then
    data_ends_oses: tuple[str, ...] = ()
    component: str = ""  # --component: the components whose platforms the answer covers
    proven_date: dt.date | None = None  # the first date from which every platform is proven ok
    unknown_verdicts: tuple[Verdict, ...] = ()  # on ``date``: the platforms nothing settles, with brackets
    gap_sources: tuple[tuple[str, str], ...] = ()  # os -> the public source that would settle its unknowns

    @property
    def answer(self) -> Answer:
        """The word on ``date``: YES once every platform is proven ok there, CANNOT TELL while some are
        unknown, NO when nothing clears within the data."""
        if self.date is None:
            return Answer.NO if self.blockers or self.data_ends_on else Answer.CANNOT_TELL
        return Answer.YES if self.proven_date == self.date else Answer.CANNOT_TELL


@dataclass(frozen=True, slots=True)
class MatrixResult:
    """Verdicts for every supported platform x dependency."""

    project: str
    on: dt.date
    dependencies: tuple[str, ...]
    platforms: tuple[Platform, ...]
    cells: tuple[tuple[Verdict, ...], ...]  # per platform, per dependency
    sources: tuple[SourceInfo, ...] = ()
    staleness: Staleness | None = None
    baseline: tuple[str, ...] = ()  # dependencies shown as the baseline (the C toolchain), after the others
    component: str = ""  # --component: the components whose platforms the answer covers


@dataclass(frozen=True, slots=True)
class ExplainResult:
    """Everything known about one platform: lifecycles, policy, CI, verdicts with their considered facts."""

    project: str
    on: dt.date
    target: str
    lifecycles: tuple[Lifecycle, ...]
    platforms: tuple[Platform, ...]
    excluded: tuple[Excluded, ...]
    verdicts: tuple[Verdict, ...]
    ci: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = ()
    unlisted: bool = False  # neither supported nor recently dropped by the policy on the date
    staleness: Staleness | None = None


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
