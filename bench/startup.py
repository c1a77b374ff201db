#!/usr/bin/env python3
"""Cold-start timing of the CLI on the embedded snapshot.

Prints the median wall time of several fresh processes for
`canirequire check rust 1.77 --project qemu`, beside `python -c pass`
as the floor no Python CLI can beat. Run: python bench/startup.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "canirequire --version": [sys.executable, "-m", "canirequire", "--version"],
    "canirequire check rust 1.77 --project qemu": [
        sys.executable, "-m", "canirequire", "check", "rust", "1.77", "--project", "qemu",
        "--on", "2025-05-06", "--embedded-only",
    ],
    "canirequire floor rust --project qemu (json)": [
        sys.executable, "-m", "canirequire", "floor", "rust", "--project", "qemu", "--format", "json",
        "--embedded-only",
    ],
    "canirequire when rust 1.85 --project qemu": [
        sys.executable, "-m", "canirequire", "when", "rust", "1.85", "--project", "qemu", "--embedded-only",
    ],
}


def time_command(argv: list[str], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    print(f"{'command':48} {'median':>9} {'min':>9} {'max':>9}   ({runs} runs each)")
    for label, argv in COMMANDS.items():
        s = time_command(argv, runs)
        print(f"{label:48} {statistics.median(s) * 1000:7.0f}ms {min(s) * 1000:7.0f}ms {max(s) * 1000:7.0f}ms")


if __name__ == "__main__":
    main()
