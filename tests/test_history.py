"""History that accrues (issue 8): the observation log, the history adapters on fixtures in
their APIs' documented formats (tests/fixtures/history/README.md), request budgets, and two
refreshes a week apart against a local fake server."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from canirequire.model import Channel, FactSet, PackageFact, SourceInfo
from canirequire.sources import bodhi, forge, launchpad
from canirequire.sources.errors import SourceFormatError
from canirequire.store.observations import merge_reading

FIXTURES = Path(__file__).parent / "fixtures" / "history"
D = dt.date.fromisoformat


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# -- the observation log --------------------------------------------------------------------------

def pf(version, as_of, **kw):
    kw.setdefault("channel", Channel.MAIN)
    return PackageFact(os="debian", release="13", dependency="frob", package="frob", version=version,
                       source="t", as_of=D(as_of), **kw)


def test_a_version_seen_again_keeps_its_first_sighting():
    log, _ = merge_reading((), (pf("1.0", "2026-11-02"),), D("2026-11-02"), None)
    log, counts = merge_reading(log, (pf("1.0", "2026-11-09"),), D("2026-11-09"), D("2026-11-02"))
    (fact,) = log
    assert (fact.seen_from, fact.as_of, fact.absent_on, fact.valid_from) == (D("2026-11-02"), D("2026-11-09"), None,
                                                                             None)
    assert counts.new == 0


def test_a_version_that_appears_between_readings_arrived_in_between():
    log, _ = merge_reading((), (pf("1.0", "2026-11-02"),), D("2026-11-02"), None)
    log, counts = merge_reading(log, (pf("2.0", "2026-11-09"),), D("2026-11-09"), D("2026-11-02"))
    by = {f.version: f for f in log}
    assert by["2.0"].absent_on == D("2026-11-02") and by["2.0"].valid_from is None
    assert by["1.0"].valid_to == D("2026-11-09")  # the package is still listed, at another version
    assert (counts.new, counts.arrived_between, counts.replaced) == (1, 1, 1)


def test_a_first_reading_proves_no_absence():
    log, counts = merge_reading((), (pf("1.0", "2026-11-02"),), D("2026-11-02"), None)
    assert log[0].absent_on is None and counts.arrived_between == 0
    # a package the previous reading did not list at all: arrival unknown, not "in between"
    other = PackageFact(os="debian", release="13", dependency="frob", package="frob-extra", version="3.0",
                        channel=Channel.MAIN, source="t", as_of=D("2026-11-09"))
    log, counts = merge_reading(log, (pf("1.0", "2026-11-09"), other), D("2026-11-09"), D("2026-11-02"))
    assert next(f for f in log if f.package == "frob-extra").absent_on is None


def test_a_vanished_package_is_kept_as_it_was():
    log, _ = merge_reading((), (pf("1.0", "2026-11-02"),), D("2026-11-02"), None)
    log, _ = merge_reading(log, (), D("2026-11-09"), D("2026-11-02"))
    assert log[0].valid_to is None and log[0].as_of == D("2026-11-02")


# -- Launchpad ------------------------------------------------------------------------------------

SERIES = {"noble": "24.04", "jammy": "22.04"}


def test_launchpad_publications_become_arrivals_per_pocket():
    pubs, nxt = launchpad.parse_page(fixture("launchpad-rustc.json"), "fixture")
    assert nxt is None and len(pubs) == 6
    facts = launchpad.to_facts(pubs, dependency="rust", patterns=("rustc", "rustc-1.*"), series_versions=SERIES,
                               read_on=D("2026-11-30"), source_id="history:launchpad:rust")
    by = {(f.release, f.package, f.version, f.channel): f for f in facts}
    noble_177 = by[("24.04", "rustc-1.77", "1.77.2", Channel.UPDATES)]
    assert noble_177.valid_from == D("2025-01-14") and noble_177.as_of == D("2026-11-30")  # still published
    old = by[("24.04", "rustc", "1.74.1", Channel.MAIN)]
    assert old.valid_to == D("2024-03-20") and old.as_of == D("2024-01-05")
    assert ("22.04", "rustc-1.77", "1.77.2", Channel.SECURITY) in by
    assert not any(f.package == "rustc-1.80" for f in facts)  # -proposed is not for users
    assert not any(f.package == "rust-rustc-demangle" for f in facts)  # substring match, not a pattern match


def test_launchpad_queries_cover_patterns_with_fewest_substrings():
    assert launchpad.query_names(("rustc", "rustc-1.*", "rust-defaults")) == ("rustc", "rust-defaults")
    assert launchpad.query_names(("glib2.0",)) == ("glib2.0",)


def test_launchpad_format_change_is_a_clear_error():
    with pytest.raises(SourceFormatError, match="Launchpad's format"):
        launchpad.parse_page(b'{"entries": [{"name": "rustc"}]}', "Launchpad getPublishedSources rustc")
    with pytest.raises(SourceFormatError, match="entries"):
        launchpad.parse_page(b'{"results": []}', "Launchpad getPublishedSources rustc")


# -- Bodhi ----------------------------------------------------------------------------------------

def test_bodhi_stable_updates_become_arrivals():
    builds, page, pages = bodhi.parse_page(fixture("bodhi-rust.json"), "fixture")
    assert (page, pages) == (1, 1)
    assert {b.release for b in builds} == {"42"}  # EPEL is another product; testing never went stable
    facts = bodhi.to_facts(builds, dependency="rust", names=("rust",), read_on=D("2026-11-30"), source_id="b")
    by = {f.version: f for f in facts}
    assert by["1.86.0"].valid_from == D("2025-04-06") and by["1.86.0"].as_of == D("2026-11-30")
    assert by["1.85.1"].valid_from == D("2025-03-25") and by["1.85.1"].as_of == D("2025-03-25")
    assert by["1.86.0"].channel is Channel.UPDATES and by["1.86.0"].orig_version == "1.86.0-1.fc42"


def test_bodhi_format_change_is_a_clear_error():
    with pytest.raises(SourceFormatError, match="Bodhi's format"):
        bodhi.parse_page(b'{"items": []}', "Bodhi updates of rust")


# -- git trees ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,kind,version", [
    ("freebsd-rust-Makefile", "makefile", "1.86.0"),
    ("pkgsrc-rust-Makefile", "makefile", "1.86.0"),
    ("openbsd-rust-Makefile", "makefile", "1.86.0"),
    ("homebrew-rust.rb", "formula", "1.86.0"),
    ("APKBUILD-rust", "apkbuild", "1.83.0"),
])
def test_version_in_each_kind_of_package_file(name, kind, version):
    assert forge.version_in_file(fixture(name).decode(), kind) == version


def test_a_computed_version_is_not_guessed():
    assert forge.version_in_file("PORTVERSION=\t${RUST_VERSION}\n", "makefile") is None
    assert forge.version_in_file("pkgver=$_ver\n", "apkbuild") is None


@pytest.mark.parametrize("title,package,version", [
    ("lang/rust: Update to 1.86.0", "rust", "1.86.0"),
    ("community/rust: upgrade to 1.83.0", "rust", "1.83.0"),
    ("lang/rust: update to rust-1.80.1", "rust", "1.80.1"),
    ("rust 1.86.0", "rust", "1.86.0"),
    ("rust: Updated to 1.87.0.", "rust", "1.87.0"),
    ("lang/rust: fix build on powerpc64", "rust", None),
    ("rust-analyzer 2025-01-01", "rust", None),
])
def test_announced_versions(title, package, version):
    assert forge.announced_version(title, package) == version


def test_github_history_reads_the_file_only_where_needed():
    commits = forge.parse_github_commits(fixture("github-commits-rust.json"), "fixture")[::-1]
    assert [c.day for c in commits] == [D("2025-01-15"), D("2025-02-21"), D("2025-04-04"), D("2025-05-21")]
    reads = []
    content = {0: "PORTVERSION?=\t1.84.1\n", 3: fixture("freebsd-rust-Makefile").decode()}

    def read(i):
        reads.append(i)
        return forge.version_in_file(content[i], "makefile")

    versions = forge.settle_versions(commits, "rust", read)
    assert versions == ["1.84.1", "1.85.0", "1.86.0", "1.86.0"]
    assert sorted(reads) == [0, 3]  # the oldest and newest commit; the rest is announced
    facts = forge.history_facts(commits, versions, os_id="freebsd", release="rolling", dependency="rust",
                                package="lang/rust", tree="freebsd-ports", path="lang/rust/Makefile",
                                read_on=D("2026-11-30"), source_id="h")
    by = {f.version: f for f in facts}
    assert by["1.84.1"].valid_from is None and by["1.84.1"].seen_from == D("2025-01-15")  # older than the window
    assert by["1.85.0"].valid_from == D("2025-02-21")
    assert by["1.86.0"].valid_from == D("2025-04-04") and by["1.86.0"].as_of == D("2026-11-30")


def test_bisection_finds_an_unannounced_change():
    commits = [forge.Commit(f"{i:040x}", D("2025-01-01") + dt.timedelta(days=i), "tweak") for i in range(9)]
    truth = ["1.0"] * 5 + ["2.0"] * 4
    reads = []

    def read(i):
        reads.append(i)
        return truth[i]

    assert forge.settle_versions(commits, "frob", read) == truth
    assert len(reads) <= 5  # log2 of the run, not one read per commit


def test_gitlab_commits_parse():
    commits = forge.parse_gitlab_commits(fixture("gitlab-commits-rust.json"), "fixture")
    assert commits[0].title == "main/rust: rebuild against llvm19" and commits[-1].day == D("2024-10-18")
    with pytest.raises(SourceFormatError, match="format"):
        forge.parse_gitlab_commits(b'{"message": "404 Project Not Found"}', "aports commits")


# -- against a fake server ------------------------------------------------------------------------

class FakeServer:
    """Answers by a function of (path, query); logs every request with its headers."""

    def __init__(self, answer):
        self.answer = answer
        self.log: list[tuple[str, dict, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                outer.log.append((parts.path, query, dict(self.headers)))
                status, body, headers = outer.answer(parts.path, query)
                body = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _run_cli(args, env, cwd):
    full = {**os.environ, **env}
    return subprocess.run([sys.executable, "-m", "canirequire", *args], capture_output=True, text=True, env=full,
                          cwd=cwd, timeout=120)


FROB_PROJECT = """
[project]
name = "frobber"
[[os]]
id = "debian"
rule = "newest-and-previous"
arches = ["x86_64"]
[dependencies.frob]
repology = "frob"
[dependencies.frob.packages]
default = ["frob"]
[[roadmap]]
label = "2.0"
date = 2026-12-01
requires.frob = { level = "mandatory", minimum = "2.0" }
"""


def test_two_refreshes_a_week_apart_make_a_dated_transition(tmp_path):
    listing = {"version": "1.0"}

    def answer(path, query):
        if path == "/repology/project/frob":
            return 200, [{"repo": "debian_13", "subrepo": "trixie/main", "srcname": "frob", "binname": "frob",
                          "visiblename": "frob", "version": listing["version"], "status": "newest"}], {}
        return 404, b"not found", {}

    server = FakeServer(answer)
    try:
        (tmp_path / "frob.toml").write_text(FROB_PROJECT)
        env = {"CANIREQUIRE_DATA_DIR": str(tmp_path / "data"), "CANIREQUIRE_REPOLOGY_URL": f"{server.url}/repology",
               "CANIREQUIRE_OFFLINE": "", "NO_COLOR": "1"}
        first = _run_cli(["refresh", "--project", "frob.toml", "--only", "repology"],
                         {**env, "CANIREQUIRE_TODAY": "2026-11-02"}, tmp_path)
        assert first.returncode == 0, first.stderr
        listing["version"] = "2.0"
        second = _run_cli(["refresh", "--project", "frob.toml", "--only", "repology", "--format", "json"],
                          {**env, "CANIREQUIRE_TODAY": "2026-11-09"}, tmp_path)
        assert second.returncode == 0, second.stderr
        report = json.loads(second.stdout)
        assert report["kind"] == "refresh" and report["sources_read"][0]["status"] == "updated"
        moved = [c for c in report["changes"] if c["release"] == "debian-13" and c["stage"] == "2.0"]
        assert moved and (moved[0]["before"], moved[0]["after"]) == ("too-old", "ok")
        assert "arrived between 2026-11-02 and 2026-11-09" in moved[0]["sentence"]

        def check(on):
            out = _run_cli(["check", "frob", "2.0", "--project", "frob.toml", "--on", on, "--format", "json"],
                           env, tmp_path)
            data = json.loads(out.stdout)
            return next(v for v in data["platforms"] if v["release"] == "debian-13")

        assert check("2026-11-02")["status"] == "too-old"  # the first reading shows 1.0 and nothing newer
        between = check("2026-11-05")
        assert between["status"] == "unknown" and "arrived between 2026-11-02 and 2026-11-09" in between["reason"]
        assert check("2026-11-09")["status"] == "ok"
        current = (tmp_path / "data/refreshed/CURRENT").read_text().strip()
        rows = (tmp_path / "data/refreshed" / current / "repology-frob/log.csv").read_text().splitlines()
        assert rows[1].startswith("2026-11-02,") and rows[2].startswith("2026-11-09,")
    finally:
        server.close()


def _history_answer(paged_commits: int = 150):
    """A fake of every history API the qemu preset reads, in their documented formats."""
    lp = json.loads(fixture("launchpad-rustc.json"))
    gh = json.loads(fixture("github-commits-rust.json"))
    gl = json.loads(fixture("gitlab-commits-rust.json"))
    # pkgsrc's rust Makefile gets a long history, so its commit list takes two pages.
    pkgsrc = [{"sha": f"{i:040x}", "commit": {"committer": {"date": f"{dt.date(2021, 1, 1) + dt.timedelta(days=7 * i)}"
                                                             "T12:00:00Z"}, "message": f"rust: tweak {i}"}}
              for i in range(paged_commits)][::-1]
    pkgsrc_version = {c["sha"]: f"1.{50 + int(c['sha'], 16) // 20}.0" for c in pkgsrc}
    freebsd_content = {"0909090909090909090909090909090909090909": "PORTVERSION?=\t1.84.1\n",
                       "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3": fixture("freebsd-rust-Makefile").decode()}

    def answer(path, query):
        if path == "/lp/ubuntu/+archive/primary":
            if query.get("source_name") == "rustc" and query.get("ws.start") == "0":
                return 200, {**lp, "next_collection_link": "https://api.launchpad.net/1.0/next"}, {}
            return 200, {"total_size": 0, "start": int(query.get("ws.start", 0)), "entries": []}, {}
        if path == "/bodhi/updates/":
            if query.get("packages") == "rust":
                return 200, json.loads(fixture("bodhi-rust.json")), {}
            return 200, {"updates": [], "page": 1, "pages": 0, "rows_per_page": 100, "total": 0}, {}
        if path.startswith("/gh/repos/"):
            repo = path[len("/gh/repos/"):-len("/commits")]
            page, size = int(query["page"]), int(query["per_page"])
            if (repo, query["path"]) == ("freebsd/freebsd-ports", "lang/rust/Makefile"):
                items = gh
            elif (repo, query["path"]) == ("NetBSD/pkgsrc", "lang/rust/Makefile"):
                items = pkgsrc
            else:
                items = []
            return 200, items[(page - 1) * size: page * size], {"X-RateLimit-Limit": "60"}
        if path.startswith("/raw/"):
            _, _, repo_a, repo_b, sha, *rest = path.split("/")
            if sha in freebsd_content:
                return 200, freebsd_content[sha].encode(), {}
            if sha in pkgsrc_version:
                return 200, f"DISTNAME=\trustc-{pkgsrc_version[sha]}-src\n".encode(), {}
            return 404, b"not found", {}
        if path == "/gl/projects/alpine%2Faports/repository/commits":
            if query.get("ref_name") == "3.21-stable" and query["path"] == "main/rust/APKBUILD":
                return 200, gl if query["page"] == "1" else [], {}
            return 200, [], {}
        if path.startswith("/gl/projects/alpine%2Faports/repository/files/"):
            if query["ref"].startswith("c3c3"):  # the oldest commit: "upgrade to 1.82.0"
                return 200, fixture("APKBUILD-rust").replace(b"pkgver=1.83.0", b"pkgver=1.82.0"), {}
            return 200, fixture("APKBUILD-rust"), {}
        return 404, b"not found", {}

    return answer, pkgsrc_version


def _history_refresh(tmp_path, api, other, offline=False, token=""):
    from canirequire.app.refresh import plan, run_refresh
    from canirequire.app.history import client_settings
    from canirequire.app.session import Session
    from canirequire.sources.http import PoliteClient, RateLimiter
    from canirequire.store.cache import ResponseCache
    from canirequire.store.refreshed import RefreshedData

    session = Session.open("qemu", embedded_only=True)
    endpoints = {"launchpad": f"{other.url}/lp", "bodhi": f"{other.url}/bodhi", "github": f"{api.url}/gh",
                 "github-raw": f"{other.url}/raw", "gitlab": f"{other.url}/gl"}
    clock = {"now": 0.0, "starts": []}

    def sleep(seconds):
        clock["now"] += seconds

    def tick():
        return clock["now"]

    limiter = RateLimiter(1.0, clock=tick, sleep=sleep)
    original_wait = limiter.wait

    def wait(on_wait=None):
        waited = original_wait(on_wait)
        clock["starts"].append(clock["now"])
        return waited

    limiter.wait = wait
    os.environ.pop("GITHUB_TOKEN", None)
    if token:
        os.environ["CANIREQUIRE_GITHUB_TOKEN"] = token
    try:
        github = client_settings(endpoints)
    finally:
        os.environ.pop("CANIREQUIRE_GITHUB_TOKEN", None)
    client = PoliteClient(ResponseCache(tmp_path / "cache"), offline=offline, limiter=limiter,
                          budgets=github["budgets"], auth_headers=github["auth_headers"],
                          now=lambda: dt.datetime(2026, 11, 30, 12, tzinfo=dt.timezone.utc))
    jobs = plan(session.project, ("launchpad", "bodhi", "freebsd-ports", "pkgsrc", "openbsd-ports", "homebrew-core",
                                  "aports"), (), ())
    store = RefreshedData(tmp_path / "refreshed")
    summary = run_refresh(session.project, catalog=list(session.index.repos), client=client, refreshed=store,
                          jobs=jobs, endpoints=endpoints, lifecycles=tuple(session.index.lifecycles),
                          today=D("2026-11-30"))
    return summary, store, clock, client


@pytest.fixture
def history_servers():
    answer, versions = _history_answer()
    api, other = FakeServer(answer), FakeServer(answer)
    yield api, other, versions
    api.close()
    other.close()


def test_history_refresh_of_the_qemu_preset_stays_within_rate_limits(tmp_path, history_servers):
    api, other, pkgsrc_versions = history_servers
    summary, store, clock, client = _history_refresh(tmp_path, api, other)
    assert summary.ok, [(o.key, o.detail) for o in summary.outcomes if o.status != "updated"]
    github_api = len(api.log)
    print(f"requests: {client.requests_made} in all, {github_api} to the GitHub API; "
          f"GitHub reads per tree: {client.requests_by_host}")
    assert 0 < github_api <= 60  # GitHub's published limit without a token: 60 an hour
    starts = clock["starts"]
    assert len(starts) == client.requests_made
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 1.0  # one request a second, every host
    rust = {f.version: f for f in store.read_source("history-freebsd-ports-rust").packages}
    assert rust["1.85.0"].valid_from == D("2025-02-21") and rust["1.86.0"].as_of == D("2026-11-30")
    pkgsrc = store.read_source("history-pkgsrc-rust").packages
    assert len({f.version for f in pkgsrc}) == len(set(pkgsrc_versions.values()))  # both pages read
    alpine = {f.version: f for f in store.read_source("history-aports-rust").packages}
    assert alpine["1.83.0"].release == "3.21" and alpine["1.83.0"].valid_from == D("2024-11-29")
    ubuntu = {(f.release, f.package, f.version) for f in store.read_source("history-launchpad-rust").packages}
    assert ("24.04", "rustc-1.77", "1.77.2") in ubuntu
    fedora = {f.version for f in store.read_source("history-bodhi-rust").packages}
    assert fedora == {"1.85.1", "1.86.0"}
    assert all(h.get("Authorization") is None for _, _, h in api.log + other.log)  # no token, none sent

    # --offline rebuilds every history from the cache, without a request
    before = len(api.log) + len(other.log)
    again, store2, _, _ = _history_refresh(tmp_path, api, other, offline=True)
    assert again.ok and len(api.log) + len(other.log) == before
    assert store2.read_source("history-pkgsrc-rust").packages == pkgsrc


def test_a_github_token_goes_to_the_api_host_only_and_is_never_stored(tmp_path, history_servers):
    api, other, _ = history_servers
    summary, _, _, _ = _history_refresh(tmp_path, api, other, token="ghp_secret_token_for_tests")
    assert summary.ok
    assert api.log and all(h.get("Authorization") == "Bearer ghp_secret_token_for_tests" for _, _, h in api.log)
    assert all("Authorization" not in h for _, _, h in other.log)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"ghp_secret_token_for_tests" not in path.read_bytes(), path


def test_a_used_up_budget_fails_only_that_host_and_a_later_run_resumes(tmp_path, history_servers):
    from canirequire.sources.http import BudgetExhausted, PoliteClient
    from canirequire.store.cache import ResponseCache

    api, _, _ = history_servers
    client = PoliteClient(ResponseCache(tmp_path / "cache"), min_interval=0, offline=False, budgets={
        urlsplit(api.url).netloc: (2, "a test allows")})
    url = f"{api.url}/gh/repos/freebsd/freebsd-ports/commits?path=lang/rust/Makefile&per_page=100&page="
    client.get(url + "1")
    client.get(url + "2")
    with pytest.raises(BudgetExhausted, match="resumes"):
        client.get(url + "3")
    assert client.get(url + "1").from_cache  # what was fetched stays usable


# -- staleness ------------------------------------------------------------------------------------

def test_old_data_warns_configurably_and_can_be_silenced(tmp_path):
    env = {"CANIREQUIRE_DATA_DIR": str(tmp_path), "CANIREQUIRE_TODAY": "2026-11-30", "NO_COLOR": "1"}
    args = ["check", "rust", "1.85", "--project", "qemu", "--embedded-only"]
    warned = _run_cli(args, env, tmp_path)
    # At a glance: one line, the count and the oldest; --details lists every release.
    flat = " ".join(warned.stdout.split())  # the terminal wraps the line
    assert "warning: the newest data deciding" in flat and "oldest alpine-3.22, 2025-05-30" in flat
    assert "more than 90 days" in warned.stdout
    detailed = _run_cli(args + ["--details"], env, tmp_path)
    assert "alpine-3.22 (2025-05-30)" in detailed.stdout
    assert "more than 400 days" in _run_cli(args + ["--stale-after", "400"], env, tmp_path).stdout
    assert "warning:" not in _run_cli(args + ["--stale-after", "3650"], env, tmp_path).stdout
    assert "warning:" not in _run_cli(args + ["--no-stale-warning"], env, tmp_path).stdout
    assert "warning:" not in _run_cli(args, {**env, "CANIREQUIRE_NO_STALE_WARNING": "1"}, tmp_path).stdout
    assert "more than 7 days" in _run_cli(args, {**env, "CANIREQUIRE_STALE_AFTER": "7"}, tmp_path).stdout
    bad = _run_cli(args, {**env, "CANIREQUIRE_STALE_AFTER": "soon"}, tmp_path)
    assert bad.returncode == 2 and "CANIREQUIRE_STALE_AFTER" in bad.stderr and "Traceback" not in bad.stderr
    # Against the date asked about: on 2025-05-06, Alpine 3.18's newest reading is from 2023, while
    # Debian 12's data runs past that date.
    past = _run_cli(["check", "rust", "1.77", "--project", "qemu", "--embedded-only", "--on", "2025-05-06",
                     "--format", "json"], env, tmp_path)
    stale = {r["release"] for r in json.loads(past.stdout)["stale"]["releases"]}
    assert "alpine-3.20" in stale and "debian-12" not in stale


def test_a_fixed_today_is_the_default_date():
    out = _run_cli(["platforms", "--project", "qemu", "--embedded-only", "--format", "json"],
                   {"CANIREQUIRE_TODAY": "2025-05-06"}, Path.cwd())
    assert json.loads(out.stdout)["on"] == "2025-05-06"


def test_refreshed_data_written_before_the_log_keeps_working(tmp_path):
    """A generation from before the observation log (no absent_on and friends, no log.csv) loads,
    and the next reading merges into it with its date as the previous reading."""
    from canirequire.model import Origin
    from canirequire.store.refreshed import RefreshedData
    from canirequire.store.snapshot import read_snapshot
    from canirequire.app.refresh import _add_to_log

    gen = tmp_path / "refreshed" / "gen-old"
    (gen / "repology-frob").mkdir(parents=True)
    (tmp_path / "refreshed" / "CURRENT").write_text("gen-old")
    (gen / "repology-frob" / "packages.csv").write_text(
        "os,release,dependency,package,version,channel,source,as_of,orig_version,arches,valid_from,valid_to,"
        "quality,arches_checked\n"
        "debian,13,frob,frob,1.0,main,Repology debian_13,2026-10-01,1.0-1,,,,,\n")
    (gen / "repology-frob" / "sources.csv").write_text(
        "id,description,as_of,location\nrepology:frob,Repology /api/v1/project/frob,2026-10-01,https://x\n")
    store = RefreshedData(tmp_path / "refreshed")
    old = store.read_source("repology-frob")
    assert old.packages[0].version == "1.0" and old.packages[0].absent_on is None
    reading = FactSet(packages=(pf("2.0", "2026-11-09", source_id="repology:frob"),),
                      sources=(SourceInfo("repology:frob", "Repology", D("2026-11-09"), "https://x"),))
    merged, row = _add_to_log(old, reading)
    by = {f.version: f for f in merged.packages}
    assert by["2.0"].absent_on == D("2026-10-01") and by["1.0"].valid_to == D("2026-11-09")
    store.commit("repology-frob", merged, row)
    assert store.read_log("repology-frob")[0]["arrived_between"] == "1"
    back = read_snapshot(store.current_generation() / "repology-frob", Origin.REFRESHED).packages
    assert [(f.version, f.absent_on, f.valid_to) for f in back] == [(f.version, f.absent_on, f.valid_to)
                                                                    for f in merged.packages]
