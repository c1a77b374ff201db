"""Version history of one file in a git tree, from a forge's commits API.

Ports trees and formula repositories keep one file per package whose content
names the version: FreeBSD ports and OpenBSD ports Makefiles, pkgsrc
Makefiles, Homebrew formulae, Alpine APKBUILDs. The forge lists the commits
that touched the file, newest first:

- GitHub (https://docs.github.com/en/rest/commits/commits#list-commits,
  ``GET /repos/{owner}/{repo}/commits?path=&since=&per_page=&page=``): a JSON
  array of ``{"sha", "commit": {"committer": {"date"}, "message"}}``.
- GitLab (https://docs.gitlab.com/api/commits/#list-repository-commits,
  ``GET /projects/:id/repository/commits?ref_name=&path=&since=&per_page=&page=``):
  a JSON array of ``{"id", "committed_date", "message"}``.

A commit date is when the version entered that branch (an arrival in the
tree; binary packages follow after the builders run). The first version in
the window may be older than the window: it is only a sighting.

Reading the file at every commit would cost one request per commit, so the
versions are settled with as few reads as the history allows: a first line
that announces "update to 1.83.0" (or Homebrew's "rust 1.83.0") is taken at
its word, the file is read at the oldest and the newest commit, and wherever
two known points disagree with no announcement between them, the change is
found by bisection. This assumes a tree never goes back to an older version
between two commits that agree, which is how ports trees move.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from ..model import Channel, PackageFact
from .errors import SourceFormatError, json_payload

PAGE_SIZE = 100  # the most either forge returns per page


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit that touched a file: its hash, day and title."""

    sha: str
    day: dt.date
    title: str  # the message's first line


def _day(value: object, where: str) -> dt.date:
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(dt.timezone.utc).date()
    except ValueError:
        raise SourceFormatError(f"{where}: {value!r} is not an ISO date-time") from None


def _array(payload: bytes | str, where: str) -> list:
    data = json_payload(payload, where)
    if not isinstance(data, list):
        raise SourceFormatError(f"{where}: expected a JSON array of commits (has the API's format changed?)")
    return data


def parse_github_commits(payload: bytes | str, where: str) -> list[Commit]:
    """GitHub's commits API response (a JSON array) as commits."""
    out = []
    for i, item in enumerate(_array(payload, where)):
        commit = item.get("commit") if isinstance(item, dict) else None
        committer = commit.get("committer") if isinstance(commit, dict) else None
        if not isinstance(item.get("sha") if isinstance(item, dict) else None, str) or not isinstance(committer, dict):
            raise SourceFormatError(f"{where} commit #{i + 1}: lacks 'sha' or 'commit.committer'")
        out.append(Commit(item["sha"], _day(committer.get("date"), where),
                          str(commit.get("message") or "").split("\n", 1)[0]))
    return out


def parse_gitlab_commits(payload: bytes | str, where: str) -> list[Commit]:
    """GitLab's repository commits API response (a JSON array) as commits."""
    out = []
    for i, item in enumerate(_array(payload, where)):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or "committed_date" not in item:
            raise SourceFormatError(f"{where} commit #{i + 1}: lacks 'id' or 'committed_date'")
        out.append(Commit(item["id"], _day(item["committed_date"], where),
                          str(item.get("title") or item.get("message") or "").split("\n", 1)[0]))
    return out


_VERSION = r"v?(\d+(?:\.\d+)+[a-z]?\d*)"
_ANNOUNCED = re.compile(r"\b(?:update|upgrade|bump)(?:s|d|ed)?\b.*?\bto\s+(?:version\s+)?(?:[\w.+-]+-)?" + _VERSION
                        + r"\b", re.IGNORECASE)


def announced_version(title: str, package: str) -> str | None:
    """The version a commit's first line says the file now has: "lang/rust: Update to 1.83.0",
    "community/rust: upgrade to 1.83.0", "update to rust-1.83.0", or Homebrew's "rust 1.83.0"."""
    m = re.match(rf"^{re.escape(package)}:?\s+{_VERSION}\s*$", title.strip())
    if m:
        return m.group(1)
    m = _ANNOUNCED.search(title)
    return m.group(1) if m else None


