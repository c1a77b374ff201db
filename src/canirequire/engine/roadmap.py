"""Roadmap impact: what each stage (optional -> default -> mandatory) costs.

Per stage and requirement, a supported platform without the dependency is
*lost* (mandatory), *degraded* (default: built without it) or loses a
*feature* (optional). Platforms that pass but whose upstream toolchain target
is tier 3 / tier 2 without host tools, or that the project's CI never builds,
are *at risk*. The date from which a stage drops nobody reuses the `when` walk.
"""

from __future__ import annotations

from ..model import Level, Status
from .questions import Engine
from .results import Impact, RoadmapResult, StageImpact, Verdict
from .walk import walk_end, walk_until_ok


def roadmap(engine: Engine) -> RoadmapResult:
    """Each stage's cost on its own date, and from when it would drop nobody."""
    stage_dates = [stage.date for stage in engine.project.roadmap]
    if stage_dates:
        engine.periods(min(stage_dates), walk_end(max(stage_dates)))  # one policy walk serves every stage
    impacts = []
    for stage in engine.project.roadmap:
        buckets: dict[Level, list[Impact]] = {Level.MANDATORY: [], Level.DEFAULT: [], Level.OPTIONAL: []}
        risky: list[Impact] = []
        unknown: list[Verdict] = []
        unknown_ids: set[str] = set()
        supported: set[str] = set()
        for req in stage.requirements:
            _, verdicts, _ = engine.verdicts(req.dependency, stage.date, req.minimum)
            supported |= {v.platform.id for v in verdicts}
            for v in verdicts:
                risks = tuple(f for f in v.flags if f.is_risk)
                if v.failing:
                    buckets[req.level].append(Impact(v, req.level, risks))
                elif v.status is Status.UNKNOWN:
                    if v.platform.id not in unknown_ids:
                        unknown_ids.add(v.platform.id)
                        unknown.append(v)
                elif risks and req.level is not Level.OPTIONAL:
                    risky.append(Impact(v, req.level, risks))
        # A stage's "clean" date: every non-optional requirement passes everywhere.
        blocking = [(r.dependency, r.minimum) for r in stage.requirements if r.level is not Level.OPTIONAL]
        clean = walk_until_ok(engine, blocking, stage.date) if blocking else None
        impacts.append(StageImpact(stage, tuple(buckets[Level.MANDATORY]), tuple(buckets[Level.DEFAULT]),
                                   tuple(buckets[Level.OPTIONAL]), tuple(risky), tuple(unknown), clean,
                                   len(supported)))
    scope = engine.scope
    return RoadmapResult(engine.project.name, scope.on, tuple(impacts), scope.exceptions, scope.assumptions,
                         engine.index.sources)
