"""Command-line interface: thin wiring from options to engine to report.

Heavy modules are imported inside the commands so that `canirequire check`
on the embedded snapshot starts fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "markdown", "json", "csv")


class UserError(click.ClickException):
    """Bad input: one clear line, exit 2, no traceback."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"canirequire: error: {self.format_message()}", err=True)


def _today() -> dt.date:
    return dt.date.today()


def _parse_date(ctx, param, value):
    try:
        return _strict_date(ctx, param, value)
    except click.BadParameter:
        if value and value[0].isdigit() and "-" not in value:
            return value  # maybe a roadmap stage label ("11.0"): resolved once the project is loaded
        raise


def _strict_date(ctx, param, value):
    if value is None:
        return _today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


def _default_project() -> str:
    if Path("canirequire.toml").exists():
        return "canirequire.toml"
    return os.environ.get("CANIREQUIRE_PROJECT", "qemu")


def common_options(fn):
    fn = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                      help="Output format. JSON follows docs/json-schema.md; csv fits platforms, check, floor, matrix.")(fn)
    fn = click.option("--width", type=int, default=None,
                      help="Wrap output to this many columns (markdown: fixed-width tables for plain-text mail).")(fn)
    fn = click.option("--arch", "arches", multiple=True, metavar="ARCH",
                      help="Only these architectures (repeatable): x86_64, aarch64, mips64el ...")(fn)
    fn = click.option("--facts", "fact_files", multiple=True, metavar="FILE.csv",
                      help="Extra facts (repeatable); they outrank embedded and refreshed data.")(fn)
    fn = click.option("--on", "on", callback=_parse_date, default=None, metavar="DATE|STAGE",
                      help="Answer as of this date, YYYY-MM-DD, or a roadmap stage's date (--on 11.0). "
                           "Default: today. Usually the date of your next release.")(fn)
    fn = click.option("--project", "project_spec", default=None, metavar="NAME|FILE",
                      help="Preset name (qemu) or project TOML file. Default: ./canirequire.toml, else qemu.")(fn)
    fn = click.option("--embedded-only", is_flag=True,
                      help="Ignore data written by `canirequire refresh`; use the shipped snapshot only.")(fn)
    return fn


class Context:
    def __init__(self, project_spec, fact_files, embedded_only) -> None:
        from .facts.snapshot import SnapshotError
        from .facts.store import load_store
        from .policy.project import ProjectError, load_project
        from .sources.errors import SourceFormatError

        try:
            self.project = load_project(project_spec or _default_project())
            self.store = load_store(tuple(fact_files), use_refreshed=not embedded_only)
        except (ProjectError, SourceFormatError) as exc:
            raise UserError(str(exc)) from None
        except SnapshotError as exc:
            raise UserError(f"{exc} (--embedded-only ignores refreshed data; `canirequire refresh` rewrites it)") from None

    @classmethod
    def open(cls, project_spec, fact_files, embedded_only, arches, on):
        """Load project and facts, validate --arch, and turn --on STAGE into a date."""
        ctx = cls(project_spec, fact_files, embedded_only)
        ctx.check_arches(arches)
        return ctx, ctx.resolve_on(on)

    def resolve_on(self, on):
        if isinstance(on, dt.date):
            return on
        for stage in self.project.roadmap:
            if stage.label == on:
                return stage.date
        labels = ", ".join(st.label for st in self.project.roadmap) or "none"
        raise UserError(f"--on {on!r} is neither a date (YYYY-MM-DD) nor a roadmap stage of "
                        f"{self.project.name} (stages: {labels})")

    def check_arches(self, arches) -> None:
        from .facts.model import normalize_arch

        known = set(self.project.host_arches) | {a for o in self.project.oses for a in o.arches}
        for arch in arches:
            if known and normalize_arch(arch) not in known:
                raise UserError(f"unknown architecture {arch!r} for project {self.project.name} "
                                f"(known: {', '.join(sorted(known))})")


