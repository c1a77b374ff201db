"""Terminal output (rich tables), rendering the engine's result objects."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ..engine import results as r
from .common import (
    STATUS_WORD,
    cell_marks,
    compact_ids,
    flag_legend,
    group_verdicts,
    short_note,
    unknown_summary,
    version_cell,
)

STATUS_STYLE = {r.OK: "green", r.TOO_OLD: "red", r.MISSING: "red bold", r.UNKNOWN: "yellow"}


def _console(width: int | None, color: bool):
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=width or 120, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, soft_wrap=False)
    return console, buf


def _table(*columns: str, title: str | None = None):
    from rich import box
    from rich.table import Table

    t = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", show_edge=False, pad_edge=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    return t


def _status(status: str) -> str:
    return f"[{STATUS_STYLE.get(status, '')}]{STATUS_WORD.get(status, status)}[/]"


def _esc(text: Any) -> str:
    from rich.markup import escape

    return escape(str(text)) if text is not None else ""


def _legend(console, verdicts) -> None:
    legend = flag_legend(v.flags for v in verdicts)
    if legend:
        console.print("Flags:")
        for flag, text in legend:
            console.print(f"  {flag:16} {_esc(text)}")


def _sources_line(console, sources, on: dt.date) -> None:
    dated = [s.as_of for s in sources if s.as_of]
    if dated:
        console.print(
            f"Data: {len(sources)} sources, newest as of {max(dated)}, oldest {min(dated)} "
            "(`canirequire sources` lists them)."
        )


def render(result: Any, *, width: int | None = None, color: bool = False) -> str:
    console, buf = _console(width, color)
    fn = _RENDERERS.get(type(result))
    if fn is None:
        raise TypeError(f"no text rendering for {type(result).__name__}")
    fn(console, result)
    # rich pads table cells to the full width; trailing blanks only add noise to pastes and diffs.
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))


def _platforms(console, res: r.PlatformsResult) -> None:
    releases: dict[str, list[r.Platform]] = {}
    for p in res.supported:
        releases.setdefault(p.release_id, []).append(p)
    console.print(
        f"[bold]{_esc(res.project)}[/] supports {len(res.supported)} platforms "
        f"({len(releases)} OS releases) on {res.on}"
    )
    t = _table("release", "arches", "rule", "until", "because")
    for rel, plats in releases.items():
        p = plats[0]
        t.add_row(_esc(rel), _esc(" ".join(x.arch for x in plats)), _esc(p.rule), str(p.until or "-"),
                  _esc(p.until_reason))
    console.print(t)
    if res.excluded:
        t = _table("release", "why not", title=f"Not supported on {res.on} (recently dropped, or not counted)")
        for e in res.excluded:
            t.add_row(_esc(e.release), _esc(e.reason))
        console.print(t)
    _notes(console, res.notes)


def _notes(console, notes) -> None:
    for note in notes:
        console.print(f"[yellow]note:[/] {_esc(note)}")


def _verdict_table(verdicts):
    t = _table("platform", "status", "version", "package (channel)", "notes")
    for g in group_verdicts(verdicts):
        v = g.verdict
        pkg = f"{v.package} ({v.channel})" if v.package else "-"
        t.add_row(_esc(g.label), _status(v.status), _esc(version_cell(v)), _esc(pkg), _esc(short_note(v)))
    return t


def _print_unknown(console, verdicts) -> None:
    if not verdicts:
        return
    console.print(f"[yellow]Unknown ({len(verdicts)} platforms; not counted as failing):[/]")
    for reason, releases in unknown_summary(verdicts):
        console.print(f"  {_esc(reason)}: {_esc(', '.join(releases))}")
    console.print("  Fill gaps with `canirequire refresh` (network) or `--facts FILE.csv`.")


def _check(console, res: r.CheckResult) -> None:
    n_fail, n_unknown = len(res.failing), len(res.unknown)
    answer = "[green bold]YES[/]" if res.ok else "[red bold]NO[/]"
    if not res.verdicts and not res.excepted:
        answer = "[yellow bold]NOTHING TO CHECK[/] (no supported platform on that date)"
    console.print(
        f"Can {_esc(res.project)} require {_esc(res.dependency)} >= {_esc(res.minimum)} on {res.on}?  {answer}"
    )
    parts = [f"{len(res.verdicts) - n_fail - n_unknown} ok", f"{n_fail} would be dropped", f"{n_unknown} unknown"]
    if res.excepted:
        parts.append(f"{len(res.excepted)} excepted")
    console.print("  " + ", ".join(parts) + f" (of {len(res.verdicts) + len(res.excepted)} supported platforms)")
    _notes(console, res.notes)
    console.print(_verdict_table([v for v in res.verdicts if v.status != r.UNKNOWN]))
    _print_unknown(console, res.unknown)
    recent = [e for e in res.excluded if e.since and (res.on - e.since).days <= 366]
    if recent:
        console.print("Outside the policy window on this date (not checked): " + _esc(
            "; ".join(f"{e.release} (left {e.since})" for e in recent)))
    _legend(console, [v for v in res.verdicts if v.status != r.UNKNOWN])
    _sources_line(console, res.sources, res.on)


def _floor(console, res: r.FloorResult) -> None:
    if res.floor is None:
        console.print(f"No platform has usable data for {_esc(res.dependency)} on {res.on}: no floor can be computed.")
    else:
        exact = "" if res.floor == res.floor_rounded else f" (exactly {res.floor})"
        console.print(
            f"Highest {_esc(res.dependency)} minimum {_esc(res.project)} can require on {res.on}: "
            f"[bold]{_esc(res.floor_rounded)}[/]{_esc(exact)}"
        )
        console.print(f"  limited by: {_esc(compact_ids(res.limiting))}")
    _notes(console, res.notes)
    if len(res.ladder) > 1:
        t = _table("step", "floor", "exact", "limited by", "after also excepting", title="Floor ladder")
        for i, step in enumerate(res.ladder, start=1):
            newly = step.excepted[len(res.ladder[i - 2].excepted):] if i > 1 else ()
            t.add_row(
                str(i),
                _esc(step.floor_rounded or "(nothing left)"),
                _esc(step.floor or "-"),
                _esc(compact_ids(step.limiting)),
                _esc(compact_ids(newly) if newly else "-"),
            )
        console.print(t)
    if res.missing:
        console.print(f"[red]Missing entirely ({len(res.missing)}; requiring {_esc(res.dependency)} at any version drops them):[/]")
        for g in group_verdicts(res.missing):
            console.print(f"  {_esc(g.label)}: {_esc(g.verdict.reason)}")
    if res.at_least:
        items = {f"{v.platform.release_id} >= {v.version}": None for v in res.at_least}
        console.print(f"Not limiting (old observations of rolling trees, already >= the floor): {_esc(', '.join(items))}")
    _print_unknown(console, res.unknown)
    _sources_line(console, res.sources, res.on)


def _when(console, res: r.WhenResult) -> None:
    if res.date == res.on:
        console.print(
            f"{_esc(res.dependency)} >= {_esc(res.minimum)} is requirable for {_esc(res.project)} already on {res.on}."
        )
    elif res.date:
        console.print(
            f"{_esc(res.dependency)} >= {_esc(res.minimum)} becomes requirable for {_esc(res.project)} on "
            f"[bold]{res.date}[/] (under current data)."
        )
    elif res.data_ends:
        console.print(
            f"{_esc(res.dependency)} >= {_esc(res.minimum)} is not requirable for {_esc(res.project)} as far as "
            f"the data reaches: [yellow]{_esc(res.data_ends)}[/]."
        )
    else:
        console.print(
            f"{_esc(res.dependency)} >= {_esc(res.minimum)} does not become requirable for {_esc(res.project)} "
            f"before {res.horizon} under current data."
        )
    if res.steps:
        t = _table("from", "blocked by", title="What blocks it, date by date")
        for s in res.steps:
            t.add_row(str(s.date), _esc(compact_ids(s.failing)))
        console.print(t)
    if res.blockers:
        console.print("Still blocking:")
        console.print(_verdict_table(res.blockers))
    if res.unknown:
        releases = list(dict.fromkeys(pid.partition("/")[0] for pid in res.unknown))
        console.print(f"[yellow]Unknown on that date ({len(res.unknown)} platforms, not counted):[/] "
                      f"{_esc(', '.join(releases))}")
    console.print("Assumes stable releases keep the versions last observed, and the policy's dates as published.")


def _matrix(console, res: r.MatrixResult) -> None:
    console.print(f"{_esc(res.project)}: supported platforms x dependencies on {res.on}")
    t = _table("platform", *res.dependencies)
    rows: dict[tuple, list[str]] = {}
    for p, row in zip(res.platforms, res.cells):
        cells = tuple(_cell(v) for v in row)
        rows.setdefault((p.release_id, cells), []).append(p.arch)
    for (rel, cells), arches in rows.items():
        label = f"{rel} ({', '.join(arches)})" if len(arches) > 1 else f"{rel}/{arches[0]}"
        t.add_row(_esc(label), *cells)
    console.print(t)
    console.print("a = alternate package, ~ = seen later, assumed unchanged since release, ? = secondary/undated, "
                  ">= = at least, 3 = upstream tier 3, u = untested in CI, - = no data")
    _sources_line(console, res.sources, res.on)


def _cell(v: r.Verdict) -> str:
    if v.status == r.UNKNOWN and not v.version:
        return "[yellow]-[/]"
    if v.status == r.MISSING:
        return "[red]missing[/]"
    marks = cell_marks(v)
    text = version_cell(v) + (f" {marks}" if marks else "")
    style = "yellow" if "lower-bound" in v.flags else "green"
    return f"[{style}]{_esc(text)}[/]"


def _explain(console, res: r.ExplainResult) -> None:
    console.print(f"[bold]{_esc(res.target)}[/] for {_esc(res.project)} on {res.on}")
    if res.lifecycles:
        t = _table("release", "released", "regular support ends", "extended (not counted)", "latest", "source")
        for lc in sorted(res.lifecycles, key=lambda x: x.release_date or dt.date.min):
            t.add_row(_esc(lc.release_id), str(lc.release_date or "-"), str(lc.eol or ("ended" if lc.eol_passed_undated else "not announced")),
                      str(lc.eoes or "-"), _esc(lc.latest or "-"), _esc(f"{lc.source} (as of {lc.as_of})"))
        console.print(t)
    for p in {p.release_id: p for p in res.platforms}.values():
        until = f" until {p.until} ({p.until_reason})" if p.until else ""
        console.print(f"Policy: {_esc(p.rule)}{_esc(until)}")
    for e in res.excluded:
        console.print(f"Policy: not supported: {_esc(e.reason)}")
    for n in res.notes:
        console.print(f"[yellow]{_esc(n)}[/]")
    console.print(f"CI: {_esc(', '.join(res.ci)) if res.ci else 'not tested by the project CI (per project file)'}")
    for v in res.verdicts:
        tier = f"; {v.tier.toolchain} target {v.tier.target}: {v.tier.label}" if v.tier and v.tier.target else ""
        console.print(
            f"\n[bold]{_esc(v.platform.id)} {_esc(v.dependency)}[/]: {_status(v.status)} {_esc(version_cell(v))} "
            f"- {_esc(v.reason)}{_esc(tier)}"
        )
        if v.flags:
            console.print(f"  flags: {_esc(', '.join(v.flags))}")
        for c in v.considered:
            f = c.fact
            mark = "[green]used[/]   " if c.used else "ignored"
            span = ""
            if f.valid_from or f.valid_to:
                span = f" valid {f.valid_from or '?'}..{f.valid_to or 'now'}"
            console.print(
                f"  {mark} {_esc(f.package)} {_esc(f.version)} [{_esc(f.channel)}] {_esc(f.repo)}{_esc(span)} "
                f"as of {f.as_of or 'undated'} <{_esc(f.origin)}>"
                + (f" - {_esc(c.note)}" if c.note else "")
            )
            console.print(f"          source: {_esc(f.source)}", style="dim")
    _sources_line(console, res.sources, res.on)


def _roadmap(console, res) -> None:
    console.print(f"[bold]{_esc(res.project)} roadmap impact[/] (data as of {res.on})")
    if res.exceptions:
        console.print(f"  accepting as exceptions: {_esc(', '.join(res.exceptions))}")
    if res.assumptions:
        console.print(f"  assuming: {_esc(', '.join(res.assumptions))}")
    for si in res.stages:
        st = si.stage
        reqs = ", ".join(f"{q.dependency} >= {q.minimum} ({q.level})" for q in st.requirements)
        mark = " [dim](illustrative date)[/]" if st.illustrative else ""
        console.print(f"\n[bold]{_esc(st.label)}[/] on {st.date}{mark}: {_esc(reqs)}")
        if st.note:
            console.print(f"  {_esc(st.note)}")
        verdict = "[red bold]loses platforms[/]" if si.lost else (
            "[yellow]degrades platforms[/]" if si.degraded else "[green]drops nobody[/]")
        console.print(f"  {verdict} among {si.supported_count} supported platforms")
        for title, items, style in (("lost", si.lost, "red"), ("degraded", si.degraded, "yellow"),
                                    ("feature unavailable", si.feature_lost, "yellow")):
            if items:
                console.print(f"  [{style}]{title} ({len(items)}):[/]")
                for g in group_verdicts([i.verdict for i in items]):
                    v = g.verdict
                    console.print(f"    {_esc(g.label)} {_esc(v.dependency)}: {_esc(v.reason)}"
                                  + (f" [{_esc(', '.join(v.flags))}]" if v.flags else ""))
        if si.at_risk:
            console.print(f"  at risk ({len(si.at_risk)} pass today but):")
            for g in group_verdicts([i.verdict for i in si.at_risk]):
                v = g.verdict
                risks = [f for f in v.flags if f in ("tier-3", "tier-2-no-host", "tier-unknown", "untested")]
                tier = f" ({v.tier.target}: {v.tier.label})" if v.tier and v.tier.target else ""
                console.print(f"    {_esc(g.label)} {_esc(v.dependency)}: {_esc(', '.join(risks))}{_esc(tier)}")
        if si.unknown:
            releases = list(dict.fromkeys(v.platform.release_id for v in si.unknown))
            console.print(f"  unknown ({len(si.unknown)}): {_esc(', '.join(releases))}")
        if si.clean_from is not None:
            c = si.clean_from
            if c.date == st.date:
                console.print("  drops nobody already on its date")
            elif c.date:
                console.print(f"  would drop nobody from [bold]{c.date}[/]")
            else:
                console.print(f"  would drop nobody: not under current data ({_esc(c.data_ends or 'blockers remain')})")
    _sources_line(console, res.sources, res.on)


_RENDERERS = {
    r.PlatformsResult: _platforms,
    r.CheckResult: _check,
    r.FloorResult: _floor,
    r.WhenResult: _when,
    r.MatrixResult: _matrix,
    r.ExplainResult: _explain,
}


def _sources_view(console, view) -> None:
    from rich import box

    from ..engine.provenance import STALE_DAYS
    from rich.markup import escape
    from rich.table import Table

    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for c in ("source", "as of", "age", "facts", "layer", "what"):
        t.add_column(c, overflow="fold")
    stale = 0
    for row in view.rows:
        age = "unknown" if row.age_days is None else f"{row.age_days} d"
        if row.stale:
            stale += 1
            age = f"[yellow]{age}[/]"
        t.add_row(escape(row.source.id), str(row.source.as_of or "undated"), age, str(row.facts), row.source.origin,
                  escape(row.source.description))
    console.print(f"Data loaded, as of {view.on}:")
    console.print(t)
    console.print("Where each came from: `canirequire sources --format json` (location) or docs/data-format.md.")
    if stale:
        console.print(
            f"[yellow]warning:[/] {stale} source(s) are undated or older than {STALE_DAYS} days; "
            "`canirequire refresh` updates them when a network is available."
        )


def _register_late() -> None:
    from ..engine.provenance import SourcesView
    from ..engine.roadmap import RoadmapResult

    _RENDERERS[RoadmapResult] = _roadmap
    _RENDERERS[SourcesView] = _sources_view


_register_late()
