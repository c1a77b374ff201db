"""Debian archive observations: per-architecture indices and changelog history.

``debian-arch-versions.csv`` says which version each suite ships on each
architecture today; ``debian-changelog-history.csv`` says when each version
was uploaded. Together they turn "bookworm has rustc-web 1.85" into "bookworm
had rustc-web 1.70 from 2024-02, 1.78 from 2024-08, 1.85 from 2025-07, and
never had 1.78 on mips64el".
"""

from __future__ import annotations

import csv
import re
import datetime as dt
import io
from collections import defaultdict
from dataclasses import replace

from ..model import Channel, Flag, PackageFact, normalize_arch
from ..versions.libversion import compare
from .errors import SourceFormatError

ARCH_COLUMNS = (
    "distro",
    "release",
    "suite",
    "channel",
    "arch",
    "package_name",
    "package_upstream",
    "version",
    "origversion",
    "as_of_date",
    "source",
)
HISTORY_COLUMNS = ("package_name", "version", "upstream_version", "distribution", "date", "source")

# Debian suite name -> (release, channel). Stable codenames receive uploads
# through proposed-updates, folded into the suite at point releases.
SUITES = {
    "bullseye": ("11", "main"),
    "bullseye-updates": ("11", "updates"),
    "bullseye-security": ("11", "security"),
    "bullseye-backports": ("11", "backports"),
    "bookworm": ("12", "main"),
    "bookworm-updates": ("12", "updates"),
    "bookworm-security": ("12", "security"),
    "bookworm-backports": ("12", "backports"),
    "trixie": ("13", "main"),
    "trixie-updates": ("13", "updates"),
    "trixie-security": ("13", "security"),
    "trixie-backports": ("13", "backports"),
    "forky": ("testing", "main"),
    "unstable": ("unstable", "main"),
    "sid": ("unstable", "main"),
}
# Source package name in a changelog -> (binary package name, dependency).
SOURCE_TO_BINARY = {
    "rustc": ("rustc", "rust"),
    "rustc-web": ("rustc-web", "rust"),
    "rustc-mozilla": ("rustc-mozilla", "rust"),
    "rust-bindgen": ("bindgen", "bindgen"),
}


