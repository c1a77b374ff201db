"""The closed vocabularies every layer shares.

Each is an enum whose value is the stable spelling used in files and JSON, so
nothing above this layer ever parses prose back into meaning.
"""

from __future__ import annotations

from enum import Enum


class _Spelled(str, Enum):
    """An enum that prints as its file/JSON spelling."""

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: str):
        """The member spelled ``text`` (case-insensitive); ValueError names the choices."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"{text!r} is not one of {', '.join(m.value for m in cls)}") from None


class Status(_Spelled):
    """A platform's verdict for one requirement on one date."""

    OK = "ok"
    TOO_OLD = "too-old"
    MISSING = "missing"
    UNKNOWN = "unknown"

    @property
    def failing(self) -> bool:
        return self in (Status.TOO_OLD, Status.MISSING)

    @property
    def word(self) -> str:
        return {"ok": "ok", "too-old": "too old", "missing": "missing", "unknown": "unknown"}[self.value]


class Answer(_Spelled):
    """The answer word every command gives, from the same knowledge (DESIGN.md "Answer words")."""

    YES = "yes"  # every counted platform is proven ok
    NO = "no"  # some counted platform is proven to fail
    CANNOT_TELL = "cannot-tell"  # nothing is proven to fail, and some platforms are unknown
    NOTHING = "nothing-to-check"  # no supported platform to ask about

    @property
    def word(self) -> str:
        return {"yes": "YES", "no": "NO", "cannot-tell": "CANNOT TELL", "nothing-to-check": "NOTHING TO CHECK"}[
            self.value]

    @classmethod
    def of(cls, statuses) -> "Answer":
        """The word for a set of per-platform statuses: a proven failure decides, then any unknown."""
        statuses = list(statuses)
        if not statuses:
            return cls.NOTHING
        if any(s.failing for s in statuses):
            return cls.NO
        if any(s is Status.UNKNOWN for s in statuses):
            return cls.CANNOT_TELL
        return cls.YES


class Sighting(_Spelled):
    """What the date beside a version in a bracket proves (shared/data FORMATS.md section 7)."""

    ARRIVED = "arrived"  # it arrived then (an arrival or release date)
    RELEASE = "release"  # shipped with the OS release; assumed unchanged since (seen later)
    SEEN = "seen"  # present on that date; may have moved on since
    NEWEST = "newest"  # present, and nothing newer existed on that date
    FIRST_SEEN = "first-seen"  # the first sighting; it may have arrived earlier
    ON_OR_AFTER = "on-or-after"  # an upload, build or changelog date: it reached users then or later
    UNDATED = "undated"  # no source dates it


class Channel(_Spelled):
    """Where in an OS release a package comes from."""

    MAIN = "main"
    UPDATES = "updates"
    SECURITY = "security"
    BACKPORTS = "backports"
    ALTERNATE = "alternate"  # a vendor's non-default package in the release itself (rustc-web, python3.11)
    TESTING = "testing"  # a pocket users opt into before the stable push (Fedora updates-testing, Ubuntu -proposed)


class Origin(_Spelled):
    """Which layer a fact was loaded from; a higher rank wins for the same repository, package and channel."""

    EMBEDDED = "embedded"
    REFRESHED = "refreshed"
    USER = "user"

    @property
    def rank(self) -> int:
        return _ORIGIN_RANK[self]


_ORIGIN_RANK = {Origin.EMBEDDED: 0, Origin.REFRESHED: 1, Origin.USER: 2}


class Level(_Spelled):
    """How hard a roadmap stage requires a dependency."""

    OPTIONAL = "optional"
    DEFAULT = "default"
    MANDATORY = "mandatory"


class RuleKind(_Spelled):
    """The general policy mechanisms a project file can choose per OS."""

    NEWEST_AND_PREVIOUS = "newest-and-previous"
    UNTIL_EOL = "until-eol"
    LAST_N = "last-n"
    ROLLING = "rolling"
    EXPLICIT = "explicit"
    EVERY_RELEASE = "every-release"  # every release out by the date, whatever the vendor supports (macOS >= 10.12)
    NONE = "none"  # not supported on the date (explain of an unsupported release)


class DateMeaning(_Spelled):
    """What a dated package row proves (shared/data FORMATS.md section 7)."""

    ARRIVAL = "arrival"  # the version arrived then; absent before
    RELEASE = "release"  # shipped with the OS release, on its release date
    OBSERVED = "observed"  # present on that date; arrival unknown
    NEWEST = "newest"  # present, and nothing newer of its stream existed on that date


class Relation(_Spelled):
    """How a release's packages relate to a repository it borrows from (project file ``packages_from``)."""

    SAME = "same"  # the same packages (a rebuild: AlmaLinux for RHEL)
    LEADS = "leads"  # the release is at or ahead of it (CentOS Stream N ahead of RHEL N): a lower bound
    LAGS = "lags"  # the release gets its packages, never earlier, possibly later (Leap from SLES)


class ReadAt(_Spelled):
    """Which date a borrowed repository is read at for a question about date D."""

    DATE = "date"  # D itself
    RELEASE = "release"  # the release's own date (a frozen ports tree: OpenBSD x.y from -current)
    BRANCH_POINT = "branch-point"  # when the stable branch current on D was cut from the tree


