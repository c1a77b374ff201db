"""CSV output for the tabular answers (platforms, check, floor, matrix): one
row per platform (and dependency), for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..engine import results as r
from .view import flag_words, reason

VERDICT_COLUMNS = ["platform", "release", "arch", "dependency", "required", "status", "version", "package",
                   "channel", "repo", "as_of", "flags", "tier", "ci", "rule", "until", "reason", "source"]
PLATFORM_COLUMNS = ["platform", "release", "os", "arch", "rule", "until", "until_reason"]


def _verdict_row(v: r.Verdict) -> list[str]:
    return [v.platform.id, v.platform.release_id, v.platform.arch, v.dependency, v.required or "", v.status.value,
            v.version or "", v.package, v.channel.value if v.channel else "", v.repo,
            v.as_of.isoformat() if v.as_of else "", flag_words(v.flags).replace(", ", " "),
            v.tier.label if v.tier and v.tier.target else "", v.ci, v.platform.rule,
            v.platform.until.isoformat() if v.platform.until else "", reason(v), v.source]


def _platforms(result: r.PlatformsResult, w) -> None:
    w.writerow(PLATFORM_COLUMNS)
    for p in result.supported:
        w.writerow([p.id, p.release_id, p.os, p.arch, p.rule, p.until.isoformat() if p.until else "", p.until_reason])


def _verdicts(result, w) -> None:
    w.writerow(VERDICT_COLUMNS)
    for v in result.verdicts:
        w.writerow(_verdict_row(v))


def _matrix(result: r.MatrixResult, w) -> None:
    w.writerow(VERDICT_COLUMNS)
    for row in result.cells:
        for v in row:
            w.writerow(_verdict_row(v))


RENDERERS = {r.PlatformsResult: _platforms, r.CheckResult: _verdicts, r.FloorResult: _verdicts, r.MatrixResult: _matrix}


def unsupported_message(result: Any) -> str:
    kind = type(result).__name__.replace("Result", "").replace("View", "").lower()
    return f"CSV output is available for platforms, check, floor and matrix, not for {kind}"


def render(result: Any) -> str:
    buf = io.StringIO()
    RENDERERS[type(result)](result, csv.writer(buf, lineterminator="\n"))
    return buf.getvalue()
