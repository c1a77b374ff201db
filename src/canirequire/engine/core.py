"""The engine a session asks: one project's policy over one fact index, for a scope.

Every question module (questions, walk, roadmap, schedule, ...) reads the same
engine, and through it the same resolver and the same knowledge
(engine.knowledge), so no two commands can tell two stories.
"""

from __future__ import annotations

import datetime as dt

from ..model.catalog import Catalog
from ..store.index import FactIndex
from ..versions.libversion import required_version
from .annotate import Annotator
from .platforms import support_periods, supported_platforms
from .resolve import Resolver
from .results import Platform, PlatformsResult, Verdict
from .scope import Scope


class Engine:
    """One project's policy over one fact index, for a scope; caches what no date changes."""

    def __init__(self, index: FactIndex, catalog: Catalog, scope: Scope, resolver: Resolver | None = None) -> None:
        """``resolver``: one already built for the same index, catalog and project, shared so that
        engines for other dates, scopes or components reuse what it has worked out."""
        self.index = index
        self.catalog = catalog
        self.scope = scope
        self.project = scope.project
        self.resolver = resolver if resolver is not None and resolver.serves(index, catalog, scope.project) \
            else Resolver(index, catalog, scope.project)
        self.annotator = Annotator(index, catalog, scope)
        self._platforms: dict[tuple[dt.date, bool], PlatformsResult] = {}
        self._timelines = None
        self._periods: dict[bool, tuple[dt.date, dt.date, list]] = {}
        self.derived: dict[tuple, "Engine"] = {}
        self._admitted: dict[tuple[str, str, str], bool] = {}  # engines for narrower scopes (a stage's components)

    def platforms_on(self, on: dt.date, all_arches: bool = False) -> PlatformsResult:
        """The supported platforms on a date (for the scope's --arch, unless ``all_arches``), remembered."""
        key = (on, all_arches)
        result = self._platforms.get(key)
        if result is None:
            arches = () if all_arches else self.scope.arches
            shared = self.resolver.policy_memo
            raw = shared.get(("platforms", on, arches))
            if raw is None:
                raw = shared[("platforms", on, arches)] = supported_platforms(
                    self.project, self.index.lifecycles_by_os(), on, arches)
            result = self._platforms[key] = self._in_components(raw)
        return result

    def _in_components(self, result: PlatformsResult) -> PlatformsResult:
        """Only the platforms the scope's components build on (--component)."""
        if not self.scope.components:
            return result
        from dataclasses import replace

        admitted = self._admitted  # walks filter the same platforms period after period

        def admits(os_id: str, release_id: str, arch: str) -> bool:
            key = (os_id, release_id, arch)
            if key not in admitted:
                admitted[key] = self.scope.admits(os_id, release_id, arch)
            return admitted[key]

        def could_admit(release_id: str) -> bool:
            os_id = release_id.rsplit("-", 1)[0]
            policy = self.project.os_policy(os_id)
            arches = (policy.arches if policy else ()) or self.project.host_arches
            return any(admits(os_id, release_id, a) for a in arches)

        return replace(result, supported=tuple(p for p in result.supported if admits(p.os, p.release_id, p.arch)),
                       excluded=tuple(e for e in result.excluded if could_admit(e.release)))

    def timelines(self):
        """Every platform's status over time, per requirement, swept once per engine."""
        if self._timelines is None:
            from .knowledge import StatusTimelines

            self._timelines = StatusTimelines(self)
        return self._timelines

    def periods(self, start: dt.date, end: dt.date, all_arches: bool = False):
        """Stretches of [start, end) with a constant supported set (see platforms.support_periods).

        The widest window asked so far is kept: the walks of a roadmap's stages
        and the timeline slice it instead of evaluating the policy again.
        """
        cached = self._periods.get(all_arches)
        if cached is None or start < cached[0] or end > cached[1]:
            lo, hi = (start, end) if cached is None else (min(start, cached[0]), max(end, cached[1]))
            # Widen once to what a report asks of one engine (the timeline, the walks from the date and
            # from every roadmap stage): one evaluation of the policy instead of one per window.
            from .walk import walk_end

            stage_dates = [st.date for st in self.project.roadmap]
            lo = min(lo, *stage_dates) if stage_dates else lo
            hi = max(hi, walk_end(max([self.scope.on, *stage_dates])))
            arches = () if all_arches else self.scope.arches
            shared = self.resolver.policy_memo
            # Engines sharing a resolver share the widest window evaluated so far for these arches.
            known = shared.get(("periods", arches))
            if known is not None and known[0] <= lo and hi <= known[1]:
                lo, hi, raw = known
            else:
                if known is not None:
                    lo, hi = min(lo, known[0]), max(hi, known[1])
                raw = support_periods(self.project, self.index.lifecycles_by_os(), lo, hi, arches)
                shared[("periods", arches)] = (lo, hi, raw)
            cached = self._periods[all_arches] = (lo, hi, [
                (day, until, self._in_components(plats)) for day, until, plats in raw])
        out = []
        for day, until, plats in cached[2]:
            if until > start and day < end:
                out.append((max(day, start), min(until, end), plats))
        return out

    def verdict(self, platform: Platform, dependency: str, on: dt.date, required: str | None,
                detail: bool = False) -> Verdict:
        """``required``: a minimum, None or ``any`` (presence only: any packaged version is ok)."""
        return self.annotator.annotate(self.resolver.verdict(platform, dependency, on, required_version(required),
                                                             detail))

    def verdicts(self, dependency: str, on: dt.date, required: str | None
                 ) -> tuple[PlatformsResult, list[Verdict], list[str]]:
        """Annotated verdicts for every supported platform not accepted as an exception."""
        plats = self.platforms_on(on)
        verdicts, excepted = [], []
        for p in plats.supported:
            if self.scope.excepts(p.id, p.release_id, p.os):
                excepted.append(p.id)
            else:
                verdicts.append(self.verdict(p, dependency, on, required))
        return plats, verdicts, excepted


def gap_sources(engine: Engine, verdicts) -> tuple[tuple[str, str], ...]:
    """For the OSes of unknown verdicts: the public source that would settle them (the catalog's)."""
    oses = dict.fromkeys(v.platform.os for v in verdicts)
    return tuple((o, engine.catalog.gap_sources[o]) for o in oses if o in engine.catalog.gap_sources)
