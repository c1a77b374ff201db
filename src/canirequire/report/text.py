"""Terminal output (rich tables), rendering the engine's result objects."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ..engine import results as r
from ..model import Answer, Flag, Status
from .view import (
    requirement,
    release_ids,
    MAX_LADDER_ROWS,
    MAX_WHEN_ROWS,
    compare_compact_lines,
    explain_compact_lines,
    COVERAGE_LEGEND,
    coverage_cell,
    change_line,
    schedule_versions,
    schedule_why,
    LINT_ORDER,
    lint_sentence,
    compare_answer,
    compare_cell,
    matrix_headers,
    compare_groups,
    compare_question,
    compare_unknowns,
    who,
    risk_note,
    split_blocker_risks,
    friction_line,
    friction_summary,
    tier_history_lines,
    stale_sentence,
    REFRESH_WORDS,
    check_answer,
    check_glance,
    wanted_line,
    unlock_words,
    can_use_answer,
    can_use_question,
    feature_line,
    NO_MINIMUM,
    data_lines,
    failure_words,
    settle_line,
    by_release,
    unknown_glance,
    plain,
    clean_words,
    count_words,
    unknown_lines,
    ANSWER_MEANING,
    when_headline,
    matrix_rows,
    FILL_GAPS,
    MATRIX_LEGEND,
    cell_text,
    compact_ids,
    consideration_note,
    flag_legend,
    flag_words,
    group_verdicts,
    platform_notes,
    reason,
    risk_flags,
    short_note,
    sources_line,
    version_cell,
)

STATUS_STYLE = {Status.OK: "green", Status.TOO_OLD: "red", Status.MISSING: "red bold", Status.UNKNOWN: "yellow"}


def _console(width: int | None, color: bool):
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=width or 120, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, soft_wrap=False)
    return console, buf


def _table(*columns: str, title: str | None = None, keep_first_whole: bool = False):
    from rich import box
    from rich.table import Table

    t = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", show_edge=False, pad_edge=False)
    for i, c in enumerate(columns):
        # A short row name (a release id) folded mid-word is unreadable; long grouped labels must fold.
        t.add_column(c, overflow="fold", no_wrap=keep_first_whole and i == 0)
    return t


def _status(status: Status) -> str:
    return f"[{STATUS_STYLE[status]}]{status.word}[/]"


_MARKUP_TAG = re.compile(r"(\\*)\[([a-z#/@][^[]*?)]")  # rich's markup tags (rich.markup.RE_TAGS)


def _escape(markup: str) -> str:
    """rich.markup.escape, without importing rich: a backslash before anything that reads as a tag."""
    markup = _MARKUP_TAG.sub(lambda m: f"{m.group(1)}{m.group(1)}\\[{m.group(2)}]", markup)
    return markup + "\\" if markup.endswith("\\") and not markup.endswith("\\\\") else markup


def _esc(text: Any) -> str:
    return _escape(plain(text)) if text is not None else ""


class _NeedsRich(Exception):
    """The plain console was handed a table: render with rich after all."""


class _PlainConsole:
    """The console a pipe or a file gets for the compact answers: markup dropped, lines wrapped at word
    boundaries to the width as rich wraps them (a word longer than the width is folded)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []

    def print(self, text: Any = "") -> None:
        if not isinstance(text, str):
            raise _NeedsRich
        for line in _strip_markup(text).split("\n"):
            self.lines.extend(_wrap(line, self.width))


