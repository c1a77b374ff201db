"""The qemu preset on the embedded snapshot: answers checked by hand against the raw data."""

import datetime as dt

from canirequire.engine import questions
from canirequire.facts.store import load_store
from canirequire.policy.project import load_project

D = dt.date.fromisoformat


def setup():
    return load_project("qemu"), load_store(use_refreshed=False)


def releases(result):
    return {p.release_id for p in result.supported}


def test_platforms_over_time():
    project, store = setup()
    r2023 = questions.platforms(project, store, D("2023-06-01"))
    assert {"debian-11", "ubuntu-20.04", "ubuntu-22.04", "centos-stream-8", "opensuse-leap-15.4"} <= releases(r2023)
    assert "debian-12" not in releases(r2023)  # released 2023-06-10
    r2025 = questions.platforms(project, store, D("2025-05-06"))
    assert "debian-12" in releases(r2025) and "debian-11" not in releases(r2025)
    assert {"ubuntu-22.04", "ubuntu-24.04"} <= releases(r2025)
    r2026 = questions.platforms(project, store, D("2026-11-26"))
    assert "debian-12" not in releases(r2026) and "debian-13" in releases(r2026)
    assert "ubuntu-22.04" not in releases(r2026)  # 2 years after 24.04
    assert "centos-stream-9" in releases(r2026)  # until 2 years after RHEL 10 (2025-05-20)


def test_rust_177_on_2025_05_06():
    project, store = setup()
    res = questions.check(project, store, "rust", "1.77", D("2025-05-06"))
    assert [v.platform.id for v in res.failing] == ["debian-12/mips64el"]
    amd64 = next(v for v in res.verdicts if v.platform.id == "debian-12/x86_64")
    assert amd64.package == "rustc-web" and amd64.version == "1.78.0"
    mips = res.failing[0]
    assert mips.version == "1.70.0" and "tier-3" in mips.flags


def test_rust_floor_and_ladder_2025():
    project, store = setup()
    res = questions.floor(project, store, "rust", D("2025-05-06"))
    assert res.floor == "1.70.0" and res.limiting == ("debian-12/mips64el",)
    assert res.ladder[1].floor == "1.78.0"


def test_glib_and_python_floors_2025():
    project, store = setup()
    glib = questions.floor(project, store, "glib", D("2025-05-06"))
    assert glib.floor_rounded == "2.68.0"  # EL9 (AlmaLinux 9.8) glib2 2.68.4
    py = questions.floor(project, store, "python3", D("2025-05-06"))
    assert py.floor_rounded == "3.9.0"  # EL9 python3 3.9


def test_bindgen_from_cargo_on_ubuntu_2204():
    project, store = setup()
    res = questions.check(project, store, "bindgen", "0.60", D("2025-05-06"))
    v = next(v for v in res.verdicts if v.platform.release_id == "ubuntu-22.04")
    assert v.status == "ok" and "external" in v.flags and "cargo" in v.reason


def test_debian11_security_rustc_web_ignored_after_eol():
    project, store = setup()
    res = questions.check(project, store, "rust", "1.85", D("2026-11-26"))
    assert not any(v.platform.release_id == "debian-11" for v in res.verdicts)
