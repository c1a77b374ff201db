"""Roadmap impact: what each stage (optional -> default -> mandatory) costs.

Per stage and requirement, a supported platform without the dependency is
*lost* (mandatory), *degraded* (default: built without it) or loses a
*feature* (optional). Platforms that pass but whose upstream toolchain target
is tier 3 / tier 2 without host tools, or that the project's CI never builds,
are *at risk*. The date from which a stage drops nobody reuses the `when` walk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..facts.store import FactStore
from ..policy.project import Project, Stage
from .annotate import Annotator
from .questions import check, walk_until_ok
from .results import SourceInfo, Verdict, WhenResult

RISK_FLAGS = ("tier-3", "tier-2-no-host", "tier-unknown", "untested")


@dataclass(frozen=True)
class Impact:
    verdict: Verdict
    level: str
    risks: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageImpact:
    stage: Stage
    lost: tuple[Impact, ...]
    degraded: tuple[Impact, ...]
    feature_lost: tuple[Impact, ...]
    at_risk: tuple[Impact, ...]
    unknown: tuple[Verdict, ...]
    clean_from: WhenResult | None
    supported_count: int

    @property
    def loses_platforms(self) -> bool:
        return bool(self.lost)


@dataclass(frozen=True)
class RoadmapResult:
    project: str
    on: dt.date
    stages: tuple[StageImpact, ...]
    exceptions: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not any(s.loses_platforms for s in self.stages)


def roadmap(
    project: Project,
    store: FactStore,
    on: dt.date,
    exceptions: tuple[str, ...] = (),
    annotator: Annotator | None = None,
    assumptions: tuple[str, ...] = (),
    arches: tuple[str, ...] = (),
) -> RoadmapResult:
    ann = annotator or Annotator(project, store)
    impacts = []
    for stage in project.roadmap:
        lost, degraded, feature, risky, unknown = [], [], [], [], []
        supported: set[str] = set()
        for req in stage.requirements:
            res = check(project, store, req.dependency, req.minimum, stage.date, arches, exceptions, ann)
            supported |= {v.platform.id for v in res.verdicts}
            for v in res.verdicts:
                risks = tuple(f for f in v.flags if f in RISK_FLAGS)
                if v.failing:
                    bucket = {"mandatory": lost, "default": degraded, "optional": feature}[req.level]
                    bucket.append(Impact(v, req.level, risks))
                elif v.status == "unknown":
                    if v.platform.id not in {u.platform.id for u in unknown}:
                        unknown.append(v)
                elif risks and req.level != "optional":
                    risky.append(Impact(v, req.level, risks))
        # A stage's "clean" date: every non-optional requirement passes everywhere.
        blocking = [(r.dependency, r.minimum) for r in stage.requirements if r.level != "optional"]
        clean = walk_until_ok(project, store, blocking, stage.date, arches, exceptions, ann) if blocking else None
        impacts.append(
            StageImpact(stage, tuple(lost), tuple(degraded), tuple(feature), tuple(risky), tuple(unknown), clean,
                        len(supported))
        )
    return RoadmapResult(project.name, on, tuple(impacts), tuple(exceptions), tuple(assumptions),
                         tuple(store.sources))
