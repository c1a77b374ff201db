"""Random command lines, fact files and project files: the answer is always exit 0, 1 or 2,
never a traceback or an internal error (issue 12)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from canirequire.cli import main

COMMANDS = ["platforms", "check", "floor", "when", "matrix", "explain", "sources", "compare", "lint", "roadmap"]
TOKENS = [
    "rust", "glib", "1.77", "2.66", "0", "-1", "1e9", "nan", "🦀", "", " ", "debian-12", "debian-12/mips64el",
    "debian12", "fedora", "x86_64", "vax", "2025-05-06", "1969-12-31", "2200-01-01", "0001-01-01", "11.0",
    "--on", "--arch", "--format", "json", "csv", "markdown", "github", "ics", "--except", "--deps", "--component",
    "bsd-user", "system", "nope", "--project", "qemu", "nope.toml", "--width", "5", "100", "--strict",
    "--baseline", "gcc,clang", "--stale-after", "--no-stale-warning", "--facts", "/nonexistent.csv", ".",
    "--embedded-only", "-o", "--coverage", "--years", "x,y", "../", "%s", "{x}", "'", '"', "\x00",
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


def _ok(result) -> None:
    text = result.output
    assert result.exit_code in (0, 1, 2), (result.exit_code, text[-500:], result.exception)
    assert "Traceback" not in text and "internal error" not in text, text[-500:]


@SETTINGS
@given(st.sampled_from(COMMANDS), st.lists(st.sampled_from(TOKENS), max_size=6))
@example("lint", ["\x00"])  # click.Path stats the name and pathlib raises ValueError on a NUL byte
@example("schedule", ["rust", "-o", "\x00"])
def test_random_command_lines(command, args):
    _ok(CliRunner().invoke(main, [command, *args, "--embedded-only"]))


CELLS = st.one_of(st.sampled_from(["debian", "12", "rust", "rustc", "1.80", "main", "2025-01-01", "backports",
                                   "x86_64", "9999-99-99"]),
                  st.text(alphabet=st.sampled_from(list('abc12.,"\n\r;-é🦀 ')), max_size=12))


@SETTINGS
@given(st.lists(st.lists(CELLS, min_size=0, max_size=10), max_size=5), st.booleans())
def test_random_fact_files(rows, with_header):
    header = "distro,release,package_upstream,package_name,version,channel,as_of_date,source\n"
    body = "\n".join(",".join(row) for row in rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "facts.csv"
        path.write_text((header if with_header else "") + body, encoding="utf-8")
        _ok(CliRunner().invoke(main, ["check", "rust", "1.70", "--facts", str(path), "--embedded-only",
                                      "--on", "2025-05-06"]))


KEYS = ["name", "id", "rule", "arches", "host_arches", "newest_years", "previous_years", "count", "dates_from",
        "packages_from", "minimum", "level", "label", "date", "include", "exclude", "components", "releases"]
VALUES = ["'x'", "'debian'", "'newest-and-previous'", "'until-eol'", "['x86_64']", "['vax']", "-1", "5",
          "1000000000", "['{x}']", "['debian,{release}']", "'🦀'", "2025-01-01", "true", "[[]]", "{}", "'mandatory'",
          "'1.0'", "[1, 2]", "''"]
TABLES = ["[project]", "[[os]]", "[dependencies.rust]", "[dependencies.rust.packages]", "[[roadmap]]",
          "[[component]]", "[[ci]]", "[x]"]


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(TABLES),
                          st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(KEYS), st.sampled_from(VALUES))),
                max_size=14))
def test_random_project_files(lines):
    text = "[project]\nname = 'fuzz'\n" + "\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.toml"
        path.write_text(text, encoding="utf-8")
        for command in (["platforms"], ["check", "rust", "1.0"], ["roadmap"]):
            _ok(CliRunner().invoke(main, [*command, "--project", str(path), "--embedded-only", "--on",
                                          "2025-05-06"]))


OUTPUT_KINDS = ["fifo", "symlink", "dangling-symlink", "directory", "missing-folder", "regular", "new"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(OUTPUT_KINDS), st.sampled_from([["schedule", "rust", "--format", "ics"],
                                                       ["report"]]))
def test_random_output_paths(kind, command):
    """-o never damages what it points to: a FIFO stays a FIFO, a symlink stays a link (its target is
    written), a directory or a missing folder is a clear error."""
    import os
    import stat
    import threading

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        target = base / "target.out"
        path = base / "out"
        reader = None
        if kind == "fifo":
            os.mkfifo(path)
            reader = threading.Thread(target=lambda: open(path, "rb").read(), daemon=True)
            reader.start()
        elif kind == "symlink":
            target.write_text("old")
            path.symlink_to(target)
        elif kind == "dangling-symlink":
            path.symlink_to(target)
        elif kind == "directory":
            path.mkdir()
        elif kind == "missing-folder":
            path = base / "missing" / "out"
        elif kind == "regular":
            path.write_text("old")
        result = CliRunner().invoke(main, [*command, "-o", str(path), "--embedded-only", "--on", "2025-05-06"])
        _ok(result)
        if reader is not None:
            reader.join(timeout=60)
        if kind == "fifo":
            assert stat.S_ISFIFO(os.stat(path).st_mode)
        if kind in ("symlink", "dangling-symlink"):
            assert path.is_symlink() and target.exists() and target.read_text() != "old"
        if kind in ("directory", "missing-folder"):
            assert result.exit_code == 2
