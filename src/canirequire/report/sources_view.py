"""`canirequire sources`: what is loaded, from where, as of when, and how stale."""

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
    def build(cls, store, on: dt.date) -> "SourcesView":
        counts: Counter = Counter()
        for lc in store.lifecycles:
            counts[lc.source] += 1
        for t in store.tiers:
            counts[t.source] += 1
        rows = []
        for s in store.sources:
            n = counts.get(s.id, 0)
            if s.id.startswith("observations:"):
                n = sum(1 for p in store.packages if p.origin == s.origin and not p.source.startswith(("Debian archive", "Debian changelog")))
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
        return cls(on, tuple(rows))

    def to_json(self) -> dict:
        return {
            "kind": "sources",
            "stale_after_days": STALE_DAYS,
            "items": [
                {
                    "id": r.source.id,
                    "description": r.source.description,
                    "as_of": r.source.as_of.isoformat() if r.source.as_of else None,
                    "age_days": r.age_days,
                    "stale": r.stale,
                    "facts": r.facts,
                    "origin": r.source.origin,
                    "location": r.source.location,
                }
                for r in self.rows
            ],
        }

    def render_text(self, console) -> None:
        from rich import box
        from rich.markup import escape
        from rich.table import Table

        t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for c in ("source", "as of", "age", "facts", "layer", "what"):
            t.add_column(c, overflow="fold")
        stale = 0
        for r in self.rows:
            age = "unknown" if r.age_days is None else f"{r.age_days} d"
            if r.stale:
                stale += 1
                age = f"[yellow]{age}[/]"
            t.add_row(escape(r.source.id), str(r.source.as_of or "undated"), age, str(r.facts), r.source.origin,
                      escape(r.source.description))
        console.print(f"Data loaded, as of {self.on}:")
        console.print(t)
        console.print("Where each came from: `canirequire sources --format json` (location) or docs/data-format.md.")
        if stale:
            console.print(
                f"[yellow]warning:[/] {stale} source(s) are undated or older than {STALE_DAYS} days; "
                "`canirequire refresh` updates them when a network is available."
            )

    def render_markdown(self, width) -> str:
        lines = ["| source | as of | age (days) | facts | what |", "|---|---|---|---|---|"]
        for r in self.rows:
            lines.append(
                f"| {r.source.id} | {r.source.as_of or 'undated'} | {r.age_days if r.age_days is not None else '?'}"
                f"{' (stale)' if r.stale else ''} | {r.facts} | {r.source.description} |"
            )
        return "\n".join(lines) + "\n"
