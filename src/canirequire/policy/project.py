"""Project files: a policy (which OS releases count, by which rule), the host
architectures, the dependencies with their per-OS package names, the CI
coverage and the roadmap. Documented in docs/project-file.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..model import (
    EARLIEST_DATE, KNOWN_ARCHES, LATEST_DATE, Channel, CiKind, Level, ReadAt, Relation, RuleKind, normalize_arch,
)
from ..versions.libversion import is_valid_version


class ProjectError(ValueError):
    """A project file is malformed; the message names the file and the problem."""


RULE_KINDS = tuple(k for k in RuleKind if k is not RuleKind.NONE)
DEFAULT_CHANNELS = (Channel.MAIN, Channel.UPDATES, Channel.SECURITY, Channel.ALTERNATE)


@dataclass(frozen=True)
class ExplicitRelease:
    """A release a policy lists by name, optionally supported only until a date."""

    release: str
    until: dt.date | None = None


@dataclass(frozen=True)
class RepoSource:
    """Where a release's packages come from: a repository template ("os,release") and how to read it.

    ``{release}`` and ``{major}`` expand from the platform; ``{branch}`` stands
    for each stable branch of the OS's ``branches`` tree, counted only while
    it is the current one.
    """

    template: str
    relation: Relation = Relation.SAME
    read_at: ReadAt = ReadAt.DATE


DEFAULT_SOURCES = (RepoSource("{os},{release}"),)


@dataclass(frozen=True)
class MinorSupport:
    """A minor release kept in support past the next minor's release (RHEL EUS), as the project file lists it."""

    release: str
    released: dt.date
    until: dt.date
    cite: str = ""


@dataclass(frozen=True)
class OSPolicy:
    """How one OS's releases are admitted, and where their packages come from."""

    os: str
    rule: RuleKind
    label: str = ""
    lifecycle: str = ""  # lifecycle OS id; defaults to ``os``
    dates_from: str = ""  # take release dates from another OS (CentOS Stream <- RHEL)
    newest_years: int = 5
    previous_years: int = 2
    cap_from: str = "major"  # or "latest-minor": when the newest major's N years start
    group_minors: bool = False
    platform_release: str = "cycle"  # "cycle", "major" or "latest-minor"
    lts_only: bool = False
    cycle_pattern: str = ""  # regex with a "major" group selecting/grouping cycles
    count: int = 2  # for last-n
    # newest-and-previous: None keeps the newest major for as long as it is the newest
    # ("Debian stable"), with no N-year cap.
    # previous_until: "years-or-eol" (QEMU: N years after the newer one or vendor end of support,
    # whichever first) or "years" (git: "oldstable for a year after a new stable", vendor dates aside).
    previous_until: str = "years-or-eol"
    # support: which end of support counts, "regular" (the lifecycle's eol) or "extended" (its
    # eoes -- Debian LTS, Ubuntu ESM, RHEL ELS -- where known, else eol).
    support: str = "regular"
    # oldest_release: releases older than this are never admitted ("macOS >= 10.12").
    oldest_release: str = ""
    # minors: "latest" (only the newest minor of a major counts) or "supported" (every minor still
    # in its own support, RHEL EUS/E4S: dates from lifecycles of cycles "major.minor", else minor_support).
    minors: str = "latest"
    minor_support: tuple[MinorSupport, ...] = ()
    releases: tuple[ExplicitRelease, ...] = ()  # for explicit
    packages_from: tuple[RepoSource, ...] = DEFAULT_SOURCES
    branches: str = ""  # a ports tree whose stable branches the release follows ({branch}, read_at branch-point)
    arches: tuple[str, ...] = ()
    arches_by_release: tuple[tuple[str, tuple[str, ...]], ...] = ()
    channels: tuple[Channel, ...] = ()  # overrides the project's
    cite: str = ""

    @property
    def lifecycle_os(self) -> str:
        return self.lifecycle or self.os

    def arches_for(self, release: str, major: str) -> tuple[str, ...]:
        table = dict(self.arches_by_release)
        return table.get(release) or table.get(major) or self.arches


