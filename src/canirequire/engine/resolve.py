"""Which package version a platform has of a dependency on a date, and why.

The rules of time (docs/architecture.md): a stable release's repository is
frozen at its release apart from updates; a rolling tree only moves forward;
a fact observed on date O says nothing certain about dates long before O.

Every fact's standing on a date comes from one function, ``fit``, whose
answer can change only on the dates ``breakpoints`` lists. A point question
(check, explain) asks ``fit`` once per fact; a walk through time (when,
roadmap, the timeline) sweeps each platform's facts once, re-asking ``fit``
only for the facts whose breakpoint it passes. Both reach the verdict through
the same ``_outcome``.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ..model import Cause, Channel, Flag, Origin, PackageFact, Status
from ..policy.project import Project
from ..store.index import FactIndex, precedence_key
from ..versions.libversion import Version, compare
from .results import Consideration, FactUse, Platform, Verdict

_EXACTNESS = {FactUse.EXACT: 2, FactUse.ASSUMED: 1, FactUse.LOWER_BOUND: 0}
_ONE_DAY = dt.timedelta(days=1)


def fit(fact: PackageFact, on: dt.date, arch: str) -> FactUse:
    """How one fact stands on ``on`` for ``arch``, before names, channels and layers are weighed."""
    if fact.arches is not None and arch not in fact.arches and arch != "any":
        if fact.arches_checked is None or arch in fact.arches_checked:
            return FactUse.NOT_BUILT
        # The source never looked at this architecture's index: unknown, not absent.
    if fact.valid_from and on < fact.valid_from:
        return FactUse.ARRIVED_LATER
    if fact.valid_to and on >= fact.valid_to:
        return FactUse.SUPERSEDED
    if fact.rolling:
        if fact.valid_from is None and fact.as_of is None:
            return FactUse.UNDATED_ROLLING
        if fact.valid_from is None and fact.as_of and on < fact.as_of:
            return FactUse.ROLLING_BEFORE_SEEN
        if fact.valid_to is None and fact.as_of and on > fact.as_of:
            return FactUse.LOWER_BOUND
        return FactUse.EXACT
    if fact.valid_from is None and fact.channel in (Channel.ALTERNATE, Channel.BACKPORTS):
        # Non-default and backported packages usually arrive after the release
        # (bullseye got rustc-web 1.78 three years in), so with no arrival
        # date nothing can be said about dates before the observation.
        if fact.as_of is None:
            return FactUse.UNDATED_NON_DEFAULT
        if on < fact.as_of:
            return FactUse.NON_DEFAULT_BEFORE_SEEN
    if fact.valid_from is None and (fact.as_of is None or on < fact.as_of):
        return FactUse.ASSUMED
    return FactUse.EXACT


def breakpoints(fact: PackageFact) -> tuple[dt.date, ...]:
    """Every date on which ``fit(fact, ...)`` may answer differently than the day before."""
    dates = [d for d in (fact.valid_from, fact.valid_to, fact.as_of) if d is not None]
    if fact.as_of is not None:
        dates.append(fact.as_of + _ONE_DAY)
    return tuple(dates)


def repos_for(project: Project, platform: Platform) -> tuple[tuple[str, str], ...]:
    """The repositories (os, release) a platform's packages come from, per the project file."""
    policy = project.os_policy(platform.os)
    templates = policy.packages_from if policy and policy.packages_from else ("{os},{release}",)
    major = platform.release.split(".")[0]
    repos = []
    for t in templates:
        text = t.format(os=platform.os, release=platform.release, major=major)
        os_id, _, rel = text.partition(",")
        repos.append((os_id.strip(), rel.strip()))
    return tuple(repos)


@dataclass(frozen=True, slots=True)
class _Facts:
    """A platform's facts for one dependency, with everything about them that no date changes."""

    repos: tuple[tuple[str, str], ...]
    facts: tuple[PackageFact, ...]
    name_ok: tuple[bool, ...]  # a package the project uses here (or the project has no opinion)
    counted: tuple[bool, ...]  # in a channel the policy counts
    vrank: tuple[int, ...]  # version order among these facts (equal versions share a rank)
    keys: tuple[int, ...]  # precedence group (repository, package, channel)
    rank: tuple[int, ...]  # the layer each fact comes from (higher wins within a group)
    any_rolling: bool
    not_from_os: bool  # the project file says it never takes this dependency from the OS here
    external: str  # how the project provides it outside the OS packages, if it does


