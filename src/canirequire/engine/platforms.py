"""Supported platforms on a date (policy x lifecycles -> OS release x arch), and how that
set changes over a window of time."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import lru_cache

from ..model import Lifecycle
from ..policy.project import Project
from ..policy.rules import Admission, Exclusion, evaluate_policy, os_boundary_dates, supported_releases
from .results import Excluded, Platform, PlatformsResult


def supported_platforms(project: Project, lifecycles_by_os: dict[str, list[Lifecycle]], on: dt.date,
                        arches: tuple[str, ...] = ()) -> PlatformsResult:
    """The platforms (release x architecture) the project's policy supports on ``on``, and the releases it does not."""
    admitted, excluded, missing = supported_releases(project, lifecycles_by_os, on)
    return _result(project, on, admitted, excluded, missing, arches)


def _result(project: Project, on: dt.date, admitted: list[Admission], excluded: list[Exclusion],
            missing: list[str], arches: tuple[str, ...], made: dict | None = None) -> PlatformsResult:
    """``made``: platforms already built for other stretches of one window, so an unchanged admission
    yields the very same (hashable, cached-by-identity) platform in every stretch."""
    wanted = set(arches)
    platforms = []
    for adm in admitted:
        arch_list = adm.arches or project.host_arches or ("any",)
        if project.host_arches:
            arch_list = tuple(a for a in arch_list if a in project.host_arches)
        for arch in arch_list:
            if wanted and arch not in wanted:
                continue
            fields = (adm.os, adm.release, arch, adm.rule, adm.rule_kind, adm.until, adm.until_reason,
                      adm.lifecycle)
            if made is None:
                platforms.append(Platform(*fields))
                continue
            key = (*fields[:-1], id(adm.lifecycle))
            platform = made.get(key)
            if platform is None:
                platform = made[key] = Platform(*fields)
            platforms.append(platform)
    platforms.sort(key=lambda p: (p.os, release_sort_key(p.release), p.arch))
    excl = tuple(
        Excluded(e.release_id, e.reason, e.since)
        for e in sorted(excluded, key=lambda e: (e.os, release_sort_key(e.release)))
    )
    admitted_oses = {a.os for a in admitted}
    empty = tuple(o.os for o in project.oses if o.os not in admitted_oses and o.os not in missing)
    return PlatformsResult(project.name, on, tuple(platforms), excl, tuple(missing), empty_oses=empty)


def support_periods(project: Project, lifecycles_by_os: dict[str, list[Lifecycle]], start: dt.date,
                    end: dt.date, arches: tuple[str, ...] = ()) -> list[tuple[dt.date, dt.date, PlatformsResult]]:
    """(from, until, platforms) for each stretch of [start, end) in which the supported set is constant.

    Each OS's answer can change only on its own boundary dates (releases, ends
    of support, the N-years-after dates), so each OS is evaluated only there
    and the answers are merged. Only ``supported`` is kept up to date within a
    stretch: the list of recently dropped releases is for point questions.
    """
    per_os = []
    cuts: set[dt.date] = set()
    for policy in project.oses:
        dates = sorted(d for d in os_boundary_dates(policy, lifecycles_by_os) if start < d < end)
        kept_dates, answers = [start], [evaluate_policy(policy, lifecycles_by_os, start)]
        for d in dates:
            answer = evaluate_policy(policy, lifecycles_by_os, d)
            # A boundary where the OS admits the same releases, by the same rules, changes no stretch.
            if _same_admissions(answer, answers[-1]):
                continue
            kept_dates.append(d)
            answers.append(answer)
        cuts.update(kept_dates[1:])
        per_os.append((kept_dates, answers))
    days = [start, *sorted(cuts)]
    periods = []
    made: dict = {}
    for i, day in enumerate(days):
        admitted: list[Admission] = []
        excluded: list[Exclusion] = []
        missing: list[str] = []
        for policy, (dates, answers) in zip(project.oses, per_os):
            answer = answers[bisect_right(dates, day) - 1]
            if answer is None:
                missing.append(policy.os)
            else:
                admitted += answer[0]
                excluded += answer[1]
        until = days[i + 1] if i + 1 < len(days) else end
        periods.append((day, until, _result(project, day, admitted, excluded, missing, arches, made)))
    return periods


def _same_admissions(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return a[0] == b[0]


@lru_cache(maxsize=4096)
def release_sort_key(release: str) -> tuple:
    """Sort releases numerically where they are numbers (3.9 before 3.10)."""
    parts = []
    for chunk in release.replace("-", ".").split("."):
        parts.append((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk))
    return tuple(parts)