def _emit(result, fmt: str, width: int | None) -> None:
    if fmt == "json":
        from .report import json_format

        text = json_format.render(result)
    elif fmt == "csv":
        from .report import csv_format

        try:
            text = csv_format.render(result)
        except csv_format.NotTabular as exc:
            raise UserError(str(exc)) from None
    elif fmt == "markdown":
        from .report import markdown

        text = markdown.render(result, width=width)
    else:
        from .report import text as text_report

        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        term_width = width or (click.get_terminal_size()[0] if sys.stdout.isatty() else 120)
        text = text_report.render(result, width=term_width, color=color)
    click.echo(text, nl=False)


def _check_dependency(ctx: Context, dependency: str) -> None:
    if ctx.project.dependency(dependency) is None and not ctx.store.packages_for(dependency):
        known = sorted({d.name for d in ctx.project.dependencies} | set(ctx.store.dependencies()))
        raise UserError(f"unknown dependency {dependency!r} (known: {', '.join(known)}; add facts with --facts)")


def _check_version(version: str) -> None:
    from .versions.libversion import is_valid_version

    if not is_valid_version(version):
        raise UserError(f"{version!r} is not a version (it has no number in it)")


HELP = """Can we require a build dependency without dropping a platform we promised to support?

\b
canirequire answers from real distribution data (package versions per OS
release, vendor lifecycles, upstream toolchain tiers) and your project's
platform policy. Every answer is "as of" a date and names its sources.

\b
Examples:
  canirequire platforms --project qemu --on 2025-05-06
  canirequire check rust 1.77 --project qemu --on 2025-05-06
  canirequire floor rust --project qemu
  canirequire when rust 1.85 --project qemu
  canirequire explain debian-12/mips64el --project qemu
  canirequire matrix --format markdown --width 80
  canirequire roadmap --project qemu --except debian-12/mips64el
  canirequire report --project qemu -o report.html
  canirequire refresh --project qemu        (network; then answers offline)

\b
Exit codes: 0 success; 1 the requirement would drop a supported platform
(check, roadmap); 2 bad usage or bad input.
"""


