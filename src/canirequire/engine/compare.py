"""`canirequire compare DEP --baseline gcc,clang`: does the dependency reach every platform the
C toolchain reaches? The same verdict machinery answers for both; the baseline's coverage is
the combined one (a platform is covered when any baseline dependency is packaged there)."""

from __future__ import annotations

from ..model import Status
from .core import Engine
from .results import CompareResult, CompareRow, Coverage, Verdict


def _combined(verdicts: tuple[Verdict, ...]) -> Status:
    statuses = {v.status for v in verdicts}
    if Status.OK in statuses:
        return Status.OK
    if Status.UNKNOWN in statuses or not statuses:
        return Status.UNKNOWN
    return Status.MISSING if Status.MISSING in statuses else Status.TOO_OLD


def _coverage(dependency: Status, baseline: Status) -> Coverage:
    if Status.UNKNOWN in (dependency, baseline):
        return Coverage.UNKNOWN
    if dependency is Status.OK:
        return Coverage.BOTH if baseline is Status.OK else Coverage.DEPENDENCY_ONLY
    return Coverage.BASELINE_ONLY if baseline is Status.OK else Coverage.NEITHER


def compare(engine: Engine, dependency: str, baseline: tuple[str, ...], minimum: str | None = None) -> CompareResult:
    """Per supported platform: the dependency's verdict beside the baseline's (any baseline dependency will do)."""
    on = engine.scope.on
    rows = []
    for platform in engine.platforms_on(on).supported:
        if engine.scope.excepts(platform.id, platform.release_id, platform.os):
            continue
        verdict = engine.verdict(platform, dependency, on, minimum)
        base = tuple(engine.verdict(platform, dep, on, None) for dep in baseline)
        combined = _combined(base)
        rows.append(CompareRow(platform, verdict, base, combined, _coverage(verdict.status, combined)))
    return CompareResult(engine.project.name, on, dependency, minimum, tuple(baseline), tuple(rows),
                         engine.index.sources, engine.scope.component_label)