@dataclass(frozen=True)
class Dependency:
    """A dependency as the project file declares it: package names per OS, history, tiers, build-file names."""

    name: str
    description: str = ""
    # key ("os-release", "os", "default") -> fnmatch patterns; () = not available there
    packages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # key -> how the project provides it outside the OS packages there (e.g. "cargo install")
    external: tuple[tuple[str, str], ...] = ()
    tier_source: str = ""  # toolchain whose upstream target tiers matter (e.g. "rust")
    cite: str = ""
    repology: str = ""  # Repology project name; defaults to the dependency name
    upstream: str = ""  # the upstream project whose release dates apply (endoflife.date name); default: the name
    # history tree (data/catalog/history.csv) -> package file paths, or source package name patterns
    history: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # what build files call it (glib-2.0, rust-version, meson); empty: the dependency's own name
    build_names: tuple[str, ...] = ()

    def known_in_build_files_as(self, name: str) -> bool:
        return name in (self.build_names or (self.name,))

    @property
    def repology_project(self) -> str:
        return self.repology or self.name

    @property
    def upstream_project(self) -> str:
        return self.upstream or self.name

    def patterns_for(self, keys: list[str]) -> tuple[str, ...] | None:
        """Package-name patterns for the first key present; None = no opinion (accept any)."""
        table = dict(self.packages)
        for key in keys:
            if key in table:
                return table[key]
        return None

    def external_for(self, keys: list[str]) -> str:
        """How the project provides it outside the OS packages, for the first key present ("" = it does not)."""
        table = dict(self.external)
        for key in keys:
            if key in table:
                return table[key]
        return ""


@dataclass(frozen=True)
class CICoverage:
    """How the project's CI tests a platform, release or OS."""

    platform: str  # "debian-12/x86_64", "debian-12" (all arches) or "freebsd" (all releases)
    kind: CiKind
    detail: str = ""


@dataclass(frozen=True)
class StageRequirement:
    """One requirement of a roadmap stage, at its level (optional, default, mandatory)."""

    dependency: str
    level: Level
    minimum: str


@dataclass(frozen=True)
class Stage:
    """A roadmap stage: a release and the requirements it would bring."""

    label: str
    date: dt.date
    requirements: tuple[StageRequirement, ...]
    illustrative: bool = False
    note: str = ""
    components: tuple[str, ...] = ()  # the stage binds only these components' builds (empty: all)


# Architectures with a 32-bit address space (canirequire's canonical names and common aliases).
THIRTY_TWO_BIT = frozenset({"i686", "i386", "x86", "armv7", "armel", "armhf", "armv6", "mipsel", "mips", "ppc",
                            "powerpc", "riscv32", "s390", "hppa", "m68k", "sparc", "sh4"})


def spec_matches(spec: str, os_id: str, release_id: str, arch: str) -> bool:
    """Whether a platform spec names a platform: an OS (freebsd), a release (freebsd-14), an
    architecture (riscv64), an OS or release with an architecture (freebsd/aarch64), or 32-bit/64-bit."""
    if spec == "32-bit":
        return arch in THIRTY_TWO_BIT
    if spec == "64-bit":
        return arch not in THIRTY_TWO_BIT
    if "/" in spec:
        where, spec_arch = spec.split("/", 1)
        return where in (os_id, release_id) and spec_arch == arch
    return spec in (os_id, release_id, arch)


@dataclass(frozen=True)
class Component:
    """A part of the project with its own host set and needs (QEMU's bsd-user runs on FreeBSD only)."""

    name: str
    description: str = ""
    cite: str = ""
    include: tuple[str, ...] = ()  # platform specs; empty: every supported platform
    exclude: tuple[str, ...] = ()
    dependencies: tuple[str, ...] = ()  # what it needs; empty: every dependency of the project

    def admits(self, os_id: str, release_id: str, arch: str) -> bool:
        """Whether the component builds on this platform (its include specs, minus its exclude specs)."""
        if self.include and not any(spec_matches(s, os_id, release_id, arch) for s in self.include):
            return False
        return not any(spec_matches(s, os_id, release_id, arch) for s in self.exclude)

    def needs(self, dependency: str) -> bool:
        return not self.dependencies or dependency in self.dependencies


