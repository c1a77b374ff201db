"""One truth for every answer: check, floor, when, schedule, roadmap, matrix, explain and compare are
readings of the same knowledge, so they can never tell two stories.

Each invariant is asserted on the engine's results (never by parsing text), over random dates,
versions from the data, every dependency of the qemu preset and of examples/minimal.toml, and
random --except sets drawn by hypothesis.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canirequire.app.session import Session
from canirequire.engine import questions
from canirequire.engine.compare import compare
from canirequire.engine.knowledge import just_above, knowledge
from canirequire.engine.roadmap import roadmap
from canirequire.engine.schedule import candidate_versions, schedule
from canirequire.engine.walk import walk_until_ok
from canirequire.model import Answer, Status
from canirequire.model.platform import parse_platform_spec
from canirequire.versions.libversion import compare as vcmp

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "minimal.toml"
_SESSIONS: dict[str, Session] = {}
DAY = dt.timedelta(days=1)


def session(spec: str) -> Session:
    if spec not in _SESSIONS:
        _SESSIONS[spec] = Session.open(spec, embedded_only=True)
    return _SESSIONS[spec]


PROJECTS = ("qemu", str(EXAMPLE))
DEPS = {spec: tuple(d.name for d in session(spec).project.dependencies) for spec in PROJECTS}
dates = st.dates(dt.date(2021, 1, 1), dt.date(2027, 12, 31))
SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def scopes(draw):
    """(session, dependency, date, exceptions): exceptions drawn from the releases supported then."""
    spec = draw(st.sampled_from(PROJECTS))
    s = session(spec)
    dep = draw(st.sampled_from(DEPS[spec]))
    on = draw(dates)
    releases = sorted({p.release_id for p in s.engine(on).platforms_on(on).supported})
    excepted = tuple(draw(st.lists(st.sampled_from(releases), max_size=2, unique=True))) if releases else ()
    return s, dep, on, excepted


def _version_from_data(draw, s: Session, dep: str) -> str:
    versions = sorted({f.version for f in s.index.packages_for(dep)}, key=lambda v: [v])
    return draw(st.sampled_from(versions)) if versions else "1.0"


def failing_ids(result) -> set[str]:
    return {v.platform.id for v in result.failing}


def status_of(engine, platform, dep, on, minimum) -> Status:
    return engine.verdict(platform, dep, on, minimum).status


@SETTINGS
@given(scopes())
def test_check_at_the_floor_drops_nobody_and_the_ladder_is_proven(scope):
    s, dep, on, excepted = scope
    engine = s.engine(on, exceptions=excepted)
    floor = questions.floor(engine, dep)
    missing = {v.platform.id for v in floor.missing}
    if floor.floor:
        assert failing_ids(questions.check(engine, dep, floor.floor)) <= missing
    plats = {v.platform.id: v.platform for v in floor.verdicts}
    for step, after in zip(floor.ladder, floor.ladder[1:]):
        for pid in step.limiting:
            if step.floor is None:
                continue
            at = status_of(engine, plats[pid], dep, on, step.floor)
            if pid in step.unsure:
                assert at is Status.UNKNOWN, (pid, step.floor)
            else:
                assert at is Status.OK, (pid, step.floor)  # exact, never a lower bound
            if after.floor:
                assert status_of(engine, plats[pid], dep, on, after.floor).failing, (pid, after.floor)
    # Platforms only unknown above some version are listed beside the floor, never as limiters.
    limiting = set(floor.limiting)
    for k in floor.knowledge:
        if not k.bounded:
            assert k.platform.id not in limiting


@SETTINGS
@given(scopes(), st.data())
def test_status_never_improves_as_the_minimum_rises(scope, data):
    s, dep, on, excepted = scope
    engine = s.engine(on, exceptions=excepted)
    versions = sorted({f.version for f in s.index.packages_for(dep)}, key=__import__("functools").cmp_to_key(vcmp))
    if len(versions) < 2:
        return
    picked = sorted(data.draw(st.lists(st.sampled_from(versions), min_size=2, max_size=4, unique=True)),
                    key=__import__("functools").cmp_to_key(vcmp))
    rank = {Status.OK: 0, Status.UNKNOWN: 1, Status.TOO_OLD: 2, Status.MISSING: 2}
    for p in engine.platforms_on(on).supported[:40]:
        ranks = [rank[status_of(engine, p, dep, on, v)] for v in picked]
        assert ranks == sorted(ranks), (p.id, picked, ranks)


@SETTINGS
@given(scopes(), st.data())
def test_when_agrees_with_check_on_every_step(scope, data):
    s, dep, on, excepted = scope
    minimum = _version_from_data(data.draw, s, dep)
    engine = s.engine(on, exceptions=excepted)
    walk = walk_until_ok(engine, [(dep, minimum)], on)

    def check_on(day):
        return questions.check(s.engine(day, exceptions=excepted), dep, minimum)

    if walk.date is not None:
        assert not check_on(walk.date).failing
        if walk.date > on:
            before = check_on(walk.date - DAY)
            # The day before drops somebody, or nothing at all was known to pass yet ("nothing fails"
            # over no knowledge is not an answer).
            assert before.failing or not any(v.status is Status.OK for v in before.verdicts)
    if walk.proven_date is not None:
        assert check_on(walk.proven_date).answer is Answer.YES
    for step in walk.steps[:6]:
        res = check_on(step.date)
        assert set(step.failing) == failing_ids(res), step.date
        assert set(step.unknown) == {v.platform.id for v in res.unknown}, step.date
    # A platform leaving the blocked set is proven ok, leaves the policy, or is listed as unknown.
    for before, after in zip(walk.steps, walk.steps[1:6]):
        res = check_on(after.date)
        status = {v.platform.id: v.status for v in res.verdicts}
        for pid in set(before.failing) - set(after.failing):
            assert pid not in status or status[pid] is Status.OK or pid in after.unknown


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PROJECTS), dates)
def test_schedule_dates_are_when_dates(spec, on):
    s = session(spec)
    engine = s.engine(on)
    for dep in DEPS[spec][:2]:
        res = schedule(engine, (dep,), years=2)
        for e in res.entries[:4]:
            walk = walk_until_ok(engine, [(dep, e.version)], on)
            if e.date is not None:
                assert walk.date == e.date and walk.proven_date == e.proven_date, (dep, e.version)
        assert candidate_versions is not None


def test_roadmap_stages_equal_check_at_their_dates():
    s = session("qemu")
    engine = s.engine(dt.date(2026, 11, 26))
    res = roadmap(engine)
    for si in res.stages:
        if not si.applies or si.stage.components:
            continue
        lost = {i.verdict.platform.id for i in (*si.lost, *si.degraded, *si.feature_lost)}
        expected = set()
        for req in si.stage.requirements:
            expected |= failing_ids(questions.check(s.engine(si.stage.date), req.dependency, req.minimum))
        assert lost == expected, si.stage.label
        if si.clean_from is not None:
            blocking = [(r.dependency, r.minimum) for r in si.stage.requirements if r.level.value != "optional"]
            assert si.clean_from.date == walk_until_ok(s.engine(si.stage.date), blocking, si.stage.date).date


@SETTINGS
@given(scopes())
def test_matrix_cells_equal_explain_and_compare_equals_check(scope):
    s, dep, on, excepted = scope
    engine = s.engine(on)
    matrix = questions.matrix(engine, (dep,))
    for p, row in list(zip(matrix.platforms, matrix.cells))[:8]:
        spec = parse_platform_spec(p.id, {o.os for o in s.project.oses})
        explained = questions.explain(engine, spec, p.id, (dep,))
        assert explained.verdicts[0].status is row[0].status, p.id
    check = questions.check(engine, dep, "0")
    cmp = compare(engine, dep, DEPS["qemu"][:1] if dep != DEPS["qemu"][0] else DEPS["qemu"][1:2], "0")
    by_platform = {v.platform.id: v.status for v in check.verdicts}
    for row in cmp.rows:
        assert row.verdict.status is by_platform[row.platform.id], row.platform.id


@SETTINGS
@given(scopes())
def test_knowledge_is_what_check_reads(scope):
    s, dep, on, excepted = scope
    engine = s.engine(on)
    for p in engine.platforms_on(on).supported[:30]:
        k = knowledge(engine, p, dep, on)
        if k.at_least is not None:
            assert status_of(engine, p, dep, on, k.at_least) is Status.OK
        if k.at_most is not None:
            assert not status_of(engine, p, dep, on, k.at_most).failing
            assert status_of(engine, p, dep, on, just_above(k.at_most)).failing
        if k.fails_from is not None:
            assert status_of(engine, p, dep, on, k.fails_from).failing
        if k.missing:
            assert k.verdict.failing


@SETTINGS
@given(scopes(), st.data())
def test_check_fails_exactly_where_knowledge_says_it_starts_to_fail(scope, data):
    """For any minimum, check's failing set is the platforms whose knowledge puts the minimum at or past
    where they start to fail (or that lack the dependency at every version)."""
    from canirequire.engine.knowledge import candidate_key, threshold

    s, dep, on, excepted = scope
    minimum = _version_from_data(data.draw, s, dep)
    engine = s.engine(on, exceptions=excepted)
    res = questions.check(engine, dep, minimum)
    expected = set()
    for v in res.verdicts:
        k = knowledge(engine, v.platform, dep, on)
        limit = threshold(k)
        if k.missing or (limit is not None and candidate_key(minimum) > limit):
            expected.add(v.platform.id)
    assert failing_ids(res) == expected


# -- regression tests: every example issue 15 lists, written as the right answer ------------------------

def qemu(on: str, **kw):
    return session("qemu").engine(dt.date.fromisoformat(on), **kw)


def test_floor_and_check_agree_about_ubuntu_2204_in_november_2024():
    """check 1.63 called ubuntu-22.04 unknown while floor limited it at 1.58.1."""
    floor = questions.floor(qemu("2024-11-04"), "rust")
    assert not any(pid.startswith("ubuntu-22.04") for pid in floor.limiting)
    check = questions.check(qemu("2024-11-04"), "rust", floor.floor)
    assert not check.failing


def test_a_lower_bound_never_limits_the_floor():
    """2025-09-13: netbsd-9/10's July 2024 pkgsrc reading is a lower bound, not a limit."""
    floor = questions.floor(qemu("2025-09-13"), "rust")
    for step in floor.ladder:
        assert not any(pid.startswith(("netbsd-9", "netbsd-10")) for pid in step.limiting)