class SafeGroup(click.Group):
    """No tracebacks for users: OS errors are bad input (exit 2); anything else is our bug (exit 70),
    with the traceback only when CANIREQUIRE_DEBUG is set."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise UserError(f"{where}{exc.strerror or exc}") from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("CANIREQUIRE_DEBUG"):
                raise
            click.echo(f"canirequire: internal error: {type(exc).__name__}: {exc} "
                       "(set CANIREQUIRE_DEBUG=1 for a traceback, and please report it)", err=True)
            sys.exit(70)


@click.group(cls=SafeGroup, help=HELP,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="canirequire")
def main() -> None:
    pass


@main.command()
@common_options
def platforms(project_spec, on, fact_files, arches, fmt, width, embedded_only):
    """Which platforms does the policy support on the date, by which rule, until when?"""
    from .engine import questions

    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    _emit(questions.platforms(ctx.project, ctx.store, on, arches), fmt, width)


@main.command()
@click.argument("dependency")
@click.argument("version")
@common_options
@click.option("--except", "exceptions", multiple=True, metavar="PLATFORM",
              help="Accept this platform (debian-12/mips64el) or release (debian-12) as an exception.")
@click.option("--strict", is_flag=True, help="Treat platforms with unknown data as failing (exit 1).")
def check(dependency, version, project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions, strict):
    """Can we require DEPENDENCY >= VERSION on the date? Exits 1 if a supported platform fails.

    \b
    Example: canirequire check rust 1.77 --on 2025-05-06
    """
    from .engine import questions

    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    _check_dependency(ctx, dependency)
    _check_version(version)
    result = questions.check(ctx.project, ctx.store, dependency, version, on, arches, exceptions)
    _emit(result, fmt, width)
    failed = not result.ok or (strict and result.unknown)
    sys.exit(EXIT_FAIL if failed else EXIT_OK)


@main.command()
@click.argument("dependency")
@common_options
@click.option("--except", "exceptions", multiple=True, metavar="PLATFORM",
              help="Leave this platform or release out before computing the floor.")
def floor(dependency, project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions):
    """The highest minimum of DEPENDENCY requirable on the date, what limits it,
    and the ladder of floors each accepted exception would buy."""
    from .engine import questions

    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    _check_dependency(ctx, dependency)
    _emit(questions.floor(ctx.project, ctx.store, dependency, on, arches, exceptions), fmt, width)


@main.command()
@click.argument("dependency")
@click.argument("version")
@common_options
@click.option("--except", "exceptions", multiple=True, metavar="PLATFORM",
              help="Accept this platform or release as an exception.")
def when(dependency, version, project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions):
    """From which date is DEPENDENCY >= VERSION requirable (as old releases leave the policy)?"""
    from .engine import questions

    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    _check_dependency(ctx, dependency)
    _check_version(version)
    _emit(questions.when(ctx.project, ctx.store, dependency, version, on, arches, exceptions), fmt, width)


@main.command()
@common_options
@click.option("--deps", default="", metavar="A,B", help="Only these dependencies (default: the project's).")
def matrix(project_spec, on, fact_files, arches, fmt, width, embedded_only, deps):
    """The grid: supported platforms x dependencies, with versions and flags."""
    from .engine import questions

    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    dep_list = tuple(d.strip() for d in deps.split(",") if d.strip())
    for d in dep_list:
        _check_dependency(ctx, d)
    _emit(questions.matrix(ctx.project, ctx.store, on, dep_list, arches), fmt, width)


@main.command()
@click.argument("platform")
@common_options
@click.option("--deps", default="", metavar="A,B", help="Only these dependencies.")
def explain(platform, project_spec, on, fact_files, arches, fmt, width, embedded_only, deps):
    """Everything known about PLATFORM (debian-12/mips64el, or debian-12 for all arches), with sources."""
    from .engine import questions
    from .engine.platforms import PlatformSpecError, parse_platform_spec

    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    dep_list = tuple(d.strip() for d in deps.split(",") if d.strip())
    for d in dep_list:
        _check_dependency(ctx, d)
    try:
        _, _, spec_arch = parse_platform_spec(platform, ctx.project, ctx.store)
        if spec_arch:
            ctx.check_arches((spec_arch,))
        result = questions.explain(ctx.project, ctx.store, platform, on, dep_list)
    except PlatformSpecError as exc:
        raise UserError(str(exc)) from None
    _emit(result, fmt, width)


@main.command()
@common_options
def sources(project_spec, on, fact_files, arches, fmt, width, embedded_only):
    """What data is loaded, from where, as of when; warns about data older than 30 days."""
    from .engine.provenance import SourcesView

    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    _emit(SourcesView.build(ctx.store, on, ctx.project.name), fmt, width)


def _parse_assumptions(ctx: Context, assumptions: tuple[str, ...]):
    """--assume PLATFORM:tier=N or PLATFORM:DEP=VERSION -> (tier table, extra facts)."""
    import datetime as _dt

    from .engine.platforms import PlatformSpecError, parse_platform_spec
    from .facts.model import ORIGIN_USER, FactSet, PackageFact

    tiers: dict[str, str] = {}
    facts = []
    for text in assumptions:
        spec, sep, assignment = text.partition(":")
        key, eq, value = assignment.partition("=")
        if not sep or not eq or not value:
            raise UserError(f"--assume {text!r}: expected PLATFORM:tier=N or PLATFORM:DEPENDENCY=VERSION")
        try:
            os_id, release, arch = parse_platform_spec(spec, ctx.project, ctx.store)
        except PlatformSpecError as exc:
            raise UserError(f"--assume {text!r}: {exc}") from None
        if key == "tier":
            if value not in ("1", "2", "2-host", "3"):
                raise UserError(f"--assume {text!r}: tier must be 1, 2, 2-host or 3")
            tiers[spec] = {"2-host": "tier 2 with host tools"}.get(value, f"tier {value}")
            continue
        _check_version(value)
        policy = ctx.project.os_policy(os_id)
        repo = (policy.packages_from[0] if policy and policy.packages_from else "{os},{release}").format(
            os=os_id, release=release or "", major=(release or "").split(".")[0])
        repo_os, _, repo_rel = repo.partition(",")
        facts.append(PackageFact(
            os=repo_os, release=repo_rel, dependency=key, package=f"{key} (assumed)", version=value,
            channel="main", source=f"assumed by --assume {text}", arches=(arch,) if arch else None,
            valid_from=_dt.date(1970, 1, 1), origin=ORIGIN_USER, quality="assumed-by-user",
        ))
    if facts:
        ctx.store.add(FactSet(packages=tuple(facts)), origin=ORIGIN_USER)
    return tiers


@main.command()
@common_options
@click.option("--except", "exceptions", multiple=True, metavar="PLATFORM",
              help="What if we accept this platform or release as an exception?")
@click.option("--assume", "assumptions", multiple=True, metavar="PLATFORM:KEY=VALUE",
              help="What if: freebsd-14/aarch64:tier=2 (upstream tier), or debian-12/mips64el:rust=1.77 (a fact).")
def roadmap(project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions, assumptions):
    """What each roadmap stage (optional -> default -> mandatory) costs: lost, degraded and
    at-risk platforms, and from which date each stage would drop nobody. Exits 1 if a stage
    loses a supported platform."""
    from .engine.annotate import Annotator
    from .engine.roadmap import roadmap as run_roadmap

    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    if not ctx.project.roadmap:
        raise UserError(f"project {ctx.project.name!r} has no [[roadmap]] stages ({ctx.project.path})")
    tiers = _parse_assumptions(ctx, assumptions)
    annotator = Annotator(ctx.project, ctx.store, tiers)
    result = run_roadmap(ctx.project, ctx.store, on, exceptions, annotator, assumptions, arches)
    _emit(result, fmt, width)
    sys.exit(EXIT_OK if result.ok else EXIT_FAIL)


def _timeline_requirement(project, dependency, minimum):
    """Default to the strictest requirement of the last roadmap stage."""
    if dependency and minimum:
        return dependency, minimum
    order = {"mandatory": 0, "default": 1, "optional": 2}
    for stage in reversed(project.roadmap):
        reqs = sorted(stage.requirements, key=lambda q: order[q.level])
        for q in reqs:
            if not dependency or q.dependency == dependency:
                return q.dependency, q.minimum
    if dependency:
        raise UserError(f"--dependency {dependency} needs --minimum (the project's roadmap does not name one)")
    return "", ""


def _window(on, project, start, end):
    from .report.plot import default_window

    s, e = default_window(on, project.roadmap)
    return start or s, end or e


def _parse_optional_date(ctx, param, value):
    return None if value is None else _strict_date(ctx, param, value)


@main.command()
@common_options
@click.option("-o", "--output", default="report.html", show_default=True, type=click.Path(dir_okay=False),
              help="Where to write the HTML file.")
@click.option("--dependency", default="", help="Dependency for the timeline (default: the roadmap's strictest).")
@click.option("--minimum", default="", help="Minimum version for the timeline.")
@click.option("--except", "exceptions", multiple=True, metavar="PLATFORM", help="Accept as an exception.")
@click.option("--assume", "assumptions", multiple=True, metavar="PLATFORM:KEY=VALUE", help="What-if assumption.")
def report(project_spec, on, fact_files, arches, fmt, width, embedded_only, output, dependency, minimum,
           exceptions, assumptions):
    """Write one self-contained HTML report: answer, matrix, roadmap impact, timeline, sources.

    \b
    Example: canirequire report --project qemu -o report.html
    """
    from .engine.annotate import Annotator

    try:
        import jinja2  # noqa: F401
    except ImportError:  # pragma: no cover
        raise UserError("the HTML report needs Jinja2: pip install 'canirequire[report]'") from None
    from contextlib import nullcontext

    from rich.console import Console

    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    tiers = _parse_assumptions(ctx, assumptions)
    ann = Annotator(ctx.project, ctx.store, tiers)
    err = Console(stderr=True)
    status = err.status("building the report: matrix") if sys.stderr.isatty() else nullcontext()
    with status as spinner:
        def step(text):
            if spinner is not None:
                spinner.update(f"building the report: {text}")

        html = _build_report(ctx, on, arches, exceptions, assumptions, ann, dependency, minimum, step)
    _atomic_write(Path(output), html.encode("utf-8"))
    click.echo(f"wrote {output} ({len(html) // 1024} KiB)")


def _build_report(ctx, on, arches, exceptions, assumptions, ann, dependency, minimum, step):
    from .engine import questions
    from .engine.roadmap import roadmap as run_roadmap
    from .engine.timeline import timeline
    from .report.html import render_report

    matrix_result = questions.matrix(ctx.project, ctx.store, on, (), arches, ann)
    step("floors")
    floors = [questions.floor(ctx.project, ctx.store, d, on, arches, exceptions, ann)
              for d in matrix_result.dependencies]
    step("roadmap")
    road = run_roadmap(ctx.project, ctx.store, on, exceptions, ann, assumptions, arches) if ctx.project.roadmap else None
    dep, mini = _timeline_requirement(ctx.project, dependency, minimum)
    if mini:
        _check_version(mini)
    step("timeline")
    start, end = _window(on, ctx.project, None, None)
    tl = timeline(ctx.project, ctx.store, on, start, end, dep, mini, ann)
    step("rendering")
    return render_report(project=ctx.project, on=on, matrix=matrix_result, floors=floors, roadmap=road,
                         timeline=tl, sources=ctx.store.sources)


@main.command()
@common_options
@click.option("-o", "--output", default="timeline.svg", show_default=True, type=click.Path(dir_okay=False),
              help="Output file; .svg or .png.")
@click.option("--dependency", default="", help="Colour bars by this dependency (default: the roadmap's strictest).")
@click.option("--minimum", default="", help="Minimum version of --dependency.")
@click.option("--from", "start", callback=_parse_optional_date, default=None, metavar="YYYY-MM-DD")
@click.option("--to", "end", callback=_parse_optional_date, default=None, metavar="YYYY-MM-DD")
def plot(project_spec, on, fact_files, arches, fmt, width, embedded_only, output, dependency, minimum, start, end):
    """Draw the timeline: each OS release's support window, when the requirement is met on it,
    roadmap stages and today."""
    from .engine.timeline import timeline

    try:
        from .report.plot import render_timeline
    except ImportError:  # pragma: no cover
        raise UserError("plotting needs matplotlib: pip install 'canirequire[plot]'") from None
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix not in ("svg", "png"):
        raise UserError(f"{output}: the output must end in .svg or .png")
    ctx, on = Context.open(project_spec, fact_files, embedded_only, arches, on)
    dep, mini = _timeline_requirement(ctx.project, dependency, minimum)
    if dep:
        _check_dependency(ctx, dep)
        _check_version(mini)
    start, end = _window(on, ctx.project, start, end)
    if end <= start:
        raise UserError(f"--to {end} is not after --from {start}")
    try:
        data = render_timeline(timeline(ctx.project, ctx.store, on, start, end, dep, mini), suffix)
    except ImportError:
        raise UserError("plotting needs matplotlib: pip install 'canirequire[plot]'") from None
    _atomic_write(Path(output), data)
    click.echo(f"wrote {output}")


def _atomic_write(path: Path, data: bytes) -> None:
    from .atomic import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror}") from None


@main.command()
@click.option("--project", "project_spec", default=None, metavar="NAME|FILE",
              help="Whose dependencies to look for (their package names for this OS).")
@click.option("--deps", default="", metavar="A,B", help="Only these dependencies.")
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Fact file to write (- for standard output).")
def probe(project_spec, deps, output):
    """Ask this machine's package manager (dpkg, rpm, apk) which of the project's packages it
    has, and write them as a --facts file: fills gaps the shared data leaves (run it on a
    CentOS Stream VM or a porter box, then pass the file with --facts)."""
    import datetime as _dt
    import socket

    from .sources import host_probe

    ctx = Context(project_spec, (), True)
    text, machine = host_probe.this_machine()
    host = host_probe.detect(text, machine)
    if host.manager:
        from dataclasses import replace

        host = replace(host, arch=host_probe.native_arch(host.manager, host_probe.run_command, machine))
    if not host.os or not host.release:
        raise UserError("cannot tell which OS release this is (/etc/os-release has no ID/VERSION_ID)")
    if not host.manager:
        raise UserError(f"no supported package manager found on this {host.os} machine (dpkg, rpm or apk)")
    wanted = {}
    names = [d.strip() for d in deps.split(",") if d.strip()] or [d.name for d in ctx.project.dependencies]
    for name in names:
        dep = ctx.project.dependency(name)
        if dep is None:
            raise UserError(f"unknown dependency {name!r} in project {ctx.project.name}")
        patterns = dep.patterns_for([f"{host.os}-{host.release}", host.os, "default"]) or ()
        # Globs cannot be asked of a package manager; concrete names can.
        wanted[name] = [p for p in patterns if not any(ch in p for ch in "*?[") and not p.startswith("external:")]
    rows = host_probe.probe(host, wanted, host_probe.run_command, _dt.date.today(), socket.gethostname())
    text_out = host_probe.to_csv(rows)
    if output == "-":
        click.echo(text_out, nl=False)
    else:
        _atomic_write(Path(output), text_out.encode())
        click.echo(f"wrote {len(rows)} facts about {host.os}-{host.release}/{host.arch} to {output}", err=True)


@main.command()
@click.argument("version_a")
@click.argument("version_b")
def vercmp(version_a, version_b):
    """Compare two versions by Repology's libversion rules; prints <, = or >."""
    from .versions.libversion import compare

    click.echo({-1: "<", 0: "=", 1: ">"}[compare(version_a, version_b)])


