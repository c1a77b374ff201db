"""`refresh --history`: read the public histories of package versions (data/catalog/history.csv)
for the trees a project file names per dependency, through the polite client.

Each (tree, dependency) is one source: fetched page by page (every page is
cached, so an interrupted run resumes), parsed by the tree's adapter in
sources/, and committed like any other source.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from ..model import FactSet, Lifecycle, PackageFact, SourceInfo
from ..model.catalog import HistoryTree
from ..policy.project import Project
from ..sources import bodhi, forge, launchpad
from ..sources.http import FetchError, PoliteClient, base_urls

DEFAULT_ENDPOINTS = {
    "launchpad": "https://api.launchpad.net/1.0",
    "bodhi": "https://bodhi.fedoraproject.org",
    "github": "https://api.github.com",
    "github-raw": "https://raw.githubusercontent.com",
    "gitlab": "https://gitlab.alpinelinux.org/api/v4",
}
ENV_ENDPOINTS = {
    "launchpad": "CANIREQUIRE_LAUNCHPAD_URL",
    "bodhi": "CANIREQUIRE_BODHI_URL",
    "github": "CANIREQUIRE_GITHUB_API_URL",
    "github-raw": "CANIREQUIRE_GITHUB_RAW_URL",
    "gitlab": "CANIREQUIRE_GITLAB_URL",
}
TOKEN_ENV = ("CANIREQUIRE_GITHUB_TOKEN", "GITHUB_TOKEN")
# GitHub's published REST limits (docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api).
GITHUB_LIMIT_ANONYMOUS = 60
GITHUB_LIMIT_TOKEN = 5000
FOREVER = dt.timedelta(days=36500)  # a file at a commit never changes


def history_endpoints() -> dict[str, str]:
    """The base URL of each history service (an environment variable overrides one, for tests and mirrors)."""
    return base_urls(DEFAULT_ENDPOINTS, ENV_ENDPOINTS)


def github_token() -> str:
    """A GitHub token from the environment, if one is set; it is never written anywhere."""
    return next((os.environ[n].strip() for n in TOKEN_ENV if os.environ.get(n, "").strip()), "")


# GitHub's search API has its own limit: 10 requests a minute without a token, 30 with one.
SEARCH_INTERVAL_ANONYMOUS = 6.0
SEARCH_INTERVAL_TOKEN = 2.0


def client_settings(endpoints: dict[str, str]) -> dict:
    """PoliteClient keyword arguments for the GitHub host: its budget, the token header (sent to
    that host only) and the search API's stricter spacing."""
    from urllib.parse import urlsplit

    from ..sources.http import RateLimiter

    api_host = urlsplit(endpoints["github"]).netloc
    search = f"{endpoints['github']}/search/"
    token = github_token()
    if token:
        return dict(budgets={api_host: (GITHUB_LIMIT_TOKEN, "GitHub allows an hour with a token")},
                    auth_headers={api_host: {"Authorization": f"Bearer {token}"}},
                    slower=((search, RateLimiter(SEARCH_INTERVAL_TOKEN)),))
    return dict(budgets={api_host: (GITHUB_LIMIT_ANONYMOUS, "GitHub allows an hour without a token (set "
                                    "GITHUB_TOKEN for 5000)")},
                auth_headers={}, slower=((search, RateLimiter(SEARCH_INTERVAL_ANONYMOUS)),))


@dataclass(frozen=True, slots=True)
class HistoryJob:
    """One history to read: a tree (Launchpad, Bodhi, a ports or formula git log) for one dependency."""

    tree: HistoryTree
    dependency: str
    names: tuple[str, ...]  # file paths (git trees) or source package names (Launchpad, Bodhi)

    @property
    def key(self) -> str:
        return f"history-{self.tree.tree}-{self.dependency}"

    @property
    def label(self) -> str:
        return f"{self.tree.tree} history of {self.dependency}"


