"""What every question returns. Frozen data only; the report layer turns it into words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from ..model import (
    Answer, Cause, Channel, FeatureFact, Flag, FrictionItem, Lifecycle, Origin, PackageFact, RuleKind, Sighting,
    SourceInfo, Status, TierChange, TierFact,
)


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


# The results of the other questions live in results_more: a `check` defines only the types it returns
# (each dataclass costs about a millisecond to define), and every other name is found there on first use.
_MORE = frozenset({
    "Bar", "CanUseResult", "CompareResult", "CompareRow", "Coverage", "CoverageCell", "CoverageResult",
    "CoverageRow", "FeatureMatch", "FeatureRequirement", "GainsResult", "Impact", "LintFinding",
    "LintResult", "LintStatus", "PresetInfo", "PresetsResult", "RefreshResult", "RoadmapResult",
    "ScheduleEntry", "ScheduleResult", "Segment", "SegmentState", "SourceRead", "SourceRow", "SourcesView",
    "StageImpact", "Timeline", "VerdictChange", "WantedFeature",
})


def __getattr__(name: str):
    if name in _MORE:
        from . import results_more

        return getattr(results_more, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
