"""Supported platforms on a date: policy x lifecycles -> OS release x arch."""

from __future__ import annotations

import datetime as dt

from ..facts.model import normalize_arch
from ..facts.store import FactStore
from ..policy.project import Project
from ..policy.rules import supported_releases
from .results import Excluded, Platform, PlatformsResult


class PlatformSpecError(ValueError):
    pass


def supported_platforms(
    project: Project, store: FactStore, on: dt.date, arches: tuple[str, ...] = ()
) -> PlatformsResult:
    admitted, excluded, missing = supported_releases(project, store.lifecycles_by_os(), on)
    wanted = {normalize_arch(a) for a in arches}
    platforms = []
    for adm in admitted:
        arch_list = adm.arches or project.host_arches or ("any",)
        if project.host_arches:
            arch_list = tuple(a for a in arch_list if a in project.host_arches)
        for arch in arch_list:
            if wanted and arch not in wanted:
                continue
            platforms.append(
                Platform(adm.os, adm.release, arch, adm.rule, adm.rule_kind, adm.until, adm.until_reason,
                         adm.lifecycle)
            )
    platforms.sort(key=lambda p: (p.os, _release_key(p.release), p.arch))
    excl = tuple(
        Excluded(e.release_id, e.reason, e.since)
        for e in sorted(excluded, key=lambda e: (e.os, _release_key(e.release)))
    )
    admitted_oses = {a.os for a in admitted}
    empty = tuple(o.os for o in project.oses if o.os not in admitted_oses and o.os not in missing)
    return PlatformsResult(project.name, on, tuple(platforms), excl, tuple(missing), empty_oses=empty)


def _release_key(release: str) -> tuple:
    parts = []
    for chunk in release.replace("-", ".").split("."):
        parts.append((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk))
    return tuple(parts)


def parse_platform_spec(spec: str, project: Project, store: FactStore) -> tuple[str, str | None, str | None]:
    """``debian-12/mips64el`` -> ("debian", "12", "mips64el"); ``debian-12`` -> all arches.

    OS ids may contain dashes (``centos-stream-9``, ``opensuse-leap-15.6``), so the
    longest known OS id that prefixes the spec wins.
    """
    text = spec.strip()
    arch = None
    if "/" in text:
        text, arch = text.split("/", 1)
        arch = normalize_arch(arch) if arch else None
    known = {o.os for o in project.oses} | set(store.lifecycles_by_os()) | {p.os for p in store.packages}
    for os_id in sorted(known, key=len, reverse=True):
        if text == os_id:
            return os_id, None, arch
        if text.startswith(os_id + "-"):
            return os_id, text[len(os_id) + 1:], arch
    raise PlatformSpecError(
        f"unknown platform {spec!r}: expected OS-RELEASE[/ARCH] such as debian-12/mips64el "
        f"(known OS ids: {', '.join(sorted(o.os for o in project.oses))})"
    )
