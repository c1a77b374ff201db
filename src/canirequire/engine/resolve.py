"""Which package version a platform has of a dependency on a date, and why.

How a single fact stands on a date is standing.fit (the rules of time). This
module gathers a platform's facts, weighs them against each other (names the
project uses, channels the policy counts, layers that override others) and
reaches the verdict through one rule, ``_outcome``. A point question (check,
explain) weighs every fact once; a walk through time (when, roadmap, the
timeline) sweeps each platform's facts once, re-weighing a fact only on its
own breakpoints, and keeps the running best in an aggregate.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
import heapq
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ..model import (
    EARLIEST_DATE, LATEST_DATE, Cause, Channel, Flag, Origin, PackageFact, ReadAt, Relation, Sighting, Status,
)
from ..model.catalog import Catalog, StreamKind
from ..policy.project import Project, RepoSource
from ..store.index import FactIndex
from ..versions.libversion import compare, next_minor, sort_key
from .branches import Schedule, is_branch_name, schedule
from .results import Bracket, Consideration, FactUse, Platform, Seen, Verdict
from .standing import POSSIBLE, PRESENT, FactContext, breakpoints, fit

_EXACTNESS = {FactUse.EXACT: 2, FactUse.ASSUMED: 1, FactUse.LOWER_BOUND: 0}
_ABSENT_BY_DATE = frozenset((FactUse.ARRIVED_LATER, FactUse.NOT_RELEASED, FactUse.BRANCH_NOT_CURRENT,
                             FactUse.NEWER_THAN_NEWEST))
_BRANCH = "{branch}"


def repos_for(project: Project, platform: Platform) -> tuple[tuple[str, str, RepoSource], ...]:
    """The repositories (os, release, how to read it) a platform's packages come from, per the project file;
    a release of ``{branch}`` stands for every stable branch of that tree."""
    policy = project.os_policy(platform.os)
    sources = policy.packages_from if policy else (RepoSource("{os},{release}"),)
    major = platform.release.split(".")[0]
    repos = []
    for source in sources:
        text = source.template.replace(_BRANCH, "\0").format(os=platform.os, release=platform.release,
                                                              major=major).replace("\0", _BRANCH)
        os_id, _, rel = text.partition(",")
        repos.append((os_id.strip(), rel.strip(), source))
    return tuple(repos)


@dataclass(frozen=True, slots=True)
class _Facts:
    """A platform's facts for one dependency, with everything about them that no date changes."""

    repos: tuple[tuple[str, str, RepoSource], ...]
    facts: tuple[PackageFact, ...]
    contexts: tuple[FactContext, ...]
    name_ok: tuple[bool, ...]  # a package the project uses here (or the project has no opinion)
    counted: tuple[bool, ...]  # in a channel the policy counts
    vrank: tuple[int, ...]  # version order among these facts (equal versions share a rank)
    sorted_keys: tuple  # the distinct libversion sort keys, in rank order (a minimum finds its rank by bisection)
    versions: tuple[str, ...]  # one spelling per rank, lowest first: the minimums at which a verdict can change
    keys: tuple[int, ...]  # precedence group (repository, package, channel)
    rank: tuple[int, ...]  # the layer each fact comes from (higher wins within a group)
    not_from_os: bool  # the project file says it never takes this dependency from the OS here
    external: str  # how the project provides it outside the OS packages, if it does
    schedule: Schedule | None  # the stable branches of the tree the release follows
    # The distinct (arches, arches_checked) pairs the facts name: an architecture matters to a verdict
    # only through them, so architectures answering them alike share every verdict's states.
    arch_sets: tuple[tuple[tuple[str, ...], tuple[str, ...] | None], ...] = ()
    n_named: int = 0  # facts of packages the project uses here: only they can prove absence


@dataclass(frozen=True, slots=True)
class _Requirement:
    """What a minimum makes of each fact: whether it meets it, whether its repository could
    have moved on to meet it, and until when a "newest" row rules that out."""

    meets: tuple[bool, ...]
    reach: tuple[bool, ...]
    capped_until: tuple[dt.date | None, ...]
    superseded_from: tuple[dt.date | None, ...]


def _names_allowed(facts: list[PackageFact], patterns_by_os: dict[str, tuple[str, ...] | None]) -> list[bool]:
    """Per fact: does the project take this package name in this OS (None: any name)?"""
    name_ok = []
    matched: dict[tuple[str, str], bool] = {}  # histories repeat a few names thousands of times
    for f in facts:
        patterns = patterns_by_os[f.os]
        what_if = Flag.ASSUMED_BY_USER in f.quality  # --assume names no real package
        key = (f.os, f.package)
        if key not in matched:
            matched[key] = patterns is None or any(fnmatchcase(f.package, p) for p in patterns)
        name_ok.append(what_if or matched[key])
    return name_ok


def _version_ranks(facts: list[PackageFact]) -> tuple[tuple, tuple[int, ...]]:
    """(the distinct sort keys in order, each fact's rank among them): equal versions spelled differently
    (1.77, 1.77.0) share a rank, so comparing facts is comparing integers."""
    keys_of = {v: sort_key(v) for v in {f.version for f in facts}}
    sorted_keys = tuple(sorted(set(keys_of.values())))
    rank_of = {k: i for i, k in enumerate(sorted_keys)}
    return sorted_keys, tuple(rank_of[keys_of[f.version]] for f in facts)


