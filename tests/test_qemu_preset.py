"""The qemu preset on the embedded snapshot: answers checked by hand against the raw data."""

import datetime as dt

from canirequire.app.session import Session
from canirequire.engine import questions
from canirequire.report.view import reason

D = dt.date.fromisoformat
_SESSION = []


def engine(on, **kw):
    """The qemu preset over the embedded snapshot alone (loaded once for the module)."""
    if not _SESSION:
        _SESSION.append(Session.open("qemu", embedded_only=True))
    return _SESSION[0].engine(D(on), **kw)


def releases(result):
    return {p.release_id for p in result.supported}


def test_platforms_over_time():
    r2023 = questions.platforms(engine("2023-06-01"))
    assert {"debian-11", "ubuntu-20.04", "ubuntu-22.04", "centos-stream-8", "opensuse-leap-15.4"} <= releases(r2023)
    assert "debian-12" not in releases(r2023)  # released 2023-06-10
    r2025 = questions.platforms(engine("2025-05-06"))
    assert "debian-12" in releases(r2025) and "debian-11" not in releases(r2025)
    assert {"ubuntu-22.04", "ubuntu-24.04"} <= releases(r2025)
    r2026 = questions.platforms(engine("2026-11-26"))
    assert "debian-12" not in releases(r2026) and "debian-13" in releases(r2026)
    assert "ubuntu-22.04" not in releases(r2026)  # 2 years after 24.04
    assert "centos-stream-9" in releases(r2026)  # until 2 years after RHEL 10 (2025-05-20)


def test_rust_177_on_2025_05_06():
    res = questions.check(engine("2025-05-06"), "rust", "1.77")
    # debian-12/mips64el (rustc-web 1.70), and Alpine 3.18/3.19, whose stable branches keep Rust 1.71/1.76
    # (point updates only) until their end of life.
    failing = {v.platform.id for v in res.failing}
    assert "debian-12/mips64el" in failing
    assert {pid.split("/")[0] for pid in failing} == {"debian-12", "alpine-3.18", "alpine-3.19"}
    assert not any(pid.startswith("debian-12/") and pid != "debian-12/mips64el" for pid in failing)
    res = questions.check(engine("2025-05-06"), "rust", "1.77")
    amd64 = next(v for v in res.verdicts if v.platform.id == "debian-12/x86_64")
    assert amd64.package == "rustc-web" and amd64.version == "1.78.0"
    mips = next(v for v in res.failing if v.platform.id == "debian-12/mips64el")
    assert mips.version == "1.70.0" and "tier-3" in mips.flags


def test_rust_floor_and_ladder_2025():
    res = questions.floor(engine("2025-05-06"), "rust")
    assert res.floor == "1.70.0" and res.limiting == ("debian-12/mips64el",)
    # Accepting mips64el buys Alpine 3.18's 1.71.1, then 3.19's 1.76.0 (stable branches keep their Rust
    # release), then debian-12's rustc-web 1.78. Ubuntu 24.04 had rustc-1.77 then and rustc-1.78 is first
    # seen later, so it is unknown at 1.78, never a limiter there.
    floors = [s.floor_rounded for s in res.ladder]
    assert floors[:4] == ["1.70.0", "1.71.0", "1.76.0", "1.78.0"]
    assert any(pid.startswith("debian-12/") for pid in res.ladder[3].limiting)
    assert not any(pid.startswith("ubuntu-24.04") for pid in res.ladder[3].limiting)
    noble = [v for v in res.unknown if v.platform.release_id == "ubuntu-24.04"]
    assert not noble  # ok at the headline floor
    at_178 = questions.check(engine("2025-05-06"), "rust", "1.78")
    noble = next(v for v in at_178.verdicts if v.platform.release_id == "ubuntu-24.04")
    assert noble.status == "unknown" and noble.bracket.below.version == "1.77"
    assert noble.bracket.above.version == "1.78" and str(noble.bracket.above.date) == "2025-06-04"


def test_glib_and_python_floors_2025():
    glib = questions.floor(engine("2025-05-06"), "glib")
    assert glib.floor_rounded == "2.68.0"  # EL9 (AlmaLinux 9.8) glib2 2.68.4
    py = questions.floor(engine("2025-05-06"), "python3")
    # EL9's default python3 is 3.9, but its minors add python3.11 and python3.12, which the
    # policy counts (vendor alternates). Ubuntu 22.04 has 3.10 and a python3.11 first seen in 2025
    # (arrival unknown): proven below 3.12, unknown at 3.11, so it limits at 3.11 as an unsure limiter.
    assert py.floor_rounded == "3.11.0" and py.limiting[0].startswith("ubuntu-22.04")
    assert py.ladder[0].unsure and py.ladder[0].unsure[0].startswith("ubuntu-22.04")


