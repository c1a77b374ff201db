"""Command-line interface: options in, one application call, a renderer, an exit code.

Format renderers, rich, Jinja2 and the HTTP stack are imported only by the
commands that use them, so an answer from the embedded snapshot starts fast.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .app.errors import InputError
from .app.presets import preset_names
from .report.formats import NotRenderable, OutputFormat

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def Path(path):  # pathlib.Path, imported when a command needs a path (not at start-up)
    from pathlib import Path as _Path

    return _Path(path)


class UserError(click.ClickException):
    """Bad input: one clear line, exit 2, no traceback."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"canirequire: error: {self.format_message()}", err=True)


HELP = """Can we require a build dependency without dropping a platform we promised to support?

\b
canirequire answers from real distribution data (package versions per OS
release, vendor lifecycles, upstream toolchain tiers) and your project's
platform policy. Every answer is "as of" a date and names its sources;
what no data proves is "unknown", with the reason and how to fill the gap.

\b
Examples:
  canirequire platforms --project qemu --on 2025-05-06
  canirequire check rust 1.77 --project qemu --on 2025-05-06
  canirequire floor rust --project qemu
  canirequire when rust 1.85 --project qemu
  canirequire explain debian-12/mips64el --project qemu
  canirequire compare rust 1.77 --baseline gcc,clang --project qemu
  canirequire matrix --format markdown --width 80
  canirequire roadmap --project qemu --except debian-12/mips64el
  canirequire lint path/to/qemu --project qemu        (the floors meson.build declares)
  canirequire schedule rust,glib --project qemu --format ics -o floors.ics
  canirequire report --project qemu -o report.html
  canirequire refresh --project qemu        (network; then answers offline)

\b
Exit codes: 0 success; 1 the requirement would drop a supported platform
(check, roadmap), a lint violation, a compare gap, or a refresh source failed
or went stale; 2 bad usage or bad input; 70 a bug in canirequire.
"""


class PathParam(click.Path):
    """click.Path, but a name the OS cannot look up (a NUL byte) is a usage error, not a crash."""

    def convert(self, value, param, ctx):
        """Reject a NUL byte before click asks the OS about the name."""
        if isinstance(value, str) and "\x00" in value:
            self.fail(f"{value!r} is not a path (it holds a NUL character)", param, ctx)
        return super().convert(value, param, ctx)


