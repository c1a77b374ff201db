"""The walk through time (one sweep per platform) must agree with asking each date on its own."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from canirequire.engine.results import Platform
from canirequire.model import Channel, FactSet, Origin, PackageFact, RuleKind
from canirequire.policy.project import parse_project
from canirequire.store.index import FactIndex
from conftest import d, engine_for
from test_time_rules import LIFECYCLES, PROJECT

START, END = d("2023-01-01"), d("2027-01-01")
days = st.integers(min_value=0, max_value=(END - START).days).map(lambda n: START + dt.timedelta(days=n))
maybe_day = st.none() | days

# (platform os, release, the repositories its facts may come from)
PLATFORMS = [
    ("debian", "12", [("debian", "12")]),
    ("fedora", "42", [("fedora", "42")]),
    ("rhel", "9", [("rhel", "9.4"), ("rhel", "9.5"), ("rhel", "9")]),
    ("centos-stream", "9", [("centos-stream", "9"), ("rhel", "9.4"), ("rhel", "9.6")]),
    ("opensuse-leap", "15.6", [("opensuse-leap", "15.6"), ("sles", "15")]),
    ("openbsd", "7.7", [("openbsd", "7.7"), ("openbsd", "rolling")]),
    ("netbsd", "10", [("pkgsrc", "rolling"), ("pkgsrc", "2024Q4"), ("pkgsrc", "2025Q2")]),
]


def fact_for(repos):
    return st.builds(
        lambda repo, package, version, channel, as_of, seen_back, valid_from, length, arches, checked, origin,
        newest, introduced: PackageFact(
            os=repo[0], release=repo[1], dependency="rust", package=package, version=version, channel=channel,
            source="generated", as_of=as_of, valid_from=valid_from,
            valid_to=(valid_from + dt.timedelta(days=length)) if valid_from and length else None,
            seen_from=(as_of - dt.timedelta(days=seen_back)) if as_of and seen_back else None,
            arches=arches, arches_checked=checked, origin=origin, newest=newest and as_of is not None,
            introduced=introduced and valid_from is not None, quality=()),
        repo=st.sampled_from(repos),
        package=st.sampled_from(["rustc", "rustc-web", "rust", "lang/rust", "rust1.82"]),
        version=st.sampled_from(["1.63.0", "1.70.0", "1.77", "1.78.0", "1.85.0", "1.96.0"]),
        channel=st.sampled_from(list(Channel)),
        as_of=maybe_day,
        seen_back=st.none() | st.integers(min_value=1, max_value=400),
        valid_from=maybe_day,
        length=st.none() | st.integers(min_value=1, max_value=900),
        arches=st.none() | st.sampled_from([(), ("x86_64",), ("mips64el",)]),
        checked=st.none() | st.sampled_from([("x86_64",), ("mips64el", "x86_64")]),
        origin=st.sampled_from(list(Origin)),
        newest=st.booleans(),
        introduced=st.booleans(),
    )


@st.composite
def scenario(draw):
    os_id, release, repos = draw(st.sampled_from(PLATFORMS))
    facts = draw(st.lists(fact_for(repos), max_size=10))
    return os_id, release, facts


@settings(max_examples=400, deadline=None)
@given(scenario(), st.sampled_from(["1.70", "1.77", "1.85"]))
def test_sweep_agrees_with_point_verdicts(case, minimum):
    os_id, release, facts = case
    project = parse_project(PROJECT, "t.toml")
    index = FactIndex([FactSet(lifecycles=tuple(LIFECYCLES), packages=tuple(facts))])
    engine = engine_for(project, index, START)
    lifecycle = next((lc for lc in LIFECYCLES if lc.os == os_id), None)
    platform = Platform(os_id, release, "x86_64", "r", RuleKind.NEWEST_AND_PREVIOUS, None, "", lifecycle)
    changes = engine.resolver.status_changes(platform, "rust", minimum, START, END)
    probes = {START, END - dt.timedelta(days=1)}
    for f in facts:
        for day in (f.valid_from, f.valid_to, f.as_of, f.seen_from):
            if day:
                probes |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    probes |= {d("2024-12-26"), d("2024-12-27"), d("2025-06-26")}  # estimated pkgsrc branch cuts
    if lifecycle:
        probes |= {lifecycle.release_date - dt.timedelta(days=1), lifecycle.release_date}
    for day in sorted(p for p in probes if START <= p < END):
        expected = engine.resolver.verdict(platform, "rust", day, minimum).status
        swept = [s for when, s in changes if when <= day][-1]
        assert swept is expected, (day, swept, expected)


