"""`canirequire lint`: the floors a project's build files declare, against what its policy
allows on the date. A declared floor above what a supported platform has is a violation; one
below the highest requirable floor leaves headroom."""

from __future__ import annotations

from ..model import Status
from ..sources.buildfiles import Declared
from ..versions.libversion import compare, round_down_minor
from . import questions
from .core import Engine
from .results import FloorResult, LintFinding, LintResult, LintStatus


def lint(engine: Engine, path: str, files: tuple[str, ...], declared: list[tuple[Declared, str | None]],
         unreadable: tuple[tuple[str, int, str], ...] = (), features: tuple = ()) -> LintResult:
    """``declared`` pairs each declared minimum with the dependency it maps to (None: unmapped);
    ``unreadable`` names the build files that could not be read: (file, line, why)."""
    floors: dict[str, FloorResult] = {}
    findings = [LintFinding(file, line, "", "", None, None, LintStatus.UNREADABLE, note=why)
                for file, line, why in unreadable]
    for item, dependency in declared:
        base = dict(file=item.file, line=item.line, name=item.name, constraint=item.constraint,
                    declared=item.version, dependency=dependency, note=item.note)
        if dependency is None:
            findings.append(LintFinding(status=LintStatus.UNMAPPED, **base))
            continue
        if item.version is None:
            findings.append(LintFinding(status=LintStatus.COMPUTED, **base))
            continue
        if dependency not in floors:
            floors[dependency] = questions.floor(engine, dependency)
        floor = floors[dependency]
        needs = _wanted_above(engine, features, dependency, item.version)
        if needs is not None:
            findings.append(LintFinding(status=LintStatus.WANTS_MORE, floor=floor.floor,
                                        floor_rounded=floor.floor_rounded, limiting=floor.limiting,
                                        **{**base, "note": f"wants {needs.feature} ({needs.version}) but "
                                                           f"{item.name} says {item.version}"}))
        check = questions.check(engine, dependency, item.version)
        unknown = tuple(v.platform.id for v in check.verdicts if v.status is Status.UNKNOWN)
        extra = dict(floor=floor.floor, floor_rounded=floor.floor_rounded, limiting=floor.limiting, unknown=unknown)
        if check.failing:
            findings.append(LintFinding(status=LintStatus.VIOLATION, breaking=check.failing, **extra, **base))
        elif floor.floor is None:
            # Nothing bounds it: every platform provides any version (outside the OS packages), or the data
            # cannot tell.
            findings.append(LintFinding(status=LintStatus.UNKNOWN if unknown else LintStatus.OK, **extra, **base))
        elif compare(item.version, round_down_minor(floor.floor)) < 0:
            findings.append(LintFinding(status=LintStatus.HEADROOM, **extra, **base))
        else:
            findings.append(LintFinding(status=LintStatus.OK, **extra, **base))
    return LintResult(engine.project.name, engine.scope.on, path, files, tuple(findings), engine.index.sources,
                      engine.scope.component_label)


def _wanted_above(engine: Engine, features: tuple, dependency: str, declared: str):
    """The wanted feature ([wants]) of ``dependency`` with the highest version above ``declared``, if any."""
    if not features:
        return None
    from .features import lookup, toolchain_of

    names = dict(engine.project.wants).get(dependency, ())
    toolchain = toolchain_of(dependency) or dependency
    highest = None
    for name in names:
        f = lookup(features, f"{toolchain}:{name}").feature
        if f is not None and compare(f.version, declared) > 0 and (highest is None
                                                                   or compare(f.version, highest.version) > 0):
            highest = f
    return highest
