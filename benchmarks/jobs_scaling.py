"""Default jobs against ``--jobs 1`` on synthetic dossiers of N findings (one audience, a PDF and a Word file,
2N sources): a whole `briefgen build` in a fresh process each time, the two alternately, reported as the
median of the paired ratios (default / -j 1) with their range.

Target (issue 18): default jobs never slower than -j 1. Large builds fork their workers once the plan is made,
so that the workers inherit the documents instead of reading them pickled (``briefgen/jobs.py``).

    python benchmarks/jobs_scaling.py [N ...] [--rounds R] [--against DIR]

With ``--against DIR`` (another checkout) it pairs this tree's default jobs with that tree's instead.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import make_dossier  # noqa: E402


def run(root: Path, out: Path, *extra: str, code: Path | None = None) -> float:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764000000")
    if code is not None:
        env["PYTHONPATH"] = str(code)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefgen", "build", str(root), "-o", str(out), *extra], check=True,
                   capture_output=True, env=env, cwd=str(out.parent))
    return time.perf_counter() - t


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="default jobs against -j 1 (or against another checkout)")
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000], metavar="N")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout, paired with this tree's default jobs")
    args = parser.parse_args()
    sizes, rounds, against = args.sizes, args.rounds, args.against and args.against.resolve()
    here = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            root = make_dossier(Path(tmp) / f"synth{n}", n, n_sources=2 * n)
            out = Path(tmp) / "out"
            out.mkdir(exist_ok=True)
            a_name, b_name = ("this tree", "other tree") if against else ("default jobs", "-j 1")
            ratios, a_times, b_times = [], [], []
            for _ in range(rounds):
                a = run(root, out, code=here)
                b = run(root, out, code=against) if against else run(root, out, "-j", "1", code=here)
                a_times.append(a)
                b_times.append(b)
                ratios.append(a / b)
            print(f"{n:>6} findings: {a_name} / {b_name}: median {statistics.median(ratios):.3f}x "
                  f"({min(ratios):.3f}-{max(ratios):.3f}, {rounds} pairs); medians {statistics.median(a_times):.2f} s "
                  f"and {statistics.median(b_times):.2f} s; load average {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
