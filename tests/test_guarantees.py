"""Issue 12: nothing lost, nothing invented -- one refresh at a time, readers that never answer
from part of the data, bounded network waits, and strict input (docs/guarantees.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from canirequire.cli import main
from canirequire.model import Channel, FactSet, PackageFact
from canirequire.sources.http import Blocked, FetchError, PoliteClient
from canirequire.store.cache import ResponseCache
from canirequire.store.refreshed import RefreshBusy, RefreshedData


# -- a server that misbehaves on purpose ---------------------------------------------------------------

class Faulty:
    """path -> behaviour: ("ok", body), ("status", code, headers), ("hang", seconds), ("trickle", n),
    ("drop", declared_length, sent_bytes), ("big", n_bytes)."""

    def __init__(self):
        self.routes: dict[str, tuple] = {}
        self.log: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.log.append(self.path)
                kind, *args = outer.routes.get(self.path, ("status", 404, {}))
                try:
                    if kind == "ok":
                        body = args[0]
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    elif kind == "status":
                        self.send_response(args[0])
                        for k, v in args[1].items():
                            self.send_header(k, v)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    elif kind == "hang":
                        time.sleep(args[0])
                    elif kind == "trickle":
                        self.send_response(200)
                        self.send_header("Content-Length", str(args[0]))
                        self.end_headers()
                        for _ in range(args[0]):
                            self.wfile.write(b"x")
                            self.wfile.flush()
                            time.sleep(0.3)
                    elif kind == "drop":
                        self.send_response(200)
                        self.send_header("Content-Length", str(args[0]))
                        self.end_headers()
                        self.wfile.write(b"y" * args[1])
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                    elif kind == "stall":  # headers, then silence
                        self.send_response(200)
                        self.send_header("Content-Length", "100")
                        self.end_headers()
                        self.wfile.flush()
                        time.sleep(args[0])
                    elif kind == "big":
                        self.send_response(200)
                        self.send_header("Content-Length", str(args[0]))
                        self.end_headers()
                        chunk = b"z" * 65536
                        for _ in range(args[0] // len(chunk)):
                            self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def faulty():
    server = Faulty()
    yield server
    server.close()


def client(tmp_path, **kw):
    kw.setdefault("min_interval", 0.0)
    kw.setdefault("backoff", 0.01)
    kw.setdefault("timeout", 1.0)
    return PoliteClient(ResponseCache(tmp_path / "cache"), offline=False, **kw)


# -- network faults -------------------------------------------------------------------------------------

def test_a_failed_update_is_stale_not_success(faulty, tmp_path):
    from canirequire.app.refresh import plan, run_refresh
    from canirequire.policy.project import parse_project
    from canirequire.store.catalog import repology_rules
    from canirequire.sources import repology

    project = parse_project('[project]\nname = "p"\n[dependencies.rust]\n', "p.toml")
    catalog = repology.build_catalog([{"name": "debian_12"}], source="t", rules=repology_rules())
    listing = json.dumps([{"repo": "debian_12", "srcname": "rustc", "binname": "rustc", "version": "1.63.0"}])
    faulty.routes["/api/v1/project/rust"] = ("ok", listing.encode())
    store = RefreshedData(tmp_path / "refreshed")
    jobs = plan(project, ("repology",), (), ())
    first = run_refresh(project, catalog=catalog, client=client(tmp_path), refreshed=store, jobs=jobs,
                        endpoints={"repology": f"{faulty.url}/api/v1"})
    assert first.ok
    for behaviour in (("status", 500, {}), ("hang", 3), ("drop", 1000, 10)):
        faulty.routes["/api/v1/project/rust"] = behaviour
        again = run_refresh(project, catalog=catalog, client=client(tmp_path, max_age=dt.timedelta(0), retries=1),
                            refreshed=store, jobs=jobs, endpoints={"repology": f"{faulty.url}/api/v1"})
        (outcome,) = again.outcomes
        assert outcome.status == "stale" and outcome.detail.startswith("stale: update failed"), behaviour
        assert not again.ok  # exit 1
        assert store.read_source("repology-rust").packages  # the cached answer is still used


def test_a_timeout_marks_the_host_unreachable_for_the_run(faulty, tmp_path):
    faulty.routes["/slow"] = ("hang", 3)
    faulty.routes["/other"] = ("ok", b"{}")
    c = client(tmp_path, retries=3)
    started = time.monotonic()
    with pytest.raises(FetchError, match="not asked again"):
        c.get(f"{faulty.url}/slow")
    with pytest.raises(FetchError, match="could not be reached earlier"):
        c.get(f"{faulty.url}/other")
    assert faulty.log.count("/slow") == 1 and "/other" not in faulty.log
    assert time.monotonic() - started < 5  # one timeout, not four attempts and back-off


def test_a_trickling_response_hits_the_total_deadline(faulty, tmp_path):
    faulty.routes["/drip"] = ("trickle", 40)
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than"):
        client(tmp_path, deadline=1.0, retries=0).get(f"{faulty.url}/drip")
    assert time.monotonic() - started < 4


def test_a_stall_after_the_headers_retires_the_host(faulty, tmp_path):
    faulty.routes["/stall"] = ("stall", 4)
    faulty.routes["/next"] = ("ok", b"{}")
    c = client(tmp_path, retries=3)
    started = time.monotonic()
    with pytest.raises(FetchError, match="stalled .* not asked again"):
        c.get(f"{faulty.url}/stall")
    with pytest.raises(FetchError, match="could not be reached earlier"):
        c.get(f"{faulty.url}/next")
    assert faulty.log.count("/stall") == 1 and time.monotonic() - started < 4


def test_a_drip_retires_the_host_for_the_rest_of_the_run(faulty, tmp_path):
    faulty.routes["/drip"] = ("trickle", 40)
    faulty.routes["/next"] = ("ok", b"{}")
    c = client(tmp_path, deadline=1.0, retries=2)
    with pytest.raises(FetchError, match="not asked again"):
        c.get(f"{faulty.url}/drip")
    with pytest.raises(FetchError, match="could not be reached earlier"):
        c.get(f"{faulty.url}/next")
    assert faulty.log.count("/drip") == 1


def test_an_answer_that_would_empty_a_source_is_held_as_stale(faulty, tmp_path):
    from canirequire.app.refresh import plan, run_refresh
    from canirequire.policy.project import parse_project

    project = parse_project('[project]\nname = "p"\n[[os]]\nid = "debian"\nrule = "until-eol"\n', "p.toml")
    good = json.dumps({"schema_version": "1.0.0", "result": {"name": "debian", "releases": [
        {"name": "12", "releaseDate": "2023-06-10", "isEol": False, "eolFrom": "2026-06-10"},
        {"name": "13", "releaseDate": "2025-08-09", "isEol": False, "eolFrom": None}]}})
    empty = json.dumps({"schema_version": "1.0.0", "result": {"name": "debian", "releases": []}})
    store = RefreshedData(tmp_path / "refreshed")
    jobs = [j for j in plan(project, ("endoflife",), (), ()) if j.arg == "debian"]
    faulty.routes["/eol/products/debian"] = ("ok", good.encode())
    endpoints = {"endoflife": f"{faulty.url}/eol"}
    first = run_refresh(project, catalog=[], client=client(tmp_path), refreshed=store, jobs=jobs, endpoints=endpoints)
    assert first.ok and len(store.read_source(jobs[0].key).lifecycles) == 2
    faulty.routes["/eol/products/debian"] = ("ok", empty.encode())
    again = run_refresh(project, catalog=[], client=client(tmp_path, max_age=dt.timedelta(0)), refreshed=store,
                        jobs=jobs, endpoints=endpoints)
    (outcome,) = again.outcomes
    assert outcome.status == "stale" and "shrink" in outcome.detail and not again.ok
    assert len(store.read_source(jobs[0].key).lifecycles) == 2  # the old data stays
    forced = run_refresh(project, catalog=[], client=client(tmp_path, max_age=dt.timedelta(0)), refreshed=store,
                         jobs=jobs, endpoints=endpoints, accept_shrink=True)
    assert forced.outcomes[0].status in ("updated", "cached")


def test_refresh_has_a_default_deadline_and_validates_rust_tags():
    out = run("refresh", "--help")
    assert "1800" in out.output and "stalls or drips" in out.output
    out = run("refresh", "--rust-versions", "../../x", "--offline")
    assert out.exit_code == 2 and "release tags" in out.output


def test_a_huge_response_is_not_read_into_memory(faulty, tmp_path):
    faulty.routes["/big"] = ("big", 8 * 1024 * 1024)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        client(tmp_path, max_bytes=1024 * 1024, retries=0).get(f"{faulty.url}/big")


def test_retry_after_is_honoured_and_bounded(faulty, tmp_path):
    faulty.routes["/busy"] = ("status", 429, {"Retry-After": "1"})
    waits = []
    c = client(tmp_path, retries=1, on_wait=waits.append)
    started = time.monotonic()
    with pytest.raises(FetchError, match="retry after 1 s"):
        c.get(f"{faulty.url}/busy")
    assert time.monotonic() - started >= 1.0 and 1.0 in waits
    faulty.routes["/later"] = ("status", 503, {"Retry-After": "3600"})
    with pytest.raises(Blocked, match="asks to wait 3600 s"):
        client(tmp_path, retries=1).get(f"{faulty.url}/later")


def test_garbage_from_one_source_fails_that_source_alone(faulty, tmp_path):
    from canirequire.app.refresh import plan, run_refresh
    from canirequire.policy.project import parse_project

    project = parse_project('[project]\nname = "p"\n[dependencies.rust]\ntier_source = "rust"\n', "p.toml")
    faulty.routes["/raw/master/src/doc/rustc/src/platform-support.md"] = ("ok", b"\xff\xfe\x00garbage\xc3")
    faulty.routes["/raw/1.77.0/src/doc/rustc/src/platform-support.md"] = ("ok", (
        "## Tier 1 with Host Tools\n\ntarget | notes\n-------|------\n`x86_64-unknown-linux-gnu` | 64-bit Linux\n"
    ).encode())
    store = RefreshedData(tmp_path / "refreshed")
    jobs = plan(project, ("rust-tiers",), (), ("1.77.0",))
    summary = run_refresh(project, catalog=[], client=client(tmp_path), refreshed=store, jobs=jobs,
                          endpoints={"rust-raw": f"{faulty.url}/raw"})
    status = {o.key: o.status for o in summary.outcomes}
    assert status == {"rust-tiers-master": "failed", "rust-tiers-1.77.0": "updated"}


@pytest.mark.parametrize("meta", ['{"url": 5, "fetched_at": [1], "sha256": null}', "not json", "[]", "null",
                                  '{"fetched_at": "yesterday", "sha256": "0"}'])
def test_a_corrupt_cache_entry_is_a_miss(tmp_path, meta):
    cache = ResponseCache(tmp_path)
    cache.put("https://example.org/x", b"body", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    (meta_path,) = tmp_path.glob("*.meta.json")
    meta_path.write_text(meta)
    assert cache.get("https://example.org/x") is None


# -- one refresh at a time, whole generations ---------------------------------------------------------

def test_a_second_refresh_waits_or_gives_up_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("CANIREQUIRE_DATA_DIR", str(tmp_path))
    store = RefreshedData(tmp_path / "refreshed")
    with store.lock():
        with pytest.raises(RefreshBusy):
            with RefreshedData(tmp_path / "refreshed").lock(wait=False):
                pass
        out = CliRunner().invoke(main, ["refresh", "--offline", "--only", "distro-info", "--no-wait"])
        assert out.exit_code == 1 and "another refresh is running" in out.output


def test_readers_never_answer_from_a_retired_generation(tmp_path):
    fact = PackageFact("debian", "12", "rust", "rustc", "1.63.0", Channel.MAIN, "s", as_of=dt.date(2026, 1, 1))
    store = RefreshedData(tmp_path / "r")
    for key in "abcde":
        store.commit(key, FactSet(packages=(fact,)))
    stop = threading.Event()

    def churn():
        while not stop.is_set():
            store.commit("a", FactSet(packages=(fact,)))

    writer = threading.Thread(target=churn)
    writer.start()
    try:
        for _ in range(200):
            parts = RefreshedData(tmp_path / "r").read_all()
            assert len(parts) == 5 and all(p.packages for p in parts)  # whole, or an error: never partial
    finally:
        stop.set()
        writer.join()
    assert len(list((tmp_path / "r").glob("gen-*"))) <= 4


ROUNDS = int(os.environ.get("CANIREQUIRE_STRESS_ROUNDS", "2"))


@pytest.mark.stress
def test_concurrent_refreshes_and_checks_lose_nothing(tmp_path):
    """3 refreshes and 20 checks at once, ROUNDS times (CI: 2; CANIREQUIRE_STRESS_ROUNDS=50 for the full run):
    no source is lost, no answer is partial, exit codes are 0 or 1."""
    server = Faulty()
    listing = [{"repo": "debian_12", "subrepo": "bookworm/main", "srcname": "frob", "binname": "frob",
                "version": "2.0"}]
    for dep in ("frob", "blip", "zork"):
        server.routes[f"/repology/project/{dep}"] = ("ok", json.dumps(
            [{**listing[0], "srcname": dep, "binname": dep}]).encode())
    project = tmp_path / "p.toml"
    project.write_text('[project]\nname = "p"\n[[os]]\nid = "debian"\nrule = "newest-and-previous"\n'
                       'arches = ["x86_64"]\n[dependencies.frob]\n[dependencies.blip]\n[dependencies.zork]\n')
    env = {**os.environ, "CANIREQUIRE_DATA_DIR": str(tmp_path / "data"), "CANIREQUIRE_OFFLINE": "",
           "CANIREQUIRE_REPOLOGY_URL": f"{server.url}/repology", "CANIREQUIRE_TODAY": "2026-11-30"}
    cmd = [sys.executable, "-m", "canirequire"]
    try:
        first = subprocess.run(cmd + ["refresh", "--project", str(project), "--only", "repology"], env=env,
                               capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stderr
        check = cmd + ["check", "frob", "2.0", "--project", str(project), "--format", "json", "--on", "2026-11-30"]
        expected = json.loads(subprocess.run(check, env=env, capture_output=True, text=True).stdout)["platforms"]
        for _ in range(ROUNDS):
            procs = [subprocess.Popen(cmd + ["refresh", "--project", str(project), "--only", "repology",
                                             "--max-age", "0"], env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True) for _ in range(3)]
            procs += [subprocess.Popen(check, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                      for _ in range(20)]
            for p in procs:
                out, err = p.communicate(timeout=300)
                assert p.returncode in (0, 1), err
                assert "Traceback" not in err and "internal error" not in err
                if "check" in p.args:
                    assert json.loads(out)["platforms"] == expected  # never a partial answer
            keys = RefreshedData(tmp_path / "data" / "refreshed").source_keys()
            assert {"repology-frob", "repology-blip", "repology-zork"} <= set(keys)
    finally:
        server.close()


# -- strict input -----------------------------------------------------------------------------------------

def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


HEADER = "distro,release,package_upstream,package_name,version,channel,as_of_date,source\n"


def test_fact_files_are_read_strictly(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + 'debian,12,rust,"rustc,1.80,main,2025-01-01,x\ndebian,12,rust,rustc,1.81,main,2025-01-01,y\n')
    out = run("check", "rust", "1.70", "--facts", str(bad), "--embedded-only")
    assert out.exit_code == 2 and "bad.csv:" in out.output and "Traceback" not in out.output
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + (HEADER + "debian,12,rust,rustc,1.80,main,2025-01-01,x\n").encode())
    assert run("check", "rust", "1.70", "--facts", str(bom), "--embedded-only", "--on", "2025-05-06").exit_code == 0


def test_an_unknown_exception_is_an_error_with_close_matches():
    out = run("check", "rust", "1.77", "--except", "debian12/mips64el", "--embedded-only")
    assert out.exit_code == 2 and "did you mean debian-12" in out.output
    assert run("check", "rust", "1.77", "--except", "debian-12/mips64el", "--except", "alpine-3.18",
               "--except", "alpine-3.19", "--embedded-only", "--on", "2025-05-06").exit_code == 0


PROJECT = "[project]\nname = 'x'\n[[os]]\nid = 'debian'\nrule = 'newest-and-previous'\n"


@pytest.mark.parametrize("extra,message", [
    ("newest_years = -1\n", "newest_years = -1 is out of range"),
    ("newest_years = 1000000000\n", "out of range"),
    ("count = 0\n", "count = 0 is out of range"),
    ("arches = ['vax']\n", "unknown architecture 'vax'"),
    ("arches = ['x86-64', 'amd65']\n", "did you mean"),
    ("packages_from = ['{x}']\n", "must look like 'os,release'"),
    ("dates_from = 'debian'\n", "goes round in a circle"),
    ("[dependencies.rust]\n[[roadmap]]\nlabel = 'a'\ndate = 2025-01-01\n"
     "requires.rust = { level = 'mandatory', minimum = '🦀' }\n", "is not a version"),
])
def test_project_files_are_validated(tmp_path, extra, message):
    path = tmp_path / "p.toml"
    path.write_text(PROJECT + extra, encoding="utf-8")
    out = run("platforms", "--project", str(path), "--embedded-only")
    assert out.exit_code == 2 and message in out.output and "internal error" not in out.output


def test_unreadable_project_files_are_clear_errors(tmp_path):
    binary = tmp_path / "b.toml"
    binary.write_bytes(bytes(range(256)))
    assert "not a text file" in run("platforms", "--project", str(binary)).output
    deep = tmp_path / "d.toml"
    deep.write_text("[project]\nname = 'x'\na = " + "[" * 5000 + "]" * 5000 + "\n")
    out = run("platforms", "--project", str(deep))
    assert out.exit_code == 2 and "nested too deeply" in out.output


@pytest.mark.parametrize("command", [["when", "rust", "1.77"], ["report", "-o", "{tmp}/r.html"],
                                     ["plot", "-o", "{tmp}/t.svg", "--dependency", "rust", "--minimum", "1.77"]])
def test_dates_outside_the_supported_range_are_usage_errors(tmp_path, command):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    for day in ("0001-01-01", "9999-12-31"):
        out = run(*args, "--on", day, "--embedded-only")
        assert out.exit_code == 2 and "outside the supported dates" in out.output


def test_bad_numbers_and_paths_fail_before_any_work(tmp_path):
    for value in ("nan", "1e20", "-1"):
        out = run("refresh", "--offline", "--max-age", value)
        assert out.exit_code == 2, (value, out.output)
    started = time.monotonic()
    out = run("report", "-o", "/nonexistent/dir/x.html", "--embedded-only")
    assert out.exit_code == 2 and "does not exist" in out.output and time.monotonic() - started < 2


def test_piped_output_follows_columns():
    narrow = run("check", "rust", "1.77", "--embedded-only", "--on", "2025-05-06", env={"COLUMNS": "70"})
    assert max(len(line) for line in narrow.output.splitlines()) <= 70
    wide = run("check", "rust", "1.77", "--embedded-only", "--on", "2025-05-06", env={"COLUMNS": "200"})
    assert max(len(line) for line in wide.output.splitlines()) > 120


def test_the_answers_name_the_question_date_not_a_data_date():
    out = run("roadmap", "--embedded-only", "--on", "2025-05-06")
    assert "data as of 2025-05-06" not in out.output and "asked on 2025-05-06" in out.output


# -- the last silent or crashing inputs (issue 20) ------------------------------------------------------

@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_roadmap_date_outside_the_calendar_is_a_usage_error(tmp_path, day):
    project = tmp_path / "p.toml"
    project.write_text(f'[project]\nname = "p"\n[[os]]\nid = "debian"\nrule = "until-eol"\n[dependencies.rust]\n'
                       f'[[roadmap]]\nlabel = "x"\ndate = {day}\n'
                       'requires.rust = {{ level = "mandatory", minimum = "1.0" }}\n'.replace("{{", "{")
                       .replace("}}", "}"))
    out = run("roadmap", "--project", str(project), "--embedded-only")
    assert out.exit_code == 2 and "[[roadmap]]" in out.output and "outside the supported dates" in out.output


def test_a_facts_path_that_is_not_a_regular_file_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    out = run("check", "rust", "1.0", "--facts", str(fifo), "--embedded-only")
    assert out.exit_code == 2 and "not a regular file" in out.output


def test_a_typo_in_a_facts_file_or_assume_never_changes_nothing_quietly(tmp_path):
    facts = tmp_path / "f.csv"
    facts.write_text("distro,release,package_upstream,package_name,version,channel,as_of_date,source\n"
                     "debain,12,rust,rustc,1.0,main,2025-01-01,x\n")
    out = run("check", "rust", "1.0", "--facts", str(facts), "--embedded-only")
    assert out.exit_code == 2 and "did you mean debian" in out.output
    facts.write_text("distro,release,package_upstream,package_name,version,channel,as_of_date,source,arch\n"
                     "debian,12,rust,rustc,1.0,main,2025-01-01,x,mips64elx\n")
    out = run("check", "rust", "1.0", "--facts", str(facts), "--embedded-only")
    assert out.exit_code == 2 and "did you mean mips64el" in out.output
    facts.write_text("distro,release,package_upstream,package_name,version,channel,as_of_date,source\n"
                     "haiku,r1,rust,rust,1.0,main,2025-01-01,x\n")
    out = run("check", "rust", "1.0", "--facts", str(facts), "--embedded-only")
    assert out.exit_code in (0, 1) and "warning" in out.output and "haiku" in out.output
    out = run("roadmap", "--assume", "debian-12:rsut=1.0", "--embedded-only")
    assert out.exit_code == 2 and "unknown dependency 'rsut'" in out.output


def test_every_command_offers_only_the_formats_it_renders():
    out = run("report", "--format", "csv", "-o", "r.html", "--embedded-only")
    assert out.exit_code == 2 and "--format" in out.output
    out = run("when", "rust", "1.77", "--format", "csv", "--embedded-only")
    assert out.exit_code == 2 and "'csv' is not one of" in out.output


def test_a_dependency_list_may_be_comma_separated():
    out = run("schedule", "rust,glib", "--on", "2025-05-06", "--embedded-only", "--format", "json")
    assert out.exit_code == 0 and json.loads(out.output)["dependencies"] == ["rust", "glib"]


def test_hostile_strings_from_fact_files_stay_text(tmp_path):
    facts = tmp_path / "f.csv"
    facts.write_text("distro,release,package_upstream,package_name,version,channel,as_of_date,source,arch\n"
                     'debian,12,rust,rustc-evil,1.99,main,2025-01-01,"\x1b[31mred\x1b]0;title\x07 <img src=x> | '
                     '[l](http://e)",mips64el\n', encoding="utf-8")
    for fmt in ("text", "markdown"):
        out = run("explain", "debian-12/mips64el", "--deps", "rust", "--facts", str(facts), "--on",
                  "2025-05-06", "--embedded-only", "--format", fmt)
        assert out.exit_code == 0, out.output
        assert "\x1b" not in out.output and "\x07" not in out.output
        if fmt == "markdown":
            # Wherever the note lands in a table, it cannot open a tag or a link, or split the row.
            for line in out.output.splitlines():
                if "img src" in line and line.startswith("|"):
                    assert "\\<img" in line and "]\\(" in line and "\\|" in line
