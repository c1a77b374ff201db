"""features.csv: which version of a toolchain or library first has a feature
(toolchain,feature,title,version,date,source; see shared/data/features/features.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from ..model import FeatureFact
from ..versions.libversion import is_valid_version
from .errors import SourceFormatError

COLUMNS = ("toolchain", "feature", "title", "version", "date", "source")


def read_features(text: str, path: str) -> list[FeatureFact]:
    """Every row, strictly: a row without a toolchain, feature or parsable version names file:line."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise SourceFormatError(f"{path}: missing column(s) {', '.join(missing)}")
    out = []
    for line_no, row in enumerate(reader, start=2):
        where = f"{path}:{line_no}"
        toolchain, feature, version = (row["toolchain"] or "").strip(), (row["feature"] or "").strip(), \
            (row["version"] or "").strip()
        if not toolchain or not feature:
            raise SourceFormatError(f"{where}: a feature needs a toolchain and a name")
        if not is_valid_version(version):
            raise SourceFormatError(f"{where}: unparsable version {version!r}")
        day = None
        if (row["date"] or "").strip():
            try:
                day = dt.date.fromisoformat(row["date"].strip())
            except ValueError:
                raise SourceFormatError(f"{where}: date {row['date']!r} is not YYYY-MM-DD") from None
        out.append(FeatureFact(toolchain, feature, (row["title"] or "").strip(), version, day,
                               (row["source"] or "").strip()))
    return out
