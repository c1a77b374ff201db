"""The walk through time (one sweep per platform) must agree with asking each date on its own."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from canirequire.engine.results import Platform
from canirequire.model import Channel, FactSet, Flag, Origin, PackageFact, RuleKind
from canirequire.store.index import FactIndex
from conftest import MINI_PROJECT, d, engine_for, lc
from canirequire.policy.project import parse_project

START, END = d("2023-01-01"), d("2027-01-01")
days = st.integers(min_value=0, max_value=(END - START).days).map(lambda n: START + dt.timedelta(days=n))
maybe_day = st.none() | days

fact = st.builds(
    lambda release, package, version, channel, as_of, valid_from, length, arches, checked, origin, quality: PackageFact(
        os="debian", release=release, dependency="rust", package=package, version=version, channel=channel,
        source="generated", as_of=as_of, valid_from=valid_from,
        valid_to=(valid_from + dt.timedelta(days=length)) if valid_from and length else None,
        arches=arches, arches_checked=checked, origin=origin, quality=quality),
    release=st.sampled_from(["12", "12"]),
    package=st.sampled_from(["rustc", "rustc-web", "rustc-mozilla"]),
    version=st.sampled_from(["1.63.0", "1.70.0", "1.77", "1.78.0", "1.85.0", "1.96.0"]),
    channel=st.sampled_from(list(Channel)),
    as_of=maybe_day,
    valid_from=maybe_day,
    length=st.none() | st.integers(min_value=1, max_value=900),
    arches=st.none() | st.sampled_from([(), ("x86_64",), ("mips64el",), ("mips64el", "x86_64")]),
    checked=st.none() | st.sampled_from([("x86_64",), ("mips64el", "x86_64")]),
    origin=st.sampled_from(list(Origin)),
    quality=st.sampled_from([(), (Flag.SECONDARY,)]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(fact, max_size=12), st.sampled_from(["1.70", "1.77", "1.85"]), st.sampled_from(["x86_64", "mips64el"]))
def test_sweep_agrees_with_point_verdicts(facts, minimum, arch):
    project = parse_project(MINI_PROJECT, "mini.toml")
    index = FactIndex([FactSet(lifecycles=(lc("debian", "12", "2023-06-10", "2026-07-11"),),
                               packages=tuple(facts))])
    engine = engine_for(project, index, START)
    platform = Platform("debian", "12", arch, "r", RuleKind.NEWEST_AND_PREVIOUS, None, "")
    changes = engine.resolver.status_changes(platform, "rust", minimum, START, END)
    probes = {START, END - dt.timedelta(days=1)}
    for f in facts:
        for day in (f.valid_from, f.valid_to, f.as_of):
            if day:
                probes |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    for day in sorted(p for p in probes if START <= p < END):
        expected = engine.resolver.verdict(platform, "rust", day, minimum).status
        swept = [s for when, s in changes if when <= day][-1]
        assert swept is expected, (day, swept, expected)
