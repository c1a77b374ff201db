"""The format-neutral view: every sentence, grouping and cell that more than one output
format shows is made here once, from the engine's typed results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Hashable, Iterable

from ..engine.results import (
    Consideration,
    FactUse,
    MatrixResult,
    Platform,
    PlatformsResult,
    Verdict,
    WhenResult,
)
from ..model import Answer, Cause, Flag, Sighting, Status
from ..versions.libversion import is_any

_CONTROL = None


def requirement(dependency: str, minimum: str | None, at_least: str = ">=") -> str:
    """"rust >= 1.77", "rust (any version)" for a presence question, or just "rust"."""
    if not minimum:
        return dependency
    return f"{dependency} (any version)" if is_any(minimum) else f"{dependency} {at_least} {minimum}"


def plain(text) -> str:
    """Text from project and fact files with control characters removed (an escape sequence in a package
    name or a note must never reach a terminal or a mail as such); newlines and tabs become spaces."""
    global _CONTROL
    if _CONTROL is None:
        import re

        _CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
    return _CONTROL.sub(lambda m: " " if m.group() in "\n\t\r" else "", str(text))


def markdown_cell(text) -> str:
    """A Markdown table cell: plain text with what could break the table or inject HTML, code or a link
    escaped (a "<" before a letter could open a tag; "< 1.77" stays as it is)."""
    import re

    out = plain(text).replace("\\", "\\\\")
    for ch in "|`":
        out = out.replace(ch, "\\" + ch)
    out = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", out)
    return out.replace("](", "]\\(")


STATUS_ORDER = {Status.MISSING: 0, Status.TOO_OLD: 1, Status.UNKNOWN: 2, Status.OK: 3}
REFRESH_HINT = "run `canirequire refresh` or add a --facts file"
FILL_GAPS = "Fill gaps with `canirequire refresh` (network) or `--facts FILE.csv`."
MATRIX_LEGEND = ("a = alternate package, ~ = seen later, assumed unchanged since release, ? = secondary/undated, "
                 ">= = at least, 3 = upstream tier 3, u = untested in CI, - = no data")


def _where(v: Verdict) -> str:
    return f"{v.package} {v.version} ({v.channel.value if v.channel else ''}, {v.repo})"


def who(res) -> str:
    """The project an answer is about, with the component it was narrowed to."""
    component = getattr(res, "component", "")
    return f"{res.project} ({component})" if component else res.project


def reason(v: Verdict) -> str:
    """One sentence saying why a verdict is what it is."""
    cause = v.cause
    if cause is Cause.HAS:
        return f"has {_where(v)}"
    if cause is Cause.MEETS:
        return f"{_where(v)} >= {v.required}"
    if cause is Cause.BELOW:
        text = f"{_where(v)} < {v.required}"
        if v.other is not None and Flag.BACKPORTS_NEWER in v.flags:
            o = v.other
            text += f"; {o.package} {o.version} is only in {o.channel.value}, which this policy does not count"
        return text
    if cause is Cause.LOWER_BOUND:
        where = f" ({v.package}, last seen {v.as_of})" if v.package else ""
        moving = f"{v.detail} may have moved on since" if v.detail else "it may have moved on since"
        return (f"at least {v.version}{where}; {moving}: newer data needed to tell whether "
                f">= {v.required} -- {REFRESH_HINT}")
    if cause in (Cause.SEEN_LATER, Cause.UNDATED, Cause.ARCH_NOT_COVERED) and v.other is not None:
        o = v.other
        has = f"has {_where(v)}, below {v.required}; " if v.version else ""
        if cause is Cause.SEEN_LATER and o.absent_on:
            why = f"{o.package} {o.version} arrived between {o.absent_on} and {o.first_seen}"
        elif cause is Cause.SEEN_LATER:
            why = f"{o.package} {o.version} first seen {o.first_seen}; arrival unknown"
        elif cause is Cause.UNDATED and o.absent_on:
            why = (f"{o.package} {o.version} was uploaded or built {o.absent_on + dt.timedelta(days=1)}; "
                   "when it reached users is not recorded")
        elif cause is Cause.UNDATED:
            why = f"{o.package} {o.version} is listed without a date"
        else:
            why = f"{o.package} {o.version} is in an index that never covered {v.platform.arch}"
        return f"{has}{why} -- {REFRESH_HINT}"
    if cause is Cause.EXTERNAL:
        return f"provided outside the OS packages: {v.detail}"
    if cause is Cause.NOT_FROM_OS:
        return "the project file says the project does not take it from OS packages here"
    if cause is Cause.UNCOUNTED_CHANNEL and v.other is not None:
        o = v.other
        return f"only {o.package} {o.version} in {o.channel.value} ({o.repo}), which this policy does not count"
    repo_text = " or ".join(v.repos)
    if cause is Cause.NOT_BUILT:
        return f"{', '.join(v.names)} exists in {repo_text} but is not built on {v.platform.arch}"
    if cause is Cause.NOT_YET:
        if v.other is None:
            return f"not yet packaged on {v.on}"
        o = v.other
        return f"not yet packaged on that date: {o.package} {o.version} arrived {o.valid_from}"
    if cause is Cause.NO_USABLE_DATA:
        hint = "; ".join(sorted({consideration_note(c, v.on, v.platform.arch) for c in v.considered if not c.used}))
        return f"no usable data for this date in {repo_text} ({hint[:300]}) -- {REFRESH_HINT}"
    return f"no data for {v.dependency} in {repo_text} -- {REFRESH_HINT}"


def consideration_note(c: Consideration, on: dt.date | None, arch: str) -> str:
    """What became of one fact, in words."""
    f, use = c.fact, c.use
    if use is FactUse.OVERRIDDEN:
        return f"overridden by {c.overridden_by.value if c.overridden_by else 'newer'} data"
    if use is FactUse.NAME_NOT_USED:
        return f"{f.package} is not a package the project uses here"
    if use is FactUse.CHANNEL_NOT_COUNTED:
        return f"channel {f.channel.value} does not count under this policy"
    return _STATE_NOTES[use](f, on, arch)


def _seen(f) -> str:
    if f.seen_from and f.seen_from != f.as_of:
        return f"seen {f.seen_from} to {f.as_of}"
    return f"seen {f.as_of}"


_STATE_NOTES = {
    FactUse.EXACT: lambda f, on, arch: "",
    FactUse.ASSUMED: lambda f, on, arch: (f"{_seen(f)}; assumed unchanged since the release"
                                          if f.valid_from is None else "from a repository this release follows, "
                                          "never earlier: assumed here"),
    FactUse.LOWER_BOUND: lambda f, on, arch: (f"at least this version (last seen {f.as_of or f.valid_from}); "
                                              "the repository may have moved on since"),
    FactUse.SEEN_LATER: lambda f, on, arch: (
        f"arrived between {f.absent_on} and {f.first_seen}, so it may or may not have been there" if f.absent_on
        else f"first {_seen(f)}; arrival unknown, so it may or may not have been there"),
    FactUse.UNDATED: lambda f, on, arch: (
        f"uploaded or built {f.absent_on + dt.timedelta(days=1)}: it may have reached users then or later"
        if f.absent_on else "undated: it may or may not have been there on any given date"),
    FactUse.ARCH_NOT_COVERED: lambda f, on, arch: (f"its index never covered {arch} "
                                                   f"(covered: {', '.join(f.arches_checked or ())})"),
    FactUse.NOT_BUILT: lambda f, on, arch: (f"not built on {arch} (built on: "
                                            f"{', '.join(f.arches) if f.arches else 'no architecture'})"),
    FactUse.ARRIVED_LATER: lambda f, on, arch: (
        f"arrived {f.valid_from}, after {on}" if f.valid_from and (not f.absent_on or f.valid_from > on)
        else f"not there on {f.absent_on} (arrived between {f.absent_on} and {f.first_seen}), after {on}"),
    FactUse.SUPERSEDED: lambda f, on, arch: (f"superseded by {on}" if f.valid_to is None
                                             else f"superseded on {f.valid_to}"),
    FactUse.NOT_RELEASED: lambda f, on, arch: f"upstream had not released {f.version} by {on}",
    FactUse.BRANCH_NOT_CURRENT: lambda f, on, arch: f"branch {f.release} is not the current one on {on}",
    FactUse.NEWER_THAN_NEWEST: lambda f, on, arch: (f"a listing of the repository on or after {on} "
                                                    "shows nothing this new"),
}


@dataclass(frozen=True, slots=True)
class VerdictGroup:
    """Verdicts of one OS release whose arches all got the same answer."""

    release_id: str
    arches: tuple[str, ...]
    verdict: Verdict

    @property
    def label(self) -> str:
        """debian-12/x86_64, or debian-12 (aarch64, x86_64) for a group."""
        if len(self.arches) == 1:
            return f"{self.release_id}/{self.arches[0]}"
        return f"{self.release_id} ({', '.join(self.arches)})"


def group_verdicts(verdicts: Iterable[Verdict], sort_by_status: bool = True) -> list[VerdictGroup]:
    """Verdicts that differ only by architecture, grouped into one row."""
    groups: dict[tuple, list[Verdict]] = {}
    for v in verdicts:
        key = (v.platform.release_id, v.status, v.version, v.package, v.channel, v.flags,
               reason(v).replace(v.platform.arch, "{arch}"))
        groups.setdefault(key, []).append(v)
    out = [VerdictGroup(vs[0].platform.release_id, tuple(v.platform.arch for v in vs), vs[0]) for vs in groups.values()]
    if sort_by_status:
        out.sort(key=lambda g: (STATUS_ORDER.get(g.verdict.status, 9), g.release_id, g.arches))
    return out


def flag_legend(flag_sets: Iterable[Iterable[Flag]]) -> list[tuple[str, str]]:
    """(flag, explanation) for every flag used, in order of first use."""
    seen: list[Flag] = []
    for flags in flag_sets:
        for f in flags:
            if f not in seen:
                seen.append(f)
    return [(f.value, f.explanation) for f in seen]


def flag_words(flags: Iterable[Flag]) -> str:
    """The flags as comma-separated words."""
    return ", ".join(f.value for f in flags)


def version_cell(v: Verdict) -> str:
    """The verdict's version, ">= " for a lower bound, "-" for none."""
    if not v.version:
        return "-"
    return (">= " if Flag.LOWER_BOUND in v.flags else "") + v.version


