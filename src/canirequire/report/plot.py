"""The timeline picture (matplotlib): support windows as bars, coloured by
whether the requirement is met, roadmap stages as markers, today as a line."""

from __future__ import annotations

import io

from ..engine.results import Timeline
from .view import timeline_title

COLORS = {"ok": "#2e7d32", "partial": "#f9a825", "fail": "#c62828", "unknown": "#9e9e9e", "": "#90a4ae"}
LABELS = {"ok": "requirement met", "partial": "met on some arches", "fail": "not met", "unknown": "no data"}


def render_timeline(tl: Timeline, fmt: str = "svg") -> bytes:
    """The timeline drawn by matplotlib, as SVG or PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    plt.rcParams["svg.fonttype"] = "none"  # real (escaped) text, not glyph paths
    plt.rcParams["svg.hashsalt"] = "canirequire"  # reproducible ids
    height = max(3.0, 0.24 * len(tl.bars) + 1.6)
    fig, ax = plt.subplots(figsize=(11, height))
    labels = []
    for row, bar in enumerate(tl.bars):
        labels.append(bar.release_id)
        segments = bar.segments or ()
        if not segments:
            ax.barh(row, (bar.end - bar.start).days, left=mdates.date2num(bar.start), height=0.6,
                    color=COLORS[""], edgecolor="none")
        for seg in segments:
            ax.barh(row, (seg.end - seg.start).days, left=mdates.date2num(seg.start), height=0.6,
                    color=COLORS.get(seg.status.value, COLORS[""]), edgecolor="none")
        if bar.satisfiable_from and bar.satisfiable_from > bar.start:
            ax.plot(mdates.date2num(bar.satisfiable_from), row, marker="|", color="black", markersize=9)
    for stage in tl.stages:
        if tl.start <= stage.date <= tl.end:
            x = mdates.date2num(stage.date)
            ax.axvline(x, color="#1565c0", linestyle="--", linewidth=1)
            ax.text(x, -0.9, f" {stage.label}" + ("*" if stage.illustrative else ""), color="#1565c0",
                    fontsize=8, va="bottom")
    if tl.start <= tl.on <= tl.end:
        ax.axvline(mdates.date2num(tl.on), color="black", linewidth=1.5)
        ax.text(mdates.date2num(tl.on), len(tl.bars) - 0.2, " today", fontsize=8, va="top")
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_ylim(len(labels) - 0.4, -1.2)
    ax.set_xlim(mdates.date2num(tl.start), mdates.date2num(tl.end))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
    ax.grid(axis="x", color="#e0e0e0")
    ax.set_title(timeline_title(tl), fontsize=10)
    if tl.dependency:
        handles = [Patch(color=COLORS[k], label=v) for k, v in LABELS.items()]
        ax.legend(handles=handles, loc="lower left", fontsize=7, ncols=4, frameon=False,
                  bbox_to_anchor=(0, 1.02 + 0.4 / height))
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
    return buf.getvalue()