@main.group()
def snapshot():
    """Build the embedded snapshot from raw upstream files."""


@snapshot.command("build")
@click.option("--from", "source_dir", default=None, type=click.Path(file_okay=False),
              help="A folder laid out like shared/data (endoflife/, rust/, package-versions.csv ...).")
@click.option("--live", is_flag=True,
              help="Also fetch live sources (Repology, endoflife.date, Rust) for --project and merge them in.")
@click.option("--project", "project_spec", default="qemu", show_default=True, help="Project whose data --live fetches.")
@click.option("--output", type=click.Path(file_okay=False), default=None,
              help="Where to write (default: the package's embedded snapshot).")
def snapshot_build(source_dir, live, project_spec, output):
    """Import raw files (and, with --live, live sources) into the project's fact format.

    \b
    canirequire snapshot build --from ../shared/data
    canirequire snapshot build --from ../shared/data --live   # a release with fresh data
    """
    from .facts.builder import build_from_shared
    from .facts.snapshot import SnapshotError, embedded_snapshot_dir, read_snapshot, write_snapshot
    from .sources.errors import SourceFormatError

    if not source_dir and not live:
        raise UserError("give --from DIR, --live, or both")
    try:
        if source_dir:
            factset = build_from_shared(Path(source_dir), progress=lambda m: click.echo(f"  importing {m}", err=True))
        else:
            factset = read_snapshot(embedded_snapshot_dir(), "embedded")
    except (SourceFormatError, SnapshotError) as exc:
        raise UserError(str(exc)) from None
    except ImportError as exc:
        raise UserError(f"building the snapshot needs {exc.name}: pip install 'canirequire[build]'") from None
    if live:
        factset = _merge_live(factset, project_spec)
    target = Path(output) if output else embedded_snapshot_dir()
    write_snapshot(factset, target)
    click.echo(
        f"wrote {len(factset.lifecycles)} lifecycles, {len(factset.packages)} package facts, "
        f"{len(factset.tiers)} tier facts from {len(factset.sources)} sources to {target}"
    )


