"""Rust's platform-support.md (rust-lang/rust src/doc/rustc/src) -> tier facts.

The page has changed shape over the years: the 2022 copy calls its second
section just "Tier 2", later ones "Tier 2 with/without Host Tools"; cells are
spaced inconsistently; a target may be listed twice (old Windows rows appear
in Tier 1 and again in Tier 3), in which case the best tier wins.
"""

from __future__ import annotations

import datetime as dt
import re

import csv
import io

from ..model import TierChange, TierFact
from .errors import SourceFormatError

_SECTION = re.compile(r"^##\s+(.*?)\s*$")
_TARGET_CELL = re.compile(r"^\s*\[?`(?P<triple>[A-Za-z0-9_.\-]+)`\]?(?:\([^)]*\))?\s*$")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]]+)\]")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")


def _section_kind(title: str) -> tuple[int, bool] | None:
    t = title.lower()
    if not t.startswith("tier"):
        return None
    if t.startswith("tier 1"):
        return (1, True)  # all tier 1 targets have host tools (the page says so)
    if t.startswith("tier 2"):
        return (2, "with host tools" in t)
    if t.startswith("tier 3"):
        return (3, False)
    return None


def parse_platform_support(
    text: str, *, source: str, since: str = "", as_of: dt.date | None = None, tag: str = ""
) -> list[TierFact]:
    """Every target in the page's tier tables; ``tag`` names the release tag the page was read at."""
    footnotes: dict[str, str] = {}
    for line in text.splitlines():
        m = _FOOTNOTE_DEF.match(line.strip())
        if m:
            footnotes[m.group(1)] = m.group(2).strip()

    best: dict[str, TierFact] = {}
    kind: tuple[int, bool] | None = None
    header: list[str] = []
    for line in text.splitlines():
        sec = _SECTION.match(line)
        if sec:
            kind = _section_kind(sec.group(1))
            header = []
            continue
        if kind is None or "|" not in line:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].lower() == "target":
            header = [c.lower() for c in cells]
            continue
        if set(line.strip()) <= set("-|: "):
            continue
        m = _TARGET_CELL.match(cells[0]) if cells else None
        if not m:
            continue
        triple = m.group("triple")
        col = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)} if header else {}
        std = col.get("std", "✓" if kind[0] == 1 or (kind[0] == 2 and kind[1]) else "")
        host = col.get("host", "")
        notes = col.get("notes", cells[-1] if len(cells) > 1 else "")
        tier, host_tools = kind
        if tier == 3:
            host_tools = host.strip() == "✓"
        refs = _FOOTNOTE_REF.findall(notes)
        if refs:
            notes = _FOOTNOTE_REF.sub("", notes).strip()
            notes += "".join(f" [{r}: {footnotes[r]}]" for r in refs if r in footnotes)
        fact = TierFact(
            toolchain="rust",
            target=triple,
            tier=tier,
            host_tools=host_tools,
            std=std.strip(),
            notes=notes.strip(),
            since=since,
            source=source,
            as_of=as_of,
            tag=tag,
        )
        prev = best.get(triple)
        if prev is None or (fact.tier, not fact.host_tools) < (prev.tier, not prev.host_tools):
            best[triple] = fact
    if not best:
        raise SourceFormatError(f"{source}: no tier tables found (is this platform-support.md?)")
    return sorted(best.values(), key=lambda f: f.target)


_TARGET_PAGE_TIER = re.compile(
    r"`(?P<triple>[a-z0-9_.\-]+)`(?:\s*(?:,|and)\s*`(?P<more>[^`]+)`)*[^.]*?\bare\s+Tier\s+(?P<tier>[123])"
    r"(?P<host>\s+with host tools)?",
    re.IGNORECASE,
)


def parse_target_page_overrides(text: str, *, source: str, since: str = "", as_of=None) -> list[TierFact]:
    """Sentences like "The `x86_64-unknown-freebsd` and `aarch64-unknown-freebsd`
    targets are Tier 2 with host tools" in per-target pages, which can be newer
    than the main table."""
    facts = []
    for sentence in re.split(r"(?<=\.)\s+", " ".join(text.split())):
        m = re.search(r"\bare\s+Tier\s+([123])(\s+with host tools|\s+without host tools)?", sentence, re.I)
        if not m or "`" not in sentence[: m.start()]:
            continue
        if " is tier" in sentence.lower():
            continue
        triples = re.findall(r"`([a-z0-9_.\-]+-[a-z0-9_.\-]+)`", sentence[: m.start()])
        tier = int(m.group(1))
        host = bool(m.group(2) and "with host" in m.group(2).lower())
        for triple in triples:
            facts.append(
                TierFact("rust", triple, tier, host, since=since, source=source, as_of=as_of,
                         notes="from the target's own page")
            )
    for m in re.finditer(r"`([a-z0-9_.\-]+-[a-z0-9_.\-]+)` is Tier\s+([123])(\s+with(?:out)? host tools)?", text, re.I):
        host = bool(m.group(3) and "without" not in m.group(3).lower())
        facts.append(TierFact("rust", m.group(1), int(m.group(2)), host, since=since, source=source, as_of=as_of,
                              notes="from the target's own page"))
    return facts


def read_tier_history(text: str, *, path: str, toolchain: str = "rust") -> list[TierChange]:
    """rust-tier-history.csv: ``target,tier,host_tools,from_version,from_date,source``. A row with a
    date is a change that took effect then; a row without is a state observed at some point."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    wanted = {"target", "tier", "host_tools", "from_version", "from_date", "source"}
    missing = wanted - set(reader.fieldnames or ())
    if missing:
        raise SourceFormatError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    out = []
    for line_no, row in enumerate(reader, start=2):
        where = f"{path}:{line_no}"
        try:
            tier = int(row["tier"])
            day = dt.date.fromisoformat(row["from_date"]) if row["from_date"].strip() else None
        except ValueError as exc:
            raise SourceFormatError(f"{where}: {exc}") from None
        if tier not in (1, 2, 3):
            raise SourceFormatError(f"{where}: tier must be 1, 2 or 3, not {tier}")
        host = row["host_tools"].strip().lower()
        if host not in ("yes", "no"):
            raise SourceFormatError(f"{where}: host_tools must be yes or no, not {row['host_tools']!r}")
        out.append(TierChange(toolchain, row["target"].strip(), tier, host == "yes", row["from_version"].strip(),
                              day, row["source"].strip()))
    return out
