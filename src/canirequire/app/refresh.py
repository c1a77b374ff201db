"""`canirequire refresh`: fetch live sources, parse them into facts, commit
each source on its own (see store/refreshed.py), and summarise what changed.

Fetching (network -> cached raw file) is the PoliteClient's job; parsing is
the pure parsers' job; this module only wires them and decides what to fetch
for a project.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Callable

from ..model import FactSet, Lifecycle, PackageFact, RepoEntry, SourceInfo, TierFact
from ..policy.project import Project
from ..sources import endoflife, repology, rust_tiers
from ..sources.errors import SourceFormatError
from ..sources.http import Blocked, FetchError, PoliteClient, base_urls
from ..store.observations import merge_reading, previous_reading_date
from ..store.refreshed import RefreshBusy, RefreshedData
from ..store.snapshot import SnapshotError
from ..versions.libversion import Version
from .history import HistoryJob, history_endpoints, plan_history, run_history_job

class SourceKind(str, Enum):
    """The live sources `refresh` knows."""

    ENDOFLIFE = "endoflife"
    REPOLOGY = "repology"
    RUST_TIERS = "rust-tiers"
    DISTRO_INFO = "distro-info"
    DEBIAN_PORTS = "debian-ports"  # the Debian Ports archive's Packages, for a project that counts debian-ports
    HISTORY = "history"  # a public history of package versions (app/history.py)
    UPSTREAM_ISSUES = "upstream-issues"  # GitHub issue search for a toolchain's targets (only when asked)


# A refresh that would shrink a source by more than this (or to nothing) is held as suspicious.
MAX_SHRINK = 0.5
# The whole refresh stops starting requests after this long unless --timeout says otherwise.
DEFAULT_TIMEOUT = 1800.0


def _records(fs: FactSet) -> int:
    return len(fs.lifecycles) + len(fs.packages) + len(fs.tiers) + len(fs.friction) + len(fs.tier_changes)


def shrink_reason(stored: FactSet, reading: FactSet, log: list[dict[str, str]]) -> str:
    """Why a reading looks wrong by its size (an empty or much smaller answer than the last one), or "".
    Package sources keep a log of readings, so the last reading's size is what a new one is held to."""
    previous = _records(stored)
    if reading.packages and log and log[-1].get("facts", "").isdigit():
        previous = int(log[-1]["facts"])
    new = _records(reading)
    if previous and (new == 0 or new < previous * (1 - MAX_SHRINK)):
        return (f"the answer would shrink this source from {previous} to {new} records (more than "
                f"{MAX_SHRINK:.0%}): kept the old data; --accept-shrink takes it anyway")
    return ""


class OutcomeStatus(str, Enum):
    """How reading one source ended."""

    UPDATED = "updated"
    CACHED = "cached"
    FAILED = "failed"
    STALE = "stale"  # the update failed; the cached copy from an earlier fetch was used
    SKIPPED = "skipped"
    STOPPED = "stopped"


SOURCES = tuple(k.value for k in SourceKind if k not in (SourceKind.HISTORY, SourceKind.UPSTREAM_ISSUES))

DEFAULT_ENDPOINTS = {
    "repology": "https://repology.org/api/v1",
    "endoflife": "https://endoflife.date/api/v1",
    "rust-raw": "https://raw.githubusercontent.com/rust-lang/rust",
    "debian-ports": "https://deb.debian.org/debian-ports",
}
ENV_ENDPOINTS = {
    "debian-ports": "CANIREQUIRE_DEBIAN_PORTS_URL",
    "repology": "CANIREQUIRE_REPOLOGY_URL",
    "endoflife": "CANIREQUIRE_ENDOFLIFE_URL",
    "rust-raw": "CANIREQUIRE_RUST_RAW_URL",
}
DISTRO_INFO_DIR = Path("/usr/share/distro-info")


def endpoints_from_env() -> dict[str, str]:
    """The base URL of each live service (an environment variable overrides one, for tests and mirrors)."""
    return base_urls(DEFAULT_ENDPOINTS, ENV_ENDPOINTS)


