"""Markdown output: tables that read well pasted into a mailing-list post.

With ``width`` set (e.g. 80), tables become fixed-width, space-aligned text
blocks that survive plain-text mail clients; otherwise GitHub-style pipes.
"""

from __future__ import annotations

from typing import Any

from ..engine import results as r
from ..model import Status
from .view import (
    requirement,
    release_ids,
    MAX_LADDER_ROWS,
    MAX_WHEN_ROWS,
    compare_compact_lines,
    explain_compact_lines,
    COVERAGE_LEGEND,
    coverage_cell,
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
    split_blocker_risks,
    stale_sentence,
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
    markdown_cell,
    plain,
    count_words,
    unknown_lines,
    when_headline,
    cell_text,
    compact_ids,
    flag_legend,
    flag_words,
    group_verdicts,
    matrix_rows,
    platform_notes,
    reason,
    short_note,
    version_cell,
)


def _table(headers: list[str], rows: list[list[str]], width: int | None) -> str:
    if not rows:
        return "_(none)_\n"
    if width:
        return _fixed_table(headers, rows, width)
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _fixed_table(headers: list[str], rows: list[list[str]], width: int) -> str:
    """Space-aligned columns; the last column wraps under itself to fit ``width``."""
    import textwrap

    cols = len(headers)
    widths = [max(len(str(x[i])) for x in [headers] + rows) for i in range(cols)]
    fixed = sum(widths[:-1]) + 2 * (cols - 1)
    last = max(20, width - fixed - 4)
    lines = []

    def emit(row):
        head = "  ".join(str(c).ljust(w) for c, w in zip(row[:-1], widths[:-1]))
        wrapped = textwrap.wrap(str(row[-1]), last, break_on_hyphens=False) or [""]
        lines.append(("    " + head + ("  " if head else "") + wrapped[0]).rstrip())
        for more in wrapped[1:]:
            lines.append(("    " + " " * (len(head) + (2 if head else 0)) + more).rstrip())

    if any(headers):
        emit(headers)
        lines.append("    " + "-" * min(width - 4, fixed + min(last, widths[-1]) + 2))
    for row in rows:
        emit(row)
    return "\n".join(lines) + "\n"


def _legend(verdicts) -> str:
    items = flag_legend(v.flags for v in verdicts)
    if not items:
        return ""
    return "Flags: " + "; ".join(f"`{f}` = {t}" for f, t in items) + ".\n"


def _sources(sources) -> str:
    if not sources:
        return ""
    lines = ["", "Sources:"]
    for s in sources:
        lines.append(f"- {s.description} (as of {s.as_of or 'unknown'})")
    return "\n".join(lines) + "\n"


def render(result: Any, *, width: int | None = None, details: bool = False) -> str:
    """Any result as Markdown; with ``width``, tables become fixed-width text for plain-text mail.
    Control characters never reach the output (a hostile note in a fact file stays text).
    The compact form where a command has one, unless ``details``."""
    compact = None if details else COMPACT.get(type(result).__name__)
    if compact is not None:
        text = compact(result, width)
        text = "\n".join(plain(line) for line in text.split("\n"))
        return _wrap_prose(text, width) if width else text
    text = RENDERERS[type(result).__name__](result, width)
    text = "\n".join(plain(line) for line in text.split("\n"))
    if getattr(result, "staleness", None) is not None:
        text += f"\n> **Warning:** {stale_sentence(result.staleness, result.on)}\n"
    return _wrap_prose(text, width) if width else text


def _wrap_prose(text: str, width: int) -> str:
    """Fixed-width mode: wrap prose and list items too (the indented tables already fit)."""
    import textwrap

    out = []
    for line in text.split("\n"):
        if len(line) <= width or line.startswith("    "):
            out.append(line)
            continue
        indent = "  " if line.startswith("- ") else ""
        out.extend(textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False,
                                 break_long_words=False) or [line])
    return "\n".join(out)