def unknown_summary(verdicts: Iterable[Verdict]) -> list[tuple[str, list[str]]]:
    """Unknown verdicts as (short reason, release ids): long lists of 'no data' read badly."""
    by_reason: dict[str, list[str]] = {}
    for v in verdicts:
        if v.cause is Cause.LOWER_BOUND or (Flag.LOWER_BOUND in v.flags and v.cause is not Cause.MEETS):
            key = "only a lower bound: the repository may have moved on since it was last seen"
        elif v.cause is Cause.SEEN_LATER:
            key = "a version that would do was seen only later (arrival unknown)"
        elif v.cause is Cause.UNDATED:
            key = "a version that would do is listed only without a date"
        elif v.cause is Cause.ARCH_NOT_COVERED:
            key = "a version that would do is in an index that never covered the architecture"
        elif v.cause is Cause.NO_DATA:
            key = "no data"
        elif v.cause is Cause.NO_USABLE_DATA:
            key = "only undated or later observations"
        else:
            key = reason(v)
        ids = by_reason.setdefault(key, [])
        if v.platform.release_id not in ids:
            ids.append(v.platform.release_id)
    return list(by_reason.items())


def short_note(v: Verdict) -> str:
    """What a table's last column says beyond status/version/package."""
    parts = []
    text = reason(v)
    if v.status is Status.MISSING:
        parts.append(text)
    elif ";" in text:
        parts.append(text.split(";", 1)[1].strip())
    if v.flags:
        parts.append(flag_words(v.flags))
    return "; ".join(parts)


def cell_marks(v: Verdict) -> str:
    """One-letter marks for matrix cells: a alternate, ~ assumed since release, ? secondary/undated,
    3 tier 3, u untested."""
    flags = v.flags
    doubtful = Flag.SECONDARY in flags or Flag.UNDATED in flags
    marks = ""
    if Flag.ALTERNATE in flags:
        marks += "a"
    if Flag.ASSUMED in flags and not doubtful:
        marks += "~"
    if doubtful:
        marks += "?"
    if Flag.TIER_3 in flags:
        marks += "3"
    if Flag.UNTESTED in flags:
        marks += "u"
    return marks