def _merge_live(factset, project_spec):
    """Run every live source into a scratch store and fold the results into ``factset``."""
    import tempfile

    from .facts.model import FactSet
    from .facts.refreshed import RefreshedData
    from .facts.store import cache_dir
    from .policy.project import ProjectError, load_project
    from .sources.http import PoliteClient
    from .sources.refresh import plan, run_refresh

    try:
        project = load_project(project_spec)
    except ProjectError as exc:
        raise UserError(str(exc)) from None
    with tempfile.TemporaryDirectory() as tmp:
        scratch = RefreshedData(Path(tmp))
        summary = run_refresh(project, catalog=list(factset.repos), client=PoliteClient(cache_dir()),
                              refreshed=scratch, jobs=plan(project, (), (), ()),
                              progress=lambda label, i, n: click.echo(f"  [{i}/{n}] {label}", err=True))
        _print_summary(summary)
        if summary.stopped:
            raise UserError(f"live build stopped: {summary.stopped}")
        live = scratch.read_all()
    keys = {(lc.os, lc.cycle) for fs in live for lc in fs.lifecycles}
    return FactSet(
        lifecycles=tuple(lc for lc in factset.lifecycles if (lc.os, lc.cycle) not in keys)
        + tuple(lc for fs in live for lc in fs.lifecycles),
        packages=factset.packages + tuple(p for fs in live for p in fs.packages),
        tiers=factset.tiers + tuple(t for fs in live for t in fs.tiers),
        sources=factset.sources + tuple(s for fs in live for s in fs.sources),
        repos=factset.repos,
    )