@dataclass(frozen=True)
class SourceOutcome:
    """One source's outcome in a refresh, with the reason when it failed or went stale."""

    key: str
    label: str
    status: OutcomeStatus
    detail: str = ""
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefreshSummary:
    """Every source's outcome, why the run stopped early (if it did) and how many requests it made."""

    outcomes: tuple[SourceOutcome, ...] = ()
    stopped: str = ""
    requests: int = 0

    @property
    def ok(self) -> bool:
        return not self.stopped and all(o.status in (OutcomeStatus.UPDATED, OutcomeStatus.CACHED)
                                        for o in self.outcomes)


@dataclass(frozen=True)
class Job:
    """One source to read in a refresh: what kind, with which argument (a project name, a product)."""

    key: str
    label: str
    kind: SourceKind
    arg: str
    history: HistoryJob | None = None
    upstream_target: str = ""  # the target (or OS-wide pattern) an issue search is about


def plan(project: Project, only: tuple[str, ...], deps: tuple[str, ...], rust_refs: tuple[str, ...],
         distro_info_dir: Path = DISTRO_INFO_DIR, history: bool = False) -> list[Job]:
    """The sources to read: the live ones (or ``only`` these), and with ``history`` (or a tree
    named in ``only``) the public version histories the project file names."""
    from ..store.catalog import history_trees

    trees = history_trees()
    tree_only = tuple(o for o in only if o in trees)
    kinds = tuple(o for o in only if o not in trees) if only else SOURCES
    jobs: list[Job] = []
    if "endoflife" in kinds:
        products = []
        for policy in project.oses:
            for os_id in (policy.lifecycle_os, policy.dates_from):
                product = endoflife.OS_TO_PRODUCT.get(os_id) if os_id else None
                if product and product not in products:
                    products.append(product)
        jobs += [Job(f"endoflife-{p}", f"endoflife.date {p}", SourceKind.ENDOFLIFE, p) for p in products]
    if "repology" in kinds:
        names = deps or tuple(d.name for d in project.dependencies)
        jobs += [Job(f"repology-{d}", f"Repology {d}", SourceKind.REPOLOGY, d) for d in names]
    if "rust-tiers" in kinds and (any(d.tier_source == "rust" for d in project.dependencies) or "rust-tiers" in only):
        for ref in ("master", *rust_refs):
            jobs.append(Job(f"rust-tiers-{ref}", f"Rust platform-support.md @ {ref}", SourceKind.RUST_TIERS, ref))
    ports = project.os_policy(PORTS_OS)
    if "debian-ports" in kinds and ports is not None:
        arches = ports.arches or project.host_arches
        jobs.append(Job("debian-ports", f"Debian Ports Packages ({len(arches)} architectures)",
                        SourceKind.DEBIAN_PORTS, " ".join(arches)))
    if "distro-info" in kinds and any((distro_info_dir / f"{n}.csv").exists() for n in ("debian", "ubuntu")):
        jobs.append(Job("distro-info", f"distro-info ({distro_info_dir})", SourceKind.DISTRO_INFO,
                        str(distro_info_dir)))
    if "upstream-issues" in kinds:
        for query, target in upstream_issue_queries(project):
            key = "upstream-issues-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in target).strip("-")
            jobs.append(Job(key, f"GitHub issues about {target}", SourceKind.UPSTREAM_ISSUES, query,
                            upstream_target=target))
    if history or tree_only:
        for h in plan_history(project, trees, tree_only, deps):
            jobs.append(Job(h.key, h.label, SourceKind.HISTORY, h.tree.tree, h))
    return jobs