def _collect(index: FactIndex, catalog: Catalog, project: Project, platform: Platform, dependency: str) -> _Facts:
    """Everything no date changes about a platform's facts for one dependency: which facts its policy
    reads, in which channels and under which names, how each repository moves, and each fact's context."""
    repos = repos_for(project, platform)
    dep = project.dependency(dependency)
    policy = project.os_policy(platform.os)
    tree = policy.branches if policy else ""
    sched = schedule(tree, index.branches_of(tree), catalog.branch_cuts.get(tree, "")) if tree else None
    ga = platform.lifecycle.release_date if platform.lifecycle else None
    upstream_project = dep.upstream_project if dep else dependency

    facts: list[PackageFact] = []
    sources: list[RepoSource] = []
    seen: set[int] = set()
    for os_id, rel, source in repos:
        found = ([f for f in index.packages_in(dependency, os_id) if is_branch_name(f.release)] if rel == _BRANCH
                 else index.packages_in(dependency, os_id, rel))
        for f in found:
            if id(f) not in seen:  # {major} and {release} may both reach a fact
                seen.add(id(f))
                facts.append(f)
                sources.append(source)
    channels = policy.channels if policy and policy.channels else project.channels
    platform_keys = [f"{platform.os}-{platform.release}", platform.os, "default"]
    patterns_by_os: dict[str, tuple[str, ...] | None] = {}
    for os_id, _, _ in repos:
        keys = [f"{platform.os}-{platform.release}", os_id, platform.os, "default"]
        patterns_by_os[os_id] = dep.patterns_for(keys) if dep else None
    name_ok = _names_allowed(facts, patterns_by_os)
    sorted_keys, vrank = _version_ranks(facts)
    read_ats = [source.read_at for source in sources]
    successors, successors_from = _successors(facts, read_ats, vrank)
    excluded_until = _newest_limits(facts, vrank)
    contradicted = _contradicted(facts, vrank, ga)
    steps_of = {read_at: _steps(read_at, ga, sched) for read_at in set(read_ats)}
    reads_of = {read_at: _monotone_reads(steps) for read_at, steps in steps_of.items()}
    contexts = []
    kinds: dict[tuple, object] = {}
    released_on: dict[str, dt.date | None] = {}
    for i, (f, source) in enumerate(zip(facts, sources)):
        if f.version not in released_on:
            released = index.upstream_release(upstream_project, f.version)
            released_on[f.version] = released.date if released else None
        kind_key = (f.os, f.release, f.channel, f.package)
        if kind_key not in kinds:
            kinds[kind_key] = catalog.stream_kind(f.os, f.release, f.channel.value, f.package)
        contexts.append(FactContext(
            kind=kinds[kind_key],
            relation=source.relation, read_at=source.read_at,
            clip=ga if source.read_at is ReadAt.DATE and not f.rolling else None,
            upstream=released_on[f.version],
            window=sched.window(f.release) if sched and is_branch_name(f.release) else None,
            steps=steps_of[source.read_at], step_reads=reads_of[source.read_at], successors=successors[i],
            successors_from=successors_from[i],
            excluded_until=excluded_until[i],
            contradicted=contradicted[i],
        ))
    key_ids: dict[tuple, int] = {}
    spelling: dict[int, str] = {}
    for f, r in zip(facts, vrank):
        spelling.setdefault(r, f.version)
    return _Facts(
        repos=repos, facts=tuple(facts), contexts=tuple(contexts), name_ok=tuple(name_ok),
        counted=tuple(f.channel in channels for f in facts), vrank=vrank, sorted_keys=sorted_keys,
        versions=tuple(spelling[r] for r in range(len(sorted_keys))),
        # precedence_key's groups, keyed without building its "os,release" text per fact
        keys=tuple(key_ids.setdefault((f.os, f.release, f.package, f.channel), len(key_ids)) for f in facts),
        rank=tuple(f.origin.rank for f in facts),
        not_from_os=bool(patterns_by_os) and all(p == () for p in patterns_by_os.values()),
        external=dep.external_for(platform_keys) if dep else "", schedule=sched,
        arch_sets=tuple(dict.fromkeys((f.arches, f.arches_checked) for f in facts if f.arches is not None)),
        n_named=sum(name_ok),
    )


def _contradicted(facts: list[PackageFact], vrank: tuple[int, ...], ga: dt.date | None) -> list[bool]:
    """A sighting that a dated row of the same package in the same release contradicts: the release shipped
    (or received) another version, dated on or before the sighting, so "unchanged since the release" is
    false for it, and one of the two sources may be wrong (the answer shows it as a data conflict)."""
    dated: dict[tuple[str, str, str], list[tuple[dt.date, int]]] = {}
    for i, f in enumerate(facts):
        # Before the release (a branched Fedora, a frozen Debian testing) versions move by design.
        if (f.valid_from and not f.rolling and f.channel in (Channel.MAIN, Channel.UPDATES, Channel.SECURITY)
                and (ga is None or f.valid_from >= ga)):
            dated.setdefault((f.os, f.release, f.package), []).append((f.valid_from, vrank[i]))
    out = []
    for i, f in enumerate(facts):
        rows = dated.get((f.os, f.release, f.package), ())
        seen = f.first_seen
        out.append(f.valid_from is None and f.absent_on is None and seen is not None and not f.rolling
                   and (ga is None or seen > ga) and any(day <= seen and rank != vrank[i] for day, rank in rows))
    return out


