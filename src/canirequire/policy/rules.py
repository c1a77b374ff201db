"""Policy rules: which OS releases a project supports on a date, and why.

Pure functions of (policy, lifecycles, date). Each rule kind is a general
mechanism with parameters; presets set the parameters, never the answers.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from ..model import Lifecycle, RuleKind
from .project import OSPolicy, Project

# Releases that left the policy longer ago than this are not listed as excluded.
RECENT_EXCLUSION_DAYS = 3 * 365


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for a 29 February that does not exist)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class MajorGroup:
    """The cycles of one major release of an OS that exist on the evaluation date."""

    os: str
    major: str
    first_release: dt.date
    latest: Lifecycle
    eol: dt.date | None
    ended_undated: bool
    cycles: tuple[Lifecycle, ...]
    dates_note: str = ""

    def ended_by(self, on: dt.date) -> bool:
        """Whether the group's regular support has ended on ``on``."""
        if self.eol is not None:
            return on >= self.eol
        return self.ended_undated


@dataclass(frozen=True)
class Admission:
    """An OS release the policy supports on the date, by which rule, until when."""

    os: str
    release: str
    major: str
    rule_kind: RuleKind
    rule: str
    until: dt.date | None
    until_reason: str
    lifecycle: Lifecycle | None
    arches: tuple[str, ...]

    @property
    def release_id(self) -> str:
        return f"{self.os}-{self.release}"


@dataclass(frozen=True)
class Exclusion:
    """A release the policy does not support on the date, and why."""

    os: str
    release: str
    reason: str
    since: dt.date | None = None

    @property
    def release_id(self) -> str:
        return f"{self.os}-{self.release}"


def _major_of(policy: OSPolicy, cycle: str) -> str | None:
    if policy.cycle_pattern:
        m = re.match(policy.cycle_pattern, cycle)
        if not m:
            return None
        # Alternatives can't share a group name in Python's re: the first group that matched is the major.
        return m.group("major") or next((g for g in m.groups() if g), None)
    if policy.group_minors:
        return cycle.split(".")[0]
    return cycle


def major_groups(
    policy: OSPolicy, lifecycles: list[Lifecycle], on: dt.date, date_source: list[Lifecycle] | None = None
) -> list[MajorGroup]:
    """Group the cycles released by ``on`` into majors, newest first."""
    counted, release_dates = _memo("counted", (policy, lifecycles), None, lambda: _counted_cycles(policy, lifecycles))
    released = bisect_right(release_dates, on)
    # The groups depend on the date only through which cycles are out by then: dates between two
    # releases share them (the caller only reads them).
    return _memo("groups", (policy, lifecycles, date_source), released,
                 lambda: _major_groups(policy, counted[:released], date_source))


_MEMO: dict[tuple, tuple] = {}


def _memo(kind: str, owners: tuple, extra, compute):
    """``compute()``, remembered per the identity of ``owners`` and ``extra``: what no date changes is
    worked out once however many dates a walk asks. The entry keeps the owners alive, so their ids
    stay theirs."""
    key = (kind, *map(id, owners), extra)
    hit = _MEMO.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], owners)):
        return hit[1]
    if len(_MEMO) > 4096:
        _MEMO.clear()
    value = compute()
    _MEMO[key] = (owners, value)
    return value


def _major_groups(policy: OSPolicy, counted, date_source: list[Lifecycle] | None) -> list[MajorGroup]:
    buckets: dict[str, list[Lifecycle]] = defaultdict(list)
    for lc, major in counted:
        buckets[major].append(lc)
    borrowed: dict[str, dt.date] = {}
    if date_source:
        for lc in date_source:
            if lc.release_date is None:
                continue
            m = lc.cycle.split(".")[0]
            if m not in borrowed or lc.release_date < borrowed[m]:
                borrowed[m] = lc.release_date
    groups = []
    for major, cycles in buckets.items():
        cycles.sort(key=lambda c: (c.release_date, c.cycle))
        latest = cycles[-1]
        first = cycles[0].release_date
        note = ""
        if major in borrowed:
            first = borrowed[major]
            note = f"dated by {policy.dates_from} {major} (released {first})"
        open_ended = any(support_end(policy, c) is None and not c.eol_passed_undated for c in cycles)
        eol = None if open_ended else max((support_end(policy, c) for c in cycles if support_end(policy, c)),
                                          default=None)
        ended_undated = not open_ended and eol is None
        groups.append(MajorGroup(policy.os, major, first, latest, eol, ended_undated, tuple(cycles), note))
    groups.sort(key=lambda g: (g.first_release, g.major), reverse=True)
    return groups