def cell_text(v: Verdict, no_data: str = "-") -> str:
    """A matrix cell: the version with its marks, "missing", or ``no_data``."""
    if v.status is Status.UNKNOWN and not v.version:
        return no_data
    if v.status is Status.MISSING:
        return "missing"
    marks = cell_marks(v)
    return version_cell(v) + (f" {marks}" if marks else "")


def timeline_title(tl) -> str:
    """The timeline picture's title: "qemu: supported OS releases and rust >= 1.77" (SVG and PNG alike)."""
    title = f"{tl.project}: supported OS releases"
    return title + (f" and {requirement(tl.dependency, tl.minimum)}" if tl.dependency else "")


# How many floor-ladder steps and `when` changes a compact answer lists before "... N more".
MAX_LADDER_ROWS = 8
MAX_WHEN_ROWS = 10


def release_ids(platform_ids: Iterable[str]) -> str:
    """debian-12/x86_64, debian-12/aarch64, fedora-41/x86_64 -> "debian-12, fedora-41" ("-" for none)."""
    return ", ".join(dict.fromkeys(pid.partition("/")[0] for pid in platform_ids)) or "-"


def compact_ids(platform_ids: Iterable[str]) -> str:
    """debian-12/x86_64, debian-12/aarch64 -> debian-12 (x86_64, aarch64)."""
    by_release: dict[str, list[str]] = {}
    for pid in dict.fromkeys(platform_ids):
        rel, _, arch = pid.partition("/")
        by_release.setdefault(rel, []).append(arch)
    return "; ".join(f"{rel} ({', '.join(a)})" if len(a) > 1 else f"{rel}/{a[0]}" for rel, a in by_release.items())


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """Arches of one release that got the same cells (and, where asked, the same CI)."""

    platforms: tuple[Platform, ...]
    cells: tuple[Verdict, ...]
    ci: str

    @property
    def label(self) -> str:
        """The row's platform, or its release and architectures for a group."""
        first = self.platforms[0]
        if len(self.platforms) == 1:
            return first.id
        return f"{first.release_id} ({', '.join(p.arch for p in self.platforms)})"


def matrix_rows(res: MatrixResult, cell_key: Callable[[Verdict], Hashable] = cell_text,
                split_by_ci: bool = False) -> list[MatrixRow]:
    """One row per release and answer: arches whose cells (by ``cell_key``) and, if asked, CI agree share it."""
    grouped: dict[tuple, list[tuple[Platform, tuple[Verdict, ...]]]] = {}
    for p, row in zip(res.platforms, res.cells):
        ci = row[0].ci if row else ""
        key = (p.release_id, tuple(cell_key(v) for v in row), ci if split_by_ci else "")
        grouped.setdefault(key, []).append((p, row))
    return [MatrixRow(tuple(p for p, _ in items), items[0][1], items[0][1][0].ci if items[0][1] else "")
            for items in grouped.values()]


def platform_notes(res: PlatformsResult | None) -> list[str]:
    """Warnings about the policy's own data on the date."""
    if res is None:
        return []
    out = []
    if res.no_lifecycle:
        out.append(f"no lifecycle data for {', '.join(res.no_lifecycle)}: not evaluated (run `canirequire refresh`)")
    if res.empty_oses:
        out.append(f"no supported release of {', '.join(res.empty_oses)} on {res.on}: the lifecycle data "
                   "may not reach that date (refresh lifecycles to see newer releases)")
    return out


def data_ends_note(res: WhenResult) -> str:
    """A note when the lifecycle data runs out before the answer does."""
    if res.data_ends_on is None:
        return ""
    return (f"lifecycle data runs out on {res.data_ends_on}: no known release of {', '.join(res.data_ends_oses)} "
            "is supported from then on (refresh lifecycles to see successors)")


def sources_line(sources) -> str:
    """The closing "Data: N sources, newest as of ..." line."""
    dated = [s.as_of for s in sources if s.as_of]
    if not dated:
        return ""
    return (f"Data: {len(sources)} sources, newest as of {max(dated)}, oldest {min(dated)} "
            "(`canirequire sources` lists them).")


def risk_flags(v: Verdict) -> list[Flag]:
    """The verdict's flags that are risks, not facts about the data."""
    return [f for f in v.flags if f.is_risk]


def risk_note(v: Verdict) -> str:
    """The upstream target's state beside a risk: its tier (or that it has none) and open friction."""
    if not v.tier or not v.tier.target:
        return ""
    text = f"{v.tier.target}: {'no such target upstream' if v.tier.exists is False else v.tier.label}"
    open_items = v.tier.open_friction
    if open_items:
        oldest = min(s.item.opened for s in open_items)
        text += f"; {len(open_items)} open upstream item(s), oldest since {oldest}"
    return text


def split_blocker_risks(impacts) -> tuple[list, list]:
    """(blocker-level, other) risks: a platform nobody ported the toolchain to comes first."""
    blockers = [i for i in impacts if any(f.is_blocker_risk for f in i.risks)]
    return blockers, [i for i in impacts if i not in blockers]


def check_answer(res) -> Answer:
    """YES, NO or CANNOT TELL (DESIGN.md "Answer words"), or NOTHING TO CHECK."""
    return res.answer


ANSWER_MEANING = {
    Answer.YES: "every counted platform is proven ok",
    Answer.NO: "a counted platform is proven to fail",
    Answer.CANNOT_TELL: "nothing is proven to fail, but some platforms are unknown",
    Answer.NOTHING: "no supported platform on that date",
}


