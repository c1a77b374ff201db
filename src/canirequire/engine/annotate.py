"""Risk signals beside a verdict: upstream target tier and CI coverage.

Neither decides whether a platform is lost (the distro-packaging bar does);
they flag platforms at risk. The tier mechanism is generic: a dependency
names a toolchain (``tier_source``) and the catalog maps each platform to
that toolchain's target triple.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..model import CiKind, Flag, TierFact
from ..model.catalog import Catalog
from ..store.index import FactIndex
from ..versions.libversion import Version, compare
from .results import Platform, TierInfo, Verdict
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

    def tier_for(self, platform: Platform, toolchain: str, version: str | None = None) -> TierInfo | None:
        if not self.catalog.maps(toolchain):
            return None
        target = self.catalog.target(toolchain, platform.os, platform.arch)
        if target is None:
            return TierInfo(toolchain, "", None)
        assumed = self.scope.tier_assumed_for((platform.id, platform.release_id, platform.os))
        if assumed:
            return TierInfo(toolchain, target, None, assumed=assumed)
        if version:
            table = self._tier_at(toolchain, version)
            if table is not None and target in table:
                return TierInfo(toolchain, target, table[target])
        return TierInfo(toolchain, target, self._tier_table(toolchain).get(target))

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
            tier = self.tier_for(verdict.platform, dep.tier_source, version)
            if tier is not None and tier.flag:
                flags.append(tier.flag)
            if tier is not None and tier.assumed:
                flags.append(Flag.ASSUMED_BY_USER)
        ci = self.ci_for(verdict.platform)
        if self.scope.project.ci and not ci:
            flags.append(Flag.UNTESTED)
        return replace(verdict, tier=tier, ci=ci, flags=tuple(flags))
