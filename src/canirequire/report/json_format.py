"""JSON output: a stable, documented schema (docs/json-schema.md).

Every document has ``schema_version``, ``kind`` and ``on``; the rest depends
on the kind. Dates are ISO strings; unknown values are null.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..engine import results as r
from .view import (
    bracket_text, change_line, check_answer, compare_answer, compare_unknowns, consideration_note, data_ends_note,
    lint_sentence, platform_notes, reason, schedule_why,
)

SCHEMA_VERSION = 1


def _d(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def source_json(s) -> dict:
    """A source as JSON."""
    return {"id": s.id, "description": s.description, "as_of": _d(s.as_of), "location": s.location,
            "origin": s.origin.value}


def platform_json(p: r.Platform) -> dict:
    """A platform as JSON."""
    return {
        "platform": p.id,
        "release": p.release_id,
        "os": p.os,
        "arch": p.arch,
        "rule": p.rule,
        "rule_kind": p.rule_kind.value,
        "until": _d(p.until),
        "until_reason": p.until_reason,
    }


def _seen_json(seen) -> dict | None:
    if seen is None:
        return None
    return {"version": seen.version, "package": seen.package, "channel": seen.channel.value,
            "date": _d(seen.date), "kind": seen.kind.value}


def _bracket_json(v: r.Verdict) -> dict | None:
    """For an unknown verdict: the best version proven there and the first sighting of one that would do."""
    if v.bracket is None:
        return None
    return {"below": _seen_json(v.bracket.below), "above": _seen_json(v.bracket.above), "text": bracket_text(v)}


def verdict_json(v: r.Verdict, *, detail: bool = False) -> dict:
    """A verdict as JSON; ``detail`` adds every fact considered (explain)."""
    out = {
        "platform": v.platform.id,
        "release": v.platform.release_id,
        "arch": v.platform.arch,
        "dependency": v.dependency,
        "required": v.required,
        "status": v.status.value,
        "cause": v.cause.value,
        "version": v.version,
        "package": v.package or None,
        "channel": v.channel.value if v.channel else None,
        "repo": v.repo or None,
        "source": v.source or None,
        "as_of": _d(v.as_of),
        "seen_later": _d(v.seen_later),
        "bracket": _bracket_json(v),
        "flags": [f.value for f in v.flags],
        "reason": reason(v),
        "rule": v.platform.rule,
        "until": _d(v.platform.until),
        "tier": None,
        "ci": v.ci or None,
    }
    if v.tier is not None:
        out["tier"] = {
            "toolchain": v.tier.toolchain,
            "target": v.tier.target or None,
            "tier": v.tier.fact.tier if v.tier.fact else None,
            "host_tools": v.tier.fact.host_tools if v.tier.fact else None,
            "label": v.tier.label,
            "source": v.tier.fact.source if v.tier.fact else None,
            "exists": v.tier.exists,
            "open_friction": len(v.tier.open_friction),
        }
        if detail:
            out["tier"]["history"] = [
                {"tier": c.tier, "host_tools": c.host_tools, "from_version": c.from_version or None,
                 "from_date": _d(c.from_date), "source": c.source} for c in v.tier.history]
            out["tier"]["friction"] = [
                {"repo": s.item.repo, "number": s.item.number, "kind": s.item.kind, "title": s.item.title,
                 "url": s.item.url, "target": s.item.target, "opened": _d(s.item.opened), "closed": _d(s.item.closed),
                 "state": s.state.value, "state_as_of": _d(s.item.state_as_of), "note": s.item.note or None}
                for s in v.tier.friction]
    if detail:
        out["considered"] = [
            {
                "used": c.used,
                "use": c.use.value,
                "note": consideration_note(c, v.on, v.platform.arch),
                "repo": c.fact.repo,
                "package": c.fact.package,
                "version": c.fact.version,
                "channel": c.fact.channel.value,
                "arches": list(c.fact.arches) if c.fact.arches is not None else None,
                "valid_from": _d(c.fact.valid_from),
                "valid_to": _d(c.fact.valid_to),
                "as_of": _d(c.fact.as_of),
                "origin": c.fact.origin.value,
                "source": c.fact.source,
            }
            for c in v.considered
        ]
    return out


def _lifecycle_json(lc) -> dict:
    return {
        "release": lc.release_id,
        "release_date": _d(lc.release_date),
        "end_of_regular_support": _d(lc.eol),
        "end_of_active_support": _d(lc.eoas),
        "end_of_extended_support": _d(lc.eoes),
        "lts": lc.lts,
        "codename": lc.codename or None,
        "latest": lc.latest or None,
        "source": lc.source,
        "as_of": _d(lc.as_of),
    }


def _stage_json(si) -> dict:
    st = si.stage

    def impacts(items):
        return [{**verdict_json(i.verdict), "level": i.level.value, "risks": [f.value for f in i.risks]}
                for i in items]

    return {
        "label": st.label,
        "date": _d(st.date),
        "illustrative": st.illustrative,
        "note": st.note or None,
        "requirements": [{"dependency": q.dependency, "level": q.level.value, "minimum": q.minimum}
                         for q in st.requirements],
        "supported_platforms": si.supported_count,
        "lost": impacts(si.lost),
        "degraded": impacts(si.degraded),
        "feature_lost": impacts(si.feature_lost),
        "at_risk": impacts(si.at_risk),
        "unknown": [v.platform.id for v in si.unknown],
        "drops_nobody_from": _d(si.clean_from.date) if si.clean_from else None,
        "all_proven_from": _d(si.clean_from.proven_date) if si.clean_from else None,
        "drops_nobody_note": (data_ends_note(si.clean_from) or None) if si.clean_from else None,
        "components": list(si.components),
        "applies": si.applies,
        "blocker_risk": [i.verdict.platform.id for i in si.at_risk if any(f.is_blocker_risk for f in i.risks)],
    }


def _sources_view(view) -> dict:
    return {
        "kind": "sources",
        "stale_after_days": view.stale_after_days,
        "items": [
            {
                "id": r.source.id,
                "description": r.source.description,
                "as_of": r.source.as_of.isoformat() if r.source.as_of else None,
                "age_days": r.age_days,
                "stale": r.stale,
                "facts": r.facts,
                "origin": r.source.origin.value,
                "location": r.source.location,
            }
            for r in view.rows
        ],
    }


def _platforms_json(res: r.PlatformsResult) -> dict:
    return dict(
        kind="platforms",
        supported=[platform_json(p) for p in res.supported],
        excluded=[{"release": e.release, "reason": e.reason, "since": _d(e.since)} for e in res.excluded],
        no_lifecycle_data=list(res.no_lifecycle),
        no_supported_release=list(res.empty_oses),
        notes=platform_notes(res),
    )


def _check_json(res: r.CheckResult) -> dict:
    return dict(
        kind="check",
        dependency=res.dependency,
        minimum=res.minimum,
        answer=check_answer(res).value,
        ok=res.ok,
        failing=[v.platform.id for v in res.failing],
        unknown=[v.platform.id for v in res.unknown],
        excepted=list(res.excepted),
        notes=platform_notes(res.platforms),
        platforms=[verdict_json(v) for v in res.verdicts],
    )


def _floor_json(res: r.FloorResult) -> dict:
    return dict(
        kind="floor",
        dependency=res.dependency,
        floor=res.floor,
        floor_rounded=res.floor_rounded,
        limiting=list(res.limiting),
        ladder=[
            {"floor": s.floor, "floor_rounded": s.floor_rounded, "limiting": list(s.limiting),
             "excepted": list(s.excepted), "unsure": list(s.unsure),
             "unlocks": [f.feature for f in res.unlocks[i]] if i < len(res.unlocks) else []}
            for i, s in enumerate(res.ladder)
        ],
        unknown=[{"platform": v.platform.id, "reason": reason(v), "at_least": v.version,
                  "bracket": _bracket_json(v)} for v in res.unknown],
        missing=[{"platform": v.platform.id, "reason": reason(v)} for v in res.missing],
        at_least=[{"platform": v.platform.id, "at_least": v.version, "reason": reason(v)}
                  for v in res.at_least],
        notes=platform_notes(res.platforms),
        platforms=[verdict_json(v) for v in res.verdicts],
    )


def _when_json(res: r.WhenResult) -> dict:
    return dict(
        kind="when",
        dependency=res.dependency,
        minimum=res.minimum,
        answer=res.answer.value,
        date=_d(res.date),
        proven_date=_d(res.proven_date),
        horizon=_d(res.horizon),
        data_ends=data_ends_note(res) or None,
        blockers=[verdict_json(v) for v in res.blockers],
        unknown=list(res.unknown),
        unknown_platforms=[verdict_json(v) for v in res.unknown_verdicts],
        steps=[{"date": _d(s.date), "failing": list(s.failing), "unknown": list(s.unknown)} for s in res.steps],
    )


def _matrix_json(res: r.MatrixResult) -> dict:
    return dict(
        kind="matrix",
        dependencies=list(res.dependencies),
        baseline=list(res.baseline),
        platforms=[
            {**platform_json(p), "cells": {d: verdict_json(v) for d, v in zip(res.dependencies, row)}}
            for p, row in zip(res.platforms, res.cells)
        ],
    )


def _explain_json(res: r.ExplainResult) -> dict:
    return dict(
        kind="explain",
        target=res.target,
        lifecycles=[_lifecycle_json(lc) for lc in res.lifecycles],
        platforms=[platform_json(p) for p in res.platforms],
        excluded=[{"release": e.release, "reason": e.reason, "since": _d(e.since)} for e in res.excluded],
        ci=list(res.ci),
        notes=[f"{res.target} is not among the platforms the {res.project} policy supports on {res.on}"]
        if res.unlisted else [],
        verdicts=[verdict_json(v, detail=True) for v in res.verdicts],
    )


def _coverage_json(res: r.CoverageResult) -> dict:
    return dict(
        kind="coverage",
        dependencies=list(res.dependencies),
        releases=[{"release": row.release_id, "os": row.os, "cells": {
            dep: {"facts": c.facts, "dated": c.dated, "newest": _d(c.newest), "lower_bound_only": c.lower_bound_only}
            for dep, c in zip(res.dependencies, row.cells)}} for row in res.rows],
        gap_sources=[{"os": os_id, "source": source} for os_id, source in res.gap_sources],
    )


def _schedule_json(res: r.ScheduleResult) -> dict:
    return dict(
        kind="schedule", until=_d(res.until), dependencies=list(res.dependencies),
        requirable_now={dep: floor for dep, floor in res.floors},
        entries=[{"dependency": e.dependency, "minimum": e.version, "up_to": e.up_to or e.version,
                  "date": _d(e.date), "proven_date": _d(e.proven_date), "unknown": list(e.unknown),
                  "leaving": list(e.leaving), "upgraded": list(e.upgraded), "note": e.note or None,
                  "why": schedule_why(e)} for e in res.entries],
        wanted=[{"dependency": w.dependency, "feature": w.asked,
                 "found": _feature_json(w.feature) if w.feature else None, "date": _d(w.date),
                 "proven_date": _d(w.proven_date)} for w in res.wanted],
    )


def _lint_json(res: r.LintResult) -> dict:
    return dict(
        kind="lint", path=res.path, ok=res.ok, files=list(res.files),
        counts={s.value: len(res.of(s)) for s in r.LintStatus},
        findings=[{"file": f.file, "line": f.line, "name": f.name, "constraint": f.constraint,
                   "declared": f.declared, "dependency": f.dependency, "status": f.status.value,
                   "floor": f.floor, "floor_rounded": f.floor_rounded, "limiting": list(f.limiting),
                   "breaking": [verdict_json(v) for v in f.breaking], "unknown": list(f.unknown),
                   "note": f.note or None, "message": lint_sentence(f, res.on)} for f in res.findings],
    )


def _compare_json(res: r.CompareResult) -> dict:
    return dict(
        kind="compare", dependency=res.dependency, minimum=res.minimum, baseline=list(res.baseline),
        answer=compare_answer(res).value,
        counts={c.value: len(res.of(c)) for c in r.Coverage},
        gaps=[row.platform.id for row in res.gaps],
        missing_data=[{"dependency": whose, "why": why, "releases": releases}
                      for whose, why, releases in compare_unknowns(res)],
        platforms=[{**platform_json(row.platform), "coverage": row.coverage.value,
                    "baseline_status": row.baseline_status.value, "verdict": verdict_json(row.verdict),
                    "baseline": {dep: verdict_json(v) for dep, v in zip(res.baseline, row.baseline)}}
                   for row in res.rows],
    )


def _refresh_json(res: r.RefreshResult) -> dict:
    return dict(
        kind="refresh", ok=res.ok, requests=res.requests, stopped=res.stopped or None,
        data_dir=res.data_dir, checked=res.checked,
        sources_read=[{"key": s.key, "label": s.label, "status": s.status, "detail": s.detail,
                       "changes": list(s.changes)} for s in res.reads],
        changes=[{"dependency": c.dependency, "minimum": c.minimum, "on": _d(c.on), "stage": c.stage or None,
                  "release": c.release_id, "arches": list(c.arches),
                  "before": c.before.value if c.before else None, "after": c.after.value if c.after else None,
                  "sentence": change_line(c),
                  "verdict": verdict_json(c.verdict) if c.verdict else None} for c in res.changes],
    )


def _sources_json(res: r.SourcesView) -> dict:
    return dict(_sources_view(res))


def _roadmap_json(res: r.RoadmapResult) -> dict:
    return dict(kind="roadmap", ok=res.ok, exceptions=list(res.exceptions),
                assumptions=list(res.assumptions), stages=[_stage_json(si) for si in res.stages])


def _feature_json(f) -> dict:
    return {"toolchain": f.toolchain, "feature": f.feature, "title": f.title, "version": f.version,
            "date": _d(f.date), "source": f.source}


def _can_use_json(res) -> dict:
    from .view import can_use_answer

    return dict(
        kind="can-use",
        answer=can_use_answer(res).value,
        features=[{"asked": m.asked, "found": _feature_json(m.feature) if m.feature else None,
                   "suggestions": list(m.suggestions),
                   "note": None if m.feature or m.suggestions else "no known minimum"} for m in res.matches],
        requirements=[{"dependency": q.dependency, "minimum": q.version, "decided_by": q.deciding.feature,
                       "features": [f.feature for f in q.features],
                       "check": {"answer": check_answer(q.check).value,
                                 "failing": [v.platform.id for v in q.check.failing],
                                 "unknown": [v.platform.id for v in q.check.unknown],
                                 "platforms": [verdict_json(v) for v in q.check.verdicts]},
                       "when": {"answer": q.when.answer.value, "date": _d(q.when.date),
                                "proven_date": _d(q.when.proven_date)}} for q in res.requirements],
    )


def _gains_json(res) -> dict:
    return dict(kind="gains", dependency=res.dependency, start=res.start, end=res.end,
                features=[_feature_json(f) for f in res.features],
                dropped=[verdict_json(v) for v in res.dropped],
                newly_unknown=[v.platform.id for v in res.newly_unknown])


def _presets_json(res) -> dict:
    return dict(kind="presets", presets=[dict(name=p.name, description=p.description, policy_doc=p.policy_doc,
                                              oses=list(p.oses), dependencies=list(p.dependencies))
                                         for p in res.presets])


_BODIES = {
    "PresetsResult": _presets_json,
    "PlatformsResult": _platforms_json,
    "CheckResult": _check_json,
    "FloorResult": _floor_json,
    "WhenResult": _when_json,
    "MatrixResult": _matrix_json,
    "ExplainResult": _explain_json,
    "CoverageResult": _coverage_json,
    "ScheduleResult": _schedule_json,
    "LintResult": _lint_json,
    "CompareResult": _compare_json,
    "RefreshResult": _refresh_json,
    "SourcesView": _sources_json,
    "RoadmapResult": _roadmap_json,
    "CanUseResult": _can_use_json,
    "GainsResult": _gains_json,
}


def to_data(result: Any) -> dict:
    """Any result as the JSON data docs/json-schema.md describes."""
    body = _BODIES.get(type(result).__name__)
    if body is None:
        raise TypeError(f"no JSON rendering for {type(result).__name__}")
    base: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "project": getattr(result, "project", None),
                            "on": _d(getattr(result, "on", None))}
    base.update(body(result))
    if hasattr(result, "component"):
        base["component"] = result.component or None
    if hasattr(result, "staleness"):
        st = result.staleness
        base["stale"] = None if st is None else {
            "after_days": st.after_days, "releases": [{"release": r, "newest": _d(day)} for r, day in st.releases]}
    base["sources"] = [source_json(s) for s in getattr(result, "sources", ())]
    return base


def render(result: Any) -> str:
    """Any result as JSON text."""
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"
