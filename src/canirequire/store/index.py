"""One immutable index over every loaded layer, and the one precedence rule.

Layers, lowest first: the embedded snapshot, refreshed data, user facts
(``--facts`` and ``--assume``). A newer layer's lifecycle replaces the same OS
cycle; package facts are all kept (``explain`` shows what was overridden) and
the engine hides a lower layer's facts per repository, package and channel on
the dates where a higher layer speaks (``hide_lower_layers``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from typing import Iterable, Sequence

from ..model import (
    BranchFact, FactSet, FrictionItem, Lifecycle, PackageFact, RepoEntry, SourceInfo, TierChange, TierFact,
    UpstreamRelease,
)


def merge_layers(layers: Sequence[FactSet]) -> FactSet:
    """Fold layers (lowest precedence first) into one fact set.

    A later layer's lifecycle replaces the same (os, cycle); a later layer's
    Repology repository entry replaces the same repository id; everything else
    accumulates.
    """
    cycles: dict[tuple[str, str], Lifecycle] = {}
    repos: dict[str, RepoEntry] = {}
    packages: list[PackageFact] = []
    tiers: list[TierFact] = []
    sources: list[SourceInfo] = []
    upstream: dict[tuple[str, str], UpstreamRelease] = {}
    branches: dict[tuple[str, str], BranchFact] = {}
    changes: dict[tuple, TierChange] = {}
    friction: dict[tuple[str, str, int], FrictionItem] = {}
    features: dict[tuple[str, str, str], object] = {}
    for layer in layers:
        for lc in layer.lifecycles:
            cycles.pop((lc.os, lc.cycle), None)  # re-insert so file order follows the winning layer
            cycles[(lc.os, lc.cycle)] = lc
        for entry in layer.repos:
            repos[entry.repology] = entry
        packages.extend(layer.packages)
        tiers.extend(layer.tiers)
        sources.extend(layer.sources)
        upstream.update(((u.project, u.version), u) for u in layer.upstream)
        branches.update(((b.tree, b.branch), b) for b in layer.branches)
        changes.update(((c.toolchain, c.target, c.from_date, c.tier, c.host_tools), c) for c in layer.tier_changes)
        # A newer reading of the same issue (refresh --only upstream-issues) replaces the older one.
        friction.update(((f.target, f.repo, f.number), f) for f in layer.friction)
        features.update(((f.toolchain, f.feature, f.version), f) for f in layer.features)
    return FactSet(tuple(cycles.values()), tuple(packages), tuple(tiers), tuple(sources),
                   tuple(sorted(repos.values(), key=lambda e: e.repology)), tuple(upstream.values()),
                   tuple(branches.values()), tuple(changes.values()), tuple(friction.values()),
                   tuple(features.values()))


def precedence_key(fact: PackageFact) -> tuple[str, str, str]:
    """Facts compete only with the same repository, package and channel: a fact in a
    channel the policy does not count must never hide a counted one."""
    return (fact.repo, fact.package, fact.channel.value)


def hide_lower_layers(applicable: Iterable[PackageFact]) -> tuple[list[PackageFact], list[PackageFact]]:
    """Split facts that apply on one date into (visible, hidden by a higher layer)."""
    facts = list(applicable)
    top: dict[tuple[str, str, str], int] = {}
    for f in facts:
        key = precedence_key(f)
        top[key] = max(top.get(key, -1), f.origin.rank)
    visible, hidden = [], []
    for f in facts:
        (visible if f.origin.rank >= top[precedence_key(f)] else hidden).append(f)
    return visible, hidden


class FactIndex:
    """Everything loaded, merged once, and indexed by (dependency, OS, release) for the engine.

    Package facts are indexed one dependency at a time, when first asked for:
    a layer read from disk decodes only that dependency's rows (LazyPackages).
    """

    def __init__(self, layers: Sequence[FactSet]) -> None:
        self._package_layers = [layer.packages for layer in layers]
        merged = merge_layers([replace(layer, packages=()) for layer in layers])
        self.lifecycles: tuple[Lifecycle, ...] = merged.lifecycles
        self.tiers: tuple[TierFact, ...] = merged.tiers
        self.sources: tuple[SourceInfo, ...] = merged.sources
        self.repos: tuple[RepoEntry, ...] = merged.repos
        self.upstream: tuple[UpstreamRelease, ...] = merged.upstream
        self.branches: tuple[BranchFact, ...] = merged.branches
        self.tier_changes: tuple[TierChange, ...] = merged.tier_changes
        self.friction: tuple[FrictionItem, ...] = merged.friction
        self.features = merged.features  # feature -> the version that first has it (features.csv)
        self._upstream = {(u.project, u.version): u for u in self.upstream}
        self._upstream_memo: dict[tuple[str, str], UpstreamRelease | None] = {}
        by_os: dict[str, list[Lifecycle]] = defaultdict(list)
        for lc in self.lifecycles:
            by_os[lc.os].append(lc)
        self._lifecycles_by_os = dict(by_os)
        self._by_dep: dict[str, dict[str, dict[str, tuple[PackageFact, ...]]]] = {}  # dep -> os -> release
        self._packages: tuple[PackageFact, ...] | None = None
        self._dependencies = tuple(sorted({dep for packages in self._package_layers
                                           for dep in _dependencies_of(packages)}))
        self._tiers_by_toolchain: dict[str, tuple[TierFact, ...]] = {}
        for t in self.tiers:
            self._tiers_by_toolchain.setdefault(t.toolchain, ())
        for toolchain in self._tiers_by_toolchain:
            self._tiers_by_toolchain[toolchain] = tuple(t for t in self.tiers if t.toolchain == toolchain)

    @property
    def packages(self) -> tuple[PackageFact, ...]:
        """Every package fact of every layer, lowest layer first (decodes all of them)."""
        if self._packages is None:
            self._packages = tuple(f for packages in self._package_layers for f in packages)
        return self._packages

    def package_oses(self) -> frozenset[str]:
        """The OSes any package fact names, without decoding the facts."""
        return frozenset(os_id for packages in self._package_layers for os_id in (
            packages.oses() if hasattr(packages, "oses") else {f.os for f in packages}))

    def _indexed(self, dependency: str) -> dict[str, dict[str, tuple[PackageFact, ...]]]:
        by_os = self._by_dep.get(dependency)
        if by_os is None:
            grouped: dict[str, list[PackageFact]] = defaultdict(list)
            for packages in self._package_layers:
                for p in _facts_of(packages, dependency):
                    grouped[p.os].append(p)
            by_os = {}
            for os_id, facts in grouped.items():
                by_release: dict[str, list[PackageFact]] = defaultdict(list)
                for f in _with_known_arches(facts):
                    by_release[f.release].append(f)
                by_os[os_id] = {rel: tuple(fs) for rel, fs in by_release.items()}
            self._by_dep[dependency] = by_os
        return by_os

    def lifecycles_by_os(self) -> dict[str, list[Lifecycle]]:
        return self._lifecycles_by_os

    def packages_in(self, dependency: str, os_id: str, release: str | None = None) -> tuple[PackageFact, ...]:
        """Facts of one dependency in one repository. A release names itself and its minors:
        almalinux 9.8's facts serve the major 9 a policy names."""
        by_release = self._indexed(dependency).get(os_id)
        if not by_release:
            return ()
        if release is None:
            return tuple(f for fs in by_release.values() for f in fs)
        out: list[PackageFact] = []
        prefix = release + "."
        for rel, fs in by_release.items():
            if rel == release or rel.startswith(prefix):
                out.extend(fs)
        return tuple(out)

    def packages_for(self, dependency: str) -> tuple[PackageFact, ...]:
        return tuple(f for by_rel in self._indexed(dependency).values() for fs in by_rel.values() for f in fs)

    def dependencies(self) -> tuple[str, ...]:
        return self._dependencies

    def tiers_for(self, toolchain: str) -> tuple[TierFact, ...]:
        return self._tiers_by_toolchain.get(toolchain, ())

    def upstream_release(self, project: str, version: str) -> UpstreamRelease | None:
        """When upstream released ``version`` (or, failing a point release, its x.y cycle); remembered,
        since a long history asks about the same few versions tens of thousands of times."""
        key = (project, version)
        memo = self._upstream_memo
        if key in memo:
            return memo[key]
        hit = self._upstream.get(key)
        if hit is None:
            parts = version.split(".")
            if len(parts) >= 2:
                cycle = ".".join(parts[:2])
                hit = self._upstream.get((project, cycle)) or self._upstream.get((project, cycle + ".0"))
        memo[key] = hit
        return hit

    def branches_of(self, tree: str) -> tuple[BranchFact, ...]:
        return tuple(sorted((b for b in self.branches if b.tree == tree), key=lambda b: b.created))

    def newest_as_of(self) -> dt.date | None:
        return max((s.as_of for s in self.sources if s.as_of), default=None)