def _strip_markup(text: str) -> str:
    def tag(m: re.Match) -> str:
        slashes = m.group(1)
        if len(slashes) % 2:  # an escaped bracket: literal text
            return slashes[: len(slashes) // 2] + f"[{m.group(2)}]"
        return slashes[: len(slashes) // 2]
    return _MARKUP_TAG.sub(tag, text)


def _wrap(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line.rstrip()]
    import textwrap

    return [part.rstrip() for part in textwrap.wrap(line, width, break_long_words=True, break_on_hyphens=False,
                                                      expand_tabs=False, replace_whitespace=False)] or [""]


def _legend(console, verdicts) -> None:
    legend = flag_legend(v.flags for v in verdicts)
    if legend:
        console.print("Flags:")
        for flag, text in legend:
            console.print(f"  {flag:16} {_esc(text)}")


def _sources_line(console, sources) -> None:
    line = sources_line(sources)
    if line:
        console.print(line)


def render(result: Any, *, width: int | None = None, color: bool = False, details: bool = False) -> str:
    """Any result as terminal text (rich tables), ``width`` columns wide; the compact form where a
    command has one, unless ``details``."""
    compact = None if details else COMPACT.get(type(result).__name__)
    if compact is not None and not color:
        # A pipe or a file gets the compact answer's lines without rich (its import and first print cost
        # more than deciding the answer); a table, if one is needed after all, falls back to rich.
        plain_console = _PlainConsole(width or 120)
        try:
            compact(plain_console, result)
            return "\n".join(plain_console.lines) + "\n"
        except _NeedsRich:
            pass
    console, buf = _console(width, color)
    (compact or RENDERERS[type(result).__name__])(console, result)
    if getattr(result, "staleness", None) is not None and compact is None:
        console.print(f"[yellow]warning:[/] {_esc(stale_sentence(result.staleness, result.on))}")
    # rich pads table cells to the full width; trailing blanks only add noise to pastes and diffs.
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))


def _platforms(console, res: r.PlatformsResult) -> None:
    releases: dict[str, list[r.Platform]] = {}
    for p in res.supported:
        releases.setdefault(p.release_id, []).append(p)
    console.print(
        f"[bold]{_esc(who(res))}[/] supports {len(res.supported)} platforms "
        f"({len(releases)} OS releases) on {res.on}"
    )
    # "until" is how long the rule that admits the release can hold at most (a newer major may end it sooner).
    t = _table("release", "arches", "rule", "at most until", "because")
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
    _notes(console, platform_notes(res))


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


def _print_unknown(console, verdicts, title: str = "Unknown") -> None:
    if not verdicts:
        return
    console.print(f"[yellow]{title} ({count_words(verdicts)}; not counted as failing):[/]")
    for label, text in unknown_lines(verdicts):
        console.print(f"  {_esc(label)}: {_esc(text)}")
    console.print(f"  {FILL_GAPS}")


_ANSWER_STYLE = {Answer.YES: "green bold", Answer.NO: "red bold", Answer.CANNOT_TELL: "yellow bold",
                 Answer.NOTHING: "yellow bold"}


def _answer(answer: Answer) -> str:
    extra = f" ({ANSWER_MEANING[answer]})" if answer in (Answer.CANNOT_TELL, Answer.NOTHING) else ""
    return f"[{_ANSWER_STYLE[answer]}]{answer.word}[/]{_esc(extra)}"


def _check(console, res: r.CheckResult) -> None:
    n_fail, n_unknown = len(res.failing), len(res.unknown)
    console.print(
        f"Can {_esc(who(res))} require {_esc(requirement(res.dependency, res.minimum))} on {res.on}?  "
        f"{_answer(check_answer(res))}"
    )
    parts = [f"{len(res.verdicts) - n_fail - n_unknown} ok", f"{n_fail} would be dropped", f"{n_unknown} unknown"]
    if res.excepted:
        parts.append(f"{len(res.excepted)} excepted")
    console.print("  " + ", ".join(parts) + f" (of {len(res.verdicts) + len(res.excepted)} supported platforms)")
    _notes(console, platform_notes(res.platforms))
    console.print(_verdict_table([v for v in res.verdicts if v.status is not Status.UNKNOWN]))
    _print_unknown(console, res.unknown)
    recent = [e for e in res.excluded if e.since and (res.on - e.since).days <= 366]
    if recent:
        console.print(f"Outside the policy window on {res.on} (not checked): " + _esc(
            "; ".join(f"{e.release} (left {e.since})" for e in recent)))
    _legend(console, [v for v in res.verdicts if v.status is not Status.UNKNOWN])
    _sources_line(console, res.sources)


