"""Issue 10: components with their own host sets, "ported at all" and tiers over time, the
C-toolchain baseline, and upstream friction as a dated risk signal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

from canirequire.app.session import Session
from canirequire.cli import main
from canirequire.engine import questions
from canirequire.engine.annotate import friction_state
from canirequire.engine.compare import compare
from canirequire.engine.results import Coverage, FrictionState
from canirequire.engine.roadmap import roadmap
from canirequire.model import Flag, FrictionItem, Status
from canirequire.policy.project import ProjectError, parse_project
from conftest import d, engine_for, lc, pf
from canirequire.model import FactSet, TierFact
from canirequire.store.index import FactIndex

D = dt.date.fromisoformat
_SESSION = []


def qemu(on, **kw):
    if not _SESSION:
        _SESSION.append(Session.open("qemu", embedded_only=True))
    return _SESSION[0].engine(D(on), **kw)


def run(*args):
    result = CliRunner().invoke(main, [*args, "--embedded-only"])
    return result


# -- 1. components ------------------------------------------------------------------------------

@pytest.mark.parametrize("on", ["2024-11-04", "2025-05-06", "2026-11-30"])
def test_bsd_user_runs_on_freebsd_x86_64_and_aarch64_only(on):
    plats = questions.platforms(qemu(on, components=("bsd-user",)))
    assert plats.supported and {(p.os, p.arch) for p in plats.supported} <= {("freebsd", "x86_64"),
                                                                            ("freebsd", "aarch64")}
    assert all(e.release.startswith("freebsd-") for e in plats.excluded)
    out = run("platforms", "--component", "bsd-user", "--on", on)
    assert out.exit_code == 0 and "freebsd" in out.output and "debian" not in out.output


def test_system_leaves_out_32_bit_x86_hosts_and_the_roadmap_follows():
    whole = {p.id for p in questions.platforms(qemu("2025-05-06")).supported}
    system = {p.id for p in questions.platforms(qemu("2025-05-06", components=("system",))).supported}
    assert "debian-12/i686" in whole and "debian-12/i686" not in system and system < whole
    whole_road, system_road = roadmap(qemu("2025-05-06")), roadmap(qemu("2025-05-06", components=("system",)))
    for w, s in zip(whole_road.stages, system_road.stages):
        assert s.supported_count < w.supported_count
        assert "debian-12/i686" in {i.verdict.platform.id for i in w.at_risk + w.lost + w.degraded} | {
            v.platform.id for v in w.unknown} or w.supported_count - s.supported_count >= 1
    assert system_road.component == "system"
    assert json.loads(run("roadmap", "--component", "system", "--format", "json").output)["component"] == "system"


PROJECT = """
[project]
name = "p"
host_arches = ["x86_64", "i686"]
[[os]]
id = "debian"
rule = "newest-and-previous"
arches = ["x86_64", "i686"]
[[os]]
id = "freebsd"
rule = "newest-and-previous"
arches = ["x86_64"]
[dependencies.rust]
[dependencies.glib]
[[component]]
name = "system"
exclude = ["32-bit"]
dependencies = ["glib", "rust"]
[[component]]
name = "user"
include = ["freebsd/amd64", "debian"]
dependencies = ["glib"]
[[roadmap]]
label = "all"
date = 2025-05-06
requires.rust = { level = "mandatory", minimum = "1.70" }
[[roadmap]]
label = "system only"
date = 2025-05-06
components = ["system"]
requires.rust = { level = "mandatory", minimum = "1.70" }
"""
LIFECYCLES = [lc("debian", "12", "2023-06-10", "2026-07-11"), lc("freebsd", "14", "2023-11-20", "2028-11-30")]


def _engine(components=()):
    facts = [pf("debian", "12", "rust", "rustc", "1.63.0", valid_from="2023-06-10", as_of="2026-07-11",
                arches=("x86_64", "i686"), arches_checked=("x86_64", "i686")),
             pf("freebsd", "14", "rust", "lang/rust", "1.80.0", valid_from="2023-11-20", as_of="2026-07-11")]
    project = parse_project(PROJECT, "p.toml")
    index = FactIndex([FactSet(lifecycles=tuple(LIFECYCLES), packages=tuple(facts))])
    engine = engine_for(project, index, d("2025-05-06"))
    if components:
        from dataclasses import replace

        from canirequire.engine.questions import Engine

        scope = replace(engine.scope, components=tuple(project.component(c) for c in components))
        engine = Engine(engine.index, engine.catalog, scope)
    return engine


def test_a_stage_scoped_to_components_binds_only_their_platforms():
    whole = {si.stage.label: si for si in roadmap(_engine()).stages}
    lost_all = {i.verdict.platform.id for i in whole["all"].lost}
    lost_system = {i.verdict.platform.id for i in whole["system only"].lost}
    assert lost_all == {"debian-12/x86_64", "debian-12/i686"}
    assert lost_system == {"debian-12/x86_64"}  # the 32-bit host does not build the system component
    user = {si.stage.label: si for si in roadmap(_engine(("user",))).stages}
    assert not user["system only"].applies and user["all"].applies
    assert {i.verdict.platform.id for i in user["all"].lost} == {"debian-12/x86_64", "debian-12/i686"}


def test_component_specs_are_checked():
    base = PROJECT.split("[[component]]")[0]
    for bad, message in (
        ('[[component]]\nname = "x"\ninclude = ["solaris"]\n', "names no OS"),
        ('[[component]]\nname = "x"\ninclude = ["freebsd/sparc"]\n', "OS-or-release/arch"),
        ('[[component]]\nname = "x"\ndependencies = ["nope"]\n', "not declared"),
        ('[[component]]\nname = "x"\n[[component]]\nname = "x"\n', "used twice"),
        ('[[roadmap]]\nlabel = "s"\ndate = 2025-01-01\ncomponents = ["nope"]\n', "not defined"),
    ):
        with pytest.raises(ProjectError, match=message):
            parse_project(base + bad, "p.toml")
    out = run("platforms", "--component", "nope")
    assert out.exit_code == 2 and "components: system, linux-user, bsd-user, tools" in out.output


def test_matrix_defaults_to_what_a_component_needs():
    res = questions.matrix(qemu("2025-05-06", components=("linux-user",)))
    assert res.dependencies == ("glib", "meson", "python3", "ninja") and res.component == "linux-user"
    assert not any(p.os in ("freebsd", "macos", "windows") for p in res.platforms)


# -- 2. ported at all, and tiers over time ---------------------------------------------------------

def _tier(engine, platform_id, on):
    engine = qemu(on)
    plat = next(p for p in engine.platforms_on(D(on), all_arches=True).supported if p.id == platform_id)
    return engine.annotator.tier_for(plat, "rust", on=D(on))


def test_tier_is_read_at_the_date():
    assert _tier(None, "debian-12/mips64el", "2023-07-01").fact.tier == 2  # the ~2022 table, before 1.72
    assert _tier(None, "debian-12/mips64el", "2025-05-06").fact.tier == 3  # demoted in 1.72.0 (2023-08-24)
    assert _tier(None, "freebsd-14/aarch64", "2026-03-01").fact.tier == 3
    tier = _tier(None, "freebsd-14/aarch64", "2026-11-30")
    assert (tier.fact.tier, tier.fact.host_tools) == (2, True)  # promoted in 1.98.0 (2026-08-20)
    assert [c.from_version for c in tier.history if c.from_date] == ["1.17.0", "1.98.0"]


def test_a_tier_nothing_dates_is_unknown_not_guessed():
    tier = _tier(None, "macos-15/x86_64", "2025-05-06")  # tier 1 in the ~2022 table, tier 2 in the ~2026 one
    assert tier.fact is None and "when it changed is not in the data" in tier.label
    assert tier.flag is Flag.TIER_UNKNOWN


def test_no_upstream_target_is_worse_than_tier_3():
    project = parse_project('[project]\nname = "x"\n[[os]]\nid = "netbsd"\nrule = "newest-and-previous"\n'
                            'arches = ["s390x"]\n[dependencies.rust]\ntier_source = "rust"\n'
                            '[[roadmap]]\nlabel = "r"\ndate = 2025-05-06\n'
                            'requires.rust = { level = "mandatory", minimum = "1.0" }\n', "x.toml")
    index = FactIndex([FactSet(
        lifecycles=(lc("netbsd", "10.0", "2024-03-28", None),),
        packages=(pf("netbsd", "10.0", "rust", "rust", "1.80.0", valid_from="2024-03-28", as_of="2026-07-11"),),
        tiers=(TierFact("rust", "x86_64-unknown-netbsd", 2, True, since="2026"),))])
    engine = engine_for(project, index, d("2025-05-06"))
    verdict = questions.check(engine, "rust", "1.0").verdicts[0]
    assert verdict.status is Status.OK and Flag.NO_TARGET in verdict.flags  # s390x-unknown-netbsd: none
    assert verdict.tier.exists is False and Flag.NO_TARGET.is_blocker_risk
    stage = roadmap(engine).stages[0]
    assert [f for i in stage.at_risk for f in i.risks if f.is_blocker_risk] == [Flag.NO_TARGET]
    from canirequire.report.formats import OutputFormat, render

    assert "blocker-level risk: no upstream target" in render(roadmap(engine), OutputFormat.TEXT, width=200)


# -- 4. upstream friction -------------------------------------------------------------------------

def _item(**kw):
    base = dict(toolchain="rust", target="*-unknown-freebsd", repo="rust-lang/libc", number=1, kind="pr",
                title="t", opened=D("2021-09-17"), closed=None, closed_unknown=False, state_as_of=D("2022-01-01"),
                labels="", url="", note="", source="s")
    return FrictionItem(**{**base, **kw})


def test_friction_states_follow_what_the_dates_prove():
    assert friction_state(_item(closed=D("2024-11-21")), D("2023-01-01")) is FrictionState.OPEN
    assert friction_state(_item(closed=D("2024-11-21")), D("2025-01-01")) is FrictionState.CLOSED
    assert friction_state(_item(), D("2021-12-01")) is FrictionState.OPEN
    assert friction_state(_item(), D("2023-01-01")) is FrictionState.LAST_SEEN_OPEN
    assert friction_state(_item(closed_unknown=True), D("2023-01-01")) is FrictionState.UNKNOWN


def test_explain_shows_tier_history_and_dated_friction():
    out = run("explain", "freebsd-14/aarch64", "--deps", "rust", "--on", "2025-05-06", "--width", "250", "--details")
    assert out.exit_code == 0, out.output
    text = out.output
    assert "tier history:" in text and "tier 3 from 1.17.0, 2017-02-03" in text
    assert "upstream friction for aarch64-unknown-freebsd on 2025-05-06" in text
    assert "rust-lang/libc#2406 (pr) Raise libc's FreeBSD ABI to 12: opened 2021-09-17, closed 2024-11-21" in text
    assert "rust-lang/rust#84181" in text and "a risk signal, never a verdict" in text
    data = json.loads(run("explain", "freebsd-14/aarch64", "--deps", "rust", "--on", "2025-05-06",
                          "--format", "json").output)
    tier = data["verdicts"][0]["tier"]
    assert tier["exists"] is True and tier["history"][0]["from_version"] == "1.17.0"
    assert {f["state"] for f in tier["friction"]} >= {"closed", "unknown", "last-seen-open"}
    assert "upstream-friction" in data["verdicts"][0]["flags"]


def test_friction_is_a_risk_in_the_roadmap_never_a_verdict():
    stage = roadmap(qemu("2025-05-06")).stages[-1]
    risky = {i.verdict.platform.id: i for i in stage.at_risk}
    assert Flag.UPSTREAM_FRICTION in risky["freebsd-14/x86_64"].risks
    assert "freebsd-14/x86_64" not in {i.verdict.platform.id for i in stage.lost}


def test_upstream_issue_search_is_parsed_and_replaces_the_seed_state(tmp_path):
    from canirequire.sources import upstream_issues
    from canirequire.store.index import merge_layers

    payload = json.dumps({"total_count": 1, "incomplete_results": False, "items": [
        {"number": 84181, "title": "Promote aarch64-unknown-freebsd to Tier 2", "state": "closed",
         "created_at": "2021-04-14T10:00:00Z", "closed_at": "2026-09-01T10:00:00Z",
         "html_url": "https://github.com/rust-lang/rust/issues/84181",
         "repository_url": "https://api.github.com/repos/rust-lang/rust", "labels": [{"name": "O-freebsd"}]}]})
    items = upstream_issues.parse_search(payload, toolchain="rust", target="aarch64-unknown-freebsd",
                                         read_on=D("2026-11-30"), where="search", source="github-search")
    assert items[0].closed == D("2026-09-01") and items[0].kind == "issue" and items[0].repo == "rust-lang/rust"
    seed = [i for i in qemu("2026-11-30").index.friction if i.number == 84181]
    merged = merge_layers([FactSet(friction=tuple(seed)), FactSet(friction=tuple(items))])
    (item,) = [i for i in merged.friction if i.number == 84181]
    assert item.closed == D("2026-09-01") and not item.closed_unknown
    with pytest.raises(Exception, match="format"):
        upstream_issues.parse_search(b'{"message": "API rate limit exceeded"}', toolchain="rust", target="x",
                                     read_on=D("2026-11-30"), where="search", source="s")


def test_issue_search_waits_out_githubs_search_limit():
    from canirequire.app.history import client_settings
    from canirequire.app.refresh import plan, upstream_issue_queries

    settings = client_settings({"github": "https://api.github.com"})
    (prefix, limiter), = settings["slower"]
    assert prefix == "https://api.github.com/search/" and limiter.min_interval >= 6.0  # 10 a minute
    queries = upstream_issue_queries(qemu("2026-11-30").project)
    assert ("repo:rust-lang/rust label:O-freebsd", "*-unknown-freebsd") in queries
    assert any(t == "aarch64-unknown-freebsd" for _, t in queries)
    assert not any(t == "x86_64-unknown-linux-gnu" for _, t in queries)  # tier 1: not at risk
    jobs = plan(qemu("2026-11-30").project, ("upstream-issues",), (), ())
    assert jobs and all(j.key.startswith("upstream-issues-") for j in jobs)
    assert not any(j.key.startswith("upstream-issues") for j in plan(qemu("2026-11-30").project, (), (), ()))


# -- 3. the C-toolchain baseline --------------------------------------------------------------------

def test_compare_on_the_embedded_data_says_where_data_is_missing():
    out = run("compare", "rust", "--baseline", "gcc,clang", "--on", "2025-05-06", "--width", "200", "--details")
    assert out.exit_code == 0, out.output
    assert "Where the data is missing:" in out.output and "gcc: no data:" in out.output
    glance = run("compare", "rust", "--baseline", "gcc,clang", "--on", "2025-05-06", "--width", "200").output
    assert "gcc: no data:" in glance and "CANNOT TELL" in glance and len(glance.splitlines()) <= 12
    assert "CANNOT TELL" in out.output
    data = json.loads(run("compare", "rust", "--on", "2025-05-06", "--format", "json").output)
    assert data["kind"] == "compare" and data["baseline"] == ["gcc", "clang"]
    assert data["counts"]["unknown"] > 0 and any(m["dependency"] == "gcc" for m in data["missing_data"])
    freebsd = next(p for p in data["platforms"] if p["platform"] == "freebsd-14/x86_64")
    assert freebsd["baseline"]["clang"]["cause"] == "external"  # the base system's compiler


def test_compare_finds_where_the_baseline_reaches_and_the_dependency_does_not():
    project = parse_project(PROJECT + '[dependencies.gcc]\n', "p.toml")
    facts = [pf("debian", "12", "gcc", "gcc", "12.2.0", valid_from="2023-06-10", as_of="2026-07-11",
                arches=("x86_64", "i686"), arches_checked=("x86_64", "i686")),
             pf("debian", "12", "rust", "rustc", "1.63.0", valid_from="2023-06-10", as_of="2026-07-11",
                arches=("x86_64",), arches_checked=("x86_64", "i686")),
             pf("freebsd", "14", "gcc", "lang/gcc13", "13.2", valid_from="2023-11-20", as_of="2026-07-11"),
             pf("freebsd", "14", "rust", "lang/rust", "1.80.0", valid_from="2023-11-20", as_of="2026-07-11")]
    index = FactIndex([FactSet(lifecycles=tuple(LIFECYCLES), packages=tuple(facts))])
    res = compare(engine_for(project, index, d("2025-05-06")), "rust", ("gcc",))
    by = {r.platform.id: r.coverage for r in res.rows}
    assert by == {"debian-12/i686": Coverage.BASELINE_ONLY, "debian-12/x86_64": Coverage.BOTH,
                  "freebsd-14/x86_64": Coverage.BOTH}
    assert [r.platform.id for r in res.gaps] == ["debian-12/i686"]
    from canirequire.report.formats import OutputFormat, render

    rows = list(csv.DictReader(io.StringIO(render(res, OutputFormat.CSV))))
    assert {r["platform"]: r["coverage"] for r in rows}["debian-12/i686"] == "baseline-only"


def test_matrix_shows_the_baseline_as_its_own_columns():
    data = json.loads(run("matrix", "--deps", "rust", "--baseline", "gcc,clang", "--on", "2025-05-06",
                          "--format", "json").output)
    assert data["dependencies"] == ["rust", "gcc", "clang"] and data["baseline"] == ["gcc", "clang"]
    text = run("matrix", "--deps", "rust", "--baseline", "gcc,clang", "--on", "2025-05-06", "--width", "200").output
    assert "gcc (baseline)" in text
    rows = list(csv.DictReader(io.StringIO(run("matrix", "--deps", "rust", "--baseline", "gcc", "--on",
                                               "2025-05-06", "--format", "csv").output)))
    assert {r["baseline"] for r in rows if r["dependency"] == "gcc"} == {"yes"}
    assert {"target", "target_exists", "open_friction", "component"} <= set(rows[0])
