"""Can we use it yet? Features to versions to platforms (issue 19), on the real feature tables."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canirequire.app.session import Session
from canirequire.cli import main
from canirequire.engine import questions
from canirequire.engine.features import can_use, lookup
from canirequire.engine.walk import walk_until_ok

_S: list[Session] = []


def session() -> Session:
    if not _S:
        _S.append(Session.open("qemu", embedded_only=True))
    return _S[0]


@pytest.mark.parametrize("asked,version", [("rust:c_str_literals", "1.77.0"), ("rust:let_chains", "1.88.0"),
                                           ("meson:install_data:install_tag", "0.60.0"),
                                           ("glib:g_idle_add_once", "2.74"), ("let chains", "1.88.0")])
def test_real_rows(asked, version):
    match = lookup(session().features(), asked)
    assert match.feature is not None and match.feature.version == version


def test_several_features_are_answered_by_their_maximum_and_agree_with_check_and_when():
    on = dt.date(2025, 5, 6)
    engine = session().engine(on)
    res = can_use(engine, session().features(), ("rust:let_chains", "rust:c_str_literals"))
    (req,) = res.requirements
    assert req.version == "1.88.0" and req.deciding.feature == "let_chains"
    assert req.deciding.date is not None  # dated by the upstream release when the table has no date
    direct = questions.check(engine, "rust", "1.88.0")
    assert {v.platform.id for v in req.check.failing} == {v.platform.id for v in direct.failing}
    assert req.when.date == walk_until_ok(engine, [("rust", "1.88.0")], on).date


def test_unknown_and_misspelt_features():
    runner = CliRunner()
    out = runner.invoke(main, ["can-use", "rust:frobnicate_the_widget", "--embedded-only", "--format", "json"])
    assert out.exit_code == 0 and json.loads(out.output)["features"][0]["note"] == "no known minimum"
    out = runner.invoke(main, ["can-use", "rust:let_chians", "--embedded-only"])
    assert out.exit_code == 2 and "did you mean" in out.output and "let_chains" in out.output


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_can_use_agrees_with_check_for_random_features(data):
    features = session().features()
    f = data.draw(st.sampled_from([f for f in features if f.toolchain in ("rust", "meson", "glib")]))
    on = data.draw(st.dates(dt.date(2022, 1, 1), dt.date(2027, 6, 30)))
    engine = session().engine(on)
    res = can_use(engine, features, (f"{f.toolchain}:{f.feature}",))
    (req,) = res.requirements
    direct = questions.check(engine, req.dependency, req.version)
    assert [v.status for v in req.check.verdicts] == [v.status for v in direct.verdicts]


def test_gains_lists_what_raising_the_floor_buys_and_what_it_costs():
    from canirequire.engine.features import gains

    on = dt.date(2025, 5, 6)
    engine = session().engine(on)
    res = gains(engine, session().features(), "rust", "1.77", "1.83")
    names = [f.feature for f in res.features]
    assert "const_refs_to_static" in names and "c_str_literals" not in names  # 1.77 has it already
    assert names.index("const_refs_to_static") < len(names) // 2  # language gates come first
    at_end = {v.platform.id for v in questions.check(engine, "rust", "1.83").failing}
    at_start = {v.platform.id for v in questions.check(engine, "rust", "1.77").failing}
    assert {v.platform.id for v in res.dropped} == at_end - at_start


def test_each_floor_step_names_what_it_unlocks():
    on = dt.date(2025, 5, 6)
    res = questions.floor(session().engine(on), "rust", session().features())
    steps = [s for s in res.ladder if s.floor]
    assert res.unlocks[0] == () and len(res.unlocks) == len(steps)
    from canirequire.versions.libversion import compare

    for prev, step, gained in zip(steps, steps[1:], res.unlocks[1:]):
        assert all(compare(prev.floor, f.version) < 0 <= compare(step.floor, f.version) for f in gained)


def test_wanted_features_get_dates_in_schedule_and_a_lint_finding(tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["schedule", "rust", "--project", "qemu", "--on", "2025-05-06", "--embedded-only",
                               "--format", "json"])
    wanted = {w["feature"]: w for w in json.loads(out.output)["wanted"]}
    assert wanted["const_refs_to_static"]["found"]["version"] == "1.83.0"
    walk = walk_until_ok(session().engine(dt.date(2025, 5, 6)), [("rust", "1.83.0")], dt.date(2025, 5, 6))
    assert wanted["const_refs_to_static"]["date"] == (walk.date.isoformat() if walk.date else None)
    cargo = tmp_path / "Cargo.toml"
    cargo.write_text('[package]\nname = "x"\nversion = "0.1.0"\nrust-version = "1.77.0"\n')
    out = runner.invoke(main, ["lint", str(tmp_path), "--project", "qemu", "--on", "2025-05-06", "--embedded-only",
                               "--format", "json"])
    statuses = [f["status"] for f in json.loads(out.output)["findings"]]
    assert "wants-more" in statuses and out.exit_code == 1
    message = next(f["message"] for f in json.loads(out.output)["findings"] if f["status"] == "wants-more")
    assert "wants const_refs_to_static (1.83.0) but rust-version says 1.77.0" in message


def test_the_report_names_what_each_later_floor_step_unlocks(tmp_path):
    from canirequire.report.html import _later_steps

    on = dt.date(2025, 5, 6)
    res = questions.floor(session().engine(on), "rust", session().features())
    steps = _later_steps(res)
    assert steps, "the qemu rust ladder has steps past its floor on 2025-05-06"
    ladder = [s for s in res.ladder if s.floor]
    for (shown, releases, gain), step, unlocks in zip(steps, ladder[1:], res.unlocks[1:]):
        assert shown in (step.floor, step.floor_rounded)
        assert releases.split(", ")[0] == step.limiting[0].partition("/")[0]
        assert (gain != "") == bool(unlocks)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "--project", "qemu", "--on", "2025-05-06", "--embedded-only",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"then {steps[0][0]} without {steps[0][1]}" in out.read_text()
