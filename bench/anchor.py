#!/usr/bin/env python3
"""The anchor: the shortest plain-Python answer to one canirequire question.

    python bench/anchor.py            # check rust 1.77 --project qemu --on 2025-05-06

It reads the same embedded snapshot files (lifecycles.csv, packages.csv) with
nothing but the standard library and prints the failing platforms, one per
line. bench/run.py times canirequire against it, so the figures say what
canirequire's start-up, policy engine and rendering cost over the bare minimum
of reading the data and deciding.

Simplified against canirequire (what the anchor leaves out is what costs
canirequire its extra time, not what changes this answer; a test holds the
two failing sets equal):
- Policy: QEMU's rule only as "newest major for 5 years, previous major until
  2 years after the newer one or its end of life" for the OSes that use it, and
  until-EOL for Fedora and Alpine; no CentOS-dated-by-RHEL, no latest-minor
  caps, no Windows servicing channels, no components, no exceptions.
- Packages: the best version per release and architecture among rows dated on
  or before the date in the counted channels, from the release's own rows or
  the one repository that stands in for it (AlmaLinux for RHEL, pkgsrc for
  NetBSD, ...). A rolling repository's row only proves "at least"; a frozen
  release's undated row is assumed since the release. No point-release rule
  beyond the dates the snapshot already carries, no streams, no brackets, no
  tiers, no CI, no staleness.
- Version comparison: integer tuples (enough for rustc numbers), not libversion.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parent.parent / "src" / "canirequire" / "data" / "snapshot"
CHANNELS = {"main", "updates", "security", "alternate"}
# OS -> (rule, arches) as in presets/qemu.toml; "np" = newest-and-previous, "eol" = until EOL.
POLICY = {
    "debian": ("np", ["x86_64", "aarch64", "armv7", "i686", "mips64el", "ppc64le", "s390x"]),
    "ubuntu": ("np", ["x86_64", "aarch64", "armv7", "ppc64le", "riscv64", "s390x"]),
    "rhel": ("np", ["x86_64", "aarch64", "ppc64le", "s390x"]),
    "fedora": ("eol", ["x86_64", "aarch64", "ppc64le", "s390x"]),
    "alpine": ("eol", ["x86_64", "aarch64", "armv7", "ppc64le", "riscv64", "s390x"]),
    "freebsd": ("np", ["x86_64", "aarch64"]),
    "openbsd": ("np", ["x86_64", "aarch64"]),
}
# Where a release's packages come from when it has no rows of its own.
STAND_INS = {"rhel": ["almalinux", "rocky"], "freebsd": ["freebsd"]}
ROLLING = {"rolling", "current"}


def version(text: str) -> tuple[int, ...]:
    parts = []
    for chunk in text.replace("-", ".").split("."):
        digits = "".join(ch for ch in chunk if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def supported(on: dt.date) -> list[tuple[str, str]]:
    """(os, release) the simplified policy counts on ``on``."""
    majors: dict[str, dict[str, list[dict]]] = {}
    with open(SNAPSHOT / "lifecycles.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            released = date(row["release_date"])
            if row["os"] not in POLICY or released is None or released > on:
                continue
            if row["os"] == "ubuntu" and row["lts"] != "1":
                continue
            major = row["cycle"] if row["os"] in ("ubuntu", "openbsd", "alpine", "fedora") else row["cycle"].split(".")[0]
            majors.setdefault(row["os"], {}).setdefault(major, []).append(row)
    out = []
    for os_id, groups in majors.items():
        rule = POLICY[os_id][0]
        ordered = sorted(groups.items(), key=lambda kv: min(date(r["release_date"]) for r in kv[1]), reverse=True)
        for i, (major, rows) in enumerate(ordered):
            first = min(date(r["release_date"]) for r in rows)
            eol = max((date(r["eol"]) for r in rows if r["eol"]), default=None)
            if rule == "eol":
                keep = eol is None or on < eol
            elif i == 0:
                keep = on < first.replace(year=first.year + 5)
            elif i == 1:
                newer = min(date(r["release_date"]) for r in ordered[0][1])
                until = newer.replace(year=newer.year + 2)
                keep = on < (min(until, eol) if eol else until)
            else:
                keep = False
            if keep:
                out.append((os_id, major))
    return out


def best_versions(on: dt.date, dependency: str, releases: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
    """(os, release) -> rows that speak for ``on``: (version, arches or None, rolling)."""
    wanted = {}
    for os_id, release in releases:
        wanted[(os_id, release)] = (os_id, release)
        for stand_in in STAND_INS.get(os_id, []):
            wanted.setdefault((stand_in, release), (os_id, release))
    rows: dict[tuple[str, str], list] = {}
    with open(SNAPSHOT / "packages.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["dependency"] != dependency or row["channel"] not in CHANNELS:
                continue
            rel = row["release"].split(".")[0] if row["os"] in ("rhel", "almalinux", "rocky") else row["release"]
            target = wanted.get((row["os"], rel))
            if target is None:
                continue
            start = date(row["valid_from"])
            end = date(row["valid_to"])
            if start is not None and start > on or end is not None and end <= on:
                continue
            if start is None and row["release"] in ROLLING and (date(row["as_of"]) or on) > on:
                continue
            arches = row["arches"].split() if row["arches"] else None
            rows.setdefault(target, []).append((version(row["version"]), arches, row["release"] in ROLLING))
    return rows


def failing(on: dt.date, dependency: str, minimum: str) -> list[str]:
    need = version(minimum)
    releases = supported(on)
    rows = best_versions(on, dependency, releases)
    out = []
    for os_id, release in sorted(releases):
        for arch in POLICY[os_id][1]:
            found = [(v, rolling) for v, arches, rolling in rows.get((os_id, release), [])
                     if arches is None or arch in arches]
            if not found or any(v >= need for v, _ in found):
                continue  # no data (unknown) or ok
            if all(rolling for _, rolling in found):
                continue  # a rolling tree may have moved on: unknown, not failing
            out.append(f"{os_id}-{release}/{arch}")
    return out


if __name__ == "__main__":
    for platform in failing(dt.date(2025, 5, 6), "rust", "1.77"):
        print(platform)
    sys.exit(0)