def _dependencies_of(packages: Sequence[PackageFact]) -> Iterable[str]:
    return packages.dependencies() if hasattr(packages, "dependencies") else {f.dependency for f in packages}


def _facts_of(packages: Sequence[PackageFact], dependency: str) -> Iterable[PackageFact]:
    if hasattr(packages, "for_dependency"):
        return packages.for_dependency(dependency)
    return [f for f in packages if f.dependency == dependency]


def _with_known_arches(facts: list[PackageFact]) -> list[PackageFact]:
    """Sources that do not know architectures (Repology, changelogs) borrow them
    from a per-arch index that saw the same package version in the same repo:
    Repology's bookworm-security rustc-web 1.96 is not built on mips64el either."""
    known: dict[tuple[str, str, str], set[str]] = {}
    checked: dict[tuple[str, str, str], set[str] | None] = {}
    for f in facts:
        if f.arches is not None:
            key = (f.repo, f.package, f.version)
            known.setdefault(key, set()).update(f.arches)
            if f.arches_checked is None:
                checked[key] = None
            elif checked.get(key, set()) is not None:
                checked[key] = (checked.get(key) or set()) | set(f.arches_checked)
    if not known:
        return facts
    out = []
    for f in facts:
        key = (f.repo, f.package, f.version)
        if f.arches is None and key in known:
            seen = checked.get(key)
            f = replace(f, arches=tuple(sorted(known[key])), arches_checked=tuple(sorted(seen)) if seen else None)
        out.append(f)
    return out
