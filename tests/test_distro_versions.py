import pytest

from canirequire.versions.distro import upstream_version, upstream_version_for_os


@pytest.mark.parametrize(
    "raw,scheme,expected",
    [
        ("1:14.0-55.7~deb12u1", "deb", "14.0"),
        ("1.63.0+dfsg1-2", "deb", "1.63.0"),
        ("2.74.6-2+deb12u9", "deb", "2.74.6"),
        ("1.96.0+dfsg1-1~deb13u1+b1", "deb", "1.96.0"),
        ("1.7.0-1~bpo12+1", "deb", "1.7.0"),
        ("1.91.1+dfsg~24.04-0ubuntu0.24.04.3", "deb", "1.91.1"),
        ("3.10.6-1~22.04.1", "deb", "3.10.6"),
        ("1.0.1", "deb", "1.0.1"),
        ("1.75.0-1.el9", "rpm", "1.75.0"),
        ("1:2.68.4-16.el9_5", "rpm", "2.68.4"),
        ("1.82.0-r0", "apk", "1.82.0"),
        ("1.82.0_1,1", "freebsd", "1.82.0"),
        ("1.82.0nb2", "pkgsrc", "1.82.0"),
        ("1:1.82.0-1", "arch", "1.82.0"),
        ("1.82.0_1", "homebrew", "1.82.0"),
        ("1.82.0p0", "openbsd", "1.82.0"),
    ],
)
def test_upstream(raw, scheme, expected):
    assert upstream_version(raw, scheme) == expected


def test_by_os_and_unknown():
    assert upstream_version_for_os("0.55.1-3+b1", "debian") == "0.55.1"
    assert upstream_version_for_os("1.2", "unknown-os") == "1.2"
    with pytest.raises(ValueError):
        upstream_version("1", "nope")