def test_floor_honours_external_provisioning_like_check():
    """bindgen on ubuntu-22.04 comes from cargo in the preset: check says ok, so floor may not limit it."""
    floor = questions.floor(qemu("2024-11-04"), "bindgen")
    assert not any(pid.startswith("ubuntu-22.04") for step in floor.ladder for pid in step.limiting)


def test_when_shows_a_proof_running_out_as_unknown_not_as_an_unblock():
    """rust 1.83 from 2025-05-06: ubuntu-22.04's "newest 1.82" rows end in September 2025; from then it is
    unknown (with its bracket), never 'no longer blocking'."""
    walk = walk_until_ok(qemu("2025-05-06"), [("rust", "1.83")], dt.date(2025, 5, 6))
    moved = [s for s in walk.steps if not any(p.startswith("ubuntu-22.04") for p in s.failing)
             and any(p.startswith("ubuntu-22.04") for p in s.unknown)]
    assert moved, "ubuntu-22.04 should move from blocked to unknown"
    first = moved[0]
    v = questions.check(qemu(str(first.date)), "rust", "1.83")
    jammy = next(x for x in v.verdicts if x.platform.release_id == "ubuntu-22.04")
    assert jammy.status is Status.UNKNOWN and jammy.bracket is not None and jammy.bracket.below is not None
    assert walk.proven_date is None or walk.proven_date > walk.date


