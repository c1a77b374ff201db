"""The project presets shipped in the package: names from a directory listing, no TOML parsed (the CLI
names them in its help at start-up)."""

from __future__ import annotations

import os

PRESETS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "presets")


def preset_names() -> list[str]:
    """The project presets shipped with canirequire."""
    return sorted(n[:-5] for n in os.listdir(PRESETS_DIR) if n.endswith(".toml"))