def _steps(read_at: ReadAt, ga: dt.date | None, sched: Schedule | None) -> tuple[tuple[dt.date, dt.date], ...]:
    """Question date -> the date a repository is read at: its release date, or when the current branch was cut."""
    if read_at is ReadAt.RELEASE and ga:
        return ((dt.date.min, ga),)
    if read_at is ReadAt.BRANCH_POINT and sched:
        return tuple((b.cut, b.cut) for b in sched.branches)
    return ()


def _monotone_reads(steps: tuple[tuple[dt.date, dt.date], ...]) -> tuple[dt.date, ...] | None:
    reads = tuple(read for _, read in steps)
    ordered = all(a <= b for a, b in zip(reads, reads[1:])) and all(
        a[0] <= b[0] for a, b in zip(steps, steps[1:]))
    return reads if ordered else None


def _successors(facts: list[PackageFact], read_ats: list[ReadAt], vrank: tuple[int, ...]
                ) -> tuple[list[tuple[int, ...]], list[int]]:
    """An arrival of a newer version of the same package in the same repository lineage supersedes the
    older one (and bounds what the repository could have held before it). Per fact: its lineage's
    arrivals and where the ones after it start."""
    lineages: dict[tuple, list[int]] = {}
    for i, f in enumerate(facts):
        # Releases of one OS (RHEL 9.4, 9.5 ...) form one lineage; a stable branch is a lineage of its own;
        # each layer keeps its own history (a higher layer overrides, it does not splice in).
        key = (f.os, f.release if is_branch_name(f.release) else "", f.package, f.channel, read_ats[i], f.origin)
        lineages.setdefault(key, []).append(i)
    arrival_order = [(f.valid_from or f.seen_from or f.as_of or dt.date.max, vrank[i]) for i, f in enumerate(facts)]
    succ: list[tuple[int, ...]] = [()] * len(facts)
    start = [0] * len(facts)
    for members in lineages.values():
        members.sort(key=arrival_order.__getitem__)
        # One shared tuple of arrivals per lineage, read lazily from each fact's place: the first
        # newer arrival is almost always the next one, so no fact needs a list of its own (one per
        # fact made history quadratic).
        arrivals = tuple(j for j in members if facts[j].valid_from)
        if not arrivals:
            continue
        where = {j: n for n, j in enumerate(arrivals)}
        next_arrival = len(arrivals)
        for i in reversed(members):
            if next_arrival < len(arrivals):
                succ[i], start[i] = arrivals, next_arrival
            if i in where:
                next_arrival = where[i]
    return succ, start


def _newest_limits(facts: list[PackageFact], vrank: tuple[int, ...]) -> list[dt.date | None]:
    """A "newest" row (nothing newer of the dependency in the repository on its date) rules out
    every newer version on that date and before it (a repository does not go back)."""
    limits: list[dt.date | None] = [None] * len(facts)
    newest = [i for i, f in enumerate(facts) if f.newest and f.as_of and f.channel is not Channel.BACKPORTS]
    if not newest:
        return limits
    # Per repository: the newest rows by version, with the latest listing date among all rows up to
    # each version, so each fact needs one bisection instead of a scan.
    by_repo: dict[tuple[str, str], list[tuple[int, dt.date]]] = {}
    for n in newest:
        by_repo.setdefault((facts[n].os, facts[n].release), []).append((vrank[n], facts[n].as_of))
    tables = {}
    for repo, rows in by_repo.items():
        rows.sort()
        running, prefix = None, []
        for _, day in rows:
            running = day if running is None or day > running else running
            prefix.append(running)
        tables[repo] = ([v for v, _ in rows], prefix)
    for i, f in enumerate(facts):
        table = tables.get((f.os, f.release))
        if table is None:
            continue
        k = bisect_left(table[0], vrank[i])  # rows with a lower version than this fact's
        if k:
            limits[i] = table[1][k - 1]
    return limits


def _first_newer(pf: _Facts, c: FactContext, i: int, arch: str) -> int:
    """The first later arrival of a newer version in fact ``i``'s lineage built on ``arch`` (or -1)."""
    succ, mine, facts = c.successors, pf.vrank[i], pf.facts
    for n in range(c.successors_from, len(succ)):
        j = succ[n]
        if pf.vrank[j] > mine and (facts[j].arches is None or arch in facts[j].arches):
            return j
    return -1


def _newer_arrivals(pf: _Facts, arch: str) -> tuple[int, ...]:
    """Per fact, the first later arrival of a newer version built on ``arch`` (-1: none); no minimum changes it."""
    return tuple(_first_newer(pf, c, i, arch) for i, c in enumerate(pf.contexts))


