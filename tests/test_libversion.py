import json

import pytest

from canirequire.versions.libversion import (
    ANY_IS_PATCH, LOWER_BOUND, P_IS_PATCH, UPPER_BOUND, Version, compare, round_down_minor,
)


def test_upstream_vectors(shared_data):
    vectors = json.loads((shared_data / "libversion" / "compare-test-vectors.json").read_text())["vectors"]
    assert len(vectors) == 179
    failures = []
    for v in vectors:
        got = compare(v["v1"], v["v2"], v["flags1"], v["flags2"])
        back = compare(v["v2"], v["v1"], v["flags2"], v["flags1"])
        if got != v["expected"] or back != -v["expected"]:
            failures.append((v, got, back))
    assert failures == []


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("1.0", "1.0.0", 0),
        ("1.0alpha1", "1.0", -1),
        ("1.0", "1.0patch1", -1),
        ("1.0patch1", "1.0.1", -1),
        ("1.0.1", "1.0a", -1),
        ("1.0a", "1.0b", -1),
        ("1.0b", "1.1", -1),
        ("1.001", "1.1", 0),
        ("1.77", "1.77.0", 0),
        ("1.85.1", "1.85", 1),
        ("0.60.1", "0.60", 1),
        ("2.74.6", "2.66", 1),
        ("1.63.0", "1.77", -1),
        ("12345678901234567890", "12345678901234567891", -1),
        ("1.0rc1", "1.0", -1),
        ("1.0ab", "1.0", -1),  # a word, not a letter suffix: pre-release
    ],
)
def test_ordering(a, b, expected):
    assert compare(a, b) == expected
    assert compare(b, a) == -expected


def test_flags():
    assert compare("1.0p1", "1.0", P_IS_PATCH, 0) == 1
    assert compare("1.0p1", "1.0") == -1
    assert compare("1.0foo", "1.0", ANY_IS_PATCH, 0) == 1
    # Bounds: 1.0 belongs to [1.0-lower, 1.0-upper]
    assert compare("1.0", "1.0", LOWER_BOUND, 0) == -1
    assert compare("1.0.5", "1.0", 0, UPPER_BOUND) == -1
    assert compare("1.1", "1.0", 0, UPPER_BOUND) == 1


def test_version_object_sorts_and_hashes():
    vs = sorted([Version("1.10"), Version("1.9"), Version("1.9.0")])
    assert [v.text for v in vs][-1] == "1.10"
    assert hash(Version("1.9")) == hash(Version("1.9.0"))
    assert max(Version("1.63.0"), Version("1.70.0")).text == "1.70.0"


@pytest.mark.parametrize("v,out", [("1.8.1", "1.8.0"), ("1.77", "1.77.0"), ("2.74.6", "2.74.0"),
                                   ("3", "3.0.0"), ("1.0.1+dfsg", "1.0.0")])
def test_round_down(v, out):
    assert round_down_minor(v) == out


def test_sort_key_orders_exactly_like_the_padded_algorithm():
    """compare() without flags uses cached sort keys; they must agree with the documented algorithm."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from canirequire.versions.libversion import compare_padded

    versionish = st.text(alphabet="0123456789.-_+~abprlthcz", max_size=12)

    @settings(max_examples=3000, deadline=None)
    @given(versionish, versionish)
    def agree(a, b):
        assert compare(a, b) == compare_padded(a, b)

    agree()


def test_sort_key_shortcut_for_dotted_numbers_agrees_with_the_padded_algorithm():
    """Plain dotted numbers (most versions) take a shortcut to their sort key; it must not change the order."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from canirequire.versions.libversion import compare_padded

    dotted = st.lists(st.sampled_from(["0", "00", "1", "01", "9", "10", "077", "1000"]), min_size=1,
                      max_size=5).map(".".join)
    anything = st.one_of(dotted, st.text(alphabet="0123456789.ab", max_size=8))

    @settings(max_examples=3000, deadline=None)
    @given(dotted, anything)
    def agree(a, b):
        assert compare(a, b) == compare_padded(a, b)
        assert compare(b, a) == compare_padded(b, a)

    agree()