def test_except_mips64el_when_gives_two_dates():
    walk = walk_until_ok(qemu("2025-10-22", exceptions=("debian-12/mips64el",)), [("rust", "1.83")],
                         dt.date(2025, 10, 22))
    if walk.date is not None and walk.unknown:
        assert walk.answer is Answer.CANNOT_TELL and walk.proven_date != walk.date
        assert all(v.bracket is not None for v in walk.unknown_verdicts if v.status is Status.UNKNOWN)


def test_a_bare_yes_over_unknowns_is_cannot_tell():
    res = questions.check(qemu("2025-05-06"), "glib", "2.66")
    assert res.unknown and not res.failing and res.answer is Answer.CANNOT_TELL
    res = questions.check(qemu("2025-10-22", exceptions=("debian-12/mips64el",)), "rust", "1.83")
    assert res.answer is (Answer.CANNOT_TELL if res.unknown and not res.failing else res.answer)
    assert res.answer is not Answer.YES or not res.unknown


def test_no_as_of_after_the_date_asked():
    res = questions.check(qemu("2024-11-04"), "rust", "1.63")
    for v in res.verdicts:
        assert v.as_of is None or v.as_of <= res.on, (v.platform.id, v.as_of)
        if v.seen_later is not None:
            assert v.seen_later > res.on
    bookworm = next(v for v in res.verdicts if v.platform.id == "debian-12/x86_64")
    assert bookworm.as_of is None or bookworm.as_of <= dt.date(2024, 11, 4)


@pytest.mark.parametrize("on", ["2024-11-04", "2025-05-06", "2025-09-13", "2026-04-21"])
def test_every_unknown_carries_a_bracket(on):
    res = questions.check(qemu(on), "rust", "1.77")
    for v in res.unknown:
        assert v.bracket is not None, v.platform.id
