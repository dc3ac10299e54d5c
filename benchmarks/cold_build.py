"""Time a cold `briefgen build` of the sample (every audience in both formats, one command) as a user runs it.

Targets: under 1 s for every file of the sample (issue 2); the six files of the diplomats, lawmakers and press
(``--only diplomats,lawmakers,press``) in 0.45 s with the default jobs and 0.6 s with --jobs 1 (issue 18), on
the 2-core machine. Each run is a fresh interpreter, so imports count (bytecode kept, as an install has it:
``userenv.py``). Prints the best and median of several runs, with the default number of jobs and --jobs 1.

With ``--against DIR`` (another checkout of briefgen, or any folder holding a ``briefgen`` package) it
runs this tree and that one alternately, pair by pair, and reports the median of the paired ratios (this
tree's time over the other's) with their range: on a shared, noisy machine only paired figures compare.

``--only A,B`` builds those audiences only (``-a A -a B``): to pair against a version that lacks an audience
the sample has now (the Uyghur community bulletin came with issue 14).

    python benchmarks/cold_build.py [RUNS] [--against DIR] [--only A,B,C]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from userenv import user_env  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "briefs" / "xinjiang-police-files"
ONLY: list[str] = []  # the audiences to build (--only); all of them when empty


def audiences() -> list[str]:
    import yaml

    return ONLY or list(yaml.safe_load((SAMPLE / "dossier.yaml").read_text(encoding="utf-8"))["audiences"])


def run(out: Path, *extra: str, code: Path | None = None) -> float:
    env = user_env(code)  # bytecode kept, as an install has it (userenv.py)
    t = time.perf_counter()
    only = [x for a in ONLY for x in ("-a", a)]
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", str(SAMPLE), "--out", str(out), *only, *extra],
                            capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    elapsed = time.perf_counter() - t
    if result.returncode:
        sys.exit(result.stderr)
    n = len(audiences())
    assert len(list(out.glob("*.pdf"))) == n and len(list(out.glob("*.docx"))) == n
    return elapsed


def paired(runs: int, other: Path) -> None:
    here = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp) / "warm", code=here)
        run(Path(tmp) / "warm2", code=other)
        for label, extra in (("default jobs", ()), ("--jobs 1", ("--jobs", "1"))):
            ratios, mine, theirs = [], [], []
            for i in range(runs):
                a = run(Path(tmp) / f"a{i}", *extra, code=here)
                b = run(Path(tmp) / f"b{i}", *extra, code=other)
                mine.append(a), theirs.append(b), ratios.append(a / b)
            print(f"{label:12}  this tree / other: median {statistics.median(ratios):.2f}x "
                  f"({min(ratios):.2f}-{max(ratios):.2f}, {runs} pairs); medians {statistics.median(mine):.3f} s "
                  f"and {statistics.median(theirs):.3f} s")


def main() -> None:
    args = sys.argv[1:]
    if "--only" in args:
        at = args.index("--only")
        ONLY.extend(args[at + 1].split(","))
        del args[at:at + 2]
    if "--against" in args:
        at = args.index("--against")
        other = Path(args[at + 1]).resolve()
        del args[at:at + 2]
        return paired(int(args[0]) if args else 7, other)
    runs = int(args[0]) if args else 7
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp) / "warm")  # fill the OS file cache and __pycache__ once
        for label, extra in (("default jobs", ()), ("--jobs 1", ("--jobs", "1"))):
            times = [run(Path(tmp) / f"o{i}", *extra) for i in range(runs)]
            best, median = min(times), statistics.median(times)
            six = ONLY and sorted(ONLY) == ["diplomats", "lawmakers", "press"]
            target = (0.45 if label == "default jobs" else 0.6) if six else 1.0
            verdict = f"{'OK' if median <= target else 'OVER'} (target {target} s)"
            print(f"cold build, {2 * len(audiences())} files, {label:12}  best {best:.3f} s  median {median:.3f} s  "
                  f"{verdict}")


if __name__ == "__main__":
    main()
