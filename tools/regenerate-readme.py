#!/usr/bin/env python3
"""Rerun every `$ canirequire ...` example in README.md and write its real output back.

    python tools/regenerate-readme.py           # rewrite README.md
    python tools/regenerate-readme.py --check   # exit 1 and show a diff if README.md is stale

Each fenced block whose first line is `$ canirequire ...` is one example: the
lines after it are replaced by what the command prints (stdout, then stderr).
A block whose last line is `...` keeps that many lines of output and the
`...`. The block between `<!-- coverage:start -->` and `<!-- coverage:end -->`
is the table of how many OS releases each of QEMU's Rust floor decisions
leaves unknown.

The commands run on the embedded snapshot only (an empty data folder, no
network), 100 columns wide, with "today" fixed, so the README changes only
when canirequire or its data does.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TODAY = "2026-11-30"
COLUMNS = "100"
# Issue 7: the dates QEMU's maintainers set each Rust floor, and the floor they set.
QEMU_RUST_FLOORS = (("2024-11-04", "1.63"), ("2025-05-06", "1.77"), ("2025-09-13", "1.83"), ("2026-04-21", "1.85"))
FENCE = re.compile(r"^```[a-z]*\n(\$ canirequire .*?)^```\n", re.M | re.S)
COVERAGE = re.compile(r"(<!-- coverage:start -->\n).*?(<!-- coverage:end -->)", re.S)


def run(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "canirequire", *argv], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=False)
    return done.stdout + done.stderr


def example(match: re.Match, env: dict[str, str]) -> str:
    lines = match.group(1).rstrip("\n").split("\n")
    command = lines[0]
    keep = len(lines) - 2 if lines[-1] == "..." else None
    out = run(shlex.split(command[len("$ canirequire "):]), env).rstrip("\n").split("\n")
    if keep is not None:
        out = out[:keep] + ["..."]
    return "```\n" + "\n".join([command, *out]) + "\n```\n"


def coverage(env: dict[str, str]) -> str:
    rows = ["| date | rust floor QEMU set | OS releases supported | with a verdict from data | unknown (why) |",
            "|---|---|---|---|---|"]
    for on, minimum in QEMU_RUST_FLOORS:
        result = json.loads(run(["check", "rust", minimum, "--project", "qemu", "--on", on, "--format", "json"],
                                env))
        releases, unknown = set(), {}
        for verdict in result["platforms"]:
            releases.add(verdict["release"])
            if verdict["status"] == "unknown":
                unknown.setdefault(verdict["release"], verdict["cause"])
        why = ", ".join(f"{release} ({cause})" for release, cause in sorted(unknown.items()))
        rows.append(f"| {on} | {minimum} | {len(releases)} | {len(releases) - len(unknown)} | {why or '-'} |")
    return "\n".join(rows) + "\n"


def regenerate(text: str) -> str:
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "CANIREQUIRE_DATA_DIR": empty, "CANIREQUIRE_OFFLINE": "1",
               "CANIREQUIRE_TODAY": TODAY, "COLUMNS": COLUMNS, "NO_COLOR": "1"}
        env.pop("CANIREQUIRE_PROJECT", None)
        text = FENCE.sub(lambda m: example(m, env), text)
        return COVERAGE.sub(lambda m: m.group(1) + coverage(env) + m.group(2), text)


def main() -> int:
    check = "--check" in sys.argv[1:]
    old = README.read_text(encoding="utf-8")
    new = regenerate(old)
    if check:
        if new != old:
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "README.md",
                                                       "regenerated"))
            print("README.md is stale: run python tools/regenerate-readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
