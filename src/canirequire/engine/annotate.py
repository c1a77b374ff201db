"""Risk signals beside a verdict: upstream target tier and CI coverage.

Neither decides whether a platform is lost (the distro-packaging bar does);
they flag platforms at risk. The tier mechanism is generic: a dependency
names a toolchain (``tier_source``) and the catalog maps each platform to
that toolchain's target triple.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from fnmatch import fnmatchcase

from ..model import CiKind, Flag, FrictionItem, TierChange, TierFact
from ..model.catalog import Catalog
from ..store.index import FactIndex
from ..versions.libversion import Version, compare
from .results import FrictionState, FrictionStatus, Platform, TierInfo, Verdict
from .scope import Scope


@dataclass(frozen=True, slots=True)
class _Evidence:
    """A statement of a target's tier and the dates it speaks for."""

    lo: dt.date
    hi: dt.date
    fact: TierFact
    change: bool = False  # a dated change (it took effect on ``lo``), not a snapshot


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
        self._evidences: dict[tuple[str, str], list[_Evidence]] = {}
        self._ci: dict[tuple[str, str, str], str] = {}
        # The resolver hands out one verdict object per question, so each is annotated once; the entry
        # keeps the verdict alive, so its id stays its own.
        self._annotated: dict[int, tuple[Verdict, Verdict]] = {}

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
            self._histories[key] = tuple(sorted(rows, key=lambda c: (c.from_date is not None,
                                                                    c.from_date or dt.date.min)))
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
            # One issue found both by its OS label and by a target's name: its newest reading speaks.
            newest: dict[tuple[str, int], FrictionItem] = {}
            for f in self.index.friction:
                if f.toolchain == toolchain and fnmatchcase(target, f.target):
                    old = newest.get((f.repo, f.number))
                    if old is None or (f.state_as_of or dt.date.min) > (old.state_as_of or dt.date.min):
                        newest[(f.repo, f.number)] = f
            self._frictions[key] = tuple(sorted(newest.values(), key=lambda f: (f.opened or dt.date.min, f.repo,
                                                                                 f.number)))
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
            fact, note = self._tier_on(toolchain, target, on)
            return TierInfo(toolchain, target, fact, note=note, **extra)
        if version:
            table = self._tier_at(toolchain, version)
            if table is not None and target in table:
                return TierInfo(toolchain, target, table[target], **extra)
        return TierInfo(toolchain, target, self._tier_table(toolchain).get(target), **extra)

    def _evidence(self, toolchain: str, target: str) -> list[_Evidence]:
        """Every dated statement of the target's tier: history changes (exact dates), fetched pages
        (their date), pages at a release tag (its release date), stored copies (their year)."""
        key = (toolchain, target)
        if key not in self._evidences:
            out = []
            for c in self._history(toolchain, target):
                if c.from_date is not None:
                    fact = TierFact(toolchain, target, c.tier, c.host_tools,
                                    notes=f"since {c.from_version or c.from_date} ({c.from_date})",
                                    since=str(c.from_date), source=c.source, as_of=c.from_date)
                    out.append(_Evidence(c.from_date, c.from_date, fact, change=True))
            for t in self.index.tiers_for(toolchain):
                if t.target != target:
                    continue
                span = self._span(t)
                if span is not None:
                    out.append(_Evidence(span[0], span[1], t))
            self._evidences[key] = sorted(out, key=lambda e: (e.lo, e.hi, e.fact.since))
        return self._evidences[key]

    def _span(self, t: TierFact) -> tuple[dt.date, dt.date] | None:
        if t.tag:
            released = self.index.upstream_release(t.toolchain, t.tag)
            day = released.date if released else t.as_of
            return (day, day) if day else None
        if t.as_of is not None:
            return t.as_of, t.as_of
        if len(t.since) >= 4 and t.since[:4].isdigit():
            year = int(t.since[:4])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)  # a stored copy known only by its year
        return None

    def _tier_on(self, toolchain: str, target: str, on: dt.date) -> tuple[TierFact | None, str]:
        """The tier on ``on`` from the newest statement made by then, unless statements on either
        side of ``on`` disagree with no dated change to say when it moved: then unknown."""
        evidence = self._evidence(toolchain, target)
        changes = [e.lo for e in evidence if e.change]
        # A copy known only by its year says nothing about a change dated inside that year.
        clear = [e for e in evidence if e.change or not any(e.lo <= c <= e.hi for c in changes)]
        before = [e for e in clear if e.lo <= on]
        after = [e for e in clear if e.lo > on]
        if not before:
            if after and not after[0].change:
                return after[0].fact, ""  # nothing older: the earliest statement, assumed to hold back then
            return None, "no statement of its tier by this date"
        latest = max(before, key=lambda e: (e.hi, e.change, e.fact.since))
        if after:
            nxt = after[0]
            moved = _state(nxt.fact) != _state(latest.fact)
            if moved and not any(latest.hi < c <= nxt.lo for c in changes):
                return None, (f"{latest.fact.label} in a statement of {latest.hi:%Y}, {nxt.fact.label} in one of "
                              f"{nxt.lo:%Y}; when it changed is not in the data")
        return latest.fact, ""

    def ci_for(self, platform: Platform) -> str:
        """How the project's CI tests ``platform`` (container, vm, hosted, cross), or "" if it does not."""
        key = (platform.os, platform.release, platform.arch)
        ci = self._ci.get(key)
        if ci is None:
            ci = self._ci[key] = self._ci_for(platform)
        return ci

    def _ci_for(self, platform: Platform) -> str:
        for entry in self.scope.project.ci:
            if entry.platform in (platform.id, platform.release_id, platform.os, f"{platform.os}/{platform.arch}"):
                if entry.kind is CiKind.NONE:
                    return ""
                return entry.kind.value + (f" ({entry.detail})" if entry.detail else "")
        return ""

    def annotate(self, verdict: Verdict) -> Verdict:
        """The verdict with its risk flags added: upstream tier on the date, CI coverage, open upstream issues."""
        hit = self._annotated.get(id(verdict))
        if hit is not None and hit[0] is verdict:
            return hit[1]
        annotated = self._annotate(verdict)
        self._annotated[id(verdict)] = (verdict, annotated)
        return annotated

    def _annotate(self, verdict: Verdict) -> Verdict:
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


def _state(fact: TierFact) -> tuple[int, bool]:
    """What a tier statement says, with host tools ignored at tier 3 (nothing is shipped there)."""
    return (fact.tier, fact.host_tools and fact.tier < 3)


def friction_state(item: FrictionItem, on: dt.date) -> FrictionState:
    """Where an item stood on ``on`` (opened by then), by what its dates prove."""
    if item.closed is not None:
        return FrictionState.CLOSED if item.closed <= on else FrictionState.OPEN
    if item.closed_unknown:
        return FrictionState.UNKNOWN
    if item.state_as_of is not None and on <= item.state_as_of:
        return FrictionState.OPEN
    return FrictionState.LAST_SEEN_OPEN
