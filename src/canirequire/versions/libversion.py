"""Repology's libversion comparison, in pure Python.

The C library (repology/libversion) is what Repology uses to order versions;
its Python binding needs the C library at build time, which most machines
lack, so this is a faithful re-implementation of its documented algorithm
(doc/ALGORITHM.md) checked against the upstream test vectors.
"""

from __future__ import annotations

import re
from functools import lru_cache, total_ordering

P_IS_PATCH = 1
ANY_IS_PATCH = 2
LOWER_BOUND = 4
UPPER_BOUND = 8

# Ranks, lowest first. Order matters: it is the whole point of libversion.
_LOWER_BOUND = 0
_PRE_RELEASE = 1
_ZERO = 2
_POST_RELEASE = 3
_NONZERO = 4
_LETTER_SUFFIX = 5
_UPPER_BOUND = 6


def _classify_word(word: str, flags: int) -> int:
    w = word.lower()
    if w in ("alpha", "beta", "rc") or w.startswith("pre"):
        return _PRE_RELEASE
    if w.startswith("post") or w.startswith("patch") or w in ("pl", "errata"):
        return _POST_RELEASE
    if flags & P_IS_PATCH and w == "p":
        return _POST_RELEASE
    return _POST_RELEASE if flags & ANY_IS_PATCH else _PRE_RELEASE


def _components(version: str, flags: int) -> list[tuple[int, str]]:
    """Split into (rank, key) pairs; key is a digit string or a lower-case first letter."""
    out: list[tuple[int, str]] = []
    i, n = 0, len(version)
    while i < n:
        c = version[i]
        if c.isascii() and c.isalpha():
            j = i
            while j < n and version[j].isascii() and version[j].isalpha():
                j += 1
            word = version[i:j]
            out.append((_classify_word(word, flags), word[0].lower()))
            i = j
        elif c.isascii() and c.isdigit():
            j = i
            while j < n and version[j].isascii() and version[j].isdigit():
                j += 1
            digits = version[i:j].lstrip("0")
            out.append((_NONZERO if digits else _ZERO, digits))
            i = j
            # A lone letter glued to a number and followed by a separator or the
            # end ("1.0a", "1.0a.1", not "1.0a1" nor "1.0ab") is a letter suffix,
            # which sorts after the plain number: 1.0 < 1.0a < 1.0b < 1.1.
            if (
                i < n
                and version[i].isascii()
                and version[i].isalpha()
                and not (i + 1 < n and version[i + 1].isascii() and version[i + 1].isalnum())
            ):
                out.append((_LETTER_SUFFIX, version[i].lower()))
                i += 1
        else:
            i += 1
    return out


def _padding(flags: int) -> tuple[int, str]:
    if flags & LOWER_BOUND:
        return (_LOWER_BOUND, "")
    if flags & UPPER_BOUND:
        return (_UPPER_BOUND, "")
    return (_ZERO, "")


def _compare_component(a: tuple[int, str], b: tuple[int, str]) -> int:
    if a[0] != b[0]:
        return -1 if a[0] < b[0] else 1
    ka, kb = a[1], b[1]
    if ka == kb:
        return 0
    if not ka or not kb:
        return -1 if not ka else 1
    a_alpha, b_alpha = ka.isalpha(), kb.isalpha()
    if a_alpha and b_alpha:
        return -1 if ka < kb else 1
    if a_alpha != b_alpha:
        return -1 if a_alpha else 1
    if len(ka) != len(kb):
        return -1 if len(ka) < len(kb) else 1
    return -1 if ka < kb else 1


_DOTTED_NUMBERS = re.compile(r"[0-9]+(?:\.[0-9]+)*").fullmatch