def _floor(console, res: r.FloorResult) -> None:
    if res.unbounded:
        console.print(f"Any {_esc(res.dependency)} minimum: every supported platform of {_esc(who(res))} gets it "
                      f"outside the OS packages on {res.on}.")
    elif res.floor is None:
        console.print(f"No platform has usable data for {_esc(res.dependency)} on {res.on}: no floor can be computed.")
    else:
        exact = "" if res.floor == res.floor_rounded else f" (exactly {res.floor})"
        console.print(
            f"Highest {_esc(res.dependency)} minimum {_esc(who(res))} can require on {res.on}: "
            f"[bold]{_esc(res.floor_rounded)}[/]{_esc(exact)}"
        )
        console.print(f"  limited by: {_esc(compact_ids(res.limiting))}")
        unsure = res.ladder[0].unsure if res.ladder else ()
        if unsure:
            console.print(f"  ({_esc(compact_ids(unsure))}: proven below the next version, unknown at this one)")
    _notes(console, platform_notes(res.platforms))
    if len(res.ladder) > 1:
        t = _table("step", "floor", "exact", "limited by", "after also excepting", title="Floor ladder")
        for i, step in enumerate(res.ladder, start=1):
            newly = step.excepted[len(res.ladder[i - 2].excepted):] if i > 1 else ()
            t.add_row(
                str(i),
                _esc(step.floor_rounded or "(nothing left)"),
                _esc(step.floor or "-"),
                _esc(compact_ids(step.limiting) + (" (unknown at this version)" if step.unsure else "")),
                _esc(compact_ids(newly) if newly else "-"),
            )
        console.print(t)
    if res.missing:
        console.print(f"[red]Missing entirely ({len(res.missing)}; requiring {_esc(res.dependency)} "
                      "at any version drops them):[/]")
        for g in group_verdicts(res.missing):
            console.print(f"  {_esc(g.label)}: {_esc(reason(g.verdict))}")
    if res.at_least:
        items = {f"{v.platform.release_id} >= {v.version}": None for v in res.at_least}
        console.print("Not limiting (proven at or above the floor, unknown above): "
                      f"{_esc(', '.join(items))}")
    _print_unknown(console, res.unknown, f"Unknown at {res.floor}" if res.floor else "Unknown")
    _sources_line(console, res.sources)


def _when_head(res: r.WhenResult) -> str:
    """when's first sentence, its first date in bold."""
    head = _esc(when_headline(res))
    if res.date and res.date != res.on:
        head = head.replace(str(res.date), f"[bold]{res.date}[/]", 1)
    return head


def _when(console, res: r.WhenResult) -> None:
    console.print(_when_head(res))
    if res.steps:
        t = _table("from", "blocked by", "unknown", title="What blocks it, date by date")
        for s in res.steps:
            t.add_row(str(s.date), _esc(compact_ids(s.failing) or "-"), _esc(release_ids(s.unknown)))
        console.print(t)
    if res.blockers:
        console.print(f"Blocking until {res.date}:" if res.date else "Still blocking:")
        console.print(_verdict_table(res.blockers))
    if res.unknown_verdicts:
        _print_unknown(console, res.unknown_verdicts, f"Unknown on {res.date}" if res.date else "Unknown")
    console.print("Assumes stable releases keep the versions last observed, and the policy's dates as published.")


def _matrix(console, res: r.MatrixResult) -> None:
    console.print(f"{_esc(who(res))}: supported platforms x dependencies on {res.on}")
    t = _table("platform", *matrix_headers(res))
    for row in matrix_rows(res):
        t.add_row(_esc(row.label), *(_cell(v) for v in row.cells))
    console.print(t)
    console.print(MATRIX_LEGEND)
    _sources_line(console, res.sources)


