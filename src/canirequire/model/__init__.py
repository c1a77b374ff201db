"""The vocabulary: facts, lifecycles, tiers and the enums every layer shares. No I/O."""

from .enums import (
    Answer, Cause, Channel, CiKind, DateMeaning, Flag, Level, Origin, ReadAt, Relation, RuleKind, Sighting, Status,
)
from .facts import (
    BranchFact, FactSet, FeatureFact, FrictionItem, Lifecycle, PackageFact, RepoEntry, SourceInfo, TierChange, TierFact,
    UpstreamRelease, is_rolling_release,
)
from .platform import (
    EARLIEST_DATE, KNOWN_ARCHES, LATEST_DATE, DateError, PlatformSpec, PlatformSpecError, normalize_arch, parse_date,
    parse_platform_spec,
)

__all__ = [
    "Answer", "Cause", "Channel", "CiKind", "DateMeaning", "Flag", "Level", "Origin", "ReadAt", "Relation",
    "RuleKind", "Sighting", "Status", "BranchFact", "FeatureFact", "UpstreamRelease", "FactSet", "Lifecycle",
    "PackageFact", "RepoEntry", "SourceInfo",
    "TierFact", "TierChange", "FrictionItem", "is_rolling_release",
    "EARLIEST_DATE", "KNOWN_ARCHES", "LATEST_DATE", "DateError", "PlatformSpec", "PlatformSpecError", "normalize_arch",
    "parse_date", "parse_platform_spec",
]
