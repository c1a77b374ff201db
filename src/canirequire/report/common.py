"""Helpers shared by the output formats (no format-specific code here)."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.results import FLAG_TEXT, MISSING, OK, TOO_OLD, UNKNOWN, Verdict

STATUS_ORDER = {MISSING: 0, TOO_OLD: 1, UNKNOWN: 2, OK: 3}
STATUS_WORD = {OK: "ok", TOO_OLD: "too old", MISSING: "missing", UNKNOWN: "unknown"}


@dataclass(frozen=True)
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


def group_verdicts(verdicts: tuple[Verdict, ...] | list[Verdict], sort_by_status: bool = True) -> list[VerdictGroup]:
    groups: dict[tuple, list[Verdict]] = {}
    for v in verdicts:
        key = (
            v.platform.release_id, v.status, v.version, v.package, v.channel, v.flags,
            v.reason.replace(v.platform.arch, "{arch}"),
        )
        groups.setdefault(key, []).append(v)
    out = [VerdictGroup(vs[0].platform.release_id, tuple(v.platform.arch for v in vs), vs[0]) for vs in groups.values()]
    if sort_by_status:
        out.sort(key=lambda g: (STATUS_ORDER.get(g.verdict.status, 9), g.release_id, g.arches))
    return out


def flag_legend(flag_sets) -> list[tuple[str, str]]:
    seen = []
    for flags in flag_sets:
        for f in flags:
            if f not in seen:
                seen.append(f)
    return [(f, FLAG_TEXT.get(f, f)) for f in seen]


def version_cell(v: Verdict) -> str:
    if not v.version:
        return "-"
    text = v.version
    if "lower-bound" in v.flags:
        text = ">= " + text
    return text


def unknown_summary(verdicts) -> list[tuple[str, list[str]]]:
    """Unknown verdicts as (short reason, release ids): long lists of 'no data' read badly."""
    by_reason: dict[str, list[str]] = {}
    for v in verdicts:
        if "lower-bound" in v.flags or v.reason.startswith("at least"):
            key = "only an old observation of a rolling tree (a lower bound)"
        elif v.reason.startswith("no data"):
            key = "no data"
        elif v.reason.startswith("no usable data"):
            key = "only undated or later observations"
        else:
            key = v.reason
        ids = by_reason.setdefault(key, [])
        if v.platform.release_id not in ids:
            ids.append(v.platform.release_id)
    return list(by_reason.items())


def short_note(v: Verdict) -> str:
    """What the table's last column says beyond status/version/package."""
    parts = []
    if v.status in (MISSING,):
        parts.append(v.reason)
    elif ";" in v.reason:
        parts.append(v.reason.split(";", 1)[1].strip())
    if v.flags:
        parts.append(", ".join(v.flags))
    return "; ".join(parts)


def cell_marks(v: Verdict) -> str:
    """One-letter marks for matrix cells: a alternate, ~ assumed since release, ? secondary/undated,
    3 tier 3, u untested."""
    marks = ""
    if "alternate" in v.flags:
        marks += "a"
    if "assumed" in v.flags and not any(f in v.flags for f in ("secondary", "undated")):
        marks += "~"
    if any(f in v.flags for f in ("secondary", "undated")):
        marks += "?"
    if "tier-3" in v.flags:
        marks += "3"
    if "untested" in v.flags:
        marks += "u"
    return marks


def compact_ids(platform_ids) -> str:
    """debian-12/x86_64, debian-12/aarch64 -> debian-12 (x86_64, aarch64)."""
    by_release: dict[str, list[str]] = {}
    for pid in dict.fromkeys(platform_ids):
        rel, _, arch = pid.partition("/")
        by_release.setdefault(rel, []).append(arch)
    return "; ".join(f"{rel} ({', '.join(a)})" if len(a) > 1 else f"{rel}/{a[0]}" for rel, a in by_release.items())
