import json

from click.testing import CliRunner

from canirequire.cli import main
from canirequire.engine.roadmap import roadmap
from canirequire.model import Flag
from canirequire.policy.project import parse_project
from conftest import MINI_PROJECT, d, engine_for
from test_engine import store

ROADMAP = MINI_PROJECT + """
[[ci]]
platform = "debian/x86_64"
kind = "container"

[[roadmap]]
label = "1.0"
date = 2024-12-10
requires.rust = { level = "optional", minimum = "1.63" }

[[roadmap]]
label = "2.0"
date = 2025-05-06
requires.rust = { level = "default", minimum = "1.77" }

[[roadmap]]
label = "3.0"
date = 2025-08-26
illustrative = true
requires.rust = { level = "mandatory", minimum = "1.77" }
"""


def project():
    return parse_project(ROADMAP, "roadmap.toml")


def stages(result):
    return {s.stage.label: s for s in result.stages}


def test_levels_lost_degraded_at_risk():
    p = project()
    res = stages(roadmap(engine_for(p, store(), d("2025-01-01"), exceptions=("msys-rolling",))))
    assert not res["1.0"].lost and not res["1.0"].feature_lost
    assert [i.verdict.platform.id for i in res["2.0"].degraded] == ["debian-12/mips64el"]
    assert not res["2.0"].lost
    lost = res["3.0"].lost
    assert [i.verdict.platform.id for i in lost] == ["debian-12/mips64el"]
    assert Flag.TIER_UNKNOWN in lost[0].risks and Flag.UNTESTED in lost[0].risks  # no tiers loaded in this store
    # debian-12/mips64el leaves the policy when debian-12 does (vendor EOL 2026-07-11).
    assert res["3.0"].clean_from.date == d("2026-07-11")


def test_what_if_exception_and_assumed_tier():
    p = project()
    res = roadmap(engine_for(p, store(), d("2025-01-01"), exceptions=("msys-rolling", "debian-12/mips64el")))
    assert res.ok
    res = stages(roadmap(engine_for(p, store(), d("2025-01-01"), exceptions=("msys-rolling",),
                                    assumed_tiers=(("debian-12/x86_64", "tier 2"),))))
    assert all(i.verdict.platform.id != "debian-12/x86_64" for i in res["3.0"].at_risk)


def test_cli_exit_code_and_assume(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(ROADMAP)
    runner = CliRunner()
    r = runner.invoke(main, ["roadmap", "--project", str(path), "--embedded-only", "--format", "json"])
    data = json.loads(r.output)
    # The mini project's 3.0 stage makes rust mandatory while debian-12/mips64el has rustc-web 1.70.
    assert r.exit_code == 1 and [s["label"] for s in data["stages"]] == ["1.0", "2.0", "3.0"]
    assert [p["platform"] for p in data["stages"][2]["lost"]] == ["debian-12/mips64el"]
    assert data["stages"][2]["drops_nobody_from"] == "2026-07-11"
    r = runner.invoke(main, ["roadmap", "--project", "qemu", "--format", "json"])
    assert r.exit_code == 1  # 11.0 makes Rust mandatory while debian-12/mips64el lacks rustc >= 1.77
    r = runner.invoke(main, ["roadmap", "--project", "qemu", "--except", "debian-12/mips64el"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["roadmap", "--assume", "debian-12/mips64el:rust=1.77", "--format", "json"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["roadmap", "--assume", "nonsense"])
    assert r.exit_code == 2 and "expected PLATFORM:tier=N" in r.output
    r = runner.invoke(main, ["roadmap", "--assume", "freebsd-14/aarch64:tier=9"])
    assert r.exit_code == 2 and "tier must be" in r.output
