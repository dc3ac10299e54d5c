"""Default jobs against ``--jobs 1`` on synthetic dossiers of N findings (one audience, a PDF and a Word file,
2N sources): a whole `briefgen build` in a fresh process each time, the two alternately (each first in
every other pair), reported as the median of the paired ratios (default / -j 1) with their range.

Target (issue 18): default jobs never slower than -j 1; 10,000 findings in 15 s and 350 MB (the peak memory
printed is the largest process of a build's tree, as ``/usr/bin/time`` reports it). Large builds fork their
workers once the plan is made, so that the workers inherit the documents instead of reading them pickled
(``briefgen/jobs.py``).

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
from userenv import user_env  # noqa: E402


def run(root: Path, out: Path, *extra: str, code: Path | None = None) -> tuple[float, float]:
    """The wall time of one build, and its peak memory in MB: that of the largest process of its tree."""
    env = user_env(code)  # bytecode kept, as an install has it (userenv.py)
    t = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "briefgen", "build", str(root), "-o", str(out), *extra],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=str(out.parent))
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)  # the build's rusage, with the workers it waited for
    elapsed = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status):
        sys.exit(errors.decode())
    return elapsed, usage.ru_maxrss / 1024


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
            ratios, a_runs, b_runs = [], [], []

            def this(root=root, out=out):
                return run(root, out, code=here)

            def other(root=root, out=out):
                return run(root, out, code=against) if against else run(root, out, "-j", "1", code=here)

            for i in range(rounds):  # alternately, each side first in every other pair
                if i % 2:
                    b = other()
                    a = this()
                else:
                    a = this()
                    b = other()
                a_runs.append(a)
                b_runs.append(b)
                ratios.append(a[0] / b[0])
            median = statistics.median
            print(f"{n:>6} findings: {a_name} / {b_name}: median {median(ratios):.3f}x "
                  f"({min(ratios):.3f}-{max(ratios):.3f}, {rounds} pairs); "
                  f"medians {median(r[0] for r in a_runs):.2f} s and {median(r[0] for r in b_runs):.2f} s, "
                  f"peak memory {median(r[1] for r in a_runs):.0f} MB and {median(r[1] for r in b_runs):.0f} MB; "
                  f"load average {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
