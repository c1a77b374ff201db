import json

import pytest
from click.testing import CliRunner

from canirequire.cli import main


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_check_exit_codes_and_json():
    code, out = run("check", "rust", "1.77", "--on", "2025-05-06", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["kind"] == "check"
    assert "debian-12/mips64el" in data["failing"]
    row = next(p for p in data["platforms"] if p["platform"] == "debian-12/x86_64")
    assert {"platform", "status", "version", "package", "channel", "source"} <= set(row)
    code, out = run("check", "rust", "1.77", "--on", "2025-05-06", "--except", "debian-12/mips64el",
                    "--except", "alpine-3.18", "--except", "alpine-3.19")
    assert code == 0 and "CANNOT TELL" in out  # nothing fails; some platforms are unknown


def test_floor_json_schema():
    code, out = run("floor", "rust", "--on", "2025-05-06", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert {"dependency", "on", "floor", "limiting", "ladder", "unknown"} <= set(data)
    assert data["ladder"][0]["floor"] == data["floor"] and data["ladder"][0]["limiting"] == data["limiting"]


def test_platforms_json_schema():
    code, out = run("platforms", "--on", "2025-05-06", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert all({"platform", "rule", "until"} <= set(p) for p in data["supported"])
    assert all({"release", "reason"} <= set(e) for e in data["excluded"])


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
@pytest.mark.parametrize(
    "args",
    [
        ["platforms"],
        ["check", "glib", "2.66"],
        ["floor", "python3"],
        ["when", "rust", "1.80", "--on", "2025-01-01"],
        ["matrix", "--deps", "rust,glib"],
        ["explain", "debian-12/mips64el", "--deps", "rust"],
        ["sources"],
    ],
)
def test_every_command_renders_every_format(args, fmt):
    code, out = run(*args, "--format", fmt)
    assert code in (0, 1), out
    assert out.strip()
    if fmt == "json":
        json.loads(out)


def test_markdown_fixed_width():
    code, out = run("matrix", "--format", "markdown", "--width", "80", "--on", "2025-05-06")
    assert code == 0
    assert max(len(line) for line in out.splitlines() if line.startswith("    ")) <= 80


@pytest.mark.parametrize(
    "args,message",
    [
        (["check", "rust", "1.77", "--on", "2025-13-45"], "not a date"),
        (["check", "rust", "latest"], "is not a version"),
        (["check", "nosuchdep", "1.0"], "unknown dependency 'nosuchdep'"),
        (["platforms", "--project", "nosuchpreset"], "unknown project preset 'nosuchpreset'"),
        (["explain", "plan9-4/x86_64"], "unknown platform 'plan9-4/x86_64'"),
        (["check", "rust", "1.0", "--facts", "/nonexistent/facts.csv"], "cannot read"),
    ],
)
def test_bad_input_is_one_clear_line(args, message):
    code, out = run(*args)
    assert code == 2
    assert message in out
    assert "Traceback" not in out


def test_bad_project_file(tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_text('[project]\nname = "x"\n[[os]]\nid = "debian"\nrule = "newest-and-previous"\nnewest_years = "x"\n')
    code, out = run("platforms", "--project", str(bad))
    assert code == 2 and str(bad) in out and "newest_years" in out


def test_facts_file_errors_and_override(tmp_path):
    bad = tmp_path / "f.csv"
    bad.write_text("distro,release,package_upstream,package_name,version,channel,as_of_date,source\n"
                   "debian,12,rust,rustc-web,abc,alternate,2025-05-01,me\n")
    code, out = run("check", "rust", "1.77", "--facts", str(bad))
    assert code == 2 and f"{bad}:2" in out and "unparsable version" in out
    good = tmp_path / "g.csv"
    good.write_text("distro,release,package_upstream,package_name,version,channel,as_of_date,source,arch\n"
                    "debian,12,rust,rustc-web,1.77.0,alternate,2025-05-01,my mirror,mips64el\n")
    # Alpine 3.18/3.19 keep Rust 1.71/1.76 (stable branches take point updates only): excepted here.
    code, out = run("check", "rust", "1.77", "--on", "2025-05-06", "--facts", str(good), "--format", "json",
                    "--except", "alpine-3.18", "--except", "alpine-3.19")
    data = json.loads(out)
    row = next(p for p in data["platforms"] if p["platform"] == "debian-12/mips64el")
    assert row["status"] == "ok" and "user-fact" in row["flags"] and code == 0


def test_undeclared_dependency_from_facts(tmp_path):
    facts = tmp_path / "f.csv"
    facts.write_text("distro,release,package_upstream,package_name,version,channel,as_of_date,source\n"
                     "debian,12,libfoo,libfoo-dev,2.1,main,2025-05-01,me\n")
    code, out = run("check", "libfoo", "2.0", "--on", "2025-05-06", "--facts", str(facts), "--format", "json")
    data = json.loads(out)
    assert any(p["status"] == "ok" and p["release"] == "debian-12" for p in data["platforms"])


@pytest.mark.parametrize("a,b,out", [("1.0", "1.0.0", "="), ("1.0alpha1", "1.0", "<"), ("1.10", "1.9", ">")])
def test_vercmp(a, b, out):
    assert run("vercmp", a, b) == (0, out + "\n")


def test_help_teaches():
    code, out = run("--help")
    assert code == 0 and "Examples:" in out and "Exit codes" in out
    code, out = run("check", "--help")
    assert "--except" in out and "--on" in out


def test_csv_where_it_fits():
    import csv
    import io

    code, out = run("matrix", "--format", "csv", "--deps", "rust,glib", "--on", "2025-05-06")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["dependency"] for r in rows} == {"rust", "glib"}
    mips = next(r for r in rows if r["platform"] == "debian-12/mips64el" and r["dependency"] == "rust")
    assert mips["version"] == "1.70.0" and "tier-3" in mips["flags"]
    code, out = run("when", "rust", "1.77", "--format", "csv")
    assert code == 2 and "'csv' is not one of 'text', 'markdown', 'json'" in out  # when offers no CSV


def test_on_accepts_a_roadmap_stage():
    code, out = run("check", "rust", "1.77", "--on", "11.0", "--format", "json")
    assert json.loads(out)["on"] == "2026-04-21"
    code, out = run("check", "rust", "1.77", "--on", "12.5")
    assert code == 2 and "neither a date" in out and "9.2, 10.1, 11.0" in out


def test_example_project_file():
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "minimal.toml"
    code, out = run("check", "glib", "2.66", "--project", str(example), "--on", "2025-05-06", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["project"] == "myproject"
    assert {p["release"] for p in data["platforms"]} >= {"debian-12", "ubuntu-22.04", "ubuntu-24.04"}
    code, out = run("roadmap", "--project", str(example), "--format", "json")
    assert code == 0 and json.loads(out)["stages"][0]["label"] == "2.0"


@pytest.mark.parametrize("args", [["platforms"], ["check", "rust", "1.77"], ["floor", "rust"], ["when", "rust", "1.85"],
                                  ["matrix"], ["roadmap"], ["explain", "debian-13"]])
def test_markdown_80_columns_fit(args):
    code, out = run(*args, "--format", "markdown", "--width", "80", "--on", "2025-05-06")
    assert code in (0, 1)
    assert [line for line in out.splitlines() if len(line) > 80] == []


def test_answers_at_a_glance_fit():
    """A YES or CANNOT TELL answer for the qemu preset fits in 25 lines at 100 columns; a NO answer shows
    every failing platform within its first 10 lines; --details prints the full table."""
    for on, minimum in (("2025-05-06", "1.77"), ("2026-12-01", "1.85"), ("2025-05-06", "1.70"),
                        ("2026-12-01", "1.96")):
        code, out = run("check", "rust", minimum, "--on", on, "--width", "100")
        lines = out.rstrip("\n").split("\n")
        if code == 0:
            assert len(lines) <= 25, (on, minimum, len(lines))
        else:
            code_json, body = run("check", "rust", minimum, "--on", on, "--format", "json")
            releases = {p.split("/")[0] for p in json.loads(body)["failing"]}
            head = "\n".join(lines[:10])
            assert all(r in head for r in releases), (on, minimum, releases)
        _, full = run("check", "rust", minimum, "--on", on, "--width", "100", "--details")
        assert len(full.split("\n")) > len(lines) and "package (channel)" in full
