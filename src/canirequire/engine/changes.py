"""What a refresh changed in the answers a project cares about: the verdicts of its declared
requirements (roadmap stages on their dates, and each requirement today) before and after."""

from __future__ import annotations

import datetime as dt

from ..policy.project import Project
from .results import CheckResult, VerdictChange


def declared_checks(project: Project, today: dt.date) -> list[tuple[str, dt.date, str, str]]:
    """(stage label, date, dependency, minimum) for every roadmap requirement on its stage's
    date, and each distinct requirement again on ``today`` (label "")."""
    checks = []
    for stage in project.roadmap:
        for req in stage.requirements:
            checks.append((stage.label, stage.date, req.dependency, req.minimum))
    for dep, minimum in dict.fromkeys((c[2], c[3]) for c in list(checks)):
        checks.append(("", today, dep, minimum))
    return list(dict.fromkeys(checks))


def verdict_changes(stage: str, before: CheckResult, after: CheckResult) -> list[VerdictChange]:
    """Per release, the platforms whose status moved (arches that moved alike are grouped)."""
    old = {v.platform.id: v for v in before.verdicts}
    new = {v.platform.id: v for v in after.verdicts}
    grouped: dict[tuple, list] = {}
    for pid in sorted(set(old) | set(new)):
        a, b = old.get(pid), new.get(pid)
        was, now = (a.status if a else None), (b.status if b else None)
        if was == now:
            continue
        platform = (b or a).platform
        key = (platform.release_id, was, now)
        grouped.setdefault(key, []).append((platform.arch, b))
    out = []
    for (release_id, was, now), members in grouped.items():
        out.append(VerdictChange(after.dependency, after.minimum, after.on, stage, release_id,
                                 tuple(arch for arch, _ in members), was, now, members[0][1]))
    return out