def _print_summary(summary) -> None:
    for o in summary.outcomes:
        mark = {"updated": "ok", "cached": "cached", "failed": "FAILED", "stopped": "STOPPED"}.get(o.status, o.status)
        click.echo(f"{mark:8} {o.label}: {o.detail}")
        for change in o.changes[:20]:
            click.echo(f"           {change}")
        if len(o.changes) > 20:
            click.echo(f"           ... and {len(o.changes) - 20} more changes")
    click.echo(f"{summary.requests} network request(s)." + (f" Stopped: {summary.stopped}" if summary.stopped else ""))


@main.command()
@click.option("--project", "project_spec", default=None, metavar="NAME|FILE", help="Project whose data to refresh.")
@click.option("--only", "only", multiple=True, type=click.Choice(["repology", "endoflife", "rust-tiers", "distro-info"]),
              help="Refresh only these sources (repeatable). Default: all.")
@click.option("--deps", default="", metavar="A,B", help="Only these dependencies (Repology). Default: the project's.")
@click.option("--rust-versions", default="", metavar="1.63.0,1.77.0",
              help="Also fetch Rust's platform-support page at these release tags (tiers per Rust version).")
@click.option("--offline", is_flag=True, help="No network at all: rebuild from the cache (also CANIREQUIRE_OFFLINE=1).")
@click.option("--max-age", type=float, default=24.0, show_default=True, metavar="HOURS",
              help="Reuse cached responses younger than this.")