def _cell(v: r.Verdict) -> str:
    if v.status is Status.UNKNOWN and not v.version:
        style = "yellow"
    elif v.status is Status.MISSING:
        style = "red"
    else:
        style = "yellow" if Flag.LOWER_BOUND in v.flags else "green"
    return f"[{style}]{_esc(cell_text(v))}[/]"


def _explain(console, res: r.ExplainResult) -> None:
    console.print(f"[bold]{_esc(res.target)}[/] for {_esc(res.project)} on {res.on}")
    if res.lifecycles:
        t = _table("release", "released", "regular support ends", "extended (not counted)", "latest", "source")
        for lc in sorted(res.lifecycles, key=lambda x: x.release_date or dt.date.min):
            ends = lc.eol or ("ended" if lc.eol_passed_undated else "not announced")
            t.add_row(_esc(lc.release_id), str(lc.release_date or "-"), str(ends),
                      str(lc.eoes or "-"), _esc(lc.latest or "-"), _esc(f"{lc.source} (as of {lc.as_of})"))
        console.print(t)
    for p in {p.release_id: p for p in res.platforms}.values():
        until = f" until {p.until} ({p.until_reason})" if p.until else ""
        console.print(f"Policy: {_esc(p.rule)}{_esc(until)}")
    for e in res.excluded:
        console.print(f"Policy: not supported: {_esc(e.reason)}")
    if res.unlisted:
        console.print(f"[yellow]{_esc(res.target)} is not among the platforms the {_esc(res.project)} policy "
                      f"supports on {res.on}[/]")
    console.print(f"CI: {_esc(', '.join(res.ci)) if res.ci else 'not tested by the project CI (per project file)'}")
    shown_targets = set()
    for v in res.verdicts:
        tier = f"; {v.tier.toolchain} target {v.tier.target}: {v.tier.label}" if v.tier and v.tier.target else ""
        console.print(
            f"\n[bold]{_esc(v.platform.id)} {_esc(v.dependency)}[/]: {_status(v.status)} {_esc(version_cell(v))} "
            f"- {_esc(reason(v))}{_esc(tier)}"
        )
        if v.tier and v.tier.target and (v.platform.id, v.tier.target) not in shown_targets:
            shown_targets.add((v.platform.id, v.tier.target))
            history = tier_history_lines(v.tier)
            if history:
                console.print(f"  {_esc(v.tier.toolchain)} target {_esc(v.tier.target)} tier history:")
                for line in history:
                    console.print(f"    {_esc(line)}")
            console.print(f"  {_esc(friction_summary(v.tier, res.on))}")
            for status in v.tier.friction:
                console.print(f"    {_esc(friction_line(status, res.on))}")
        if v.flags:
            console.print(f"  flags: {_esc(flag_words(v.flags))}")
        for c in v.considered:
            f = c.fact
            mark = "[green]used[/]   " if c.used else "ignored"
            span = ""
            if f.valid_from or f.valid_to:
                span = f" valid {f.valid_from or '?'}..{f.valid_to or 'now'}"
            note = consideration_note(c, res.on, v.platform.arch)
            console.print(
                f"  {mark} {_esc(f.package)} {_esc(f.version)} [{_esc(f.channel.value)}] {_esc(f.repo)}{_esc(span)} "
                f"as of {f.as_of or 'undated'} <{_esc(f.origin.value)}>"
                + (f" - {_esc(note)}" if note else "")
            )
            console.print(f"          source: {_esc(f.source)}", style="dim")
    _sources_line(console, res.sources)


