"""Package-version CSV files: the shared observation file and user fact files.

Both use the columns
``distro,release,package_upstream,package_name,version,channel,as_of_date,source``
plus, optionally, ``arch``, ``valid_from`` and ``valid_to``. Distribution
spellings vary between sources; they are normalised here to canirequire's
canonical OS ids so that everything above this layer sees one vocabulary.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict

from ..model import Channel, DateMeaning, Flag, Origin, PackageFact, normalize_arch
from ..versions.libversion import is_valid_version
from .errors import SourceFormatError

REQUIRED_COLUMNS = (
    "distro",
    "release",
    "package_upstream",
    "package_name",
    "version",
    "channel",
    "as_of_date",
    "source",
)
OPTIONAL_COLUMNS = ("arch", "valid_from", "valid_to")

# Other spellings seen in sources -> canonical OS id.
DISTRO_ALIASES = {
    "netbsd-pkgsrc": "pkgsrc",
    "pkgsrc-current": "pkgsrc",
    "alpine-linux": "alpine",
    "alpinelinux": "alpine",
    "rocky-linux": "rocky",
    "rockylinux": "rocky",
    "alma": "almalinux",
    "redhat": "rhel",
    "red-hat": "rhel",
    "centos_stream": "centos-stream",
    "centosstream": "centos-stream",
    "opensuse": "opensuse-leap",
    "leap": "opensuse-leap",
    "opensuse_leap": "opensuse-leap",
    "tumbleweed": "opensuse-tumbleweed",
    "opensuse_tumbleweed": "opensuse-tumbleweed",
    "archlinux": "arch",
    "freebsd-ports": "freebsd",
    "openbsd-ports": "openbsd",
    "mingw": "msys2",
    "msys": "msys2",
    "brew": "homebrew",
    "mac": "macos",
    "macosx": "macos",
}
# Trees whose packages are one moving collection: any "current"/"HEAD" spelling is "rolling".
_ROLLING_SPELLINGS = {"current", "head", "latest", "rolling", "edge-rolling"}
DEBIAN_CODENAMES = {
    "buster": "10",
    "bullseye": "11",
    "bookworm": "12",
    "trixie": "13",
    "forky": "14",
    "duke": "15",
    "sid": "unstable",
}
UBUNTU_CODENAMES = {
    "focal": "20.04",
    "jammy": "22.04",
    "noble": "24.04",
    "plucky": "25.04",
    "questing": "25.10",
    "resolute": "26.04",
}


def normalize_repo(distro: str, release: str) -> tuple[str, str]:
    """(os, release) in canirequire's names from a table's distro and release columns."""
    os_id = distro.strip().lower().replace(" ", "-")
    os_id = DISTRO_ALIASES.get(os_id, os_id)
    rel = release.strip()
    low = rel.lower()
    if os_id == "debian":
        rel = DEBIAN_CODENAMES.get(low, rel)
    elif os_id == "ubuntu":
        rel = UBUNTU_CODENAMES.get(low, rel)
    if low in _ROLLING_SPELLINGS and os_id not in ("debian",):
        rel = "rolling"
    elif low == "quarterly":
        rel = "quarterly"
    return os_id, rel


def _parse_date(value: str, column: str, where: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SourceFormatError(f"{where}: column {column!r} is not a YYYY-MM-DD date: {value!r}") from None


def _quality(source: str, as_of: dt.date | None) -> tuple[Flag, ...]:
    """What the row's own citation says about its reliability (the shared files mark it in capitals)."""
    up = source.upper()
    if "SECONDARY" in up:
        return (Flag.SECONDARY,)
    if "STALE" in up:
        return (Flag.STALE_INDEX,)
    if as_of is None:
        return (Flag.UNDATED,)
    return ()


def read_package_csv(
    text: str, *, path: str, origin: Origin = Origin.EMBEDDED
) -> list[PackageFact]:
    """Parse a package-version CSV; errors name the file, line and problem.

    An optional ``date_meaning`` column says what ``as_of_date`` proves
    (shared/data FORMATS.md section 7): ``arrival`` and ``release`` date the
    version's arrival; ``observed`` a sighting; ``newest`` a sighting with
    nothing newer of the dependency in the repository on that date. Without
    it, the date is a sighting.
    """
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), strict=True)
    try:
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise SourceFormatError(f"{path}:1: missing column(s): {', '.join(missing)}")
        facts = []
        for row in reader:
            facts.append(_row_fact(row, header, f"{path}:{reader.line_num}", path, origin))
    except csv.Error as exc:
        raise SourceFormatError(f"{path}:{reader.line_num}: not valid CSV: {exc}") from None
    return facts