def _collect(index: FactIndex, project: Project, platform: Platform, dependency: str) -> _Facts:
    repos = repos_for(project, platform)
    facts: list[PackageFact] = []
    for os_id, rel in repos:
        facts.extend(index.packages_in(dependency, os_id, rel))
    dep = project.dependency(dependency)
    policy = project.os_policy(platform.os)
    channels = policy.channels if policy and policy.channels else project.channels
    platform_keys = [f"{platform.os}-{platform.release}", platform.os, "default"]
    patterns_by_os: dict[str, tuple[str, ...] | None] = {}
    for os_id, _ in repos:
        keys = [f"{platform.os}-{platform.release}", os_id, platform.os, "default"]
        patterns_by_os[os_id] = dep.patterns_for(keys) if dep else None
    name_ok = []
    for f in facts:
        patterns = patterns_by_os[f.os]
        what_if = Flag.ASSUMED_BY_USER in f.quality  # --assume names no real package
        name_ok.append(what_if or patterns is None or any(fnmatchcase(f.package, p) for p in patterns))
    ordered = sorted({Version(f.version) for f in facts})
    rank = {v: i for i, v in enumerate(ordered)}
    key_ids: dict[tuple[str, str, str], int] = {}
    return _Facts(
        repos=repos,
        facts=tuple(facts),
        name_ok=tuple(name_ok),
        counted=tuple(f.channel in channels for f in facts),
        vrank=tuple(rank[Version(f.version)] for f in facts),
        keys=tuple(key_ids.setdefault(precedence_key(f), len(key_ids)) for f in facts),
        rank=tuple(f.origin.rank for f in facts),
        any_rolling=any(f.rolling for f in facts),
        not_from_os=bool(patterns_by_os) and all(p == () for p in patterns_by_os.values()),
        external=dep.external_for(platform_keys) if dep else "",
    )


class Resolver:
    """Verdicts for platforms of one project over one fact index; caches what no date changes."""

    def __init__(self, index: FactIndex, project: Project) -> None:
        self.index = index
        self.project = project
        self._facts: dict[tuple[str, str, str], _Facts] = {}

    def facts_for(self, platform: Platform, dependency: str) -> _Facts:
        key = (platform.os, platform.release, dependency)
        pf = self._facts.get(key)
        if pf is None:
            pf = self._facts[key] = _collect(self.index, self.project, platform, dependency)
        return pf

    def arch_group(self, platform: Platform, dependency: str) -> tuple[int, ...]:
        """The facts not built on the platform's architecture: arches that share them share every
        status (only that part of ``fit`` depends on the architecture)."""
        pf = self.facts_for(platform, dependency)
        return tuple(i for i, f in enumerate(pf.facts) if fit(f, dt.date.min, platform.arch) is FactUse.NOT_BUILT)

    def verdict(self, platform: Platform, dependency: str, on: dt.date, required: str | None,
                detail: bool = False) -> Verdict:
        pf = self.facts_for(platform, dependency)
        states = [fit(f, on, platform.arch) for f in pf.facts]
        return _verdict(platform, dependency, required, pf, states, detail, on)

    def status_changes(self, platform: Platform, dependency: str, required: str, start: dt.date,
                       end: dt.date) -> list[tuple[dt.date, Status]]:
        """The platform's status on ``start`` and on every later date in [start, end) where it changes.

        One sweep: each fact is re-weighed only on its own breakpoints, and the
        best package is kept in heaps, so the cost follows the number of events.
        """
        pf = self.facts_for(platform, dependency)
        arch = platform.arch
        events: dict[dt.date, list[int]] = {}
        for i, f in enumerate(pf.facts):
            for d in breakpoints(f):
                if start < d < end:
                    events.setdefault(d, []).append(i)
        meets = _meets_table(pf, required)
        agg = _Aggregate(pf)
        for i, f in enumerate(pf.facts):
            agg.set(i, fit(f, start, arch))
        changes = [(start, agg.status(required, meets))]
        for day in sorted(events):
            for i in events[day]:
                agg.set(i, fit(pf.facts[i], day, arch))
            status = agg.status(required, meets)
            if status is not changes[-1][1]:
                changes.append((day, status))
        return changes


APPLIES = frozenset((FactUse.EXACT, FactUse.ASSUMED, FactUse.LOWER_BOUND))


def _meets_table(pf: _Facts, required: str | None) -> tuple[bool, ...]:
    if required is None:
        return tuple(True for _ in pf.facts)
    return tuple(compare(f.version, required) >= 0 for f in pf.facts)