def seen_text(seen, above: bool = False) -> str:
    """One end of a bracket in words, with what its date proves."""
    if seen is None:
        return ""
    what = f"{seen.version} ({seen.package}, {seen.channel.value})"
    if seen.kind is Sighting.UNDATED:
        return f"{what} listed without a date"
    if seen.kind is Sighting.RELEASE:
        return f"{what} since the release ({seen.date})" if seen.date else f"{what} since the release"
    if seen.kind is Sighting.ARRIVED:
        return f"{what} {'arrived' if above else 'since'} {seen.date}"
    if seen.kind is Sighting.NEWEST:
        return f"{what} last seen {seen.date}, the newest then"
    if seen.kind is Sighting.FIRST_SEEN:
        return f"{what} first seen {seen.date}"
    if seen.kind is Sighting.ON_OR_AFTER:
        return f"{what} built {seen.date}, reached users then or later"
    return f"{what} last seen {seen.date}"


def bracket_text(v: Verdict) -> str:
    """What is known around an unknown verdict: "has 1.82 (last seen ...); >= 1.83 first seen ..." or "no data"."""
    b = v.bracket
    if b is None or (b.below is None and b.above is None):
        return "no data" if v.cause is Cause.NO_DATA else "no usable data for this date"
    parts = []
    if b.below is not None:
        parts.append(f"has {seen_text(b.below)}")
    else:
        parts.append("none proven there")
    if b.above is not None:
        parts.append(seen_text(b.above, above=True))
    else:
        parts.append(f"no sighting of >= {v.required}" if v.required else "no later sighting")
    return "; ".join(parts)


def unknown_lines(verdicts: Iterable[Verdict]) -> list[tuple[str, str]]:
    """One (release label, bracket) per release and bracket: what a maintainer needs to decide."""
    by_key: dict[tuple[str, str], list[str]] = {}
    for v in verdicts:
        by_key.setdefault((v.platform.release_id, bracket_text(v)), []).append(v.platform.arch)
    out = []
    for (release_id, text), arches in by_key.items():
        out.append((f"{release_id} ({', '.join(arches)})" if len(arches) > 1 else f"{release_id}/{arches[0]}", text))
    return out


def count_words(verdicts) -> str:
    """"N platforms in M releases": the same unit as the list beside it."""
    verdicts = list(verdicts)
    releases = {v.platform.release_id for v in verdicts}
    n = len(verdicts)
    return f"{n} platform{'s' if n != 1 else ''} in {len(releases)} release{'s' if len(releases) != 1 else ''}"


def when_headline(res: WhenResult) -> str:
    """The first sentence of a `when` answer: the two dates, each explained."""
    what = requirement(res.dependency, res.minimum)
    if res.date is None:
        if res.data_ends_on:
            return f"{what} is not requirable for {who(res)} as far as the data reaches: {data_ends_note(res)}."
        if not res.blockers:
            return (f"Cannot tell when {what} becomes requirable for {who(res)}: before {res.horizon} nothing "
                    "fails, but no supported platform is known to pass.")
        return f"{what} does not become requirable for {who(res)} before {res.horizon} under current data."
    first = ("already on" if res.date == res.on else "from") + f" {res.date}"
    if res.proven_date == res.date:
        return f"{what}: YES for {who(res)} {first}: every platform proven ok."
    proven = (f"every platform proven ok from {res.proven_date}" if res.proven_date
              else "every platform proven ok: not within the data")
    return (f"{what}: CANNOT TELL for {who(res)} {first}: no platform proven to fail, "
            f"{len(res.unknown)} unknown; {proven}.")


def clean_words(c: WhenResult, stage_date: dt.date) -> str:
    """A roadmap stage's two `when` dates in words: from when it drops nobody proven, and from when
    every platform is proven ok."""
    if c.date is None:
        if not c.blockers and not c.data_ends_on:
            return "would drop nobody: cannot tell (nothing is proven to fail, but no platform is known to pass)"
        return f"would drop nobody: not under current data ({data_ends_note(c) or 'blockers remain'})"
    first = "drops nobody already on its date" if c.date == stage_date else f"would drop nobody from {c.date}"
    if c.proven_date == c.date:
        return first
    if c.proven_date:
        return f"{first} ({len(c.unknown)} unknown then; every platform proven ok from {c.proven_date})"
    return f"{first} ({len(c.unknown)} unknown then; not every platform proven ok within the data)"


COVERAGE_LEGEND = ("Each cell: the month of the newest dated fact for that release and dependency, then "
                   "how many dated facts there are; + = the repository keeps moving, so after that month the "
                   "data is only a lower bound; 'undated' = facts without any date; - = no data at all "
                   "(`--format json` gives full dates and counts).")


def coverage_cell(cell) -> str:
    """A coverage cell: the newest month and the number of dated facts (+ if some are undated)."""
    if not cell.facts:
        return "-"
    # A month is precise enough to spot a gap and keeps nine dependencies within 120 columns.
    text = f"{cell.newest:%Y-%m} {cell.dated}" if cell.newest else "undated"
    return text + ("+" if cell.lower_bound_only else "")


def change_line(c) -> str:
    """One verdict change, as "rust >= 1.77 on ubuntu-24.04 (11.0, 2026-04-21): unknown → ok (why)"."""
    when = f"{c.stage}, {c.on}" if c.stage else f"{c.on}"
    arches = "" if len(c.arches) > 1 else f"/{c.arches[0]}"
    was = c.before.word if c.before else "not supported"
    now = c.after.word if c.after else "not supported"
    why = ""
    v = c.verdict
    if v is not None and v.evidence is not None and v.status is Status.OK:
        f = v.evidence
        if f.valid_from:
            when_there = f"since {f.valid_from}"
        elif f.absent_on:
            when_there = f"arrived between {f.absent_on} and {f.first_seen}"
        else:
            when_there = f"seen {f.first_seen}" if f.first_seen else "undated"
        why = f" ({f.package} {f.version} in {f.channel.value}, {when_there})"
    elif v is not None:
        why = f" ({reason(v)})"
    return f"{c.dependency} >= {c.minimum} on {c.release_id}{arches} ({when}): {was} → {now}{why}"


REFRESH_WORDS = {"updated": "ok", "cached": "cached", "failed": "FAILED", "stopped": "STOPPED", "skipped": "SKIPPED",
                 "stale": "STALE"}


STALE_HINT = ("newer readings (`canirequire refresh`; `refresh --history` for past dates) would tell; "
              "--no-stale-warning or CANIREQUIRE_NO_STALE_WARNING=1 silences this")


