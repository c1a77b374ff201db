"""The question's frame: whose policy, on which date, for which architectures, with what accepted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..policy.project import Component, Project


@dataclass(frozen=True, slots=True)
class Scope:
    """Everything a question holds fixed besides the facts.

    ``exceptions`` name platforms (debian-12/mips64el), releases (debian-12) or
    whole OSes (fedora) accepted as exceptions; ``assumed_tiers`` maps such a
    name to a tier label assumed for what-if questions.
    """

    project: Project
    on: dt.date
    arches: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    assumed_tiers: tuple[tuple[str, str], ...] = ()
    assumptions: tuple[str, ...] = ()  # the --assume texts as given, for display
    components: tuple[Component, ...] = ()  # --component: only the platforms these build on (any of them)

    @property
    def component_label(self) -> str:
        return ",".join(c.name for c in self.components)

    def admits(self, os_id: str, release_id: str, arch: str) -> bool:
        return not self.components or any(c.admits(os_id, release_id, arch) for c in self.components)

    def at(self, day: dt.date) -> "Scope":
        return replace(self, on=day)

    def excepts(self, platform_id: str, release_id: str, os_id: str) -> bool:
        return any(e in (platform_id, release_id, os_id) for e in self.exceptions)

    def tier_assumed_for(self, keys: tuple[str, ...]) -> str:
        """The tier --assume gives the first of ``keys`` (platform, release, OS) that has one, or ""."""
        table = dict(self.assumed_tiers)
        for key in keys:
            if key in table:
                return table[key]
        return ""
