"""When users really got it (issue 16): point releases, testing pockets, build and changelog dates as
"on or after", moving LTS compilers. Each regression is written as the right answer."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canirequire.app.session import Session
from canirequire.engine import questions
from canirequire.model import Channel, Flag, Status
from canirequire.sources.debian_archive import reaches_users, read_point_releases
from canirequire.sources.package_csv import read_package_csv

from conftest import pf

_S: list[Session] = []


def qemu(on: str):
    if not _S:
        _S.append(Session.open("qemu", embedded_only=True))
    return _S[0].engine(dt.date.fromisoformat(on))


def verdict(on: str, minimum: str, platform: str):
    res = questions.check(qemu(on), "rust", minimum)
    return next(v for v in res.verdicts if v.platform.id == platform)


def test_a_proposed_updates_upload_reaches_users_at_the_next_point_release():
    assert verdict("2025-08-01", "1.85", "debian-12/x86_64").status is not Status.OK
    ok = verdict("2025-09-06", "1.85", "debian-12/x86_64")
    assert ok.status is Status.OK and Flag.POINT_RELEASE in ok.flags


def test_a_dated_stable_update_is_never_assumed_from_the_release():
    v = verdict("2026-04-01", "1.85.1", "debian-13/x86_64")
    assert v.status is Status.TOO_OLD and v.version == "1.85.0"


def test_a_build_seen_only_in_updates_testing_is_not_ok():
    assert verdict("2026-02-13", "1.93.1", "fedora-42/x86_64").status is not Status.OK
    assert verdict("2026-02-13", "1.93.1", "fedora-43/x86_64").status is not Status.OK


def test_ubuntu_lts_default_rustc_moves():
    assert verdict("2021-06-01", "1.47", "ubuntu-20.04/x86_64").status is Status.OK
    jammy = verdict("2024-11-04", "1.63", "ubuntu-22.04/x86_64")
    assert jammy.status is Status.UNKNOWN  # not "too old": the stream moved to 1.75 later
    floor = questions.floor(qemu("2024-11-04"), "rust")
    assert not any(p.startswith("ubuntu-22.04") for p in floor.limiting)


POINTS = """release,point,date,source
12,12.0,2023-06-10,x
12,12.11,2025-05-17,x
12,12.12,2025-09-06,x
"""


def test_point_release_rule_on_hand_written_facts():
    points = read_point_releases(POINTS, "p.csv")
    upload = pf("debian", "12", "rust", "rustc-web", "1.85.0", "alternate", valid_from="2025-07-27",
                as_of="2026-07-11")
    late = pf("debian", "12", "rust", "rustc-web", "1.96.0", "alternate", valid_from="2025-10-01",
              as_of="2025-10-01")
    security = pf("debian", "12", "rust", "rustc-web", "1.96.0", "security", valid_from="2025-10-01")
    ga = pf("debian", "12", "rust", "rustc", "1.63.0", valid_from="2023-06-10")
    a, b, c, d = reaches_users([upload, late, security, ga], points)
    assert a.valid_from == dt.date(2025, 9, 6) and Flag.POINT_RELEASE in a.quality
    assert b.valid_from is None and b.absent_on == dt.date(2025, 10, 1) and b.as_of is None
    assert c == security and d == ga


def test_fedora_changelog_dates_are_on_or_after_and_testing_is_its_own_channel():
    text = ("distro,release,package_upstream,package_name,version,channel,as_of_date,date_meaning,source\n"
            "fedora,42,rust,rust,1.93.0,updates,2026-01-22,arrival,changelog 2026-01-22; Bodhi later\n"
            "fedora,42,rust,rust,1.93.1,updates,2026-02-12,arrival,"
            "pkgs/rust/rust-std/fedora-42-updates-testing.html 1.93.1-1.fc42 changelog 2026-02-12\n")
    a, b = read_package_csv(text, path="t.csv")
    assert a.valid_from is None and a.absent_on == dt.date(2026, 1, 21) and Flag.ON_OR_AFTER in a.quality
    assert b.channel is Channel.TESTING


_DATES = st.dates(dt.date(2021, 1, 1), dt.date(2027, 6, 30))


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_DATES, st.sampled_from(["rust", "meson", "glib", "bindgen"]))
def test_ok_never_rests_on_a_fact_that_reached_users_later(on, dep):
    """A verdict of ok at D never rests on a fact whose arrival, or the date its channel reaches users, is
    after D; nor on a fact only in a testing pocket."""
    res = questions.check(qemu(str(on)), dep, "0")
    for v in res.verdicts:
        if v.status is not Status.OK or v.evidence is None:
            continue
        f = v.evidence
        assert f.valid_from is None or f.valid_from <= on or v.platform.lifecycle is None \
            or (v.platform.lifecycle.release_date and f.valid_from <= max(on, v.platform.lifecycle.release_date)), \
            (v.platform.id, f.version, f.valid_from)
        assert f.absent_on is None or f.absent_on < on
        assert f.channel is not Channel.TESTING


LEAP = """
[project]
name = "leap-only"
host_arches = ["x86_64"]

[[os]]
id = "opensuse-leap"
rule = "explicit"
releases = ["15.6"]
arches = ["x86_64"]

[dependencies.meson]
"""


def test_a_sighting_that_contradicts_a_dated_row_is_a_data_conflict_not_a_silent_pick(tmp_path):
    """Leap 15.6: meson 1.3.1 at GA (release row) and 1.6.1 seen in January 2025 (a third-party table that
    may have copied Tumbleweed): before the sighting it is unknown, never 'assumed since the release'."""
    project = tmp_path / "leap.toml"
    project.write_text(LEAP)
    session = Session.open(str(project), embedded_only=True)

    def leap(on):
        res = questions.check(session.engine(dt.date.fromisoformat(on)), "meson", "1.5")
        return next(v for v in res.verdicts if v.platform.id == "opensuse-leap-15.6/x86_64")

    before = leap("2024-11-01")
    assert before.status is Status.UNKNOWN and Flag.DATA_CONFLICT in before.flags
    assert Flag.DATA_CONFLICT in leap("2025-03-01").flags
