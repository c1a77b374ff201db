"""Roadmap impact: what each stage (optional -> default -> mandatory) costs.

Per stage and requirement, a supported platform without the dependency is
*lost* (mandatory), *degraded* (default: built without it) or loses a
*feature* (optional). Platforms that pass but whose upstream toolchain target
is tier 3 / tier 2 without host tools, or that the project's CI never builds,
are *at risk*. The date from which a stage drops nobody reuses the `when` walk.
"""

from __future__ import annotations

from ..model import Level, Status
from .core import Engine
from .results import Impact, RoadmapResult, StageImpact, Verdict
from .walk import walk_end, walk_until_ok


def roadmap(engine: Engine) -> RoadmapResult:
    """Each stage's cost on its own date, and from when it would drop nobody."""
    stage_dates = [stage.date for stage in engine.project.roadmap]
    if stage_dates:
        engine.periods(min(stage_dates), walk_end(max(stage_dates)))  # one policy walk serves every stage
    impacts = []
    scope = engine.scope
    for stage in engine.project.roadmap:
        if scope.components and stage.components and not any(c.name in stage.components for c in scope.components):
            impacts.append(StageImpact(stage, (), (), (), (), (), None, 0, applies=False,
                                       components=stage.components))
            continue
        stage_engine = _engine_for_stage(engine, stage)
        # A stage binds every component it is not scoped away from (an unscoped "mandatory" is a
        # build requirement for all of them), whatever each component needs by itself.
        requirements = stage.requirements
        buckets: dict[Level, list[Impact]] = {Level.MANDATORY: [], Level.DEFAULT: [], Level.OPTIONAL: []}
        risky: list[Impact] = []
        unknown: list[Verdict] = []
        unknown_ids: set[str] = set()
        supported: set[str] = set()
        for req in requirements:
            _, verdicts, _ = stage_engine.verdicts(req.dependency, stage.date, req.minimum)
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
        blocking = [(r.dependency, r.minimum) for r in requirements if r.level is not Level.OPTIONAL]
        clean = walk_until_ok(stage_engine, blocking, stage.date) if blocking else None
        impacts.append(StageImpact(stage, tuple(buckets[Level.MANDATORY]), tuple(buckets[Level.DEFAULT]),
                                   tuple(buckets[Level.OPTIONAL]), tuple(risky), tuple(unknown), clean,
                                   len(supported), components=stage.components))
    return RoadmapResult(engine.project.name, scope.on, tuple(impacts), scope.exceptions, scope.assumptions,
                         engine.index.sources, component=scope.component_label)


def _engine_for_stage(engine: Engine, stage) -> Engine:
    """A stage scoped to components binds only their platforms (unless --component already narrows)."""
    if not stage.components or engine.scope.components:
        return engine
    from dataclasses import replace

    components = tuple(c for c in engine.project.components if c.name in stage.components)
    key = ("stage-components", stage.components)
    cached = engine.derived.get(key)
    if cached is None:
        cached = engine.derived[key] = Engine(engine.index, engine.catalog,
                                              replace(engine.scope, components=components), engine.resolver)
    return cached
