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
from ..model import Cause, Flag, Status

STATUS_ORDER = {Status.MISSING: 0, Status.TOO_OLD: 1, Status.UNKNOWN: 2, Status.OK: 3}
REFRESH_HINT = "run `canirequire refresh` or add a --facts file"
FILL_GAPS = "Fill gaps with `canirequire refresh` (network) or `--facts FILE.csv`."
MATRIX_LEGEND = ("a = alternate package, ~ = seen later, assumed unchanged since release, ? = secondary/undated, "
                 ">= = at least, 3 = upstream tier 3, u = untested in CI, - = no data")


def _where(v: Verdict) -> str:
    return f"{v.package} {v.version} ({v.channel.value if v.channel else ''}, {v.repo})"


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
        return (f"at least {v.version} (last observed {v.as_of}); newer data needed to tell whether "
                f">= {v.required} -- {REFRESH_HINT}")
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
    if cause is Cause.NOT_YET and v.other is not None:
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
    if use is FactUse.NOT_BUILT:
        built = ", ".join(f.arches) if f.arches else "no architecture"
        return f"not built on {arch} (built on: {built})"
    if use is FactUse.ARRIVED_LATER:
        return f"arrived {f.valid_from}, after {on}"
    if use is FactUse.SUPERSEDED:
        return f"superseded on {f.valid_to}"
    if use is FactUse.UNDATED_ROLLING:
        return "undated observation of a rolling tree: says nothing about any given date"
    if use is FactUse.ROLLING_BEFORE_SEEN:
        return f"rolling tree observed only on {f.as_of}: says nothing about earlier dates"
    if use is FactUse.LOWER_BOUND:
        return f"at least this version (last observed {f.as_of})"
    if use is FactUse.UNDATED_NON_DEFAULT:
        return f"undated observation of a {f.channel.value} package: when it arrived is unknown"
    if use is FactUse.NON_DEFAULT_BEFORE_SEEN:
        return f"{f.channel.value} package seen on {f.as_of}; when it arrived is unknown"
    if use is FactUse.ASSUMED:
        return "undated observation" if f.as_of is None else f"observed {f.as_of}; assumed unchanged since release"
    return ""


@dataclass(frozen=True, slots=True)
class VerdictGroup:
    """Verdicts of one OS release whose arches all got the same answer."""

    release_id: str
    arches: tuple[str, ...]
    verdict: Verdict

    @property
    def label(self) -> str:
        if len(self.arches) == 1:
            return f"{self.release_id}/{self.arches[0]}"
        return f"{self.release_id} ({', '.join(self.arches)})"


def group_verdicts(verdicts: Iterable[Verdict], sort_by_status: bool = True) -> list[VerdictGroup]:
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
    seen: list[Flag] = []
    for flags in flag_sets:
        for f in flags:
            if f not in seen:
                seen.append(f)
    return [(f.value, f.explanation) for f in seen]


def flag_words(flags: Iterable[Flag]) -> str:
    return ", ".join(f.value for f in flags)


def version_cell(v: Verdict) -> str:
    if not v.version:
        return "-"
    return (">= " if Flag.LOWER_BOUND in v.flags else "") + v.version


def unknown_summary(verdicts: Iterable[Verdict]) -> list[tuple[str, list[str]]]:
    """Unknown verdicts as (short reason, release ids): long lists of 'no data' read badly."""
    by_reason: dict[str, list[str]] = {}
    for v in verdicts:
        if Flag.LOWER_BOUND in v.flags or v.cause is Cause.LOWER_BOUND:
            key = "only an old observation of a rolling tree (a lower bound)"
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
    if res.data_ends_on is None:
        return ""
    return (f"lifecycle data runs out on {res.data_ends_on}: no known release of {', '.join(res.data_ends_oses)} "
            "is supported from then on (refresh lifecycles to see successors)")


def sources_line(sources) -> str:
    dated = [s.as_of for s in sources if s.as_of]
    if not dated:
        return ""
    return (f"Data: {len(sources)} sources, newest as of {max(dated)}, oldest {min(dated)} "
            "(`canirequire sources` lists them).")


def risk_flags(v: Verdict) -> list[Flag]:
    return [f for f in v.flags if f.is_risk]
