import datetime as dt

from canirequire.sources import host_probe
from canirequire.sources.package_csv import read_package_csv

DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'
CENTOS = 'NAME="CentOS Stream"\nVERSION="9"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="9"\n'
ALPINE = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\n'


def test_os_release_mapping():
    assert host_probe.parse_os_release(DEBIAN) == ("debian", "12")
    assert host_probe.parse_os_release(CENTOS) == ("centos-stream", "9")
    assert host_probe.parse_os_release(ALPINE) == ("alpine", "3.20")
    assert host_probe.parse_os_release("ID=arch\n") == ("arch", "rolling")


def test_probe_dpkg_writes_a_valid_fact_file():
    host = host_probe.detect(DEBIAN, "mips64", which=lambda cmd: "/usr/bin/dpkg-query" if cmd == "dpkg-query" else None)
    assert host.manager == "dpkg"
    answers = {
        "rustc": "install ok installed\t1.63.0+dfsg1-2\n",
        "rustc-web": "install ok installed\t1.70.0+dfsg1-7~deb12u2\n",
        "libglib2.0-dev": "",  # dpkg-query prints nothing (and exits 1) for unknown packages
    }
    rows = host_probe.probe(host, {"rust": ["rustc", "rustc-web"], "glib": ["libglib2.0-dev"]},
                            lambda argv: answers[argv[-1]], dt.date(2026, 11, 26), "porterbox")
    facts = read_package_csv(host_probe.to_csv(rows), path="probe.csv")
    by = {f.package: f for f in facts}
    assert by["rustc"].version == "1.63.0" and by["rustc"].channel == "main"
    assert by["rustc-web"].version == "1.70.0" and by["rustc-web"].channel == "alternate"
    assert "libglib2.0-dev" not in by
    assert by["rustc"].arches == ("mips64",) and "porterbox" in by["rustc"].source


def test_rpm_and_apk_output():
    assert host_probe.parse_query("rpm", "glib2", "(none):2.68.4-16.el9\n") == "2.68.4-16.el9"
    assert host_probe.parse_query("rpm", "glib2", "package glib2 is not installed\n") is None
    assert host_probe.parse_query("apk", "glib-dev", "glib-dev-2.80.5-r0\n") == "2.80.5-r0"
    assert host_probe.parse_query("dpkg", "x", "deinstall ok config-files\t1.0-1\n") is None


def test_native_arch_from_the_package_manager():
    assert host_probe.native_arch("dpkg", lambda argv: "mips64el\n", "mips64") == "mips64el"
    assert host_probe.native_arch("dpkg", lambda argv: "armhf\n", "armv7l") == "armv7"
    assert host_probe.native_arch("rpm", lambda argv: "", "x86_64") == "x86_64"