def _rows(text: str, path: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceFormatError(f"{path}:1: missing column(s): {', '.join(missing)}")
    return [(n, {k: (v or "").strip() for k, v in row.items() if k}) for n, row in enumerate(reader, start=2)]


def _date(value: str, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SourceFormatError(f"{where}: not a YYYY-MM-DD date: {value!r}") from None


def read_arch_versions(text: str, path: str, alternates: set[str]) -> list[PackageFact]:
    """One fact per (release, channel, package, version), with the arches it is built on."""
    groups: dict[tuple[str, str, str, str], dict] = {}
    rows = _rows(text, path, ARCH_COLUMNS)
    indexed: dict[str, set[str]] = {}
    for _, row in rows:
        indexed.setdefault(row["suite"], set()).add(normalize_arch(row["arch"]))
    for line_no, row in rows:
        where = f"{path}:{line_no}"
        if row["distro"] != "debian":
            raise SourceFormatError(f"{where}: only Debian rows are expected, got {row['distro']!r}")
        channel = row["channel"]
        if row["package_name"] in alternates and channel in ("main", "updates", "security"):
            channel = "alternate"
        key = (row["release"], channel, row["package_name"], row["version"])
        g = groups.setdefault(
            key,
            {"arches": set(), "stale": set(), "as_of": None, "orig": row["origversion"], "suites": set(),
             "dependency": row["package_upstream"]},
        )
        arch = normalize_arch(row["arch"])
        g["arches"].add(arch)
        g["suites"].add(row["suite"])
        as_of = _date(row["as_of_date"], where)
        if "STALE" in row["source"].upper() or as_of is None:
            g["stale"].add(arch)
        if as_of and (g["as_of"] is None or as_of > g["as_of"]):
            g["as_of"] = as_of
    facts = []
    for (release, channel, package, version), g in sorted(groups.items()):
        verified = sorted(g["arches"] - g["stale"])
        stale = sorted(g["stale"])
        detail = ", ".join(verified)
        if stale:
            detail += ("; " if detail else "") + "STALE index: " + ", ".join(stale)
        facts.append(
            PackageFact(
                os="debian",
                release=release,
                dependency=g["dependency"],
                package=package,
                version=version,
                orig_version=g["orig"],
                channel=Channel(channel),
                source=f"Debian archive Packages {'/'.join(sorted(g['suites']))}/main ({detail})",
                as_of=g["as_of"],
                arches=tuple(sorted(g["arches"])),
                arches_checked=tuple(sorted(set().union(*(indexed[x] for x in g["suites"])))),
                quality=() if verified else (Flag.STALE_INDEX,),
            )
        )
    return facts


def read_changelog_history(text: str, path: str, alternates: set[str]) -> list[PackageFact]:
    """Validity intervals from dated changelog entries, per suite lineage.

    An upload to a stable codename reaches users at the next point release,
    so its date is a lower bound ("upload-date" quality). The first entry of
    a stable lineage only opens an interval when it introduced the package
    into that release (a "~debNuM" backport-style version); otherwise what the
    release had before it is unknown and the interval stays open-ended.
    """
    seqs: dict[tuple[str, str, str, str], list[tuple[dt.date, str, str, str]]] = defaultdict(list)
    for line_no, row in _rows(text, path, HISTORY_COLUMNS):
        where = f"{path}:{line_no}"
        suite = SUITES.get(row["distribution"])
        binary = SOURCE_TO_BINARY.get(row["package_name"])
        if suite is None or binary is None:
            continue
        date = _date(row["date"], where)
        if date is None:
            continue
        release, channel = suite
        package, dep = binary
        seqs[(release, channel, package, dep)].append((date, row["upstream_version"], row["version"], row["source"]))
    facts: list[PackageFact] = []
    for (release, channel, package, dep), entries in seqs.items():
        entries.sort(key=lambda e: (e[0], e[2]))
        # Collapse consecutive entries of one upstream version: the first upload opens it.
        steps: list[tuple[dt.date, str, str, str]] = []
        for e in entries:
            if steps and compare(steps[-1][1], e[1]) == 0:
                continue
            steps.append(e)
        stable = release not in ("unstable", "testing")
        eff_channel = "alternate" if package in alternates and channel in ("main", "updates", "security") else channel
        for i, (date, upstream, raw, src) in enumerate(steps):
            valid_to = steps[i + 1][0] if i + 1 < len(steps) else None
            introduced = "~deb" in raw or "~bpo" in raw or not stable or channel in ("security", "backports")
            # A "+debNuM" version is a stable update, never what the release shipped with: an arrival.
            valid_from = date if (i > 0 or introduced or _STABLE_UPDATE.search(raw)) else None
            facts.append(
                PackageFact(
                    os="debian",
                    release=release,
                    dependency=dep,
                    package=package,
                    version=upstream,
                    orig_version=raw,
                    channel=Channel(eff_channel),
                    source=f"Debian changelog: {raw} uploaded to {_suite_name(release, channel)} on {date} ({src})",
                    as_of=valid_to or date,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    quality=(Flag.UPLOAD_DATE,) if stable and channel == "main" else (),
                    introduced=i == 0 and introduced and valid_from is not None,
                )
            )
    return facts


_STABLE_UPDATE = re.compile(r"[+~]deb\d+u\d+")


def read_point_releases(text: str, path: str) -> dict[str, tuple[tuple[str, dt.date], ...]]:
    """debian-point-releases.csv: per release, its point releases (the x.0 is the release itself), oldest first."""
    points: dict[str, list[tuple[str, dt.date]]] = defaultdict(list)
    for line_no, row in _rows(text, path, ("release", "point", "date")):
        day = _date(row["date"], f"{path}:{line_no}")
        if day is not None:
            points[row["release"].strip()].append((row["point"].strip(), day))
    return {release: tuple(sorted(rows, key=lambda r: r[1])) for release, rows in points.items()}


# Channels whose uploads go through proposed-updates: users get them with the next point release.
_POINT_RELEASE_CHANNELS = (Channel.MAIN, Channel.UPDATES, Channel.ALTERNATE)


def reaches_users(facts: list[PackageFact], points: dict[str, tuple[tuple[str, dt.date], ...]]) -> list[PackageFact]:
    """Date Debian stable uploads by when users got them.

    An upload to ``<suite>`` (proposed-updates) reaches users with the next point release after it;
    one to ``<suite>-security`` or ``-backports`` at once. An upload after the last point release the
    data names is only known not to have been there before it: from then on, until a sighting in the
    suite, it is unknown. Dates at or before the release itself are its contents, left as they are.
    """
    out = []
    for f in facts:
        rows = points.get(f.release) if f.os == "debian" else None
        if not rows or f.channel not in _POINT_RELEASE_CHANNELS:
            out.append(f)
            continue
        release_day = rows[0][1]
        changes = {}
        if f.valid_from and f.valid_from > release_day:
            nxt = next(((point, day) for point, day in rows if day > f.valid_from), None)
            if nxt is not None:
                changes.update(valid_from=nxt[1], source=f"{f.source}; reached users with point release "
                                                         f"{nxt[0]} on {nxt[1]} (debian-point-releases.csv)",
                               quality=tuple(q for q in f.quality if q is not Flag.UPLOAD_DATE) + (Flag.POINT_RELEASE,))
            else:
                sighting = f.as_of if f.as_of and f.as_of != f.valid_from and f.as_of != f.valid_to else None
                changes.update(valid_from=None, absent_on=f.valid_from, as_of=sighting, introduced=False,
                               source=f"{f.source}; uploaded {f.valid_from}, after the last point release the data "
                                      f"names ({rows[-1][0]}, {rows[-1][1]}): when users got it is unknown",
                               quality=tuple(q for q in f.quality if q is not Flag.UPLOAD_DATE) + (Flag.ON_OR_AFTER,))
        if f.valid_to and f.valid_to > release_day:
            nxt = next((day for _, day in rows if day > f.valid_to), None)
            changes["valid_to"] = nxt  # held until users got its successor (open-ended past the known points)
        out.append(replace(f, **changes) if changes else f)
    return out


def _suite_name(release: str, channel: str) -> str:
    for name, value in SUITES.items():
        if value == (release, channel):
            return name
    return f"debian {release} {channel}"


def merge_debian(
    csv_facts: list[PackageFact], arch_facts: list[PackageFact], history: list[PackageFact]
) -> list[PackageFact]:
    """Combine the amd64 CSV rows, the per-arch indices and the changelog history.

    - A CSV row that a per-arch fact repeats is dropped: the per-arch one knows more.
    - A current fact takes its start date from the history when the history saw it arrive.
    - A historic version gets the arches whose current build is at least that version:
      an arch still on 1.70 today never received 1.78.
    """
    arch_keys = {(f.release, f.channel, f.package, f.version) for f in arch_facts}
    kept_csv = [
        f for f in csv_facts if not (f.os == "debian" and (f.release, f.channel, f.package, f.version) in arch_keys)
    ]
    current = [f for f in kept_csv if f.os == "debian"] + arch_facts
    hist_by_key: dict[tuple[str, str, str], list[PackageFact]] = defaultdict(list)
    for h in history:
        hist_by_key[(h.release, h.channel, h.package)].append(h)

    merged_current: list[PackageFact] = []
    used_history: set[int] = set()
    for f in current:
        match = None
        for h in hist_by_key.get((f.release, f.channel, f.package), []):
            if compare(h.version, f.version) == 0:
                match = h
        if match is not None:
            used_history.add(id(match))
            # Still current here even if the lineage moved on elsewhere (a
            # stranded build on one arch), so only the start date is taken.
            f = replace(
                f,
                valid_from=match.valid_from,
                orig_version=f.orig_version or match.orig_version,
                source=f"{f.source}; arrived: {match.source}",
                quality=f.quality or match.quality,
                introduced=match.introduced,
            )
        merged_current.append(f)

    # Newest build per (release, package, arch) today, across channels that are not backports.
    newest_on_arch: dict[tuple[str, str, str], str] = {}
    for f in arch_facts:
        if f.channel == "backports":
            continue
        for a in f.arches or ():
            k = (f.release, f.package, a)
            if k not in newest_on_arch or compare(f.version, newest_on_arch[k]) > 0:
                newest_on_arch[k] = f.version
    arches_of_release: dict[str, set[str]] = defaultdict(set)
    for f in arch_facts:
        arches_of_release[f.release].update(f.arches or ())

    extra: list[PackageFact] = []
    for h in history:
        if id(h) in used_history and h.valid_to is None:
            continue
        known = arches_of_release.get(h.release)
        if known and h.channel != "backports":
            built = tuple(
                sorted(
                    a
                    for a in known
                    if (h.release, h.package, a) in newest_on_arch
                    and compare(newest_on_arch[(h.release, h.package, a)], h.version) >= 0
                )
            )
            h = replace(h, arches=built, arches_checked=tuple(sorted(known)))
        extra.append(h)
    others = [f for f in kept_csv if f.os != "debian"]
    return others + merged_current + extra


def alternates_from(csv_facts: list[PackageFact]) -> set[str]:
    """Package names the observation file files as alternates (rustc-web, python3.11 ...)."""
    return {f.package for f in csv_facts if f.os == "debian" and f.channel == "alternate"}


# Canonical architecture -> Debian's name for it (the binary-<arch> directory of an archive).
DEBIAN_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "armv7": "armhf", "i686": "i386", "ppc64le": "ppc64el",
               "loongarch64": "loong64", "ppc": "powerpc"}


def debian_arch(arch: str) -> str:
    """The binary-<arch> name Debian uses for a canonical architecture (m68k stays m68k)."""
    return DEBIAN_ARCH.get(arch, arch)


def parse_packages(text: str, where: str) -> list[tuple[str, str, str]]:
    """(package, version, architecture) for each stanza of a Debian ``Packages`` index.

    Stanzas are separated by blank lines; continuation lines start with a space. A stanza
    without Package or Version is a damaged index, reported with its line.
    """
    out: list[tuple[str, str, str]] = []
    fields: dict[str, str] = {}
    start = 1
    for n, line in enumerate([*text.splitlines(), ""], start=1):
        if not line.strip():
            if fields:
                if "Package" not in fields or "Version" not in fields:
                    raise SourceFormatError(f"{where}:{start}: a Packages stanza without Package or Version")
                out.append((fields["Package"], fields["Version"], fields.get("Architecture", "")))
            fields, start = {}, n + 1
            continue
        if line[0] in " \t":
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise SourceFormatError(f"{where}:{n}: not a 'Field: value' line: {line[:60]!r}")
        fields[key.strip()] = value.strip()
    return out


def ports_facts(os_id: str, release: str, readings: dict[str, list[tuple[str, str, str]]],
                dependency_of, as_of: dt.date, source_id: str, base_url: str) -> list[PackageFact]:
    """Facts from the Packages indices of several architectures, read on one day.

    ``dependency_of(package)`` names the dependency a binary package provides (None: not wanted). Each (package, version)
    becomes one fact listing the architectures that have it, with every architecture read as
    ``arches_checked``: a port whose index lacks the package proves it "not built" there.
    Architecture "all" packages count for every port read.
    """
    from ..versions.distro import upstream_version_for_os

    checked = tuple(sorted(normalize_arch(a) for a in readings))
    found: dict[tuple[str, str], dict] = {}
    for arch, stanzas in readings.items():
        for package, raw, stanza_arch in stanzas:
            dep = dependency_of(package)
            if dep is None:
                continue
            g = found.setdefault((package, raw), {"dep": dep, "arches": set()})
            g["arches"].update(checked if stanza_arch == "all" else (normalize_arch(arch),))
    facts = []
    for (package, raw), g in sorted(found.items()):
        facts.append(PackageFact(
            os=os_id, release=release, dependency=g["dep"], package=package,
            version=upstream_version_for_os(raw, "debian"), orig_version=raw, channel=Channel.MAIN,
            source=f"Debian Ports Packages unstable/main ({', '.join(sorted(g['arches']))}) at {base_url}",
            as_of=as_of, arches=tuple(sorted(g["arches"])), arches_checked=checked, source_id=source_id))
    return facts