def stale_sentence(staleness, on: dt.date) -> str:
    """The warning for releases whose deciding data is old, oldest first."""
    shown = ", ".join(f"{release} ({day})" for release, day in staleness.releases[:8])
    more = f" and {len(staleness.releases) - 8} more" if len(staleness.releases) > 8 else ""
    return (f"the newest data deciding {len(staleness.releases)} release(s) is more than {staleness.after_days} "
            f"days older than {on}: {shown}{more}; they may have moved on by then -- {STALE_HINT}.")


def tier_history_lines(tier) -> list[str]:
    """A target's known tier changes (and observed states), oldest first."""
    lines = []
    for c in tier.history:
        when = (f"from {c.from_version + ', ' if c.from_version else ''}{c.from_date}" if c.from_date
                else "observed (undated)")
        lines.append(f"{c.label} {when}: {c.source}")
    if tier.exists is False:
        lines.append(f"{tier.target} is not among the upstream's targets: not ported at all (worse than tier 3)")
    return lines


def _years(a: dt.date, b: dt.date) -> str:
    return f"{(b - a).days / 365.25:.1f} years"


def friction_line(status, on: dt.date) -> str:
    """One upstream item and where it stood on ``on``."""
    from ..engine.results import FrictionState

    f = status.item
    head = f"{f.repo}#{f.number} ({f.kind}) {f.title}"
    if status.state is FrictionState.OPEN:
        state = f"open since {f.opened} ({_years(f.opened, on)})" + (f", closed {f.closed}" if f.closed else "")
    elif status.state is FrictionState.LAST_SEEN_OPEN:
        state = f"open since {f.opened}, last seen open {f.state_as_of}"
    elif status.state is FrictionState.CLOSED:
        state = f"opened {f.opened}, closed {f.closed}"
    else:
        state = f"opened {f.opened}, closed at a date not read (last event seen {f.state_as_of or 'undated'})"
    return f"{head}: {state}"


def friction_summary(tier, on: dt.date) -> str:
    """How much upstream friction a target had on a date: a risk signal, never a verdict."""
    from ..engine.results import FrictionState

    if not tier.friction:
        return (f"no upstream friction items on record for {tier.target} by {on} (the record is sparse: "
                "none found is not evidence of none)")
    open_items = tier.open_friction
    closed = sum(1 for s in tier.friction if s.state is FrictionState.CLOSED)
    unknown = sum(1 for s in tier.friction if s.state is FrictionState.UNKNOWN)
    parts = [f"{len(open_items)} open"]
    if open_items:
        oldest = min(s.item.opened for s in open_items)
        parts[0] += f" (oldest since {oldest}, {_years(oldest, on)})"
    parts += [f"{closed} closed", f"{unknown} of unknown state"]
    return f"upstream friction for {tier.target} on {on}: {', '.join(parts)} -- a risk signal, never a verdict"


def compare_answer(res) -> Answer:
    """yes: the dependency reaches every platform the baseline reaches; no: a gap; cannot tell."""
    from ..engine.results import Coverage

    if res.gaps:
        return Answer.NO
    return Answer.CANNOT_TELL if res.of(Coverage.UNKNOWN) else Answer.YES


def compare_question(res) -> str:
    """The question compare answers, in words."""
    what = requirement(res.dependency, res.minimum)
    return (f"Does {what} reach every platform {' or '.join(res.baseline)} reaches, for {who(res)} "
            f"on {res.on}?")


def compare_cell(v: Verdict) -> str:
    """A compare cell: the version, "too old", "?" for unknown."""
    if v.status is Status.OK:
        return version_cell(v) if v.version else "ok"
    if v.status is Status.UNKNOWN:
        return "?" if not v.version else f"? {version_cell(v)}"
    return v.status.word + (f" {v.version}" if v.version else "")


def compare_unknowns(res) -> list[tuple[str, str, list[str]]]:
    """(whose data, why, releases) for the rows the data cannot settle: where to look for more."""
    from ..engine.results import Coverage

    out = []
    unknown = res.of(Coverage.UNKNOWN)
    dep_unknown = [r.verdict for r in unknown if r.verdict.status is Status.UNKNOWN]
    for why, releases in unknown_summary(dep_unknown):
        out.append((res.dependency, why, releases))
    for i, name in enumerate(res.baseline):
        base_unknown = [r.baseline[i] for r in unknown if r.baseline_status is Status.UNKNOWN
                        and r.baseline[i].status is Status.UNKNOWN]
        for why, releases in unknown_summary(base_unknown):
            out.append((name, why, releases))
    return out


def compare_groups(res) -> list[tuple[str, object]]:
    """(label, first row) per release whose arches compare alike, gaps and unknowns first."""
    from ..engine.results import Coverage

    order = {Coverage.BASELINE_ONLY: 0, Coverage.UNKNOWN: 1, Coverage.NEITHER: 2, Coverage.DEPENDENCY_ONLY: 3,
             Coverage.BOTH: 4}
    groups: dict[tuple, list] = {}
    for row in res.rows:
        key = (row.platform.release_id, row.coverage, compare_cell(row.verdict),
               tuple(compare_cell(b) for b in row.baseline))
        groups.setdefault(key, []).append(row)
    out = []
    for (release_id, coverage, *_), rows in sorted(groups.items(), key=lambda kv: (order[kv[0][1]], kv[0][0])):
        arches = [r.platform.arch for r in rows]
        label = f"{release_id}/{arches[0]}" if len(arches) == 1 else f"{release_id} ({', '.join(arches)})"
        out.append((label, rows[0]))
    return out


def matrix_headers(res) -> list[str]:
    """Column titles: the dependencies, then the baseline ones marked as such."""
    return [f"{d} (baseline)" if d in res.baseline else d for d in res.dependencies]