def _platforms(res: r.PlatformsResult, width) -> str:
    releases: dict[str, list[r.Platform]] = {}
    for p in res.supported:
        releases.setdefault(p.release_id, []).append(p)
    out = [f"### {who(res)}: supported build platforms on {res.on}\n"]
    rows = [[rel, " ".join(x.arch for x in ps), str(ps[0].until or "-"), f"{ps[0].rule}; {ps[0].until_reason}"]
            for rel, ps in releases.items()]
    if width:
        narrow = [[rel, until, f"{rule} [{arches}]"] for rel, arches, until, rule in rows]
        out.append(_table(["release", "at most until", "rule [arches]"], narrow, width))
    else:
        out.append(_table(["release", "arches", "at most until", "rule"], rows, width))
    if res.excluded:
        out.append(f"\nNot supported on {res.on}:\n")
        out.append(_table(["release", "why"], [[e.release, e.reason] for e in res.excluded], width))
    return "\n".join(out)


def _verdict_rows(verdicts) -> list[list[str]]:
    rows = []
    for g in group_verdicts(verdicts):
        v = g.verdict
        pkg = f"{v.package} ({v.channel})" if v.package else "-"
        why = reason(v) + (f" [{flag_words(v.flags)}]" if v.flags else "")
        rows.append([g.label, v.status.word, version_cell(v), pkg, why])
    return rows


def _check(res: r.CheckResult, width) -> str:
    answer = check_answer(res)
    out = [
        f"### Can {who(res)} require {requirement(res.dependency, res.minimum)} on {res.on}? {answer.word}\n",
        f"{len(res.failing)} supported platform(s) would be dropped, {len(res.unknown)} unknown"
        + (f", {len(res.excepted)} excepted" if res.excepted else "")
        + ".\n",
    ]
    known = [v for v in res.verdicts if v.status is not Status.UNKNOWN]
    if width:
        # Plain-text mail: short fixed columns first, the long platform label wraps last.
        rows = []
        for g in group_verdicts(known):
            v = g.verdict
            note = short_note(v)
            rows.append([v.status.word, version_cell(v),
                         f"{v.package} ({v.channel})" if v.package else "-",
                         g.label + (f" -- {note}" if note else "")])
        out.append(_table(["status", "version", "package", "platform / notes"], rows, width))
    else:
        out.append(_table(["platform", "status", "version", "package", "why"], _verdict_rows(known), width))
    out.append(_unknown_lines(res.unknown, width))
    out.append(_legend(known))
    recent = [e for e in res.excluded if e.since and (res.on - e.since).days <= 366]
    if recent:
        out.append(f"Outside the policy window on {res.on} (not checked): "
                   + "; ".join(f"{e.release} (left {e.since})" for e in recent) + ".\n")
    out += [f"Note: {n}\n" for n in platform_notes(res.platforms)]
    out.append(_sources(res.sources))
    return "\n".join(out)


def _unknown_lines(verdicts, width, title: str = "Unknown") -> str:
    if not verdicts:
        return ""
    lines = [f"{title} ({count_words(verdicts)}, not counted as failing):"]
    for label, text in unknown_lines(verdicts):
        lines.append(f"- {label}: {text}")
    lines.append("- fill gaps with `canirequire refresh` or `--facts FILE.csv`")
    if width:
        import textwrap

        lines = [w for line in lines for w in (textwrap.wrap(line, width, subsequent_indent="  ") or [""])]
    return "\n" + "\n".join(lines) + "\n"


def _floor(res: r.FloorResult, width) -> str:
    out = [f"### Highest {res.dependency} minimum {who(res)} can require on {res.on}\n"]
    if res.floor:
        out.append(f"**{res.floor_rounded}** (exactly {res.floor}), limited by {compact_ids(res.limiting)}.\n")
        if res.ladder and res.ladder[0].unsure:
            out.append(f"({compact_ids(res.ladder[0].unsure)}: proven below the next version, unknown at this one.)\n")
    elif res.unbounded:
        out.append("Any minimum: every supported platform gets it outside the OS packages.\n")
    else:
        out.append("No platform has usable data: no floor.\n")
    rows = []
    for i, s in enumerate(res.ladder, start=1):
        newly = s.excepted[len(res.ladder[i - 2].excepted):] if i > 1 else ()
        rows.append([str(i), s.floor_rounded or "(none left)", compact_ids(s.limiting) or "-",
                     ("also except " + compact_ids(newly)) if newly else "-"])
    out.append("Floor ladder (each step accepts the previous step's limiting platforms as exceptions):\n")
    if width:
        # The exceptions column repeats the previous row; in 80 columns it is left out.
        narrow = [[str(i), st.floor_rounded or "(none left)", st.floor or "-", compact_ids(st.limiting) or "-"]
                  for i, st in enumerate(res.ladder, start=1)]
        out.append(_table(["step", "floor", "exact", "limited by"], narrow, width))
    else:
        out.append(_table(["step", "floor", "limited by", "exceptions"], rows, width))
    if res.missing:
        out.append("\nMissing entirely:\n")
        out.append(_table(["platform", "why"], [[g.label, reason(g.verdict)] for g in group_verdicts(res.missing)],
                          width))
    if res.at_least:
        items = {f"{v.platform.release_id} >= {v.version}": None for v in res.at_least}
        out.append(f"\nNot limiting (proven at or above the floor, unknown above): {', '.join(items)}\n")
    out.append(_unknown_lines(res.unknown, width, f"Unknown at {res.floor}" if res.floor else "Unknown"))
    out.append(_sources(res.sources))
    return "\n".join(out)


