"""Where canirequire keeps what `refresh` writes: the platform's user data directory."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "CANIREQUIRE_DATA_DIR"


def user_data_dir() -> Path:
    """The user data directory; ``$CANIREQUIRE_DATA_DIR`` overrides it (tests, CI, shared caches)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("canirequire", appauthor=False))


def refreshed_data_dir() -> Path:
    """Where refreshed data lives."""
    return user_data_dir() / "refreshed"


def cache_dir() -> Path:
    """Where raw HTTP responses are cached."""
    return user_data_dir() / "cache"
