"""JSON output: a stable, documented schema (docs/json-schema.md).

Every document has ``schema_version``, ``kind`` and ``on``; the rest depends
on the kind. Dates are ISO strings; unknown values are null.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..engine import results as r
from .view import schedule_why, change_line, lint_sentence, compare_answer, compare_unknowns, consideration_note, data_ends_note, platform_notes, reason

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


def to_data(result: Any) -> dict:
    """Any result as the JSON data docs/json-schema.md describes."""
    base: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "project": getattr(result, "project", None),
                            "on": _d(getattr(result, "on", None))}
    if isinstance(result, r.PlatformsResult):
        base.update(
            kind="platforms",
            supported=[platform_json(p) for p in result.supported],
            excluded=[{"release": e.release, "reason": e.reason, "since": _d(e.since)} for e in result.excluded],
            no_lifecycle_data=list(result.no_lifecycle),
            no_supported_release=list(result.empty_oses),
            notes=platform_notes(result),
        )
    elif isinstance(result, r.CheckResult):
        base.update(
            kind="check",
            dependency=result.dependency,
            minimum=result.minimum,
            ok=result.ok,
            failing=[v.platform.id for v in result.failing],
            unknown=[v.platform.id for v in result.unknown],
            excepted=list(result.excepted),
            notes=platform_notes(result.platforms),
            platforms=[verdict_json(v) for v in result.verdicts],
        )
    elif isinstance(result, r.FloorResult):
        base.update(
            kind="floor",
            dependency=result.dependency,
            floor=result.floor,
            floor_rounded=result.floor_rounded,
            limiting=list(result.limiting),
            ladder=[
                {"floor": s.floor, "floor_rounded": s.floor_rounded, "limiting": list(s.limiting),
                 "excepted": list(s.excepted)}
                for s in result.ladder
            ],
            unknown=[{"platform": v.platform.id, "reason": reason(v), "at_least": v.version} for v in result.unknown],
            missing=[{"platform": v.platform.id, "reason": reason(v)} for v in result.missing],
            at_least=[{"platform": v.platform.id, "at_least": v.version, "reason": reason(v)}
                      for v in result.at_least],
            notes=platform_notes(result.platforms),
            platforms=[verdict_json(v) for v in result.verdicts],
        )
    elif isinstance(result, r.WhenResult):
        base.update(
            kind="when",
            dependency=result.dependency,
            minimum=result.minimum,
            date=_d(result.date),
            horizon=_d(result.horizon),
            data_ends=data_ends_note(result) or None,
            blockers=[verdict_json(v) for v in result.blockers],
            unknown=list(result.unknown),
            steps=[{"date": _d(s.date), "failing": list(s.failing)} for s in result.steps],
        )
    elif isinstance(result, r.MatrixResult):
        base.update(
            kind="matrix",
            dependencies=list(result.dependencies),
            baseline=list(result.baseline),
            platforms=[
                {**platform_json(p), "cells": {d: verdict_json(v) for d, v in zip(result.dependencies, row)}}
                for p, row in zip(result.platforms, result.cells)
            ],
        )
    elif isinstance(result, r.ExplainResult):
        base.update(
            kind="explain",
            target=result.target,
            lifecycles=[_lifecycle_json(lc) for lc in result.lifecycles],
            platforms=[platform_json(p) for p in result.platforms],
            excluded=[{"release": e.release, "reason": e.reason, "since": _d(e.since)} for e in result.excluded],
            ci=list(result.ci),
            notes=[f"{result.target} is not among the platforms the {result.project} policy supports on {result.on}"]
            if result.unlisted else [],
            verdicts=[verdict_json(v, detail=True) for v in result.verdicts],
        )
    elif isinstance(result, r.CoverageResult):
        base.update(
            kind="coverage",
            dependencies=list(result.dependencies),
            releases=[{"release": row.release_id, "os": row.os, "cells": {
                dep: {"facts": c.facts, "dated": c.dated, "newest": _d(c.newest), "lower_bound_only": c.lower_bound_only}
                for dep, c in zip(result.dependencies, row.cells)}} for row in result.rows],
            gap_sources=[{"os": os_id, "source": source} for os_id, source in result.gap_sources],
        )
    elif isinstance(result, r.ScheduleResult):
        base.update(
            kind="schedule", until=_d(result.until), dependencies=list(result.dependencies),
            requirable_now={dep: floor for dep, floor in result.floors},
            entries=[{"dependency": e.dependency, "minimum": e.version, "up_to": e.up_to or e.version,
                      "date": _d(e.date), "unknown": list(e.unknown),
                      "leaving": list(e.leaving), "upgraded": list(e.upgraded), "note": e.note or None,
                      "why": schedule_why(e)} for e in result.entries],
        )
    elif isinstance(result, r.LintResult):
        base.update(
            kind="lint", path=result.path, ok=result.ok, files=list(result.files),
            counts={s.value: len(result.of(s)) for s in r.LintStatus},
            findings=[{"file": f.file, "line": f.line, "name": f.name, "constraint": f.constraint,
                       "declared": f.declared, "dependency": f.dependency, "status": f.status.value,
                       "floor": f.floor, "floor_rounded": f.floor_rounded, "limiting": list(f.limiting),
                       "breaking": [verdict_json(v) for v in f.breaking], "unknown": list(f.unknown),
                       "note": f.note or None, "message": lint_sentence(f, result.on)} for f in result.findings],
        )
    elif isinstance(result, r.CompareResult):
        base.update(
            kind="compare", dependency=result.dependency, minimum=result.minimum, baseline=list(result.baseline),
            answer=compare_answer(result),
            counts={c.value: len(result.of(c)) for c in r.Coverage},
            gaps=[row.platform.id for row in result.gaps],
            missing_data=[{"dependency": whose, "why": why, "releases": releases}
                          for whose, why, releases in compare_unknowns(result)],
            platforms=[{**platform_json(row.platform), "coverage": row.coverage.value,
                        "baseline_status": row.baseline_status.value, "verdict": verdict_json(row.verdict),
                        "baseline": {dep: verdict_json(v) for dep, v in zip(result.baseline, row.baseline)}}
                       for row in result.rows],
        )
    elif isinstance(result, r.RefreshResult):
        base.update(
            kind="refresh", ok=result.ok, requests=result.requests, stopped=result.stopped or None,
            data_dir=result.data_dir, checked=result.checked,
            sources_read=[{"key": s.key, "label": s.label, "status": s.status, "detail": s.detail,
                           "changes": list(s.changes)} for s in result.reads],
            changes=[{"dependency": c.dependency, "minimum": c.minimum, "on": _d(c.on), "stage": c.stage or None,
                      "release": c.release_id, "arches": list(c.arches),
                      "before": c.before.value if c.before else None, "after": c.after.value if c.after else None,
                      "sentence": change_line(c),
                      "verdict": verdict_json(c.verdict) if c.verdict else None} for c in result.changes],
        )
    elif isinstance(result, r.SourcesView):
        base.update(_sources_view(result))
    elif isinstance(result, r.RoadmapResult):
        base.update(kind="roadmap", ok=result.ok, exceptions=list(result.exceptions),
                    assumptions=list(result.assumptions), stages=[_stage_json(si) for si in result.stages])
    else:
        raise TypeError(f"no JSON rendering for {type(result).__name__}")
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
