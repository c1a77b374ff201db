from canirequire.engine import questions
from canirequire.engine.results import MISSING, OK, TOO_OLD, UNKNOWN
from canirequire.facts.model import ORIGIN_USER, FactSet
from conftest import d, lc, make_store, pf

LIFE = [lc("debian", "11", "2021-08-14", "2024-08-14"), lc("debian", "12", "2023-06-10", "2026-07-11"),
        lc("debian", "13", "2025-08-09", "2028-08-09")]


def store(extra=()):
    packages = [
        pf("debian", "12", "rust", "rustc", "1.63.0", as_of="2026-07-11", arches=("mips64el", "x86_64")),
        pf("debian", "12", "rust", "rustc-web", "1.70.0", "alternate", valid_from="2024-02-14",
           as_of="2026-07-11", arches=("mips64el",)),
        pf("debian", "12", "rust", "rustc-web", "1.78.0", "alternate", valid_from="2024-08-22",
           valid_to="2025-07-27", arches=("x86_64",)),
        pf("debian", "12", "rust", "rustc-web", "1.85.0", "alternate", valid_from="2025-07-27",
           as_of="2026-07-11", arches=("x86_64",)),
        pf("debian", "12", "rust", "rustc", "1.96.1", "backports", valid_from="2025-03-01", as_of="2026-07-11"),
        pf("debian", "13", "rust", "rustc", "1.85.1", as_of="2026-11-21"),
        pf("debian", "12", "rust", "rustc-mozilla", "1.99.0", "alternate", as_of="2026-07-11"),
        pf("msys2", "rolling", "rust", "mingw-w64-rust", "1.80.0", valid_from="2024-07-31", as_of="2024-08-30"),
        *extra,
    ]
    return make_store(LIFE, packages)


def verdicts(result):
    return {v.platform.id: v for v in result.verdicts}


def test_check_statuses_and_reasons(mini_project):
    res = questions.check(mini_project, store(), "rust", "1.77", d("2025-05-06"))
    v = verdicts(res)
    assert v["debian-12/x86_64"].status == OK and v["debian-12/x86_64"].version == "1.78.0"
    assert "alternate" in v["debian-12/x86_64"].flags
    assert v["debian-12/mips64el"].status == TOO_OLD and v["debian-12/mips64el"].version == "1.70.0"
    # The rolling tree was last seen at 1.80 before the date: a lower bound that suffices.
    assert v["msys-rolling/x86_64"].status == OK and "lower-bound" in v["msys-rolling/x86_64"].flags
    assert not res.ok and [x.platform.id for x in res.failing] == ["debian-12/mips64el"]


def test_names_not_used_by_project_are_ignored(mini_project):
    res = questions.check(mini_project, store(), "rust", "1.90", d("2025-05-06"))
    v = verdicts(res)["debian-12/x86_64"]
    assert v.status == TOO_OLD  # rustc-mozilla 1.99 is not a package the project uses
    assert "backports-newer" in v.flags and "only in backports" in v.reason


def test_lower_bound_cannot_prove_too_old(mini_project):
    res = questions.check(mini_project, store(), "rust", "1.90", d("2025-05-06"))
    assert verdicts(res)["msys-rolling/x86_64"].status == UNKNOWN


def test_rolling_before_first_observation_is_unknown(mini_project):
    res = questions.check(mini_project, store(), "rust", "1.0", d("2024-01-01"))
    assert verdicts(res)["msys-rolling/x86_64"].status == UNKNOWN


def test_unknown_and_missing(mini_project):
    res = questions.check(mini_project, store(), "glib", "2.66", d("2025-05-06"))
    assert all(v.status == UNKNOWN for v in res.verdicts) and res.ok
    only_bpo = store([pf("debian", "12", "meson", "meson", "1.7.0", "backports", valid_from="2025-01-01",
                         as_of="2026-01-01")])
    res = questions.check(mini_project, only_bpo, "meson", "1.5", d("2025-05-06"))
    v = verdicts(res)["debian-12/x86_64"]
    assert v.status == MISSING and "backports" in v.reason


def test_not_built_on_arch(mini_project):
    s = store([pf("debian", "12", "bindgen", "bindgen", "0.60.1", as_of="2026-01-01", arches=("x86_64",))])
    v = verdicts(questions.check(mini_project, s, "bindgen", "0.60", d("2025-05-06")))
    assert v["debian-12/x86_64"].status == OK
    assert v["debian-12/mips64el"].status == MISSING and "not built on mips64el" in v["debian-12/mips64el"].reason


def test_user_facts_outrank_embedded(mini_project):
    s = store()
    s.add(FactSet(packages=(pf("debian", "12", "rust", "rustc-web", "1.77.0", "alternate",
                               as_of="2025-05-01", arches=("mips64el",)),)), origin=ORIGIN_USER)
    v = verdicts(questions.check(mini_project, s, "rust", "1.77", d("2025-05-06")))["debian-12/mips64el"]
    assert v.status == OK and "user-fact" in v.flags
    overridden = [c for c in v.considered if "overridden" in c.note]
    assert overridden and overridden[0].fact.version == "1.70.0"


