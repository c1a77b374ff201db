"""The rules of time (FORMATS.md section 7, issue 7): what each kind of dated fact proves."""

from __future__ import annotations

import datetime as dt

import pytest

from canirequire.engine import questions
from canirequire.engine.walk import walk_until_ok
from canirequire.model import Cause, FactSet, Flag, Origin, Status, UpstreamRelease
from canirequire.policy.project import parse_project
from canirequire.store.index import FactIndex
from conftest import d, engine_for, lc, pf

D = d("2025-05-06")
LATER = D + dt.timedelta(days=30)

PROJECT = """
[project]
name = "t"
host_arches = ["x86_64", "mips64el"]
[[os]]
id = "debian"
rule = "newest-and-previous"
arches = ["x86_64"]
[[os]]
id = "fedora"
rule = "until-eol"
arches = ["x86_64"]
[[os]]
id = "rhel"
rule = "newest-and-previous"
group_minors = true
arches = ["x86_64"]
[[os]]
id = "centos-stream"
rule = "newest-and-previous"
arches = ["x86_64"]
packages_from = ["centos-stream,{release}", { repo = "rhel,{release}", relation = "leads" }]
[[os]]
id = "sles"
rule = "newest-and-previous"
group_minors = true
platform_release = "latest-minor"
arches = ["x86_64"]
packages_from = ["sles,{release}", "sles,{major}"]
[[os]]
id = "opensuse-leap"
rule = "newest-and-previous"
group_minors = true
platform_release = "latest-minor"
arches = ["x86_64"]
packages_from = ["opensuse-leap,{release}", { repo = "sles,{major}", relation = "lags" }]
[[os]]
id = "openbsd"
rule = "newest-and-previous"
arches = ["x86_64"]
packages_from = ["openbsd,{release}", { repo = "openbsd,rolling", at = "release" }]
[[os]]
id = "netbsd"
rule = "newest-and-previous"
group_minors = true
platform_release = "major"
arches = ["x86_64"]
branches = "pkgsrc"
packages_from = ["pkgsrc,{branch}", { repo = "pkgsrc,rolling", at = "branch-point" }]
[dependencies.rust]
[dependencies.rust.packages]
debian = ["rustc", "rustc-web"]
sles = ["rust1.*"]
pkgsrc = ["lang/rust"]
openbsd = ["lang/rust"]
default = ["rust"]
"""

LIFECYCLES = [
    lc("debian", "12", "2023-06-10", "2026-07-11"),
    lc("fedora", "42", "2025-04-15", "2026-05-13"),
    lc("rhel", "9", "2022-05-17", "2032-05-31"),
    lc("centos-stream", "9", "2021-12-03", "2027-05-31"),
    lc("sles", "15.6", "2024-06-20", "2031-07-31"),
    lc("opensuse-leap", "15.6", "2024-06-12", "2026-04-30"),
    lc("openbsd", "7.7", "2025-04-28", "2026-10-22"),
    lc("netbsd", "10.0", "2024-03-28", None),
]


def verdict(facts, platform, minimum, on=D, **kw):
    index = FactIndex([FactSet(lifecycles=tuple(LIFECYCLES), packages=tuple(facts), upstream=tuple(kw.pop(
        "upstream", ())))])
    result = questions.check(engine_for(parse_project(PROJECT, "t.toml"), index, on), "rust", minimum)
    return {v.platform.id: v for v in result.verdicts}[platform]


BASE = pf("debian", "12", "rust", "rustc", "1.63.0", valid_from="2023-06-10", as_of="2026-07-11")


def test_observed_later_is_unknown_not_too_old():
    seen = pf("debian", "12", "rust", "rustc-web", "1.77.0", "alternate", as_of=LATER.isoformat())
    v = verdict([BASE, seen], "debian-12/x86_64", "1.77")
    assert v.status is Status.UNKNOWN and v.cause is Cause.SEEN_LATER
    assert v.version == "1.63.0" and v.other.package == "rustc-web"
    assert verdict([BASE, seen], "debian-12/x86_64", "1.77", on=LATER).status is Status.OK


def test_arrival_later_proves_too_old():
    arrived = pf("debian", "12", "rust", "rustc-web", "1.77.0", "alternate", valid_from=LATER.isoformat(),
                 as_of=LATER.isoformat())
    v = verdict([BASE, arrived], "debian-12/x86_64", "1.77")
    assert v.status is Status.TOO_OLD and v.cause is Cause.BELOW


