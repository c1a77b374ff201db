"""`canirequire can-use FEATURE...`: a feature maps to the version that first has it, and that version
to platforms and dates through the same questions as `check` and `when` (one truth)."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import FeatureFact
from ..versions.libversion import Version, compare
from .core import Engine
from .questions import check
# The feature result types and the walk are read on first use: `floor` needs only toolchain_of and unlocked.
from . import results as _results

if TYPE_CHECKING:
    from .results_more import CanUseResult, FeatureMatch, GainsResult, WantedFeature

# A toolchain in features.csv answers for the project dependency of the same name unless the project
# file maps it elsewhere.
DEFAULT_DEPENDENCY = {"rust": "rust", "meson": "meson", "glib": "glib"}


def _norm(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def lookup(features: tuple[FeatureFact, ...], asked: str) -> FeatureMatch:
    """``rust:let_chains``, ``let_chains`` (when one toolchain has it), ``meson:install_data:install_tag``;
    spaces and case are forgiven ("let chains"); a near miss gets suggestions, never a silent answer."""
    toolchains = {f.toolchain for f in features}
    head, sep, rest = asked.partition(":")
    toolchain, name = (head.strip().lower(), rest) if sep and head.strip().lower() in toolchains else ("", asked)
    pool = [f for f in features if not toolchain or f.toolchain == toolchain]
    wanted = _norm(name)
    exact = [f for f in pool if _norm(f.feature) == wanted]
    if exact:
        lowest = min(exact, key=lambda f: Version(f.version))
        return _results.FeatureMatch(asked, lowest.toolchain, lowest)
    names = {f"{f.toolchain}:{f.feature}": f for f in pool}
    close = difflib.get_close_matches(wanted, [_norm(f.feature) for f in pool], n=5, cutoff=0.75)
    words = [w for w in re.split(r"[_\s]+", name.lower()) if len(w) > 1]
    by_words = [key for key, f in names.items()
                if words and all(w in (_norm(f.feature) + " " + f.title.lower()) for w in words)]
    suggestions = list(dict.fromkeys(
        [key for key, f in names.items() if _norm(f.feature) in close] + by_words))[:8]
    return _results.FeatureMatch(asked, toolchain, None, tuple(suggestions))


def _dated(engine: Engine, match: FeatureMatch, mapping: dict[str, str]) -> FeatureMatch:
    """A feature row without a date takes its version's upstream release date, where the data has it."""
    f = match.feature
    if f is None or f.date is not None:
        return match
    dep = engine.project.dependency(mapping.get(f.toolchain, f.toolchain))
    released = engine.index.upstream_release(dep.upstream_project if dep else f.toolchain, f.version)
    if released is None:
        return match
    return replace(match, feature=replace(f, date=released.date,
                                          source=f"{f.source}; released {released.date} ({released.source})"))


def can_use(engine: Engine, features: tuple[FeatureFact, ...], asked: tuple[str, ...],
            mapping: dict[str, str] | None = None) -> CanUseResult:
    """Each feature's version; several of one dependency are answered as their maximum, with the feature
    that decides it named; each dependency's answer is `check` at that version and `when` for it."""
    mapping = {**DEFAULT_DEPENDENCY, **(mapping or {})}
    matches = tuple(_dated(engine, lookup(features, a), mapping) for a in asked)
    by_dependency: dict[str, list[FeatureFact]] = {}
    for m in matches:
        if m.feature is not None:
            by_dependency.setdefault(mapping.get(m.feature.toolchain, m.feature.toolchain), []).append(m.feature)
    on = engine.scope.on
    requirements = []
    for dependency, facts in by_dependency.items():
        deciding = facts[0]
        for f in facts[1:]:
            if compare(f.version, deciding.version) > 0:
                deciding = f
        requirements.append(_results.FeatureRequirement(dependency, deciding.version, deciding, tuple(facts),
                                               check(engine, dependency, deciding.version),
                                               _walk(engine, [(dependency, deciding.version)], on)))
    return _results.CanUseResult(engine.project.name, on, matches, tuple(requirements), engine.index.sources,
                        engine.scope.component_label)


def toolchain_of(dependency: str, mapping: dict[str, str] | None = None) -> str | None:
    """The feature table that answers for a project dependency (rust -> rust), if any."""
    mapping = {**DEFAULT_DEPENDENCY, **(mapping or {})}
    return next((t for t, d in mapping.items() if d == dependency), None)


# Where a feature row comes from says how notable it is: an accepted language gate or an edition first,
# then the release notes' Language section, Cargo, the library APIs, and the rest (compiler, misc).
_SECTION_RANK = (("accepted.rs", 0), ("edition", 0), ("> Language", 1), ("> Cargo", 2),
                 ("> Stabilized APIs", 3), ("> Libraries", 3))


def _notable(f: FeatureFact) -> tuple:
    rank = next((r for marker, r in _SECTION_RANK if marker in f.source), 4 if "RELEASES.md" in f.source else 1)
    return (rank, Version(f.version), f.feature)


def unlocked(features: tuple[FeatureFact, ...], toolchain: str, after: str | None, upto: str
             ) -> tuple[FeatureFact, ...]:
    """The features first available above ``after`` (None: from the start) up to ``upto``, the most
    notable first, each listed once."""
    seen: dict[str, FeatureFact] = {}
    for f in features:
        if f.toolchain != toolchain or compare(f.version, upto) > 0:
            continue
        if after is not None and compare(f.version, after) <= 0:
            continue
        if f.feature not in seen or compare(f.version, seen[f.feature].version) < 0:
            seen[f.feature] = f
    return tuple(sorted(seen.values(), key=_notable))


def gains(engine: Engine, features: tuple[FeatureFact, ...], dependency: str, start: str, end: str
          ) -> GainsResult:
    """What raising the floor from ``start`` to ``end`` buys (the features) and costs (the platforms
    check drops at ``end`` that it does not drop at ``start``)."""
    before, after = check(engine, dependency, start), check(engine, dependency, end)
    dropped_before = {v.platform.id for v in before.failing}
    toolchain = toolchain_of(dependency) or dependency
    return _results.GainsResult(engine.project.name, engine.scope.on, dependency, start, end,
                       unlocked(features, toolchain, start, end),
                       tuple(v for v in after.failing if v.platform.id not in dropped_before),
                       tuple(v for v in after.unknown if v.platform.id not in {u.platform.id for u in before.unknown}),
                       before, after, engine.index.sources, engine.scope.component_label)


def wanted(engine: Engine, features: tuple[FeatureFact, ...]) -> tuple[WantedFeature, ...]:
    """The project's [wants], each with the version that has it and the dates `when` gives for it."""
    out = []
    on = engine.scope.on
    for dependency, names in engine.project.wants:
        toolchain = toolchain_of(dependency) or dependency
        for name in names:
            match = lookup(features, f"{toolchain}:{name}")
            if match.feature is None:
                out.append(_results.WantedFeature(dependency, name, None, suggestions=match.suggestions))
                continue
            walk = _walk(engine, [(dependency, match.feature.version)], on)
            out.append(_results.WantedFeature(dependency, name, match.feature, walk.date, walk.proven_date))
    return tuple(out)


def _walk(*args, **kwargs):
    from .walk import walk_until_ok

    return walk_until_ok(*args, **kwargs)
