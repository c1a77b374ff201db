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
         "matplotlib", "hypothesis", "canirequire.engine.results_more")


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


def test_a_piped_text_check_draws_without_rich(tmp_path):
    """Output to a pipe or a file is the compact answer's lines: rich is imported only for a terminal
    (colour) or for the --details tables."""
    names = imported([], tmp_path)
    assert not {n for n in names if n.split(".")[0] == "rich"}
    assert {n for n in imported(["--details"], tmp_path) if n.split(".")[0] == "rich"}


def test_the_plain_console_draws_what_rich_draws():
    import datetime as dt

    from canirequire.app.session import Session
    from canirequire.engine import questions
    from canirequire.engine.walk import walk_until_ok
    from canirequire.report import text

    session = Session.open("qemu", embedded_only=True)
    for on in (dt.date(2024, 11, 4), dt.date(2025, 5, 6), dt.date(2026, 12, 1)):
        engine = session.engine(on)
        for result in (questions.check(engine, "rust", "1.77"), questions.floor(engine, "glib"),
                       walk_until_ok(engine, [("rust", "1.85")], on)):
            for width in (60, 100):
                plain = text.render(result, width=width)
                console, buf = text._console(width, False)
                text.COMPACT[type(result).__name__](console, result)
                drawn = "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
                assert plain == drawn, (on, type(result).__name__, width)


def test_every_result_type_is_reachable_through_engine_results():
    """Results a `check` does not return live in results_more; engine.results still names every one."""
    from canirequire.engine import results, results_more

    for name in results._MORE:
        assert getattr(results, name) is getattr(results_more, name)
    moved = {n for n, v in vars(results_more).items() if isinstance(v, type) and v.__module__ == results_more.__name__}
    assert moved == set(results._MORE)
