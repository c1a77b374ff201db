"""The facts canirequire reasons about, each carrying where it came from and when.

Facts are plain frozen dataclasses so that every layer above can share them
without copying and nothing can mutate what a source said.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

Date = _dt.date

CHANNELS = ("main", "updates", "security", "backports", "alternate")

# Where a fact was loaded from; higher wins for the same repository/package.
ORIGIN_EMBEDDED = "embedded"
ORIGIN_REFRESHED = "refreshed"
ORIGIN_USER = "user"
ORIGIN_RANK = {ORIGIN_EMBEDDED: 0, ORIGIN_REFRESHED: 1, ORIGIN_USER: 2}

ROLLING_RELEASES = ("rolling", "current")

ARCH_ALIASES = {
    "amd64": "x86_64",
    "x86-64": "x86_64",
    "x64": "x86_64",
    "arm64": "aarch64",
    "armhf": "armv7",
    "armv7l": "armv7",
    "armv7hl": "armv7",
    "i386": "i686",
    "i586": "i686",
    "x86": "i686",
    "ppc64el": "ppc64le",
    "powerpc64le": "ppc64le",
    "riscv64gc": "riscv64",
    "mips64el": "mips64el",
    "loong64": "loongarch64",
}


def normalize_arch(arch: str) -> str:
    a = arch.strip().lower()
    return ARCH_ALIASES.get(a, a)


def is_rolling_release(release: str) -> bool:
    """Rolling trees and quarterly branches of one (pkgsrc,2024Q4) only move forward."""
    r = release.lower()
    return r in ROLLING_RELEASES or (len(r) == 6 and r[:4].isdigit() and r[4] == "q")


@dataclass(frozen=True)
class SourceInfo:
    """One data source as loaded: what it is, where it came from, as of when."""

    id: str
    description: str
    as_of: Date | None
    location: str = ""
    origin: str = ORIGIN_EMBEDDED


@dataclass(frozen=True)
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
    origin: str = ORIGIN_EMBEDDED

    @property
    def release_id(self) -> str:
        return f"{self.os}-{self.cycle}"

    def ended_by(self, on: Date) -> bool:
        if self.eol is not None:
            return on >= self.eol
        return self.eol_passed_undated


@dataclass(frozen=True)
class PackageFact:
    """Repository ``os,release`` had ``package`` of upstream ``dependency`` at ``version``.

    ``valid_from``/``valid_to`` bound when the fact held, where a source tells
    (changelog history, git history); ``as_of`` is the last date it was seen
    true. ``arches`` is None when the source does not say which architectures
    the package was built for.
    """

    os: str
    release: str
    dependency: str
    package: str
    version: str
    channel: str
    source: str
    as_of: Date | None = None
    orig_version: str = ""
    arches: tuple[str, ...] | None = None
    valid_from: Date | None = None
    valid_to: Date | None = None
    quality: str = ""  # "", "secondary", "undated", "stale-index", "upload-date"
    # Architectures whose package index was read: absence from ``arches`` means
    # "not built" only for these; for others the source simply cannot tell.
    arches_checked: tuple[str, ...] | None = None
    origin: str = ORIGIN_EMBEDDED
    origin_file: str = ""

    @property
    def repo(self) -> str:
        return f"{self.os},{self.release}"

    @property
    def rolling(self) -> bool:
        return is_rolling_release(self.release)


@dataclass(frozen=True)
class TierFact:
    """Upstream target ``target`` of toolchain ``toolchain`` is at ``tier``."""

    toolchain: str
    target: str
    tier: int
    host_tools: bool
    std: str = ""
    notes: str = ""
    since: str = ""  # toolchain version or snapshot label the tier was read from
    source: str = ""
    as_of: Date | None = None
    origin: str = ORIGIN_EMBEDDED

    @property
    def label(self) -> str:
        if self.tier == 3:
            return "tier 3"
        return f"tier {self.tier}" + (" with host tools" if self.host_tools else " without host tools")


@dataclass(frozen=True)
class RepoEntry:
    """A Repology repository id and the OS release/channel it carries."""

    repology: str
    os: str
    release: str
    channel: str
    arches: tuple[str, ...] | None = None
    description: str = ""
    valid_till: str = ""  # Repology's retention date, NOT a vendor end of support
    source: str = ""


@dataclass(frozen=True)
class FactSet:
    """Everything loaded, before any policy or date is applied."""

    lifecycles: tuple[Lifecycle, ...] = ()
    packages: tuple[PackageFact, ...] = ()
    tiers: tuple[TierFact, ...] = ()
    sources: tuple[SourceInfo, ...] = ()
    repos: tuple[RepoEntry, ...] = ()
    notes: tuple[str, ...] = field(default=())
