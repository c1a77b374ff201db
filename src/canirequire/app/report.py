"""Bundle the one-page HTML report and the timeline picture (the slow, many-question use cases)."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from ..engine import questions
from ..engine.roadmap import roadmap
from ..engine.timeline import default_window, timeline
from ..model import Level
from ..policy.project import Project
from .errors import InputError
from .session import Session

_STRICTEST_FIRST = {Level.MANDATORY: 0, Level.DEFAULT: 1, Level.OPTIONAL: 2}


def timeline_requirement(project: Project, dependency: str, minimum: str) -> tuple[str, str]:
    """What to colour the timeline by: as asked, else the strictest requirement of the last roadmap stage."""
    if dependency and minimum:
        return dependency, minimum
    for stage in reversed(project.roadmap):
        for q in sorted(stage.requirements, key=lambda q: _STRICTEST_FIRST[q.level]):
            if not dependency or q.dependency == dependency:
                return q.dependency, q.minimum
    if dependency:
        raise InputError(f"--dependency {dependency} needs --minimum (the project's roadmap does not name one)")
    return "", ""


def window(project: Project, on: dt.date, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The timeline's date range: as asked, else around the date and the roadmap's stages."""
    s, e = default_window(on, [st.date for st in project.roadmap])
    start, end = start or s, end or e
    if end <= start:
        raise InputError(f"--to {end} is not after --from {start}")
    return start, end


def build_timeline(session: Session, on: dt.date, dependency: str, minimum: str, start: dt.date | None = None,
                   end: dt.date | None = None, assumptions: tuple[str, ...] = ()):
    """The timeline for ``plot``: each release's support window, coloured by the requirement if one is given."""
    dep, mini = timeline_requirement(session.project, dependency, minimum)
    if dep:
        session.check_dependency(dep)
        session.check_version(mini)
    s, e = window(session.project, on, start, end)
    return timeline(session.engine(on, assumptions=assumptions), s, e, dep, mini)


def build_report(session: Session, on: dt.date, *, arches: tuple[str, ...] = (), exceptions: tuple[str, ...] = (),
                 assumptions: tuple[str, ...] = (), dependency: str = "", minimum: str = "",
                 step: Callable[[str], None] = lambda _text: None) -> str:
    """The self-contained HTML page: answer, matrix, roadmap impact, timeline, sources."""
    from ..report.html import render_report

    engine = session.engine(on, arches, exceptions, assumptions)
    dep, mini = timeline_requirement(session.project, dependency, minimum)
    if mini:
        session.check_version(mini)
    # The timeline looks furthest back: sweeping from its start first lets the roadmap's walks reuse
    # every platform's status timeline instead of sweeping again from their later date.
    step("timeline")
    start, end = window(session.project, on, None, None)
    tl = timeline(session.engine(on, assumptions=assumptions), start, end, dep, mini)
    step("matrix")
    matrix_result = questions.matrix(engine)
    step("floors")
    from ..engine.features import toolchain_of

    # Each floor names what its ladder steps unlock where a feature table covers the dependency.
    floors = [questions.floor(engine, d, session.features() if toolchain_of(d) else ())
              for d in matrix_result.dependencies]
    step("roadmap")
    road = roadmap(engine) if session.project.roadmap else None
    components = []
    for component in session.project.components:
        step(f"component {component.name}")
        scoped = session.engine(on, arches, exceptions, assumptions, (component.name,))
        components.append((component, questions.platforms(scoped),
                           roadmap(scoped) if session.project.roadmap else None))
    wanted_features = ()
    if session.project.wants:
        from ..engine.features import wanted

        step("wanted features")
        wanted_features = wanted(engine, session.features())
    step("rendering")
    return render_report(project=session.project, on=on, matrix=matrix_result, floors=floors, roadmap=road,
                         timeline=tl, sources=session.index.sources, components=components,
                         wanted=wanted_features)
