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
from ..sources import debian_archive, endoflife, rust_tiers
from ..sources.errors import SourceFormatError
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


def build_from_shared(data_dir: Path, progress=None) -> FactSet:
    """Import everything canirequire understands from a shared/data-style folder."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise SourceFormatError(f"{data_dir}: no such folder")
    sources_md_path = data_dir / "SOURCES.md"
    sources_md = sources_md_path.read_text(encoding="utf-8") if sources_md_path.exists() else ""
    step = progress or (lambda _msg: None)
    sources: list[SourceInfo] = []
    lifecycles = []

    for product in EOL_PRODUCTS:
        rel = f"data/endoflife/products/{product}.md"
        path = data_dir / "endoflife" / "products" / f"{product}.md"
        if not path.exists():
            continue
        step(f"endoflife.date {product}")
        as_of = _commit_date(sources_md, rel) or _retrieved_date(sources_md, rel)[0]
        _, origin = _retrieved_date(sources_md, rel)
        source_id = f"endoflife:{product}"
        lifecycles += endoflife.parse_product_markdown(
            path.read_text(encoding="utf-8"), product, source=source_id, as_of=as_of
        )
        sources.append(
            SourceInfo(source_id, f"endoflife.date product file {product}.md", as_of, origin or str(path))
        )

    step("package-versions.csv")
    csv_path = data_dir / "package-versions.csv"
    if not csv_path.exists():
        raise SourceFormatError(f"{csv_path}: missing (is {data_dir} a shared/data folder?)")
    csv_facts = read_package_csv(csv_path.read_text(encoding="utf-8"), path="package-versions.csv")
    csv_facts = [replace(f, source_id="observations:package-versions") for f in chain_rolling_history(csv_facts)]
    retrieved, _ = _retrieved_date(sources_md, "data/package-versions.csv")
    newest = max((f.as_of for f in csv_facts if f.as_of), default=None)
    sources.append(
        SourceInfo(
            "observations:package-versions",
            "package-versions.csv: Debian apt madison, MSYS2 git history, docker-library image manifests, "
            "secondary tables (see each row's source)",
            newest,
            f"shared data package-versions.csv (retrieved {retrieved})" if retrieved else "package-versions.csv",
        )
    )

    packages = csv_facts
    arch_path = data_dir / "debian-arch-versions.csv"
    hist_path = data_dir / "debian-changelog-history.csv"
    if arch_path.exists() and hist_path.exists():
        step("Debian per-arch indices and changelog history")
        alternates = debian_archive.alternates_from(csv_facts)
        arch_facts = [replace(f, source_id="debian:arch-indices") for f in debian_archive.read_arch_versions(
            arch_path.read_text(encoding="utf-8"), "debian-arch-versions.csv", alternates
        )]
        history = [replace(f, source_id="debian:changelogs") for f in debian_archive.read_changelog_history(
            hist_path.read_text(encoding="utf-8"), "debian-changelog-history.csv", alternates
        )]
        packages = debian_archive.merge_debian(csv_facts, arch_facts, history)
        sources.append(
            SourceInfo(
                "debian:arch-indices",
                "Debian archive main/binary-<arch>/Packages of 11 suites x 9 arches",
                max((f.as_of for f in arch_facts if f.as_of), default=None),
                "debian-arch-versions.csv",
            )
        )
        sources.append(
            SourceInfo(
                "debian:changelogs",
                "changelog.Debian.gz of rustc, rustc-web and bindgen (upload dates)",
                max((f.valid_from or f.as_of for f in history if (f.valid_from or f.as_of)), default=None),
                "debian-changelog-history.csv",
            )
        )

    tiers = []
    rust_dir = data_dir / "rust"
    if rust_dir.is_dir():
        step("Rust platform-support pages")
        candidates = sorted(rust_dir.glob("platform-support*.md"))
        parsed = []
        for path in candidates:
            rel = f"data/rust/{path.name}"
            retrieved, origin = _retrieved_date(sources_md, rel)
            # The page carries no date; SOURCES.md dates the two copies. "since" sorts
            # lexically in age order, which is how the engine picks the newest.
            older = "." in path.stem[len("platform-support"):]
            label = "2022" if older else "2026"
            facts = rust_tiers.parse_platform_support(
                path.read_text(encoding="utf-8"), source=f"rust:{path.name}", since=label, as_of=None
            )
            parsed.append((label, path, facts, origin, retrieved))
        # The page carries no date; which copy is newer is known from SOURCES.md.
        for label, path, facts, origin, retrieved in parsed:
            sources.append(
                SourceInfo(
                    f"rust:{path.name}",
                    f"Rust platform-support.md, {'older copy (~2022, Rust ~1.59)' if label == '2022' else 'newer copy (~2026)'}",
                    None,
                    origin or str(path),
                )
            )
            tiers += facts
        # Per-target pages can be newer than the table they link from.
        for page in sorted((rust_dir / "platform-support").glob("*.md")):
            rel = f"data/rust/platform-support/{page.name}"
            _, origin = _retrieved_date(sources_md, rel)
            overrides = rust_tiers.parse_target_page_overrides(
                page.read_text(encoding="utf-8"), source=f"rust:platform-support/{page.name}", since="2026-target-page"
            )
            if overrides:
                tiers += overrides
                sources.append(
                    SourceInfo(
                        f"rust:platform-support/{page.name}",
                        f"Rust per-target page {page.name} (newer than the main table where they differ)",
                        None,
                        origin or str(page),
                    )
                )
    repos = []
    summary = data_dir / "repology-repos" / "rendered-summary.json"
    if summary.exists():
        import json

        from ..sources.repology import build_catalog
        from ..store.catalog import repology_rules

        step("Repology repository catalog")
        rel = "data/repology-repos/rendered-summary.json"
        _, origin = _retrieved_date(sources_md, rel)
        try:
            rendered = json.loads(summary.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise SourceFormatError(f"{summary}: not JSON: {exc}") from None
        repos = build_catalog(rendered, source="repology:repos.d", rules=repology_rules())
        sources.append(SourceInfo("repology:repos.d", "Repology repository list (repos.d, rendered): repo ids -> "
                                  "OS releases", _commit_date(sources_md, "data/repology-repos/deb/debian.yaml"),
                                  origin or str(summary)))
    return FactSet(
        lifecycles=tuple(lifecycles),
        packages=tuple(packages),
        tiers=tuple(tiers),
        sources=tuple(sources),
        repos=tuple(repos),
    )


@dataclass(frozen=True)
class BuildSummary:
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
    return FactSet(merged.lifecycles, merged.packages, merged.tiers, merged.sources, factset.repos), summary