def test_a_moving_repository_is_only_a_lower_bound_after_its_last_row():
    fedora = [pf("fedora", "42", "rust", "rust", "1.85.1", "main", valid_from="2025-04-15"),
              pf("fedora", "42", "rust", "rust", "1.86.0", "updates", valid_from="2025-04-20")]
    v = verdict(fedora, "fedora-42/x86_64", "1.88")
    assert v.status is Status.UNKNOWN and v.cause is Cause.LOWER_BOUND and Flag.LOWER_BOUND in v.flags
    # A later arrival bounds what came before it: below 1.88 until 1.88.0 arrived.
    arrived = pf("fedora", "42", "rust", "rust", "1.88.0", "updates", valid_from="2025-06-26")
    assert verdict([*fedora, arrived], "fedora-42/x86_64", "1.88").status is Status.TOO_OLD
    # ... but between two rows a version in between could have come and gone.
    assert verdict([*fedora, arrived], "fedora-42/x86_64", "1.87").status is Status.UNKNOWN
    # A "newest" row on or after the date proves nothing newer was there.
    newest = pf("fedora", "42", "rust", "rust", "1.86.0", "updates", as_of=LATER.isoformat(), newest=True)
    assert verdict([*fedora, newest], "fedora-42/x86_64", "1.88").status is Status.TOO_OLD


def test_a_newest_row_rules_out_later_sightings_before_it():
    sightings = [BASE, pf("debian", "12", "rust", "rustc-web", "1.82", "alternate", as_of="2025-01-01"),
                 pf("debian", "12", "rust", "rustc-web", "1.83", "alternate", as_of="2026-01-01")]
    assert verdict(sightings, "debian-12/x86_64", "1.83").status is Status.UNKNOWN
    newest = pf("debian", "12", "rust", "rustc-web", "1.82", "alternate", as_of=LATER.isoformat(), newest=True)
    assert verdict([*sightings, newest], "debian-12/x86_64", "1.83").status is Status.TOO_OLD


def test_nothing_before_upstream_released_it():
    """A sighting (or an undated row) never vouches for dates before upstream released the version."""
    undated = pf("fedora", "42", "rust", "rust", "1.90", "updates")
    release = UpstreamRelease("rust", "1.90", d("2025-09-18"), "test")
    v = verdict([undated], "fedora-42/x86_64", "1.77", upstream=[release])
    assert v.status is not Status.OK and v.version is None
    frozen = pf("debian", "12", "rust", "rustc", "1.90.0", as_of="2026-01-01")
    v = verdict([frozen], "debian-12/x86_64", "1.77", upstream=[release])
    assert v.status is not Status.OK  # not "assumed since the release" before 1.90 existed
    assert verdict([frozen], "debian-12/x86_64", "1.77", on=d("2025-10-01"), upstream=[release]).status is Status.OK


def test_dates_before_ga_take_effect_at_ga():
    branched = pf("fedora", "42", "rust", "rust", "1.85.0", "main", valid_from="2025-02-01")
    assert verdict([branched], "fedora-42/x86_64", "1.85", on=d("2025-04-15")).status is Status.OK
    assert verdict([branched], "fedora-42/x86_64", "1.85", on=d("2025-04-15")).evidence.valid_from == d("2025-02-01")


def test_minor_rows_hold_until_the_next_minor():
    minors = [pf("rhel", "9.4", "rust", "rust", "1.75.0", valid_from="2024-04-30"),
              pf("rhel", "9.5", "rust", "rust", "1.79.0", valid_from="2024-11-12")]
    v = verdict(minors, "rhel-9/x86_64", "1.77", on=d("2024-11-04"))
    assert v.status is Status.TOO_OLD and v.repo == "rhel,9.4"  # explain names the minor
    assert verdict(minors, "rhel-9/x86_64", "1.77", on=d("2024-11-12")).status is Status.OK
    # After the last minor a later one may have rebased the toolset.
    assert verdict(minors, "rhel-9/x86_64", "1.80", on=d("2025-06-01")).status is Status.UNKNOWN


def test_shared_repositories():
    rhel = pf("rhel", "9.6", "rust", "rust", "1.84.1", valid_from="2025-05-20")
    v = verdict([rhel], "centos-stream-9/x86_64", "1.83", on=d("2025-09-13"))
    assert v.status is Status.OK and Flag.SHARED in v.flags
    assert verdict([rhel], "centos-stream-9/x86_64", "1.86", on=d("2025-09-13")).status is Status.UNKNOWN
    sle = pf("sles", "15", "rust", "rust1.86", "1.86", "alternate", as_of="2025-04-22")
    v = verdict([sle], "sles-15.6/x86_64", "1.86")
    assert v.status is Status.OK  # rows for "15" serve every supported service pack
    v = verdict([sle], "opensuse-leap-15.6/x86_64", "1.86")
    assert v.status is Status.OK and Flag.SHARED in v.flags


