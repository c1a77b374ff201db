"""Every example the --help texts show runs as written (a usage error in an example is a bug)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from canirequire.cli import HELP, main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lint"


def _examples() -> list[str]:
    texts = [HELP] + [cmd.help or "" for cmd in main.commands.values()]
    found = []
    for text in texts:
        for line in text.splitlines():
            line = line.strip()
            if re.match(r"canirequire [a-z-]+( |$)", line) and line.split()[1] in main.commands:
                found.append(re.split(r"\s{2,}|\s+#", line)[0].strip())  # drop the trailing explanation
    return list(dict.fromkeys(found))


EXAMPLES = _examples()


def test_the_help_has_examples():
    assert len(EXAMPLES) >= 12 and any("schedule rust,glib" in e for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_help_example_runs(example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = shlex.split(example)[1:]
    args = [str(FIXTURES / "qemu") if a.startswith("path/to/") else a for a in args]
    command = args[0]
    if command == "refresh":
        args.append("--offline")  # no network in tests: an empty cache is a clean exit 1
    elif command not in ("probe", "vercmp"):
        args.append("--embedded-only")
    if command == "probe":
        pytest.skip("probe asks this machine's package manager")
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1), f"{example}: exit {result.exit_code}\n{result.output[-800:]}"
