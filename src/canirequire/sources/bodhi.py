"""Fedora's update history from Bodhi (``GET /updates/``).

Format (https://bodhi.fedoraproject.org/docs/server_api/rest/updates.html,
service ``query_updates`` in bodhi-server's services/updates.py): a page
``{"updates": [...], "page", "pages", "rows_per_page", "total"}``; each update
has ``alias``, ``status``, ``date_stable`` ("YYYY-MM-DD HH:MM:SS", UTC),
``release`` (``{"name": "F41", "version": "41", ...}``) and ``builds``
(``[{"nvr": "rust-1.83.0-1.fc41", ...}]``).

What the dates prove: ``date_stable`` is when the update reached the
release's stable updates repository (an arrival). Updates that went stable
before a release's GA were part of it at GA (the engine clips dates to GA).
Bodhi lists every update that went stable, so for each release the newest
one was still the current version on the reading date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..model import Channel, PackageFact
from ..versions.distro import upstream_version
from .errors import SourceFormatError, json_payload

PAGE_SIZE = 100  # the most Bodhi returns per page
_FEDORA_RELEASE = re.compile(r"^F(\d+)$")  # F41; EPEL, ELN, containers and flatpaks are other products


@dataclass(frozen=True, slots=True)
class StableBuild:
    """A build Bodhi pushed to a Fedora release's stable updates, and when."""

    alias: str
    release: str  # Fedora version, "41"
    name: str
    version: str  # the build's version-release, "1.83.0-1.fc41"
    stable_on: dt.date


def _split_nvr(nvr: str, where: str) -> tuple[str, str]:
    parts = nvr.rsplit("-", 2)
    if len(parts) != 3:
        raise SourceFormatError(f"{where}: build {nvr!r} is not name-version-release")
    return parts[0], f"{parts[1]}-{parts[2]}"


def parse_page(payload: bytes | str, where: str) -> tuple[list[StableBuild], int, int]:
    """One page of ``/updates/``: the Fedora builds that went stable, this page and the page count."""
    data = json_payload(payload, where)
    if not isinstance(data, dict) or not isinstance(data.get("updates"), list):
        raise SourceFormatError(f"{where}: expected an object with an 'updates' list (has Bodhi's format changed?)")
    page, pages = data.get("page"), data.get("pages")
    if not isinstance(page, int) or not isinstance(pages, int):
        raise SourceFormatError(f"{where}: 'page' and 'pages' must be integers")
    out = []
    for i, u in enumerate(data["updates"]):
        at = f"{where} update #{i + 1}"
        if not isinstance(u, dict) or not isinstance(u.get("release"), dict) or not isinstance(u.get("builds"), list):
            raise SourceFormatError(f"{at}: lacks 'release' or 'builds'")
        m = _FEDORA_RELEASE.match(str(u["release"].get("name", "")))
        if u.get("status") != "stable" or not m or not u.get("date_stable"):
            continue
        stable_on = _date(u["date_stable"], at)
        for b in u["builds"]:
            if not isinstance(b, dict) or not isinstance(b.get("nvr"), str):
                raise SourceFormatError(f"{at}: a build without an 'nvr'")
            name, version = _split_nvr(b["nvr"], at)
            out.append(StableBuild(str(u.get("alias", "")), m.group(1), name, version, stable_on))
    return out, page, pages


def _date(value: Any, where: str) -> dt.date:
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        raise SourceFormatError(f"{where}: date_stable {value!r} is not 'YYYY-MM-DD HH:MM:SS'") from None


def to_facts(builds: list[StableBuild], *, dependency: str, names: tuple[str, ...], read_on: dt.date,
             source_id: str) -> list[PackageFact]:
    """Facts for the builds of ``names``; per release and package the newest is current on ``read_on``."""
    from fnmatch import fnmatchcase

    chosen = [b for b in builds if any(fnmatchcase(b.name, n) for n in names)]
    first: dict[tuple, StableBuild] = {}
    for b in sorted(chosen, key=lambda b: b.stable_on):
        first.setdefault((b.release, b.name, upstream_version(b.version, "rpm")), b)
    newest: dict[tuple, dt.date] = {}
    for (release, name, _), b in first.items():
        newest[(release, name)] = max(newest.get((release, name), b.stable_on), b.stable_on)
    facts = []
    for (release, name, version), b in first.items():
        current = newest[(release, name)] == b.stable_on
        facts.append(PackageFact(
            os="fedora", release=release, dependency=dependency, package=name, version=version,
            orig_version=b.version, channel=Channel.UPDATES,
            source=f"Bodhi {b.alias}: {name}-{b.version} stable on {b.stable_on}",
            as_of=read_on if current else b.stable_on, valid_from=b.stable_on, source_id=source_id,
        ))
    return facts
