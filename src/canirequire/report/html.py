"""The self-contained HTML report: answer first, then the matrix, the roadmap,
the timeline picture and every source. Nothing is fetched when it is opened."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..engine.results import MatrixResult, Verdict
from ..model import Flag, Status
from .view import cell_marks, compact_ids, flag_words, matrix_rows, reason, version_cell

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Cell:
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
    text = version_cell(v) if v.version else {Status.MISSING: "missing", Status.UNKNOWN: "—"}.get(v.status, v.status.value)
    title = reason(v) + (f" [{flag_words(v.flags)}]" if v.flags else "")
    return Cell(text, marks, css, title)


@dataclass(frozen=True)
class FloorView:
    dependency: str
    floor_rounded: str | None
    floor: str | None
    limiting: str


@dataclass(frozen=True)
class Row:
    label: str
    rule: str
    until: dt.date | None
    ci: str
    cells: tuple[Cell, ...]


def _strip_svg_prolog(svg: str) -> str:
    """Inline SVG must not carry an XML declaration or DOCTYPE (the latter names a DTD URL)."""
    svg = re.sub(r"<\?xml[^>]*\?>", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    return svg.strip()


def render_report(
    *,
    project,
    on: dt.date,
    matrix: MatrixResult,
    floors,
    roadmap=None,
    timeline=None,
    sources=(),
) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["reason"] = reason
    # One row per release and answer: arches that got the same cells and CI share a row.
    rows = [Row(row.label, row.platforms[0].rule, row.platforms[0].until, row.ci, tuple(_cell(v) for v in row.cells))
            for row in matrix_rows(matrix, cell_key=_cell, split_by_ci=True)]
    floors_view = [FloorView(f.dependency, f.floor_rounded, f.floor, compact_ids(f.limiting)) for f in floors]
    timeline_svg, note, caption = "", "", ""
    if timeline is not None:
        caption = f"{timeline.dependency} ≥ {timeline.minimum}" if timeline.dependency else ""
        try:
            from .plot import render_timeline

            timeline_svg = _strip_svg_prolog(render_timeline(timeline, "svg").decode("utf-8"))
        except ImportError:
            note = "The timeline picture needs matplotlib: pip install 'canirequire[plot]'."
    return env.get_template("report.html.j2").render(
        project=project,
        on=on,
        version=__version__,
        matrix=matrix,
        matrix_rows=rows,
        floors=floors_view,
        roadmap=roadmap,
        timeline_svg=timeline_svg,
        timeline_note=note,
        timeline_caption=caption,
        sources=sources,
    )
