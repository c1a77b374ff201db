"""Repology: API v1 project responses -> package facts.

Repository ids (``debian_12``, ``ubuntu_24_04_backports``, ``freebsd``,
``pkgsrc_2026_1``, ``msys2_clangarm64`` ...) map onto canirequire's
(os, release, channel) through a catalog built from Repology's own
repository list (repos.d, rendered). ``valid_till`` in that list is
Repology's retention date, not a vendor's end of support, and is not used
as one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Iterable

from ..facts.model import PackageFact, RepoEntry
from ..versions.distro import looks_like_alternate
from .errors import SourceFormatError

API_BASE = "https://repology.org/api/v1"

# (pattern on the repo id, os, release template, channel, arches). First match wins;
# os None = a repository canirequire deliberately ignores (proposed, testing, casks).
_RULES: list[tuple[str, str | None, str, str, str]] = [
    (r"debian_(\d+)_backports(_sloppy)?$", "debian", r"\1", "backports", ""),
    (r"debian_(\d+)$", "debian", r"\1", "main", ""),
    (r"debian_unstable$", "debian", "unstable", "main", ""),
    (r"debian_experimental$", None, "", "", ""),
    (r"ubuntu_(\d+)_(\d+)_backports$", "ubuntu", r"\1.\2", "backports", ""),
    (r"ubuntu_(\d+)_(\d+)_proposed$", None, "", "", ""),
    (r"ubuntu_(\d+)_(\d+)$", "ubuntu", r"\1.\2", "main", ""),
    (r"fedora_rawhide$", "fedora", "rawhide", "main", ""),
    (r"fedora_(\d+)$", "fedora", r"\1", "main", ""),
    (r"epel_(\d+)$", "epel", r"\1", "main", ""),
    (r"centos_stream_(\d+)$", "centos-stream", r"\1", "main", ""),
    (r"centos_(\d+)$", "centos", r"\1", "main", ""),
    (r"almalinux_(\d+)$", "almalinux", r"\1", "main", ""),
    (r"rocky_(\d+)$", "rocky", r"\1", "main", ""),
    (r"eurolinux_(\d+)$", "eurolinux", r"\1", "main", ""),
    (r"ubi_(\d+)$", "rhel", r"\1", "main", ""),
    (r"opensuse_leap_(\d+)_(\d+)$", "opensuse-leap", r"\1.\2", "main", ""),
    (r"opensuse_tumbleweed$", "opensuse-tumbleweed", "rolling", "main", ""),
    (r"alpine_(\d+)_(\d+)$", "alpine", r"\1.\2", "main", ""),
    (r"alpine_edge$", "alpine", "edge", "main", ""),
    (r"arch$", "arch", "rolling", "main", "x86_64"),
    (r"archlinuxarm_aarch64$", "arch", "rolling", "main", "aarch64"),
    (r"archlinux32_i686$", "arch", "rolling", "main", "i686"),
    (r"archpower_powerpc64le$", "arch", "rolling", "main", "ppc64le"),
    (r"arch_testing$|archlinux32_.*|archpower_.*", None, "", "", ""),
    (r"freebsd$", "freebsd", "rolling", "main", ""),
    (r"openbsd$", "openbsd", "rolling", "main", ""),
    (r"pkgsrc_current$", "pkgsrc", "rolling", "main", ""),
    (r"pkgsrc_(\d{4})_(\d)$", "pkgsrc", r"\1Q\2", "main", ""),
    (r"homebrew$", "homebrew", "rolling", "main", ""),
    (r"homebrew_casks$", None, "", "", ""),
    (r"macports$", "macports", "rolling", "main", ""),
    (r"msys2_mingw$", "msys2", "rolling", "main", "x86_64 i686"),
    (r"msys2_ucrt64$|msys2_clang64$", "msys2", "rolling", "main", "x86_64"),
    (r"msys2_clangarm64$", "msys2", "rolling", "main", "aarch64"),
    (r"msys2_msys2$", None, "", "", ""),
]



def build_catalog(rendered: list[dict], *, source: str) -> list[RepoEntry]:
    """Repology's rendered repository list -> catalog entries."""
    if not isinstance(rendered, list):
        raise SourceFormatError(f"{source}: expected a list of repositories")
    out = []
    for item in rendered:
        if not isinstance(item, dict) or "name" not in item:
            raise SourceFormatError(f"{source}: repository entry without a name: {item!r}"[:200])
        name = item["name"]
        for pattern, os_id, rel, channel, arches in _RULES:
            m = re.match(pattern, name)
            if not m:
                continue
            if os_id is None:
                break
            out.append(RepoEntry(
                repology=name, os=os_id, release=m.expand(rel), channel=channel,
                arches=tuple(arches.split()) or None, description=str(item.get("desc", "")),
                valid_till=str(item.get("valid_till") or ""), source=source,
            ))
            break
    return sorted(out, key=lambda e: e.repology)


