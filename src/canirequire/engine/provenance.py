"""`canirequire sources`: what is loaded, from where, as of when, and how stale (pure; no I/O)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..facts.model import SourceInfo

STALE_DAYS = 30


@dataclass(frozen=True)
class SourceRow:
    source: SourceInfo
    facts: int
    age_days: int | None

    @property
    def stale(self) -> bool:
        return self.age_days is None or self.age_days > STALE_DAYS


@dataclass(frozen=True)
class SourcesView:
    on: dt.date
    rows: tuple[SourceRow, ...]
    project: str = ""
    sources: tuple[SourceInfo, ...] = ()

    @classmethod
    def build(cls, store, on: dt.date, project: str = "") -> "SourcesView":
        """Count the facts each source contributed; age is measured from ``on``."""
        counts: Counter = Counter()
        for lc in store.lifecycles:
            counts[lc.source] += 1
        for t in store.tiers:
            counts[t.source] += 1
        rows = []
        for s in store.sources:
            n = counts.get(s.id, 0)
            if s.id.startswith("observations:"):
                n = sum(1 for p in store.packages
                        if p.origin == s.origin and not p.source.startswith(("Debian archive", "Debian changelog")))
            elif s.id == "debian:arch-indices":
                n = sum(1 for p in store.packages if p.source.startswith("Debian archive"))
            elif s.id == "debian:changelogs":
                n = sum(1 for p in store.packages if p.source.startswith("Debian changelog"))
            elif s.id.startswith("user:"):
                n = sum(1 for p in store.packages if p.origin_file == s.location)
            elif s.id.startswith("repology:") and s.origin != "embedded":
                dep = s.id.split(":", 1)[1]
                n = sum(1 for p in store.packages
                        if p.origin == s.origin and p.dependency == dep and p.source.startswith("Repology"))
            elif s.id == "repology:repos.d":
                n = len(store.repos)
            age = (on - s.as_of).days if s.as_of else None
            rows.append(SourceRow(s, n, age))
        return cls(on, tuple(rows), project)