def _counted_cycles(policy: OSPolicy, lifecycles: list[Lifecycle]
                    ) -> tuple[tuple[tuple[Lifecycle, str], ...], list[dt.date]]:
    """The cycles the policy can count at all, with their major, oldest release first, and their
    release dates."""
    rows = []
    for lc in lifecycles:
        if lc.release_date is None or (policy.lts_only and not lc.lts):
            continue
        major = _major_of(policy, lc.cycle)
        if major is None or (policy.oldest_release and _older(lc.cycle, policy.oldest_release)):
            continue
        rows.append((lc, major))
    rows.sort(key=lambda r: r[0].release_date)
    return tuple(rows), [lc.release_date for lc, _ in rows]


def support_end(policy: OSPolicy, lc: Lifecycle) -> dt.date | None:
    """The end of support the policy counts: regular (eol), or extended (eoes) where the data has it."""
    if policy.support == "extended" and lc.eoes:
        return lc.eoes
    return lc.eol


def _older(cycle: str, oldest: str) -> bool:
    from ..versions.libversion import compare

    return compare(cycle, oldest) < 0


def _platform_release(policy: OSPolicy, group: MajorGroup) -> str:
    if policy.platform_release == "major":
        return group.major
    if policy.platform_release == "latest-minor":
        return group.latest.cycle
    return group.latest.cycle if policy.group_minors else group.major


