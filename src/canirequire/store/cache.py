"""Raw HTTP responses on disk, with the time they were fetched and a checksum.

The polite client (sources/http.py) reads and writes through this; a torn,
edited or unreadable entry is no entry, never an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_atomic


@dataclass(frozen=True, slots=True)
class CachedBody:
    """A cached response body and when it was fetched."""

    url: str
    body: bytes
    fetched_at: dt.datetime


def _cache_name(url: str) -> str:
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", url.split("://", 1)[-1])[-80:]
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    return f"{readable}.{digest}"


class ResponseCache:
    """Raw HTTP bodies on disk by URL, with fetch time and checksum; a damaged entry is a miss."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _paths(self, url: str) -> tuple[Path, Path]:
        name = _cache_name(url)
        return self.directory / f"{name}.body", self.directory / f"{name}.meta.json"

    def get(self, url: str) -> CachedBody | None:
        """The cached body for ``url``, or None (never cached, or damaged)."""
        body_path, meta_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
            if hashlib.sha256(body).hexdigest() != meta.get("sha256"):
                return None
            fetched = dt.datetime.fromisoformat(meta["fetched_at"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=dt.timezone.utc)
        return CachedBody(url, body, fetched)

    def put(self, url: str, body: bytes, fetched: dt.datetime) -> None:
        """Cache ``body`` for ``url`` atomically."""
        body_path, meta_path = self._paths(url)
        self.directory.mkdir(parents=True, exist_ok=True)
        write_atomic(body_path, body)
        meta = {"url": url, "fetched_at": fetched.isoformat(), "sha256": hashlib.sha256(body).hexdigest()}
        write_atomic(meta_path, json.dumps(meta).encode())
