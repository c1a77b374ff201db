"""Tables that are data rather than logic, shipped as package data (data/catalog/*.csv)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .enums import Channel


@dataclass(frozen=True, slots=True)
class RepologyRule:
    """A Repology repository id pattern and the OS release/channel it carries.

    ``os`` empty marks repositories canirequire deliberately ignores (proposed,
    testing, casks). ``release`` may use the pattern's groups (``\\1.\\2``).
    """

    pattern: re.Pattern
    os: str
    release: str
    channel: Channel | None
    arches: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Catalog:
    """What the engine needs from the shipped tables."""

    # toolchain -> {(os, arch): target triple}
    targets: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)

    def target(self, toolchain: str, os_id: str, arch: str) -> str | None:
        """The target triple a platform's native toolchain builds for, if the toolchain has a mapping."""
        return self.targets.get(toolchain, {}).get((os_id, arch))

    def maps(self, toolchain: str) -> bool:
        return toolchain in self.targets
