"""The fact store: embedded snapshot, refreshed data and user facts, merged.

Precedence, per repository and package: user ``--facts`` > refreshed data >
embedded snapshot. Lower layers are kept (not deleted) so ``explain`` can show
what was overridden; the engine picks the winner for each date.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import (
    ORIGIN_EMBEDDED,
    ORIGIN_USER,
    FactSet,
    Lifecycle,
    PackageFact,
    SourceInfo,
    TierFact,
)
from .snapshot import embedded_snapshot_dir, read_snapshot  # noqa: F401

ENV_DATA_DIR = "CANIREQUIRE_DATA_DIR"


def user_data_dir() -> Path:
    """Where ``refresh`` writes; overridable for tests and CI."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("canirequire", appauthor=False))


def refreshed_data_dir() -> Path:
    return user_data_dir() / "refreshed"


def cache_dir() -> Path:
    return user_data_dir() / "cache"


@dataclass
class FactStore:
    lifecycles: list[Lifecycle] = field(default_factory=list)
    packages: list[PackageFact] = field(default_factory=list)
    tiers: list[TierFact] = field(default_factory=list)
    sources: list[SourceInfo] = field(default_factory=list)
    repos: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lifecycles_by_os: dict[str, list[Lifecycle]] | None = None
        self._packages_by_dep: dict[str, list[PackageFact]] | None = None
        self._by_dep_os: dict[tuple[str, str], list[PackageFact]] | None = None

    def add(self, factset: FactSet, origin: str | None = None) -> None:
        if origin is not None:
            factset = FactSet(
                lifecycles=tuple(replace(x, origin=origin) for x in factset.lifecycles),
                packages=tuple(replace(x, origin=origin) for x in factset.packages),
                tiers=tuple(replace(x, origin=origin) for x in factset.tiers),
                sources=tuple(replace(x, origin=origin) for x in factset.sources),
            )
        self._merge_lifecycles(factset.lifecycles)
        self.packages.extend(factset.packages)
        self.tiers.extend(factset.tiers)
        self.sources.extend(factset.sources)
        if factset.repos:
            keys = {r.repology for r in factset.repos}
            self.repos = [r for r in self.repos if r.repology not in keys] + list(factset.repos)
        self._lifecycles_by_os = None
        self._packages_by_dep = None
        self._by_dep_os = None

    def _merge_lifecycles(self, new: tuple[Lifecycle, ...]) -> None:
        """A newer layer's cycle replaces the same OS cycle from an older layer."""
        if not new:
            return
        keys = {(lc.os, lc.cycle) for lc in new}
        self.lifecycles = [lc for lc in self.lifecycles if (lc.os, lc.cycle) not in keys] + list(new)

    def lifecycles_by_os(self) -> dict[str, list[Lifecycle]]:
        if self._lifecycles_by_os is None:
            table: dict[str, list[Lifecycle]] = defaultdict(list)
            for lc in self.lifecycles:
                table[lc.os].append(lc)
            self._lifecycles_by_os = dict(table)
        return self._lifecycles_by_os

    def packages_for(self, dependency: str) -> list[PackageFact]:
        if self._packages_by_dep is None:
            table: dict[str, list[PackageFact]] = defaultdict(list)
            for p in self.packages:
                table[p.dependency].append(p)
            self._packages_by_dep = dict(table)
        return self._packages_by_dep.get(dependency, [])

    def packages_in(self, dependency: str, os_id: str) -> list[PackageFact]:
        """Facts of one dependency in one OS's repositories (the engine's hot path)."""
        if self._by_dep_os is None:
            table: dict[tuple[str, str], list[PackageFact]] = defaultdict(list)
            for p in self.packages:
                table[(p.dependency, p.os)].append(p)
            self._by_dep_os = {key: _with_known_arches(facts) for key, facts in table.items()}
        return self._by_dep_os.get((dependency, os_id), [])

    def dependencies(self) -> list[str]:
        return sorted({p.dependency for p in self.packages})

    def tiers_for(self, toolchain: str) -> list[TierFact]:
        return [t for t in self.tiers if t.toolchain == toolchain]


def load_store(
    fact_files: list[str] | tuple[str, ...] = (),
    *,
    use_refreshed: bool = True,
    embedded_dir: Path | None = None,
) -> FactStore:
    store = FactStore()
    store.add(read_snapshot(embedded_dir or embedded_snapshot_dir(), ORIGIN_EMBEDDED))
    if use_refreshed:
        from .refreshed import RefreshedData

        for factset in RefreshedData(refreshed_data_dir()).read_all():
            store.add(factset)
    if fact_files:
        from ..sources.package_csv import load_package_csv_file

        for name in fact_files:
            facts = load_package_csv_file(Path(name), ORIGIN_USER)
            dated = [f.as_of for f in facts if f.as_of]
            store.add(
                FactSet(
                    packages=tuple(facts),
                    sources=(
                        SourceInfo(
                            f"user:{name}",
                            f"user fact file {name} ({len(facts)} facts)",
                            max(dated) if dated else None,
                            str(name),
                            ORIGIN_USER,
                        ),
                    ),
                )
            )
    return store


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
