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
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Iterable

from ..model import Channel, PackageFact, RepoEntry
from ..model.catalog import RepologyRule
from ..versions.distro import looks_like_alternate
from .errors import SourceFormatError, json_payload

API_BASE = "https://repology.org/api/v1"


def build_catalog(rendered: list[dict], *, source: str, rules: tuple[RepologyRule, ...]) -> list[RepoEntry]:
    """Repology's rendered repository list -> catalog entries; the first rule whose pattern
    matches a repository id decides (rules with no OS mark repositories to ignore)."""
    if not isinstance(rendered, list):
        raise SourceFormatError(f"{source}: expected a list of repositories")
    out = []
    for item in rendered:
        if not isinstance(item, dict) or "name" not in item:
            raise SourceFormatError(f"{source}: repository entry without a name: {item!r}"[:200])
        name = item["name"]
        for rule in rules:
            m = rule.pattern.match(name)
            if not m:
                continue
            if not rule.os or rule.channel is None:
                break
            out.append(RepoEntry(
                repology=name, os=rule.os, release=m.expand(rule.release), channel=rule.channel,
                arches=rule.arches, description=str(item.get("desc", "")),
                valid_till=str(item.get("valid_till") or ""), source=source,
            ))
            break
    return sorted(out, key=lambda e: e.repology)


@dataclass(frozen=True)
class RepologyPackage:
    """One package entry of Repology's project API."""

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
    """Repology's /api/v1/project/NAME response as packages ([] means Repology knows no such project)."""
    where = f"Repology /api/v1/project/{project}"
    payload = json_payload(payload, where)
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


# Statuses Repology gives versions it does not trust (repology.org/docs/api): never a fact.
# "legacy" and "outdated" are real packages of real repositories, and stay.
DISTRUSTED = frozenset(("noscheme", "incorrect", "untrusted", "ignored"))


def distrusted(packages: Iterable[RepologyPackage]) -> list[RepologyPackage]:
    """The entries ``to_facts`` leaves out because Repology distrusts their version."""
    return [p for p in packages if p.status in DISTRUSTED]


def _subrepo_channel(subrepo: str, default: Channel) -> Channel | None:
    s = subrepo.lower()
    if "proposed" in s:
        return None
    if "backports" in s:
        return Channel.BACKPORTS
    if "security" in s:
        return Channel.SECURITY
    if "updates" in s:
        return Channel.UPDATES
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
        if p.status in DISTRUSTED:
            continue  # Repology itself does not trust this version (a snapshot, a scheme it cannot read)
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
        if channel in (Channel.MAIN, Channel.UPDATES, Channel.SECURITY) and any(
                looks_like_alternate(n) for n in (name, p.srcname) if n):
            channel = Channel.ALTERNATE
        facts.append(PackageFact(
            os=entry.os, release=entry.release, dependency=dependency, package=name,
            version=p.version, orig_version=p.origversion or p.version, channel=channel,
            source=f"Repology {p.repo}{'/' + p.subrepo if p.subrepo else ''} project {project} "
                   f"({p.srcname or name}, status {p.status or '?'})",
            as_of=fetched, arches=entry.arches,
        ))
    return facts, unmapped


def names_match(patterns: tuple[str, ...] | None, names: tuple[str, ...]) -> bool:
    """Whether any of a package's names matches the project's patterns for it (None: any name)."""
    if patterns is None:
        return True
    return any(fnmatchcase(n, p) for n in names for p in patterns if not p.startswith("external:"))