def lint_sentence(f, on: dt.date) -> str:
    """What one declared floor means on the date, starting with where it is declared."""
    from ..engine.results import LintStatus

    where = f"{f.file}:{f.line}: {f.name} {f.constraint}".rstrip()
    dep = f" ({f.dependency})" if f.dependency and f.dependency != f.name else ""
    allowed = f"{f.floor_rounded} (limited by {compact_ids(f.limiting)})" if f.floor_rounded else "unknown"
    unknown = f"; {len(f.unknown)} platform(s) have no data to tell" if f.unknown else ""
    if f.status is LintStatus.VIOLATION:
        return (f"{where}{dep} drops {len(f.breaking)} supported platform(s) on {on}: "
                f"{compact_ids(v.platform.id for v in f.breaking)}; the policy allows at most {allowed}")
    if f.status is LintStatus.HEADROOM:
        return f"{where}{dep}: could require {allowed}{unknown}"
    if f.status is LintStatus.OK:
        return f"{where}{dep}: at the allowed floor {allowed}{unknown}"
    if f.status is LintStatus.UNKNOWN:
        return f"{where}{dep}: the data cannot tell what is requirable on {on} -- {REFRESH_HINT}"
    if f.status is LintStatus.UNREADABLE:
        return f"{f.note} (this file was not linted; the others were)"
    if f.status is LintStatus.WANTS_MORE:
        return f"{where}{dep}: {f.note}: the project file's [wants] needs a higher floor"
    if f.status is LintStatus.COMPUTED:
        return f"{where}: the version is computed ({f.note}); not checked"
    return f"{where}: maps to no dependency of the project (add it to a dependency's build_names)"


LINT_ORDER = ("unreadable", "violation", "wants-more", "headroom", "unknown", "ok", "computed", "unmapped")


def schedule_versions(e) -> str:
    """">= 1.94.0", or ">= 1.94.0 ... 1.96.0" for a range unlocked at once."""
    return f">= {e.version}" if not e.up_to or e.up_to == e.version else f">= {e.version} ... {e.up_to}"


def schedule_why(e) -> str:
    """What unlocks a version on its date."""
    if e.date is None:
        return e.note
    unknown = ""
    if e.unknown:
        proven = f"every platform proven ok from {e.proven_date}" if e.proven_date else "not all proven within the data"
        unknown = f" (no data to tell for {', '.join(e.unknown)}; {proven})"
    if e.note and not (e.leaving or e.upgraded):
        return e.note + unknown
    parts = []
    if e.leaving:
        parts.append(f"{', '.join(e.leaving)} leave{'s' if len(e.leaving) == 1 else ''} the policy")
    if e.upgraded:
        parts.append(f"{', '.join(e.upgraded)} get{'s' if len(e.upgraded) == 1 else ''} a newer package")
    return ("; ".join(parts) or e.note or "-") + unknown


# -- answers at a glance (compact forms; --details prints every platform) ---------------------------------

# The flags that can change a decision, in the order a reader weighs them, with the words a risk line uses.
DECISION_RISKS = (
    (Flag.NO_TARGET, "no upstream target at all"),
    (Flag.TIER_3, "upstream tier 3"),
    (Flag.TIER_2_NO_HOST, "upstream tier 2 without host tools"),
    (Flag.UPSTREAM_FRICTION, "open upstream issues"),
    (Flag.ALTERNATE, "only through an alternate package"),
    (Flag.SHARED, "data from a shared repository"),
    (Flag.PROXY, "data from a rebuild"),
    (Flag.DATA_CONFLICT, "sources disagree"),
    (Flag.UNTESTED, "untested in CI"),
)
DETAILS_HINT = "--details lists every platform."


@dataclass(frozen=True, slots=True)
class Glance:
    """A compact answer: the headline, what fails, what is unknown, what is fine, the risks, the data."""

    head: str
    counts: str
    fails: tuple[tuple[str, str], ...]  # (release and arches, why)
    unknown: tuple[tuple[str, str], ...]  # (release and arches, bracket; how to settle it)
    fine: tuple[str, ...]  # one item per OS family
    risks: tuple[tuple[str, str], ...]  # (risk words, platforms)
    data: tuple[str, ...]
    settle: str = ""  # where the data to settle the unknowns would come from


def _arch_label(release_id: str, arches: list[str], of: int = 0) -> str:
    """debian-12/mips64el; debian-12 (aarch64, x86_64); debian-12 (all 7) when every arch of the answer is."""
    if len(arches) == 1:
        return f"{release_id}/{arches[0]}"
    if of and len(arches) == of and of > 3:
        return f"{release_id} (all {of})"
    return f"{release_id} ({', '.join(arches)})"


def _arch_counts(verdicts) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v.platform.release_id] = counts.get(v.platform.release_id, 0) + 1
    return counts


def by_release(verdicts, text, among=None) -> list[tuple[str, str]]:
    """(label, text) per release and text, arches collapsed, in first-seen order; ``among``: the verdicts
    the answer covers, so a release whose every arch is listed reads "(all N)"."""
    total = _arch_counts(among if among is not None else verdicts)
    groups: dict[tuple[str, str], list[str]] = {}
    for v in verdicts:
        groups.setdefault((v.platform.release_id, text(v)), []).append(v.platform.arch)
    return [(_arch_label(rel, arches, total.get(rel, 0)), words) for (rel, words), arches in groups.items()]


def failure_words(v: Verdict) -> str:
    """Why a platform fails, short: "too old: rustc-web 1.70.0 (alternate)", or the missing reason."""
    if v.status is Status.TOO_OLD and v.version:
        return f"too old: {v.package} {v.version} ({v.channel.value if v.channel else '?'})"
    return f"{v.status.word}: {reason(v)}"


def _fine_by_family(verdicts) -> list[str]:
    """One item per OS family: its releases and the lowest version that decides them."""
    from ..versions.libversion import compare as vcompare

    families: dict[str, list[Verdict]] = {}
    for v in verdicts:
        families.setdefault(v.platform.os, []).append(v)
    items = []
    for os_id, vs in families.items():
        releases = list(dict.fromkeys(v.platform.release for v in vs))
        if all(v.cause is Cause.EXTERNAL for v in vs):
            items.append(f"{os_id}-{'/'.join(releases)} (provided outside the OS packages)")
            continue
        versioned = [v for v in vs if v.version]
        if not versioned:
            items.append(f"{os_id}-{'/'.join(releases)}")
            continue
        low = versioned[0]
        for v in versioned[1:]:
            if vcompare(v.version, low.version) < 0:
                low = v
        at_least = ">= " if any(Flag.LOWER_BOUND in v.flags for v in versioned) else ""
        package = f" ({low.package})" if low.channel is not None and low.channel.value == "alternate" else ""
        items.append(f"{os_id}-{'/'.join(releases)} {at_least}{low.version}{package}")
    return items


