from canirequire.engine import questions
from canirequire.engine.results import FactUse
from canirequire.engine.walk import walk_until_ok
from canirequire.model import Cause, FactSet, Flag, Origin, Status
from canirequire.report.view import reason
from conftest import d, engine_for, lc, make_store, pf

OK, TOO_OLD, MISSING, UNKNOWN = Status.OK, Status.TOO_OLD, Status.MISSING, Status.UNKNOWN

LIFE = [lc("debian", "11", "2021-08-14", "2024-08-14"), lc("debian", "12", "2023-06-10", "2026-07-11"),
        lc("debian", "13", "2025-08-09", "2028-08-09")]


def store(extra=(), layers=()):
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
    return make_store(LIFE, packages, extra_layers=layers)


def verdicts(result):
    return {v.platform.id: v for v in result.verdicts}


def test_check_statuses_and_reasons(mini_project):
    res = questions.check(engine_for(mini_project, store(), d("2025-05-06")), "rust", "1.77")
    v = verdicts(res)
    assert v["debian-12/x86_64"].status == OK and v["debian-12/x86_64"].version == "1.78.0"
    assert "alternate" in v["debian-12/x86_64"].flags
    assert v["debian-12/mips64el"].status == TOO_OLD and v["debian-12/mips64el"].version == "1.70.0"
    # The rolling tree was last seen at 1.80 before the date: a lower bound that suffices.
    assert v["msys-rolling/x86_64"].status == OK and "lower-bound" in v["msys-rolling/x86_64"].flags
    assert not res.ok and [x.platform.id for x in res.failing] == ["debian-12/mips64el"]


def test_names_not_used_by_project_are_ignored(mini_project):
    res = questions.check(engine_for(mini_project, store(), d("2025-05-06")), "rust", "1.90")
    v = verdicts(res)["debian-12/x86_64"]
    assert v.status == TOO_OLD  # rustc-mozilla 1.99 is not a package the project uses
    assert "backports-newer" in v.flags and "only in backports" in reason(v)


def test_lower_bound_cannot_prove_too_old(mini_project):
    res = questions.check(engine_for(mini_project, store(), d("2025-05-06")), "rust", "1.90")
    assert verdicts(res)["msys-rolling/x86_64"].status == UNKNOWN


def test_rolling_before_first_observation_is_unknown(mini_project):
    res = questions.check(engine_for(mini_project, store(), d("2024-01-01")), "rust", "1.0")
    assert verdicts(res)["msys-rolling/x86_64"].status == UNKNOWN


def test_unknown_and_missing(mini_project):
    res = questions.check(engine_for(mini_project, store(), d("2025-05-06")), "glib", "2.66")
    assert all(v.status == UNKNOWN for v in res.verdicts) and res.ok
    only_bpo = store([pf("debian", "12", "meson", "meson", "1.7.0", "backports", valid_from="2025-01-01",
                         as_of="2026-01-01")])
    res = questions.check(engine_for(mini_project, only_bpo, d("2025-05-06")), "meson", "1.5")
    v = verdicts(res)["debian-12/x86_64"]
    assert v.status == MISSING and "backports" in reason(v)


def test_not_built_on_arch(mini_project):
    s = store([pf("debian", "12", "bindgen", "bindgen", "0.60.1", as_of="2026-01-01", arches=("x86_64",))])
    v = verdicts(questions.check(engine_for(mini_project, s, d("2025-05-06")), "bindgen", "0.60"))
    assert v["debian-12/x86_64"].status == OK
    assert v["debian-12/mips64el"].status == MISSING and "not built on mips64el" in reason(v["debian-12/mips64el"])


def test_user_facts_outrank_embedded(mini_project):
    user = FactSet(packages=(pf("debian", "12", "rust", "rustc-web", "1.77.0", "alternate",
                                as_of="2025-05-01", arches=("mips64el",)),)).with_origin(Origin.USER)
    s = store(layers=[user])
    v = verdicts(questions.check(engine_for(mini_project, s, d("2025-05-06")), "rust", "1.77"))["debian-12/mips64el"]
    assert v.status == OK and Flag.USER_FACT in v.flags
    e = _explain(mini_project, s, "debian-12/mips64el", d("2025-05-06"))
    overridden = [c for c in e.verdicts[0].considered if c.use is FactUse.OVERRIDDEN]
    assert overridden and overridden[0].fact.version == "1.70.0" and overridden[0].overridden_by is Origin.USER


def test_floor_and_ladder(mini_project):
    res = questions.floor(engine_for(mini_project, store(), d("2025-05-06")), "rust")
    assert res.floor == "1.70.0" and res.limiting == ("debian-12/mips64el",)
    assert [s.floor for s in res.ladder] == ["1.70.0", "1.78.0", None]
    assert res.ladder[1].excepted == ("debian-12/mips64el",)
    # The rolling tree's lower bound (1.80, seen 2024-08-30) is not a floor, but it clears 1.70: not limiting.
    assert res.unknown == () and [v.platform.id for v in res.at_least] == ["msys-rolling/x86_64"]
    assert res.floor_rounded == "1.70.0"


