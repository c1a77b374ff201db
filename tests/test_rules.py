import pytest

from canirequire.policy.project import ProjectError, parse_project
from canirequire.policy.rules import evaluate_os
from conftest import d, lc

DEBIAN = [
    lc("debian", "11", "2021-08-14", "2024-08-14", eoes=d("2026-08-31")),
    lc("debian", "12", "2023-06-10", "2026-07-11"),
    lc("debian", "13", "2025-08-09", "2028-08-09"),
]


def policy(body):
    text = '[project]\nname = "t"\n[[os]]\n' + body
    return parse_project(text, "t.toml").oses[0]


def ids(admitted):
    return sorted(a.release_id for a in admitted)


def test_newest_and_previous_vendor_eol_first():
    p = policy('id = "debian"\nrule = "newest-and-previous"')
    adm, exc = evaluate_os(p, DEBIAN, d("2025-05-06"))
    assert ids(adm) == ["debian-12"]
    reason = {e.release_id: e.reason for e in exc}["debian-11"]
    assert "2024-08-14" in reason and "extended support to 2026-08-31 does not count" in reason


def test_previous_major_two_years_or_eol():
    p = policy('id = "debian"\nrule = "newest-and-previous"')
    adm, _ = evaluate_os(p, DEBIAN, d("2025-09-01"))
    until = {a.release_id: a.until for a in adm}
    assert until == {"debian-12": d("2026-07-11"), "debian-13": d("2030-08-09")}
    adm, _ = evaluate_os(p, DEBIAN, d("2026-07-11"))
    assert ids(adm) == ["debian-13"]


def test_newest_is_not_capped_by_vendor_eol():
    p = policy('id = "debian"\nrule = "newest-and-previous"')
    adm, _ = evaluate_os(p, DEBIAN, d("2029-01-01"))
    assert ids(adm) == ["debian-13"]


def test_newest_five_year_cap():
    p = policy('id = "x"\nrule = "newest-and-previous"')
    adm, exc = evaluate_os(p, [lc("x", "1", "2015-01-01", None)], d("2021-01-01"))
    assert adm == [] and "5 years after release" in exc[0].reason


def test_cap_from_latest_minor_and_grouping():
    leap = [lc("opensuse-leap", "15.0", "2018-05-25", "2019-12-03"),
            lc("opensuse-leap", "15.5", "2023-06-07", "2024-12-31")]
    body = 'id = "opensuse-leap"\nrule = "newest-and-previous"\ngroup_minors = true\nplatform_release = "latest-minor"'
    adm, _ = evaluate_os(policy(body + '\ncap_from = "latest-minor"'), leap, d("2024-01-10"))
    assert ids(adm) == ["opensuse-leap-15.5"]
    adm, _ = evaluate_os(policy(body), leap, d("2024-01-10"))
    assert adm == []  # read literally, 15 (from 2018) is past five years


def test_dates_from_other_os():
    centos = [lc("centos-stream", "8", "2019-09-24", "2024-05-31"), lc("centos-stream", "9", "2021-09-15", "2027-05-31")]
    rhel = [lc("rhel", "8", "2019-05-07", "2029-05-31"), lc("rhel", "9", "2022-05-18", "2032-05-31")]
    p = policy('id = "centos-stream"\nrule = "newest-and-previous"\ndates_from = "rhel"')
    adm, _ = evaluate_os(p, centos, d("2024-01-01"), rhel)
    assert {a.release_id: a.until for a in adm}["centos-stream-8"] == d("2024-05-18")


def test_lts_only():
    ubuntu = [lc("ubuntu", "22.04", "2022-04-21", "2027-04-01", lts=True),
              lc("ubuntu", "24.04", "2024-04-25", "2029-05-31", lts=True),
              lc("ubuntu", "24.10", "2024-10-10", "2025-07-10")]
    adm, exc = evaluate_os(policy('id = "ubuntu"\nrule = "newest-and-previous"\nlts_only = true'), ubuntu, d("2025-01-01"))
    assert ids(adm) == ["ubuntu-22.04", "ubuntu-24.04"]
    assert {a.release_id: a.until for a in adm}["ubuntu-22.04"] == d("2026-04-25")
    assert any(e.release_id == "ubuntu-24.10" and "LTS" in e.reason for e in exc)


def test_until_eol_and_last_n_and_pattern():
    fedora = [lc("fedora", str(n), f"20{n - 17}-04-20", f"20{n - 16}-05-20") for n in (40, 41, 42)]
    adm, _ = evaluate_os(policy('id = "fedora"\nrule = "until-eol"'), fedora, d("2024-06-01"))
    assert ids(adm) == ["fedora-41"]
    windows = [lc("windows", "10-22h2", "2022-10-18", "2025-10-14"),
               lc("windows", "11-24h2-w", "2024-10-01", "2026-10-13"),
               lc("windows", "11-24h2-e", "2024-10-01", "2027-10-12"),
               lc("windows", "8.1", "2013-11-13", "2023-01-10")]
    body = ('id = "windows"\nrule = "last-n"\ncount = 2\n'
            "cycle_pattern = '^(?P<major>\\d+)-[0-9a-z]+-w$|^(?P<major2>\\d+)-[0-9a-z]+$'")
    adm, _ = evaluate_os(policy(body), windows, d("2025-01-01"))
    assert ids(adm) == ["windows-10", "windows-11"]
    assert {a.release_id: a.until for a in adm}["windows-11"] == d("2026-10-13")  # the -w channel, not -e
    adm, _ = evaluate_os(policy(body), windows, d("2026-01-01"))
    assert ids(adm) == ["windows-11"]


def test_rolling_and_explicit():
    adm, _ = evaluate_os(policy('id = "arch"\nrule = "rolling"\narches = ["x86_64"]'), [], d("2025-01-01"))
    assert ids(adm) == ["arch-rolling"]
    body = 'id = "x"\nrule = "explicit"\nreleases = ["1", {release = "2", until = "2025-01-01"}]'
    adm, exc = evaluate_os(policy(body), [], d("2025-06-01"))
    assert ids(adm) == ["x-1"] and exc[0].release_id == "x-2"


@pytest.mark.parametrize(
    "body,message",
    [
        ('id = "x"\nrule = "sometimes"', "rule must be one of"),
        ('id = "x"', "missing required key 'rule'"),
        ('id = "x"\nrule = "until-eol"\nnewest_years = "five"', 'newest_years must be a number of years or "unlimited"'),
        ('id = "x"\nrule = "until-eol"\ncolour = 1', "unknown key(s): colour"),
        ('id = "x"\nrule = "explicit"', "needs a 'releases' list"),
        ("id = \"x\"\nrule = \"last-n\"\ncycle_pattern = '('", "not a valid regex"),
    ],
)
def test_project_errors(body, message):
    with pytest.raises(ProjectError) as err:
        policy(body)
    assert message in str(err.value) and "t.toml" in str(err.value)


def test_bad_toml():
    with pytest.raises(ProjectError, match="invalid TOML"):
        parse_project("[project\n", "bad.toml")
