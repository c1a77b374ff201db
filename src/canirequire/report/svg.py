"""The timeline as inline SVG, drawn directly (the HTML report needs no plotting library).

One row per OS release: its support window, coloured by whether the
requirement is met; roadmap stages as dashed lines; today as a solid one.
Labels sit in lanes of their own above the plot so none overprints another.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from ..engine.results import SegmentState, Timeline
from .view import timeline_title

COLORS = {SegmentState.OK: "#2e7d32", SegmentState.PARTIAL: "#f9a825", SegmentState.FAIL: "#c62828",
          SegmentState.UNKNOWN: "#9e9e9e"}
LABELS = {SegmentState.OK: "requirement met", SegmentState.PARTIAL: "met on some arches",
          SegmentState.FAIL: "not met", SegmentState.UNKNOWN: "no data"}
NO_REQUIREMENT = "#90a4ae"

WIDTH = 1100
LEFT = 150  # release labels
RIGHT = 20
ROW = 18
BAR = 12
TITLE_LANE = 22
LEGEND_LANE = 22
STAGE_LANE = 16  # stage labels
TODAY_LANE = 16  # the "today" label, in a lane of its own
AXIS = 28  # year labels under the plot


def render_timeline_svg(tl: Timeline) -> str:
    """The timeline as a self-contained SVG (the report's picture, without matplotlib)."""
    top = TITLE_LANE + (LEGEND_LANE if tl.dependency else 0) + STAGE_LANE + TODAY_LANE
    plot_h = max(1, len(tl.bars)) * ROW
    height = top + plot_h + AXIS
    span = max(1, (tl.end - tl.start).days)
    plot_w = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return LEFT + (min(max(day, tl.start), tl.end) - tl.start).days / span * plot_w

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" role="img" aria-label="{escape(timeline_title(tl))}" font-family="sans-serif" font-size="11">']
    out.append(f'<text x="{LEFT}" y="15" font-size="13" font-weight="bold">{escape(timeline_title(tl))}</text>')
    if tl.dependency:
        out += _legend(TITLE_LANE + 14)
    out += _year_grid(tl, x, top, plot_h)
    for row, bar in enumerate(tl.bars):
        y = top + row * ROW + (ROW - BAR) / 2
        out.append(f'<text x="{LEFT - 6}" y="{y + BAR - 2:.1f}" text-anchor="end">{escape(bar.release_id)}</text>')
        pieces = bar.segments or ()
        if not pieces:
            out.append(_rect(x(bar.start), y, x(bar.end), NO_REQUIREMENT,
                             f"{bar.release_id}: supported {bar.start} to {bar.end}"))
        for seg in pieces:
            out.append(_rect(x(seg.start), y, x(seg.end), COLORS[seg.status],
                             f"{bar.release_id}: {LABELS[seg.status]} from {seg.start} to {seg.end}"))
        if bar.satisfiable_from and bar.satisfiable_from > bar.start:
            sx = x(bar.satisfiable_from)
            out.append(f'<line x1="{sx:.1f}" x2="{sx:.1f}" y1="{y - 2:.1f}" y2="{y + BAR + 2:.1f}" '
                       'stroke="black" stroke-width="2"/>')
    stage_y = top - TODAY_LANE - 4
    for stage in tl.stages:
        if tl.start <= stage.date <= tl.end:
            sx = x(stage.date)
            label = stage.label + ("*" if stage.illustrative else "")
            out.append(f'<line x1="{sx:.1f}" x2="{sx:.1f}" y1="{top - 2}" y2="{top + plot_h}" stroke="#1565c0" '
                       'stroke-dasharray="4 3"/>')
            out.append(f'<text x="{sx + 2:.1f}" y="{stage_y}" fill="#1565c0">{escape(label)}'
                       f'<title>{escape(stage.label)} on {stage.date}</title></text>')
    if tl.start <= tl.on <= tl.end:
        tx = x(tl.on)
        out.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - TODAY_LANE + 2}" y2="{top + plot_h}" '
                   'stroke="black" stroke-width="1.5"/>')
        # A white halo keeps the label readable where a stage's dashed line crosses it.
        out.append(f'<text x="{tx + 3:.1f}" y="{top - 4}" paint-order="stroke" stroke="white" '
                   f'stroke-width="3">today ({tl.on})</text>')
    out.append("</svg>")
    return "\n".join(out)



def _rect(x1: float, y: float, x2: float, color: str, title: str) -> str:
    return (f'<rect x="{x1:.1f}" y="{y:.1f}" width="{max(0.5, x2 - x1):.1f}" height="{BAR}" fill="{color}">'
            f'<title>{escape(title)}</title></rect>')


def _legend(y: int) -> list[str]:
    out, lx = [], LEFT
    for state, label in LABELS.items():
        out.append(f'<rect x="{lx}" y="{y - 9}" width="10" height="10" fill="{COLORS[state]}"/>')
        out.append(f'<text x="{lx + 14}" y="{y}">{escape(label)}</text>')
        lx += 24 + 7 * len(label)
    return out


def _year_grid(tl: Timeline, x, top: int, plot_h: int) -> list[str]:
    out = []
    for year in range(tl.start.year + (tl.start > dt.date(tl.start.year, 1, 1)), tl.end.year + 1):
        day = dt.date(year, 1, 1)
        if not tl.start <= day <= tl.end:
            continue
        gx = x(day)
        out.append(f'<line x1="{gx:.1f}" x2="{gx:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{gx:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{year}</text>')
    return out