def _outcome(pf: _Facts, required: str | None, meets: tuple[bool, ...], best: int, best_state: FactUse | None,
             best_uncounted: int, n_not_built: int, n_arrived_later: int) -> tuple[Status, Cause]:
    """The one decision rule, from the best counted package and what became of the others."""
    n = len(pf.facts)
    if pf.external and (best < 0 or not meets[best]):
        return Status.OK, Cause.EXTERNAL
    if pf.not_from_os:
        return Status.MISSING, Cause.NOT_FROM_OS
    if best < 0:
        if best_uncounted >= 0:
            return Status.MISSING, Cause.UNCOUNTED_CHANNEL
        if n and n_not_built == n:
            return Status.MISSING, Cause.NOT_BUILT
        if n and n_arrived_later == n and not pf.any_rolling:
            return Status.MISSING, Cause.NOT_YET
        return Status.UNKNOWN, Cause.NO_USABLE_DATA if n else Cause.NO_DATA
    if required is None:
        return Status.OK, Cause.HAS
    if meets[best]:
        return Status.OK, Cause.MEETS
    if best_state is FactUse.LOWER_BOUND:
        return Status.UNKNOWN, Cause.LOWER_BOUND
    return Status.TOO_OLD, Cause.BELOW


def _pick(pf: _Facts, states: list[FactUse]) -> tuple[int, int, list[FactUse], dict[int, int]]:
    """Scan every fact: (best counted, best uncounted, each fact's final use, top layer per group)."""
    applying = [i for i, s in enumerate(states) if s in APPLIES]
    top: dict[int, int] = {}
    for i in applying:
        top[pf.keys[i]] = max(top.get(pf.keys[i], -1), pf.rank[i])
    best = best_uncounted = -1
    uses = list(states)
    for i in applying:
        if pf.rank[i] < top[pf.keys[i]]:
            uses[i] = FactUse.OVERRIDDEN
        elif not pf.name_ok[i]:
            uses[i] = FactUse.NAME_NOT_USED
        elif not pf.counted[i]:
            uses[i] = FactUse.CHANNEL_NOT_COUNTED
            if _better(i, best_uncounted, pf, states):
                best_uncounted = i
        elif _better(i, best, pf, states):
            best = i
    return best, best_uncounted, uses, top


class _Aggregate:
    """The best packages among the facts that apply, kept up to date as facts change standing.

    It gives the same answer as ``_pick`` over the same states (a test holds
    it to that), without rescanning every fact: the weighed facts sit in heaps
    ordered by version, surer date, then file order; entries that went stale
    are dropped when they reach the top.
    """

    def __init__(self, pf: _Facts) -> None:
        self.pf = pf
        self.states: list[FactUse | None] = [None] * len(pf.facts)
        self.n_not_built = 0
        self.n_arrived_later = 0
        self.applying_by_key: dict[int, set[int]] = {}
        self.rank_counts: dict[int, list[int]] = {}
        self.heaps: tuple[list, list] = ([], [])  # counted, uncounted

    def _top_rank(self, key: int) -> int:
        counts = self.rank_counts.get(key)
        if not counts:
            return -1
        for rank in range(len(counts) - 1, -1, -1):
            if counts[rank]:
                return rank
        return -1

    def set(self, i: int, state: FactUse) -> None:
        old = self.states[i]
        if old is state:
            return
        pf = self.pf
        self.states[i] = state
        self.n_not_built += (state is FactUse.NOT_BUILT) - (old is FactUse.NOT_BUILT)
        self.n_arrived_later += (state is FactUse.ARRIVED_LATER) - (old is FactUse.ARRIVED_LATER)
        key, rank = pf.keys[i], pf.rank[i]
        before = self._top_rank(key)
        was, now = old in APPLIES, state in APPLIES
        if was != now:
            counts = self.rank_counts.setdefault(key, [0, 0, 0])
            counts[rank] += 1 if now else -1
            members = self.applying_by_key.setdefault(key, set())
            (members.add if now else members.discard)(i)
        after = self._top_rank(key)
        if after < before:  # a higher layer stopped speaking: the lower one's facts are visible again
            for j in self.applying_by_key.get(key, ()):
                self._push(j)
        elif now:
            self._push(i)

    def _push(self, i: int) -> None:
        pf = self.pf
        if not pf.name_ok[i]:
            return
        heap = self.heaps[0] if pf.counted[i] else self.heaps[1]
        heapq.heappush(heap, (-pf.vrank[i], -_EXACTNESS[self.states[i]], i, self.states[i]))

    def _best(self, heap: list) -> int:
        pf = self.pf
        while heap:
            _, _, i, state = heap[0]
            if self.states[i] is state and state in APPLIES and pf.rank[i] == self._top_rank(pf.keys[i]):
                return i
            heapq.heappop(heap)
        return -1

    def status(self, required: str | None, meets: tuple[bool, ...]) -> Status:
        best = self._best(self.heaps[0])
        state = self.states[best] if best >= 0 else None
        return _outcome(self.pf, required, meets, best, state, self._best(self.heaps[1]), self.n_not_built,
                        self.n_arrived_later)[0]