def _when_heading(res: r.WhenResult) -> list[str]:
    """when's question and first sentence, its first date in bold."""
    head = when_headline(res)
    if res.date and res.date != res.on:
        head = head.replace(str(res.date), f"**{res.date}**", 1)
    return [f"### When can {who(res)} require {requirement(res.dependency, res.minimum)}?\n", head + "\n"]


def _when(res: r.WhenResult, width) -> str:
    out = _when_heading(res)
    if width:  # fixed-width mail: one wrapped column says both
        out.append(_table(["from", "blocked by (then unknown)"],
                          [[str(s.date), f"{compact_ids(s.failing) or '-'} (unknown: {release_ids(s.unknown)})"]
                           for s in res.steps], width))
    else:
        out.append(_table(["from", "blocked by", "unknown"],
                          [[str(s.date), compact_ids(s.failing) or "-", release_ids(s.unknown)]
                           for s in res.steps], width))
    if res.unknown_verdicts:
        out.append(_unknown_lines(res.unknown_verdicts, width, f"Unknown on {res.date}" if res.date else "Unknown"))
    out.append(_sources(res.sources))
    return "\n".join(out)


def _matrix(res: r.MatrixResult, width) -> str:
    out = [f"### {who(res)}: platforms x dependencies on {res.on}\n"]
    table_rows = [[row.label, *(cell_text(v) for v in row.cells)] for row in matrix_rows(res)]
    if width:
        # Fixed-width: split the dependencies into column groups that fit, the
        # platform label last so it may wrap under itself.
        deps = matrix_headers(res)
        col_w = [max(len(dep), *(len(r[i + 1]) for r in table_rows)) + 2 for i, dep in enumerate(deps)]
        budget = max(24, width - 4 - 24)
        start = 0
        while start < len(deps):
            end, used = start, 0
            while end < len(deps) and (end == start or used + col_w[end] <= budget):
                used += col_w[end]
                end += 1
            chunk_rows = [[*r[1 + start:1 + end], r[0]] for r in table_rows]
            out.append(_table([*deps[start:end], "platform"], chunk_rows, width))
            start = end
    else:
        out.append(_table(["platform", *matrix_headers(res)], table_rows, width))
    out.append("\n`a` alternate package, `~` seen later and assumed unchanged since release, `?` secondary/undated, "
               "`>=` at least, `3` upstream tier 3, `u` untested in CI, `-` no data.\n")
    out.append(_sources(res.sources))
    return "\n".join(out)


def _explain(res: r.ExplainResult, width) -> str:
    out = [f"### {res.target} for {res.project} on {res.on}\n"]
    if res.lifecycles:
        rows = [[lc.release_id, str(lc.release_date or "-"), str(lc.eol or "-"), str(lc.eoes or "-"), lc.source]
                for lc in res.lifecycles]
        out.append(_table(["release", "released", "regular support ends", "extended", "source"], rows, width))
    for e in res.excluded:
        out.append(f"Not supported: {e.reason}\n")
    rows = []
    for v in res.verdicts:
        rows.append([v.platform.id, v.dependency, v.status.word, version_cell(v),
                     reason(v) + (f" [{flag_words(v.flags)}]" if v.flags else "")])
    out.append(_table(["platform", "dependency", "status", "version", "why"], rows, width))
    out.append(_sources(res.sources))
    return "\n".join(out)


