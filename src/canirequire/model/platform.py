"""Platform ids (``debian-12/mips64el``), architecture names and dates: one parser each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

ARCH_ALIASES = {
    "amd64": "x86_64",
    "x86-64": "x86_64",
    "x64": "x86_64",
    "arm64": "aarch64",
    "armhf": "armv7",
    "armv7l": "armv7",
    "armv7hl": "armv7",
    "i386": "i686",
    "i586": "i686",
    "x86": "i686",
    "ppc64el": "ppc64le",
    "powerpc64le": "ppc64le",
    "riscv64gc": "riscv64",
    "loong64": "loongarch64",
    "powerpc": "ppc",
}

# Architecture names canirequire knows (canonical spellings; ARCH_ALIASES maps the others).
KNOWN_ARCHES = frozenset({
    "x86_64", "i686", "aarch64", "armv7", "armel", "armv6", "riscv64", "riscv32", "ppc64le", "ppc64", "ppc",
    "s390x", "s390", "mips64el", "mips64", "mipsel", "mips", "loongarch64", "sparc64", "sparc", "hppa", "m68k",
    "alpha", "ia64", "sh4", "x32", "any",
})

# The dates canirequire answers for. Lifecycle and package data begin in the
# 1990s; nothing is planned past the 2100s; date arithmetic stays far from
# the calendar's limits on either side.
EARLIEST_DATE = dt.date(1970, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


class PlatformSpecError(ValueError):
    """A platform spec names no known OS or is malformed."""


class DateError(ValueError):
    """Text that is not a YYYY-MM-DD date inside the supported range."""


def normalize_arch(arch: str) -> str:
    """The canonical architecture name (amd64 and x64 -> x86_64, arm64 -> aarch64, ...)."""
    a = arch.strip().lower()
    return ARCH_ALIASES.get(a, a)


def parse_date(text: str) -> dt.date:
    """A strict YYYY-MM-DD date within EARLIEST_DATE..LATEST_DATE."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise DateError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise DateError(f"{text} is outside the supported dates ({EARLIEST_DATE} to {LATEST_DATE})")
    return day


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    """What a user named: an OS, optionally a release, optionally an architecture."""

    os: str
    release: str | None
    arch: str | None

    @property
    def release_id(self) -> str:
        return f"{self.os}-{self.release}" if self.release else self.os


def parse_platform_spec(spec: str, known_oses: Iterable[str]) -> PlatformSpec:
    """``debian-12/mips64el`` -> (debian, 12, mips64el); ``debian-12`` -> every arch; ``fedora`` -> every release.

    OS ids may contain dashes (``centos-stream-9``, ``opensuse-leap-15.6``), so the
    longest known OS id that prefixes the spec wins.
    """
    text = spec.strip()
    arch = None
    if "/" in text:
        text, arch_text = text.split("/", 1)
        arch = normalize_arch(arch_text) if arch_text else None
    known = sorted(set(known_oses), key=len, reverse=True)
    for os_id in known:
        if text == os_id:
            return PlatformSpec(os_id, None, arch)
        if text.startswith(os_id + "-") and len(text) > len(os_id) + 1:
            return PlatformSpec(os_id, text[len(os_id) + 1:], arch)
    raise PlatformSpecError(
        f"unknown platform {spec!r}: expected OS-RELEASE[/ARCH] such as debian-12/mips64el "
        f"(known OS ids: {', '.join(sorted(known))})"
    )
