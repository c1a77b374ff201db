"""CSV output for the tabular answers (platforms, check, floor, matrix): one
row per platform (and dependency), for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..engine import results as r
from .view import flag_words, reason

VERDICT_COLUMNS = ["platform", "release", "arch", "dependency", "required", "status", "version", "package",
                   "channel", "repo", "as_of", "flags", "tier", "ci", "rule", "until", "reason", "source",
                   "target", "target_exists", "open_friction", "component", "baseline"]
PLATFORM_COLUMNS = ["platform", "release", "os", "arch", "rule", "until", "until_reason", "component"]
COMPARE_COLUMNS = ["platform", "release", "arch", "dependency", "status", "version", "baseline", "baseline_status",
                   "baseline_versions", "coverage", "component"]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _verdict_row(v: r.Verdict, component: str = "", baseline: bool = False) -> list[str]:
    tier = v.tier if v.tier and v.tier.target else None
    return [v.platform.id, v.platform.release_id, v.platform.arch, v.dependency, v.required or "", v.status.value,
            v.version or "", v.package, v.channel.value if v.channel else "", v.repo,
            v.as_of.isoformat() if v.as_of else "", flag_words(v.flags).replace(", ", " "),
            tier.label if tier else "", v.ci, v.platform.rule,
            v.platform.until.isoformat() if v.platform.until else "", reason(v), v.source,
            tier.target if tier else "", _yes_no(tier.exists) if tier else "",
            str(len(tier.open_friction)) if tier else "", component, "yes" if baseline else ""]


def _platforms(result: r.PlatformsResult, w) -> None:
    w.writerow(PLATFORM_COLUMNS)
    for p in result.supported:
        w.writerow([p.id, p.release_id, p.os, p.arch, p.rule, p.until.isoformat() if p.until else "", p.until_reason,
                    result.component])


def _verdicts(result, w) -> None:
    w.writerow(VERDICT_COLUMNS)
    for v in result.verdicts:
        w.writerow(_verdict_row(v, result.component))


def _matrix(result: r.MatrixResult, w) -> None:
    w.writerow(VERDICT_COLUMNS)
    for row in result.cells:
        for v in row:
            w.writerow(_verdict_row(v, result.component, v.dependency in result.baseline))


def _compare(result: r.CompareResult, w) -> None:
    w.writerow(COMPARE_COLUMNS)
    for row in result.rows:
        v = row.verdict
        w.writerow([row.platform.id, row.platform.release_id, row.platform.arch, v.dependency, v.status.value,
                    v.version or "", " ".join(result.baseline), row.baseline_status.value,
                    " ".join(f"{b.dependency}={b.version or b.status.value}" for b in row.baseline),
                    row.coverage.value, result.component])


RENDERERS = {"PlatformsResult": _platforms, "CheckResult": _verdicts, "FloorResult": _verdicts, "MatrixResult": _matrix,
             "CompareResult": _compare}


def unsupported_message(result: Any) -> str:
    """Which results CSV can render, for an error message."""
    kind = type(result).__name__.replace("Result", "").replace("View", "").lower()
    return f"CSV output is available for platforms, check, floor, matrix and compare, not for {kind}"


def render(result: Any) -> str:
    """The result as CSV (platforms, check, floor, matrix, compare)."""
    buf = io.StringIO()
    RENDERERS[type(result).__name__](result, csv.writer(buf, lineterminator="\n"))
    return buf.getvalue()