@dataclass(frozen=True)
class Project:
    """A project file: its platform policy per OS, dependencies, CI, roadmap and components."""

    name: str
    path: str
    description: str = ""
    policy_doc: str = ""
    channels: tuple[Channel, ...] = DEFAULT_CHANNELS
    host_arches: tuple[str, ...] = ()
    oses: tuple[OSPolicy, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    ci: tuple[CICoverage, ...] = ()
    roadmap: tuple[Stage, ...] = ()
    components: tuple[Component, ...] = ()
    # [wants]: per dependency, the features the project wants to use (features.csv names)
    wants: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)

    def dependency(self, name: str) -> Dependency | None:
        """The dependency named ``name``, or None."""
        for d in self.dependencies:
            if d.name == name:
                return d
        return None

    def os_policy(self, os_id: str) -> OSPolicy | None:
        """The policy for ``os_id``, or None if the project does not support that OS."""
        for o in self.oses:
            if o.os == os_id:
                return o
        return None


def _toml_loads(text: str, where: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(f"{where}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ProjectError(f"{where}: invalid TOML: arrays or tables nested too deeply") from None


class _Reader:
    """Typed access to one TOML table, with errors that say where."""

    def __init__(self, table: Any, where: str) -> None:
        if not isinstance(table, dict):
            raise ProjectError(f"{where}: expected a table")
        self.table = table
        self.where = where
        self.used: set[str] = set()

    def get(self, key: str, kind: type | tuple, default: Any = None, required: bool = False) -> Any:
        """The value at ``key`` if it has the right type (an error naming the table and key if not)."""
        self.used.add(key)
        if key not in self.table:
            if required:
                raise ProjectError(f"{self.where}: missing required key {key!r}")
            return default
        value = self.table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise ProjectError(f"{self.where}: {key!r} must be {names}, got {type(value).__name__}")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        """The list of strings at ``key`` (empty if absent)."""
        value = self.get(key, list, [])
        if not all(isinstance(v, str) for v in value):
            raise ProjectError(f"{self.where}: {key!r} must be a list of strings")
        return tuple(value)

    def finish(self) -> None:
        """An error naming every key of the table that nothing read (a typo, an unsupported option)."""
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            raise ProjectError(f"{self.where}: unknown key(s): {', '.join(unknown)}")


def _date(value: Any, where: str) -> dt.date:
    day = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
    if day is None:
        raise ProjectError(f"{where}: not a YYYY-MM-DD date: {value!r}")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        # Walks look years ahead of a date: one near the calendar's ends has no room.
        raise ProjectError(f"{where}: {day} is outside the supported dates ({EARLIEST_DATE} to {LATEST_DATE})")
    return day


def parse_project(text: str, where: str) -> Project:
    """Parse a project file's TOML text; every error names ``where``, the table and the key."""
    data = _toml_loads(text, where)
    root = _Reader(data, where)
    meta = _Reader(root.get("project", dict, required=True), f"{where} [project]")
    name = meta.get("name", str, required=True)
    channels = _channels(meta.strings("channels"), f"{where} [project]") or DEFAULT_CHANNELS
    project_kwargs = dict(
        name=name,
        path=where,
        description=meta.get("description", str, ""),
        policy_doc=meta.get("policy_doc", str, ""),
        channels=channels,
        host_arches=_arches(meta.strings("host_arches"), f"{where} [project] host_arches"),
    )
    meta.finish()

    oses = []
    for i, table in enumerate(root.get("os", list, [])):
        oses.append(_parse_os(table, f"{where} [[os]] #{i + 1}"))
    seen = set()
    for o in oses:
        if o.os in seen:
            raise ProjectError(f"{where}: OS {o.os!r} is listed twice in [[os]]")
        seen.add(o.os)
    _check_dates_from(oses, where)

    deps = []
    for dep_name, table in root.get("dependencies", dict, {}).items():
        deps.append(_parse_dependency(dep_name, table, f"{where} [dependencies.{dep_name}]"))

    ci = []
    for i, table in enumerate(root.get("ci", list, [])):
        r = _Reader(table, f"{where} [[ci]] #{i + 1}")
        kind = _choice(CiKind, r.get("kind", str, required=True), "kind", r.where)
        for plat in r.strings("platforms") or (r.get("platform", str, required=True),):
            ci.append(CICoverage(platform=plat, kind=kind, detail=r.get("detail", str, "")))
        r.finish()

    dep_names = {d.name for d in deps}
    known_arches = set(project_kwargs["host_arches"]) | {a for o in oses for a in o.arches}
    components = []
    for i, table in enumerate(root.get("component", list, [])):
        components.append(_parse_component(table, f"{where} [[component]] #{i + 1}", dep_names,
                                           {o.os for o in oses}, known_arches))
    names = [c.name for c in components]
    if len(set(names)) != len(names):
        raise ProjectError(f"{where}: a component name is used twice ({', '.join(names)})")
    stages = []
    for i, table in enumerate(root.get("roadmap", list, [])):
        stages.append(_parse_stage(table, f"{where} [[roadmap]] #{i + 1}", dep_names, set(names)))
    wants_reader = _Reader(root.get("wants", dict, {}), f"{where} [wants]")
    wants = []
    for dep_name in list(wants_reader.table):
        if dep_name not in dep_names:
            raise ProjectError(f"{where} [wants]: {dep_name!r} is not a dependency of the project "
                               f"({', '.join(sorted(dep_names))})")
        wants.append((dep_name, wants_reader.strings(dep_name)))
    wants_reader.finish()
    root.finish()
    return Project(
        wants=tuple(wants),
        oses=tuple(oses),
        dependencies=tuple(deps),
        ci=tuple(ci),
        roadmap=tuple(sorted(stages, key=lambda s: s.date)),
        components=tuple(components),
        **project_kwargs,
    )


def _parse_component(table: Any, where: str, dep_names: set[str], os_ids: set[str], arches: set[str]) -> Component:
    r = _Reader(table, where)
    name = r.get("name", str, required=True)
    r.where = where = f"{where} (name={name})"
    specs = {}
    for key in ("include", "exclude"):
        specs[key] = tuple(_check_spec(spec, f"{where} {key}", os_ids, arches) for spec in r.strings(key))
    needs = tuple(r.strings("dependencies"))
    unknown = [d for d in needs if d not in dep_names]
    if unknown:
        raise ProjectError(f"{where}: dependencies {', '.join(unknown)} are not declared in [dependencies]")
    component = Component(name, r.get("description", str, ""), r.get("cite", str, ""), specs["include"],
                          specs["exclude"], needs)
    r.finish()
    return component


def _check_spec(spec: str, where: str, os_ids: set[str], arches: set[str]) -> str:
    """The spec in canonical spelling (architecture aliases normalized), or an error naming it."""
    if spec in ("32-bit", "64-bit"):
        return spec
    where_part, _, arch = spec.partition("/")
    known_place = where_part in os_ids or any(where_part.startswith(o + "-") for o in os_ids)
    if "/" in spec:
        if not known_place or normalize_arch(arch) not in arches:
            raise ProjectError(f"{where}: {spec!r} is not OS-or-release/arch of this project "
                               f"(OSes: {', '.join(sorted(os_ids))}; arches: {', '.join(sorted(arches))})")
        return f"{where_part}/{normalize_arch(arch)}"
    if known_place:
        return spec
    if normalize_arch(spec) not in arches:
        raise ProjectError(f"{where}: {spec!r} names no OS, release or architecture of this project, nor "
                           "32-bit/64-bit")
    return normalize_arch(spec)


def _parse_os(table: Any, where: str) -> OSPolicy:
    r = _Reader(table, where)
    os_id = r.get("id", str, required=True)
    where = f"{where} (id={os_id})"
    r.where = where
    rule = _choice(RuleKind, r.get("rule", str, required=True), "rule", where, allowed=RULE_KINDS)
    cap_from = r.get("cap_from", str, "major")
    if cap_from not in ("major", "latest-minor"):
        raise ProjectError(f"{where}: cap_from must be 'major' or 'latest-minor'")
    platform_release = r.get("platform_release", str, "cycle")
    if platform_release not in ("cycle", "major", "latest-minor"):
        raise ProjectError(f"{where}: platform_release must be 'cycle', 'major' or 'latest-minor'")
    pattern = r.get("cycle_pattern", str, "")
    if pattern:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ProjectError(f"{where}: cycle_pattern is not a valid regex: {exc}") from None
        if "major" not in compiled.groupindex:
            raise ProjectError(f"{where}: cycle_pattern needs a named group (?P<major>...)")
    releases = []
    for j, rel in enumerate(r.get("releases", list, [])):
        if isinstance(rel, str):
            releases.append(ExplicitRelease(rel))
        else:
            rr = _Reader(rel, f"{where} releases #{j + 1}")
            until = rr.get("until", (str, dt.date), None)
            releases.append(
                ExplicitRelease(rr.get("release", str, required=True), _date(until, rr.where) if until else None)
            )
            rr.finish()
    if rule is RuleKind.EXPLICIT and not releases:
        raise ProjectError(f"{where}: rule 'explicit' needs a 'releases' list")
    by_release = []
    for rel, arches in r.get("arches_by_release", dict, {}).items():
        if not isinstance(arches, list) or not all(isinstance(a, str) for a in arches):
            raise ProjectError(f"{where}: arches_by_release.{rel} must be a list of strings")
        by_release.append((str(rel), _arches(arches, f"{where} arches_by_release.{rel}")))
    channels = _channels(r.strings("channels"), where)
    policy = OSPolicy(
        os=os_id,
        rule=rule,
        label=r.get("label", str, ""),
        lifecycle=r.get("lifecycle", str, ""),
        dates_from=r.get("dates_from", str, ""),
        newest_years=_newest_years(r.get("newest_years", (int, str), 5), where),
        previous_until=_one_of(r.get("previous_until", str, "years-or-eol"), ("years-or-eol", "years"),
                               "previous_until", where),
        support=_one_of(r.get("support", str, "regular"), ("regular", "extended"), "support", where),
        oldest_release=str(r.get("oldest_release", (str, int, float), "")),
        minors=_one_of(r.get("minors", str, "latest"), ("latest", "supported"), "minors", where),
        minor_support=_minor_support(r.get("minor_support", list, []), where),
        previous_years=_bounded(r.get("previous_years", int, 2), 0, 100, "previous_years", where),
        cap_from=cap_from,
        group_minors=r.get("group_minors", bool, False),
        platform_release=platform_release,
        lts_only=r.get("lts_only", bool, False),
        cycle_pattern=pattern,
        count=_bounded(r.get("count", int, 2), 1, 100, "count", where),
        releases=tuple(releases),
        packages_from=_repo_sources(r.get("packages_from", list, []), where) or DEFAULT_SOURCES,
        branches=r.get("branches", str, ""),
        arches=_arches(r.strings("arches"), f"{where} arches"),
        arches_by_release=tuple(by_release),
        channels=channels,
        cite=r.get("cite", str, ""),
    )
    r.finish()
    return policy


def _newest_years(value, where: str) -> int | None:
    if isinstance(value, str):
        if value != "unlimited":
            raise ProjectError(f"{where}: newest_years must be a number of years or \"unlimited\"")
        return None
    return _bounded(value, 0, 100, "newest_years", where)


def _one_of(value: str, choices: tuple[str, ...], key: str, where: str) -> str:
    if value not in choices:
        raise ProjectError(f"{where}: {key} must be one of {', '.join(repr(c) for c in choices)}, not {value!r}")
    return value


def _minor_support(rows: list, where: str) -> tuple[MinorSupport, ...]:
    out = []
    for j, row in enumerate(rows):
        rr = _Reader(row, f"{where} minor_support #{j + 1}")
        released = _date(rr.get("released", (str, dt.date), required=True), rr.where)
        until = _date(rr.get("until", (str, dt.date), required=True), rr.where)
        if until <= released:
            raise ProjectError(f"{rr.where}: until ({until}) must be after released ({released})")
        out.append(MinorSupport(str(rr.get("release", (str, float), required=True)), released, until,
                                rr.get("cite", str, "")))
        rr.finish()
    return tuple(out)


def _bounded(value: int, low: int, high: int, key: str, where: str) -> int:
    if not low <= value <= high:
        raise ProjectError(f"{where}: {key} = {value} is out of range ({low} to {high})")
    return value


def _arches(names, where: str) -> tuple[str, ...]:
    """Architecture names in canonical spelling; an unknown one is an error naming close matches."""
    import difflib

    out = []
    for name in names:
        arch = normalize_arch(name)
        if arch not in KNOWN_ARCHES:
            close = difflib.get_close_matches(arch, sorted(KNOWN_ARCHES), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else f" (known: {', '.join(sorted(KNOWN_ARCHES))})"
            raise ProjectError(f"{where}: unknown architecture {name!r}{hint}")
        out.append(arch)
    return tuple(out)


def _check_dates_from(oses: list[OSPolicy], where: str) -> None:
    """An OS may take its release dates from another, but the chain must end somewhere."""
    by_id = {o.os: o for o in oses}
    for start in oses:
        seen = [start.os]
        current = start
        while current.dates_from:
            if current.dates_from in seen:
                chain = " -> ".join(seen + [current.dates_from])
                raise ProjectError(f"{where}: dates_from goes round in a circle ({chain})")
            seen.append(current.dates_from)
            current = by_id.get(current.dates_from)
            if current is None:
                break


def _parse_dependency(name: str, table: Any, where: str) -> Dependency:
    r = _Reader(table, where)
    packages = []
    for key, value in r.get("packages", dict, {}).items():
        if value is False:
            value = []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ProjectError(f"{where}: packages.{key} must be a string, a list of strings or false")
        packages.append((key, tuple(value)))
    external = []
    for key, how in r.get("external", dict, {}).items():
        if not isinstance(how, str) or not how.strip():
            raise ProjectError(f"{where}: external.{key} must say how the project provides it (a string)")
        external.append((key, how.strip()))
    history = []
    for tree, value in r.get("history", dict, {}).items():
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise ProjectError(f"{where}: history.{tree} must be a path or source name, or a list of them")
        history.append((tree, tuple(v.strip() for v in value)))
    dep = Dependency(
        name=name,
        description=r.get("description", str, ""),
        packages=tuple(packages),
        external=tuple(external),
        tier_source=r.get("tier_source", str, ""),
        cite=r.get("cite", str, ""),
        repology=r.get("repology", str, ""),
        upstream=r.get("upstream", str, ""),
        history=tuple(history),
        build_names=tuple(r.strings("build_names")),
    )
    r.finish()
    return dep


def _parse_stage(table: Any, where: str, dep_names: set[str], component_names: set[str] = frozenset()) -> Stage:
    r = _Reader(table, where)
    label = r.get("label", str, required=True)
    date = _date(r.get("date", (str, dt.date), required=True), where)
    reqs = []
    for dep, spec in r.get("requires", dict, {}).items():
        rr = _Reader(spec, f"{where} requires.{dep}")
        level = _choice(Level, rr.get("level", str, required=True), "level", rr.where)
        minimum = rr.get("minimum", str, required=True)
        if not is_valid_version(minimum):
            raise ProjectError(f"{rr.where}: minimum {minimum!r} is not a version")
        rr.finish()
        reqs.append(StageRequirement(dep, level, minimum))
    scoped = tuple(r.strings("components"))
    unknown = [c for c in scoped if c not in component_names]
    if unknown:
        raise ProjectError(f"{where}: components {', '.join(unknown)} are not defined in [[component]]")
    stage = Stage(
        label=label,
        date=date,
        requirements=tuple(reqs),
        illustrative=r.get("illustrative", bool, False),
        note=r.get("note", str, ""),
        components=scoped,
    )
    r.finish()
    return stage


def _choice(enum, value: str, key: str, where: str, allowed=None):
    allowed = tuple(allowed or enum)
    for member in allowed:
        if member.value == value:
            return member
    raise ProjectError(f"{where}: {key} must be one of {', '.join(m.value for m in allowed)}, got {value!r}")


def _channels(names: tuple[str, ...], where: str) -> tuple[Channel, ...]:
    out = []
    for c in names:
        try:
            out.append(Channel(c))
        except ValueError:
            known = ", ".join(ch.value for ch in Channel)
            raise ProjectError(f"{where}: unknown channel {c!r} (known: {known})") from None
    return tuple(out)


def _repo_sources(items: list, where: str) -> tuple[RepoSource, ...]:
    out = []
    for j, item in enumerate(items):
        if isinstance(item, str):
            out.append(RepoSource(_repo_template(item, where)))
            continue
        rr = _Reader(item, f"{where} packages_from #{j + 1}")
        template = _repo_template(rr.get("repo", str, required=True), rr.where)
        relation = _choice(Relation, rr.get("relation", str, "same"), "relation", rr.where)
        read_at = _choice(ReadAt, rr.get("at", str, "date"), "at", rr.where)
        rr.finish()
        out.append(RepoSource(template, relation, read_at))
    return tuple(out)


_TEMPLATE_FIELDS = re.compile(r"{([^{}]*)}")


def _repo_template(text: str, where: str) -> str:
    """An "os,release" template whose only fields are {os}, {release}, {major} and {branch}."""
    if "," not in text:
        raise ProjectError(f"{where}: packages_from entry {text!r} must look like 'os,release'")
    for name in _TEMPLATE_FIELDS.findall(text):
        if name not in ("os", "release", "major", "branch"):
            raise ProjectError(f"{where}: packages_from entry {text!r} uses {{{name}}}; "
                               "only {os}, {release}, {major} and {branch} expand")
    return text
