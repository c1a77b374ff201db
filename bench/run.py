#!/usr/bin/env python3
"""Measure canirequire at x1, x10 and x100 the embedded history, and print the figures.

    python bench/run.py                 # 5 cold runs per command, scales 1,10,100
    python bench/run.py --runs 3 --scales 1,100

Each command runs as a fresh process (what a user waits for), the median is
kept, and the ratios the project holds itself to are checked in the same
run, so machine speed cancels out:

    roadmap <= 2x check;  report <= 4x check;  can-use <= 1.5x check;  when on x100 <= 3x check and < 2 s;
    check on x100 < 1 s;  memory < 400 bytes per package fact.

Memory is measured in-process with tracemalloc: the bytes that loading the
layers and building the fact index keep alive. Per fact is the marginal cost:
the growth over x1 divided by the facts added (at x1, lifecycles, tiers and
the index's fixed tables dominate and say nothing about history depth).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

CLI = [sys.executable, "-m", "canirequire"]
COMMANDS = {
    "check": ["check", "rust", "1.77", "--on", "2025-05-06"],
    "can-use": ["can-use", "rust:c_str_literals", "--on", "2025-05-06"],
    "when": ["when", "rust", "1.85", "--on", "2025-05-06"],
    "roadmap": ["roadmap", "--on", "2026-11-26"],
    "report": ["report", "--on", "2026-11-26", "-o", os.devnull],
}


def timed(argv: list[str], runs: int, env: dict[str, str]) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def retained_bytes(data_dir: Path) -> tuple[int, int]:
    """(package facts, bytes kept alive by loading every layer and indexing them)."""
    from canirequire.model import Origin
    from canirequire.store.index import FactIndex
    from canirequire.store.refreshed import RefreshedData
    from canirequire.store.snapshot import embedded_snapshot_dir, read_snapshot

    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    layers = [read_snapshot(embedded_snapshot_dir(), Origin.EMBEDDED), *RefreshedData(data_dir / "refreshed").read_all()]
    index = FactIndex(layers)
    for dependency in index.dependencies():  # rows are decoded when first asked for: ask for all of them
        index.packages_for(dependency)
    n_facts = len(index.packages)
    del layers
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return n_facts, used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="1,10,100")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]

    base_env = {**os.environ, "CANIREQUIRE_OFFLINE": "1", "CANIREQUIRE_PROJECT": "qemu"}
    print(f"python -c pass: {timed([sys.executable, '-c', 'pass'], args.runs, base_env) * 1000:.0f} ms; "
          f"canirequire --version: {timed([*CLI, '--version'], args.runs, base_env) * 1000:.0f} ms "
          f"(median of {args.runs} cold runs)\n")
    header = (f"{'history':>8} {'facts':>7} {'check':>7} {'when':>7} {'roadmap':>8} {'report':>7} "
              f"{'when/ch':>8} {'road/ch':>8} {'rep/ch':>7} {'use/ch':>7} {'B/fact':>7}")
    print(header)
    print("-" * len(header))
    verdicts = []
    baseline: tuple[int, int] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            data_dir = Path(tmp) / f"x{scale}"
            if scale > 1:
                synthetic.write(scale, data_dir)
            env = {**base_env, "CANIREQUIRE_DATA_DIR": str(data_dir)}
            t = {name: timed([*CLI, *argv], args.runs, env) for name, argv in COMMANDS.items()}
            facts, used = retained_bytes(data_dir)
            if baseline is None:
                baseline = (facts, used) if scale == 1 else retained_bytes(Path(tmp) / "x1")
            added = facts - baseline[0]
            per_fact = (used - baseline[1]) / added if added else float("nan")
            ratios = {name: t[name] / t["check"] for name in ("when", "roadmap", "report", "can-use")}
            print(f"{'x' + str(scale):>8} {facts:>7} {t['check']:>6.2f}s {t['when']:>6.2f}s {t['roadmap']:>7.2f}s "
                  f"{t['report']:>6.2f}s {ratios['when']:>7.1f}x {ratios['roadmap']:>7.1f}x "
                  f"{ratios['report']:>6.1f}x {ratios['can-use']:>6.1f}x {'-' if not added else f'{per_fact:.0f}':>7}")
            verdicts += [(f"x{scale}: roadmap <= 2x check", ratios["roadmap"] <= 2),
                         (f"x{scale}: can-use <= 1.5x check (it is check plus when at one version)",
                          ratios["can-use"] <= 1.5),
                         (f"x{scale}: report <= 4x check", ratios["report"] <= 4),
                         *([(f"x{scale}: memory < 400 B per added fact", per_fact < 400)] if added else [])]
            if scale >= 100:
                verdicts += [(f"x{scale}: when <= 3x check and < 2 s", ratios["when"] <= 3 and t["when"] < 2),
                             (f"x{scale}: check < 1 s", t["check"] < 1)]
    print()
    for label, ok in verdicts:
        print(f"{'ok  ' if ok else 'MISS'} {label}")


if __name__ == "__main__":
    main()
