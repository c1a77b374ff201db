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


@dataclass(frozen=True)
class Offer:
    """One version the package manager can install, and from where."""

    raw_version: str
    channel: str  # main, updates, security, backports, testing
    where: str  # the suite/pocket, repository id or repository URL, as the tool printed it
    installed: bool = False


def available_command(manager: str, package: str) -> list[str]:
    """The command that lists every version the package manager offers, with its repository."""
    if manager == "dpkg":
        return ["apt-cache", "policy", package]
    if manager == "rpm":
        return ["dnf", "-q", "list", "--showduplicates", package]
    if manager == "apk":
        return ["apk", "policy", package]
    raise ValueError(f"unsupported package manager {manager!r}")


def _deb_channel(suite: str) -> str:
    """bookworm/main -> main, jammy-updates/universe -> updates, bookworm-security -> security, ..."""
    pocket = suite.split("/")[0].rsplit("-", 1)
    tail = pocket[1] if len(pocket) == 2 else ""
    return {"updates": "updates", "security": "security", "backports": "backports", "proposed": "testing",
            "proposed-updates": "updates"}.get(tail, "main")


def _rpm_channel(repo: str) -> str:
    repo = repo.lstrip("@").lower()
    if repo == "system":
        return "main"  # installed from outside any repository dnf knows
    if "testing" in repo or repo.endswith("-test"):
        return "testing"
    if repo.startswith("updates") or repo.endswith("-updates"):
        return "updates"
    return "main"


def _apk_channel(url: str) -> str:
    """A stable branch's main/community is the release itself; edge and testing are not."""
    url = url.rstrip("/")
    return "testing" if url.endswith("/testing") or "/edge/" in url else "main"


def parse_available(manager: str, package: str, output: str) -> list[Offer]:
    """Every version ``apt-cache policy``, ``dnf list --showduplicates`` or ``apk policy`` offers."""
    if manager == "dpkg":
        return _parse_apt_policy(output)
    if manager == "rpm":
        return _parse_dnf_list(package, output)
    if manager == "apk":
        return _parse_apk_policy(output)
    return []


def _parse_apt_policy(output: str) -> list[Offer]:
    offers, version, installed, sources = [], None, False, []
    in_table = False

    def flush():
        if version is None:
            return
        real = [s for s in sources if s != "/var/lib/dpkg/status"]
        for suite in real:
            offers.append(Offer(version, _deb_channel(suite), suite, installed))
        if not real and installed:
            offers.append(Offer(version, "main", "installed (no repository offers it)", True))

    for line in output.splitlines():
        stripped = line.strip()
        if stripped.startswith("Version table:"):
            in_table = True
            continue
        if not in_table or not stripped:
            continue
        parts = stripped.split()
        if stripped.startswith("***") or (len(parts) == 2 and parts[1].lstrip("-").isdigit()
                                          and not line.startswith(" " * 8)):
            flush()
            installed = stripped.startswith("***")
            version = parts[1] if installed else parts[0]
            sources = []
        elif parts and parts[0].lstrip("-").isdigit() and len(parts) >= 2:
            # "500 http://deb.debian.org/debian bookworm/main amd64 Packages" or "100 /var/lib/dpkg/status"
            sources.append(parts[2] if len(parts) >= 3 and "://" in parts[1] else parts[1])
    flush()
    return offers


def _parse_dnf_list(package: str, output: str) -> list[Offer]:
    offers, section = [], ""
    for line in output.splitlines():
        if line.strip() in ("Installed Packages", "Available Packages"):
            section = line.strip().split()[0]
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[0].startswith(package + "."):
            continue
        version = parts[1].split(":", 1)[-1]
        offers.append(Offer(version, _rpm_channel(parts[2]), parts[2].lstrip("@"),
                            section == "Installed" or parts[2].startswith("@")))
    return offers


def _parse_apk_policy(output: str) -> list[Offer]:
    """``apk policy``: a "NAME policy:" line, then each version ("  1.76.0-r0:") over the repositories
    offering it, indented deeper, an optional "@tag" before the URL; lib/apk/db/installed marks it installed."""
    offers, version, depth = [], None, 0
    for line in output.splitlines():
        stripped = line.strip()
        if not stripped or stripped.endswith(" policy:"):
            continue
        indent = len(line) - len(line.lstrip())
        if stripped.endswith(":") and "://" not in stripped and (version is None or indent <= depth):
            version, depth = stripped[:-1], indent
            continue
        if version is None:
            continue
        where = stripped.split()[-1]  # drop an "@edge" tag
        if where == "lib/apk/db/installed":
            offers.append(Offer(version, "main", "installed", True))
        else:
            offers.append(Offer(version, _apk_channel(where), where))
    return _merge_installed(offers)


def _merge_installed(offers: list[Offer]) -> list[Offer]:
    """A version both installed and offered by a repository is one offer, marked installed."""
    installed = {o.raw_version for o in offers if o.installed}
    repo = [Offer(o.raw_version, o.channel, o.where, o.raw_version in installed)
            for o in offers if o.where != "installed"]
    listed = {o.raw_version for o in repo}
    return repo + [o for o in offers if o.where == "installed" and o.raw_version not in listed]


def probe(
    host: Host,
    wanted: dict[str, list[str]],
    run: Callable[[list[str]], str],
    today: dt.date,
    hostname: str = "",
) -> list[dict[str, str]]:
    """``wanted`` maps dependency -> concrete package names to ask about: every version the package
    manager offers, in every channel (what the machine can install), with "installed" as a note;
    where the manager cannot list its offers, what is installed."""
    scheme = {"dpkg": "deb", "rpm": "rpm", "apk": "apk"}[host.manager]
    tool = {"dpkg": "apt-cache policy", "rpm": "dnf list --showduplicates", "apk": "apk policy"}[host.manager]
    who = hostname or "this machine"
    rows = []
    for dependency, names in wanted.items():
        for name in names:
            offers = parse_available(host.manager, name, run(available_command(host.manager, name)))
            if not offers:
                raw = parse_query(host.manager, name, run(query_command(host.manager, name)))
                offers = [Offer(raw, "main", "installed", True)] if raw is not None else []
                said = f"{host.manager} reports {name} {{raw}} installed"
            else:
                said = f"{tool} lists {name} {{raw}} in {{where}}{{note}}"
            seen = set()
            for o in offers:
                channel = o.channel
                if looks_like_alternate(name) and channel in ("main", "updates", "security"):
                    channel = "alternate"
                key = (o.raw_version, channel)
                if key in seen:
                    continue
                seen.add(key)
                rows.append({
                    "distro": host.os, "release": host.release, "package_upstream": dependency,
                    "package_name": name, "version": upstream_version(o.raw_version, scheme),
                    "channel": channel, "as_of_date": today.isoformat(),
                    "source": f"host probe on {who}: " + said.format(raw=o.raw_version, where=o.where,
                                                                      note=" (installed)" if o.installed else ""),
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
