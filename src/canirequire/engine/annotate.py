"""Risk signals beside a verdict: upstream target tier and CI coverage.

Neither decides whether a platform is lost (the distro-packaging bar does);
they flag platforms at risk. The tier mechanism is generic: a dependency
names a toolchain (``tier_source``) and the catalog maps each platform to
that toolchain's target triple.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from fnmatch import fnmatchcase

from ..model import CiKind, Flag, FrictionItem, TierChange, TierFact
from ..model.catalog import Catalog
from ..store.index import FactIndex
from ..versions.libversion import Version, compare
from .results import FrictionState, FrictionStatus, Platform, TierInfo, Verdict
from .scope import Scope


class Annotator:
    """Adds tier and CI information to verdicts, honouring the scope's assumed tiers."""

    def __init__(self, index: FactIndex, catalog: Catalog, scope: Scope) -> None:
        self.index = index
        self.catalog = catalog
        self.scope = scope
        self._tiers: dict[str, dict[str, TierFact]] = {}
        self._tiers_at: dict[tuple[str, str], dict[str, TierFact]] = {}
        self._tags: dict[str, list[str]] = {}
        self._histories: dict[tuple[str, str], tuple[TierChange, ...]] = {}
        self._frictions: dict[tuple[str, str], tuple[FrictionItem, ...]] = {}

    def _tier_table(self, toolchain: str) -> dict[str, TierFact]:
        """The newest general snapshot: fetched ones by fetch date, stored copies by their
        "since" label (which sorts in age order). Per-release tag snapshots describe old
        compilers, not the current state, so they are used only when nothing else exists."""
        if toolchain not in self._tiers:
            table: dict[str, TierFact] = {}
            facts = [t for t in self.index.tiers_for(toolchain) if not t.tag] or list(self.index.tiers_for(toolchain))
            for t in sorted(facts, key=lambda t: (t.as_of or dt.date.min, t.since, -t.tier)):
                table[t.target] = t
            self._tiers[toolchain] = table
        return self._tiers[toolchain]

    def _tier_at(self, toolchain: str, version: str) -> dict[str, TierFact] | None:
        """Tiers from the newest release-tag snapshot not newer than ``version``, if any was fetched."""
        if toolchain not in self._tags:
            self._tags[toolchain] = sorted({t.tag for t in self.index.tiers_for(toolchain) if t.tag}, key=Version)
        usable = [v for v in self._tags[toolchain] if compare(v, version) <= 0]
        if not usable:
            return None
        key = (toolchain, usable[-1])
        if key not in self._tiers_at:
            self._tiers_at[key] = {t.target: t for t in self.index.tiers_for(toolchain) if t.tag == usable[-1]}
        return self._tiers_at[key]

    def _history(self, toolchain: str, target: str) -> tuple[TierChange, ...]:
        key = (toolchain, target)
        if key not in self._histories:
            rows = [c for c in self.index.tier_changes if c.toolchain == toolchain and c.target == target]
            # Observed states first (they carry no date), then the dated changes in order.
            self._histories[key] = tuple(sorted(rows, key=lambda c: (c.from_date is not None, c.from_date or dt.date.min)))
        return self._histories[key]

    def _exists(self, toolchain: str, target: str) -> bool | None:
        """Whether the upstream has the target at all: the main platform-support table lists every
        target the compiler knows, so absence there (and everywhere else) means not ported."""
        if not any(not t.tag for t in self.index.tiers_for(toolchain)):
            return None  # no complete listing loaded: cannot tell
        if target in self._tier_table(toolchain) or self._history(toolchain, target):
            return True
        return any(t.target == target for t in self.index.tiers_for(toolchain))

    def _friction(self, toolchain: str, target: str) -> tuple[FrictionItem, ...]:
        key = (toolchain, target)
        if key not in self._frictions:
            self._frictions[key] = tuple(sorted(
                (f for f in self.index.friction if f.toolchain == toolchain and fnmatchcase(target, f.target)),
                key=lambda f: (f.opened or dt.date.min, f.repo, f.number)))
        return self._frictions[key]

    def friction_on(self, toolchain: str, target: str, on: dt.date) -> tuple[FrictionStatus, ...]:
        """The items opened by ``on`` and where each stood then."""
        return tuple(FrictionStatus(f, friction_state(f, on)) for f in self._friction(toolchain, target)
                     if f.opened is not None and f.opened <= on)

    def tier_for(self, platform: Platform, toolchain: str, version: str | None = None,
                 on: dt.date | None = None) -> TierInfo | None:
        """The target's tier on ``on``: the latest dated change by then, else the page at the
        required release's tag (when fetched), else the newest full table."""
        if not self.catalog.maps(toolchain):
            return None
        target = self.catalog.target(toolchain, platform.os, platform.arch)
        if target is None:
            return TierInfo(toolchain, "", None)
        history = self._history(toolchain, target)
        friction = self.friction_on(toolchain, target, on) if on else ()
        extra = dict(exists=self._exists(toolchain, target), history=history, friction=friction)
        assumed = self.scope.tier_assumed_for((platform.id, platform.release_id, platform.os))
        if assumed:
            return TierInfo(toolchain, target, None, assumed=assumed, **extra)
        if on is not None:
            dated = [c for c in history if c.from_date is not None and c.from_date <= on]
            if dated:
                change = dated[-1]
                fact = TierFact(toolchain, target, change.tier, change.host_tools,
                                notes=f"since {change.from_version or change.from_date} ({change.from_date})",
                                since=str(change.from_date), source=change.source, as_of=change.from_date)
                return TierInfo(toolchain, target, fact, **extra)
        if version:
            table = self._tier_at(toolchain, version)
            if table is not None and target in table:
                return TierInfo(toolchain, target, table[target], **extra)
        return TierInfo(toolchain, target, self._tier_table(toolchain).get(target), **extra)

    def ci_for(self, platform: Platform) -> str:
        for entry in self.scope.project.ci:
            if entry.platform in (platform.id, platform.release_id, platform.os, f"{platform.os}/{platform.arch}"):
                if entry.kind is CiKind.NONE:
                    return ""
                return entry.kind.value + (f" ({entry.detail})" if entry.detail else "")
        return ""

    def annotate(self, verdict: Verdict) -> Verdict:
        flags = list(verdict.flags)
        tier = None
        dep = self.scope.project.dependency(verdict.dependency)
        if dep is not None and dep.tier_source:
            # Where tiers were fetched per toolchain release, the required release's page decides.
            version = verdict.required if dep.tier_source == verdict.dependency else None
            tier = self.tier_for(verdict.platform, dep.tier_source, version, verdict.on or self.scope.on)
            if tier is not None and tier.flag:
                flags.append(tier.flag)
            if tier is not None and tier.open_friction:
                flags.append(Flag.UPSTREAM_FRICTION)
            if tier is not None and tier.assumed:
                flags.append(Flag.ASSUMED_BY_USER)
        ci = self.ci_for(verdict.platform)
        if self.scope.project.ci and not ci:
            flags.append(Flag.UNTESTED)
        return replace(verdict, tier=tier, ci=ci, flags=tuple(flags))


def friction_state(item: FrictionItem, on: dt.date) -> FrictionState:
    """Where an item stood on ``on`` (opened by then), by what its dates prove."""
    if item.closed is not None:
        return FrictionState.CLOSED if item.closed <= on else FrictionState.OPEN
    if item.closed_unknown:
        return FrictionState.UNKNOWN
    if item.state_as_of is not None and on <= item.state_as_of:
        return FrictionState.OPEN
    return FrictionState.LAST_SEEN_OPEN
