"""Host probe: what does *this* machine's package manager have installed?

Run on a box of a platform the data does not cover (a CentOS Stream VM, a
Debian mips64el porter box), it writes a user fact file for ``--facts``.
Parsing (os-release, package-manager output) is pure; running the commands is
injected so tests never touch the host.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from dataclasses import dataclass
from typing import Callable

from ..model import normalize_arch
from ..versions.distro import looks_like_alternate, upstream_version

OS_RELEASE_IDS = {
    "debian": "debian",
    "ubuntu": "ubuntu",
    "fedora": "fedora",
    "rhel": "rhel",
    "almalinux": "almalinux",
    "rocky": "rocky",
    "centos": "centos-stream",
    "opensuse-leap": "opensuse-leap",
    "opensuse-tumbleweed": "opensuse-tumbleweed",
    "sles": "sles",
    "alpine": "alpine",
    "arch": "arch",
}
FACT_COLUMNS = ["distro", "release", "package_upstream", "package_name", "version", "channel", "as_of_date",
                "source", "arch"]


@dataclass(frozen=True)
class Host:
    """This machine as canirequire names it: OS, release, architecture, package manager."""

    os: str
    release: str
    arch: str
    manager: str  # "dpkg", "rpm", "apk" or ""


def parse_os_release(text: str) -> tuple[str, str]:
    """(os, release) from /etc/os-release, in canirequire's names."""
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip().strip('"')
    os_id = OS_RELEASE_IDS.get(values.get("ID", "").lower(), values.get("ID", "").lower())
    release = values.get("VERSION_ID", "")
    if os_id in ("arch", "opensuse-tumbleweed") or not release:
        release = "rolling" if os_id in ("arch", "opensuse-tumbleweed") else release
    elif os_id == "alpine":
        release = ".".join(release.split(".")[:2])
    elif os_id in ("rhel", "almalinux", "rocky", "centos-stream"):
        release = release.split(".")[0] if os_id == "centos-stream" else release
    return os_id, release


def detect(os_release_text: str, machine: str, which: Callable[[str], str | None] = shutil.which) -> Host:
    """This machine's OS, release, architecture and package manager."""
    os_id, release = parse_os_release(os_release_text)
    manager = next((m for m, cmd in (("dpkg", "dpkg-query"), ("rpm", "rpm"), ("apk", "apk")) if which(cmd)), "")
    return Host(os_id, release, normalize_arch(machine), manager)


def native_arch(manager: str, run: Callable[[list[str]], str], fallback: str) -> str:
    """The package manager's own arch name: uname says "mips64" on Debian's mips64el."""
    argv = {"dpkg": ["dpkg", "--print-architecture"], "rpm": ["rpm", "--eval", "%{_arch}"],
            "apk": ["apk", "--print-arch"]}.get(manager)
    answer = run(argv).strip() if argv else ""
    return normalize_arch(answer) if answer and "%" not in answer else normalize_arch(fallback)


def query_command(manager: str, package: str) -> list[str]:
    """The command that prints an installed or available package's version."""
    if manager == "dpkg":
        return ["dpkg-query", "-W", "-f", "${Status}\t${Version}\n", package]
    if manager == "rpm":
        return ["rpm", "-q", "--qf", "%{EPOCH}:%{VERSION}-%{RELEASE}\n", package]
    if manager == "apk":
        return ["apk", "info", "-e", "-v", package]
    raise ValueError(f"unsupported package manager {manager!r}")


def parse_query(manager: str, package: str, output: str) -> str | None:
    """The raw installed version, or None if not installed."""
    line = output.strip().splitlines()[0] if output.strip() else ""
    if not line:
        return None
    if manager == "dpkg":
        status, _, version = line.partition("\t")
        return version if "installed" in status.split() and version else None
    if manager == "rpm":
        if "not installed" in line:
            return None
        return line.replace("(none):", "")
    if manager == "apk":
        prefix = package + "-"
        return line[len(prefix):] if line.startswith(prefix) else None
    return None


def probe(
    host: Host,
    wanted: dict[str, list[str]],
    run: Callable[[list[str]], str],
    today: dt.date,
    hostname: str = "",
) -> list[dict[str, str]]:
    """``wanted`` maps dependency -> concrete package names to ask about."""
    scheme = {"dpkg": "deb", "rpm": "rpm", "apk": "apk"}[host.manager]
    rows = []
    for dependency, names in wanted.items():
        for name in names:
            raw = parse_query(host.manager, name, run(query_command(host.manager, name)))
            if raw is None:
                continue
            rows.append({
                "distro": host.os, "release": host.release, "package_upstream": dependency,
                "package_name": name, "version": upstream_version(raw, scheme),
                "channel": "alternate" if looks_like_alternate(name) else "main",
                "as_of_date": today.isoformat(),
                "source": f"host probe on {hostname or 'this machine'}: {host.manager} reports {name} {raw} installed",
                "arch": host.arch,
            })
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    """Probe rows as a fact file for --facts."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, FACT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
