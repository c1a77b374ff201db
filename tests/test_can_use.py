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