def refresh(project_spec, only, deps, rust_versions, offline, max_age):
    """Refresh package versions (Repology), lifecycles (endoflife.date, distro-info) and Rust
    tiers, politely (one request per second, identified, cached), then answer offline.

    Each source is committed on its own: a failure part-way keeps every completed source;
    the next run resumes from the cache. Exit 1 if any source failed."""
    import datetime as _dt

    from .facts.refreshed import RefreshedData
    from .facts.store import cache_dir, refreshed_data_dir
    from .sources.http import PoliteClient, offline_forced
    from .sources.refresh import plan, run_refresh

    ctx = Context(project_spec, (), True)
    try:
        import requests  # noqa: F401
    except ImportError:
        raise UserError("refresh needs requests: pip install 'canirequire[online]'") from None
    dep_list = tuple(d.strip() for d in deps.split(",") if d.strip())
    refs = tuple(v.strip() for v in rust_versions.split(",") if v.strip())
    jobs = plan(ctx.project, tuple(only), dep_list, refs)
    if not jobs:
        raise UserError("nothing to refresh for this project and these options")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("starting", total=len(jobs))
        current = {"label": ""}

        def on_progress(label, done, total):
            current["label"] = label
            bar.update(task, completed=done, description=f"fetching {label}")

        def on_wait(seconds):
            bar.update(task, description=f"fetching {current['label']} (rate limit: waiting {seconds:.1f}s)")

        client = PoliteClient(cache_dir(), offline=offline or offline_forced(), on_wait=on_wait,
                              max_age=_dt.timedelta(hours=max_age))
        summary = run_refresh(ctx.project, catalog=list(ctx.store.repos), client=client,
                              refreshed=RefreshedData(refreshed_data_dir()), jobs=jobs, progress=on_progress)
    _print_summary(summary)
    click.echo(f"Refreshed data: {refreshed_data_dir()}")
    sys.exit(EXIT_OK if summary.ok else EXIT_FAIL)


def run() -> None:  # pragma: no cover - console-script shim
    main()
