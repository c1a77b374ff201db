"""What a `check` imports: a contract, not a timing (python -X importtime lists every module).

A machine answer (JSON) needs no terminal rendering, HTTP stack, templating or YAML; no answer needs
the refresh, history, lint or report machinery. A new import on this path is a start-up cost every
user pays, so it must be a decision, made here."""

from __future__ import annotations

import os
import subprocess
import sys

ARGS = ["check", "rust", "1.77", "--project", "qemu", "--on", "2025-05-06", "--embedded-only"]
NEVER = ("canirequire.app.refresh", "canirequire.app.history", "canirequire.app.lint", "canirequire.app.report",
         "canirequire.sources.http", "canirequire.sources.repology", "canirequire.sources.launchpad",
         "canirequire.report.html", "canirequire.report.plot", "canirequire.engine.walk",
         "canirequire.engine.roadmap", "canirequire.engine.timeline", "requests", "urllib3", "jinja2", "yaml",
         "matplotlib", "hypothesis")


def imported(extra: list[str], tmp_path) -> set[str]:
    env = {**os.environ, "CANIREQUIRE_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "canirequire", *ARGS, *extra],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_a_json_check_imports_no_terminal_rendering_and_no_network_stack(tmp_path):
    names = imported(["--format", "json"], tmp_path)
    assert "canirequire.engine.questions" in names  # the measurement works
    assert not {n for n in names if n.split(".")[0] == "rich"}
    for module in NEVER:
        assert module not in names, module


def test_a_text_check_imports_only_what_it_draws_with(tmp_path):
    names = imported([], tmp_path)
    assert "canirequire.report.text" in names
    for module in NEVER:
        assert module not in names, module