class SafeGroup(click.Group):
    """No tracebacks for users: bad input and OS errors exit 2 with one line; anything else is
    our bug (exit 70), with the traceback only when CANIREQUIRE_DEBUG is set."""

    def invoke(self, ctx):
        """Run the command; turn bad input into exit 2 and anything unexpected into exit 70."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except InputError as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise UserError(f"{where}{exc.strerror or exc}") from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            from .app.errors import stored_data_message

            message = stored_data_message(exc)
            if message:
                raise UserError(message) from None
            if os.environ.get("CANIREQUIRE_DEBUG"):
                raise
            click.echo(f"canirequire: internal error: {type(exc).__name__}: {exc} "
                       "(set CANIREQUIRE_DEBUG=1 for a traceback, and please report it)", err=True)
            sys.exit(EXIT_INTERNAL)


ALL_FORMATS = ("text", "markdown", "json", "csv")
NO_CSV = ("text", "markdown", "json")


def common_options(fn=None, *, formats: tuple[str, ...] = ALL_FORMATS):
    """The options every question takes: project, date, facts, arches, format, width, embedded data only.
    ``formats``: the output formats the command really renders (none: it writes its own file)."""
    if fn is None:
        return lambda f: common_options(f, formats=formats)
    if not formats:
        import functools

        inner = fn

        @functools.wraps(inner)
        def without_format(*args, **kwargs):
            return inner(*args, fmt=None, **kwargs)

        fn = without_format
    options = [
        click.option("--project", "project_spec", default=None, metavar="NAME|FILE",
                     help=PROJECT_HELP),
        click.option("--on", "on", default=None, metavar="DATE|STAGE",
                     help="Answer as of this date, YYYY-MM-DD, or a roadmap stage's date (--on 11.0). "
                          "Default: today. Usually the date of your next release."),
        click.option("--facts", "fact_files", multiple=True, metavar="FILE.csv",
                     help="Extra facts (repeatable); they outrank embedded and refreshed data."),
        click.option("--arch", "arches", multiple=True, metavar="ARCH",
                     help="Only these architectures (repeatable): x86_64, aarch64, mips64el ..."),
        click.option("--width", type=click.IntRange(20, 1000), default=None,
                     help="Wrap output to this many columns (markdown: fixed-width tables for plain-text mail)."),
        click.option("--format", "fmt", type=click.Choice(list(formats)), default="text", show_default=True,
                     help="Output format. JSON follows docs/json-schema.md.") if formats else None,
        click.option("--embedded-only", is_flag=True,
                     help="Ignore data written by `canirequire refresh`; use the shipped snapshot only."),
    ]
    for option in reversed(options):
        if option is not None:
            fn = option(fn)
    return fn


def component_option(fn):
    """--component NAME: answer for one part of the project only."""
    return click.option("--component", "components", multiple=True, metavar="NAME",
                        help="Only the platforms this component of the project builds on (repeatable; "
                             "qemu: system, linux-user, bsd-user, tools). Default: the whole project.")(fn)


def stale_options(fn):
    """--stale-after DAYS and --no-stale-warning."""
    fn = click.option("--no-stale-warning", "no_stale_warning", is_flag=True,
                      help="Do not warn about old data (also CANIREQUIRE_NO_STALE_WARNING=1).")(fn)
    return click.option("--stale-after", "stale_days", type=click.IntRange(0, 36500), default=None, metavar="DAYS",
                        help="Warn when a release's newest deciding data is this many days older than the date "
                             "asked about (default 90, or CANIREQUIRE_STALE_AFTER).")(fn)


def _stale(result, stale_days, no_stale_warning):
    from .app.session import stale_after, with_staleness

    return with_staleness(result, stale_after(stale_days, no_stale_warning))


def except_option(help_text: str):
    """--except PLATFORM, with help text that says what an exception means for this command."""
    return click.option("--except", "exceptions", multiple=True, metavar="PLATFORM", help=help_text)


def assume_option(fn):
    """--assume PLATFORM:KEY=VALUE what-ifs."""
    return click.option("--assume", "assumptions", multiple=True, metavar="PLATFORM:KEY=VALUE",
                        help="What if: freebsd-14/aarch64:tier=2 (upstream tier), or debian-12/mips64el:rust=1.77 "
                             "(a fact).")(fn)


def details_option(fn):
    """--details / -v: every platform with its flags, instead of the answer at a glance."""
    return click.option("--details", "-v", "details", is_flag=True,
                        help="List every platform with its version, package, channel and flags (the full table) "
                             "instead of the answer at a glance. JSON always carries everything.")(fn)


# The presets, named in every --project help (a directory listing: no TOML is parsed at start-up).
PRESET_NAMES = preset_names()
PROJECT_HELP = (f"Preset ({'|'.join(PRESET_NAMES)}; `canirequire presets` describes them) or a project "
                "TOML file. Default: ./canirequire.toml, else qemu.")


def _emit(result, fmt: str, width: int | None, details: bool = False) -> None:
    from .report.formats import render

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if fmt == OutputFormat.TEXT and width is None:
        width = _columns()
    try:
        click.echo(render(result, OutputFormat(fmt), width=width, color=color, details=details), nl=False)
    except NotRenderable as exc:
        raise UserError(str(exc)) from None


def _columns() -> int:
    """The width to wrap text to: $COLUMNS when set (also for piped output), else the terminal's,
    else 120."""
    import shutil

    text = os.environ.get("COLUMNS", "").strip()
    if text.isdigit() and 20 <= int(text) <= 1000:
        return int(text)
    return shutil.get_terminal_size(fallback=(120, 24)).columns if sys.stdout.isatty() else 120


def _open(project_spec, fact_files, embedded_only, on, assumptions=()):
    from .app.session import Session

    session = Session.open(project_spec, tuple(fact_files), embedded_only, tuple(assumptions))
    for warning in session.warnings:
        click.echo(f"canirequire: warning: {warning}", err=True)
    return session, session.resolve_on(on)


def _dep_list(session, deps: str) -> tuple[str, ...]:
    names = tuple(d.strip() for d in deps.split(",") if d.strip())
    for name in names:
        session.check_dependency(name)
    return names


@click.group(cls=SafeGroup, help=HELP,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="canirequire")
def main() -> None:
    """The command group; see HELP."""
    pass


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output format.")
def presets(fmt):
    """The project presets --project NAME accepts: what each models and the policy text it cites.

    \b
    Example: canirequire presets
    Example: canirequire platforms --project git --on 2026-08-01
    """
    from .app.session import list_presets

    _emit(list_presets(), fmt, None)


@main.command()
@common_options
@component_option
def platforms(project_spec, on, fact_files, arches, fmt, width, embedded_only, components):
    """Which platforms does the policy support on the date, by which rule, until when?"""
    from .engine import questions

    session, on = _open(project_spec, fact_files, embedded_only, on)
    _emit(questions.platforms(session.engine(on, arches, components=components)), fmt, width)


@main.command()
@click.argument("dependency")
@click.argument("version")
@common_options
@except_option("Accept this platform (debian-12/mips64el), release (debian-12) or OS as an exception.")
@click.option("--strict", is_flag=True, help="Treat platforms with unknown data as failing (exit 1).")
@stale_options
@component_option
@details_option
def check(dependency, version, project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions, strict,
          stale_days, no_stale_warning, components, details):
    """Can we require DEPENDENCY >= VERSION on the date? The first line answers YES (every platform
    proven ok), NO (one proven to fail) or CANNOT TELL (none fails, some unknown); then what fails,
    what is unknown (with what was last seen and first seen), what is fine, and the risks.
    VERSION `any` asks for presence only: ok where any version is packaged for the architecture,
    not built where the archive proves it absent. Exits 1 if a supported platform fails (--strict:
    or is unknown).

    \b
    Example: canirequire check rust 1.77 --on 2025-05-06
    Example: canirequire check rust 1.77 --on 2025-05-06 --details
    Example: canirequire check rust any --project apt
    """
    from .engine import questions

    session, on = _open(project_spec, fact_files, embedded_only, on)
    session.check_dependency(dependency)
    session.check_version(version)
    result = questions.check(session.engine(on, arches, exceptions, components=components), dependency, version)
    _emit(_stale(result, stale_days, no_stale_warning), fmt, width, details)
    sys.exit(EXIT_FAIL if not result.ok or (strict and result.unknown) else EXIT_OK)


@main.command()
@click.argument("dependency")
@common_options
@except_option("Leave this platform, release or OS out before computing the floor.")
@stale_options
@component_option
@details_option
def floor(dependency, project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions, stale_days,
          no_stale_warning, components, details):
    """The highest minimum of DEPENDENCY requirable on the date, what limits it,
    and the ladder of floors each accepted exception would buy."""
    from .engine import questions

    from .engine.features import toolchain_of

    session, on = _open(project_spec, fact_files, embedded_only, on)
    session.check_dependency(dependency)
    # What each step of the ladder buys, where a feature table covers the dependency.
    features = session.features() if toolchain_of(dependency) and fmt != "csv" else ()
    _emit(_stale(questions.floor(session.engine(on, arches, exceptions, components=components), dependency,
                                 features), stale_days, no_stale_warning), fmt, width, details)


@main.command()
@click.argument("dependency")
@click.argument("version")
@common_options(formats=NO_CSV)
@except_option("Accept this platform, release or OS as an exception.")
@component_option
@details_option
def when(dependency, version, project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions, components,
         details):
    """From which date is DEPENDENCY >= VERSION requirable (as old releases leave the policy)?"""
    from .engine.walk import walk_until_ok

    session, on = _open(project_spec, fact_files, embedded_only, on)
    session.check_dependency(dependency)
    session.check_version(version)
    _emit(walk_until_ok(session.engine(on, arches, exceptions, components=components), [(dependency, version)], on),
          fmt, width, details)


@main.command()
@click.argument("dependency")
@click.argument("version", required=False)
@common_options
@click.option("--baseline", default="gcc,clang", show_default=True, metavar="A,B",
              help="The dependencies to compare with; a platform is covered when any of them is packaged.")
@except_option("Leave this platform, release or OS out.")
@component_option
@details_option
def compare(dependency, version, project_spec, on, fact_files, arches, fmt, width, embedded_only, baseline,
            exceptions, components, details):
    """Is DEPENDENCY (>= VERSION) packaged everywhere the C toolchain (--baseline) is?

    Lists the platforms the baseline covers and the dependency does not, and where the data
    to tell is missing. Exit 1 if there is such a gap.

    \b
    Example: canirequire compare rust --baseline gcc,clang --on 2025-05-06
    """
    from .engine.compare import compare as run_compare

    session, on = _open(project_spec, fact_files, embedded_only, on)
    session.check_dependency(dependency)
    if version:
        session.check_version(version)
    names = _dep_list(session, baseline)
    if not names:
        raise UserError("--baseline needs at least one dependency (gcc,clang)")
    result = run_compare(session.engine(on, arches, exceptions, components=components), dependency, names, version)
    _emit(result, fmt, width, details)
    sys.exit(EXIT_FAIL if result.gaps else EXIT_OK)


def _project_options(fn):
    """The options of commands that read a project and the data but have their own formats."""
    options = [
        click.option("--project", "project_spec", default=None, metavar="NAME|FILE",
                     help=PROJECT_HELP),
        click.option("--on", "on", default=None, metavar="DATE|STAGE",
                     help="Answer as of this date (YYYY-MM-DD) or a roadmap stage's date. Default: today."),
        click.option("--facts", "fact_files", multiple=True, metavar="FILE.csv",
                     help="Extra facts (repeatable); they outrank embedded and refreshed data."),
        click.option("--width", type=click.IntRange(20, 1000), default=None, help="Wrap output to this many columns."),
        click.option("--embedded-only", is_flag=True,
                     help="Ignore data written by `canirequire refresh`; use the shipped snapshot only."),
    ]
    for option in reversed(options):
        if option is not None:
            fn = option(fn)
    return fn


@main.command()
@click.argument("path", default=".", type=PathParam())
@_project_options
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "github"]), default="text",
              show_default=True, help="github: workflow annotations on the build files' lines.")
@component_option
def lint(path, project_spec, on, fact_files, width, embedded_only, fmt, components):
    """Check the minimums PATH's build files declare against what the policy allows.

    Reads meson.build (meson_version, dependency() and find_program() versions), Cargo.toml
    (rust-version), configure.ac (PKG_CHECK_MODULES/EXISTS), CMakeLists.txt
    (cmake_minimum_required, find_package) and pyproject.toml (requires-python). The project
    file maps build-file names to dependencies (build_names: glib-2.0 -> glib). A floor above
    what a supported platform has is a violation (exit 1); one below the highest requirable
    floor leaves headroom.

    \b
    canirequire lint . --on 2025-05-06
    canirequire lint . --format github      # annotations in a pull request
    """
    from .app.lint import run_lint

    session, on = _open(project_spec, fact_files, embedded_only, on)
    result = run_lint(session, Path(path), session.engine(on, components=components))
    _emit(result, fmt, width)
    sys.exit(EXIT_OK if result.ok else EXIT_FAIL)


@main.command(name="can-use")
@click.argument("features", nargs=-1, required=True)
@common_options(formats=NO_CSV)
@except_option("Accept this platform, release or OS as an exception.")
@component_option
def can_use(features, project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions, components):
    """Can we use FEATURE yet? Each feature maps to the version that first has it (Rust language
    features and APIs, Meson functions and kwargs, GLib symbols), then to the same answer as `check`
    at that version and the dates `when` gives. Several features of one dependency are answered as
    their highest version, naming the feature that decides it. A misspelt name exits 2 with
    suggestions; a feature no table lists has no known minimum (exit 0, said so).

    \b
    canirequire can-use rust:let_chains rust:c_str_literals --project qemu
    canirequire can-use glib:g_idle_add_once meson:install_data:install_tag
    canirequire can-use "let chains"
    """
    from .engine.features import can_use as run_can_use

    session, on = _open(project_spec, fact_files, embedded_only, on)
    result = run_can_use(session.engine(on, arches, exceptions, components=components), session.features(),
                         tuple(features))
    if result.misspelt:
        lines = [f"{m.asked!r} names no feature in the tables; did you mean {', '.join(m.suggestions)}?"
                 for m in result.misspelt]
        raise UserError("; ".join(lines))
    _emit(result, fmt, width)
    sys.exit(EXIT_FAIL if any(q.check.failing for q in result.requirements) else EXIT_OK)


@main.command()
@click.argument("dependency")
@click.argument("start", metavar="FROM")
@click.argument("end", metavar="TO")
@common_options(formats=NO_CSV)
@except_option("Accept this platform, release or OS as an exception.")
@component_option
def gains(dependency, start, end, project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions,
          components):
    """What raising DEPENDENCY's floor from FROM to TO buys (the features first available above FROM)
    and costs (the platforms `check` drops at TO that it keeps at FROM). Exits 1 if it drops one.

    \b
    canirequire gains rust 1.77 1.83 --project qemu --on 2025-05-06
    """
    from .engine.features import gains as run_gains

    session, on = _open(project_spec, fact_files, embedded_only, on)
    session.check_dependency(dependency)
    session.check_version(start)
    session.check_version(end)
    result = run_gains(session.engine(on, arches, exceptions, components=components), session.features(),
                       dependency, start, end)
    _emit(result, fmt, width)
    sys.exit(EXIT_FAIL if result.dropped else EXIT_OK)


@main.command()
@click.argument("dependencies", nargs=-1, required=True)
@_project_options
@click.option("--years", type=click.IntRange(1, 20), default=3, show_default=True, help="How far ahead.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "ics"]), default="text",
              show_default=True, help="ics: an iCalendar file with one event per unlock.")
@click.option("-o", "--output", type=PathParam(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@component_option
def schedule(dependencies, project_spec, on, fact_files, width, embedded_only, years, fmt, output, components):
    """When each newer version of each DEPENDENCY becomes requirable, and which releases'
    departure unlocks it (the same time walk as `when`). Dependencies may be given as
    separate arguments or comma-separated (rust glib, or rust,glib).

    \b
    canirequire schedule rust glib --on 2025-01-01
    canirequire schedule rust --format ics -o rust.ics
    """
    from .engine.schedule import schedule as run_schedule

    session, on = _open(project_spec, fact_files, embedded_only, on)
    dependencies = _dep_list(session, ",".join(dependencies))
    if not dependencies:
        raise UserError("name at least one dependency (rust glib, or rust,glib)")
    if output is not None:
        _check_writable(output)
    features = session.features() if session.project.wants else ()
    result = run_schedule(session.engine(on, components=components), tuple(dependencies), years, features)
    if output is None:
        _emit(result, fmt, width)
        return
    from .report.formats import render

    _write(output, render(result, OutputFormat(fmt), width=width).encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


@main.command()
@common_options
@click.option("--deps", default="", metavar="A,B", help="Only these dependencies (default: the project's).")
@click.option("--baseline", default="", metavar="A,B",
              help="Also show these dependencies as baseline columns (the C toolchain: gcc,clang).")
@stale_options
@component_option
def matrix(project_spec, on, fact_files, arches, fmt, width, embedded_only, deps, baseline, stale_days,
           no_stale_warning, components):
    """The grid: supported platforms x dependencies, with versions and flags."""
    from .engine import questions

    session, on = _open(project_spec, fact_files, embedded_only, on)
    _emit(_stale(questions.matrix(session.engine(on, arches, components=components), _dep_list(session, deps),
                                  _dep_list(session, baseline)), stale_days, no_stale_warning), fmt, width)


@main.command()
@click.argument("platform")
@common_options(formats=NO_CSV)
@click.option("--deps", default="", metavar="A,B", help="Only these dependencies.")
@stale_options
@details_option
def explain(platform, project_spec, on, fact_files, arches, fmt, width, embedded_only, deps, stale_days,
            no_stale_warning, details):
    """Everything known about PLATFORM (debian-12/mips64el, or debian-12 for all arches): its dates, the
    rule that admits it, CI, and one line per dependency; --details adds every fact weighed (used or
    ignored, and why), the upstream tier history and the upstream issues, with sources."""
    from .engine import questions

    session, on = _open(project_spec, fact_files, embedded_only, on)
    dep_list = _dep_list(session, deps)
    spec = session.platform_spec(platform)
    _emit(_stale(questions.explain(session.engine(on, arches), spec, platform, dep_list), stale_days,
                 no_stale_warning), fmt, width, details)


@main.command()
@common_options(formats=NO_CSV)
@click.option("--coverage", is_flag=True,
              help="Instead: a grid of supported OS release x dependency showing how much dated data there is.")
@click.option("--deps", default="", metavar="A,B", help="With --coverage: only these dependencies.")
def sources(project_spec, on, fact_files, arches, fmt, width, embedded_only, coverage, deps):
    """What data is loaded, from where, as of when; warns about data older than 30 days.
    With --coverage: where answers rest on thin data, and which public source would fill it."""
    session, on = _open(project_spec, fact_files, embedded_only, on)
    if coverage:
        from .engine.coverage import coverage as run_coverage

        _emit(run_coverage(session.engine(on, arches), _dep_list(session, deps)), fmt, width)
        return
    from .engine.provenance import sources_view

    _emit(sources_view(session.index, on, session.project.name), fmt, width)


@main.command()
@common_options(formats=NO_CSV)
@except_option("What if we accept this platform, release or OS as an exception?")
@assume_option
@component_option
def roadmap(project_spec, on, fact_files, arches, fmt, width, embedded_only, exceptions, assumptions, components):
    """What each roadmap stage (optional -> default -> mandatory) costs: lost, degraded and
    at-risk platforms, and from which date each stage would drop nobody. Exits 1 if a stage
    loses a supported platform."""
    from .engine.roadmap import roadmap as run_roadmap

    session, on = _open(project_spec, fact_files, embedded_only, on, assumptions)
    if not session.project.roadmap:
        raise UserError(f"project {session.project.name!r} has no [[roadmap]] stages ({session.project.path})")
    result = run_roadmap(session.engine(on, arches, exceptions, assumptions, components))
    _emit(result, fmt, width)
    sys.exit(EXIT_OK if result.ok else EXIT_FAIL)


def _optional_date(ctx, param, value):
    if value is None:
        return None
    from .model import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@common_options(formats=())
@click.option("-o", "--output", default="report.html", show_default=True, type=PathParam(dir_okay=False),
              help="Where to write the HTML file.")
@click.option("--dependency", default="", help="Dependency for the timeline (default: the roadmap's strictest).")
@click.option("--minimum", default="", help="Minimum version for the timeline.")
@except_option("Accept this platform, release or OS as an exception.")
@assume_option
def report(project_spec, on, fact_files, arches, fmt, width, embedded_only, output, dependency, minimum,
           exceptions, assumptions):
    """Write one self-contained HTML report: answer, matrix, roadmap impact, timeline, sources.

    \b
    Example: canirequire report --project qemu -o report.html
    """
    from contextlib import nullcontext

    from .app.report import build_report

    _check_writable(Path(output))
    session, on = _open(project_spec, fact_files, embedded_only, on, assumptions)
    status = nullcontext()
    if sys.stderr.isatty():
        from rich.console import Console

        status = Console(stderr=True).status("building the report")
    with status as spinner:
        def step(text):
            if spinner is not None:
                spinner.update(f"building the report: {text}")

        html = build_report(session, on, arches=tuple(arches), exceptions=tuple(exceptions),
                            assumptions=tuple(assumptions), dependency=dependency, minimum=minimum, step=step)
    _write(Path(output), html.encode("utf-8"))
    click.echo(f"wrote {output} ({len(html) // 1024} KiB)", err=True)


@main.command()
@common_options(formats=())
@click.option("-o", "--output", default="timeline.svg", show_default=True, type=PathParam(dir_okay=False),
              help="Output file; .svg or .png.")
@click.option("--dependency", default="", help="Colour bars by this dependency (default: the roadmap's strictest).")
@click.option("--minimum", default="", help="Minimum version of --dependency.")
@click.option("--from", "start", callback=_optional_date, default=None, metavar="YYYY-MM-DD")
@click.option("--to", "end", callback=_optional_date, default=None, metavar="YYYY-MM-DD")
def plot(project_spec, on, fact_files, arches, fmt, width, embedded_only, output, dependency, minimum, start, end):
    """Draw the timeline: each OS release's support window, when the requirement is met on it,
    roadmap stages and today. Needs matplotlib: pip install 'canirequire[plot]'."""
    from .app.report import build_timeline

    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix not in ("svg", "png"):
        raise UserError(f"{output}: the output must end in .svg or .png")
    try:
        from .report.plot import render_timeline
    except ImportError:  # pragma: no cover - depends on the extra
        raise UserError("plotting needs matplotlib: pip install 'canirequire[plot]'") from None
    _check_writable(Path(output))
    session, on = _open(project_spec, fact_files, embedded_only, on)
    try:
        data = render_timeline(build_timeline(session, on, dependency, minimum, start, end), suffix)
    except ImportError:
        raise UserError("plotting needs matplotlib: pip install 'canirequire[plot]'") from None
    _write(Path(output), data)
    click.echo(f"wrote {output}", err=True)


def _check_writable(path) -> None:
    """Fail before any work when the output cannot be written (a missing folder, no permission)."""
    if str(path) == "-":
        return
    path = Path(path)
    parent = path.resolve().parent
    if not parent.is_dir():
        raise UserError(f"{path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise UserError(f"{path}: cannot write in {parent}")
    if path.is_dir():
        raise UserError(f"{path}: is a directory")


def _write(path, data: bytes) -> None:
    from .store.atomic import write_output

    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_output(Path(path), data)
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror}") from None


@main.command()
@click.option("--project", "project_spec", default=None, metavar="NAME|FILE",
              help="Whose dependencies to look for (their package names for this OS).")
@click.option("--deps", default="", metavar="A,B", help="Only these dependencies.")
@click.option("-o", "--output", default="-", show_default=True, type=PathParam(dir_okay=False, allow_dash=True),
              help="Fact file to write (- for standard output).")
def probe(project_spec, deps, output):
    """Ask this machine's package manager (dpkg, rpm, apk) which of the project's packages it
    has, and write them as a --facts file: fills gaps the shared data leaves (run it on a
    CentOS Stream VM or a porter box, then pass the file with --facts)."""
    from .app.probe import probe_facts

    text, host, count = probe_facts(project_spec, tuple(d.strip() for d in deps.split(",") if d.strip()))
    if output == "-":
        click.echo(text, nl=False)
    else:
        _write(Path(output), text.encode())
        click.echo(f"wrote {count} facts about {host.os}-{host.release}/{host.arch} to {output}", err=True)


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
@click.option("--from", "source_dir", default=None, type=PathParam(file_okay=False),
              help="A folder laid out like shared/data (endoflife/, rust/, package-versions*.csv ...).")
@click.option("--live", is_flag=True,
              help="Also fetch live sources (Repology, endoflife.date, Rust) for --project and merge them in.")
@click.option("--project", "project_spec", default="qemu", show_default=True, help="Project whose data --live fetches.")
@click.option("--output", type=PathParam(file_okay=False), default=None,
              help="Where to write (default: the package's embedded snapshot).")
def snapshot_build(source_dir, live, project_spec, output):
    """Import raw files (and, with --live, live sources) into the project's fact format.

    \b
    canirequire snapshot build --from ../shared/data
    canirequire snapshot build --from ../shared/data --live   # a release with fresh data
    """
    from .app.snapshot import build_snapshot

    if not source_dir and not live:
        raise UserError("give --from DIR, --live, or both")
    summary = build_snapshot(Path(source_dir) if source_dir else None, live=live, project_spec=project_spec,
                             output=Path(output) if output else None,
                             progress=lambda m: click.echo(f"  {m}", err=True))
    if summary.refresh is not None:
        _print_refresh(summary.refresh)
    click.echo(summary.message)


def _print_refresh(summary) -> None:
    words = {"updated": "ok", "cached": "cached", "failed": "FAILED", "stopped": "STOPPED"}
    for o in summary.outcomes:
        click.echo(f"{words.get(o.status.value, o.status.value):8} {o.label}: {o.detail}")
        for change in o.changes[:20]:
            click.echo(f"           {change}")
        if len(o.changes) > 20:
            click.echo(f"           ... and {len(o.changes) - 20} more changes")
    click.echo(f"{summary.requests} network request(s)." + (f" Stopped: {summary.stopped}" if summary.stopped else ""))


class LazyChoice(click.Choice):
    """A choice whose list is read only when a value is checked or help is shown: the history trees
    come from a data file, which a command's start-up (or `--version`) should not pay for."""

    def __init__(self, load) -> None:
        self._load = load
        self._loaded: tuple[str, ...] | None = None
        self.case_sensitive = True

    @property
    def choices(self):  # noqa: D401 - click reads this attribute
        if self._loaded is None:
            self._loaded = tuple(self._load())
        return self._loaded


