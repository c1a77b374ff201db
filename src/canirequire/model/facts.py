"""The facts canirequire reasons about, each carrying where it came from and when.

Facts are frozen, slotted dataclasses: every layer shares them without
copying, nothing can change what a source said, and a store of a hundred
thousand of them stays small.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from dataclasses import dataclass

from .enums import Channel, Flag, Origin

Date = dt.date

ROLLING_RELEASES = ("rolling", "current")


@lru_cache(maxsize=4096)
def is_rolling_release(release: str) -> bool:
    """Rolling trees and quarterly branches of one (pkgsrc,2024Q4) only move forward."""
    r = release.lower()
    return r in ROLLING_RELEASES or (len(r) == 6 and r[:4].isdigit() and r[4] == "q")


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One data source as loaded: what it is, where it came from, as of when."""

    id: str
    description: str
    as_of: Date | None
    location: str = ""
    origin: Origin = Origin.EMBEDDED


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """One release cycle of an OS as its vendor (via endoflife.date) describes it.

    ``eol`` is the end of regular (security) support; extended phases such as
    Debian LTS, Ubuntu ESM or RHEL ELS are kept apart in ``eoes`` because a
    policy may or may not count them. ``eol_passed_undated`` covers sources that
    only say "ended" without a date.
    """

    os: str
    cycle: str
    release_date: Date | None
    eol: Date | None
    eoas: Date | None = None
    eoes: Date | None = None
    lts: bool = False
    codename: str = ""
    latest: str = ""
    latest_date: Date | None = None
    label: str = ""
    eol_passed_undated: bool = False
    source: str = ""
    as_of: Date | None = None
    origin: Origin = Origin.EMBEDDED

    @property
    def release_id(self) -> str:
        return f"{self.os}-{self.cycle}"

    def ended_by(self, on: Date) -> bool:
        """Whether the release's regular support has ended on ``on`` (vendor EOL, or ended with no date given)."""
        if self.eol is not None:
            return on >= self.eol
        return self.eol_passed_undated


@dataclass(frozen=True, slots=True)
class PackageFact:
    """Repository ``os,release`` had ``package`` of upstream ``dependency`` at ``version``.

    ``valid_from``/``valid_to`` bound when the fact held, where a source tells
    (changelog history, git history); ``as_of`` is the last date it was seen
    true. ``arches`` is None when the source does not say which architectures
    the package was built for; ``arches_checked`` lists the architectures whose
    index was read, so absence from ``arches`` means "not built" only there.
    """

    os: str
    release: str
    dependency: str
    package: str
    version: str
    channel: Channel
    source: str
    as_of: Date | None = None
    orig_version: str = ""
    arches: tuple[str, ...] | None = None
    valid_from: Date | None = None
    valid_to: Date | None = None
    quality: tuple[Flag, ...] = ()
    arches_checked: tuple[str, ...] | None = None
    source_id: str = ""  # the SourceInfo this fact was loaded from
    # First date seen present when that is all a source says (no arrival date):
    # present from then to ``as_of``; arrival unknown. None: seen on ``as_of`` only.
    seen_from: Date | None = None
    # On ``as_of`` nothing newer of this dependency was in the repository (an apt
    # listing, a maintainer's statement that the next version is missing).
    newest: bool = False
    # ``valid_from`` is the package's first appearance in the repository (not an update):
    # before it the package was not there at all.
    introduced: bool = False
    # A reading of the repository on this date listed the package without this version
    # (a refresh, a history): it arrived after that day, so an arrival in (absent_on, first_seen].
    absent_on: Date | None = None
    origin: Origin = Origin.EMBEDDED
    origin_file: str = ""

    @property
    def first_seen(self) -> Date | None:
        return self.seen_from or self.as_of

    @property
    def repo(self) -> str:
        return f"{self.os},{self.release}"

    @property
    def rolling(self) -> bool:
        return is_rolling_release(self.release)


def tier_label(tier: int, host_tools: bool) -> str:
    """A toolchain target's tier in words: "tier 1 with host tools", "tier 2 without host tools", "tier 3"
    (tier 3 has no host-tools distinction upstream)."""
    if tier == 3:
        return "tier 3"
    return f"tier {tier}" + (" with host tools" if host_tools else " without host tools")