def _years(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"


def _eol_text(group: MajorGroup, policy: OSPolicy | None = None) -> str:
    if policy is not None and policy.support == "extended":
        return f"vendor end of extended support {group.eol}"
    extra = ""
    if group.latest.eoes:
        extra = f"; extended support to {group.latest.eoes} does not count"
    return f"vendor end of regular support {group.eol}{extra}"


def _newest_and_previous(policy: OSPolicy, groups: list[MajorGroup], on: dt.date, admit, exclude) -> None:
    """The newest major for a number of years; the previous one until some years after the newer one or
    vendor end of support, whichever comes first; older majors are superseded."""
    for idx, g in enumerate(groups):
        if idx == 0:
            if policy.cap_from == "latest-minor":
                start = g.latest.release_date
                start_text = f"latest minor {g.latest.cycle} ({g.latest.release_date})"
            else:
                start, start_text = g.first_release, f"release ({g.first_release})"
            # "The most recent major version at all times": the vendor-EOL
            # clause of the policy is about the previous major only.
            if policy.newest_years is None:
                if g.ended_undated:
                    exclude(g, "vendor support ended (date not published)", None)
                else:
                    admit(g, "newest major (for as long as it is the newest)", None,
                          "until a newer major is released")
                continue
            until = add_years(start, policy.newest_years)
            why = f"{_years(policy.newest_years)} after {start_text}"
            if g.ended_undated:
                exclude(g, "vendor support ended (date not published)", None)
            elif on < until:
                admit(g, f"newest major (up to {_years(policy.newest_years)})", until, why)
            else:
                exclude(g, f"newest major, left on {until} ({why})", until)
        elif idx == 1:
            newer = groups[0]
            limit = add_years(newer.first_release, policy.previous_years)
            until, why = limit, (
                f"{_years(policy.previous_years)} after {policy.os}-{_platform_release(policy, newer)} "
                f"({newer.first_release})"
            )
            counts_eol = policy.previous_until == "years-or-eol"
            if counts_eol and g.eol is not None and g.eol < limit:
                until, why = g.eol, _eol_text(g, policy)
            if counts_eol and g.ended_undated:
                exclude(g, "vendor support ended (date not published)", None)
            elif on < until:
                admit(g, f"previous major (up to {_years(policy.previous_years)} after the newer one"
                         + (", or vendor end of support)" if counts_eol else ")"), until, why)
            else:
                exclude(g, f"previous major, left on {until} ({why})", until)
        else:
            newer, newest = groups[idx - 1], groups[idx - 2]
            left = min(
                d for d in (g.eol if policy.previous_until == "years-or-eol" else None,
                            add_years(newer.first_release, policy.previous_years), newest.first_release)
                if d is not None
            )
            exclude(
                g,
                f"superseded: {policy.os}-{_platform_release(policy, newest)} and "
                f"{policy.os}-{_platform_release(policy, newer)} are newer majors",
                left,
            )


def _until_eol(policy: OSPolicy, groups: list[MajorGroup], on: dt.date, admit, exclude) -> None:
    """Every release until the vendor ends its regular support."""
    for g in groups:
        if g.ended_by(on):
            exclude(g, f"left on {g.eol} ({_eol_text(g, policy)})" if g.eol else "vendor support ended", g.eol)
        else:
            admit(g, "every release until vendor end of support", g.eol,
                  _eol_text(g, policy) if g.eol else "no end of support announced")


def _last_n(policy: OSPolicy, groups: list[MajorGroup], on: dt.date, admit, exclude) -> None:
    """The ``count`` most recent releases the vendor still supports."""
    alive = [g for g in groups if not g.ended_by(on)]
    for g in groups:
        if g.ended_by(on):
            exclude(g, f"left on {g.eol} ({_eol_text(g, policy)})" if g.eol else "vendor support ended", g.eol)
    for idx, g in enumerate(alive):
        if idx < policy.count:
            admit(g, "the most recent vendor-supported version" if policy.count == 1
                  else f"one of the {policy.count} most recent vendor-supported versions", g.eol,
                  _eol_text(g, policy) if g.eol else "no end of support announced")
        else:
            exclude(g, "older than the most recent vendor-supported version" if policy.count == 1
                    else f"older than the {policy.count} most recent vendor-supported versions", None)


def _every_release(policy: OSPolicy, groups: list[MajorGroup], on: dt.date, admit, exclude) -> None:
    """Every release out by the date (from ``oldest_release`` on), whether or not the vendor still supports it."""
    floor = f" from {policy.oldest_release} on" if policy.oldest_release else ""
    for g in groups:
        admit(g, f"every release{floor}, whatever its vendor support", None, "no end: the policy names none")


_RULE_BODIES = {RuleKind.NEWEST_AND_PREVIOUS: _newest_and_previous, RuleKind.UNTIL_EOL: _until_eol,
                RuleKind.LAST_N: _last_n, RuleKind.EVERY_RELEASE: _every_release}


def evaluate_os(
    policy: OSPolicy,
    lifecycles: list[Lifecycle],
    on: dt.date,
    date_source: list[Lifecycle] | None = None,
) -> tuple[list[Admission], list[Exclusion]]:
    """Which releases of one OS the policy admits on ``on`` (by which rule, until when) and which it leaves out."""
    rule = policy.rule
    if rule is RuleKind.ROLLING:
        return [
            Admission(policy.os, "rolling", "rolling", rule, "rolling tree: always current", None, "", None,
                      policy.arches)
        ], []
    if rule is RuleKind.EXPLICIT:
        return _explicit(policy, lifecycles, on)
    groups = major_groups(policy, lifecycles, on, date_source)
    admitted: list[Admission] = []
    excluded: list[Exclusion] = []
    horizon = on - dt.timedelta(days=RECENT_EXCLUSION_DAYS)

    def admit(group: MajorGroup, text: str, until: dt.date | None, why: str) -> None:
        release = _platform_release(policy, group)
        admitted.append(
            Admission(policy.os, release, group.major, rule, text, until, why, group.latest,
                      policy.arches_for(release, group.major))
        )

    def exclude(group: MajorGroup, reason: str, since: dt.date | None) -> None:
        if since is not None and since < horizon:
            return
        excluded.append(Exclusion(policy.os, _platform_release(policy, group), reason, since))

    rule_body = _RULE_BODIES.get(rule)
    if rule_body is None:  # pragma: no cover - rule kinds are validated when the project is read
        raise ValueError(f"unknown rule {rule!r}")
    rule_body(policy, groups, on, admit, exclude)
    if policy.minors == "supported":
        _supported_minors(policy, lifecycles, groups, on, admitted, excluded, horizon)

    if policy.lts_only:
        for lc in lifecycles:
            if lc.lts or lc.release_date is None or lc.release_date > on or lc.ended_by(on):
                continue
            excluded.append(Exclusion(policy.os, lc.cycle, "not an LTS release (the policy counts LTS only)"))
    return admitted, excluded


def minor_windows(policy: OSPolicy, lifecycles: list[Lifecycle]) -> list[tuple[str, str, dt.date, dt.date, str]]:
    """(minor, major, released, end of its own support, source) for every minor with its own dates: lifecycles
    of cycles "major.minor" (endoflife.date, refreshed or embedded) first, the project file's table otherwise."""
    rows: dict[str, tuple[str, str, dt.date, dt.date, str]] = {}
    for lc in lifecycles:
        end = support_end(policy, lc)
        if "." in lc.cycle and lc.release_date and end:
            rows[lc.cycle] = (lc.cycle, lc.cycle.split(".")[0], lc.release_date, end, lc.source)
    for m in policy.minor_support:
        rows.setdefault(m.release, (m.release, m.release.split(".")[0], m.released, m.until,
                                    m.cite or "project file minor_support"))
    return sorted(rows.values(), key=lambda r: r[2])


def _supported_minors(policy: OSPolicy, lifecycles: list[Lifecycle], groups: list[MajorGroup], on: dt.date,
                      admitted: list[Admission], excluded: list[Exclusion], horizon: dt.date) -> None:
    """``minors = "supported"``: beside each admitted major (its newest minor), every older minor still inside
    its own support window (RHEL EUS/E4S) counts as a platform of its own."""
    by_major = {a.major: a for a in admitted}
    windows = minor_windows(policy, lifecycles)
    # The major's own platform stands for its newest minor out by the date: the newest any source names
    # (a listed minor, or the lifecycle's latest once it was out).
    newest: dict[str, tuple[dt.date, str]] = {}
    known = [(major, released, minor) for minor, major, released, _, _ in windows]
    known += [(g.major, c.latest_date, c.latest) for g in groups for c in g.cycles if c.latest and c.latest_date]
    for major, released, minor in known:
        if released <= on and (major not in newest or released > newest[major][0]):
            newest[major] = (released, minor)
    for minor, major, released, until, source in windows:
        adm = by_major.get(major)
        if adm is None or released > on or minor == newest.get(major, (None, None))[1] or minor == adm.release:
            continue
        if on >= until:
            if until >= horizon:
                excluded.append(Exclusion(policy.os, minor, f"minor left its own support on {until} ({source})",
                                          until))
            continue
        admitted.append(Admission(policy.os, minor, major, policy.rule,
                                  f"supported minor of {policy.os}-{adm.release} (its own support window)", until,
                                  f"end of the minor's own support ({source})", adm.lifecycle,
                                  policy.arches_for(minor, major)))


def _explicit(policy: OSPolicy, lifecycles: list[Lifecycle], on: dt.date):
    by_cycle = {lc.cycle: lc for lc in lifecycles}
    admitted, excluded = [], []
    for rel in policy.releases:
        lc = by_cycle.get(rel.release)
        if lc and lc.release_date and lc.release_date > on:
            excluded.append(Exclusion(policy.os, rel.release, f"not released until {lc.release_date}"))
        elif rel.until is not None and on >= rel.until:
            excluded.append(Exclusion(policy.os, rel.release, f"listed until {rel.until}", rel.until))
        else:
            major = rel.release.split(".")[0]
            admitted.append(
                Admission(policy.os, rel.release, major, RuleKind.EXPLICIT, "listed explicitly in the project file",
                          rel.until, "project file" if rel.until else "", lc, policy.arches_for(rel.release, major))
            )
    return admitted, excluded


def evaluate_policy(policy: OSPolicy, lifecycles_by_os: dict[str, list[Lifecycle]], on: dt.date
                    ) -> tuple[list[Admission], list[Exclusion]] | None:
    """One OS's admissions and exclusions on ``on``; None when no lifecycle data covers it."""
    lcs = lifecycles_by_os.get(policy.lifecycle_os, [])
    if not lcs and policy.rule not in (RuleKind.ROLLING, RuleKind.EXPLICIT):
        return None
    date_source = lifecycles_by_os.get(policy.dates_from) if policy.dates_from else None
    return evaluate_os(policy, lcs, on, date_source)


def supported_releases(
    project: Project, lifecycles_by_os: dict[str, list[Lifecycle]], on: dt.date
) -> tuple[list[Admission], list[Exclusion], list[str]]:
    """All admissions and exclusions on ``on``; the last list names OSes with no lifecycle data."""
    admitted: list[Admission] = []
    excluded: list[Exclusion] = []
    missing: list[str] = []
    for policy in project.oses:
        answer = evaluate_policy(policy, lifecycles_by_os, on)
        if answer is None:
            missing.append(policy.os)
            continue
        admitted += answer[0]
        excluded += answer[1]
    return admitted, excluded, missing


def boundary_dates(project: Project, lifecycles_by_os: dict[str, list[Lifecycle]]) -> set[dt.date]:
    """Every date on which some rule's answer can change (for 'when' walks)."""
    dates: set[dt.date] = set()
    for policy in project.oses:
        dates |= os_boundary_dates(policy, lifecycles_by_os)
    return dates


def os_boundary_dates(policy: OSPolicy, lifecycles_by_os: dict[str, list[Lifecycle]]) -> set[dt.date]:
    """Every date on which one OS's admissions can change."""
    dates: set[dt.date] = set()
    lifecycles = lifecycles_by_os.get(policy.lifecycle_os, [])
    for lc in lifecycles:
        dates.update(d for d in (lc.release_date, lc.eol, support_end(policy, lc)) if d)
        if lc.release_date:
            if policy.newest_years is not None:
                dates.add(add_years(lc.release_date, policy.newest_years))
            dates.add(add_years(lc.release_date, policy.previous_years))
    if policy.dates_from:
        for lc in lifecycles_by_os.get(policy.dates_from, []):
            if lc.release_date:
                dates.add(lc.release_date)
                dates.add(add_years(lc.release_date, policy.previous_years))
                if policy.newest_years is not None:
                    dates.add(add_years(lc.release_date, policy.newest_years))
    dates.update(rel.until for rel in policy.releases if rel.until)
    if policy.minors == "supported":
        for _, _, released, until, _ in minor_windows(policy, lifecycles):
            dates.update((released, until))
    return dates
