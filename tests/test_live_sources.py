"""Live adapters against a local HTTP server (loopback only) speaking the real schemas."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from canirequire.app.refresh import plan, run_refresh
from canirequire.model import Channel, FactSet, PackageFact
from canirequire.store.cache import ResponseCache
from canirequire.store.catalog import repology_rules
from canirequire.store.refreshed import RefreshedData
from canirequire.policy.project import parse_project
from canirequire.sources import repology
from canirequire.sources.errors import SourceFormatError
from canirequire.sources.http import Blocked, FetchError, OfflineError, PoliteClient, RateLimiter

RUST = [
    {"repo": "debian_12", "subrepo": "bookworm/main", "srcname": "rustc", "binname": "rustc",
     "visiblename": "rustc", "version": "1.63.0", "origversion": "1.63.0+dfsg1-2", "status": "legacy",
     "summary": "Rust systems programming language", "maintainers": ["pkg-rust-maintainers@alioth.debian.org"],
     "licenses": ["Apache-2.0", "MIT"], "categories": ["rust"]},
    {"repo": "debian_12", "subrepo": "bookworm-security/main", "srcname": "rustc-web", "binname": "rustc-web",
     "visiblename": "rustc-web", "version": "1.96.0", "origversion": "1.96.0+dfsg1-1~deb12u2", "status": "outdated",
     "brand_new_field": {"ignored": True}},
    {"repo": "debian_12_backports", "subrepo": "bookworm-backports/main", "srcname": "rustc", "binname": "rustc",
     "visiblename": "rustc", "version": "1.97.0", "origversion": None, "status": "outdated"},
    {"repo": "ubuntu_22_04", "subrepo": "jammy-updates/universe", "srcname": "rustc-1.77", "binname": "rustc-1.77",
     "visiblename": "rustc-1.77", "version": "1.77.2", "origversion": "1.77.2+dfsg0ubuntu0.22.04.1",
     "status": "legacy"},
    {"repo": "freebsd", "srcname": "lang/rust", "binname": "rust", "visiblename": "lang/rust",
     "version": "1.98.0", "origversion": "1.98.0_1", "status": "newest"},
    {"repo": "msys2_clangarm64", "subrepo": "clang64", "srcname": "mingw-w64-rust",
     "binname": "mingw-w64-clang-aarch64-rust", "visiblename": "mingw-w64-rust", "version": "1.98.0",
     "origversion": "1.98.0-1", "status": "newest"},
    {"repo": "some_new_repo", "srcname": "rust", "visiblename": "rust", "version": "1.98.0", "origversion": None,
     "status": "newest"},
    {"repo": "debian_12", "srcname": "rustc-mozilla", "binname": "rustc-mozilla", "visiblename": "rustc-mozilla",
     "version": "1.99.0", "origversion": None, "status": "newest"},
]
ENDOFLIFE = {
    "schema_version": "1.2.1", "generated_at": "2026-11-25T00:00:00+00:00",
    "last_modified": "2026-11-24T00:00:00+00:00",
    "result": {"name": "debian", "label": "Debian", "releases": [
        {"name": "14", "codename": "Forky", "releaseDate": "2027-06-01", "isLts": False, "isEol": False,
         "eolFrom": "2030-06-01", "isMaintained": True, "latest": None},
        {"name": "13", "codename": "Trixie", "releaseDate": "2025-08-09", "isLts": False, "isEol": False,
         "eolFrom": "2028-08-09", "isEoes": False, "eoesFrom": "2030-06-30", "isMaintained": True,
         "latest": {"name": "13.6", "date": "2026-07-11", "link": None}},
    ]},
}
CATALOG = repology.build_catalog(
    [{"name": n} for n in ("debian_12", "debian_12_backports", "ubuntu_22_04", "freebsd", "msys2_clangarm64",
                           "ubuntu_26_10_proposed", "homebrew_casks")], source="test", rules=repology_rules())

PROJECT = parse_project("""
[project]
name = "live"
[[os]]
id = "debian"
rule = "newest-and-previous"
arches = ["x86_64"]
[dependencies.rust]
repology = "rust"
tier_source = "rust"
[dependencies.rust.packages]
debian = ["rustc", "rustc-web"]
ubuntu = ["rustc", "rustc-1.*"]
freebsd = ["lang/rust", "rust"]
msys2 = ["mingw-w64-rust"]
[dependencies.glib]
repology = "glib"
[dependencies.nothing]
repology = "no-such-project"
""", "live.toml")


class Server:
    """Routes: path -> list of (status, body, delay); the last entry repeats."""

    def __init__(self):
        self.routes: dict[str, list[tuple[int, bytes, float]]] = {}
        self.log: list[tuple[float, str, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.log.append((time.monotonic(), self.path, dict(self.headers)))
                entries = outer.routes.get(self.path, [(404, b"not found", 0.0)])
                status, body, delay = entries.pop(0) if len(entries) > 1 else entries[0]
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, path, *entries):
        self.routes[path] = [(s, b if isinstance(b, bytes) else json.dumps(b).encode(), d) for s, b, d in entries]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def client(tmp_path, **kw):
    kw.setdefault("min_interval", 1.0)
    kw.setdefault("backoff", 0.05)
    kw.setdefault("timeout", 5.0)
    return PoliteClient(ResponseCache(tmp_path / "cache"), offline=False, **kw)


def endpoints(server):
    return {"repology": f"{server.url}/api/v1", "endoflife": f"{server.url}/api/v1",
            "rust-raw": f"{server.url}/raw"}


def test_one_request_per_second_and_user_agent(server, tmp_path):
    for name in ("a", "b", "c", "d"):
        server.route(f"/api/v1/project/{name}", (200, RUST, 0))
    c = client(tmp_path)
    for name in ("a", "b", "c", "d"):
        c.get(f"{server.url}/api/v1/project/{name}")
    times = [t for t, _, _ in server.log]
    gaps = [b - a for a, b in zip(times, times[1:])]
    print("request spacing (s):", ", ".join(f"{g:.3f}" for g in gaps))
    assert len(gaps) == 3 and min(gaps) >= 0.95
    ua = server.log[0][2]["User-Agent"]
    assert ua.startswith("canirequire/") and "+https://" in ua


def test_rate_limiter_is_enforced_by_the_client():
    fake_now = [0.0]
    slept = []
    limiter = RateLimiter(1.0, clock=lambda: fake_now[0], sleep=lambda s: (slept.append(s), fake_now.__setitem__(0, fake_now[0] + s)))
    limiter.wait()
    fake_now[0] += 0.25
    limiter.wait()
    assert slept == [0.75]


def test_retries_on_5xx_then_succeeds_and_caches(server, tmp_path):
    server.route("/api/v1/project/rust", (500, b"oops", 0), (503, b"busy", 0), (200, RUST, 0))
    c = client(tmp_path)
    resp = c.get(f"{server.url}/api/v1/project/rust")
    assert not resp.from_cache and len(server.log) == 3
    gaps = [b - a for (a, _, _), (b, _, _) in zip(server.log, server.log[1:])]
    assert min(gaps) >= 0.95  # retries respect the limit too
    again = c.get(f"{server.url}/api/v1/project/rust")
    assert again.from_cache and len(server.log) == 3  # fresh cache: no request


def test_blocked_stops_cleanly(server, tmp_path):
    server.route("/api/v1/project/rust", (429, b"slow down", 0))
    with pytest.raises(Blocked, match="HTTP 429"):
        client(tmp_path).get(f"{server.url}/api/v1/project/rust")
    assert len(server.log) == 1  # no retry hammering


def test_stale_cache_on_failure_and_offline(server, tmp_path, monkeypatch):
    url = f"{server.url}/api/v1/project/rust"
    server.route("/api/v1/project/rust", (200, RUST, 0), (500, b"down", 0))
    c = client(tmp_path, retries=1, max_age=dt.timedelta(0))
    c.get(url)
    stale = c.get(url)
    assert stale.stale and json.loads(stale.body) == RUST
    before = len(server.log)
    off = PoliteClient(ResponseCache(tmp_path / "cache"), offline=True, max_age=dt.timedelta(0))
    assert off.get(url).stale and len(server.log) == before
    with pytest.raises(OfflineError):
        off.get(f"{server.url}/never-fetched")
    monkeypatch.setenv("CANIREQUIRE_OFFLINE", "1")
    assert PoliteClient(ResponseCache(tmp_path / "cache")).offline


def test_repology_parser_maps_repos_channels_and_alternates():
    packages = repology.parse_project(json.dumps(RUST).encode(), project="rust")
    catalog = {e.repology: e for e in CATALOG}
    facts, unmapped = repology.to_facts(packages, dependency="rust", project="rust", catalog=catalog,
                                        fetched=dt.date(2026, 11, 26))
    by = {(f.repo, f.package): f for f in facts if f.channel != "backports"}
    assert by[("debian,12", "rustc")].channel == "main"
    assert by[("debian,12", "rustc-web")].channel == "alternate"  # bookworm-security, non-default name
    assert by[("debian,12", "rustc")].orig_version == "1.63.0+dfsg1-2"
    assert by[("debian,12", "rustc")].version == "1.63.0"
    assert by[("ubuntu,22.04", "rustc-1.77")].channel == "alternate"
    assert [f for f in facts if f.os == "debian" and f.version == "1.97.0"][0].channel == "backports"
    assert by[("freebsd,rolling", "rust")].as_of == dt.date(2026, 11, 26)
    assert by[("msys2,rolling", "mingw-w64-clang-aarch64-rust")].arches == ("aarch64",)
    assert unmapped == {"some_new_repo"}
    assert "ubuntu_26_10_proposed" not in catalog and "homebrew_casks" not in catalog


def test_repology_empty_list_is_unknown_project_not_unpackaged():
    with pytest.raises(repology.UnknownProject, match="knows no project"):
        repology.parse_project(b"[]", project="no-such-project")
    with pytest.raises(SourceFormatError, match="not JSON"):
        repology.parse_project(b"[{", project="x")
    with pytest.raises(SourceFormatError, match="mandatory"):
        repology.parse_project(b'[{"repo": "debian_12"}]', project="x")
    with pytest.raises(SourceFormatError, match="JSON array"):
        repology.parse_project(b'{"rust": []}', project="x")


def test_shared_examples_parse(shared_data):
    for name in ("test-api-v1-project-full.json", "test-api-v1-project-minimal.json",
                 "test-api-v1-project-vulnerable.json", "test-api-v1-project-kiconvtool.json"):
        packages = repology.parse_project((shared_data / "repology-api" / name).read_bytes(), project=name)
        assert packages and all(p.repo for p in packages)
    with pytest.raises(repology.UnknownProject):
        repology.parse_project((shared_data / "repology-api/test-api-v1-project-nonexistent.json").read_bytes(),
                               project="nonexistent")


def test_catalog_from_real_repo_list(shared_data):
    rendered = json.loads((shared_data / "repology-repos/rendered-summary.json").read_text())
    catalog = {e.repology: e for e in repology.build_catalog(rendered, source="t", rules=repology_rules())}
    assert (catalog["debian_12"].os, catalog["debian_12"].release) == ("debian", "12")
    assert catalog["debian_12_backports"].channel == "backports"
    assert (catalog["ubuntu_24_04"].os, catalog["ubuntu_24_04"].release) == ("ubuntu", "24.04")
    assert (catalog["opensuse_leap_15_6"].release, catalog["pkgsrc_2026_1"].release) == ("15.6", "2026Q1")
    assert catalog["centos_stream_9"].os == "centos-stream" and catalog["freebsd"].release == "rolling"
    assert "debian_experimental" not in catalog


def _full_routes(server):
    server.route("/api/v1/products/debian", (200, ENDOFLIFE, 0))
    server.route("/api/v1/project/rust", (200, RUST, 0))
    server.route("/api/v1/project/glib", (200, [{"repo": "debian_12", "srcname": "glib2.0",
                                                 "binname": "libglib2.0-dev", "visiblename": "glib2.0",
                                                 "version": "2.74.6", "origversion": "2.74.6-2+deb12u9",
                                                 "status": "outdated"}], 0))
    server.route("/api/v1/project/no-such-project", (200, [], 0))


def test_refresh_end_to_end_commits_each_source(server, tmp_path):
    _full_routes(server)
    store = RefreshedData(tmp_path / "refreshed")
    jobs = plan(PROJECT, ("endoflife", "repology"), (), (), distro_info_dir=tmp_path / "none")
    summary = run_refresh(PROJECT, catalog=CATALOG, client=client(tmp_path, min_interval=0.2), refreshed=store,
                          jobs=jobs, endpoints=endpoints(server))
    status = {o.key: o.status for o in summary.outcomes}
    assert status == {"endoflife-debian": "updated", "repology-rust": "updated", "repology-glib": "updated",
                      "repology-nothing": "failed"}
    failed = next(o for o in summary.outcomes if o.key == "repology-nothing")
    assert "knows no project" in failed.detail
    assert set(store.source_keys()) == {"endoflife-debian", "repology-rust", "repology-glib"}
    rust = store.read_source("repology-rust")
    assert {p.package for p in rust.packages} >= {"rustc", "rustc-web", "rustc-1.77"}
    assert "rustc-mozilla" not in {p.package for p in rust.packages}  # not a package the project uses
    assert any("new: debian,12 rustc-web 1.96.0" in c for o in summary.outcomes for c in o.changes)


def test_failure_mid_run_keeps_store_and_next_run_resumes(server, tmp_path):
    _full_routes(server)
    server.route("/api/v1/project/glib", (200, b"", 3.0))  # hangs past the timeout
    store = RefreshedData(tmp_path / "refreshed")
    jobs = plan(PROJECT, ("endoflife", "repology"), ("rust", "glib"), (), distro_info_dir=tmp_path / "none")
    first = run_refresh(PROJECT, catalog=CATALOG, client=client(tmp_path, min_interval=0.2, timeout=0.5, retries=1),
                        refreshed=store, jobs=jobs, endpoints=endpoints(server))
    assert {o.key: o.status for o in first.outcomes}["repology-glib"] == "failed"
    assert set(store.source_keys()) == {"endoflife-debian", "repology-rust"}
    # no temporary or half-retired folders; only the newest few generations are kept
    assert not list((tmp_path / "refreshed").glob(".*")) and 1 <= len(list((tmp_path / "refreshed").glob("gen-*"))) <= 4
    _full_routes(server)  # the server recovers
    before = len(server.log)
    second = run_refresh(PROJECT, catalog=CATALOG, client=client(tmp_path, min_interval=0.2), refreshed=store,
                         jobs=jobs, endpoints=endpoints(server))
    assert {o.key: o.status for o in second.outcomes} == {
        "endoflife-debian": "cached", "repology-rust": "cached", "repology-glib": "updated"}
    assert [p for _, p, _ in server.log[before:]] == ["/api/v1/project/glib"]  # resumed from the cache


def test_blocked_stops_the_run_and_keeps_earlier_sources(server, tmp_path):
    _full_routes(server)
    server.route("/api/v1/project/rust", (403, b"blocked", 0))
    store = RefreshedData(tmp_path / "refreshed")
    jobs = plan(PROJECT, ("endoflife", "repology"), (), (), distro_info_dir=tmp_path / "none")
    summary = run_refresh(PROJECT, catalog=CATALOG, client=client(tmp_path, min_interval=0.2), refreshed=store,
                          jobs=jobs, endpoints=endpoints(server))
    assert summary.stopped and "HTTP 403" in summary.stopped
    assert [o.key for o in summary.outcomes] == ["endoflife-debian", "repology-rust"]  # glib never asked
    assert store.source_keys() == ["endoflife-debian"]


def test_corrupt_json_is_a_clear_error_and_not_cached(server, tmp_path):
    server.route("/api/v1/products/debian", (200, b'{"result": {"releases": [', 0))
    store = RefreshedData(tmp_path / "refreshed")
    jobs = plan(PROJECT, ("endoflife",), (), (), distro_info_dir=tmp_path / "none")
    c = client(tmp_path, min_interval=0.2)
    summary = run_refresh(PROJECT, catalog=CATALOG, client=c, refreshed=store, jobs=jobs, endpoints=endpoints(server))
    assert summary.outcomes[0].status == "failed" and "not JSON" in summary.outcomes[0].detail
    assert c.cached(f"{server.url}/api/v1/products/debian") is None
    assert store.source_keys() == []


def test_rust_tiers_per_release(server, tmp_path, shared_data):
    text = (shared_data / "rust/platform-support.md").read_bytes()
    server.route("/raw/master/src/doc/rustc/src/platform-support.md", (200, text, 0))
    server.route("/raw/1.77.0/src/doc/rustc/src/platform-support.md", (200, text, 0))
    store = RefreshedData(tmp_path / "refreshed")
    jobs = plan(PROJECT, ("rust-tiers",), (), ("1.77.0",), distro_info_dir=tmp_path / "none")
    summary = run_refresh(PROJECT, catalog=CATALOG, client=client(tmp_path, min_interval=0.2), refreshed=store,
                          jobs=jobs, endpoints=endpoints(server))
    assert [o.status for o in summary.outcomes] == ["updated", "updated"]
    tiers = store.read_source("rust-tiers-1.77.0").tiers
    assert tiers and all(t.tag == "1.77.0" for t in tiers)


def test_commit_failure_leaves_previous_generation(tmp_path, monkeypatch):
    store = RefreshedData(tmp_path / "r")
    fact = PackageFact("debian", "12", "rust", "rustc", "1.63.0", Channel.MAIN, "s", as_of=dt.date(2026, 1, 1))
    store.commit("a", FactSet(packages=(fact,)))
    import canirequire.store.refreshed as mod

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(mod, "write_snapshot", boom)
    with pytest.raises(OSError):
        store.commit("b", FactSet(packages=(fact,)))
    assert store.source_keys() == ["a"] and len(list((tmp_path / "r").glob("gen-*"))) == 1


def test_precedence_user_over_refreshed_over_embedded(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from canirequire.cli import main
    from canirequire.store.paths import refreshed_data_dir

    monkeypatch.setenv("CANIREQUIRE_DATA_DIR", str(tmp_path / "data"))
    refreshed = PackageFact("debian", "12", "rust", "rustc-web", "1.85.0", Channel.ALTERNATE,
                            "Repology debian_12 project rust", as_of=dt.date(2025, 5, 1), arches=("mips64el",),
                            valid_from=dt.date(2025, 5, 1))
    RefreshedData(refreshed_data_dir()).commit("repology-rust", FactSet(packages=(refreshed,)))
    run = CliRunner().invoke(main, ["explain", "debian-12/mips64el", "--deps", "rust", "--on", "2025-05-06",
                                    "--format", "json"])
    data = json.loads(run.output)
    v = data["verdicts"][0]
    assert v["version"] == "1.85.0" and "refreshed" in v["flags"]
    assert any(c["note"].startswith("overridden by refreshed") and c["version"] == "1.70.0" for c in v["considered"])
    user = tmp_path / "u.csv"
    user.write_text("distro,release,package_upstream,package_name,version,channel,as_of_date,source,arch,valid_from\n"
                    "debian,12,rust,rustc-web,1.80.0,alternate,2025-05-01,my mirror,mips64el,2025-05-01\n")
    run = CliRunner().invoke(main, ["explain", "debian-12/mips64el", "--deps", "rust", "--on", "2025-05-06",
                                    "--facts", str(user), "--format", "json"])
    v = json.loads(run.output)["verdicts"][0]
    assert v["version"] == "1.80.0" and "user-fact" in v["flags"]
    assert any(c["note"].startswith("overridden by user") and c["version"] == "1.85.0" for c in v["considered"])
    run = CliRunner().invoke(main, ["sources", "--on", "2026-11-26", "--format", "json"])
    items = {i["id"]: i for i in json.loads(run.output)["items"]}
    assert items["endoflife:debian"]["stale"] is True and items["endoflife:debian"]["age_days"] > 30


def test_unreachable_host_is_not_retried_for_every_source(tmp_path):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here: connections are refused at once
    c = client(tmp_path, min_interval=0.05, retries=1)
    with pytest.raises(FetchError, match="failed after 2 attempts"):
        c.get(f"http://127.0.0.1:{port}/api/v1/project/a")
    before = c.requests_made
    with pytest.raises(FetchError, match="could not be reached earlier"):
        c.get(f"http://127.0.0.1:{port}/api/v1/project/b")
    assert c.requests_made == before


def test_corrupt_refreshed_data_is_a_clear_error(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from canirequire.cli import main
    from canirequire.store.paths import refreshed_data_dir

    monkeypatch.setenv("CANIREQUIRE_DATA_DIR", str(tmp_path / "data"))
    store = RefreshedData(refreshed_data_dir())
    store.commit("x", FactSet(packages=(PackageFact("debian", "12", "rust", "rustc", "1.63.0", Channel.MAIN, "s",
                                                    as_of=dt.date(2026, 1, 1)),)))
    packages = store.current_generation() / "x" / "packages.csv"
    packages.write_text(packages.read_text().replace("2026-01-01", "2026-99-01"))
    r = CliRunner().invoke(main, ["check", "rust", "1.0"])
    assert r.exit_code == 2 and "packages.csv:2" in r.output and "--embedded-only" in r.output
    r = CliRunner().invoke(main, ["check", "rust", "1.0", "--embedded-only", "--on", "2025-05-06"])
    assert r.exit_code in (0, 1)


# -- proven on real answers (issue 20) -------------------------------------------------------------

def test_repology_real_answer_status_and_origversion():
    """A real Repology answer: distrusted versions (an `ignored` snapshot) never become facts;
    `outdated`/`newest`/`rolling` entries do, with `origversion` kept as the distro's version."""
    from pathlib import Path

    from canirequire.model import RepoEntry
    from canirequire.sources import repology

    body = (Path(__file__).resolve().parent / "fixtures" / "real" / "repology-gcc-cut.json").read_bytes()
    packages = repology.parse_project(body, project="gcc")
    assert {p.status for p in packages} == {"outdated", "ignored", "newest", "rolling"}
    catalog = {
        "debian_stable": RepoEntry("debian_stable", "debian", "12", Channel.MAIN),
        "ubuntu_18_04": RepoEntry("ubuntu_18_04", "ubuntu", "18.04", Channel.MAIN),
        "openpkg_current": RepoEntry("openpkg_current", "openpkg", "rolling", Channel.MAIN),
        "arch": RepoEntry("arch", "arch", "rolling", Channel.MAIN),
    }
    facts, unmapped = repology.to_facts(packages, dependency="gcc", project="gcc", catalog=catalog,
                                        fetched=dt.date(2020, 6, 10))
    assert not any(f.os == "openpkg" for f in facts)  # 11s20200607 would have read as "version 11"
    assert [p.version for p in repology.distrusted(packages)] == ["11s20200607"]
    bionic = sorted((f.channel.value, f.orig_version) for f in facts if f.os == "ubuntu")
    assert bionic == [("main", "1.176ubuntu2"), ("updates", "1.176ubuntu2.3")]
    arch = next(f for f in facts if f.os == "arch")
    assert arch.version == "10.1.0" and arch.orig_version == "10.1.0-2"
    assert "debian_unstable" in unmapped and "aur" in unmapped