def _roadmap(console, res) -> None:
    scope = f" for component {_esc(res.component)}" if res.component else ""
    console.print(f"[bold]{_esc(res.project)} roadmap impact[/]{scope} (each stage on its own date; asked on {res.on})")
    if res.exceptions:
        console.print(f"  accepting as exceptions: {_esc(', '.join(res.exceptions))}")
    if res.assumptions:
        console.print(f"  assuming: {_esc(', '.join(res.assumptions))}")
    for si in res.stages:
        st = si.stage
        reqs = ", ".join(f"{requirement(q.dependency, q.minimum)} ({q.level.value})" for q in st.requirements)
        mark = " [dim](illustrative date)[/]" if st.illustrative else ""
        console.print(f"\n[bold]{_esc(st.label)}[/] on {st.date}{mark}: {_esc(reqs)}")
        if st.note:
            console.print(f"  {_esc(st.note)}")
        if si.components:
            console.print(f"  binds only: {_esc(', '.join(si.components))}")
        if not si.applies:
            console.print(f"  [dim]does not bind {_esc(res.component)}[/]")
            continue
        verdict = "[red bold]loses platforms[/]" if si.lost else (
            "[yellow]degrades platforms[/]" if si.degraded else "[green]drops nobody[/]")
        console.print(f"  {verdict} among {si.supported_count} supported platforms")
        for title, items, style in (("lost", si.lost, "red"), ("degraded", si.degraded, "yellow"),
                                    ("feature unavailable", si.feature_lost, "yellow")):
            if items:
                console.print(f"  [{style}]{title} ({len(items)}):[/]")
                for g in group_verdicts([i.verdict for i in items]):
                    v = g.verdict
                    console.print(f"    {_esc(g.label)} {_esc(v.dependency)}: {_esc(reason(v))}"
                                  + (f" [{_esc(flag_words(v.flags))}]" if v.flags else ""))
        blockers, risky = split_blocker_risks(si.at_risk)
        for title, items, style in (("blocker-level risk: no upstream target", blockers, "red"),
                                    ("at risk", risky, "yellow")):
            if not items:
                continue
            console.print(f"  [{style}]{title} ({len(items)} pass on the date but):[/]")
            for g in group_verdicts([i.verdict for i in items]):
                v = g.verdict
                note = risk_note(v)
                console.print(f"    {_esc(g.label)} {_esc(v.dependency)}: {_esc(flag_words(risk_flags(v)))}"
                              + (f" ({_esc(note)})" if note else ""))
        if si.unknown:
            releases = list(dict.fromkeys(v.platform.release_id for v in si.unknown))
            console.print(f"  unknown ({len(si.unknown)}): {_esc(', '.join(releases))}")
        if si.clean_from is not None:
            console.print(f"  {_esc(clean_words(si.clean_from, st.date))}")
    _sources_line(console, res.sources)


def _sources_view(console, view: r.SourcesView) -> None:
    from rich import box
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
        t.add_row(_esc(row.source.id), str(row.source.as_of or "undated"), age, str(row.facts),
                  row.source.origin.value, _esc(row.source.description))
    console.print(f"Data loaded (ages counted to {view.on}):")
    console.print(t)
    console.print("Where each came from: `canirequire sources --format json` (location) or docs/data-format.md.")
    if stale:
        console.print(
            f"[yellow]warning:[/] {stale} source(s) are undated or older than {view.stale_after_days} days; "
            "`canirequire refresh` updates them when a network is available."
        )


def _coverage(console, res: r.CoverageResult) -> None:
    console.print(f"Data coverage for {_esc(res.project)}'s supported releases on {res.on}")
    t = _table("release", *res.dependencies, keep_first_whole=True)
    for row in res.rows:
        t.add_row(_esc(row.release_id), *(_esc(coverage_cell(c)) for c in row.cells))
    console.print(t)
    console.print(COVERAGE_LEGEND)
    if res.gap_sources:
        console.print("Where thin cells would be filled from:")
        for os_id, source in res.gap_sources:
            console.print(f"  {_esc(os_id)}: {_esc(source)}")


def _refresh(console, res: r.RefreshResult) -> None:
    for read in res.reads:
        console.print(f"{REFRESH_WORDS.get(read.status, read.status):8} {_esc(read.label)}: {_esc(read.detail)}")
        for change in read.changes[:20]:
            console.print(f"           {_esc(change)}")
        if len(read.changes) > 20:
            console.print(f"           ... and {len(read.changes) - 20} more changes")
    console.print(f"{res.requests} network request(s)." + (f" Stopped: {_esc(res.stopped)}" if res.stopped else ""))
    if res.changes:
        console.print(f"What changed in {_esc(res.project)}'s declared requirements ({res.checked} checked):")
        for change in res.changes:
            console.print(f"  {_esc(change_line(change))}")
    else:
        console.print(f"No change in the verdicts of {_esc(res.project)}'s declared requirements "
                      f"({res.checked} checked).")
    console.print(f"Refreshed data: {_esc(res.data_dir)}")


