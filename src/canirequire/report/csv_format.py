"""CSV output for the tabular answers (platforms, check, floor, matrix): one
row per platform (and dependency), for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..engine import results as r

VERDICT_COLUMNS = ["platform", "release", "arch", "dependency", "required", "status", "version", "package",
                   "channel", "repo", "as_of", "flags", "tier", "ci", "rule", "until", "reason", "source"]
PLATFORM_COLUMNS = ["platform", "release", "os", "arch", "rule", "until", "until_reason"]


class NotTabular(TypeError):
    pass


def _verdict_row(v: r.Verdict) -> list[str]:
    return [v.platform.id, v.platform.release_id, v.platform.arch, v.dependency, v.required or "", v.status,
            v.version or "", v.package, v.channel, v.repo, v.as_of.isoformat() if v.as_of else "",
            " ".join(v.flags), v.tier.label if v.tier and v.tier.target else "", v.ci, v.platform.rule,
            v.platform.until.isoformat() if v.platform.until else "", v.reason, v.source]


def render(result: Any) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if isinstance(result, r.PlatformsResult):
        w.writerow(PLATFORM_COLUMNS)
        for p in result.supported:
            w.writerow([p.id, p.release_id, p.os, p.arch, p.rule, p.until.isoformat() if p.until else "",
                        p.until_reason])
    elif isinstance(result, (r.CheckResult, r.FloorResult)):
        w.writerow(VERDICT_COLUMNS)
        for v in result.verdicts:
            w.writerow(_verdict_row(v))
    elif isinstance(result, r.MatrixResult):
        w.writerow(VERDICT_COLUMNS)
        for row in result.cells:
            for v in row:
                w.writerow(_verdict_row(v))
    else:
        kind = type(result).__name__.replace("Result", "").replace("View", "").lower()
        raise NotTabular(f"CSV output is available for platforms, check, floor and matrix, not for {kind}")
    return buf.getvalue()
