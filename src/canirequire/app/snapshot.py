"""Build the embedded snapshot from the raw upstream files.

``canirequire snapshot build --from ../shared/data`` runs this. The raw files
never enter the repository; only the facts derived here do, in the project's
own format (see snapshot.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import FactSet, SourceInfo
from ..sources import debian_archive, endoflife, rust_tiers, upstream_issues
from ..sources.errors import SourceFormatError
from ..sources.branches import read_branches
from ..sources.package_csv import chain_rolling_history, read_package_csv

# endoflife.date products canirequire knows how to use.
EOL_PRODUCTS = (
    "debian",
    "ubuntu",
    "fedora",
    "centos-stream",
    "centos",
    "rhel",
    "almalinux",
    "rocky-linux",
    "opensuse",
    "sles",
    "alpine-linux",
    "freebsd",
    "netbsd",
    "openbsd",
    "macos",
    "windows",
)
# Upstream projects whose release dates bound what a distribution can have had.
UPSTREAM_PRODUCTS = ("rust",)


def _retrieved_date(sources_md: str, local_path: str) -> tuple[dt.date | None, str]:
    """Find a file's row in SOURCES.md: (retrieved date, "repo path @ commit")."""
    for line in sources_md.splitlines():
        if f"`{local_path}`" in line:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 5:
                try:
                    retrieved = dt.date.fromisoformat(cells[4])
                except ValueError:
                    retrieved = None
                origin = f"{cells[1]} {cells[2].strip('`')} @ {cells[3].strip('`')[:12]}"
                return retrieved, origin
    return None, ""


def _commit_date(sources_md: str, local_path: str) -> dt.date | None:
    for line in sources_md.splitlines():
        if f"`{local_path}`" in line:
            m = re.search(r"commit dated (\d{4}-\d{2}-\d{2})", line)
            if m:
                return dt.date.fromisoformat(m.group(1))
    return None