def _roadmap(res, width) -> str:
    scope = f" (component {res.component})" if res.component else ""
    out = [f"### {res.project}: roadmap impact{scope}\n"]
    if res.exceptions:
        out.append(f"Accepted exceptions: {', '.join(res.exceptions)}\n")
    rows = []
    for si in res.stages:
        st = si.stage
        reqs = ", ".join(f"{requirement(q.dependency, q.minimum)} ({q.level.value})" for q in st.requirements)
        clean = "-"
        if si.clean_from is not None:
            c = si.clean_from
            clean = "not under current data" if c.date is None else str(c.date) + (
                "" if c.proven_date == c.date else
                f" ({len(c.unknown)} unknown; all proven {c.proven_date or 'not within the data'})")
        if si.components:
            reqs += f" [binds {', '.join(si.components)}]"
        if not si.applies:
            rows.append([f"{st.label} ({st.date})", reqs, "does not bind this component", "-", "-", "-"])
            continue
        blockers, _ = split_blocker_risks(si.at_risk)
        risk = compact_ids(v.verdict.platform.id for v in si.at_risk) or "-"
        if blockers:
            risk = f"NO TARGET: {compact_ids(v.verdict.platform.id for v in blockers)}; {risk}"
        rows.append([
            f"{st.label} ({st.date}{', illustrative' if st.illustrative else ''})",
            reqs,
            compact_ids(v.verdict.platform.id for v in si.lost) or "-",
            compact_ids(v.verdict.platform.id for v in si.degraded) or "-",
            risk,
            clean,
        ])
    if width:
        for row in rows:
            out.append(_table(["", ""], [["stage", row[0]], ["requires", row[1]], ["lost", row[2]],
                                         ["degraded", row[3]], ["at risk", row[4]], ["drops nobody from", row[5]]],
                              width))
    else:
        out.append(_table(["stage", "requires", "lost", "degraded", "at risk", "drops nobody from"], rows, width))
    legend = ("At risk = passes, but the upstream toolchain target is tier 3 / tier 2 without host tools, "
              "upstream issues about it were open, or the project's CI does not build it; NO TARGET = the "
              "toolchain was never ported there (blocker-level).")
    if width:
        import textwrap

        legend = "\n".join(textwrap.wrap(legend, width))
    out.append("\n" + legend + "\n")
    out.append(_sources(res.sources))
    return "\n".join(out)


def _sources_view(view: r.SourcesView, width) -> str:
    lines = ["| source | as of | age (days) | facts | what |", "|---|---|---|---|---|"]
    for row in view.rows:
        lines.append(
            f"| {row.source.id} | {row.source.as_of or 'undated'} | {row.age_days if row.age_days is not None else '?'}"
            f"{' (stale)' if row.stale else ''} | {row.facts} | {row.source.description} |"
        )
    return "\n".join(lines) + "\n"


def _coverage(res: r.CoverageResult, width) -> str:
    out = [f"### Data coverage for {res.project}'s supported releases on {res.on}\n"]
    rows = [[row.release_id, *(coverage_cell(c) for c in row.cells)] for row in res.rows]
    out.append(_table(["release", *res.dependencies], rows, None))
    out.append("\n" + COVERAGE_LEGEND + "\n")
    if res.gap_sources:
        out.append("\nWhere thin cells would be filled from:\n")
        out += [f"- **{os_id}**: {source}" for os_id, source in res.gap_sources]
        out.append("")
    out.append(_sources(res.sources))
    return "\n".join(out)


def _compare(res: r.CompareResult, width) -> str:
    out = [f"### {compare_question(res)} {compare_answer(res).word}\n"]
    rows = [[label, compare_cell(row.verdict), *(compare_cell(b) for b in row.baseline), row.coverage.value]
            for label, row in compare_groups(res)]
    out.append(_table(["platform", res.dependency, *res.baseline, "coverage"], rows, width))
    if res.gaps:
        out.append(f"The baseline is packaged but {res.dependency} is not: "
                   + ", ".join(label for label, row in compare_groups(res) if row in res.gaps) + ".\n")
    missing = compare_unknowns(res)
    if missing:
        out.append("Where the data is missing:\n")
        out += [f"- {whose}: {why}: {', '.join(releases)}" for whose, why, releases in missing]
        out.append("")
    out.append(_sources(res.sources))
    return "\n".join(out)


