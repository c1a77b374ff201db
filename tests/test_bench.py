"""The bench's anchor and synthetic history are held to what they claim (bench/)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from canirequire.app.session import Session
from canirequire.engine import questions
from canirequire.versions.libversion import compare

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import anchor  # noqa: E402
import synthetic  # noqa: E402


def test_the_anchor_fails_the_same_platforms_as_check():
    on = dt.date(2025, 5, 6)
    result = questions.check(Session.open("qemu", embedded_only=True).engine(on), "rust", "1.77")
    assert sorted(anchor.failing(on, "rust", "1.77")) == sorted(v.platform.id for v in result.failing)


def test_synthetic_versions_climb_to_the_real_one_and_cross_minimums():
    series = [synthetic.older_version("1.77.2", i) for i in range(12)]
    assert all(compare(a, b) > 0 for a, b in zip(series, series[1:]))  # newest first, going back in time
    assert compare(series[0], "1.77.2") < 0 and compare(series[-1], "1.75") < 0 < compare(series[0], "1.76")


def test_synthetic_history_has_the_shapes_the_questions_need():
    history = synthetic.synthetic_history(3).packages
    assert {f.channel.value for f in history} >= {"main", "updates", "security"}
    assert any(f.newest for f in synthetic.synthetic_history(8).packages)
    assert any(f.valid_from is None and f.seen_from for f in synthetic.synthetic_history(5).packages)