class Flag(_Spelled):
    """A qualifier on a verdict; ``explanation`` is the sentence a legend prints."""

    ALTERNATE = "alternate"
    ASSUMED = "assumed"
    LOWER_BOUND = "lower-bound"
    UPLOAD_DATE = "upload-date"
    SECONDARY = "secondary"
    UNDATED = "undated"
    STALE_INDEX = "stale-index"
    PROXY = "proxy"
    ARCH_UNVERIFIED = "arch-unverified"
    BACKPORTS_NEWER = "backports-newer"
    USER_FACT = "user-fact"
    REFRESHED = "refreshed"
    TIER_3 = "tier-3"
    TIER_2_NO_HOST = "tier-2-no-host"
    TIER_UNKNOWN = "tier-unknown"
    UNTESTED = "untested"
    EXTERNAL = "external"
    ASSUMED_BY_USER = "assumed-by-user"
    SHARED = "shared"
    BRANCH_POINT = "branch-point"
    ESTIMATED_BRANCH = "estimated-branch"
    NO_TARGET = "no-target"
    UPSTREAM_FRICTION = "upstream-friction"
    POINT_RELEASE = "point-release"
    ON_OR_AFTER = "on-or-after"
    DATA_CONFLICT = "data-conflict"

    @property
    def explanation(self) -> str:
        return _FLAG_TEXT[self]

    @property
    def is_risk(self) -> bool:
        """Risk signals: they never decide a verdict but put a passing platform at risk."""
        return self in (Flag.TIER_3, Flag.TIER_2_NO_HOST, Flag.TIER_UNKNOWN, Flag.UNTESTED, Flag.NO_TARGET,
                        Flag.UPSTREAM_FRICTION)

    @property
    def is_blocker_risk(self) -> bool:
        """Worse than any tier: nobody has ported the toolchain to this platform at all."""
        return self is Flag.NO_TARGET


_FLAG_TEXT = {
    Flag.ALTERNATE: "only via a non-default (alternate/versioned) package",
    Flag.ASSUMED: "observed later; assumed unchanged since release",
    Flag.LOWER_BOUND: "a moving repository seen earlier: at least this version, it may have moved on since",
    Flag.UPLOAD_DATE: "dated by upload; users got it at the next point release",
    Flag.DATA_CONFLICT: ("two sources disagree about this release: a later sighting shows another version than "
                         "a dated row, so one of them is wrong or the release changed; see explain"),
    Flag.POINT_RELEASE: "uploaded to a stable suite earlier; dated by the point release that brought it to users",
    Flag.ON_OR_AFTER: ("dated by an upload, a build or a changelog entry: the earliest it can have reached users, "
                       "not when it did (unknown after that date until a sighting)"),
    Flag.SECONDARY: "from a secondary source (a third-party table)",
    Flag.UNDATED: "undated observation",
    Flag.STALE_INDEX: "from an index older than the archive's current Release file",
    Flag.PROXY: "versions read from a rebuild/derivative repository",
    Flag.ARCH_UNVERIFIED: "the source does not say which architectures it is built for",
    Flag.BACKPORTS_NEWER: "a newer version exists only in a channel this policy does not count",
    Flag.USER_FACT: "from a user fact file",
    Flag.REFRESHED: "from refreshed (live) data",
    Flag.TIER_3: "upstream toolchain target is tier 3 (no official builds or tests)",
    Flag.TIER_2_NO_HOST: "upstream toolchain target is tier 2 without host tools",
    Flag.TIER_UNKNOWN: "upstream target tier unknown",
    Flag.UNTESTED: "the project's CI does not test this platform",
    Flag.EXTERNAL: "the project installs it outside the OS packages (project file)",
    Flag.ASSUMED_BY_USER: "assumed by --assume",
    Flag.SHARED: "from a repository this release shares (SLES for Leap, RHEL for CentOS Stream)",
    Flag.BRANCH_POINT: "the tree's HEAD when this release's branch was cut (the branch's own data is missing)",
    Flag.ESTIMATED_BRANCH: "the branch date is estimated from the tree's published cadence",
    Flag.NO_TARGET: "the upstream toolchain has no target for this platform at all (not ported; worse than tier 3)",
    Flag.UPSTREAM_FRICTION: "upstream issues about this target were open on the date (a risk signal, never a verdict)",
}


class Cause(_Spelled):
    """Why a verdict is what it is: the machine-readable half of every reason."""

    # ok
    HAS = "has"  # no minimum asked: the best package found
    MEETS = "meets"  # the best package meets the minimum
    EXTERNAL = "external"  # the project installs it outside the OS packages
    # too old
    BELOW = "below"  # the best package is older than the minimum
    # missing
    NOT_FROM_OS = "not-from-os"  # the project file says it never takes it from OS packages here
    UNCOUNTED_CHANNEL = "uncounted-channel"  # only in a channel the policy does not count
    NOT_BUILT = "not-built"  # packaged, but not for this architecture
    NOT_YET = "not-yet"  # arrived after the date
    # unknown
    NO_DATA = "no-data"  # no fact at all for this dependency in these repositories
    NO_USABLE_DATA = "no-usable-data"  # facts exist, none speaks for this date
    LOWER_BOUND = "lower-bound"  # a moving repository seen earlier: at least this version, maybe more now
    SEEN_LATER = "seen-later"  # a version that would do was seen only later; when it arrived is unknown
    ARCH_NOT_COVERED = "arch-not-covered"  # a version that would do is in an index that never covered this arch
    UNDATED = "undated"  # a version that would do was seen, but no source dates it


class CiKind(_Spelled):
    """How a project's CI covers a platform."""

    CONTAINER = "container"
    VM = "vm"
    HOSTED = "hosted"
    CROSS = "cross"
    NONE = "none"