def _compare(console, res: r.CompareResult) -> None:
    console.print(f"{_esc(compare_question(res))}  {_answer(compare_answer(res))}")
    counts = ", ".join(f"{len(res.of(c))} {label}" for c, label in (
        (r.Coverage.BOTH, "both"), (r.Coverage.BASELINE_ONLY, "only the baseline (gaps)"),
        (r.Coverage.DEPENDENCY_ONLY, f"only {res.dependency}"), (r.Coverage.NEITHER, "neither"),
        (r.Coverage.UNKNOWN, "unknown")))
    console.print(f"  {counts} (of {len(res.rows)} supported platforms)")
    t = _table("platform", res.dependency, *res.baseline, "coverage")
    for label, row in compare_groups(res):
        t.add_row(_esc(label), _esc(compare_cell(row.verdict)), *(_esc(compare_cell(b)) for b in row.baseline),
                  _esc(row.coverage.value))
    console.print(t)
    if res.gaps:
        console.print(f"[red]The baseline is packaged but {_esc(res.dependency)} is not:[/]")
        for g in group_verdicts([row.verdict for row in res.gaps]):
            console.print(f"  {_esc(g.label)}: {_esc(reason(g.verdict))}")
    missing = compare_unknowns(res)
    if missing:
        console.print("[yellow]Where the data is missing:[/]")
        for whose, why, releases in missing:
            console.print(f"  {_esc(whose)}: {_esc(why)}: {_esc(', '.join(releases))}")
        console.print(f"  {FILL_GAPS}")
    _sources_line(console, res.sources)


def _lint(console, res: r.LintResult) -> None:
    counts = ", ".join(f"{len(res.of(r.LintStatus(s)))} {s}" for s in LINT_ORDER if res.of(r.LintStatus(s)))
    verdict = "[red bold]VIOLATIONS[/]" if not res.ok else "[green bold]OK[/]"
    console.print(f"Build-file floors in {_esc(res.path)} against {_esc(who(res))}'s policy on {res.on}: "
                  f"{verdict} ({counts or 'nothing declared'}; {len(res.files)} file(s) read)")
    styles = {"violation": "red", "headroom": "cyan", "unknown": "yellow"}
    for status in LINT_ORDER:
        for f in res.of(r.LintStatus(status)):
            style = styles.get(status, "dim")
            console.print(f"  [{style}]{status:9}[/] {_esc(lint_sentence(f, res.on))}")
            if f.breaking:
                for g in group_verdicts(f.breaking):
                    console.print(f"            {_esc(g.label)}: {_esc(reason(g.verdict))}")
    _sources_line(console, res.sources)


def _schedule(console, res: r.ScheduleResult) -> None:
    console.print(f"When {_esc(who(res))} can require newer versions, {res.on} to {res.until}")
    for dep, floor in res.floors:
        console.print(f"  {_esc(dep)}: requirable already: {_esc(floor or 'unknown (no floor from the data)')}")
    t = _table("date", "dependency", "minimums", "unlocked because")
    for e in res.entries:
        t.add_row(str(e.date or "-"), _esc(e.dependency), _esc(schedule_versions(e)), _esc(schedule_why(e)))
    console.print(t)
    if res.wanted:
        console.print("Wanted features (the project file's [wants]):")
        for w in res.wanted:
            console.print(f"  {_esc(wanted_line(w))}")
    _sources_line(console, res.sources)