@dataclass(frozen=True)
class RepologyPackage:
    repo: str
    version: str
    subrepo: str = ""
    srcname: str = ""
    binname: str = ""
    binnames: tuple[str, ...] = ()
    visiblename: str = ""
    origversion: str | None = None
    status: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        names = [self.srcname, self.binname, self.visiblename, *self.binnames]
        return tuple(dict.fromkeys(n for n in names if n))


class UnknownProject(ValueError):
    """Repology answered [] : it knows no project by this name (not the same as 'not packaged')."""


def parse_project(payload: bytes | str | Any, *, project: str) -> list[RepologyPackage]:
    where = f"Repology /api/v1/project/{project}"
    if isinstance(payload, (bytes, str)):
        try:
            payload = json.loads(payload)
        except (ValueError, UnicodeDecodeError) as exc:
            raise SourceFormatError(f"{where}: response is not JSON: {exc}") from None
    if not isinstance(payload, list):
        raise SourceFormatError(f"{where}: expected a JSON array of packages, got {type(payload).__name__}")
    if not payload:
        raise UnknownProject(f"Repology knows no project named {project!r}")
    out = []
    for i, item in enumerate(payload):
        if not isinstance(item, dict):
            raise SourceFormatError(f"{where}: package #{i + 1} is not an object")
        repo, version = item.get("repo"), item.get("version")
        if not isinstance(repo, str) or not isinstance(version, str):
            raise SourceFormatError(f"{where}: package #{i + 1} lacks the mandatory 'repo'/'version' strings")
        binnames = item.get("binnames") or ()
        out.append(RepologyPackage(
            repo=repo, version=version, subrepo=str(item.get("subrepo") or ""),
            srcname=str(item.get("srcname") or ""), binname=str(item.get("binname") or ""),
            binnames=tuple(str(b) for b in binnames) if isinstance(binnames, list) else (),
            visiblename=str(item.get("visiblename") or ""),
            origversion=item.get("origversion") if isinstance(item.get("origversion"), str) else None,
            status=str(item.get("status") or ""),
        ))  # unknown keys are ignored: the API documents only repo and version as mandatory
    return out


def _subrepo_channel(subrepo: str, default: str) -> str | None:
    s = subrepo.lower()
    if "proposed" in s:
        return None
    if "backports" in s:
        return "backports"
    if "security" in s:
        return "security"
    if "updates" in s:
        return "updates"
    return default


def to_facts(
    packages: Iterable[RepologyPackage],
    *,
    dependency: str,
    project: str,
    catalog: dict[str, RepoEntry],
    fetched: dt.date,
    name_filter=None,
) -> tuple[list[PackageFact], set[str]]:
    """Package facts, one per package Repology lists; and the repo ids it could not map.

    ``name_filter(os_id, names) -> bool`` keeps only packages the project installs.
    """
    facts, unmapped = [], set()
    for p in packages:
        entry = catalog.get(p.repo)
        if entry is None:
            unmapped.add(p.repo)
            continue
        if not p.version or not any(ch.isdigit() for ch in p.version):
            continue
        channel = _subrepo_channel(p.subrepo, entry.channel)
        if channel is None:
            continue
        name = p.binname or p.srcname or p.visiblename or project
        if name_filter is not None and not name_filter(entry.os, entry.release, p.names):
            continue
        if channel in ("main", "updates", "security") and any(looks_like_alternate(n) for n in (name, p.srcname) if n):
            channel = "alternate"
        facts.append(PackageFact(
            os=entry.os, release=entry.release, dependency=dependency, package=name,
            version=p.version, orig_version=p.origversion or p.version, channel=channel,
            source=f"Repology {p.repo}{'/' + p.subrepo if p.subrepo else ''} project {project} "
                   f"({p.srcname or name}, status {p.status or '?'})",
            as_of=fetched, arches=entry.arches,
        ))
    return facts, unmapped


def names_match(patterns: tuple[str, ...] | None, names: tuple[str, ...]) -> bool:
    if patterns is None:
        return True
    return any(fnmatchcase(n, p) for n in names for p in patterns if not p.startswith("external:"))
