#!/usr/bin/env python3
"""Paired benchmarks: canirequire against its anchor, against itself at depth, in ratios.

    python bench/run.py                  # 7 pairs per row, scales 1,10,100
    python bench/run.py --pairs 5 --scales 1,10

Every row times two commands, A and B, as fresh processes (what a user waits
for). After one warm-up of each, A and B alternate, and the row reports the
median of the per-pair ratios B/A with their min-max: a slow moment of the
machine hits both halves of a pair, so the ratios hold on another machine where
seconds would not. The bytecode is compiled first and PYTHONDONTWRITEBYTECODE
is dropped, as for an installed tool.

The anchor (bench/anchor.py) answers `check rust 1.77 --project qemu --on
2025-05-06` in plain Python from the same snapshot files, with a simplified
policy; its failing set equals canirequire's (tests/test_bench.py).

Memory is peak RSS per fact: a child process loads every layer, indexes and
decodes every row, and reports its maximum resident size; per fact is the
growth over x1 divided by the facts added.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

PY = sys.executable
CLI = [PY, "-m", "canirequire"]
CHECK = ["check", "rust", "1.77", "--on", "2025-05-06"]
TARGETS = {  # row label -> the most B/A may be
    "check (text, piped) / anchor": 3.0,
    "check --format json / anchor": 2.5,
    "--version / python -c pass": 4.0,
    "report / check": 4.0,
    "check x100 / check x1": 5.0,
    "roadmap / check": 2.0,
    "can-use / check": 1.5,
}
MEMORY_TARGET = 600  # bytes of peak RSS per fact

MEMORY_PROBE = """
import resource, sys
from pathlib import Path
from canirequire.model import Origin
from canirequire.store.index import FactIndex
from canirequire.store.refreshed import RefreshedData
from canirequire.store.snapshot import embedded_snapshot_dir, read_snapshot
layers = [read_snapshot(embedded_snapshot_dir(), Origin.EMBEDDED), *RefreshedData(Path(sys.argv[1]) / "refreshed").read_all()]
index = FactIndex(layers)
for dependency in index.dependencies():
    index.packages_for(dependency)
# VmHWM is this process image's own peak; ru_maxrss would count the parent's memory copied at fork.
try:
    peak = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(len(index.packages), peak)
"""


def run_once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    # stdout is a pipe, as when a script or CI reads the answer.
    subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def paired(a: list[str], b: list[str], pairs: int, env_a: dict[str, str], env_b: dict[str, str] | None = None
           ) -> tuple[float, float, float]:
    """(median, min, max) of B/A over ``pairs`` alternating runs, after a warm-up of each."""
    env_b = env_b or env_a
    run_once(a, env_a)
    run_once(b, env_b)
    ratios = []
    for i in range(pairs):
        if i % 2:  # alternate which goes first, so neither always meets a cold cache
            tb, ta = run_once(b, env_b), run_once(a, env_a)
        else:
            ta, tb = run_once(a, env_a), run_once(b, env_b)
        ratios.append(tb / ta)
    return statistics.median(ratios), min(ratios), max(ratios)


def peak_rss(data_dir: Path, env: dict[str, str]) -> tuple[int, int]:
    out = subprocess.run([PY, "-c", MEMORY_PROBE, str(data_dir)], capture_output=True, text=True, env=env,
                         check=True).stdout.split()
    return int(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--scales", default="1,10,100")
    args = parser.parse_args()
    scales = sorted(int(s) for s in args.scales.split(","))
    if scales[0] != 1:
        scales.insert(0, 1)

    import canirequire

    compileall.compile_dir(str(Path(canirequire.__file__).parent), quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(CANIREQUIRE_OFFLINE="1", CANIREQUIRE_PROJECT="qemu", CANIREQUIRE_TODAY="2026-11-26")
    rows: list[tuple[str, tuple[float, float, float] | None, str]] = []

    def row(label: str, a: list[str], b: list[str], env_a: dict[str, str], env_b: dict[str, str] | None = None,
            target_key: str = "") -> None:
        r = paired(a, b, args.pairs, env_a, env_b)
        target = TARGETS.get(target_key or label)
        verdict = "" if target is None else ("ok" if r[0] <= target else "MISS") + f" (<= {target:g}x)"
        rows.append((label, r, verdict))
        print(f"{label:<34} {r[0]:>6.2f}x  ({r[1]:.2f}-{r[2]:.2f})  {verdict}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        dirs = {}
        for scale in scales:
            d = Path(tmp) / f"x{scale}"
            d.mkdir()
            if scale > 1:
                synthetic.write(scale, d)
            dirs[scale] = {**env, "CANIREQUIRE_DATA_DIR": str(d)}
        x1 = dirs[1]
        print(f"{'B / A':<34} {'median':>7}  (min-max of {args.pairs} pairs)")
        row("import click / python -c pass", [PY, "-c", "pass"], [PY, "-c", "import click"], x1)
        row("--version / python -c pass", [PY, "-c", "pass"], [*CLI, "--version"], x1)
        row("check (text, piped) / anchor", [PY, str(HERE / "anchor.py")], [*CLI, *CHECK], x1)
        row("check --format json / anchor", [PY, str(HERE / "anchor.py")], [*CLI, *CHECK, "--format", "json"], x1)
        row("when / check", [*CLI, *CHECK], [*CLI, "when", "rust", "1.85", "--on", "2025-05-06"], x1)
        row("roadmap / check", [*CLI, *CHECK], [*CLI, "roadmap", "--on", "2026-11-26"], x1)
        row("can-use / check", [*CLI, *CHECK], [*CLI, "can-use", "rust:c_str_literals", "--on", "2025-05-06"], x1)
        for scale in scales:
            row(f"report / check  (x{scale})", [*CLI, *CHECK],
                [*CLI, "report", "--on", "2026-11-26", "-o", os.devnull], dirs[scale], target_key="report / check")
        for scale in scales[1:]:
            row(f"check x{scale} / check x1", [*CLI, *CHECK], [*CLI, *CHECK], x1, dirs[scale],
                target_key="check x100 / check x1" if scale == 100 else "")
        base_facts, base_rss = peak_rss(Path(x1["CANIREQUIRE_DATA_DIR"]), env)
        for scale in scales[1:]:
            facts, rss = peak_rss(Path(dirs[scale]["CANIREQUIRE_DATA_DIR"]), env)
            per_fact = (rss - base_rss) / (facts - base_facts)
            verdict = ("ok" if per_fact <= MEMORY_TARGET else "MISS") + f" (<= {MEMORY_TARGET} B)"
            print(f"{f'peak RSS per fact (x{scale})':<34} {per_fact:>6.0f} B  ({facts} facts)  {verdict}")


if __name__ == "__main__":
    main()