def _requirement(pf: _Facts, required: str | None, arch: str, newer: tuple[int, ...] | None = None
                 ) -> _Requirement:
    facts = pf.facts
    if required is None:
        meets = tuple(True for _ in facts)
    else:
        lowest = bisect_left(pf.sorted_keys, sort_key(required))  # the first rank at or above the minimum
        meets = tuple(rank >= lowest for rank in pf.vrank)
    if newer is None:
        newer = _newer_arrivals(pf, arch)
    reach, superseded = [], []
    for i, c in enumerate(pf.contexts):
        # Only a newer arrival known to be built on this architecture supersedes here.
        j = newer[i]
        superseded.append(facts[j].valid_from if j >= 0 else None)
        if c.kind is StreamKind.PATCH and c.relation is not Relation.LEADS:
            # Point updates only: it can reach the minimum only within its own x.y (and below a later arrival).
            within = required is None or compare(required, next_minor(facts[i].version)) < 0
            reach.append(within and (j < 0 or required is None or compare(facts[j].version, required) > 0))
        elif j < 0 or c.relation is Relation.LEADS:  # a release ahead of its source may hold anything newer
            reach.append(True)
        else:
            # Between two rows: a stepwise repository holds the earlier one; an updating one may have
            # held anything below the later arrival.
            reach.append(c.kind is StreamKind.UPDATING and required is not None
                         and compare(facts[j].version, required) > 0)
    # A "newest" row below the minimum shows the whole repository below it until its date.
    cap: dict[tuple[str, str], dt.date] = {}
    for i, f in enumerate(facts):
        if f.newest and f.as_of and pf.counted[i] and (required is None or not meets[i]):
            cap[(f.os, f.release)] = max(cap.get((f.os, f.release), f.as_of), f.as_of)
    return _Requirement(meets, tuple(reach), tuple(cap.get((f.os, f.release)) for f in facts), tuple(superseded))