@dataclass(frozen=True, slots=True)
class TierFact:
    """Upstream target ``target`` of toolchain ``toolchain`` is at ``tier``.

    ``since`` names the snapshot the tier was read from; ``tag`` is set when
    that snapshot is the page at a release tag (tiers as of that release).
    """

    toolchain: str
    target: str
    tier: int
    host_tools: bool
    std: str = ""
    notes: str = ""
    since: str = ""
    source: str = ""
    as_of: Date | None = None
    tag: str = ""
    origin: Origin = Origin.EMBEDDED

    @property
    def label(self) -> str:
        """"tier 1 with host tools", "tier 2 without host tools", "tier 3"."""
        return tier_label(self.tier, self.host_tools)


@dataclass(frozen=True, slots=True)
class UpstreamRelease:
    """Upstream ``project`` released ``version`` (a point release or an x.y cycle) on ``date``:
    no distribution can have had it before."""

    project: str
    version: str
    date: Date
    source: str


@dataclass(frozen=True, slots=True)
class FeatureFact:
    """``toolchain``'s ``feature`` (a language feature, a library API, a meson kwarg, a GLib symbol) first
    shipped in ``version``, released on ``date`` where the source dates it."""

    toolchain: str
    feature: str
    title: str
    version: str
    date: Date | None
    source: str


@dataclass(frozen=True, slots=True)
class TierChange:
    """A dated change (or, with no date, an observed state) of an upstream target's tier."""

    toolchain: str
    target: str
    tier: int
    host_tools: bool
    from_version: str  # the toolchain release that shipped it ("" when not read)
    from_date: Date | None  # when it took effect (None: a state observed at some point, not a change)
    source: str

    @property
    def label(self) -> str:
        """The tier it changed to, in words."""
        return tier_label(self.tier, self.host_tools)


@dataclass(frozen=True, slots=True)
class FrictionItem:
    """An upstream issue or pull request about a target (or every target of an OS: ``*-unknown-freebsd``).

    ``closed`` is its closing or merge date when known; ``closed_unknown`` says it is closed at a
    date nobody read; neither means it was open when last seen (``state_as_of``).
    """

    toolchain: str
    target: str  # a target triple, or an fnmatch pattern over them
    repo: str  # rust-lang/rust, rust-lang/libc ...
    number: int
    kind: str  # issue, pr
    title: str
    opened: Date | None
    closed: Date | None
    closed_unknown: bool
    state_as_of: Date | None
    labels: str
    url: str
    note: str
    source: str

    @property
    def ref(self) -> str:
        return f"{self.repo.split('/')[-1]}#{self.number}"


@dataclass(frozen=True, slots=True)
class BranchFact:
    """A stable branch of a ports tree (pkgsrc-2024Q1) was cut from its HEAD on ``created``."""

    tree: str
    branch: str
    created: Date
    source: str


@dataclass(frozen=True, slots=True)
class RepoEntry:
    """A Repology repository id and the OS release/channel it carries."""

    repology: str
    os: str
    release: str
    channel: Channel
    arches: tuple[str, ...] | None = None
    description: str = ""
    valid_till: str = ""  # Repology's retention date, NOT a vendor end of support
    source: str = ""


@dataclass(frozen=True, slots=True)
class FactSet:
    """Everything one source (or a whole snapshot) contributed, before any policy or date is applied."""

    lifecycles: tuple[Lifecycle, ...] = ()
    packages: tuple[PackageFact, ...] = ()
    tiers: tuple[TierFact, ...] = ()
    sources: tuple[SourceInfo, ...] = ()
    repos: tuple[RepoEntry, ...] = ()
    upstream: tuple[UpstreamRelease, ...] = ()
    branches: tuple[BranchFact, ...] = ()
    tier_changes: tuple[TierChange, ...] = ()
    friction: tuple[FrictionItem, ...] = ()
    features: tuple[FeatureFact, ...] = ()

    def with_origin(self, origin: Origin) -> "FactSet":
        """The same facts, each marked as coming from ``origin`` (nothing is dropped)."""
        from dataclasses import replace

        return FactSet(
            lifecycles=tuple(replace(x, origin=origin) for x in self.lifecycles),
            packages=tuple(replace(x, origin=origin) for x in self.packages),
            tiers=tuple(replace(x, origin=origin) for x in self.tiers),
            sources=tuple(replace(x, origin=origin) for x in self.sources),
            repos=self.repos,
            upstream=self.upstream,
            branches=self.branches,
            tier_changes=self.tier_changes,
            friction=self.friction,
        )
