"""Load the package-data tables in data/catalog/ (Repology repository ids, toolchain targets)."""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

from ..model import Channel
from ..model.catalog import Catalog, HistoryTree, RepologyRule, StreamKind, StreamRule

CATALOG_DIR = Path(__file__).resolve().parent.parent / "data" / "catalog"


class CatalogError(ValueError):
    """A shipped catalog table is malformed (a packaging bug, named with file and line)."""


def _rows(name: str):
    path = CATALOG_DIR / name
    text = path.read_text(encoding="utf-8")
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        yield f"{path}:{line_no}", row


def repology_rules() -> tuple[RepologyRule, ...]:
    """Which Repology repository ids map to which OS, release and channel."""
    rules = []
    for where, row in _rows("repology-repos.csv"):
        try:
            pattern = re.compile(row["pattern"])
            channel = Channel(row["channel"]) if row["channel"] else None
        except (re.error, ValueError) as exc:
            raise CatalogError(f"{where}: {exc}") from None
        arches = tuple(row["arches"].split()) or None
        rules.append(RepologyRule(pattern, row["os"], row["release"], channel, arches))
    return tuple(rules)


def rust_targets() -> dict[tuple[str, str], str]:
    """The Rust target triple for each (OS, architecture)."""
    table: dict[tuple[str, str], str] = {}
    for _, row in _rows("rust-targets.csv"):
        for os_id in row["oses"].split():
            table[(os_id, row["arch"])] = row["target"]
    return table


def stream_rules() -> tuple[StreamRule, ...]:
    """How each repository moves over time (frozen, stepwise, updating)."""
    rules = []
    for where, row in _rows("streams.csv"):
        try:
            kind = StreamKind(row["kind"])
        except ValueError as exc:
            raise CatalogError(f"{where}: {exc}") from None
        rules.append(StreamRule(row["os"], row["release"], row["channel"], row["package"], kind))
    return tuple(rules)


def branch_cuts() -> dict[str, str]:
    """Each ports tree's branch-cut cadence, for branches whose date the data lacks."""
    return {row["tree"]: row["cut"] for _, row in _rows("branches.csv")}


def gap_sources() -> dict[str, str]:
    """Per OS, the public source that would fill a coverage gap."""
    return {row["os"]: row["source"] for _, row in _rows("gap-sources.csv")}


ADAPTERS = ("launchpad", "bodhi", "github", "gitlab")


def history_trees() -> dict[str, HistoryTree]:
    """The histories `refresh --history` knows, by the name project files use."""
    trees = {}
    for where, row in _rows("history.csv"):
        if row["adapter"] not in ADAPTERS:
            raise CatalogError(f"{where}: unknown adapter {row['adapter']!r}")
        trees[row["tree"]] = HistoryTree(row["tree"], row["adapter"], row["repository"], row["os"], row["release"],
                                         row["file_kind"], row["docs"])
    return trees


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The engine's tables: toolchain targets, how repositories move, when ports trees branch,
    and where to look when data is missing."""
    return Catalog(targets={"rust": rust_targets()}, streams=stream_rules(), branch_cuts=branch_cuts(),
                   gap_sources=gap_sources())