class Resolver:
    """Verdicts for platforms of one project over one fact index; caches what no date changes."""

    def __init__(self, index: FactIndex, catalog: Catalog, project: Project) -> None:
        self.index = index
        self.catalog = catalog
        self.project = project
        self._facts: dict[tuple[str, str, str], _Facts] = {}
        self._requirements: dict[tuple, _Requirement] = {}
        self._arch_groups: dict[tuple[str, str, str, str], tuple] = {}
        self._states: dict[tuple, list[FactUse]] = {}
        self._states_on: dt.date | None = None
        self._fits: dict[tuple, dict[tuple, FactUse]] = {}  # per release, dependency and arch group, on one date
        self._newer: dict[tuple, tuple[int, ...]] = {}
        self._timelines: dict[tuple, tuple[list[dt.date], list[Status]]] = {}
        self._verdicts: dict[tuple, Verdict] = {}
        # What the policy makes of the lifecycles (supported sets, their periods): like everything here it
        # depends only on the project and the facts, so engines for other scopes share it.
        self.policy_memo: dict[tuple, object] = {}
        # What the data proves per release, arch group, dependency and date (engine.knowledge), shared likewise.
        self.knowledge_memo: dict[tuple, object] = {}

    def serves(self, index: FactIndex, catalog: Catalog, project: Project) -> bool:
        """Whether this resolver's caches hold for these inputs (they depend on nothing else)."""
        return index is self.index and catalog is self.catalog and project is self.project

    def facts_for(self, platform: Platform, dependency: str) -> _Facts:
        """The facts a platform's policy reads for a dependency, with their contexts (collected once per release)."""
        key = (platform.os, platform.release, dependency)
        pf = self._facts.get(key)
        if pf is None:
            pf = self._facts[key] = _collect(self.index, self.catalog, self.project, platform, dependency)
        return pf

    def requirement(self, platform: Platform, dependency: str, required: str | None) -> _Requirement:
        """What a minimum makes of a platform's facts (once per release, minimum and architecture group)."""
        key = (platform.os, platform.release, dependency, required, self.arch_group(platform, dependency))
        req = self._requirements.get(key)
        if req is None:
            pf = self.facts_for(platform, dependency)
            newer_key = key[:3] + key[4:]
            newer = self._newer.get(newer_key)
            if newer is None:
                newer = self._newer[newer_key] = _newer_arrivals(pf, platform.arch)
            req = self._requirements[key] = _requirement(pf, required, platform.arch, newer)
        return req

    def arch_group(self, platform: Platform, dependency: str) -> tuple:
        """How the platform's architecture affects its facts: arches that affect them alike share
        every status (only the architecture checks in ``fit`` and ``_first_newer`` depend on it)."""
        key = (platform.os, platform.release, dependency, platform.arch)
        group = self._arch_groups.get(key)
        if group is None:
            arch = platform.arch
            group = self._arch_groups[key] = ("any",) if arch == "any" else tuple(
                (arch in arches, checked is None or arch in checked)
                for arches, checked in self.facts_for(platform, dependency).arch_sets)
        return group

    def states(self, platform: Platform, dependency: str, on: dt.date, required: str | None) -> list[FactUse]:
        """Every fact's standing on ``on``; architectures in one group share them (kept for one date,
        which is what a check, a matrix column or a walk's final verdicts ask for)."""
        if on != self._states_on:
            self._states.clear()
            self._fits.clear()
            self._states_on = on
        group = self.arch_group(platform, dependency)
        key = (platform.os, platform.release, dependency, required, group)
        states = self._states.get(key)
        if states is None:
            pf = self.facts_for(platform, dependency)
            req = self.requirement(platform, dependency, required)
            arch = platform.arch
            # A minimum changes a fact's standing only through what it may reach and the cap a "newest" row
            # puts on it: other minimums asked on the same date reuse every standing those leave alike.
            fits = self._fits.setdefault((platform.os, platform.release, dependency, group), {})
            states = []
            for i, (f, c) in enumerate(zip(pf.facts, pf.contexts)):
                fit_key = (i, req.reach[i], req.capped_until[i])
                state = fits.get(fit_key)
                if state is None:
                    state = fits[fit_key] = fit(f, c, on, arch, req.reach[i], req.capped_until[i],
                                                req.superseded_from[i])
                states.append(state)
            self._states[key] = states
        return states

    def verdict(self, platform: Platform, dependency: str, on: dt.date, required: str | None,
                detail: bool = False) -> Verdict:
        """The platform's verdict on ``on``; remembered, since a report asks the same question of the
        same platform once per scope (the whole project, then each component)."""
        key = (platform, dependency, on, required, detail)
        verdict = self._verdicts.get(key)
        if verdict is None:
            pf = self.facts_for(platform, dependency)
            req = self.requirement(platform, dependency, required)
            states = self.states(platform, dependency, on, required)
            verdict = self._verdicts[key] = _verdict(platform, dependency, required, pf, req, states, detail, on)
        return verdict

    def status_timeline(self, platform: Platform, dependency: str, minimum: str, since: dt.date = EARLIEST_DATE
                        ) -> tuple[list[dt.date], list[Status]]:
        """The platform's status from ``since`` on, as (dates, statuses): each status holds from its date
        to the next. Swept once per release, architecture group and requirement, whichever engine asks,
        and again only for a question about an earlier date: a walk looks ahead, and a long history's
        events lie mostly behind it."""
        key = (platform.os, platform.release, self.arch_group(platform, dependency), dependency, minimum)
        timeline = self._timelines.get(key)
        if timeline is None or since < timeline[0][0]:
            pairs = self.status_changes(platform, dependency, minimum, since, LATEST_DATE)
            timeline = self._timelines[key] = ([d for d, _ in pairs], [s for _, s in pairs])
        return timeline

    def status_changes(self, platform: Platform, dependency: str, required: str, start: dt.date,
                       end: dt.date) -> list[tuple[dt.date, Status]]:
        """The platform's status on ``start`` and on every later date in [start, end) where it changes.

        One sweep: each fact is re-weighed only on its own breakpoints, and the
        running best is kept in an aggregate, so the cost follows the number of events.
        """
        pf = self.facts_for(platform, dependency)
        req = self.requirement(platform, dependency, required)
        arch = platform.arch
        events: dict[dt.date, list[int]] = {}
        for i, (f, c) in enumerate(zip(pf.facts, pf.contexts)):
            for day in breakpoints(f, c, req.capped_until[i], req.superseded_from[i]):
                if start < day < end:
                    events.setdefault(day, []).append(i)
        agg = _Aggregate(pf, req)
        for i, (f, c) in enumerate(zip(pf.facts, pf.contexts)):
            agg.set(i, fit(f, c, start, arch, req.reach[i], req.capped_until[i], req.superseded_from[i]))
        changes = [(start, agg.status(required))]
        for day in sorted(events):
            for i in events[day]:
                agg.set(i, fit(pf.facts[i], pf.contexts[i], day, arch, req.reach[i], req.capped_until[i],
                               req.superseded_from[i]))
            status = agg.status(required)
            if status is not changes[-1][1]:
                changes.append((day, status))
        return changes


@dataclass(frozen=True, slots=True)
class _Weighed:
    """The result of weighing a platform's facts on one date."""

    best: int  # the best counted package present (-1: none)
    best_uncounted: int  # the best present in a channel the policy does not count
    possible: int  # a counted fact that would meet the minimum and may have been there (-1: none)
    possible_state: FactUse | None
    open: int  # a counted fact whose repository may have moved on to meet it (-1: none)
    n_not_built: int
    n_absent_by_date: int
    introduced_later: bool  # the package's first appearance in the repository is after the date