@lru_cache(maxsize=65536)
def sort_key(version: str) -> tuple:
    """A tuple that orders like ``compare`` (no flags): sort and compare many versions cheaply.

    libversion pads the shorter version with zeros, so runs of zero components
    are encoded with the component that ends them: whether that component
    sorts above zero (a number, post-release, letter suffix) or below it (a
    pre-release word) decides whether more zeros before it make the version
    smaller or larger; the end (zeros forever) sits between the two kinds.
    """
    key = []
    zeros = 0
    if _DOTTED_NUMBERS(version):  # most versions: the same key without the character-by-character split
        for part in version.split("."):
            digits = part.lstrip("0")
            if digits:
                key.append((2, -zeros, _NONZERO, len(digits), digits))
                zeros = 0
            else:
                zeros += 1
        key.append((1,))
        return tuple(key)
    for rank, k in _components(version, 0):
        if rank == _ZERO:
            zeros += 1
            continue
        part = (rank, len(k) if k.isdigit() else 0, k)
        key.append((2, -zeros, *part) if rank > _ZERO else (0, zeros, *part))
        zeros = 0
    key.append((1,))
    return tuple(key)


def compare(v1: str, v2: str, flags1: int = 0, flags2: int = 0) -> int:
    """Return -1, 0 or 1 as v1 is older than, equal to or newer than v2."""
    if not flags1 and not flags2:
        k1, k2 = sort_key(v1), sort_key(v2)
        return (k1 > k2) - (k1 < k2)
    return compare_padded(v1, v2, flags1, flags2)


def compare_padded(v1: str, v2: str, flags1: int = 0, flags2: int = 0) -> int:
    """libversion's algorithm as documented: pad the shorter version, compare component by component."""
    c1 = _components(v1, flags1)
    c2 = _components(v2, flags2)
    length = max(len(c1), len(c2))
    if (flags1 | flags2) & (LOWER_BOUND | UPPER_BOUND):
        length += 1  # the bound itself must be compared against something
    c1 += [_padding(flags1)] * (length - len(c1))
    c2 += [_padding(flags2)] * (length - len(c2))
    for a, b in zip(c1, c2):
        result = _compare_component(a, b)
        if result:
            return result
    return 0


@total_ordering
class Version:
    """A version string ordered by libversion rules, for sorted() and max()."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return sort_key(self.text) == sort_key(other.text)

    def __lt__(self, other: "Version") -> bool:
        return sort_key(self.text) < sort_key(other.text)

    def __hash__(self) -> int:  # equal versions must hash alike: hash the parsed form
        return hash(sort_key(self.text))

    def __repr__(self) -> str:
        return f"Version({self.text!r})"

    def __str__(self) -> str:
        return self.text


# `check rust any`: presence, not version. Any packaged version will do; kept as this word in every
# result (so it prints as asked) and turned into "no minimum" only where verdicts are reached.
ANY_VERSION = "any"


def is_any(minimum: str | None) -> bool:
    """Whether a requirement asks for presence only (``any``)."""
    return minimum is not None and minimum.strip().lower() == ANY_VERSION


def required_version(minimum: str | None) -> str | None:
    """The version a verdict must reach: None for presence (``any``), else the minimum as given."""
    return None if minimum is None or is_any(minimum) else minimum


def is_valid_version(text: str) -> bool:
    """A requirement must contain at least one number to mean anything (or be ``any``: presence only)."""
    return is_any(text) or any(ch.isdigit() for ch in text)


def round_down_minor(version: str) -> str:
    """Quote a floor as x.y.0, the way maintainers announce minimums (1.8.1 -> 1.8.0)."""
    parts = []
    for comp in version.replace("-", ".").split("."):
        digits = ""
        for ch in comp:
            if ch.isdigit():
                digits += ch
            else:
                break
        if not digits:
            break
        parts.append(str(int(digits)))
        if len(parts) == 2:
            break
    if not parts:
        return version
    while len(parts) < 2:
        parts.append("0")
    return ".".join(parts) + ".0"


def next_minor(version: str) -> str:
    """The first version of the next x.y (1.71.1 -> 1.72; 3 -> 4): what a stable branch taking only point
    updates never reaches."""
    floor = round_down_minor(version)
    parts = floor.split(".")
    if len(parts) < 2:
        return str(int(parts[0]) + 1) if parts[0].isdigit() else version + ".999999"
    return f"{parts[0]}.{int(parts[1]) + 1}"
