"""Golden output: the README's examples in every format, pinned byte for byte.

Behaviour may change only when a golden diff is reviewed on purpose. To
regenerate after a deliberate change (as lcitool does with its test data):

    python -m pytest tests/test_golden.py --update-golden

then read `git diff tests/golden` before committing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from canirequire.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
ON = "2025-05-06"
LATER = "2026-11-26"

# name -> CLI arguments; every case runs on the embedded snapshot alone.
CASES: dict[str, list[str]] = {
    "check-rust-1.77": ["check", "rust", "1.77", "--on", ON],
    "check-rust-1.77-details": ["check", "rust", "1.77", "--on", ON, "--details"],
    "floor-rust-details": ["floor", "rust", "--on", ON, "--details"],
    "when-rust-1.85-details": ["when", "rust", "1.85", "--on", ON, "--details"],
    "floor-rust": ["floor", "rust", "--on", ON],
    "when-rust-1.77": ["when", "rust", "1.77", "--on", ON],
    "when-rust-1.85": ["when", "rust", "1.85", "--on", ON],
    "explain-debian-12-mips64el": ["explain", "debian-12/mips64el", "--on", ON, "--deps", "rust"],
    "explain-debian-12-mips64el-details": ["explain", "debian-12/mips64el", "--on", ON, "--deps", "rust", "--details"],
    "compare-rust-1.77": ["compare", "rust", "1.77", "--on", ON],
    "compare-rust-1.77-details": ["compare", "rust", "1.77", "--on", ON, "--details"],
    "roadmap": ["roadmap", "--on", LATER],
    "roadmap-except": ["roadmap", "--on", LATER, "--except", "debian-12/mips64el"],
    "platforms": ["platforms", "--on", ON],
    "floor-glib": ["floor", "glib", "--on", LATER],
    "matrix": ["matrix", "--on", ON, "--deps", "rust,glib"],
    "sources": ["sources", "--on", LATER],
}
FORMATS = {
    "text": ["--format", "text", "--width", "100"],
    "markdown": ["--format", "markdown"],
    "markdown80": ["--format", "markdown", "--width", "80"],
    "json": ["--format", "json"],
    "csv": ["--format", "csv"],
}
CSV_KINDS = ("check", "floor", "platforms", "matrix")
SUFFIX = {"text": "txt", "markdown": "md", "markdown80": "80.md", "json": "json", "csv": "csv"}


def _params():
    for name, args in CASES.items():
        for fmt in FORMATS:
            if fmt == "csv" and args[0] not in CSV_KINDS:
                continue
            if "--details" in args and fmt in ("json", "csv"):
                continue  # machines get every field in any case: the same bytes as without --details
            yield pytest.param(name, fmt, id=f"{name}.{fmt}")


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--embedded-only", "--project", "qemu"])
    return result.exit_code, result.output


def _compare(path: Path, actual: str, update: bool) -> None:
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"{path.name} did not exist; written now, review and commit it")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs; rerun with --update-golden and review the diff"


@pytest.mark.parametrize("name,fmt", list(_params()))
def test_golden_cli_output(name, fmt, request):
    code, out = _run([*CASES[name], *FORMATS[fmt]])
    assert code in (0, 1), out
    _compare(GOLDEN / f"{name}.{SUFFIX[fmt]}", f"exit {code}\n{out}", request.config.getoption("--update-golden"))


def test_golden_report_html(tmp_path, request):
    out_file = tmp_path / "report.html"
    code, out = _run(["report", "--on", LATER, "-o", str(out_file)])
    assert code == 0, out
    html = out_file.read_text(encoding="utf-8")
    # The package version is not behaviour.
    html = re.sub(r"canirequire \d+\.\d+\.\d+\S*", "canirequire VERSION", html)
    _compare(GOLDEN / "report.html", html, request.config.getoption("--update-golden"))
