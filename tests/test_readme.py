"""The README shows real output: every `$ canirequire ...` example and the coverage table are what
the commands print today (tools/regenerate-readme.py rewrites them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_examples_are_current():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "regenerate-readme.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr


def test_readme_opens_with_the_two_setup_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1: lines.index("```sh") + 3]
    assert block == ["pip install . && canirequire floor rust --project qemu --on 2025-05-06",
                     "pip install '.[test]' && python -m pytest -q"]
    assert "python -m pytest -q" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