def plan_history(project: Project, trees: dict[str, HistoryTree], only: tuple[str, ...], deps: tuple[str, ...]
                 ) -> list[HistoryJob]:
    """One job per dependency and history tree the project file names (``only``: these trees)."""
    from .errors import InputError

    jobs = []
    for dep in project.dependencies:
        if deps and dep.name not in deps:
            continue
        for tree_name, names in dep.history:
            tree = trees.get(tree_name)
            if tree is None:
                raise InputError(f"{project.name}: dependencies.{dep.name}.history names unknown tree {tree_name!r} "
                                 f"(known: {', '.join(sorted(trees))})")
            if tree.adapter == "bodhi" and any(set(n) & set("*?[") for n in names):
                raise InputError(f"dependencies.{dep.name}.history.bodhi: Bodhi takes exact source package "
                                 f"names, not patterns ({', '.join(names)})")
            if not only or tree_name in only:
                jobs.append(HistoryJob(tree, dep.name, names))
    return jobs


@dataclass
class _Reading:
    """What one history job fetched: the newest listing date and how many requests."""

    read_at: dt.datetime | None = None
    stale_note: str = ""

    def saw(self, resp) -> None:
        """Note a response: the reading is dated by the newest fetch, and a stale copy is remembered."""
        if self.read_at is None or resp.fetched_at > self.read_at:
            self.read_at = resp.fetched_at
        if resp.stale:
            self.stale_note = resp.note


def run_history_job(job: HistoryJob, *, client: PoliteClient, endpoints: dict[str, str],
                    lifecycles: tuple[Lifecycle, ...], since: dt.date, today: dt.date) -> tuple[FactSet, str, bool]:
    """Fetch, parse and return one history source: (facts, a detail line, served only from cache)."""
    reading = _Reading()
    source_id = f"history:{job.tree.tree}:{job.dependency}"
    adapter = job.tree.adapter
    if adapter == "launchpad":
        facts, detail = _launchpad(job, client, endpoints["launchpad"], lifecycles, reading, source_id, today)
    elif adapter == "bodhi":
        facts, detail = _bodhi(job, client, endpoints["bodhi"], since, reading, source_id, today)
    elif adapter in ("github", "gitlab"):
        facts, detail = _git_tree(job, client, endpoints, lifecycles, since, today, reading, source_id)
    else:  # pragma: no cover - the catalog loader rejects unknown adapters
        raise ValueError(adapter)
    read_on = reading.read_at.date() if reading.read_at else today
    info = SourceInfo(source_id, f"{job.label} ({job.tree.docs})", read_on,
                      endpoints.get(adapter, endpoints.get("github", "")))
    if reading.stale_note:
        detail += f" (stale cache: {reading.stale_note})"
    return FactSet(packages=tuple(facts), sources=(info,)), detail, False


def _launchpad(job, client, base, lifecycles, reading, source_id, today):
    series = {lc.codename.split()[0].lower(): lc.cycle for lc in lifecycles
              if lc.os == "ubuntu" and lc.codename}
    publications = []
    for name in launchpad.query_names(job.names):
        start = 0
        while True:
            query = urlencode({"ws.op": "getPublishedSources", "source_name": name, "exact_match": "false",
                               "ws.size": launchpad.PAGE_SIZE, "ws.start": start})
            url = f"{base}/ubuntu/+archive/primary?{query}"
            where = f"Launchpad getPublishedSources {name} (from {start})"
            resp = client.get(url, validate=lambda body, w=where: launchpad.parse_page(body, w))
            reading.saw(resp)
            page, next_link = launchpad.parse_page(resp.body, where)
            publications += page
            if not next_link or not page:
                break
            start += len(page)
    read_on = reading.read_at.date() if reading.read_at else today
    facts = launchpad.to_facts(publications, dependency=job.dependency, patterns=job.names,
                               series_versions=series, read_on=read_on, source_id=source_id)
    return facts, f"{len(facts)} versions from {len(publications)} publications"


def _bodhi(job, client, base, since, reading, source_id, today):
    builds = []
    for name in job.names:
        page, pages = 1, 1
        while page <= pages:
            query = urlencode({"packages": name, "status": "stable", "rows_per_page": bodhi.PAGE_SIZE,
                               "page": page, "submitted_since": since.isoformat()})
            url = f"{base}/updates/?{query}"
            where = f"Bodhi updates of {name} (page {page})"
            resp = client.get(url, validate=lambda body, w=where: bodhi.parse_page(body, w))
            reading.saw(resp)
            found, page_no, pages = bodhi.parse_page(resp.body, where)
            builds += found
            page = page_no + 1
    read_on = reading.read_at.date() if reading.read_at else today
    facts = bodhi.to_facts(builds, dependency=job.dependency, names=job.names, read_on=read_on, source_id=source_id)
    return facts, f"{len(facts)} versions from {len(builds)} stable builds"