def _verdict(platform: Platform, dependency: str, required: str | None, pf: _Facts, states: list[FactUse],
             detail: bool, on: dt.date | None = None) -> Verdict:
    """The verdict from each fact's standing on the date, with what an explanation needs."""
    facts = pf.facts
    best, best_uncounted, uses, top = _pick(pf, states)
    meets = _meets_table(pf, required)
    status, cause = _outcome(pf, required, meets, best, states[best] if best >= 0 else None, best_uncounted,
                             sum(s is FactUse.NOT_BUILT for s in states),
                             sum(s is FactUse.ARRIVED_LATER for s in states))
    # Which facts there were and why none counted: "no usable data" names them.
    explain = detail or cause is Cause.NO_USABLE_DATA
    considered = _considered(pf, states, uses, top) if explain else ()
    base = dict(platform=platform, dependency=dependency, required=required, repos=_repo_texts(pf.repos), on=on,
                status=status, cause=cause, considered=considered)
    if cause is Cause.EXTERNAL:
        return Verdict(flags=(Flag.EXTERNAL,), detail=pf.external, **base)
    if cause is Cause.UNCOUNTED_CHANNEL:
        return Verdict(other=facts[best_uncounted], flags=(Flag.BACKPORTS_NEWER,), **base)
    if cause is Cause.NOT_BUILT:
        return Verdict(names=tuple(sorted({f.package for f in facts})), **base)
    if cause is Cause.NOT_YET:
        return Verdict(other=min(facts, key=lambda f: f.valid_from), **base)
    if best < 0:
        return Verdict(**base)
    fact = facts[best]
    flags = _flags_for(fact, states[best], platform)
    newer_uncounted = best_uncounted >= 0 and pf.vrank[best_uncounted] > pf.vrank[best]
    if newer_uncounted:
        flags.append(Flag.BACKPORTS_NEWER)
    return Verdict(version=fact.version, package=fact.package, channel=fact.channel, source=fact.source,
                   as_of=fact.as_of, repo=fact.repo, evidence=fact, flags=tuple(flags),
                   other=facts[best_uncounted] if newer_uncounted else None, **base)


def _better(i: int, j: int, pf: _Facts, states: list[FactUse]) -> bool:
    """Fact i beats fact j (or j is none): a newer version, then a surer date; the earlier fact wins ties."""
    if j < 0:
        return True
    if pf.vrank[i] != pf.vrank[j]:
        return pf.vrank[i] > pf.vrank[j]
    return _EXACTNESS[states[i]] > _EXACTNESS[states[j]]


def _flags_for(fact: PackageFact, exactness: FactUse, platform: Platform) -> list[Flag]:
    flags = []
    if fact.channel is Channel.ALTERNATE:
        flags.append(Flag.ALTERNATE)
    if exactness is FactUse.ASSUMED:
        flags.append(Flag.ASSUMED)
    if exactness is FactUse.LOWER_BOUND:
        flags.append(Flag.LOWER_BOUND)
    flags.extend(fact.quality)
    if fact.arches is None or (platform.arch not in fact.arches and platform.arch != "any"):
        flags.append(Flag.ARCH_UNVERIFIED)
    if fact.os != platform.os and not fact.rolling:
        flags.append(Flag.PROXY)
    if fact.origin is Origin.USER:
        flags.append(Flag.USER_FACT)
    elif fact.origin is Origin.REFRESHED:
        flags.append(Flag.REFRESHED)
    return flags


def _considered(pf: _Facts, states, uses, top) -> tuple[Consideration, ...]:
    """Every fact, in the order an explanation reads best: set aside by date or arch first,
    then hidden by a higher layer, then the ones weighed."""
    rows = []
    for i, f in enumerate(pf.facts):
        use, state = uses[i], states[i]
        if state not in APPLIES:
            phase = 0
        elif use is FactUse.OVERRIDDEN:
            phase = 1
        else:
            phase = 2
        by = _origin_of_rank(top[pf.keys[i]]) if use is FactUse.OVERRIDDEN else None
        used = use.applies
        rows.append((phase, i, Consideration(f, use, used, state, by)))
    rows.sort(key=lambda r: (r[0], r[1]))
    return tuple(r[2] for r in rows)


def _origin_of_rank(rank: int) -> Origin:
    return next(o for o in Origin if o.rank == rank)


def _repo_texts(repos: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(f"{o},{r}" for o, r in repos)