def _row_fact(row: dict, header: list[str], where: str, path: str, origin: Origin) -> PackageFact:
    if None in row:
        raise SourceFormatError(f"{where}: more fields than the header has columns")
    values = {k: (row.get(k) or "").strip() for k in header}
    for col in ("distro", "release", "package_upstream", "package_name", "version", "channel"):
        if not values.get(col):
            raise SourceFormatError(f"{where}: column {col!r} is empty")
    version = values["version"]
    if not is_valid_version(version):
        raise SourceFormatError(f"{where}: unparsable version {version!r} (no number in it)")
    try:
        channel = Channel.parse(values["channel"])
    except ValueError:
        raise SourceFormatError(
            f"{where}: unknown channel {values['channel']!r} (expected one of {', '.join(c.value for c in Channel)})"
        ) from None
    meaning = None
    if values.get("date_meaning"):
        try:
            meaning = DateMeaning.parse(values["date_meaning"])
        except ValueError as exc:
            raise SourceFormatError(f"{where}: date_meaning {exc}") from None
    os_id, release = normalize_repo(values["distro"], values["release"])
    as_of = _parse_date(values.get("as_of_date", ""), "as_of_date", where)
    if meaning is not None and as_of is None:
        raise SourceFormatError(f"{where}: date_meaning {meaning.value} needs an as_of_date")
    arch_text = values.get("arch", "")
    arches = tuple(sorted({normalize_arch(a) for a in arch_text.replace(";", " ").split() if a})) or None
    valid_from = _parse_date(values.get("valid_from", ""), "valid_from", where)
    valid_to = _parse_date(values.get("valid_to", ""), "valid_to", where)
    if valid_from and valid_to and valid_to < valid_from:
        raise SourceFormatError(f"{where}: valid_to {valid_to} is before valid_from {valid_from}")
    quality = _quality(values["source"], as_of)
    absent_on = None
    if _in_testing(values["source"], values["version"]):
        channel = Channel.TESTING  # seen only in a testing pocket: users of the release did not have it
    if (meaning is DateMeaning.ARRIVAL and valid_from is None and channel in (Channel.UPDATES, Channel.TESTING)
            and _earliest_only(os_id, values["source"])):
        # A changelog or build date is the earliest the version can have reached users, not when it did
        # (a Fedora build is pushed to stable by Bodhi days later): absent before it, possible from it on.
        absent_on, as_of, quality = as_of - dt.timedelta(days=1), None, (*quality, Flag.ON_OR_AFTER)
    elif meaning in (DateMeaning.ARRIVAL, DateMeaning.RELEASE) and valid_from is None:
        valid_from = as_of
    package = clean_package_name(values["package_name"])
    return PackageFact(
        os=os_id,
        release=release,
        dependency=_normalize_dependency(values["package_upstream"], package),
        package=package,
        version=version,
        channel=channel,
        source=values["source"],
        as_of=as_of,
        arches=arches,
        valid_from=valid_from,
        valid_to=valid_to,
        quality=quality,
        newest=meaning is DateMeaning.NEWEST,
        absent_on=absent_on,
        origin=origin,
        origin_file=path,
    )


_PARENTHESES = re.compile(r"\s+\([^()]*\)\s*$")
# A packages.fedoraproject.org updates-testing page names the build it shows right after the page name.
_TESTING_PAGE = re.compile(r"-updates-testing\.html\s*\(?(?:[\w.+-]+-)?(\d[\w.]*?)-\d+\.fc\d+")
_TESTING_WORDS = re.compile(r"\(updates-testing at observation\)|only in updates-testing|only in [\w-]+-proposed",
                            re.IGNORECASE)
# Sources whose dates are builds or changelog entries rather than the moment users got the package.
_EARLIEST_ONLY = {"fedora": re.compile(r"changelog", re.IGNORECASE)}


def _in_testing(source: str, version: str) -> bool:
    """The row's version was seen in a testing pocket, not in the release's stable repositories: the
    source says so, or it is the build an updates-testing page shows (not an older changelog entry there)."""
    if _TESTING_WORDS.search(source):
        return True
    page = _TESTING_PAGE.search(source)
    return bool(page) and page.group(1) == version


def _earliest_only(os_id: str, source: str) -> bool:
    """A row dated by a spec changelog or build: in Fedora a build reaches users at its Bodhi stable push,
    which such a date does not record (docs/data-sources.md, "what each kind of date proves")."""
    rule = _EARLIEST_ONLY.get(os_id)
    return bool(rule and rule.search(source))


def clean_package_name(text: str) -> str:
    """The package a row names, without the note sources add: "rustc (rust-defaults)" -> "rustc",
    "rust-std-static / rust-doc" -> "rust-std-static" (the first of several names)."""
    name = _PARENTHESES.sub("", text.strip())
    return name.split(" / ")[0].strip() or text.strip()


def _normalize_dependency(upstream: str, package: str) -> str:
    dep = upstream.strip().lower()
    # cargo is versioned on its own scale in Debian 11/12 (0.66 ships with
    # rustc 1.65), so filing it under "rust" would make rust look ancient.
    if dep == "rust" and package.startswith("cargo"):
        return "cargo"
    return dep


def chain_rolling_history(facts: list[PackageFact]) -> list[PackageFact]:
    """Turn dated observations of a rolling tree into validity intervals.

    Each dated row of a rolling tree (MSYS2's git history, say) is when that
    version landed; it held until the next row for the same package. The last
    row held at least until the newest date the source shows for that tree.
    """
    from dataclasses import replace

    by_key: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    newest_by_repo: dict[str, dt.date] = {}
    for i, f in enumerate(facts):
        if f.rolling and f.as_of is not None and f.valid_from is None and f.valid_to is None:
            by_key[(f.os, f.release, f.package)].append(i)
            if f.as_of > newest_by_repo.get(f.repo, dt.date.min):
                newest_by_repo[f.repo] = f.as_of
    out = list(facts)
    for key, indices in by_key.items():
        indices.sort(key=lambda i: facts[i].as_of)  # stable: file order breaks ties
        for pos, i in enumerate(indices):
            f = facts[i]
            nxt = facts[indices[pos + 1]].as_of if pos + 1 < len(indices) else None
            out[i] = replace(
                f,
                valid_from=f.as_of,
                valid_to=nxt,
                as_of=f.as_of if nxt is not None else newest_by_repo[f.repo],
            )
    return out