def _glance(console, g) -> None:
    word_style = {"YES": "green bold", "NO": "red bold"}
    head = _esc(g.head)
    for word, style in (("CANNOT TELL", "yellow bold"), *word_style.items()):
        if f"?  {word}" in g.head:
            head = head.replace(f"?  {word}", f"?  [{style}]{word}[/]", 1)
            break
    console.print(head)
    console.print(f"  {_esc(g.counts)}")
    if g.fails:
        console.print("[red]Fails:[/]")
        for label, why in g.fails:
            console.print(f"  {_esc(label)}: {_esc(why)}")
    if g.unknown:
        console.print("[yellow]Unknown (not counted as failing):[/]")
        for label, why in g.unknown:
            console.print(f"  {_esc(label)}: {_esc(why)}")
        if g.settle:
            console.print(f"  {_esc(g.settle)}")
    if g.fine:
        console.print(f"Fine: {_esc('; '.join(g.fine))}")
    if g.risks:
        console.print("Risks (not failing, but):")
        for words, where in g.risks:
            console.print(f"  {_esc(words)}: {_esc(where)}")
    for line in g.data:
        console.print(_esc(line))


def _check_compact(console, res: r.CheckResult) -> None:
    _glance(console, check_glance(res))




def _unknown_glance_lines(console, title: str, res, verdicts) -> None:
    """The unknown platforms of a compact answer, one line per bracket, and where to settle them."""
    console.print(f"[yellow]{_esc(title)}[/]")
    for label, why in unknown_glance(res, verdicts):
        console.print(f"  {_esc(label)}: {_esc(why)}")
    settle = settle_line(res, verdicts)
    if settle:
        console.print(f"  {_esc(settle)}")


def _floor_compact(console, res: r.FloorResult) -> None:
    if res.unbounded or res.floor is None:
        _floor(console, res)
        return
    exact = "" if res.floor == res.floor_rounded else f" (exactly {res.floor})"
    console.print(f"Highest {_esc(res.dependency)} minimum {_esc(who(res))} can require on {res.on}: "
                  f"[bold]{_esc(res.floor_rounded)}[/]{_esc(exact)}")
    console.print(f"  limited by: {_esc(compact_ids(res.limiting))}"
                  + (" (unknown at this version, proven below the next)" if res.ladder[0].unsure else ""))
    steps = [s for s in res.ladder if s.floor]
    if len(steps) > 1:
        console.print("Each exception buys (cumulative platforms dropped):")
        for i, step in enumerate(steps[:MAX_LADDER_ROWS], start=1):
            gain = unlock_words(res.unlocks[i - 1]) if i - 1 < len(res.unlocks) else ""
            console.print(f"  {i}. {_esc(step.floor_rounded)}  limited by {_esc(release_ids(step.limiting))}"
                          f"  (drops {len(step.excepted)} to get here)" + (f"; {_esc(gain)}" if gain else ""))
        if len(steps) > MAX_LADDER_ROWS:
            console.print(f"  ... {len(steps) - MAX_LADDER_ROWS} more steps")
    if res.missing:
        console.print(f"[red]Missing at any version:[/] {_esc(compact_ids(v.platform.id for v in res.missing))}")
    if res.unknown:
        _unknown_glance_lines(console, f"Unknown at {res.floor} (not limiting):", res, res.unknown)
    for line in data_lines(res):
        console.print(_esc(line))



def _when_compact(console, res: r.WhenResult) -> None:
    console.print(_when_head(res))
    if res.steps:
        console.print("What blocks it, date by date:")
        for s in res.steps[:MAX_WHEN_ROWS]:
            console.print(f"  {s.date}  blocked: {_esc(release_ids(s.failing))}; "
                          f"unknown: {_esc(release_ids(s.unknown))}")
        if len(res.steps) > MAX_WHEN_ROWS:
            console.print(f"  ... {len(res.steps) - MAX_WHEN_ROWS} more changes")
    if res.blockers:
        console.print("[red]" + (f"Blocking until {res.date}:" if res.date else "Still blocking:") + "[/]")
        for label, why in by_release(res.blockers, failure_words):
            console.print(f"  {_esc(label)}: {_esc(why)}")
    if res.unknown_verdicts:
        _unknown_glance_lines(console, f"Unknown on {res.date}:" if res.date else "Unknown:", res,
                              res.unknown_verdicts)
    for line in data_lines(res):
        console.print(_esc(line))


