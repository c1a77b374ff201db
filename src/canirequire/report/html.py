"""The self-contained HTML report: answer first, then the matrix, the roadmap,
the timeline picture and every source. Nothing is fetched when it is opened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..engine.results import MatrixResult, Verdict
from ..model import Flag, Status
from .view import (
    bracket_text, cell_marks, compact_ids, flag_words, matrix_rows, reason, risk_note, split_blocker_risks,
    release_ids, requirement, unknown_lines, unlock_words, version_cell, wanted_line,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Cell:
    """One matrix cell as the template shows it."""

    text: str
    marks: str
    css: str
    title: str


def _cell(v: Verdict) -> Cell:
    marks = cell_marks(v)
    css = v.status.value
    if v.status is Status.UNKNOWN and not v.version:
        marks = ""
    if Flag.LOWER_BOUND in v.flags:
        css += " lower"
    text = version_cell(v) if v.version else {Status.MISSING: "missing", Status.UNKNOWN: "—"}.get(v.status,
                                                                                                 v.status.value)
    title = reason(v) + (f" [{flag_words(v.flags)}]" if v.flags else "")
    if v.bracket is not None:
        title += f" -- {bracket_text(v)}"
    return Cell(text, marks, css, title)


@dataclass(frozen=True)
class FloorView:
    """One dependency's floor as the template shows it."""

    dependency: str
    floor_rounded: str | None
    floor: str | None
    limiting: str
    # later ladder steps: (floor, releases that limit it, what it unlocks), as the text form words them
    steps: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Row:
    """One matrix row as the template shows it."""

    label: str
    rule: str
    until: dt.date | None
    ci: str
    cells: tuple[Cell, ...]


MAX_REPORT_STEPS = 4


def _later_steps(res) -> tuple[tuple[str, str, str], ...]:
    """The ladder past the headline floor, each step with what it unlocks (as `floor` prints it)."""
    steps = [s for s in res.ladder if s.floor]
    out = []
    for i, step in enumerate(steps[1:MAX_REPORT_STEPS + 1], start=1):
        releases = release_ids(step.limiting)
        gain = unlock_words(res.unlocks[i]) if i < len(res.unlocks) else ""
        # Two steps inside one x.y (1.13.0 then 1.13.1) read as one unless the exact version is named.
        shown = step.floor if step.floor_rounded == steps[i - 1].floor_rounded else step.floor_rounded
        out.append((shown, releases, gain))
    return tuple(out)


def render_report(
    *,
    project,
    on: dt.date,
    matrix: MatrixResult,
    floors,
    roadmap=None,
    timeline=None,
    sources=(),
    components=(),
    wanted=(),
) -> str:
    """The one-page HTML report: answer, matrix, stages, components, timeline (inline SVG) and sources."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["reason"] = reason
    env.filters["requirement"] = lambda dependency, minimum: requirement(dependency, minimum, "≥")
    env.filters["risk_note"] = risk_note
    env.filters["split_blocker_risks"] = split_blocker_risks
    env.filters["unknown_lines"] = unknown_lines
    # One row per release and answer: arches that got the same cells and CI share a row.
    rows = [Row(row.label, row.platforms[0].rule, row.platforms[0].until, row.ci, tuple(_cell(v) for v in row.cells))
            for row in matrix_rows(matrix, cell_key=_cell, split_by_ci=True)]
    floors_view = [FloorView(f.dependency, f.floor_rounded, f.floor, compact_ids(f.limiting), _later_steps(f))
                   for f in floors]
    timeline_svg, caption = "", ""
    if timeline is not None:
        from .svg import render_timeline_svg

        caption = requirement(timeline.dependency, timeline.minimum, "≥") if timeline.dependency else ""
        timeline_svg = render_timeline_svg(timeline)
    return env.get_template("report.html.j2").render(
        project=project,
        on=on,
        version=__version__,
        matrix=matrix,
        matrix_rows=rows,
        floors=floors_view,
        roadmap=roadmap,
        timeline_svg=timeline_svg,
        timeline_caption=caption,
        sources=sources,
        components=[component_view(c, p, r) for c, p, r in components],
        wanted=[wanted_line(w) for w in wanted],
    )


@dataclass(frozen=True)
class StageSummary:
    """One stage's one-line summary for the answer at the top."""

    label: str
    summary: str


@dataclass(frozen=True)
class ComponentView:
    """One component as the template shows it: its platforms and what it needs."""

    name: str
    description: str
    platforms: int
    needs: str
    stages: tuple[StageSummary, ...]


def component_view(component, platforms, road) -> ComponentView:
    """One row of the report's component table: its platforms and what each stage costs it."""
    stages = []
    for si in (road.stages if road else ()):
        if not si.applies:
            text = "does not bind it"
        else:
            blockers, _ = split_blocker_risks(si.at_risk)
            parts = [f"{len(si.lost)} lost" if si.lost else "", f"{len(si.degraded)} degraded" if si.degraded else "",
                     f"{len(blockers)} without a target" if blockers else "",
                     f"{len(si.at_risk) - len(blockers)} at risk" if len(si.at_risk) > len(blockers) else ""]
            text = ", ".join(p for p in parts if p) or "drops nobody"
        stages.append(StageSummary(si.stage.label, text))
    return ComponentView(component.name, component.description, len(platforms.supported),
                         ", ".join(component.dependencies) or "everything", tuple(stages))
