"""Where the data is thin: per supported OS release and dependency, how many dated facts there
are and how recent the newest is (`canirequire sources --coverage`)."""

from __future__ import annotations

from ..model.catalog import StreamKind
from .core import Engine
from .results import CoverageCell, CoverageResult, CoverageRow

THIN = 2  # fewer dated facts than this is a gap worth closing


def coverage(engine: Engine, dependencies: tuple[str, ...] = ()) -> CoverageResult:
    """Per supported release and dependency: how many facts, how many dated, and the newest date."""
    project = engine.project
    deps = dependencies or tuple(d.name for d in project.dependencies) or engine.index.dependencies()
    plats = engine.platforms_on(engine.scope.on, all_arches=True)
    first_arch = {}
    for p in plats.supported:
        first_arch.setdefault(p.release_id, p)
    rows = []
    for release_id, platform in first_arch.items():
        cells = []
        for dep in deps:
            pf = engine.resolver.facts_for(platform, dep)
            used = [(f, c) for f, c, ok in zip(pf.facts, pf.contexts, pf.name_ok) if ok]
            dates = [d for f, _ in used for d in (f.valid_from, f.as_of) if d]
            moving = any(c.kind is not StreamKind.FROZEN or c.moves for _, c in used)
            cells.append(CoverageCell(len(used), sum(1 for f, _ in used if f.valid_from or f.as_of),
                                      max(dates) if dates else None, moving))
        rows.append(CoverageRow(release_id, platform.os, tuple(cells)))
    thin_oses = sorted({r.os for r in rows if any(c.dated < THIN for c in r.cells)})
    gaps = tuple((os_id, engine.catalog.gap_sources.get(os_id, "no known public source")) for os_id in thin_oses)
    return CoverageResult(project.name, engine.scope.on, deps, tuple(rows), gaps, engine.index.sources)
