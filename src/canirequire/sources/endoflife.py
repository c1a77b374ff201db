"""endoflife.date lifecycles: the product files of its repository, and API v1.

Both shapes produce the same Lifecycle facts. Dates may be booleans in the
source (``eol: false`` = not announced, ``true`` = ended, date unknown); the
API's computed ``is*`` flags are ignored because they are only true on the
day the response was generated, and canirequire answers for any date.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable

from ..model import Lifecycle
from .errors import SourceFormatError, json_payload

# endoflife.date product id -> canirequire canonical OS id.
PRODUCT_TO_OS = {
    "debian": "debian",
    "ubuntu": "ubuntu",
    "fedora": "fedora",
    "centos-stream": "centos-stream",
    "centos": "centos",
    "rhel": "rhel",
    "almalinux": "almalinux",
    "rocky-linux": "rocky",
    "opensuse": "opensuse-leap",
    "sles": "sles",
    "alpine-linux": "alpine",
    "alpine": "alpine",
    "freebsd": "freebsd",
    "netbsd": "netbsd",
    "openbsd": "openbsd",
    "macos": "macos",
    "windows": "windows",
}
OS_TO_PRODUCT = {os_id: product for product, os_id in PRODUCT_TO_OS.items() if product != "alpine"}


def _as_date(value: Any, field: str, where: str) -> tuple[dt.date | None, bool]:
    """Return (date or None, passed_without_date)."""
    if value is None or value is False:
        return None, False
    if value is True:
        return None, True
    if isinstance(value, dt.datetime):
        return value.date(), False
    if isinstance(value, dt.date):
        return value, False
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]), False
        except ValueError:
            pass
    raise SourceFormatError(f"{where}: field {field!r} is neither a date nor a boolean: {value!r}")


def split_front_matter(text: str, where: str) -> str:
    """The YAML front matter of an endoflife.date product file."""
    if not text.startswith("---"):
        raise SourceFormatError(f"{where}: no YAML front matter (file must start with '---')")
    parts = text.split("\n---", 2)
    if len(parts) < 2:
        raise SourceFormatError(f"{where}: front matter is not closed by '---'")
    return parts[0][3:]


def parse_product_markdown(
    text: str, product: str, *, source: str, as_of: dt.date | None
) -> list[Lifecycle]:
    """Parse products/<product>.md of the endoflife.date repository."""
    import yaml  # only needed when (re)building from raw files

    where = f"endoflife.date products/{product}.md"
    try:
        meta = yaml.safe_load(split_front_matter(text, where))
    except yaml.YAMLError as exc:
        raise SourceFormatError(f"{where}: invalid YAML front matter: {exc}") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("releases"), list):
        raise SourceFormatError(f"{where}: front matter has no 'releases' list")
    return list(_lifecycles_from_releases(meta["releases"], product, source, as_of, where, api=False))


def parse_api_v1_product(
    payload: bytes | str | dict, product: str, *, source: str, as_of: dt.date | None
) -> list[Lifecycle]:
    """Parse an endoflife.date ``/api/v1/products/<product>`` response."""
    where = f"endoflife.date API v1 /products/{product}"
    payload = json_payload(payload, where)
    result = payload.get("result") if isinstance(payload, dict) else None
    if not isinstance(result, dict) or not isinstance(result.get("releases"), list):
        raise SourceFormatError(f"{where}: response has no result.releases list")
    if as_of is None and isinstance(payload.get("last_modified"), str):
        try:
            as_of = dt.date.fromisoformat(payload["last_modified"][:10])
        except ValueError:
            as_of = None
    return list(_lifecycles_from_releases(result["releases"], product, source, as_of, where, api=True))


def _lifecycles_from_releases(
    releases: Iterable[Any], product: str, source: str, as_of: dt.date | None, where: str, *, api: bool
) -> Iterable[Lifecycle]:
    os_id = PRODUCT_TO_OS.get(product, product)
    for index, rel in enumerate(releases):
        if not isinstance(rel, dict):
            raise SourceFormatError(f"{where}: release #{index + 1} is not a mapping")
        cycle = rel.get("name") if api else rel.get("releaseCycle")
        if cycle is None:
            raise SourceFormatError(f"{where}: release #{index + 1} has no {'name' if api else 'releaseCycle'}")
        cycle = str(cycle)
        here = f"{where} release {cycle}"
        if api:
            release_date, _ = _as_date(rel.get("releaseDate"), "releaseDate", here)
            eol, _ = _as_date(rel.get("eolFrom"), "eolFrom", here)
            eoas, _ = _as_date(rel.get("eoasFrom"), "eoasFrom", here)
            eoes, _ = _as_date(rel.get("eoesFrom"), "eoesFrom", here)
            lts = bool(rel.get("isLts")) or rel.get("ltsFrom") is not None
            latest_obj = rel.get("latest") or {}
            latest = str(latest_obj.get("name") or "") if isinstance(latest_obj, dict) else ""
            latest_date = None
            if isinstance(latest_obj, dict) and latest_obj.get("date"):
                latest_date, _ = _as_date(latest_obj.get("date"), "latest.date", here)
            # The API states an ended phase without a date only through isEol.
            passed = eol is None and rel.get("isEol") is True
            codename = str(rel.get("codename") or "")
            label = str(rel.get("label") or "")
        else:
            release_date, _ = _as_date(rel.get("releaseDate"), "releaseDate", here)
            eol, passed = _as_date(rel.get("eol"), "eol", here)
            eoas, _ = _as_date(rel.get("eoas"), "eoas", here)
            eoes, _ = _as_date(rel.get("eoes"), "eoes", here)
            lts_raw = rel.get("lts")
            lts = lts_raw is True or isinstance(lts_raw, dt.date)
            latest = str(rel.get("latest") or "")
            latest_date, _ = _as_date(rel.get("latestReleaseDate"), "latestReleaseDate", here)
            codename = str(rel.get("codename") or "")
            label = str(rel.get("releaseLabel") or "")
        yield Lifecycle(
            os=os_id,
            cycle=cycle,
            release_date=release_date,
            eol=eol,
            eoas=eoas,
            eoes=eoes,
            lts=lts,
            codename=codename,
            latest=latest,
            latest_date=latest_date,
            label=label,
            eol_passed_undated=passed,
            source=source,
            as_of=as_of,
        )


def parse_distro_info_csv(text: str, os_id: str, *, source: str, as_of: dt.date | None) -> list[Lifecycle]:
    """Parse /usr/share/distro-info/{debian,ubuntu}.csv (the distributions' own data).

    Columns: version,codename,series,created,release,eol[,eol-lts][,eol-elts]
    (Ubuntu: eol-server, eol-esm). Rows without a release date are in
    development and skipped.
    """
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(text)))
    out: list[Lifecycle] = []
    for line_no, row in enumerate(rows, start=2):
        where = f"{source}:{line_no}"
        version = (row.get("version") or "").strip()
        if not version or not row.get("release"):
            continue
        version = version.replace(" LTS", "")
        if os_id == "debian" and not version.replace(".", "").isdigit():
            continue
        release_date, _ = _as_date(row.get("release"), "release", where)
        eol, _ = _as_date(row.get("eol") or None, "eol", where)
        if os_id == "ubuntu" and row.get("eol-server"):
            eol, _ = _as_date(row.get("eol-server"), "eol-server", where)
        eoes_raw = row.get("eol-lts") or row.get("eol-esm") or None
        eoes, _ = _as_date(eoes_raw, "eol-lts", where)
        out.append(
            Lifecycle(
                os=os_id,
                cycle=version.split(".")[0] if os_id == "debian" else version,
                release_date=release_date,
                eol=eol,
                eoes=eoes,
                lts="LTS" in (row.get("version") or ""),
                codename=(row.get("codename") or "").strip(),
                source=source,
                as_of=as_of,
            )
        )
    return out


def upstream_from_cycles(lifecycles: list[Lifecycle], project: str, source: str) -> list:
    """An upstream product's cycles as release facts: no distribution can ship x.y before its date."""
    from ..model import UpstreamRelease

    return [UpstreamRelease(project, lc.cycle, lc.release_date, source) for lc in lifecycles if lc.release_date]


def parse_release_data(payload: bytes | str, project: str, *, source: str) -> list:
    """endoflife-date/release-data ``releases/<product>.json``: per point release, its date."""
    from ..model import UpstreamRelease

    where = f"release-data {project}.json"
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceFormatError(f"{where}: not JSON: {exc}") from None
    versions = data.get("versions") if isinstance(data, dict) else None
    if not isinstance(versions, dict):
        raise SourceFormatError(f"{where}: no 'versions' object")
    out = []
    for name, item in versions.items():
        date_text = item.get("date") if isinstance(item, dict) else None
        day, _ = _as_date(date_text, "date", f"{where} version {name}")
        if day is not None:
            out.append(UpstreamRelease(project, str(name), day, source))
    return out