def _can_use(console, res) -> None:
    console.print(f"{_esc(can_use_question(res))}  {_answer(can_use_answer(res))}")
    for m in res.matches:
        if m.feature is not None:
            console.print(f"  {_esc(feature_line(m.feature))}")
        else:
            console.print(f"  {_esc(m.asked)}: {_esc(NO_MINIMUM)}")
    for req in res.requirements:
        deciding = (f" (decided by {req.deciding.feature})" if len(req.features) > 1 else "")
        console.print(f"[bold]{_esc(req.dependency)} >= {_esc(req.version)}{_esc(deciding)}[/]")
        console.print(f"  {_esc(when_headline(req.when))}")
        g = check_glance(req.check)
        console.print(f"  on {req.check.on}: {_esc(g.counts)}")
        for label, why in g.fails:
            console.print(f"  fails: {_esc(label)}: {_esc(why)}")
        for label, why in g.unknown:
            console.print(f"  unknown: {_esc(label)}: {_esc(why)}")
    line = sources_line(res.sources)
    if line:
        console.print(_esc(line))


def _gains(console, res) -> None:
    console.print(f"Raising {_esc(res.dependency)} from {_esc(res.start)} to {_esc(res.end)} for {_esc(who(res))} "
                  f"on {res.on}")
    if res.features:
        console.print(f"Buys {len(res.features)} feature(s), the most notable first:")
        for f in res.features[:12]:
            console.print(f"  {_esc(feature_line(f))}")
        if len(res.features) > 12:
            console.print(f"  ... {len(res.features) - 12} more (--format json lists all)")
    else:
        console.print("Buys no feature the tables list.")
    if res.dropped:
        console.print(f"[red]Costs {len(res.dropped)} platform(s) that {_esc(res.start)} keeps:[/]")
        for label, why in by_release(res.dropped, failure_words, res.check_end.verdicts):
            console.print(f"  {_esc(label)}: {_esc(why)}")
    else:
        console.print("Costs no platform proven to fail.")
    if res.newly_unknown:
        console.print(f"[yellow]Newly unknown at {_esc(res.end)}:[/] "
                      f"{_esc(compact_ids(v.platform.id for v in res.newly_unknown))}")
    line = sources_line(res.sources)
    if line:
        console.print(_esc(line))


def _presets(console, res: r.PresetsResult) -> None:
    console.print(f"{len(res.presets)} presets (--project NAME); each cites the policy text it models:")
    for p in res.presets:
        console.print(f"  [bold]{_esc(p.name)}[/]: {_esc(p.description)}")
        console.print(f"      {_esc(p.policy_doc)}")
        console.print(f"      OSes: {_esc(', '.join(p.oses))}; dependencies: {_esc(', '.join(p.dependencies))}")


def _lines_compact(lines_of):
    def draw(console, res) -> None:
        for line in lines_of(res):
            console.print(_esc(line))
    return draw


COMPACT = {"CheckResult": _check_compact, "FloorResult": _floor_compact, "WhenResult": _when_compact,
           "CompareResult": _lines_compact(compare_compact_lines),
           "ExplainResult": _lines_compact(explain_compact_lines)}

RENDERERS = {
    "PresetsResult": _presets,
    "CanUseResult": _can_use,
    "GainsResult": _gains,
    "ScheduleResult": _schedule,
    "LintResult": _lint,
    "CompareResult": _compare,
    "RefreshResult": _refresh,
    "CoverageResult": _coverage,
    "PlatformsResult": _platforms,
    "CheckResult": _check,
    "FloorResult": _floor,
    "WhenResult": _when,
    "MatrixResult": _matrix,
    "ExplainResult": _explain,
    "RoadmapResult": _roadmap,
    "SourcesView": _sources_view,
}