def _refresh_choices() -> list[str]:
    from .store.catalog import history_trees

    return ["repology", "endoflife", "rust-tiers", "distro-info", "upstream-issues", *history_trees()]


@main.command()
@click.option("--project", "project_spec", default=None, metavar="NAME|FILE", help="Project whose data to refresh.")
@click.option("--history", is_flag=True,
              help="Also read the public version histories the project file names per dependency "
                   "(Launchpad, Bodhi, ports and formula git logs, Alpine aports).")
@click.option("--only", "only", multiple=True, type=LazyChoice(_refresh_choices),
              help="Read only these sources (repeatable): a live source, upstream-issues (GitHub issue search "
                   "for the project's Rust targets; never by default) or a history tree. Default: all live "
                   "sources (and, with --history, every history).")
@click.option("--deps", default="", metavar="A,B", help="Only these dependencies. Default: the project's.")
@click.option("--since", default=None, metavar="DATE", callback=_optional_date,
              help="Read histories back to this date. Default: January 1st five years ago.")
@click.option("--rust-versions", default="", metavar="1.63.0,1.77.0",
              help="Also fetch Rust's platform-support page at these release tags (tiers per Rust version).")
@click.option("--offline", is_flag=True, help="No network at all: rebuild from the cache (also CANIREQUIRE_OFFLINE=1).")
@click.option("--max-age", type=click.FloatRange(0, 24 * 365), default=24.0, show_default=True, metavar="HOURS",
              help="Reuse cached responses younger than this.")