def _lint(res: r.LintResult, width) -> str:
    out = [f"### Build-file floors in {res.path} against {who(res)}'s policy on {res.on}: "
           f"{'OK' if res.ok else 'VIOLATIONS'}\n"]
    rows = [[f.status.value, f"{f.file}:{f.line}", f"{f.name} {f.constraint}".strip(), f.dependency or "-",
             f.floor_rounded or "-", lint_sentence(f, res.on).split(": ", 1)[-1]]
            for status in LINT_ORDER for f in res.of(r.LintStatus(status))]
    out.append(_table(["status", "where", "declared", "dependency", "requirable", "why"], rows, width))
    out.append(_sources(res.sources))
    return "\n".join(out)


def _schedule(res: r.ScheduleResult, width) -> str:
    out = [f"### When {who(res)} can require newer versions ({res.on} to {res.until})\n"]
    out += [f"- {dep}: requirable already: {floor or 'unknown'}" for dep, floor in res.floors]
    out.append("")
    rows = [[str(e.date or "-"), e.dependency, schedule_versions(e), schedule_why(e)] for e in res.entries]
    out.append(_table(["date", "dependency", "minimums", "unlocked because"], rows, width))
    if res.wanted:
        out.append("\nWanted features (the project file's `[wants]`):\n")
        out += [f"- {markdown_cell(wanted_line(w))}" for w in res.wanted]
        out.append("")
    out.append(_sources(res.sources))
    return "\n".join(out)


def _glance_md(g, title: str) -> str:
    out = [f"### {title}\n", f"{g.counts}.\n"]
    if g.fails:
        out.append("**Fails:**\n")
        out += [f"- {markdown_cell(label)}: {markdown_cell(why)}" for label, why in g.fails]
        out.append("")
    if g.unknown:
        out.append("**Unknown** (not counted as failing):\n")
        out += [f"- {markdown_cell(label)}: {markdown_cell(why)}" for label, why in g.unknown]
        if g.settle:
            out.append(f"- {plain(g.settle)}")
        out.append("")
    if g.fine:
        out.append(f"**Fine:** {markdown_cell('; '.join(g.fine))}\n")
    if g.risks:
        out.append("**Risks** (not failing, but):\n")
        out += [f"- {words}: {markdown_cell(where)}" for words, where in g.risks]
        out.append("")
    out += [line + "\n" for line in g.data]
    return "\n".join(out)


def _unknown_glance_md(title: str, res, verdicts) -> list[str]:
    """The unknown platforms of a compact answer as a list, one item per bracket, and where to settle them."""
    out = [title + "\n"]
    out += [f"- {markdown_cell(label)}: {markdown_cell(why)}" for label, why in unknown_glance(res, verdicts)]
    settle = settle_line(res, verdicts)
    if settle:
        out.append(f"- {plain(settle)}")  # the catalog's words and ours: nothing from a user's file
    return out + [""]


def _check_compact(res: r.CheckResult, width) -> str:
    g = check_glance(res)
    return _glance_md(g, g.head.replace("?  ", "? ", 1))


def _floor_compact(res: r.FloorResult, width) -> str:
    if res.unbounded or res.floor is None:
        return _floor(res, width)
    out = [f"### Highest {res.dependency} minimum {who(res)} can require on {res.on}\n",
           f"**{res.floor_rounded}** (exactly {res.floor}), limited by {compact_ids(res.limiting)}"
           + (" (unknown at this version, proven below the next)" if res.ladder[0].unsure else "") + ".\n"]
    steps = [s for s in res.ladder if s.floor]
    if len(steps) > 1:
        out.append("Each exception buys (cumulative platforms dropped):\n")
        for i, step in enumerate(steps[:MAX_LADDER_ROWS], start=1):
            releases = release_ids(step.limiting)
            gain = unlock_words(res.unlocks[i - 1]) if i - 1 < len(res.unlocks) else ""
            out.append(f"{i}. {step.floor_rounded}, limited by {releases} (drops {len(step.excepted)} to get here)"
                       + (f"; {gain}" if gain else ""))
        if len(steps) > MAX_LADDER_ROWS:
            out.append(f"- ... {len(steps) - MAX_LADDER_ROWS} more steps")
        out.append("")
    if res.missing:
        out.append(f"Missing at any version: {compact_ids(v.platform.id for v in res.missing)}\n")
    if res.unknown:
        out += _unknown_glance_md(f"**Unknown at {res.floor}** (not limiting):", res, res.unknown)
    out += [line + "\n" for line in data_lines(res)]
    return "\n".join(out)