def _risk_lines(verdicts, among, limit: int = 5) -> list[tuple[str, str]]:
    """(risk words, the platforms it applies to), releases of one OS with the same arches folded:
    "alpine-3.18/3.19/3.20 (s390x)"."""
    total = _arch_counts(among)
    lines = []
    for flag, words in DECISION_RISKS:
        hit = [v for v in verdicts if flag in v.flags]
        if not hit:
            continue
        arches_of: dict[tuple[str, str], list[str]] = {}
        for v in hit:
            arches_of.setdefault((v.platform.os, v.platform.release), []).append(v.platform.arch)
        folded: dict[tuple[str, str], list[str]] = {}
        for (os_id, release), arches in arches_of.items():
            every = len(arches) == total.get(f"{os_id}-{release}", 0)
            folded.setdefault((os_id, "" if every else ", ".join(arches)), []).append(release)
        shown = [f"{os_id}-{'/'.join(releases)}" + (f" ({arches})" if arches else "")
                 for (os_id, arches), releases in list(folded.items())[:limit]]
        more = f" and {len(folded) - limit} more" if len(folded) > limit else ""
        lines.append((words, "; ".join(shown) + more))
    return lines


def data_lines(res) -> list[str]:
    """The closing lines of a compact answer: the data (how many sources, how fresh) with the pointer to
    --details, and, when the deciding data is old, one warning naming how many releases and the oldest."""
    sources = getattr(res, "sources", ())
    dated = [s.as_of for s in sources if s.as_of]
    lines = [f"Data: {len(sources)} sources, newest {max(dated)} (`canirequire sources`). {DETAILS_HINT}"
             if dated else DETAILS_HINT]
    staleness = getattr(res, "staleness", None)
    if staleness is not None and staleness.releases:
        oldest_release, oldest_day = min(staleness.releases, key=lambda r: r[1])
        lines.append(f"warning: the newest data deciding {len(staleness.releases)} release(s) is more than "
                     f"{staleness.after_days} days older than {res.on} (oldest {oldest_release}, {oldest_day}); "
                     "--details lists them")
    return lines


def settle_line(res, verdicts) -> str:
    """Where the data to settle the unknown platforms would come from: each source when there are one
    or two, else a pointer to the coverage grid that names them all."""
    sources = dict(getattr(res, "gap_sources", ()))
    by_source: dict[str, list[str]] = {}
    for v in verdicts:
        source = sources.get(v.platform.os)
        if source:
            oses = by_source.setdefault(source, [])
            if v.platform.os not in oses:
                oses.append(v.platform.os)
    if not by_source:
        return ""
    if len(by_source) > 2:
        oses = [o for names in by_source.values() for o in names]
        return (f"To settle them: `canirequire sources --coverage` names the public source for each of "
                f"{', '.join(oses)} (`canirequire refresh --history` reads most of them).")
    # The source's name, before its explanation: "Bodhi: the date each update went stable ..." -> "Bodhi".
    names = [f"{source.split(':')[0].split(' (')[0]} ({', '.join(oses)})" for source, oses in by_source.items()]
    history = any("refresh --history" in source for source in by_source)
    return "To settle them: " + "; ".join(names) + ("; `canirequire refresh --history` reads it" if history else "")


def unknown_glance(res, verdicts) -> tuple[tuple[str, str], ...]:
    """One row per bracket: the releases (with their arches when only some are unknown) that share it."""
    total = _arch_counts(getattr(res, "verdicts", verdicts))
    by_text: dict[str, dict[str, list[str]]] = {}
    for v in verdicts:
        by_text.setdefault(bracket_text(v), {}).setdefault(v.platform.release_id, []).append(v.platform.arch)
    rows = []
    for text, releases in by_text.items():
        labels = [(rel if len(releases) > 1 and len(arches) == total.get(rel, 0)
                   else _arch_label(rel, arches, total.get(rel, 0))) for rel, arches in releases.items()]
        rows.append((", ".join(labels), text))
    return tuple(rows)


def check_glance(res) -> Glance:
    """The compact check answer."""
    answer = check_answer(res)
    extra = f" ({ANSWER_MEANING[answer]})" if answer is Answer.NOTHING else ""
    head = f"Can {who(res)} require {requirement(res.dependency, res.minimum)} on {res.on}?  {answer.word}{extra}"
    n_fail, n_unknown = len(res.failing), len(res.unknown)
    counts = (f"{len(res.verdicts) - n_fail - n_unknown} ok, {n_fail} would be dropped, {n_unknown} unknown"
              + (f", {len(res.excepted)} excepted" if res.excepted else "")
              + f" (of {len(res.verdicts) + len(res.excepted)} supported platforms)")
    fails = tuple(by_release(res.failing, failure_words, res.verdicts))
    ok = [v for v in res.verdicts if v.status is Status.OK]
    passing = [v for v in res.verdicts if not v.failing]
    return Glance(head, counts, fails, unknown_glance(res, res.unknown), tuple(_fine_by_family(ok)),
                  tuple(_risk_lines(passing, res.verdicts)), tuple(data_lines(res)), settle_line(res, res.unknown))


def feature_line(f) -> str:
    """One feature and the version that first has it: "let_chains: rust 1.88.0 (released 2025-06-26)"."""
    released = f" (released {f.date})" if f.date else " (release date not in the table)"
    title = f" -- {f.title}" if f.title and f.title != f.feature else ""
    return f"{f.toolchain}:{f.feature}: {f.toolchain} {f.version}{released}{title}"


def can_use_question(res) -> str:
    asked = ", ".join(m.asked for m in res.matches)
    return f"Can {who(res)} use {asked} on {res.on}?"