class _Shared:
    """A shared/data-style folder and its SOURCES.md (where each file came from, and when)."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir)
        if not self.dir.is_dir():
            raise SourceFormatError(f"{self.dir}: no such folder")
        md = self.dir / "SOURCES.md"
        self.sources_md = md.read_text(encoding="utf-8") if md.exists() else ""

    def read(self, rel: str) -> str:
        """One raw file of the shared data folder, as text (an input error if it is not UTF-8)."""
        path = self.dir / rel
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise SourceFormatError(f"{path}: not UTF-8 text") from None

    def origin(self, rel: str) -> tuple[dt.date | None, str]:
        return _retrieved_date(self.sources_md, f"data/{rel}")

    def commit_date(self, rel: str) -> dt.date | None:
        return _commit_date(self.sources_md, f"data/{rel}")


def build_from_shared(data_dir: Path, progress=None) -> FactSet:
    """Import everything canirequire understands from a shared/data-style folder."""
    shared = _Shared(data_dir)
    step = progress or (lambda _msg: None)
    parts = [_lifecycles(shared, step), _observations(shared, step), _upstream(shared, step),
             _branches(shared, step), _tiers(shared, step), _repology(shared, step), _features(shared, step)]
    from dataclasses import fields

    return FactSet(**{f.name: tuple(x for part in parts for x in getattr(part, f.name)) for f in fields(FactSet)})


def _lifecycles(shared: _Shared, step) -> FactSet:
    lifecycles, sources = [], []
    for product in EOL_PRODUCTS:
        rel = f"endoflife/products/{product}.md"
        if not (shared.dir / rel).exists():
            continue
        step(f"endoflife.date {product}")
        as_of = shared.commit_date(rel) or shared.origin(rel)[0]
        source_id = f"endoflife:{product}"
        lifecycles += endoflife.parse_product_markdown(shared.read(rel), product, source=source_id, as_of=as_of)
        sources.append(SourceInfo(source_id, f"endoflife.date product file {product}.md", as_of,
                                  shared.origin(rel)[1] or str(shared.dir / rel)))
    return FactSet(lifecycles=tuple(lifecycles), sources=tuple(sources))


def _observations(shared: _Shared, step) -> FactSet:
    """package-versions.csv (with Debian's per-arch indices and changelogs folded in) and every
    further package-versions-*.csv, each row read by its own date_meaning."""
    rel = "package-versions.csv"
    if not (shared.dir / rel).exists():
        raise SourceFormatError(f"{shared.dir / rel}: missing (is {shared.dir} a shared/data folder?)")
    step(rel)
    csv_facts = [replace(f, source_id="observations:package-versions")
                 for f in chain_rolling_history(read_package_csv(shared.read(rel), path=rel))]
    retrieved, _ = shared.origin(rel)
    sources = [SourceInfo(
        "observations:package-versions",
        "package-versions.csv: Debian apt madison, MSYS2 git history, docker-library image manifests, "
        "secondary tables (see each row's source)",
        max((f.as_of for f in csv_facts if f.as_of), default=None),
        f"shared data package-versions.csv (retrieved {retrieved})" if retrieved else rel)]
    debian = _debian(shared, csv_facts, step)
    packages = list(debian.packages) if debian.packages else csv_facts
    sources += debian.sources
    for path in sorted(shared.dir.glob("package-versions-*.csv")):
        step(path.name)
        source_id = f"observations:{path.stem}"
        facts = [replace(f, source_id=source_id) for f in read_package_csv(shared.read(path.name), path=path.name)]
        retrieved, _ = shared.origin(path.name)
        description = _first_heading(shared.dir / f"{path.stem}.md") or path.name
        sources.append(SourceInfo(source_id, f"{path.name}: {description} (see each row's source)",
                                  max((f.as_of for f in facts if f.as_of), default=None),
                                  f"shared data {path.name} (retrieved {retrieved})" if retrieved else path.name))
        packages += facts
    points_rel = "debian-point-releases.csv"
    if (shared.dir / points_rel).exists():
        step(points_rel)
        points = debian_archive.read_point_releases(shared.read(points_rel), points_rel)
        packages = debian_archive.reaches_users(packages, points)
        retrieved, _ = shared.origin(points_rel)
        sources.append(SourceInfo("debian:point-releases", "Debian point releases of 10-13 (when stable uploads "
                                  "reached users)", max((d for rows in points.values() for _, d in rows), default=None),
                                  f"shared data {points_rel} (retrieved {retrieved})" if retrieved else points_rel))
    return FactSet(packages=tuple(packages), sources=tuple(sources))


def _first_heading(md: Path) -> str:
    if not md.exists():
        return ""
    for line in md.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\(.*\)\s*$", "", line[2:]).strip()
    return ""


def _debian(shared: _Shared, csv_facts, step) -> FactSet:
    arch_rel, hist_rel = "debian-arch-versions.csv", "debian-changelog-history.csv"
    if not ((shared.dir / arch_rel).exists() and (shared.dir / hist_rel).exists()):
        return FactSet()
    step("Debian per-arch indices and changelog history")
    alternates = debian_archive.alternates_from(csv_facts)
    arch_facts = [replace(f, source_id="debian:arch-indices") for f in debian_archive.read_arch_versions(
        shared.read(arch_rel), arch_rel, alternates)]
    history = [replace(f, source_id="debian:changelogs") for f in debian_archive.read_changelog_history(
        shared.read(hist_rel), hist_rel, alternates)]
    sources = (
        SourceInfo("debian:arch-indices", "Debian archive main/binary-<arch>/Packages of 11 suites x 9 arches",
                   max((f.as_of for f in arch_facts if f.as_of), default=None), arch_rel),
        SourceInfo("debian:changelogs", "changelog.Debian.gz of rustc, rustc-web and bindgen (upload dates)",
                   max((f.valid_from or f.as_of for f in history if (f.valid_from or f.as_of)), default=None),
                   hist_rel),
    )
    return FactSet(packages=tuple(debian_archive.merge_debian(csv_facts, arch_facts, history)), sources=sources)


def _upstream(shared: _Shared, step) -> FactSet:
    """Upstream release dates: no distribution can have a version before upstream released it."""
    releases, sources = [], []
    for product in UPSTREAM_PRODUCTS:
        rel = f"endoflife/products/{product}.md"
        if (shared.dir / rel).exists():
            step(f"upstream releases: endoflife.date {product}")
            source_id = f"upstream:{product}"
            cycles = endoflife.parse_product_markdown(shared.read(rel), product, source=source_id, as_of=None)
            releases += endoflife.upstream_from_cycles(cycles, product, source_id)
            sources.append(SourceInfo(source_id, f"{product} release cycles and their dates (endoflife.date)",
                                      shared.commit_date(rel) or shared.origin(rel)[0],
                                      shared.origin(rel)[1] or rel))
        rel = f"endoflife/release-data/{product}.json"
        if (shared.dir / rel).exists():
            source_id = f"release-data:{product}"
            releases += endoflife.parse_release_data(shared.read(rel), product, source=source_id)
            sources.append(SourceInfo(source_id, f"{product} point releases and their dates (release-data)",
                                      shared.origin(rel)[0], shared.origin(rel)[1] or rel))
    return FactSet(upstream=tuple(releases), sources=tuple(sources))


def _features(shared: _Shared, step) -> FactSet:
    """features/features.csv: which toolchain or library version first has each feature."""
    rel = "features/features.csv"
    if not (shared.dir / rel).exists():
        return FactSet()
    step(rel)
    from ..sources.features import read_features

    facts = read_features(shared.read(rel), rel)
    retrieved, _ = shared.origin(rel)
    info = SourceInfo("features", "Feature -> first version tables for Rust, Meson and GLib (features.csv; each row "
                      "names the upstream file it was read from)", max((f.date for f in facts if f.date), default=None),
                      f"shared data {rel} (retrieved {retrieved})" if retrieved else rel)
    return FactSet(features=tuple(facts), sources=(info,))


def _branches(shared: _Shared, step) -> FactSet:
    rel = "pkgsrc-branches.csv"
    if not (shared.dir / rel).exists():
        return FactSet()
    step(rel)
    branches = read_branches(shared.read(rel), tree="pkgsrc", path=rel)
    info = SourceInfo("branches:pkgsrc", "pkgsrc quarterly branches and the dates they were cut (doc/CHANGES)",
                      max(b.created for b in branches) if branches else None, rel)
    return FactSet(branches=tuple(branches), sources=(info,))


def _tiers(shared: _Shared, step) -> FactSet:
    rust_dir = shared.dir / "rust"
    if not rust_dir.is_dir():
        return FactSet()
    step("Rust platform-support pages")
    tiers, sources = [], []
    for path in sorted(rust_dir.glob("platform-support*.md")):
        rel = f"rust/{path.name}"
        # The page carries no date; SOURCES.md dates the two copies. "since" sorts
        # lexically in age order, which is how the engine picks the newest.
        older = "." in path.stem[len("platform-support"):]
        label = "2022" if older else "2026"
        tiers += rust_tiers.parse_platform_support(shared.read(rel), source=f"rust:{path.name}", since=label)
        sources.append(SourceInfo(
            f"rust:{path.name}",
            f"Rust platform-support.md, {'older copy (~2022, Rust ~1.59)' if older else 'newer copy (~2026)'}",
            None, shared.origin(rel)[1] or str(path)))
    # Per-target pages can be newer than the table they link from.
    for page in sorted((rust_dir / "platform-support").glob("*.md")):
        rel = f"rust/platform-support/{page.name}"
        overrides = rust_tiers.parse_target_page_overrides(
            shared.read(rel), source=f"rust:platform-support/{page.name}", since="2026-target-page")
        if overrides:
            tiers += overrides
            sources.append(SourceInfo(
                f"rust:platform-support/{page.name}",
                f"Rust per-target page {page.name} (newer than the main table where they differ)",
                None, shared.origin(rel)[1] or str(page)))
    changes, friction = [], []
    history = rust_dir / "rust-tier-history.csv"
    if history.is_file():
        rel = "rust/rust-tier-history.csv"
        changes = rust_tiers.read_tier_history(shared.read(rel), path=str(history))
        sources.append(SourceInfo("rust:tier-history", "Rust target tier changes, cited (rust-tier-history.csv)",
                                  None, shared.origin(rel)[1] or str(history)))
    issues = rust_dir / "rust-upstream-issues.csv"
    if issues.is_file():
        rel = "rust/rust-upstream-issues.csv"
        friction = upstream_issues.read_seed(shared.read(rel), path=str(issues), source="rust:upstream-issues")
        sources.append(SourceInfo("rust:upstream-issues", "rust-lang/rust and rust-lang/libc issues and PRs per "
                                  "target, hand-collected (rust-upstream-issues.csv; sparse, not a full list)",
                                  max((f.state_as_of for f in friction if f.state_as_of), default=None),
                                  shared.origin(rel)[1] or str(issues)))
    return FactSet(tiers=tuple(tiers), sources=tuple(sources), tier_changes=tuple(changes), friction=tuple(friction))


def _repology(shared: _Shared, step) -> FactSet:
    import json

    from ..sources.repology import build_catalog
    from ..store.catalog import repology_rules

    rel = "repology-repos/rendered-summary.json"
    if not (shared.dir / rel).exists():
        return FactSet()
    step("Repology repository catalog")
    try:
        rendered = json.loads(shared.read(rel))
    except ValueError as exc:
        raise SourceFormatError(f"{shared.dir / rel}: not JSON: {exc}") from None
    repos = build_catalog(rendered, source="repology:repos.d", rules=repology_rules())
    info = SourceInfo("repology:repos.d", "Repology repository list (repos.d, rendered): repo ids -> OS releases",
                      shared.commit_date("repology-repos/deb/debian.yaml"), shared.origin(rel)[1] or rel)
    return FactSet(repos=tuple(repos), sources=(info,))


@dataclass(frozen=True)
class BuildSummary:
    """What a snapshot build wrote, and the refresh it merged with --live."""

    message: str
    refresh: object | None = None  # the RefreshSummary of --live


def build_snapshot(source_dir: Path | None, *, live: bool, project_spec: str, output: Path | None,
                   progress=None) -> BuildSummary:
    """Import a shared/data folder (and, with ``live``, every live source of the project) and write
    the snapshot: the package's embedded one unless ``output`` says otherwise."""
    from ..model import Origin
    from ..store.snapshot import SnapshotError, embedded_snapshot_dir, read_snapshot, write_snapshot
    from .errors import InputError

    step = progress or (lambda _m: None)
    try:
        if source_dir is not None:
            factset = build_from_shared(source_dir, progress=lambda m: step(f"importing {m}"))
        else:
            factset = read_snapshot(embedded_snapshot_dir(), Origin.EMBEDDED)
    except (SourceFormatError, SnapshotError) as exc:
        raise InputError(str(exc)) from None
    refresh_summary = None
    if live:
        factset, refresh_summary = _merge_live(factset, project_spec, step)
    target = output or embedded_snapshot_dir()
    write_snapshot(factset, target)
    return BuildSummary(
        f"wrote {len(factset.lifecycles)} lifecycles, {len(factset.packages)} package facts, "
        f"{len(factset.tiers)} tier facts from {len(factset.sources)} sources to {target}", refresh_summary)


def _merge_live(factset: FactSet, project_spec: str, step):
    """Run every live source into a scratch store and fold the results in by the store's one merge rule."""
    import tempfile

    from ..sources.http import PoliteClient
    from ..store.cache import ResponseCache
    from ..store.index import merge_layers
    from ..store.paths import cache_dir
    from ..store.refreshed import RefreshedData
    from .errors import InputError
    from .refresh import plan, run_refresh
    from .session import open_project

    project = open_project(project_spec)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = RefreshedData(Path(tmp))
        summary = run_refresh(project, catalog=list(factset.repos), client=PoliteClient(ResponseCache(cache_dir())),
                              refreshed=scratch, jobs=plan(project, (), (), ()),
                              progress=lambda label, i, n: step(f"[{i}/{n}] {label}"))
        if summary.stopped:
            raise InputError(f"live build stopped: {summary.stopped}")
        live = scratch.read_all()
    merged = merge_layers([factset, *live])
    return replace(merged, repos=factset.repos), summary
