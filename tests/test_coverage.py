"""`sources --coverage`: where answers rest on thin data, and the committed docs/data-coverage.md."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from canirequire.cli import main

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-coverage.md"


def run(*args):
    result = CliRunner().invoke(main, [*args, "--embedded-only", "--project", "qemu"])
    return result.exit_code, result.output


def test_coverage_grid_json():
    code, out = run("sources", "--coverage", "--on", "2025-05-06", "--format", "json", "--deps", "rust,glib")
    data = json.loads(out)
    assert code == 0 and data["kind"] == "coverage" and data["dependencies"] == ["rust", "glib"]
    rows = {r["release"]: r["cells"] for r in data["releases"]}
    assert rows["debian-12"]["rust"]["dated"] > 5 and rows["debian-12"]["rust"]["lower_bound_only"] is False
    assert rows["fedora-41"]["rust"]["lower_bound_only"] is True  # Fedora updates keep moving
    assert {g["os"] for g in data["gap_sources"]} >= {"openbsd"}


def test_docs_data_coverage_is_current():
    code, out = run("sources", "--coverage", "--format", "markdown", "--on", "2026-11-30")
    assert code == 0
    assert out in DOC.read_text(encoding="utf-8"), "docs/data-coverage.md is stale: run tools/regenerate-docs.sh"


def test_when_on_a_date_outside_the_supported_range_is_a_usage_error():
    code, out = run("when", "rust", "1.77", "--on", "1900-01-01")
    assert code == 2 and "outside the supported dates" in out
    code, out = run("when", "rust", "1.77", "--on", "1980-01-01")
    assert code == 0 and "Cannot tell" in out