def test_frozen_release_ports_and_quarterly_branches():
    head = [pf("openbsd", "rolling", "rust", "lang/rust", "1.86.0", valid_from="2025-04-02"),
            pf("openbsd", "rolling", "rust", "lang/rust", "1.89.0", valid_from="2025-08-18")]
    v = verdict(head, "openbsd-7.7/x86_64", "1.86", on=d("2025-09-13"))
    assert v.status is Status.OK and v.version == "1.86.0"  # HEAD at 7.7's release, not today's
    assert verdict(head, "openbsd-7.7/x86_64", "1.89", on=d("2025-09-13")).status is not Status.OK
    own = pf("openbsd", "7.7", "rust", "lang/rust", "1.86.0", valid_from="2025-04-28")
    assert verdict([own], "openbsd-7.7/x86_64", "1.87", on=d("2025-09-13")).status is Status.TOO_OLD
    pkgsrc = [pf("pkgsrc", "rolling", "rust", "lang/rust", "1.79.0", valid_from="2024-07-15"),
              pf("pkgsrc", "rolling", "rust", "lang/rust", "1.91.1", valid_from="2026-01-10")]
    v = verdict(pkgsrc, "netbsd-10/x86_64", "1.77", on=d("2025-05-06"))
    assert v.status is Status.OK and Flag.BRANCH_POINT in v.flags and Flag.ESTIMATED_BRANCH in v.flags
    # The branch current in mid-February 2026 was cut in December 2025, before 1.91.1 reached HEAD.
    assert verdict(pkgsrc, "netbsd-10/x86_64", "1.91", on=d("2026-02-15")).status is not Status.OK


def test_a_fact_in_an_uncounted_channel_never_hides_a_counted_one():
    counted = pf("debian", "12", "rust", "rustc", "1.85.0", valid_from="2023-06-10")
    user = pf("debian", "12", "rust", "rustc", "1.90.0", "backports", valid_from="2024-01-01", origin=Origin.USER)
    assert verdict([counted, user], "debian-12/x86_64", "1.77").status is Status.OK


def test_when_before_any_data_is_not_an_answer():
    index = FactIndex([FactSet(lifecycles=tuple(LIFECYCLES), packages=(BASE,))])
    engine = engine_for(parse_project(PROJECT, "t.toml"), index, d("1990-01-01"))
    res = walk_until_ok(engine, [("rust", "1.63")], d("1990-01-01"))
    assert res.date is None or res.date >= d("2023-06-10")


@pytest.mark.parametrize("os_key,names", [
    ("sles", ["rust1.82"]),
    ("opensuse-leap", ["rust1.82"]),
    ("freebsd", ["lang/rust"]),
    ("pkgsrc", ["lang/rust", "lang/rust-bin"]),
    ("openbsd", ["lang/rust"]),
    ("ubuntu", ["rustc", "rustc-1.77", "rust-defaults"]),
    ("fedora", ["rust", "rust-std-static"]),
])
def test_qemu_preset_names_every_package_spelling(os_key, names):
    from fnmatch import fnmatchcase

    from canirequire.app.session import load_project

    patterns = load_project("qemu").dependency("rust").patterns_for([os_key, "default"])
    for name in names:
        assert any(fnmatchcase(name, p) for p in patterns), (os_key, name, patterns)


def test_qemu_preset_other_spellings():
    from fnmatch import fnmatchcase

    from canirequire.app.session import load_project

    project = load_project("qemu")

    def matches(dep, key, name):
        return any(fnmatchcase(name, p) for p in project.dependency(dep).patterns_for([key, "default"]))

    assert matches("python3", "opensuse-leap", "python311") and matches("python3", "sles", "python311")
    assert matches("meson", "freebsd", "devel/meson") and matches("glib", "freebsd", "devel/glib20")
    assert matches("glib", "pkgsrc", "devel/glib2")
    # Alpine's samurai is a reimplementation with its own numbering: never ninja.
    assert not matches("ninja", "alpine", "samurai") and matches("ninja", "alpine", "ninja-build")