def run_refresh(
    project: Project,
    *,
    catalog: list[RepoEntry],
    client: PoliteClient,
    refreshed: RefreshedData,
    jobs: list[Job],
    endpoints: dict[str, str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    lifecycles: tuple[Lifecycle, ...] = (),
    since: dt.date | None = None,
    today: dt.date | None = None,
    accept_shrink: bool = False,
) -> RefreshSummary:
    """Read each job's source and add it to the refreshed data (the observation log: see
    store/observations.py), one commit per source."""
    endpoints = {**history_endpoints(), **endpoints_from_env(), **(endpoints or {})}
    today = today or dt.date.today()
    since = since or default_since(today)
    by_repo = {e.repology: e for e in catalog}
    outcomes: list[SourceOutcome] = []
    stopped = ""
    for index, job in enumerate(jobs):
        if progress:
            progress(job.label, index, len(jobs))
        if client.run_deadline is not None and time.monotonic() > client.run_deadline:
            outcomes.append(SourceOutcome(job.key, job.label, OutcomeStatus.SKIPPED, "the run's time limit "
                                          "(--timeout) was reached before this source"))
            continue
        stale_before = len(client.stale_events)
        try:
            if job.kind is SourceKind.HISTORY:
                factset, detail, from_cache = run_history_job(job.history, client=client, endpoints=endpoints,
                                                              lifecycles=lifecycles, since=since, today=today)
            else:
                factset, detail, from_cache = _run_job(job, project, client, by_repo, endpoints)
        except Blocked as exc:
            outcomes.append(SourceOutcome(job.key, job.label, OutcomeStatus.STOPPED, str(exc)))
            stopped = str(exc)
            break
        except (repology.UnknownProject, FetchError, SourceFormatError, OSError) as exc:
            outcomes.append(SourceOutcome(job.key, job.label, OutcomeStatus.FAILED, str(exc)))
            continue
        except (UnicodeDecodeError, ValueError) as exc:  # bytes that are not what the format promises
            outcomes.append(SourceOutcome(job.key, job.label, OutcomeStatus.FAILED,
                                          f"{job.label}: the response is not in the expected format ({exc})"))
            continue
        stale = client.stale_events[stale_before:]
        try:
            stored = refreshed.read_source(job.key)
        except SnapshotError as exc:
            # A damaged stored copy must not block the refresh that replaces it.
            stored, detail = FactSet(), f"{detail}; replaced an unreadable stored copy ({exc})"
        suspicious = "" if accept_shrink else shrink_reason(stored, factset, refreshed.read_log(job.key))
        if suspicious:
            outcomes.append(SourceOutcome(job.key, job.label, OutcomeStatus.STALE, f"stale: {suspicious}"))
            continue
        factset, log_row = _add_to_log(stored, factset)
        changes = describe_changes(stored, factset)
        refreshed.commit(job.key, factset, log_row)
        if stale:
            why = "; ".join(reason for _, reason in stale[:2])
            outcomes.append(SourceOutcome(job.key, job.label, OutcomeStatus.STALE,
                                          f"stale: update failed ({why}); the cached copy was used -- {detail}",
                                          tuple(changes)))
            continue
        outcomes.append(
            SourceOutcome(job.key, job.label, OutcomeStatus.CACHED if from_cache else OutcomeStatus.UPDATED, detail,
                          tuple(changes))
        )
    if progress:
        progress("done", len(jobs), len(jobs))
    return RefreshSummary(tuple(outcomes), stopped, client.requests_made)


def _run_job(job: Job, project: Project, client: PoliteClient, catalog: dict[str, RepoEntry],
             endpoints: dict[str, str]) -> tuple[FactSet, str, bool]:
    if job.kind is SourceKind.ENDOFLIFE:
        url = f"{endpoints['endoflife']}/products/{job.arg}"
        resp = client.get(url, validate=lambda body: endoflife.parse_api_v1_product(
            body, job.arg, source="validate", as_of=None))
        as_of = resp.fetched_at.date()
        lifecycles = endoflife.parse_api_v1_product(resp.body, job.arg, source=f"endoflife-api:{job.arg}",
                                                    as_of=None)
        # The API's last_modified is when endoflife.date changed; our as-of is when we looked.
        lifecycles = [_with_as_of(lc, as_of) for lc in lifecycles]
        info = SourceInfo(f"endoflife-api:{job.arg}", f"endoflife.date API v1 /products/{job.arg}", as_of, url)
        return FactSet(lifecycles=tuple(lifecycles), sources=(info,)), _note(resp, f"{len(lifecycles)} cycles"), \
            resp.from_cache
    if job.kind is SourceKind.REPOLOGY:
        dep = project.dependency(job.arg)
        name = dep.repology_project if dep else job.arg
        url = f"{endpoints['repology']}/project/{name}"
        resp = client.get(url, validate=lambda body: _validate_repology(body, name))
        packages = repology.parse_project(resp.body, project=name)

        def keep(os_id: str, release: str, names: tuple[str, ...]) -> bool:
            patterns = dep.patterns_for([f"{os_id}-{release}", os_id, "default"]) if dep else None
            return repology.names_match(patterns, names)

        facts, unmapped = repology.to_facts(packages, dependency=job.arg, project=name, catalog=catalog,
                                            fetched=resp.fetched_at.date(), name_filter=keep)
        info = SourceInfo(f"repology:{job.arg}", f"Repology /api/v1/project/{name}", resp.fetched_at.date(), url)
        facts = [replace(f, source_id=info.id) for f in facts]
        detail = f"{len(facts)} packages kept of {len(packages)}"
        left_out = repology.distrusted(packages)
        if left_out:
            shown = ", ".join(f"{p.repo} {p.version} ({p.status})" for p in left_out[:3])
            detail += (f"; {len(left_out)} left out because Repology distrusts their version: {shown}"
                       + (" ..." if len(left_out) > 3 else ""))
        if unmapped:
            detail += f"; {len(unmapped)} repositories not mapped to an OS release"
        return FactSet(packages=tuple(facts), sources=(info,)), _note(resp, detail), resp.from_cache
    if job.kind is SourceKind.RUST_TIERS:
        url = f"{endpoints['rust-raw']}/{job.arg}/src/doc/rustc/src/platform-support.md"
        resp = client.get(url, validate=lambda body: rust_tiers.parse_platform_support(
            body.decode("utf-8"), source="validate"))
        as_of = resp.fetched_at.date()
        tag = "" if job.arg in ("master", "main") else job.arg
        tiers = rust_tiers.parse_platform_support(resp.body.decode("utf-8"), source=f"rust-tiers:{job.arg}",
                                                  since=as_of.isoformat(), as_of=as_of, tag=tag)
        info = SourceInfo(f"rust-tiers:{job.arg}", f"Rust platform-support.md at {job.arg}", as_of, url)
        return FactSet(tiers=tuple(tiers), sources=(info,)), _note(resp, f"{len(tiers)} targets"), resp.from_cache
    if job.kind is SourceKind.UPSTREAM_ISSUES:
        return _upstream_issues(job, client, endpoints)
    if job.kind is SourceKind.DEBIAN_PORTS:
        return _debian_ports(job, project, client, endpoints)
    if job.kind is SourceKind.DISTRO_INFO:
        base = Path(job.arg)
        lifecycles: list[Lifecycle] = []
        sources = []
        for os_id in ("debian", "ubuntu"):
            path = base / f"{os_id}.csv"
            if path.exists():
                as_of = dt.date.fromtimestamp(path.stat().st_mtime)
                lifecycles += endoflife.parse_distro_info_csv(path.read_text(encoding="utf-8"), os_id,
                                                              source=f"distro-info:{os_id}", as_of=as_of)
                sources.append(SourceInfo(f"distro-info:{os_id}", f"distro-info {os_id}.csv (the distribution's "
                                          "own release data)", as_of, str(path)))
        return FactSet(lifecycles=tuple(lifecycles), sources=tuple(sources)), f"{len(lifecycles)} releases", False
    raise ValueError(f"unknown job kind {job.kind}")  # pragma: no cover


PORTS_OS = "debian-ports"


def _debian_ports(job: Job, project: Project, client: PoliteClient, endpoints: dict[str, str]
                  ) -> tuple[FactSet, str, bool]:
    """Every port's Packages index, read in one job so that each fact knows which ports were read:
    a port whose index lacks a package proves it not built there."""
    import lzma

    from ..sources.debian_archive import debian_arch, parse_packages, ports_facts

    base = endpoints["debian-ports"]
    readings, cached, fetched = {}, True, None
    for arch in job.arg.split():
        url = f"{base}/dists/unstable/main/binary-{debian_arch(arch)}/Packages.xz"

        def decode(body: bytes, url=url) -> list:
            try:
                text = lzma.decompress(body).decode("utf-8")
            except (lzma.LZMAError, UnicodeDecodeError) as exc:
                raise SourceFormatError(f"{url}: not an xz-compressed Packages index ({exc})") from None
            return parse_packages(text, url)

        # A port's index is megabytes of xz: the reading that validated a fresh body is the one kept.
        validated: list = []
        resp = client.get(url, validate=lambda body, seen=validated: seen.append((body, decode(body))))
        fresh = next((parsed for body, parsed in validated if body is resp.body), None)
        readings[arch] = fresh if fresh is not None else decode(resp.body)
        cached = cached and resp.from_cache
        fetched = resp.fetched_at if fetched is None else min(fetched, resp.fetched_at)
    as_of = fetched.date()

    def dependency_of(package: str) -> str | None:
        for dep in project.dependencies:
            # No patterns: only the dependency's own name (an index lists thousands of packages).
            patterns = dep.patterns_for(["debian-ports-rolling", PORTS_OS, "debian", "default"]) or (dep.name,)
            if repology.names_match(patterns, (package,)):
                return dep.name
        return None

    info = SourceInfo("debian-ports", "Debian Ports archive: dists/unstable/main/binary-<arch>/Packages.xz "
                      f"({', '.join(debian_arch(a) for a in readings)})", as_of, base)
    facts = ports_facts(PORTS_OS, "rolling", readings, dependency_of, as_of, info.id, base)
    kept = sum(len(v) for v in readings.values())
    return FactSet(packages=tuple(facts), sources=(info,)), f"{len(facts)} packages kept of {kept}", cached


# rust-lang/rust labels that name an OS, and the targets each covers (an OS-wide pattern).
OS_LABELS = {"O-freebsd": "*-unknown-freebsd", "O-netbsd": "*-unknown-netbsd", "O-openbsd": "*-unknown-openbsd",
             "O-macos": "*-apple-darwin", "O-windows-gnu": "*-pc-windows-gnu*"}
SEARCH_PAGES = 3  # the newest 300 items per query: GitHub's search caps at 1000 and allows 10 queries a minute


def upstream_issue_queries(project: Project) -> list[tuple[str, str]]:
    """(GitHub search query, target) pairs: each OS label of rust-lang/rust, and each Rust target
    of the project's platforms below tier 1 named in a title (the ones at risk)."""
    if not any(d.tier_source == "rust" for d in project.dependencies):
        return []
    from ..store.catalog import load_catalog

    queries = [(f"repo:rust-lang/rust label:{label}", target) for label, target in OS_LABELS.items()]
    catalog = load_catalog()
    targets = sorted({catalog.target("rust", o.os, a) for o in project.oses for a in o.arches} - {None})
    tier_one = {"x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu", "i686-unknown-linux-gnu",
                "aarch64-apple-darwin", "x86_64-pc-windows-gnu", "x86_64-pc-windows-msvc"}
    for target in targets:
        if target not in tier_one:
            queries.append((f'repo:rust-lang/rust "{target}" in:title', target))
    return queries


def _upstream_issues(job: Job, client: PoliteClient, endpoints: dict[str, str]) -> tuple[FactSet, str, bool]:
    from urllib.parse import urlencode

    from ..sources import upstream_issues

    items, cached, read_on = [], True, None
    for page in range(1, SEARCH_PAGES + 1):
        url = f"{endpoints['github']}/search/issues?{urlencode({'q': job.arg, 'per_page': 100, 'page': page})}"
        where = f"GitHub issue search {job.arg!r} (page {page})"
        resp = client.get(url, validate=lambda body, w=where: upstream_issues.parse_search(
            body, toolchain="rust", target=job.upstream_target, read_on=dt.date.today(), where=w, source="validate"))
        cached = cached and resp.from_cache
        read_on = resp.fetched_at.date()
        found = upstream_issues.parse_search(resp.body, toolchain="rust", target=job.upstream_target,
                                             read_on=read_on, where=where, source=f"github-search:{job.arg}")
        items += found
        if len(found) < 100:
            break
    info = SourceInfo(f"github-search:{job.upstream_target}", f"GitHub issue search {job.arg}", read_on,
                      f"{endpoints['github']}/search/issues")
    return FactSet(friction=tuple(items), sources=(info,)), f"{len(items)} issues and pull requests", cached


def default_since(today: dt.date) -> dt.date:
    """How far back histories are read by default: five whole years (stable within a year, so an
    offline rebuild asks for the same URLs the cache holds)."""
    return dt.date(today.year - 5, 1, 1)


def _add_to_log(stored: FactSet, reading: FactSet) -> tuple[FactSet, dict[str, str]]:
    """The source's facts after this reading, and the line the source's log gets."""
    info = reading.sources[0] if reading.sources else None
    read_on = info.as_of if info else None
    row = {"read_on": read_on.isoformat() if read_on else "", "source": info.id if info else ""}
    if not reading.packages or read_on is None:
        return reading, {**row, "facts": str(len(reading.packages)), "new": "", "arrived_between": "", "replaced": ""}
    previous = previous_reading_date(stored, info.id)
    packages, counts = merge_reading(stored.packages, reading.packages, read_on, previous)
    row.update(facts=str(counts.seen), new=str(counts.new), arrived_between=str(counts.arrived_between),
               replaced=str(counts.replaced))
    return replace(reading, packages=packages), row


def _validate_repology(body: bytes, name: str) -> None:
    try:
        repology.parse_project(body, project=name)
    except repology.UnknownProject:
        pass  # a valid answer: cache it, the caller reports it


def _with_as_of(lc: Lifecycle, as_of: dt.date) -> Lifecycle:
    return replace(lc, as_of=as_of)


def _note(resp, detail: str) -> str:
    if resp.stale:
        return f"{detail} (stale cache from {resp.fetched_at:%Y-%m-%d %H:%M}: {resp.note})"
    if resp.from_cache:
        return f"{detail} (cache from {resp.fetched_at:%Y-%m-%d %H:%M})"
    return detail


def describe_changes(old: FactSet, new: FactSet) -> list[str]:
    """Human-readable differences: new versions, new releases, tier changes."""
    changes: list[str] = []

    def best(packages: tuple[PackageFact, ...]) -> dict[tuple[str, str], str]:
        out: dict[tuple[str, str], str] = {}
        for p in packages:
            key = (p.repo, p.package)
            if key not in out or Version(p.version) > Version(out[key]):
                out[key] = p.version
        return out

    before, after = best(old.packages), best(new.packages)
    for key in sorted(after):
        if key not in before:
            changes.append(f"new: {key[0]} {key[1]} {after[key]}")
        elif Version(after[key]) != Version(before[key]):
            changes.append(f"{key[0]} {key[1]}: {before[key]} -> {after[key]}")
    old_cycles = {(lc.os, lc.cycle): lc for lc in old.lifecycles}
    for lc in new.lifecycles:
        prev = old_cycles.get((lc.os, lc.cycle))
        if prev is None:
            if old.lifecycles:
                changes.append(f"new release: {lc.release_id} (released {lc.release_date or 'date unknown'})")
        elif prev.eol != lc.eol:
            changes.append(f"{lc.release_id}: end of regular support {prev.eol} -> {lc.eol}")
    old_tiers: dict[str, TierFact] = {t.target: t for t in old.tiers}
    for t in new.tiers:
        prev = old_tiers.get(t.target)
        if prev is not None and (prev.tier, prev.host_tools) != (t.tier, t.host_tools):
            changes.append(f"{t.target}: {prev.label} -> {t.label}")
    return changes


def refresh_with_progress(project_spec: str | None, *, only: tuple[str, ...], deps: tuple[str, ...],
                          rust_refs: tuple[str, ...], offline: bool, max_age_hours: float,
                          show_progress: bool, history: bool = False, since: dt.date | None = None,
                          wait: bool = True, timeout: float | None = DEFAULT_TIMEOUT,
                          accept_shrink: bool = False, notify: Callable[[str], None] | None = None):
    """`canirequire refresh`: plan the project's sources, fetch them politely with a progress bar,
    add each one to the refreshed data, and say what changed in the project's declared requirements.
    One refresh runs at a time: a second one waits for the lock, or (``wait=False``) gives up."""
    import math

    from ..store.paths import refreshed_data_dir
    from .errors import InputError
    from .session import today

    if not math.isfinite(max_age_hours) or not 0 <= max_age_hours <= 24 * 365:
        raise InputError(f"--max-age {max_age_hours}: give hours between 0 and {24 * 365}")
    if timeout is not None and (not math.isfinite(timeout) or not 1 <= timeout <= 7 * 24 * 3600):
        raise InputError(f"--timeout {timeout}: give seconds between 1 and {7 * 24 * 3600}")
    import re

    for ref in rust_refs:
        # A tag becomes part of a URL path: only release tags and branch names, never "../x".
        if not re.fullmatch(r"\d+\.\d+(\.\d+)?|master|main|stable|beta", ref):
            raise InputError(f"--rust-versions {ref!r}: give Rust release tags such as 1.77.0 (or master)")
    day = today()
    store = RefreshedData(refreshed_data_dir())
    try:
        with store.lock(wait=wait):
            return _refresh_locked(project_spec, store, day, only=only, deps=deps, rust_refs=rust_refs,
                                   offline=offline, max_age_hours=max_age_hours, show_progress=show_progress,
                                   history=history, since=since, timeout=timeout, accept_shrink=accept_shrink,
                                   notify=notify)
    except RefreshBusy as exc:
        raise RefreshRefused(str(exc)) from None


class RefreshRefused(RuntimeError):
    """The refresh did not start (another one holds the lock): exit 1 with this message."""


def _refresh_locked(project_spec, store, day, *, only, deps, rust_refs, offline, max_age_hours, show_progress,
                    history, since, timeout, accept_shrink=False, notify=None):
    from ..engine.results import RefreshResult, SourceRead
    from ..sources.http import offline_forced
    from ..store.cache import ResponseCache
    from ..store.paths import cache_dir, refreshed_data_dir
    from .errors import InputError
    from .history import client_settings
    from .session import Session, now

    try:
        before = Session.open(project_spec)
    except InputError:
        # Refreshed data that cannot be read is what this refresh replaces: compare with the shipped data.
        before = Session.open(project_spec, embedded_only=True)
    jobs = plan(before.project, only, deps, rust_refs, history=history)
    if not jobs:
        raise InputError("nothing to refresh for this project and these options")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    github = client_settings(history_endpoints())
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True, disable=not show_progress) as bar:
        task = bar.add_task("starting", total=len(jobs))
        current = {"label": ""}

        def on_progress(label, done, total):
            current["label"] = label
            bar.update(task, completed=done, description=f"fetching {label}")
            if notify is not None and not show_progress and label != "done":
                notify(f"[{done + 1}/{total}] fetching {label}")  # a log or a pipe sees progress too

        def on_wait(seconds):
            bar.update(task, description=f"fetching {current['label']} (rate limit: waiting {seconds:.1f}s)")

        client = PoliteClient(ResponseCache(cache_dir()), offline=offline or offline_forced(), on_wait=on_wait,
                              max_age=dt.timedelta(hours=max_age_hours), now=now,
                              run_deadline=time.monotonic() + timeout if timeout else None, **github)
        summary = run_refresh(before.project, catalog=list(before.index.repos), client=client,
                              refreshed=store, jobs=jobs, progress=on_progress,
                              lifecycles=tuple(before.index.lifecycles), since=since, today=day,
                              accept_shrink=accept_shrink)
    try:
        after = Session.open(project_spec)
    except InputError:
        after = before  # another stored source is still unreadable: no comparison to make
    checks, changes = requirement_changes(before, after, day)
    reads = tuple(SourceRead(o.key, o.label, o.status.value, o.detail, o.changes) for o in summary.outcomes)
    return RefreshResult(before.project.name, day, reads, summary.requests, summary.stopped,
                         str(refreshed_data_dir()), checks, tuple(changes))


def requirement_changes(before, after, day: dt.date):
    """The declared requirements' verdicts under the old and the new data, and what moved."""
    from ..engine import questions
    from ..engine.changes import declared_checks, verdict_changes

    checks = declared_checks(after.project, day)
    changes = []
    for stage, on, dep, minimum in checks:
        old = questions.check(before.engine(on), dep, minimum)
        new = questions.check(after.engine(on), dep, minimum)
        changes += verdict_changes(stage, old, new)
    return len(checks), changes
