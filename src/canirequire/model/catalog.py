"""Tables that are data rather than logic, shipped as package data (data/catalog/*.csv)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from fnmatch import fnmatchcase

from .enums import Channel


@dataclass(frozen=True, slots=True)
class RepologyRule:
    """A Repology repository id pattern and the OS release/channel it carries.

    ``os`` empty marks repositories canirequire deliberately ignores (proposed,
    testing, casks). ``release`` may use the pattern's groups (``\\1.\\2``).
    """

    pattern: re.Pattern
    os: str
    release: str
    channel: Channel | None
    arches: tuple[str, ...] | None


class StreamKind(str, Enum):
    """How a repository's versions of a package move after the last row a source gives."""

    FROZEN = "frozen"  # what was last seen stays (a stable release's own repository)
    STEPWISE = "stepwise"  # each row holds until the next one; after the last, it may have moved on
    UPDATING = "updating"  # it moves on at any time: between and after rows, only lower bounds
    PATCH = "patch"  # it takes point updates within a version's x.y, never a new x.y (a stable branch)


@dataclass(frozen=True, slots=True)
class StreamRule:
    """How a repository moves (frozen, stepwise, updating), for releases and packages matching the patterns."""

    os: str
    release: str  # fnmatch patterns
    channel: str
    package: str
    kind: StreamKind


@dataclass(frozen=True, slots=True)
class HistoryTree:
    """A public history of package versions `refresh --history` can read (data/catalog/history.csv)."""

    tree: str  # the key project files use: [dependencies.NAME.history] tree = ...
    adapter: str  # launchpad, bodhi, github, gitlab
    repository: str  # owner/name on the forge, or the archive path
    os: str
    release: str  # "rolling", or "{release}" (one stable branch per OS release), "{series}" (Launchpad)
    file_kind: str  # makefile, formula, apkbuild: how a package file states its version
    docs: str  # the API documentation the adapter follows


@dataclass(frozen=True, slots=True)
class Catalog:
    """What the engine needs from the shipped tables."""

    # toolchain -> {(os, arch): target triple}
    targets: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    streams: tuple[StreamRule, ...] = ()
    branch_cuts: dict[str, str] = field(default_factory=dict)  # tree -> "quarter-start" | "quarter-end"
    gap_sources: dict[str, str] = field(default_factory=dict)  # os -> the public source that would fill a gap

    def stream_kind(self, os_id: str, release: str, channel: str, package: str) -> StreamKind:
        """Rolling trees always move; otherwise the first matching rule, else frozen."""
        if release in ("rolling", "current"):
            return StreamKind.UPDATING
        for rule in self.streams:
            if (fnmatchcase(os_id, rule.os) and fnmatchcase(release, rule.release)
                    and fnmatchcase(channel, rule.channel) and fnmatchcase(package, rule.package)):
                return rule.kind
        return StreamKind.FROZEN

    def target(self, toolchain: str, os_id: str, arch: str) -> str | None:
        """The target triple a platform's native toolchain builds for, if the toolchain has a mapping."""
        return self.targets.get(toolchain, {}).get((os_id, arch))

    def maps(self, toolchain: str) -> bool:
        return toolchain in self.targets
