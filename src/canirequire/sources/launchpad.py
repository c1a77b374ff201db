"""Ubuntu's publishing history from the Launchpad API (``getPublishedSources``).

Format (https://launchpad.net/+apidoc/1.0.html#archive, named operation
``getPublishedSources`` on ``/ubuntu/+archive/primary``): a collection
``{"total_size", "start", "entries": [...], "next_collection_link"?}`` whose
entries are source package publishing history records with
``source_package_name``, ``source_package_version``, ``distro_series_link``
(``.../ubuntu/noble``), ``pocket`` (Release, Updates, Security, Proposed,
Backports), ``status`` (Pending, Published, Superseded, Deleted, Obsolete) and
the dates ``date_published``, ``date_superseded`` and ``date_removed``.

What the dates prove: ``date_published`` is when that version reached the
pocket (an arrival; before a series' release it takes effect at GA);
``date_superseded`` is when a newer publication in the same series and pocket
replaced it. A ``Deleted`` publication ends at ``date_superseded``, which Launchpad sets
at the moment of deletion; ``date_removed`` comes weeks later, when the files are cleaned
out (a real record in aquasecurity/btfhub overstated validity by 22 days that way), so it is
the end only where no ``date_superseded`` is set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from typing import Any

from ..model import Channel, PackageFact
from ..versions.distro import upstream_version
from .errors import SourceFormatError, json_payload

POCKETS = {"Release": Channel.MAIN, "Updates": Channel.UPDATES, "Security": Channel.SECURITY,
           "Backports": Channel.BACKPORTS}  # Proposed is not for users: not a channel
PAGE_SIZE = 300  # the most Launchpad returns per page


@dataclass(frozen=True, slots=True)
class Publication:
    """A source package publication in an Ubuntu series and pocket, with its dates."""

    source: str
    version: str
    series: str
    pocket: str
    status: str
    published: dt.date | None
    superseded: dt.date | None
    removed: dt.date | None


def _day(value: Any, field: str, where: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceFormatError(f"{where}: {field} is not a date string: {value!r}"[:200])
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.timezone.utc).date()
    except ValueError:
        raise SourceFormatError(f"{where}: {field} is not an ISO date-time: {value!r}"[:200]) from None


def parse_page(payload: bytes | str, where: str) -> tuple[list[Publication], str | None]:
    """One page of a getPublishedSources collection: its publications and the next page's URL."""
    data = json_payload(payload, where)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise SourceFormatError(f"{where}: expected a Launchpad collection with an 'entries' list")
    out = []
    for i, e in enumerate(data["entries"]):
        at = f"{where} entry #{i + 1}"
        if not isinstance(e, dict):
            raise SourceFormatError(f"{at}: not an object")
        # A binary publication (getPublishedBinaries) names its series through distro_arch_series_link
        # (.../ubuntu/xenial/amd64) and carries its source's name and version too.
        series_link = e.get("distro_series_link")
        if not isinstance(series_link, str) and isinstance(e.get("distro_arch_series_link"), str):
            series_link = e["distro_arch_series_link"].rstrip("/").rsplit("/", 1)[0]
        fields = ("source_package_name", "source_package_version", "pocket", "status")
        missing = [k for k in fields if not isinstance(e.get(k), str)]
        if not isinstance(series_link, str):
            missing.append("distro_series_link")
        if missing:
            raise SourceFormatError(f"{at}: lacks {', '.join(missing)} (has Launchpad's format changed?)")
        out.append(Publication(
            source=e["source_package_name"], version=e["source_package_version"],
            series=series_link.rstrip("/").rsplit("/", 1)[-1], pocket=e["pocket"], status=e["status"],
            published=_day(e.get("date_published"), "date_published", at),
            superseded=_day(e.get("date_superseded"), "date_superseded", at),
            removed=_day(e.get("date_removed"), "date_removed", at),
        ))
    nxt = data.get("next_collection_link")
    if nxt is not None and not isinstance(nxt, str):
        raise SourceFormatError(f"{where}: next_collection_link is not a URL")
    return out, nxt


def query_names(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The fewest substring queries (``exact_match=false``) that cover every pattern: a pattern's
    literal prefix, dropping any prefix another one already contains."""
    prefixes = sorted({p.split("*")[0].split("?")[0].split("[")[0] for p in patterns if p}, key=len)
    kept: list[str] = []
    for prefix in prefixes:
        if prefix and not any(k in prefix for k in kept):
            kept.append(prefix)
    return tuple(kept)


def to_facts(publications: list[Publication], *, dependency: str, patterns: tuple[str, ...],
             series_versions: dict[str, str], read_on: dt.date, source_id: str) -> list[PackageFact]:
    """Package facts for the publications whose source name matches ``patterns``, in series
    that ``series_versions`` (codename -> Ubuntu version) knows."""
    facts = []
    for p in publications:
        channel = POCKETS.get(p.pocket)
        release = series_versions.get(p.series)
        if (channel is None or release is None or p.published is None or p.status == "Pending"
                or not any(fnmatchcase(p.source, pat) for pat in patterns)):
            continue
        end = (p.superseded if p.status == "Superseded"
               else (p.superseded or p.removed) if p.status == "Deleted" else None)
        current = p.status == "Published"
        facts.append(PackageFact(
            os="ubuntu", release=release, dependency=dependency, package=p.source,
            version=upstream_version(p.version, "deb"), orig_version=p.version, channel=channel,
            source=f"Launchpad {p.series}-{p.pocket.lower()} {p.source} {p.version} "
                   f"({p.status.lower()}; published {p.published})",
            # A current publication is seen on the reading date; a replaced one was there when published.
            as_of=read_on if current else p.published, valid_from=p.published, valid_to=end,
            source_id=source_id,
        ))
    return _one_per_version(facts)


def _one_per_version(facts: list[PackageFact]) -> list[PackageFact]:
    """A version published to a pocket more than once (a copy, a re-publication) is one fact:
    there from its first publication until the last one ended."""
    by_key: dict[tuple, PackageFact] = {}
    for f in facts:
        key = (f.release, f.package, f.channel, f.version)
        old = by_key.get(key)
        if old is None:
            by_key[key] = f
            continue
        ends = (old.valid_to, f.valid_to)
        by_key[key] = replace(
            old if old.valid_from <= f.valid_from else f,
            valid_to=None if None in ends else max(ends), as_of=max(old.as_of, f.as_of))
    return list(by_key.values())
