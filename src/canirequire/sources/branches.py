"""Stable-branch dates of ports trees (pkgsrc-branches.csv: ``branch,created,source``)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from ..model import BranchFact
from .errors import SourceFormatError


def read_branches(text: str, *, tree: str, path: str) -> list[BranchFact]:
    """Each branch and the date it was cut (its freeze ended); the tree prefix ("pkgsrc-") is dropped."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    missing = [c for c in ("branch", "created", "source") if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceFormatError(f"{path}:1: missing column(s): {', '.join(missing)}")
    out = []
    for line_no, row in enumerate(reader, start=2):
        try:
            created = dt.date.fromisoformat((row["created"] or "").strip())
        except ValueError:
            raise SourceFormatError(f"{path}:{line_no}: created is not a YYYY-MM-DD date: {row['created']!r}") from None
        name = (row["branch"] or "").strip().removeprefix(f"{tree}-")
        if not name:
            raise SourceFormatError(f"{path}:{line_no}: empty branch name")
        out.append(BranchFact(tree, name, created, (row["source"] or "").strip()))
    return out
