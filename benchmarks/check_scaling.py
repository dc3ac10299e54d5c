"""`briefgen check` of synthetic dossiers of 1,000 and 10,000 findings (sources growing as 2N, each from its
own publisher, so that the dossiers check clean of errors and check writes every brief in memory), in fresh
processes, the two sizes alternately, reported as the median of the paired ratios (10,000 over 1,000) with
their range, each size's median seconds and peak memory.

Target (issue 18): growth from 1,000 to 10,000 findings at most 11x.

    python benchmarks/check_scaling.py [ROUNDS] [--jobs N]     (default: 3 rounds, default jobs)
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import make_dossier  # noqa: E402

HERE = Path(__file__).resolve().parent.parent


def run(root: Path, jobs: list[str]) -> tuple[float, float]:
    """One check in a fresh process: its seconds and its peak memory in MB (the largest process's)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764000000", PYTHONPATH=str(HERE))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefgen", "check", str(root), *jobs], capture_output=True,
                            text=True, env=env, cwd=str(root.parent))
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(result.stderr[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="check of 1,000 and 10,000 findings, alternately")
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    parser.add_argument("--jobs", help="as briefgen's -j (default: briefgen's default jobs)")
    args = parser.parse_args()
    jobs = ["-j", args.jobs] if args.jobs else []
    rounds = args.rounds
    with tempfile.TemporaryDirectory() as tmp:
        roots = {n: make_dossier(Path(tmp) / f"c{n}", n, n_sources=2 * n, publishers=2 * n) for n in (1000, 10000)}
        times: dict[int, list[float]] = {1000: [], 10000: []}
        peaks: dict[int, float] = {}
        for _ in range(rounds):
            for n, root in roots.items():
                seconds, peak = run(root, jobs)
                times[n].append(seconds)
                peaks[n] = peak  # RUSAGE_CHILDREN keeps the largest so far: the 10,000's once it has run
        ratios = [b / a for a, b in zip(times[1000], times[10000])]
        growth = statistics.median(ratios)
        print(f"check, {'default jobs' if not jobs else '-j ' + jobs[1]}, {rounds} rounds: 1,000 findings "
              f"{statistics.median(times[1000]):.2f} s, 10,000 findings {statistics.median(times[10000]):.2f} s "
              f"(peak {peaks[10000]:.0f} MB); growth {growth:.2f}x ({min(ratios):.2f}-{max(ratios):.2f}) "
              f"(target <= 11x): {'OK' if growth <= 11 else 'OVER'}")


if __name__ == "__main__":
    main()