def _package_name(tree: HistoryTree, path: str) -> str:
    """What the tree calls the package a file belongs to: a ports origin (lang/rust), a formula
    (rust), an aport (rust)."""
    if tree.file_kind == "makefile":
        return posixpath.dirname(path)
    if tree.file_kind == "formula":
        return posixpath.splitext(posixpath.basename(path))[0]
    return posixpath.basename(posixpath.dirname(path))


def _branches(tree: HistoryTree, lifecycles, since: dt.date, today: dt.date) -> list[tuple[str, str]]:
    """(release, ref) pairs to read: the tree's one branch, or a stable branch per release
    supported at some point since ``since``."""
    if tree.release == "rolling":
        return [("rolling", "")]
    releases = [lc for lc in lifecycles if lc.os == tree.os and lc.release_date and lc.release_date <= today
                and (lc.eol is None or lc.eol >= since)]
    return [(lc.cycle, f"{lc.cycle}-stable") for lc in sorted(releases, key=lambda lc: lc.release_date)]


def _git_tree(job, client, endpoints, lifecycles, since, today, reading, source_id):
    tree = job.tree
    facts: list[PackageFact] = []
    notes = []
    reads = 0
    for release, ref in _branches(tree, lifecycles, since, today):
        for path in job.names:
            try:
                commits = _commits(tree, client, endpoints, path, ref, since, reading)
            except FetchError as exc:
                if "HTTP 404" not in str(exc):
                    raise
                notes.append(f"{ref or 'default branch'}: not found")
                continue
            if not commits:
                continue
            package = _package_name(tree, path)

            def read_version(i: int, c=commits, p=path) -> str | None:
                nonlocal reads
                reads += 1
                resp = client.get(_file_url(tree, endpoints, p, c[i].sha), max_age=FOREVER)
                return forge.version_in_file(resp.body.decode("utf-8", "replace"), tree.file_kind)

            versions = forge.settle_versions(commits, posixpath.basename(package), read_version)
            read_on = reading.read_at.date() if reading.read_at else today
            facts += forge.history_facts(commits, versions, os_id=tree.os, release=release,
                                         dependency=job.dependency, package=package, tree=tree.tree,
                                         path=path, read_on=read_on, source_id=source_id)
    detail = f"{len(facts)} versions; file read at {reads} commits"
    if notes:
        detail += "; " + "; ".join(notes)
    return facts, detail


def _commits(tree, client, endpoints, path, ref, since, reading) -> list[forge.Commit]:
    """Every commit touching ``path`` since ``since``, oldest first (one cached request per page)."""
    out: list[forge.Commit] = []
    page = 1
    while True:
        params = {"path": path, "since": f"{since.isoformat()}T00:00:00Z", "per_page": forge.PAGE_SIZE, "page": page}
        if tree.adapter == "github":
            if ref:
                params["sha"] = ref
            url = f"{endpoints['github']}/repos/{tree.repository}/commits?{urlencode(params)}"
            parse = forge.parse_github_commits
        else:
            if ref:
                params["ref_name"] = ref
            project = quote(tree.repository, safe="")
            url = f"{endpoints['gitlab']}/projects/{project}/repository/commits?{urlencode(params)}"
            parse = forge.parse_gitlab_commits
        where = f"{tree.tree} commits of {path}{' on ' + ref if ref else ''} (page {page})"
        resp = client.get(url, validate=lambda body, w=where, p=parse: p(body, w))
        reading.saw(resp)
        found = parse(resp.body, where)
        out += found
        if len(found) < forge.PAGE_SIZE:
            break
        page += 1
    return out[::-1]  # both APIs list the newest first


def _file_url(tree: HistoryTree, endpoints: dict[str, str], path: str, sha: str) -> str:
    if tree.adapter == "github":
        return f"{endpoints['github-raw']}/{tree.repository}/{sha}/{path}"
    project = quote(tree.repository, safe="")
    return f"{endpoints['gitlab']}/projects/{project}/repository/files/{quote(path, safe='')}/raw?ref={sha}"