def test_floor_and_ladder(mini_project):
    res = questions.floor(mini_project, store(), "rust", d("2025-05-06"))
    assert res.floor == "1.70.0" and res.limiting == ("debian-12/mips64el",)
    assert [s.floor for s in res.ladder] == ["1.70.0", "1.78.0", None]
    assert res.ladder[1].excepted == ("debian-12/mips64el",)
    # The rolling tree's lower bound (1.80, seen 2024-08-30) is not a floor, but it clears 1.70: not limiting.
    assert res.unknown == () and [v.platform.id for v in res.at_least] == ["msys-rolling/x86_64"]
    assert res.floor_rounded == "1.70.0"


def test_when_walks_policy_dates(mini_project):
    res = questions.when(mini_project, store(), "rust", "1.85", d("2025-05-06"), exceptions=("msys-rolling",))
    # debian-12/x86_64 gets 1.85 on 2025-07-27; mips64el stays on 1.70 until debian-12 leaves the policy.
    assert res.date == d("2026-07-11")
    assert res.steps[0].failing == ("debian-12/mips64el", "debian-12/x86_64")
    assert res.steps[-1].failing == ("debian-12/mips64el",)


def test_when_never(mini_project):
    res = questions.when(mini_project, store(), "rust", "9.0", d("2025-05-06"), exceptions=("msys-rolling",))
    assert res.date is None and res.blockers


def test_matrix_and_explain(mini_project):
    m = questions.matrix(mini_project, store(), d("2025-05-06"))
    assert m.dependencies == ("rust",) and len(m.cells) == len(m.platforms)
    e = questions.explain(mini_project, store(), "debian-12/mips64el", d("2025-05-06"))
    assert e.platforms[0].id == "debian-12/mips64el" and e.verdicts[0].version == "1.70.0"
    e = questions.explain(mini_project, store(), "debian-11", d("2025-05-06"))
    assert e.excluded and "2024-08-14" in e.excluded[0].reason


def test_exceptions(mini_project):
    res = questions.check(mini_project, store(), "rust", "1.77", d("2025-05-06"), exceptions=("debian-12/mips64el",))
    assert res.ok and res.excepted == ("debian-12/mips64el",)


def test_project_says_not_from_os_and_external(mini_project):
    from dataclasses import replace

    from canirequire.policy.project import Dependency

    s = store([pf("debian", "12", "bindgen", "bindgen", "0.55.0", as_of="2026-01-01")])
    none_here = replace(mini_project, dependencies=(Dependency("bindgen", packages=(("debian", ()),)),))
    v = verdicts(questions.check(none_here, s, "bindgen", "0.60", d("2025-05-06")))["debian-12/x86_64"]
    assert v.status == MISSING and "does not take it from OS packages" in v.reason
    external = replace(mini_project, dependencies=(
        Dependency("bindgen", packages=(("debian", ("bindgen", "external: cargo install bindgen-cli")),)),))
    v = verdicts(questions.check(external, s, "bindgen", "0.60", d("2025-05-06")))["debian-12/x86_64"]
    assert v.status == OK and v.flags == ("external",) and "cargo install" in v.reason
    v = verdicts(questions.check(external, s, "bindgen", "0.50", d("2025-05-06")))["debian-12/x86_64"]
    assert v.version == "0.55.0"  # the distro package, when new enough, still decides


def test_alternate_without_arrival_date_says_nothing_about_earlier_dates(mini_project):
    s = store([pf("debian", "12", "rust", "rustc-web", "1.96.0", "alternate", as_of="2026-06-01",
                  arches=("mips64el",))])
    v = verdicts(questions.check(mini_project, s, "rust", "1.77", d("2025-05-06")))["debian-12/mips64el"]
    assert v.version == "1.70.0"
    v = verdicts(questions.check(mini_project, s, "rust", "1.77", d("2026-06-15")))["debian-12/mips64el"]
    assert v.version == "1.96.0"


def test_arch_less_sources_borrow_arches_from_per_arch_index(mini_project):
    from canirequire.facts.model import ORIGIN_REFRESHED

    s = store()
    s.add(FactSet(packages=(pf("debian", "12", "rust", "rustc-web", "1.85.0", "alternate", as_of="2025-08-01",
                               valid_from="2025-08-01"),)), origin=ORIGIN_REFRESHED)
    v = verdicts(questions.check(mini_project, s, "rust", "1.77", d("2025-09-01")))
    assert v["debian-12/x86_64"].version == "1.85.0"
    assert v["debian-12/mips64el"].version == "1.70.0"  # the index never saw 1.85 built on mips64el


def test_arch_not_indexed_is_unknown_not_absent(mini_project):
    # bullseye's index today lists 4 arches; mips64el was never looked at, so rustc may well be there.
    s = store([pf("debian", "12", "glib", "libglib2.0-dev", "2.74.6", as_of="2026-07-11",
                  arches=("x86_64",), arches_checked=("x86_64",))])
    v = verdicts(questions.check(mini_project, s, "glib", "2.66", d("2025-05-06")))["debian-12/mips64el"]
    assert v.status == OK and "arch-unverified" in v.flags
    s = store([pf("debian", "12", "glib", "libglib2.0-dev", "2.74.6", as_of="2026-07-11",
                  arches=("x86_64",), arches_checked=("mips64el", "x86_64"))])
    v = verdicts(questions.check(mini_project, s, "glib", "2.66", d("2025-05-06")))["debian-12/mips64el"]
    assert v.status == MISSING and "not built on mips64el" in v.reason