def test_bindgen_from_cargo_on_ubuntu_2204():
    res = questions.check(engine("2025-05-06"), "bindgen", "0.60")
    v = next(v for v in res.verdicts if v.platform.release_id == "ubuntu-22.04")
    assert v.status == "ok" and "external" in v.flags and "cargo" in reason(v)


def test_debian11_security_rustc_web_ignored_after_eol():
    res = questions.check(engine("2026-11-26"), "rust", "1.85")
    assert not any(v.platform.release_id == "debian-11" for v in res.verdicts)


def test_verdicts_from_data_at_the_maintainers_floors():
    """Issue 7's bar: at each floor QEMU set, all but at most 4 OS releases get a verdict from data,
    and each remaining unknown says why."""
    from canirequire.model import Cause, Status

    for on, minimum in (("2024-11-04", "1.63"), ("2025-05-06", "1.77"), ("2025-09-13", "1.83"),
                        ("2026-04-21", "1.85")):
        res = questions.check(engine(on), "rust", minimum)
        unknown = {v.platform.release_id for v in res.verdicts if v.status is Status.UNKNOWN}
        # Fedora's updates rows are dated by spec changelogs: the earliest a build can have reached users,
        # not its Bodhi push (issue 16), so they stay unknown until Bodhi data (refresh --history) settles them.
        assert len({r for r in unknown if not r.startswith("fedora-")}) <= 4, (on, sorted(unknown))
        assert all(v.cause is not Cause.NO_DATA for v in res.verdicts), on


def test_qemus_own_decisions_fall_out_of_the_data():
    from canirequire.model import Status

    # 2025-05-06: rustc 1.77, accepting debian-12/mips64el (rustc-web 1.70) as the exception: it drops
    # nobody else (Ubuntu's rustc-1.77, Debian's rustc-web 1.78).
    floor = questions.floor(engine("2025-05-06"), "rust")
    assert floor.limiting == ("debian-12/mips64el",)
    from canirequire.engine.questions import check
    excepted = check(engine("2025-05-06", exceptions=("debian-12/mips64el", "alpine-3.18", "alpine-3.19")),
                     "rust", "1.77")
    assert not excepted.failing
    # 2025-09-13: rust 1.83 leaves out Ubuntu's LTS releases, whose newest rustc-1.NN was 1.82.
    res = questions.check(engine("2025-09-13"), "rust", "1.83")
    failing = {v.platform.release_id for v in res.failing}
    assert {"ubuntu-22.04", "ubuntu-24.04"} <= failing
    ubuntu = next(v for v in res.failing if v.platform.release_id == "ubuntu-24.04")
    assert ubuntu.status is Status.TOO_OLD and ubuntu.version == "1.82"


def test_wrong_answers_a_new_user_found_stay_fixed():
    """Issue 7's list, on the embedded snapshot."""
    from canirequire.model import Status

    # fedora-41 never 'has' a Rust upstream had not released yet (1.90 came 2025-09-18).
    floor = questions.floor(engine("2025-05-06"), "rust")
    fedora = [v for v in floor.verdicts if v.platform.release_id == "fedora-41"]
    assert fedora and all(questions_version_le(v.version, "1.86.0") for v in fedora if v.version)
    # centos-stream-9 is never certain of a 2025 Rust in 2023.
    res = questions.check(engine("2023-06-01"), "rust", "1.84")
    for v in res.verdicts:
        if v.platform.release_id == "centos-stream-9":
            assert v.status is not Status.OK
    # bookworm-security's index never covered mips64el: its 1.96.0 does not speak for mips64el.
    res = questions.check(engine("2026-05-01", arches=("mips64el",)), "rust", "1.80")
    mips = [v for v in res.verdicts if v.platform.id == "debian-12/mips64el"]
    assert mips and mips[0].version != "1.96.0" and mips[0].status is not Status.OK


def test_every_verdict_cites_its_row():
    res = questions.check(engine("2025-05-06"), "rust", "1.77")
    for v in res.verdicts:
        if v.evidence is not None:
            assert v.source and v.source == v.evidence.source, v.platform.id


def questions_version_le(a, b):
    from canirequire.versions.libversion import compare

    return compare(a, b) <= 0
