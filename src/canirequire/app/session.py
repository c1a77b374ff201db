"""Open a session: the project, every data layer, and a validated scope for each question."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..engine.core import Engine
from ..model import RuleKind
from ..engine.scope import Scope
from ..model import Channel, DateError, FactSet, Flag, Origin, PackageFact, PlatformSpec, PlatformSpecError, SourceInfo
from ..model import normalize_arch, parse_date, parse_platform_spec
from ..policy.project import Project, ProjectError, parse_project
from ..sources.errors import SourceFormatError
from ..store.catalog import load_catalog
from ..store.index import FactIndex
from ..store.paths import refreshed_data_dir
from ..store.refreshed import RefreshedData
from ..store.snapshot import SnapshotError, embedded_snapshot_dir, read_snapshot
from ..versions.libversion import is_valid_version
from .errors import InputError
from .presets import PRESETS_DIR, preset_names

ENV_PROJECT = "CANIREQUIRE_PROJECT"
ENV_TODAY = "CANIREQUIRE_TODAY"
PROJECT_FILE = "canirequire.toml"
TIERS = {"1": "tier 1", "2": "tier 2", "2-host": "tier 2 with host tools", "3": "tier 3"}


def today() -> dt.date:
    """Today, or the date CANIREQUIRE_TODAY fixes (reproducible reports, tests)."""
    fixed = os.environ.get(ENV_TODAY, "").strip()
    if fixed:
        try:
            return parse_date(fixed)
        except DateError as exc:
            raise InputError(f"{ENV_TODAY}: {exc}") from None
    return dt.date.today()


def now() -> dt.datetime:
    """The current time, on the day CANIREQUIRE_TODAY fixes if it is set: refresh records its
    readings on that day, and cached responses age by it."""
    real = dt.datetime.now(dt.timezone.utc)
    if not os.environ.get(ENV_TODAY, "").strip():
        return real
    return dt.datetime.combine(today(), real.timetz())


ENV_STALE_AFTER = "CANIREQUIRE_STALE_AFTER"
ENV_NO_STALE_WARNING = "CANIREQUIRE_NO_STALE_WARNING"
STALE_AFTER_DAYS = 90


def stale_after(option_days: int | None, silenced: bool) -> int | None:
    """After how many days an answer warns that a release's data is old (None: no warning):
    --stale-after, else CANIREQUIRE_STALE_AFTER, else 90; --no-stale-warning or
    CANIREQUIRE_NO_STALE_WARNING=1 silence it."""
    if silenced or os.environ.get(ENV_NO_STALE_WARNING, "").strip().lower() not in ("", "0", "false", "no"):
        return None
    if option_days is not None:
        return option_days
    text = os.environ.get(ENV_STALE_AFTER, "").strip()
    if not text:
        return STALE_AFTER_DAYS
    if not text.isdigit() or not 0 <= int(text) <= 36500:
        raise InputError(f"{ENV_STALE_AFTER}={text!r}: give a whole number of days (0-36500)")
    return int(text)


def with_staleness(result, days: int | None):
    """The answer with its stale-data warning filled in (when ``days`` is set)."""
    from dataclasses import replace

    from ..engine.provenance import answer_verdicts, staleness

    if days is None or not hasattr(result, "staleness"):
        return result
    return replace(result, staleness=staleness(answer_verdicts(result), result.on, days))


def default_project() -> str:
    """./canirequire.toml if there is one, else $CANIREQUIRE_PROJECT, else the qemu preset."""
    if Path(PROJECT_FILE).exists():
        return PROJECT_FILE
    return os.environ.get(ENV_PROJECT, "qemu")




def load_project(spec: str) -> Project:
    """``spec`` is a preset name (``qemu``) or a path to a TOML project file."""
    path = Path(spec)
    if not (spec.endswith(".toml") or path.is_file()):  # a folder named like a preset is not a project file
        path = Path(PRESETS_DIR) / f"{spec}.toml"
        if not path.exists():
            raise InputError(f"unknown project preset {spec!r} (presets: {', '.join(preset_names())}; "
                             "or give a path to a .toml file)")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read project file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a text file (a project file is UTF-8 TOML)") from None
    try:
        return parse_project(text, str(path))
    except ProjectError as exc:
        raise InputError(str(exc)) from None


def open_project(spec: str | None) -> Project:
    """The project ``spec`` names (a preset or a file), or the default one."""
    return load_project(spec or default_project())


class Session:
    """A project and its facts, loaded once; every question starts from here."""

    def __init__(self, project: Project, layers: list[FactSet]) -> None:
        self.project = project
        self.layers = layers
        self.index = FactIndex(layers)
        self.catalog = load_catalog()
        self.warnings: list[str] = []  # plausible but unknown names in user facts: said on stderr
        self._resolver = None

    @classmethod
    def open(cls, project_spec: str | None, fact_files: tuple[str, ...] = (), embedded_only: bool = False,
             assumptions: tuple[str, ...] = ()) -> "Session":
        """Load the project, the embedded snapshot, refreshed data (unless ``embedded_only``),
        ``--facts`` files and ``--assume`` facts, in rising precedence."""
        project = open_project(project_spec)
        layers = [_read(embedded_snapshot_dir(), Origin.EMBEDDED)]
        if not embedded_only:
            try:
                layers += RefreshedData(refreshed_data_dir()).read_all()
            except SnapshotError as exc:
                raise InputError(f"{exc} (--embedded-only ignores refreshed data; "
                                 "`canirequire refresh` rewrites it)") from None
        user_layers = [_user_facts(name) for name in fact_files]
        layers += user_layers
        session = cls(project, layers)
        for layer in user_layers:
            session.warnings += session.check_fact_names(layer)
        if assumptions:
            facts = session._assumed_facts(assumptions)
            if facts:
                session = cls(project, [*layers, FactSet(packages=tuple(facts))])
        return session

    # -- validation of what the user named -----------------------------------
    def resolve_on(self, on: str | dt.date | None) -> dt.date:
        """--on: a date, or a roadmap stage's label (a requirement lands in a release)."""
        if on is None:
            return today()
        if isinstance(on, dt.date):
            return on
        try:
            return parse_date(on)
        except DateError as exc:
            for stage in self.project.roadmap:
                if stage.label == on:
                    return stage.date
            if on[:1].isdigit() and "-" not in on and self.project.roadmap:
                labels = ", ".join(st.label for st in self.project.roadmap)
                raise InputError(f"--on {on!r} is neither a date (YYYY-MM-DD) nor a roadmap stage of "
                                 f"{self.project.name} (stages: {labels})") from None
            raise InputError(f"--on: {exc}") from None

    def known_arches(self) -> set[str]:
        return set(self.project.host_arches) | {a for o in self.project.oses for a in o.arches}

    def check_arches(self, arches: tuple[str, ...]) -> tuple[str, ...]:
        """The architectures normalized (amd64 -> x86_64); an unknown one is an input error naming the known."""
        known = self.known_arches()
        out = []
        for arch in arches:
            norm = normalize_arch(arch)
            if known and norm not in known:
                raise InputError(f"unknown architecture {arch!r} for project {self.project.name} "
                                 f"(known: {', '.join(sorted(known))})")
            out.append(norm)
        return tuple(out)

    def check_fact_names(self, layer: FactSet) -> list[str]:
        """A user fact naming an OS or architecture nobody knows: a likely typo (a close match exists) is an
        error, so it never quietly changes nothing; an unfamiliar but plausible name is a warning."""
        import difflib

        from ..model import KNOWN_ARCHES

        known_os = ({o.os for o in self.project.oses} | set(self.index.lifecycles_by_os())
                    | {f.os for f in self.layers[0].packages})
        warnings = []
        for f in layer.packages:
            where = f"{f.origin_file or 'a --facts file'}: {f.os},{f.release} {f.package}"
            for kind, name, known in [("OS", f.os, known_os)] + [("architecture", a, set(KNOWN_ARCHES))
                                                                for a in (f.arches or ())]:
                if name in known:
                    continue
                close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.75)
                if close:
                    raise InputError(f"{where}: unknown {kind} {name!r}; did you mean {', '.join(close)}?")
                message = f"{where}: {kind} {name!r} is not in the catalogue; its facts match no platform of the policy"
                if message not in warnings:
                    warnings.append(message)
        return warnings

    def features(self):
        """The feature tables (features.csv in the snapshot), read only when a question asks about features."""
        if not hasattr(self, "_features"):
            self._features = read_snapshot(embedded_snapshot_dir(), Origin.EMBEDDED, kinds=("features",)).features
        return self._features

    def check_dependency(self, dependency: str) -> None:
        """An input error unless the project or the data knows ``dependency``."""
        if self.project.dependency(dependency) is None and not self.index.packages_for(dependency):
            known = sorted({d.name for d in self.project.dependencies} | set(self.index.dependencies()))
            raise InputError(f"unknown dependency {dependency!r} (known: {', '.join(known)}; add facts with --facts)")

    @staticmethod
    def check_version(version: str) -> None:
        if not is_valid_version(version):
            raise InputError(f"{version!r} is not a version (it has no number in it)")

    def platform_spec(self, spec: str) -> PlatformSpec:
        """Parse PLATFORM (debian-12/mips64el, debian-12, debian) against the OSes the project and data know."""
        known = {o.os for o in self.project.oses} | set(self.index.lifecycles_by_os()) | {
            *self.index.package_oses()}
        try:
            parsed = parse_platform_spec(spec, known)
        except PlatformSpecError as exc:
            raise InputError(str(exc)) from None
        if parsed.arch:
            self.check_arches((parsed.arch,))
        return parsed

    # -- engines -----------------------------------------------------------
    def check_exceptions(self, exceptions: tuple[str, ...]) -> tuple[str, ...]:
        """--except names: an OS, a release or a platform the data knows; a typo is an error that
        lists close matches instead of silently excepting nothing."""
        import difflib

        lifecycles = self.index.lifecycles_by_os()
        releases = {f"{o}-{lc.cycle}" for o, cycles in lifecycles.items() for lc in cycles}
        releases |= {r.rsplit(".", 1)[0] for r in releases}  # majors: rhel-9 for rhel-9.4
        # Releases a policy names by a cycle's prefix (windows-10 for the cycle 10-22h2).
        releases |= {f"{o}-{lc.cycle.split('-')[0]}" for o, cycles in lifecycles.items() for lc in cycles}
        known = {o.os for o in self.project.oses} | set(lifecycles) | releases
        # A rolling OS's platforms are shown as "windows-rolling/x86_64": that name must be exceptable too.
        known |= {f"{o.os}-rolling" for o in self.project.oses if o.rule is RuleKind.ROLLING}
        out = []
        for text in exceptions:
            name = text.strip()
            base, _, arch = name.partition("/")
            if base not in known:
                close = difflib.get_close_matches(base, sorted(known), n=4, cutoff=0.6)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise InputError(f"--except {text!r}: no such OS or release{hint}")
            if arch:
                base = f"{base}/{self.check_arches((arch,))[0]}"
            out.append(base)
        return tuple(out)

    def engine(self, on: dt.date, arches: tuple[str, ...] = (), exceptions: tuple[str, ...] = (),
               assumptions: tuple[str, ...] = (), components: tuple[str, ...] = ()) -> Engine:
        """An engine for one scope; engines of a session share what their resolver has worked out."""
        scope = Scope(self.project, on, self.check_arches(arches), self.check_exceptions(tuple(exceptions)),
                      self._assumed_tiers(assumptions), tuple(assumptions), self.components(components))
        engine = Engine(self.index, self.catalog, scope, self._resolver)
        self._resolver = engine.resolver  # later engines (a report's stages, components) reuse its work
        return engine

    def components(self, names: tuple[str, ...]):
        """The project's components by name (--component), or a clear error naming the known ones."""
        out = []
        for name in names:
            component = self.project.component(name)
            if component is None:
                known = ", ".join(c.name for c in self.project.components) or "none defined"
                raise InputError(f"unknown component {name!r} for project {self.project.name} (components: {known})")
            out.append(component)
        return tuple(out)

    def _parse_assumption(self, text: str) -> tuple[PlatformSpec, str, str]:
        spec, sep, assignment = text.partition(":")
        key, eq, value = assignment.partition("=")
        if not sep or not eq or not value:
            raise InputError(f"--assume {text!r}: expected PLATFORM:tier=N or PLATFORM:DEPENDENCY=VERSION")
        try:
            parsed = self.platform_spec(spec)
        except InputError as exc:
            raise InputError(f"--assume {text!r}: {exc}") from None
        return parsed, key, value

    def _assumed_tiers(self, assumptions: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        tiers = []
        for text in assumptions:
            _, key, value = self._parse_assumption(text)
            if key == "tier":
                if value not in TIERS:
                    raise InputError(f"--assume {text!r}: tier must be 1, 2, 2-host or 3")
                tiers.append((text.partition(":")[0], TIERS[value]))
        return tuple(tiers)

    def _assumed_facts(self, assumptions: tuple[str, ...]) -> list[PackageFact]:
        """--assume PLATFORM:DEP=VERSION: a user fact in the platform's first repository, valid throughout."""
        facts = []
        for text in assumptions:
            spec, key, value = self._parse_assumption(text)
            if key == "tier":
                continue
            try:
                self.check_dependency(key)
            except InputError as exc:
                raise InputError(f"--assume {text!r}: {exc}") from None
            self.check_version(value)
            policy = self.project.os_policy(spec.os)
            release = spec.release or ""
            template = policy.packages_from[0].template if policy else "{os},{release}"
            repo = template.replace("{branch}", release).format(os=spec.os, release=release,
                                                               major=release.split(".")[0])
            repo_os, _, repo_rel = repo.partition(",")
            facts.append(PackageFact(
                os=repo_os, release=repo_rel, dependency=key, package=f"{key} (assumed)", version=value,
                channel=Channel.MAIN, source=f"assumed by --assume {text}",
                arches=(spec.arch,) if spec.arch else None, valid_from=dt.date(1970, 1, 1),
                quality=(Flag.ASSUMED_BY_USER,), source_id="assume", origin=Origin.USER,
            ))
        return facts


def _read(directory: Path, origin: Origin) -> FactSet:
    try:
        return read_snapshot(directory, origin)
    except SnapshotError as exc:
        raise InputError(str(exc)) from None


MAX_FACT_FILE = 64 * 1024 * 1024  # as for HTTP bodies: a fact file is a table, never endless


def _user_facts(name: str) -> FactSet:
    import stat

    from ..sources.package_csv import read_package_csv

    try:
        info = Path(name).stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name}: not a regular file (a --facts file is a CSV table)")
        if info.st_size > MAX_FACT_FILE:
            raise InputError(f"{name}: {info.st_size} bytes is larger than {MAX_FACT_FILE // (1024 * 1024)} MB")
        text = Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text") from None
    try:
        facts = read_package_csv(text, path=name, origin=Origin.USER)
    except SourceFormatError as exc:
        raise InputError(str(exc)) from None
    source_id = f"user:{name}"
    from dataclasses import replace

    facts = [replace(f, source_id=source_id) for f in facts]
    dated = [f.as_of for f in facts if f.as_of]
    info = SourceInfo(source_id, f"user fact file {name} ({len(facts)} facts)", max(dated) if dated else None,
                      name, Origin.USER)
    return FactSet(packages=tuple(facts), sources=(info,))


def list_presets():
    """Every shipped preset with its description, the policy text it cites, its OSes and dependencies."""
    from ..engine.results import PresetInfo, PresetsResult

    infos = []
    for name in preset_names():
        project = load_project(name)
        infos.append(PresetInfo(name, project.description, project.policy_doc, tuple(o.os for o in project.oses),
                                tuple(d.name for d in project.dependencies)))
    return PresetsResult(tuple(infos))
