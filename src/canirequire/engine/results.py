"""Result objects every question returns; every output format renders these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..facts.model import Lifecycle, PackageFact, SourceInfo, TierFact

OK = "ok"
TOO_OLD = "too-old"
MISSING = "missing"
UNKNOWN = "unknown"

# Flags a verdict may carry, with the sentence that explains each.
FLAG_TEXT = {
    "alternate": "only via a non-default (alternate/versioned) package",
    "assumed": "observed later; assumed unchanged since release",
    "lower-bound": "rolling tree observed earlier; the version can only have grown",
    "upload-date": "dated by upload; users got it at the next point release",
    "secondary": "from a secondary source (a third-party table)",
    "undated": "undated observation",
    "stale-index": "from an index older than the archive's current Release file",
    "proxy": "versions read from a rebuild/derivative repository",
    "arch-unverified": "the source does not say which architectures it is built for",
    "backports-newer": "a newer version exists only in a channel this policy does not count",
    "user-fact": "from a user fact file",
    "refreshed": "from refreshed (live) data",
    "tier-3": "upstream toolchain target is tier 3 (no official builds or tests)",
    "tier-2-no-host": "upstream toolchain target is tier 2 without host tools",
    "tier-unknown": "upstream target tier unknown",
    "untested": "the project's CI does not test this platform",
    "external": "the project installs it outside the OS packages (project file)",
    "assumed-by-user": "assumed by --assume",
}


@dataclass(frozen=True)
class Platform:
    os: str
    release: str
    arch: str
    rule: str
    rule_kind: str
    until: dt.date | None
    until_reason: str
    lifecycle: Lifecycle | None = None

    @property
    def id(self) -> str:
        return f"{self.os}-{self.release}/{self.arch}"

    @property
    def release_id(self) -> str:
        return f"{self.os}-{self.release}"


@dataclass(frozen=True)
class Excluded:
    release: str
    reason: str
    since: dt.date | None = None


@dataclass(frozen=True)
class PlatformsResult:
    project: str
    on: dt.date
    supported: tuple[Platform, ...]
    excluded: tuple[Excluded, ...]
    no_lifecycle: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = ()
    empty_oses: tuple[str, ...] = ()  # OSes with lifecycle data but no supported release on the date

    @property
    def notes(self) -> tuple[str, ...]:
        out = []
        if self.no_lifecycle:
            out.append(f"no lifecycle data for {', '.join(self.no_lifecycle)}: not evaluated "
                       "(run `canirequire refresh`)")
        if self.empty_oses:
            out.append(f"no supported release of {', '.join(self.empty_oses)} on {self.on}: the lifecycle data "
                       "may not reach that date (refresh lifecycles to see newer releases)")
        return tuple(out)


@dataclass(frozen=True)
class Consideration:
    """One fact looked at for a verdict, and what became of it."""

    fact: PackageFact
    used: bool
    note: str


@dataclass(frozen=True)
class TierInfo:
    toolchain: str
    target: str
    fact: TierFact | None
    assumed: str = ""

    @property
    def label(self) -> str:
        if self.assumed:
            return f"{self.assumed} (assumed)"
        return self.fact.label if self.fact else "unknown"

    @property
    def flag(self) -> str:
        if self.assumed:
            return ""
        if self.fact is None:
            return "tier-unknown"
        if self.fact.tier == 3:
            return "tier-3"
        if self.fact.tier == 2 and not self.fact.host_tools:
            return "tier-2-no-host"
        return ""


@dataclass(frozen=True)
class Verdict:
    platform: Platform
    dependency: str
    required: str | None
    status: str
    reason: str
    version: str | None = None
    package: str = ""
    channel: str = ""
    source: str = ""
    as_of: dt.date | None = None
    repo: str = ""
    flags: tuple[str, ...] = ()
    considered: tuple[Consideration, ...] = ()
    tier: TierInfo | None = None
    ci: str = ""

    @property
    def failing(self) -> bool:
        return self.status in (TOO_OLD, MISSING)


@dataclass(frozen=True)
class CheckResult:
    project: str
    dependency: str
    minimum: str
    on: dt.date
    verdicts: tuple[Verdict, ...]
    excluded: tuple[Excluded, ...] = ()
    excepted: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def failing(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.failing)

    @property
    def unknown(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.status == UNKNOWN)

    @property
    def ok(self) -> bool:
        return not self.failing


@dataclass(frozen=True)
class LadderStep:
    floor: str | None
    floor_rounded: str | None
    limiting: tuple[str, ...]
    excepted: tuple[str, ...]


@dataclass(frozen=True)
class FloorResult:
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
    at_least: tuple[Verdict, ...] = ()
    notes: tuple[str, ...] = ()  # rolling trees whose old lower bound already clears the floor


@dataclass(frozen=True)
class WhenStep:
    date: dt.date
    failing: tuple[str, ...]


@dataclass(frozen=True)
class WhenResult:
    project: str
    dependency: str
    minimum: str
    on: dt.date
    date: dt.date | None
    blockers: tuple[Verdict, ...]
    unknown: tuple[str, ...]
    steps: tuple[WhenStep, ...]
    horizon: dt.date
    sources: tuple[SourceInfo, ...] = ()
    data_ends: str = ""


@dataclass(frozen=True)
class MatrixResult:
    project: str
    on: dt.date
    dependencies: tuple[str, ...]
    platforms: tuple[Platform, ...]
    cells: tuple[tuple[Verdict, ...], ...]  # per platform, per dependency
    sources: tuple[SourceInfo, ...] = ()


@dataclass(frozen=True)
class ExplainResult:
    project: str
    on: dt.date
    target: str
    lifecycles: tuple[Lifecycle, ...]
    platforms: tuple[Platform, ...]
    excluded: tuple[Excluded, ...]
    verdicts: tuple[Verdict, ...]
    ci: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = ()
    notes: tuple[str, ...] = field(default=())