def _when_compact(res: r.WhenResult, width) -> str:
    out = _when_heading(res)
    if res.steps:
        out.append("What blocks it, date by date:\n")
        for s in res.steps[:MAX_WHEN_ROWS]:
            out.append(f"- {s.date}: blocked: {release_ids(s.failing)}; unknown: {release_ids(s.unknown)}")
        if len(res.steps) > MAX_WHEN_ROWS:
            out.append(f"- ... {len(res.steps) - MAX_WHEN_ROWS} more changes")
        out.append("")
    if res.blockers:
        out.append(f"**Blocking until {res.date}:**\n" if res.date else "**Still blocking:**\n")
        out += [f"- {markdown_cell(label)}: {markdown_cell(why)}"
                for label, why in by_release(res.blockers, failure_words)]
        out.append("")
    if res.unknown_verdicts:
        out += _unknown_glance_md(f"**Unknown on {res.date}:**" if res.date else "**Unknown:**", res,
                                  res.unknown_verdicts)
    out += [line + "\n" for line in data_lines(res)]
    return "\n".join(out)


def _can_use(res, width) -> str:
    out = [f"### {can_use_question(res)} {can_use_answer(res).word}\n"]
    for m in res.matches:
        out.append(f"- {markdown_cell(feature_line(m.feature))}" if m.feature is not None
                   else f"- {markdown_cell(m.asked)}: {NO_MINIMUM}")
    out.append("")
    for req in res.requirements:
        deciding = f" (decided by {req.deciding.feature})" if len(req.features) > 1 else ""
        g = check_glance(req.check)
        out.append(f"**{req.dependency} >= {req.version}**{markdown_cell(deciding)}: {when_headline(req.when)}\n")
        out.append(f"On {req.check.on}: {g.counts}.\n")
        out += [f"- fails: {markdown_cell(label)}: {markdown_cell(why)}" for label, why in g.fails]
        out += [f"- unknown: {markdown_cell(label)}: {markdown_cell(why)}" for label, why in g.unknown]
        out.append("")
    out.append(_sources(res.sources))
    return "\n".join(out)


def _gains(res, width) -> str:
    out = [f"### Raising {res.dependency} from {res.start} to {res.end} for {who(res)} on {res.on}\n"]
    if res.features:
        out.append(f"Buys {len(res.features)} feature(s), the most notable first:\n")
        out += [f"- {markdown_cell(feature_line(f))}" for f in res.features[:12]]
        if len(res.features) > 12:
            out.append(f"- ... {len(res.features) - 12} more (`--format json` lists all)")
        out.append("")
    else:
        out.append("Buys no feature the tables list.\n")
    if res.dropped:
        out.append(f"Costs {len(res.dropped)} platform(s) that {res.start} keeps:\n")
        out += [f"- {markdown_cell(label)}: {markdown_cell(why)}"
                for label, why in by_release(res.dropped, failure_words, res.check_end.verdicts)]
        out.append("")
    else:
        out.append("Costs no platform proven to fail.\n")
    if res.newly_unknown:
        out.append(f"Newly unknown at {res.end}: {compact_ids(v.platform.id for v in res.newly_unknown)}\n")
    out.append(_sources(res.sources))
    return "\n".join(out)


def _lines_compact(lines_of):
    def draw(res, width) -> str:
        head, *rest = lines_of(res)
        return "\n".join([f"### {head}\n", *(f"  - {line.strip()}" if line.startswith("  ") else f"- {line}"
                                               for line in rest)]) + "\n"
    return draw


COMPACT = {"CheckResult": _check_compact, "FloorResult": _floor_compact, "WhenResult": _when_compact,
           "CompareResult": _lines_compact(compare_compact_lines),
           "ExplainResult": _lines_compact(explain_compact_lines)}

def _presets(res: r.PresetsResult, width=None) -> str:
    rows = [[p.name, p.description, p.policy_doc, ", ".join(p.oses)] for p in res.presets]
    return _table(["preset", "models", "policy text", "OSes"], rows, width) + "\n"


RENDERERS = {
    "PresetsResult": _presets,
    "CanUseResult": _can_use,
    "GainsResult": _gains,
    "ScheduleResult": _schedule,
    "LintResult": _lint,
    "CompareResult": _compare,
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
