"""Issue 11: lint a project's declared floors, publish a schedule, and gate CI with both."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from canirequire.cli import main
from canirequire.sources.buildfiles import BuildFileError, parse_autoconf, parse_cargo, parse_cmake, parse_meson

FIXTURES = Path(__file__).parent / "fixtures" / "lint"
ROOT = Path(__file__).parent.parent


def run(*args):
    return CliRunner().invoke(main, [*args, "--embedded-only"])


# -- parsers ------------------------------------------------------------------------------------------

def test_meson_reads_variables_lists_concatenation_and_multi_line_calls():
    text = (FIXTURES / "qemu" / "meson.build").read_text()
    found = {(d.name, d.line): d.version for d in parse_meson(text, "meson.build")}
    assert found[("meson", 3)] == "0.63.0"
    assert found[("glib-2.0", 15)] == "2.66.0"  # through glib_req_ver
    assert found[("pixman-1", 35)] == "0.21.8"
    assert found[("lttng-ust", 30)] == "2.1"
    found = parse_meson("x = dependency('a', version: ['>=' + '1.2', '<2'])\n"
                        "# dependency('commented', version: '>=9')\n"
                        "y = dependency('b', version : cond ? '>= 0' : '>= 2.30')\n", "m")
    assert [(d.name, d.version) for d in found] == [("a", "1.2"), ("b", None)]
    assert "computed" in found[1].note


def test_real_build_files_parse():
    glib = parse_meson((FIXTURES / "glib" / "meson.build").read_text(), "meson.build")
    assert {d.name: d.version for d in glib} == {"meson": "0.48.0", "libpcre": "8.31", "libffi": "3.0.0",
                                                 "mount": "2.23"}
    systemd = parse_meson((FIXTURES / "systemd" / "meson.build").read_text(), "meson.build")
    assert [(d.name, d.version, d.line) for d in systemd] == [("meson", "0.60.0", 5)]
    cargo = parse_cargo((FIXTURES / "qemu" / "rust" / "Cargo.toml").read_text(), "Cargo.toml")
    assert [(d.name, d.version, d.line) for d in cargo] == [("rust-version", "1.77.0", 19)]


def test_other_build_systems():
    ac = parse_autoconf((FIXTURES / "handmade" / "glib-2.40" / "configure.ac").read_text(), "configure.ac")
    assert [(d.name, d.version) for d in ac] == [("glib-2.0", "2.40"), ("gio-2.0", "2.40")]  # not the dnl line
    cmake = parse_cmake((FIXTURES / "handmade" / "cmake" / "CMakeLists.txt").read_text(), "CMakeLists.txt")
    assert [(d.name, d.version) for d in cmake] == [("cmake", "3.16"), ("Python3", "3.8")]  # not the comment
    assert parse_cargo('[package]\nname = "m"\nrust-version.workspace = true\n', "Cargo.toml") == []


@pytest.mark.parametrize("parser,text", [
    (parse_meson, "project('x', meson_version: '>=0.60)\n"),
    (parse_meson, "dependency('glib-2.0', version: '>=2.66'\n"),
    (parse_autoconf, "PKG_CHECK_MODULES([GLIB], [glib-2.0 >= 2.40]\n"),
    (parse_cmake, "find_package(GLib 2.40\n"),
    (parse_cargo, "[package\nrust-version = 1\n"),
])
def test_a_file_that_does_not_parse_is_an_error_with_a_line(parser, text):
    with pytest.raises(BuildFileError, match=r"^f:?\d*|^f:"):
        parser(text, "f")


# -- lint ---------------------------------------------------------------------------------------------

def test_a_declared_floor_above_the_policy_is_a_violation_naming_file_line_and_platforms():
    out = run("lint", str(FIXTURES / "handmade" / "rust-1.99"), "--on", "2025-05-06", "--format", "json")
    assert out.exit_code == 1, out.output
    data = json.loads(out.output)
    (finding,) = data["findings"]
    assert finding["status"] == "violation" and finding["file"].endswith("Cargo.toml") and finding["line"] == 6
    assert finding["dependency"] == "rust" and "debian-12/mips64el" in {v["platform"] for v in finding["breaking"]}
    assert data["kind"] == "lint" and data["counts"]["violation"] == 1
    text = run("lint", str(FIXTURES / "handmade" / "rust-1.99"), "--on", "2025-05-06", "--width", "200").output
    assert "Cargo.toml:6: rust-version 1.99 (rust) drops" in text


def test_a_declared_floor_below_what_is_requirable_has_headroom():
    out = run("lint", str(FIXTURES / "handmade" / "glib-2.40"), "--on", "2025-05-06", "--format", "json")
    assert out.exit_code == 0
    statuses = {(f["name"], f["status"]) for f in json.loads(out.output)["findings"]}
    assert statuses == {("glib-2.0", "headroom"), ("gio-2.0", "headroom")}
    assert "could require 2.68.0" in json.loads(out.output)["findings"][0]["message"]


def test_lint_on_qemus_own_tree():
    out = run("lint", str(FIXTURES / "qemu"), "--on", "2025-05-06", "--format", "json")
    data = json.loads(out.output)
    by = {(Path(f["file"]).name, f["name"]): f for f in data["findings"]}
    assert by[("Cargo.toml", "rust-version")]["status"] == "violation"  # debian-12/mips64el has 1.70
    assert by[("meson.build", "meson")]["status"] == "ok"  # QEMU installs its bundled meson wheel
    assert by[("meson.build", "lttng-ust")]["status"] == "unmapped"
    assert out.exit_code == 1


def test_github_annotations_report_a_broken_file_and_lint_the_rest():
    out = run("lint", str(FIXTURES / "handmade"), "--on", "2025-05-06", "--format", "github")
    lines = out.output.splitlines()
    broken = [x for x in lines if "unreadable" in x and x.startswith("::error file=")]
    assert len(broken) == 1 and ",line=2," in broken[0]
    assert any("Cargo.toml" in x and "violation" in x for x in lines)  # rust-1.99 is still linted
    assert out.exit_code == 1


def test_github_annotations():
    out = run("lint", str(FIXTURES / "handmade" / "rust-1.99"), "--on", "2025-05-06", "--format", "github")
    first = out.output.splitlines()[0]
    assert re.match(r"^::error file=[^,]*Cargo\.toml,line=6,title=canirequire%3A rust violation::", first)
    assert "\n" not in first and out.exit_code == 1


def test_broken_build_files_and_paths_are_clear_errors():
    # A build file that cannot be parsed is one finding (exit 1); the others are still linted.
    out = run("lint", str(FIXTURES / "handmade" / "broken"))
    assert out.exit_code == 1 and "meson.build:2: unterminated string" in out.output
    out = run("lint", "/nonexistent/tree")
    assert out.exit_code == 2 and "no such file or directory" in out.output


# -- schedule -----------------------------------------------------------------------------------------

def test_schedule_lists_the_date_when_gives():
    when = json.loads(run("when", "rust", "1.77", "--on", "2025-01-01", "--format", "json").output)
    sched = json.loads(run("schedule", "rust", "--on", "2025-01-01", "--format", "json").output)
    from canirequire.versions.libversion import compare

    row = next(e for e in sched["entries"] if compare(e["minimum"], "1.77") <= 0 <= compare(e["up_to"], "1.77"))
    assert row["date"] == when["date"] == "2026-07-11"
    assert "debian-12" in row["leaving"]
    assert sched["kind"] == "schedule" and sched["requirable_now"]["rust"]


def test_schedule_does_not_call_versions_requirable_that_the_data_cannot_settle():
    """The floor is the highest minimum nothing is proven to fail: above it no version is requirable on the
    day asked (one truth for floor and schedule), and a row with platforms unknown says so and when (if ever)
    every platform is proven ok."""
    sched = json.loads(run("schedule", "rust", "--on", "2025-01-01", "--format", "json").output)
    first = sched["entries"][0]
    assert first["date"] != "2025-01-01"
    for e in sched["entries"]:
        if e["date"] and e["unknown"]:
            assert "no data to tell for" in e["why"] and "proven" in e["why"]
            assert e["proven_date"] is None or e["proven_date"] >= e["date"]


def test_schedule_as_icalendar_parses():
    icalendar = pytest.importorskip("icalendar")
    out = run("schedule", "rust", "glib", "--on", "2025-01-01", "--format", "ics")
    assert out.exit_code == 0
    raw = out.stdout_bytes.decode()  # CliRunner's .output turns CRLF into LF; iCalendar lines end in CRLF
    cal = icalendar.Calendar.from_ical(raw)
    events = [c for c in cal.walk("VEVENT")]
    assert events and all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    summaries = {str(e["SUMMARY"]) for e in events}
    assert any(s.startswith("qemu can require rust >= ") for s in summaries)
    assert any(e.decoded("DTSTART").isoformat() == "2026-07-11" for e in events)


def test_schedule_output_path_is_checked_before_the_work(tmp_path):
    out = run("schedule", "rust", "--format", "ics", "-o", "/nonexistent/dir/x.ics")
    assert out.exit_code == 2 and "does not exist" in out.output
    target = tmp_path / "rust.ics"
    out = run("schedule", "rust", "--on", "2025-01-01", "--format", "ics", "-o", str(target))
    assert out.exit_code == 0 and target.read_text().startswith("BEGIN:VCALENDAR")


# -- CI examples --------------------------------------------------------------------------------------

def _commands(script: str) -> list[list[str]]:
    out = []
    for line in script.replace("\\\n", " ").splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = part.strip().split()
            if words and words[0] == "canirequire":
                out.append(words)
    return out


def _runs(doc) -> list[str]:
    if isinstance(doc, dict):
        return [v for k, v in doc.items() if k in ("run", "script") and isinstance(v, str)] + \
               [s for k, v in doc.items() if k == "script" and isinstance(v, list) for s in v] + \
               [r for v in doc.values() for r in _runs(v)]
    if isinstance(doc, list):
        return [r for v in doc for r in _runs(v)]
    return []


@pytest.mark.parametrize("path", ["examples/github/canirequire.yml", "examples/gitlab/.gitlab-ci.yml"])
def test_ci_examples_are_valid_yaml_and_run_real_commands(path):
    doc = yaml.safe_load((ROOT / path).read_text())
    commands = [c for script in _runs(doc) for c in _commands(script)]
    assert {c[1] for c in commands} >= {"lint", "refresh", "schedule"}
    for words in commands:
        sub = main.get_command(None, words[1])
        assert sub is not None, words
        options = {o for p in sub.params for o in getattr(p, "opts", [])}
        for word in words[2:]:
            if word.startswith("--"):
                assert word.split("=")[0] in options, (path, words)
        if "--format" in words:
            choice = words[words.index("--format") + 1]
            fmt = next(p for p in sub.params if "--format" in getattr(p, "opts", []))
            assert choice in fmt.type.choices, (path, words)