def test_when_walks_policy_dates(mini_project):
    res = walk_until_ok(engine_for(mini_project, store(), d("2025-05-06"), exceptions=("msys-rolling",)), [("rust", "1.85")],
                        d("2025-05-06"))
    # debian-12/x86_64 gets 1.85 on 2025-07-27; mips64el stays on 1.70 until debian-12 leaves the policy.
    assert res.date == d("2026-07-11")
    assert res.steps[0].failing == ("debian-12/mips64el", "debian-12/x86_64")
    # The last step is the clear date itself: nothing blocks from then on.
    assert res.steps[-2].failing == ("debian-12/mips64el",)
    assert res.steps[-1].date == d("2026-07-11") and res.steps[-1].failing == ()


def test_when_never(mini_project):
    res = walk_until_ok(engine_for(mini_project, store(), d("2025-05-06"), exceptions=("msys-rolling",)), [("rust", "9.0")],
                        d("2025-05-06"))
    assert res.date is None and res.blockers


def test_matrix_and_explain(mini_project):
    m = questions.matrix(engine_for(mini_project, store(), d("2025-05-06")))
    assert m.dependencies == ("rust",) and len(m.cells) == len(m.platforms)
    e = _explain(mini_project, store(), "debian-12/mips64el", d("2025-05-06"))
    assert e.platforms[0].id == "debian-12/mips64el" and e.verdicts[0].version == "1.70.0"
    e = _explain(mini_project, store(), "debian-11", d("2025-05-06"))
    assert e.excluded and "2024-08-14" in e.excluded[0].reason


def test_exceptions(mini_project):
    res = questions.check(engine_for(mini_project, store(), d("2025-05-06"), exceptions=("debian-12/mips64el",)), "rust", "1.77")
    assert res.ok and res.excepted == ("debian-12/mips64el",)


def test_project_says_not_from_os_and_external(mini_project):
    from dataclasses import replace

    from canirequire.policy.project import Dependency

    s = store([pf("debian", "12", "bindgen", "bindgen", "0.55.0", as_of="2026-01-01")])
    none_here = replace(mini_project, dependencies=(Dependency("bindgen", packages=(("debian", ()),)),))
    v = verdicts(questions.check(engine_for(none_here, s, d("2025-05-06")), "bindgen", "0.60"))["debian-12/x86_64"]
    assert v.status == MISSING and "does not take it from OS packages" in reason(v)
    external = replace(mini_project, dependencies=(
        Dependency("bindgen", packages=(("debian", ("bindgen",)),), external=(("debian", "cargo install bindgen-cli"),)),))
    v = verdicts(questions.check(engine_for(external, s, d("2025-05-06")), "bindgen", "0.60"))["debian-12/x86_64"]
    assert v.status == OK and v.flags == ("external",) and "cargo install" in reason(v)
    v = verdicts(questions.check(engine_for(external, s, d("2025-05-06")), "bindgen", "0.50"))["debian-12/x86_64"]
    assert v.version == "0.55.0"  # the distro package, when new enough, still decides


def test_alternate_without_arrival_date_says_nothing_about_earlier_dates(mini_project):
    s = store([pf("debian", "12", "rust", "rustc-web", "1.96.0", "alternate", as_of="2026-06-01",
                  arches=("mips64el",))])
    v = verdicts(questions.check(engine_for(mini_project, s, d("2025-05-06")), "rust", "1.77"))["debian-12/mips64el"]
    assert v.version == "1.70.0"
    v = verdicts(questions.check(engine_for(mini_project, s, d("2026-06-15")), "rust", "1.77"))["debian-12/mips64el"]
    assert v.version == "1.96.0"


def test_arch_less_sources_borrow_arches_from_per_arch_index(mini_project):
    refreshed = FactSet(packages=(pf("debian", "12", "rust", "rustc-web", "1.85.0", "alternate", as_of="2025-08-01",
                                     valid_from="2025-08-01"),)).with_origin(Origin.REFRESHED)
    s = store(layers=[refreshed])
    v = verdicts(questions.check(engine_for(mini_project, s, d("2025-09-01")), "rust", "1.77"))
    assert v["debian-12/x86_64"].version == "1.85.0"
    assert v["debian-12/mips64el"].version == "1.70.0"  # the index never saw 1.85 built on mips64el


def test_arch_not_indexed_is_unknown_not_absent(mini_project):
    # bullseye's index today lists 4 arches; mips64el was never looked at, so rustc may well be there.
    s = store([pf("debian", "12", "glib", "libglib2.0-dev", "2.74.6", as_of="2026-07-11",
                  arches=("x86_64",), arches_checked=("x86_64",))])
    v = verdicts(questions.check(engine_for(mini_project, s, d("2025-05-06")), "glib", "2.66"))["debian-12/mips64el"]
    # An index vouches only for the architectures it covered: unknown, not ok and not missing.
    assert v.status == UNKNOWN and v.cause is Cause.ARCH_NOT_COVERED
    s = store([pf("debian", "12", "glib", "libglib2.0-dev", "2.74.6", as_of="2026-07-11",
                  arches=("x86_64",), arches_checked=("mips64el", "x86_64"))])
    v = verdicts(questions.check(engine_for(mini_project, s, d("2025-05-06")), "glib", "2.66"))["debian-12/mips64el"]
    assert v.status == MISSING and "not built on mips64el" in reason(v)


def _explain(project, facts, spec, on):
    from canirequire.model import parse_platform_spec

    return questions.explain(engine_for(project, facts, on), parse_platform_spec(spec, ["debian", "msys", "msys2"]), spec)