def _outcome(pf: _Facts, req: _Requirement, required: str | None, w: _Weighed, best_state: FactUse | None
             ) -> tuple[Status, Cause]:
    """The one decision rule: proven present and meeting it is ok; something that would meet it and may
    have been there is unknown; proven below it is too old; nothing there at all is missing."""
    n = pf.n_named
    best = w.best
    if pf.external and (best < 0 or not req.meets[best]):
        return Status.OK, Cause.EXTERNAL
    if pf.not_from_os:
        return Status.MISSING, Cause.NOT_FROM_OS
    if best >= 0 and req.meets[best]:
        return Status.OK, Cause.HAS if required is None else Cause.MEETS
    if w.possible >= 0:
        return Status.UNKNOWN, _POSSIBLE_CAUSE[w.possible_state]
    if w.open >= 0:
        return Status.UNKNOWN, Cause.LOWER_BOUND
    if best >= 0:
        return Status.TOO_OLD, Cause.BELOW
    if w.best_uncounted >= 0:
        return Status.MISSING, Cause.UNCOUNTED_CHANNEL
    # Every fact there on the date skips this architecture (the rest are proven not there yet, or no
    # longer): the package is not built for it on that date.
    if n and w.n_not_built and w.n_not_built + w.n_absent_by_date == n:
        return Status.MISSING, Cause.NOT_BUILT
    if n and w.n_absent_by_date == n and w.introduced_later:
        return Status.MISSING, Cause.NOT_YET
    return Status.UNKNOWN, Cause.NO_USABLE_DATA if pf.facts else Cause.NO_DATA


_POSSIBLE_CAUSE = {FactUse.SEEN_LATER: Cause.SEEN_LATER, FactUse.UNDATED: Cause.UNDATED,
                   FactUse.ARCH_NOT_COVERED: Cause.ARCH_NOT_COVERED}


def _visible_top(pf: _Facts, states: list[FactUse]) -> dict[int, int]:
    """Per precedence group, the highest layer with a fact present on the date: it hides the lower ones."""
    top: dict[int, int] = {}
    for i, state in enumerate(states):
        if state in PRESENT:
            top[pf.keys[i]] = max(top.get(pf.keys[i], -1), pf.rank[i])
    return top


def _pick(pf: _Facts, req: _Requirement, states: list[FactUse]) -> tuple[_Weighed, list[FactUse], dict[int, int]]:
    """Weigh every fact: the best packages, what may have been there, and each fact's final use."""
    top = _visible_top(pf, states)
    best = best_uncounted = possible = opened = -1
    uses = list(states)
    for i, state in enumerate(states):
        if state not in PRESENT and state not in POSSIBLE:
            continue
        if pf.rank[i] < top.get(pf.keys[i], -1):
            uses[i] = FactUse.OVERRIDDEN
        elif not pf.name_ok[i]:
            uses[i] = FactUse.NAME_NOT_USED
        elif not pf.counted[i]:
            uses[i] = FactUse.CHANNEL_NOT_COUNTED
            if state in PRESENT and _better(i, best_uncounted, pf, states):
                best_uncounted = i
        elif state in POSSIBLE:
            if req.meets[i] and (possible < 0 or _earlier_seen(pf, i, possible)):
                possible = i
        else:
            if _better(i, best, pf, states):
                best = i
            if state is FactUse.LOWER_BOUND and (opened < 0 or pf.vrank[i] > pf.vrank[opened]):
                opened = i
    weighed = _Weighed(best, best_uncounted, possible, states[possible] if possible >= 0 else None, opened,
                       sum(s is FactUse.NOT_BUILT for s, ok in zip(states, pf.name_ok) if ok),
                       sum(s in _ABSENT_BY_DATE for s, ok in zip(states, pf.name_ok) if ok),
                       any(f.introduced and s is FactUse.ARRIVED_LATER for f, s in zip(pf.facts, states)))
    return weighed, uses, top


def _earlier_seen(pf: _Facts, i: int, j: int) -> bool:
    a, b = pf.facts[i].first_seen, pf.facts[j].first_seen
    return a is not None and (b is None or a < b)


def _better(i: int, j: int, pf: _Facts, states: list) -> bool:
    """Fact i beats fact j (or j is none): a newer version, then a surer date; the earlier fact wins ties."""
    if j < 0:
        return True
    if pf.vrank[i] != pf.vrank[j]:
        return pf.vrank[i] > pf.vrank[j]
    return _EXACTNESS[states[i]] > _EXACTNESS[states[j]]


_WEIGHED = PRESENT | POSSIBLE