def test_launchpad_deleted_publication_ends_when_deleted_not_when_removed():
    """Launchpad sets date_superseded at deletion; date_removed comes weeks later (file cleanup)."""
    import json

    from canirequire.sources import launchpad

    entry = {"source_package_name": "rustc-1.80", "source_package_version": "1.80.1+dfsg0ubuntu1-0ubuntu1~24.04",
             "distro_series_link": "https://api.launchpad.net/1.0/ubuntu/noble", "pocket": "Updates",
             "status": "Deleted", "date_published": "2025-03-01T12:00:00.123456+00:00",
             "date_superseded": "2025-03-10T08:00:00.000000+00:00",
             "date_removed": "2025-04-01T02:11:00.000000+00:00", "removal_comment": "superseded by a rebuild"}
    pubs, _ = launchpad.parse_page(json.dumps({"total_size": 1, "start": 0, "entries": [entry]}), "t")
    facts = launchpad.to_facts(pubs, dependency="rust", patterns=("rustc-1.*",), series_versions={"noble": "24.04"},
                               read_on=dt.date(2025, 5, 1), source_id="t")
    assert facts and facts[0].valid_to == dt.date(2025, 3, 10)


def test_launchpad_real_deleted_record_ends_at_deletion():
    from pathlib import Path

    from canirequire.sources import launchpad

    body = (Path(__file__).resolve().parent / "fixtures" / "real" / "launchpad-binarypub-deleted.json").read_bytes()
    pubs, nxt = launchpad.parse_page(body, "btfhub record")
    assert nxt is None and pubs[0].series == "xenial" and pubs[0].status == "Deleted"
    facts = launchpad.to_facts(pubs, dependency="linux", patterns=("linux",), series_versions={"xenial": "16.04"},
                               read_on=dt.date(2024, 2, 1), source_id="t")
    assert facts and facts[0].valid_to == dt.date(2023, 12, 19)  # not 2024-01-10
