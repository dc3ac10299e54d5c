"""`briefgen check` on one finding whose body is 1, 3 and 10 MB of cited Markdown: time grows in proportion to
the text (issue 20: a 10 MB body took 239 s when positions were counted from the start of the text for every
citation). Each size is checked in a fresh process, three times; the median is reported with seconds per MB.

With ``--against DIR`` (another checkout of briefgen, or any folder holding a ``briefgen`` package) it checks
each dossier with this tree and that one alternately, pair by pair (``--pairs N``, 3 unless told), and reports
the median of the paired ratios (this tree's time over the other's) with their range, and each tree's median:
on a shared, noisy machine only paired figures compare. It says so when the two trees report different
diagnostics.

``--jobs N`` checks with N jobs (1 unless told: the PDF and the Word file written one after the other;
with 2, the default on a 2-core machine, side by side).

    python benchmarks/check_size.py [MB ...] [--against DIR] [--pairs N] [--jobs N]
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

WORDS = "detention facility police county records protocol guard transfer speech secretary leak files".split()


def make(root: Path, megabytes: float) -> Path:
    rng = random.Random(1)
    (root / "findings").mkdir(parents=True, exist_ok=True)
    (root / "dossier.yaml").write_text("id: big\ntitle: Big\norganisation: {name: X}\ndate: 2026-01-01\naudiences:\n"
                                       "  all: {label: All, template: diplomats, clearance: TLP:AMBER,\n"
                                       "        framing: {purpose: P., key_messages: [K.]}}\n")
    (root / "asks.yaml").write_text("- {id: ask, audiences: [all], text: Read it.}\n")
    (root / "sources.yaml").write_text("- {id: S1, title: A source, type: report, issued: 2022}\n")
    paras, total = [], 0
    while total < megabytes * 1_000_000:
        paras.append(" ".join(rng.choice(WORDS) for _ in range(80)) + " [@S1].")
        total += len(paras[-1]) + 2
    body = textwrap.indent("\n\n".join(paras), "  ")
    (root / "findings" / "f.yaml").write_text(f"id: f\ntitle: T\nsummary: S\nconfidence: reported\nbody: |\n{body}\n")
    return root


HERE = Path(__file__).resolve().parent.parent  # this tree
JOBS = ["-j", "1"]  # --jobs


def run(root: Path, code: Path = HERE) -> tuple[float, str]:
    """One `briefgen check` of ``root`` in a fresh process (``code``: the folder to import briefgen from):
    its seconds and what it reported."""
    env = dict(os.environ, PYTHONPATH=str(code))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefgen", "check", str(root), *JOBS], capture_output=True,
                            text=True, env=env, cwd=tempfile.gettempdir())
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(result.stderr)
    return elapsed, result.stderr


def paired(sizes: list[float], other: Path, pairs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            root = make(Path(tmp) / f"d{mb}", mb)
            _, mine = run(root)  # warm: the file cache, each tree's __pycache__
            _, theirs = run(root, other)
            if mine != theirs:
                print(f"{mb:5.1f} MB  note: the two trees report different diagnostics")
            ratios, a, b = [], [], []
            for _ in range(pairs):
                a.append(run(root)[0])
                b.append(run(root, other)[0])
                ratios.append(a[-1] / b[-1])
            print(f"{mb:5.1f} MB  this tree / other: median {statistics.median(ratios):.2f}x "
                  f"({min(ratios):.2f}-{max(ratios):.2f}, {pairs} pairs); medians {statistics.median(a):6.2f} s "
                  f"and {statistics.median(b):6.2f} s")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="briefgen check of one large finding body")
    parser.add_argument("sizes", nargs="*", type=float, default=[1, 3, 10], metavar="MB")
    parser.add_argument("--against", type=Path, help="another checkout, checked alternately with this one")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--jobs", default="1")
    args = parser.parse_args()
    JOBS[1] = args.jobs
    sizes, other, pairs = args.sizes, args.against and args.against.resolve(), args.pairs
    if other is not None:
        return paired(sizes, other, pairs)
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            root = make(Path(tmp) / f"d{mb}", mb)
            times = [run(root)[0] for _ in range(3)]
            med = statistics.median(times)
            print(f"{mb:5.1f} MB  median {med:6.2f} s  ({min(times):.2f}-{max(times):.2f})  {med / mb:5.2f} s/MB")


if __name__ == "__main__":
    main()