class _Aggregate:
    """The weighing of ``_pick``, kept up to date as facts change standing during a sweep.

    It reaches the same status as ``_pick`` would over the same states (a test
    holds it to that) without rescanning every fact: present facts sit in heaps
    ordered by version, surer date, then file order (stale entries are dropped
    when they reach the top); per precedence group and layer it counts the facts
    that may have been there and would meet the minimum, and the present ones
    whose repository may have moved on.
    """

    def __init__(self, pf: _Facts, req: _Requirement) -> None:
        self.pf = pf
        self.req = req
        self.states: list[FactUse | None] = [None] * len(pf.facts)
        self.n_not_built = 0
        self.n_absent = 0
        self.n_introduced_later = 0
        self.present_by_key: dict[int, set[int]] = {}
        self.counts: dict[int, list[list[int]]] = {}  # key -> [present, possible-meeting, open] x layer
        self.n_possible = 0  # visible, counted, name-ok, would meet, may have been there
        self.n_open = 0  # visible, counted, name-ok, present, repository may have moved on
        self.heaps: tuple[list, list] = ([], [])  # counted, uncounted

    def _top(self, key: int) -> int:
        counts = self.counts.get(key)
        if counts:
            for rank in (2, 1, 0):
                if counts[0][rank]:
                    return rank
        return -1

    def _visible_sums(self, key: int) -> tuple[int, int]:
        counts = self.counts.get(key)
        if not counts:
            return 0, 0
        lo = max(self._top(key), 0)
        return sum(counts[1][lo:]), sum(counts[2][lo:])

    def set(self, i: int, state: FactUse) -> None:
        """Fact ``i`` now stands as ``state``: update the counts, the visible layers and the heaps."""
        old = self.states[i]
        if old is state:
            return
        pf = self.pf
        key, rank = pf.keys[i], pf.rank[i]
        self.states[i] = state
        if pf.name_ok[i]:  # a package the project does not use here says nothing about absence
            self.n_not_built += (state is FactUse.NOT_BUILT) - (old is FactUse.NOT_BUILT)
            self.n_absent += (state in _ABSENT_BY_DATE) - (old in _ABSENT_BY_DATE)
        if pf.facts[i].introduced:
            self.n_introduced_later += (state is FactUse.ARRIVED_LATER) - (old is FactUse.ARRIVED_LATER)
        if old not in _WEIGHED and state not in _WEIGHED:
            return  # neither standing is present or possible: layers, counts and heaps are unchanged
        before_top = self._top(key)
        before = self._visible_sums(key)
        counts = self.counts.setdefault(key, [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
        weighed = pf.name_ok[i] and pf.counted[i]
        for s, sign in ((old, -1), (state, 1)):
            if s in PRESENT:
                counts[0][rank] += sign
                (self.present_by_key.setdefault(key, set()).add if sign > 0
                 else self.present_by_key.setdefault(key, set()).discard)(i)
                if weighed and s is FactUse.LOWER_BOUND:
                    counts[2][rank] += sign
            elif s in POSSIBLE and weighed and self.req.meets[i]:
                counts[1][rank] += sign
        after = self._visible_sums(key)
        self.n_possible += after[0] - before[0]
        self.n_open += after[1] - before[1]
        if self._top(key) < before_top:  # a higher layer stopped speaking: the lower one's facts are visible again
            for j in self.present_by_key.get(key, ()):
                self._push(j)
        elif state in PRESENT:
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
            if self.states[i] is state and state in PRESENT and pf.rank[i] == self._top(pf.keys[i]):
                return i
            heapq.heappop(heap)
        return -1

    def status(self, required: str | None) -> Status:
        """The status ``_pick`` and ``_outcome`` would give for the current states."""
        best = self._best(self.heaps[0])
        weighed = _Weighed(best, self._best(self.heaps[1]), 0 if self.n_possible else -1,
                           FactUse.SEEN_LATER if self.n_possible else None, 0 if self.n_open else -1,
                           self.n_not_built, self.n_absent, self.n_introduced_later > 0)
        return _outcome(self.pf, self.req, required, weighed, self.states[best] if best >= 0 else None)[0]


def _verdict(platform: Platform, dependency: str, required: str | None, pf: _Facts, req: _Requirement,
             states: list[FactUse], detail: bool, on: dt.date) -> Verdict:
    """The verdict from each fact's standing on the date, with what an explanation needs."""
    facts = pf.facts
    w, uses, top = _pick(pf, req, states)
    best = w.best
    status, cause = _outcome(pf, req, required, w, states[best] if best >= 0 else None)
    # Which facts there were and why none counted: "no usable data" names them.
    explain = detail or cause is Cause.NO_USABLE_DATA
    considered = _considered(pf, states, uses, top) if explain else ()
    base = dict(platform=platform, dependency=dependency, required=required, on=on, status=status, cause=cause,
                considered=considered, repos=tuple(f"{o},{r}" for o, r, _ in pf.repos))
    if cause is Cause.EXTERNAL:
        return Verdict(flags=(Flag.EXTERNAL,), detail=pf.external, **base)
    if cause is Cause.UNCOUNTED_CHANNEL:
        return Verdict(other=facts[w.best_uncounted], flags=(Flag.BACKPORTS_NEWER,), **base)
    if cause is Cause.NOT_BUILT:
        return Verdict(names=tuple(sorted({f.package for f in facts})), **base)
    if cause is Cause.NOT_YET:
        arrived = [f for f, s in zip(facts, states) if f.introduced and s is FactUse.ARRIVED_LATER]
        return Verdict(other=min(arrived, key=lambda f: f.valid_from) if arrived else None, **base)
    other = None
    if w.possible >= 0 and cause in _POSSIBLE_CAUSE.values():
        other = facts[w.possible]
    if status is Status.UNKNOWN:
        base["bracket"] = _bracket(pf, req, states, best, on)
    # Only where the release is taken to stay as released: in a moving repository versions differ by design.
    conflict = any(c.contradicted and not c.moves and pf.counted[i] and pf.name_ok[i] and states[i] in _WEIGHED
                   for i, c in enumerate(pf.contexts))
    if best < 0:
        return Verdict(other=other, flags=(Flag.DATA_CONFLICT,) if conflict else (), **base)
    fact = facts[best]
    flags = _flags_for(fact, pf.contexts[best], states[best], platform, pf, on)
    newer_uncounted = w.best_uncounted >= 0 and pf.vrank[w.best_uncounted] > pf.vrank[best]
    if newer_uncounted:
        flags.append(Flag.BACKPORTS_NEWER)
        other = other or facts[w.best_uncounted]
    if cause is Cause.LOWER_BOUND and Flag.LOWER_BOUND not in flags:
        flags.append(Flag.LOWER_BOUND)  # the best is exact, another counted package may have moved on
    if conflict:
        flags.append(Flag.DATA_CONFLICT)
    evidence_on = _evidence_on(fact, on)
    return Verdict(version=fact.version, package=fact.package, channel=fact.channel, source=fact.source,
                   as_of=evidence_on, seen_later=fact.as_of if fact.as_of and fact.as_of > on else None,
                   repo=fact.repo, evidence=fact, flags=tuple(flags), other=other,
                   detail=facts[w.open].repo if w.open >= 0 else "", **base)


def _evidence_on(f: PackageFact, on: dt.date) -> dt.date | None:
    """The latest date on or before ``on`` that a fact's source vouches for (an answer never cites later data
    as if it had been known then; a later sighting is shown apart)."""
    dates = [d for d in (f.as_of, f.valid_from, f.seen_from) if d and d <= on]
    return max(dates) if dates else None


def _seen_present(f: PackageFact, state: FactUse, c: FactContext, on: dt.date) -> Seen:
    """A present fact as the lower end of a bracket: its last evidence on or before the date."""
    if state is FactUse.ASSUMED:
        return Seen(f.version, f.package, f.channel, c.clip or f.valid_from, Sighting.RELEASE)
    day = _evidence_on(f, on)
    if day is not None and day == f.as_of:
        kind = Sighting.NEWEST if f.newest else Sighting.SEEN
    else:
        kind = Sighting.ARRIVED if day is not None else Sighting.UNDATED
    return Seen(f.version, f.package, f.channel, day, kind)


_NOT_HERE = frozenset((FactUse.NOT_BUILT, FactUse.BRANCH_NOT_CURRENT))


def _bracket(pf: _Facts, req: _Requirement, states: list[FactUse], best: int, on: dt.date) -> Bracket:
    """Around an unknown verdict: the best version proven there, and the first sighting of one that
    would do (in the packages and channels the policy counts)."""
    below = _seen_present(pf.facts[best], states[best], pf.contexts[best], on) if best >= 0 else None
    above, above_key = None, None
    for i, f in enumerate(pf.facts):
        if not (req.meets[i] and pf.name_ok[i] and pf.counted[i]) or states[i] in _NOT_HERE:
            continue
        if f.valid_from:
            seen = Seen(f.version, f.package, f.channel, f.valid_from, Sighting.ARRIVED)
        elif f.first_seen:
            seen = Seen(f.version, f.package, f.channel, f.first_seen, Sighting.FIRST_SEEN)
        elif f.absent_on:
            seen = Seen(f.version, f.package, f.channel, f.absent_on + dt.timedelta(days=1), Sighting.ON_OR_AFTER)
        else:
            seen = Seen(f.version, f.package, f.channel, None, Sighting.UNDATED)
        key = (seen.date or dt.date.max, pf.vrank[i])
        if above_key is None or key < above_key:
            above, above_key = seen, key
    return Bracket(below, above)


def _flags_for(fact: PackageFact, c: FactContext, state: FactUse, platform: Platform, pf: _Facts,
               on: dt.date) -> list[Flag]:
    flags = []
    if fact.channel is Channel.ALTERNATE:
        flags.append(Flag.ALTERNATE)
    if state is FactUse.ASSUMED and c.relation is not Relation.LAGS:
        flags.append(Flag.ASSUMED)
    if state is FactUse.LOWER_BOUND:
        flags.append(Flag.LOWER_BOUND)
    flags.extend(fact.quality)
    if fact.arches is None:
        flags.append(Flag.ARCH_UNVERIFIED)
    if c.relation is not Relation.SAME:
        flags.append(Flag.SHARED)
    elif fact.os != platform.os and not fact.rolling and c.read_at is ReadAt.DATE:
        flags.append(Flag.PROXY)
    if c.read_at is ReadAt.BRANCH_POINT:
        flags.append(Flag.BRANCH_POINT)
    if pf.schedule is not None and (c.read_at is ReadAt.BRANCH_POINT or c.window is not None):
        current = pf.schedule.current(on)
        if current is not None and current.estimated:
            flags.append(Flag.ESTIMATED_BRANCH)
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
        if state not in PRESENT and state not in POSSIBLE:
            phase = 0
        elif use is FactUse.OVERRIDDEN:
            phase = 1
        else:
            phase = 2
        by = _origin_of_rank(top[pf.keys[i]]) if use is FactUse.OVERRIDDEN else None
        rows.append((phase, i, Consideration(f, use, use.applies, state, by)))
    rows.sort(key=lambda r: (r[0], r[1]))
    return tuple(r[2] for r in rows)


def _origin_of_rank(rank: int) -> Origin:
    return next(o for o in Origin if o.rank == rank)