def can_use_answer(res) -> Answer:
    """The word over every dependency the features need (a misspelt or unknown feature decides nothing)."""
    words = [check_answer(r.check) for r in res.requirements]
    if any(w is Answer.NO for w in words):
        return Answer.NO
    if any(w is Answer.CANNOT_TELL for w in words) or res.unknown_features or not words:
        return Answer.CANNOT_TELL
    return Answer.YES


NO_MINIMUM = ("no known minimum: no feature table lists it (features.csv covers Rust language features and "
              "APIs to 1.82, accepted gates to 1.99, Meson 0.35-1.12, GLib 2.26-2.90); --facts cannot add one yet")


MAX_FEATURES_SHOWN = 4


def unlock_words(features) -> str:
    """"unlocks 12: let_chains, naked_functions, ... (+9)": the most notable first, cut to a few."""
    if not features:
        return ""
    shown = ", ".join(f.feature for f in features[:MAX_FEATURES_SHOWN])
    more = f" (+{len(features) - MAX_FEATURES_SHOWN})" if len(features) > MAX_FEATURES_SHOWN else ""
    return f"unlocks {len(features)}: {shown}{more}"


def wanted_line(w) -> str:
    """A wanted feature and when the policy allows it: "let_chains (rust 1.88.0): from 2027-05-01 ..."."""
    if w.feature is None:
        hint = f"; did you mean {', '.join(w.suggestions)}?" if w.suggestions else ""
        return f"{w.dependency}:{w.asked}: no known minimum (no feature table lists it){hint}"
    head = f"{w.dependency}:{w.asked} ({w.dependency} >= {w.feature.version})"
    if w.date is None:
        return f"{head}: not usable within the data"
    proven = ("every platform proven ok then" if w.proven_date == w.date
              else f"every platform proven ok from {w.proven_date}" if w.proven_date
              else "not every platform proven ok within the data")
    return f"{head}: no platform proven to fail from {w.date}; {proven}"


def fold_releases(platforms, among) -> str:
    """Platforms as releases of one OS folded, arches named only where not all of the release's are:
    "alpine-3.18/3.19/3.20; debian-12 (mips64el)"."""
    total: dict[str, int] = {}
    for p in among:
        total[p.release_id] = total.get(p.release_id, 0) + 1
    arches_of: dict[tuple[str, str], list[str]] = {}
    for p in platforms:
        arches_of.setdefault((p.os, p.release), []).append(p.arch)
    folded: dict[tuple[str, str], list[str]] = {}
    for (os_id, release), arches in arches_of.items():
        every = len(arches) == total.get(f"{os_id}-{release}", 0)
        folded.setdefault((os_id, "" if every else ", ".join(arches)), []).append(release)
    return "; ".join(f"{os_id}-{'/'.join(releases)}" + (f" ({arches})" if arches else "")
                     for (os_id, arches), releases in folded.items())


def compare_compact_lines(res) -> list[str]:
    """The compact `compare`: the answer, the counts, the gaps with their reasons, then the unknown,
    shared and one-sided releases one line each; the table is --details."""
    from ..engine.results import Coverage

    lines = [f"{compare_question(res)}  {compare_answer(res).word}"]
    counts = ", ".join(f"{len(res.of(c))} {label}" for c, label in (
        (Coverage.BOTH, "both"), (Coverage.BASELINE_ONLY, "only the baseline (gaps)"),
        (Coverage.DEPENDENCY_ONLY, f"only {res.dependency}"), (Coverage.NEITHER, "neither"),
        (Coverage.UNKNOWN, "unknown")))
    lines.append(f"  {counts} (of {len(res.rows)} supported platforms)")
    everyone = [row.platform for row in res.rows]
    if res.gaps:
        lines.append(f"Gaps (the baseline is packaged, {res.dependency} is not):")
        lines += [f"  {g.label}: {reason(g.verdict)}" for g in group_verdicts([row.verdict for row in res.gaps])]
    unknown = res.of(Coverage.UNKNOWN)
    if unknown:
        lines.append(f"Unknown: {fold_releases([row.platform for row in unknown], everyone)}")
        lines += [f"  {whose}: {why}: {', '.join(releases)}" for whose, why, releases in compare_unknowns(res)]
    for coverage, label in ((Coverage.BOTH, "Both"), (Coverage.DEPENDENCY_ONLY, f"Only {res.dependency}"),
                            (Coverage.NEITHER, "Neither")):
        rows = res.of(coverage)
        if rows:
            lines.append(f"{label}: {fold_releases([row.platform for row in rows], everyone)}")
    return [*lines, *data_lines(res)]


def explain_compact_lines(res) -> list[str]:
    """The compact `explain`: the release's dates, the rule that admits it, CI, and one line per
    dependency (arches that answer alike together) with the risks that change a decision; the facts
    weighed, the tier history and the upstream issues are --details."""
    lines = [f"{res.target} for {res.project} on {res.on}"]
    for lc in sorted(res.lifecycles, key=lambda x: x.release_date or dt.date.min):
        ends = lc.eol or ("ended" if lc.eol_passed_undated else "not announced")
        extended = f", extended support (not counted) to {lc.eoes}" if lc.eoes else ""
        lines.append(f"{lc.release_id}: released {lc.release_date or '?'}, regular support ends {ends}{extended}; "
                     f"latest {lc.latest or '?'} ({lc.source}, as of {lc.as_of})")
    for p in {p.release_id: p for p in res.platforms}.values():
        until = f" until {p.until} ({p.until_reason})" if p.until else ""
        lines.append(f"Policy: {p.rule}{until}")
    lines += [f"Policy: not supported: {e.reason}" for e in res.excluded]
    if res.unlisted:
        lines.append(f"{res.target} is not among the platforms the {res.project} policy supports on {res.on}")
    lines.append(f"CI: {', '.join(res.ci) if res.ci else 'not tested by the project CI (per project file)'}")
    for g in group_verdicts(res.verdicts, sort_by_status=False):
        v = g.verdict
        risks = [words for flag, words in DECISION_RISKS if flag in v.flags and flag is not Flag.UNTESTED]
        lines.append(f"  {g.label} {v.dependency}: {v.status.word} {version_cell(v)} - {reason(v)}"
                     + (f" [{'; '.join(risks)}]" if risks else ""))
    return [*lines, *data_lines(res)]
