"""Risk signals beside a verdict: upstream target tier and CI coverage.

Neither decides whether a platform is lost (the distro-packaging bar does);
they flag platforms at risk. The tier mechanism is generic: a dependency
names a toolchain (``tier_source``) and the toolchain's target mapping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..facts.model import TierFact
from ..facts.store import FactStore
from ..policy.project import Project
from .results import Platform, TierInfo, Verdict

_GLIBC_OSES = {
    "debian", "ubuntu", "fedora", "centos-stream", "centos", "rhel", "almalinux", "rocky",
    "opensuse-leap", "opensuse-tumbleweed", "sles", "arch",
}
_LINUX_GNU = {
    "x86_64": "x86_64-unknown-linux-gnu",
    "aarch64": "aarch64-unknown-linux-gnu",
    "armv7": "armv7-unknown-linux-gnueabihf",
    "armel": "armv5te-unknown-linux-gnueabi",
    "i686": "i686-unknown-linux-gnu",
    "mips64el": "mips64el-unknown-linux-gnuabi64",
    "ppc64le": "powerpc64le-unknown-linux-gnu",
    "ppc64": "powerpc64-unknown-linux-gnu",
    "riscv64": "riscv64gc-unknown-linux-gnu",
    "s390x": "s390x-unknown-linux-gnu",
    "loongarch64": "loongarch64-unknown-linux-gnu",
    "sparc64": "sparc64-unknown-linux-gnu",
}
_LINUX_MUSL = {
    "x86_64": "x86_64-unknown-linux-musl",
    "aarch64": "aarch64-unknown-linux-musl",
    "armv7": "armv7-unknown-linux-musleabihf",
    "i686": "i686-unknown-linux-musl",
    "mips64el": "mips64el-unknown-linux-muslabi64",
    "ppc64le": "powerpc64le-unknown-linux-musl",
    "riscv64": "riscv64gc-unknown-linux-musl",
    "s390x": "s390x-unknown-linux-musl",
    "loongarch64": "loongarch64-unknown-linux-musl",
}
_BSD_ARCH = {"riscv64": "riscv64gc", "ppc64le": "powerpc64le", "ppc64": "powerpc64"}


def rust_target(os_id: str, arch: str) -> str | None:
    """The Rust target triple a platform's native toolchain builds for."""
    if os_id in _GLIBC_OSES:
        return _LINUX_GNU.get(arch)
    if os_id == "alpine":
        return _LINUX_MUSL.get(arch)
    if os_id == "freebsd":
        return f"{_BSD_ARCH.get(arch, arch)}-unknown-freebsd"
    if os_id == "netbsd":
        return "armv7-unknown-netbsd-eabihf" if arch == "armv7" else f"{_BSD_ARCH.get(arch, arch)}-unknown-netbsd"
    if os_id == "openbsd":
        return f"{_BSD_ARCH.get(arch, arch)}-unknown-openbsd"
    if os_id == "macos":
        return {"aarch64": "aarch64-apple-darwin", "x86_64": "x86_64-apple-darwin"}.get(arch)
    if os_id == "windows":
        # MSYS2's toolchains: mingw-w64 (gnu) on x86, LLVM (gnullvm) on clangarm64.
        return {"x86_64": "x86_64-pc-windows-gnu", "i686": "i686-pc-windows-gnu",
                "aarch64": "aarch64-pc-windows-gnullvm"}.get(arch)
    return None


TARGET_MAPPERS = {"rust": rust_target}


class Annotator:
    """Adds tier and CI information to verdicts; holds what-if assumptions."""

    def __init__(self, project: Project, store: FactStore, assumed_tiers: dict[str, str] | None = None) -> None:
        self.project = project
        self.store = store
        self.assumed_tiers = assumed_tiers or {}
        self._tiers: dict[str, dict[str, TierFact]] = {}
        self._tiers_at: dict[tuple[str, str], dict[str, TierFact]] = {}
        self._tags: dict[str, list[str]] = {}

    def _tier_table(self, toolchain: str) -> dict[str, TierFact]:
        if toolchain not in self._tiers:
            table: dict[str, TierFact] = {}
            # The newest snapshot wins: fetched ones by fetch date, stored copies by
            # their "since" label (which sorts in age order). Per-release tag
            # snapshots describe old compilers, not the current state.
            facts = [t for t in self.store.tiers_for(toolchain) if not t.since.startswith("tag:")]
            facts = facts or self.store.tiers_for(toolchain)
            for t in sorted(facts, key=lambda t: (t.as_of or dt.date.min, t.since, -t.tier)):
                table[t.target] = t
            self._tiers[toolchain] = table
        return self._tiers[toolchain]

    def _tier_at(self, toolchain: str, version: str) -> dict[str, TierFact] | None:
        """Tiers from the newest release-tag snapshot not newer than ``version``, if any was fetched."""
        from ..versions.libversion import Version, compare

        if toolchain not in self._tags:  # asked once per verdict: scan the tier facts once per toolchain
            self._tags[toolchain] = sorted(
                {t.since[4:] for t in self.store.tiers_for(toolchain) if t.since.startswith("tag:")}, key=Version)
        tags = self._tags[toolchain]
        usable = [v for v in tags if compare(v, version) <= 0]
        if not usable:
            return None
        key = (toolchain, usable[-1])
        if key not in self._tiers_at:
            self._tiers_at[key] = {t.target: t for t in self.store.tiers_for(toolchain)
                                   if t.since == f"tag:{usable[-1]}"}
        return self._tiers_at[key]

    def tier_for(self, platform: Platform, toolchain: str, version: str | None = None) -> TierInfo | None:
        mapper = TARGET_MAPPERS.get(toolchain)
        if mapper is None:
            return None
        target = mapper(platform.os, platform.arch)
        if target is None:
            return TierInfo(toolchain, "", None)
        for key in (platform.id, platform.release_id, platform.os):
            if key in self.assumed_tiers:
                return TierInfo(toolchain, target, None, assumed=self.assumed_tiers[key])
        if version and toolchain == "rust":
            table = self._tier_at(toolchain, version)
            if table is not None and target in table:
                return TierInfo(toolchain, target, table[target])
        return TierInfo(toolchain, target, self._tier_table(toolchain).get(target))

    def ci_for(self, platform: Platform) -> str:
        for entry in self.project.ci:
            if entry.platform in (platform.id, platform.release_id, platform.os, f"{platform.os}/{platform.arch}"):
                if entry.kind == "none":
                    return ""
                return entry.kind + (f" ({entry.detail})" if entry.detail else "")
        return ""

    def annotate(self, verdict: Verdict) -> Verdict:
        flags = list(verdict.flags)
        tier = None
        dep = self.project.dependency(verdict.dependency)
        if dep is not None and dep.tier_source:
            # Where tiers were fetched per Rust release, the required release's page decides.
            version = verdict.required if dep.tier_source == verdict.dependency else None
            tier = self.tier_for(verdict.platform, dep.tier_source, version)
            if tier is not None and tier.flag:
                flags.append(tier.flag)
            if tier is not None and tier.assumed:
                flags.append("assumed-by-user")
        ci = self.ci_for(verdict.platform)
        if self.project.ci and not ci:
            flags.append("untested")
        return replace(verdict, tier=tier, ci=ci, flags=tuple(flags))