@click.option("--timeout", type=click.FloatRange(1, 7 * 24 * 3600), default=1800, show_default=True,
              metavar="SECONDS",
              help="The whole refresh stops starting requests after this long; sources not reached are reported "
                   "as skipped (exit 1). A host that stalls or drips is not asked again in the same run.")
@click.option("--accept-shrink", is_flag=True,
              help="Take an answer that would shrink a source to nothing or by more than half (held as STALE "
                   "by default, keeping the old data).")
@click.option("--no-wait", is_flag=True, help="If another refresh is running, exit 1 at once instead of waiting.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: the sources read and the verdict changes (docs/json-schema.md, kind refresh).")
def refresh(project_spec, history, only, deps, since, rust_versions, offline, max_age, timeout, accept_shrink,
            no_wait, fmt):
    """Add fresh readings of the project's sources to the local data, politely (one request
    per second, identified, cached), then say what changed in the project's declared
    requirements (its roadmap stages, and each requirement today).

    Readings accumulate: a version seen again keeps its first sighting; a version that
    appears between two refreshes arrived in between, and answers say so. Each source is
    committed on its own: a failure part-way keeps every completed source; the next run
    resumes from the cache. GITHUB_TOKEN, if set, raises GitHub's limit for --history (it
    is sent to api.github.com only and never stored). CANIREQUIRE_TODAY=YYYY-MM-DD makes
    the readings dated that day.

    \b
    canirequire refresh --project qemu
    canirequire refresh --project qemu --history
    canirequire refresh --only launchpad --deps rust
    canirequire refresh --offline --history    # rebuild from the cache

    Exit 1 if any source failed."""
    from .app.refresh import RefreshRefused, refresh_with_progress

    try:
        result = refresh_with_progress(
            project_spec, only=tuple(only), deps=tuple(d.strip() for d in deps.split(",") if d.strip()),
            rust_refs=tuple(v.strip() for v in rust_versions.split(",") if v.strip()), offline=offline,
            max_age_hours=max_age, show_progress=sys.stderr.isatty(), history=history, since=since,
            wait=not no_wait, timeout=timeout, accept_shrink=accept_shrink,
            notify=lambda line: click.echo(f"canirequire: {line}", err=True))
    except RefreshRefused as exc:
        click.echo(f"canirequire: {exc}", err=True)
        sys.exit(EXIT_FAIL)
    _emit(result, fmt, None)
    sys.exit(EXIT_OK if result.ok else EXIT_FAIL)


    """Console-script entry point."""
def run() -> None:  # pragma: no cover - console-script shim
    main()
