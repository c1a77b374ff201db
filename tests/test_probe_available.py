"""`probe` reports what the machine can install, in every channel, not only what it has (issue 16)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from canirequire.sources.host_probe import Host, parse_available, probe

FIX = Path(__file__).resolve().parent / "fixtures" / "probe"


def read(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def test_apt_cache_policy_lists_every_suite():
    offers = parse_available("dpkg", "rustc-web", read("apt-cache-policy-rustc-web.txt"))
    assert [(o.raw_version, o.channel, o.where) for o in offers] == [
        ("1.96.0+dfsg1-1~deb12u2", "security", "bookworm-security/main"),
        ("1.85.0+dfsg3-1~deb12u3", "main", "bookworm/main"),
    ]
    python3 = parse_available("dpkg", "python3", read("apt-cache-policy-python3.txt"))
    assert [(o.raw_version, o.channel, o.installed) for o in python3] == [("3.11.2-1+b1", "main", True)]


def test_dnf_list_showduplicates_names_repositories():
    offers = parse_available("rpm", "rust", read("dnf-list-showduplicates-rust-fedora40.txt"))
    got = {(o.raw_version, o.channel, o.installed) for o in offers}
    assert ("1.77.0-1.fc40", "main", False) in got and ("1.80.0-1.fc40", "testing", False) in got
    assert ("1.79.0-3.fc40", "updates", True) in got


def test_apk_policy_marks_installed_and_edge():
    offers = parse_available("apk", "rust", read("apk-policy-rust-alpine319.txt"))
    assert [(o.raw_version, o.channel, o.installed) for o in offers] == [
        ("1.76.0-r0", "main", True), ("1.78.0-r0", "testing", False)]


def test_probe_on_a_debian_12_machine_without_rust_reports_what_apt_offers():
    outputs = {("apt-cache", "policy", "rustc"): read("apt-cache-policy-rustc.txt"),
               ("apt-cache", "policy", "rustc-web"): read("apt-cache-policy-rustc-web.txt")}
    rows = probe(Host("debian", "12", "x86_64", "dpkg"), {"rust": ["rustc", "rustc-web"]},
                 lambda argv: outputs.get(tuple(argv), ""), dt.date(2026, 12, 6), "box")
    got = {(r["package_name"], r["version"], r["channel"]) for r in rows}
    assert got == {("rustc", "1.63.0", "main"), ("rustc-web", "1.96.0", "alternate"),
                   ("rustc-web", "1.85.0", "alternate")}
    assert all("apt-cache policy lists" in r["source"] for r in rows)