_MAKE_VARS = ("PORTVERSION", "DISTVERSION", "V", "VERSION", "MODPY_DISTV", "GH_TAGNAME")


def version_in_file(text: str, kind: str) -> str | None:
    """The version a package file sets, or None when it is computed in a way not read here."""
    if kind == "apkbuild":
        m = re.search(r"^pkgver=[\"']?([^\s\"']+)", text, re.MULTILINE)
        return m.group(1) if m and "$" not in m.group(1) else None
    if kind == "formula":
        m = re.search(r'^\s*version\s+"([^"]+)"', text, re.MULTILINE)
        if m:
            return m.group(1)
        m = re.search(r'^\s*url\s+"[^"]*?[-_/]v?(\d+(?:\.\d+)+)(?:-src)?\.(?:tar|tgz|zip)', text, re.MULTILINE)
        return m.group(1) if m else None
    if kind == "makefile":
        for var in _MAKE_VARS:
            m = re.search(rf"^{var}\s*\??=\s*v?(\d[^\s#]*)", text, re.MULTILINE)
            if m and "$" not in m.group(1):
                return m.group(1)
        m = re.search(r"^DISTNAME\s*\??=\s*\S*?-v?(\d+(?:\.\d+)+[a-z]?\d*)(?:-src)?\s*$", text, re.MULTILINE)
        return m.group(1) if m else None
    raise ValueError(f"unknown package file kind {kind!r}")


def settle_versions(commits: list[Commit], package: str, read_version: Callable[[int], str | None]
                    ) -> list[str | None]:
    """The version after each commit (oldest first), reading the file (``read_version(i)``) as
    seldom as the history allows; None where it cannot be told."""
    n = len(commits)
    known: dict[int, str | None] = {}
    announced = {i: v for i, c in enumerate(commits) if (v := announced_version(c.title, package))}
    read: dict[int, str | None] = {}

    def at(i: int) -> str | None:
        if i not in read:
            read[i] = read_version(i)
        return read[i]

    if n == 0:
        return []
    for i in (0, n - 1):
        known[i] = at(i)
    known.update({i: v for i, v in announced.items() if i not in known})

    def fill(lo: int, hi: int) -> None:
        """Versions strictly between two known points."""
        if hi - lo <= 1:
            return
        a, b = known[lo], known[hi]
        if a is not None and a == b:
            for i in range(lo + 1, hi):
                known[i] = a
            return
        mid = (lo + hi) // 2
        known[mid] = at(mid)
        fill(lo, mid)
        fill(mid, hi)

    points = sorted(known)
    for lo, hi in zip(points, points[1:]):
        fill(lo, hi)
    return [known.get(i) for i in range(n)]


def history_facts(commits: list[Commit], versions: list[str | None], *, os_id: str, release: str,
                  dependency: str, package: str, tree: str, path: str, read_on: dt.date,
                  source_id: str) -> list[PackageFact]:
    """One fact per version the file went through (oldest first): arrived with the first commit
    that set it, except the window's first version, which is only seen from its first commit."""
    facts: list[PackageFact] = []
    runs: list[tuple[str, int, int]] = []  # version, first commit, last commit
    for i, v in enumerate(versions):
        if v is None:
            continue
        if runs and runs[-1][0] == v:
            runs[-1] = (v, runs[-1][1], i)
        else:
            runs.append((v, i, i))
    for n, (version, first, last) in enumerate(runs):
        c = commits[first]
        newest = n == len(runs) - 1
        arrived = n > 0 and versions[first - 1] is not None  # the commit before it had another version
        facts.append(PackageFact(
            os=os_id, release=release, dependency=dependency, package=package, version=version,
            channel=Channel.MAIN,
            source=f"{tree} git history of {path}: {version} from commit {c.sha[:12]} ({c.day})",
            as_of=read_on if newest else commits[last].day,
            valid_from=c.day if arrived else None,
            seen_from=None if arrived else c.day,
            source_id=source_id,
        ))
    return facts
