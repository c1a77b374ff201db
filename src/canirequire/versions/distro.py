"""Recover the upstream version from a distribution's package version string.

Distributions decorate upstream versions with epochs, revisions and repack
markers; floors are about upstream versions, so every importer strips those
the way the distribution's own tools define them.
"""

from __future__ import annotations

import re

# Which version scheme each canonical OS id uses.
SCHEME_BY_OS = {
    "debian": "deb",
    "ubuntu": "deb",
    "fedora": "rpm",
    "centos-stream": "rpm",
    "centos": "rpm",
    "rhel": "rpm",
    "almalinux": "rpm",
    "rocky": "rpm",
    "opensuse-leap": "rpm",
    "opensuse-tumbleweed": "rpm",
    "sles": "rpm",
    "alpine": "apk",
    "arch": "arch",
    "msys2": "arch",  # MSYS2 uses pacman: pkgver-pkgrel
    "freebsd": "freebsd",
    "openbsd": "openbsd",
    "netbsd": "pkgsrc",
    "pkgsrc": "pkgsrc",
    "homebrew": "homebrew",
    "macos": "homebrew",
}

_EPOCH = re.compile(r"^\d+:")
# Debian repack and backport markers live in the upstream part: 1.63.0+dfsg1,
# 1.91.1+dfsg~24.04, 1.7.0~bpo12 ... everything from the first "+" or "~" on
# is the distribution's, not upstream's.
_DEB_DECORATION = re.compile(r"[+~].*$")
_RPM_DIST = re.compile(r"[+~].*$")
_APK_REL = re.compile(r"-r\d+$")
_PKGSRC_NB = re.compile(r"nb\d+$")
_FREEBSD_EPOCH = re.compile(r",\d+$")
_UNDERSCORE_REV = re.compile(r"_\d+$")
_OPENBSD_P = re.compile(r"p\d+$")


def upstream_version(raw: str, scheme: str) -> str:
    """Return the upstream part of *raw* under the given scheme.

    >>> upstream_version("1:14.0-55.7~deb12u1", "deb")
    '14.0'
    """
    v = raw.strip()
    if scheme == "deb":
        v = _EPOCH.sub("", v)
        if "-" in v:
            v = v.rsplit("-", 1)[0]
        v = _DEB_DECORATION.sub("", v)
        # Ubuntu sometimes carries "ubuntuN" in the upstream part of native packages.
        v = re.sub(r"ubuntu\d.*$", "", v)
        return v
    if scheme == "rpm":
        v = _EPOCH.sub("", v)
        if "-" in v:
            v = v.rsplit("-", 1)[0]
        return _RPM_DIST.sub("", v)
    if scheme == "apk":
        return _APK_REL.sub("", v)
    if scheme == "arch":
        v = _EPOCH.sub("", v)
        if "-" in v:
            v = v.rsplit("-", 1)[0]
        return v.split("+", 1)[0]
    if scheme == "freebsd":
        v = _FREEBSD_EPOCH.sub("", v)
        return _UNDERSCORE_REV.sub("", v)
    if scheme == "openbsd":
        v = re.sub(r"v\d+$", "", v)
        return _OPENBSD_P.sub("", v)
    if scheme == "pkgsrc":
        return _PKGSRC_NB.sub("", v)
    if scheme == "homebrew":
        return _UNDERSCORE_REV.sub("", v)
    raise ValueError(f"unknown version scheme {scheme!r}")


def upstream_version_for_os(raw: str, os_id: str) -> str:
    """The upstream version inside an OS's package version string."""
    scheme = SCHEME_BY_OS.get(os_id)
    if scheme is None:
        return raw.strip()
    return upstream_version(raw, scheme)


# Names that mark a vendor's non-default, versioned or toolchain-copy package:
# rustc-1.77, rust-1.82-src, python3.11, libclang-15-dev, rustc-web, rustc-mozilla.
_ALTERNATE_NAME = re.compile(r"(-\d+(\.\d+)*(-|$))|(^python3\.\d+)|(\d+\.\d+-)|(-web$)|(-mozilla$)")


def looks_like_alternate(package: str) -> bool:
    """Whether a package name is a vendor alternate rather than the default package."""
    return bool(_ALTERNATE_NAME.search(package))
