"""Time the preview's rebuild after a one-word edit to one finding of the sample, in one warm process.

Targets (issue 17): a rebuild of every brief of the sample (six files when the issue was written) <= 0.5 s, and of one
audience <= 0.25 s, on the 2-core machine. What is timed is ``Rebuilder.rebuild``, all that ``briefgen
preview`` does on a save (load, select, render, the writers, the files written, the lint) but the watcher's
wait for the end of a burst of saves (50 ms) and the page's own reload.

A warm-up builds once; then each round edits a word of a finding that every audience prints (a new word each
time: a word seen before would be taken from the cache) and rebuilds (A) every audience, (S) every audience
while a page shows the first one's brief, then (B) each audience alone, by a rebuilder restricted to it, so
that A, S and the Bs share the machine's noise. S is timed twice: until the brief on screen is built and what
its page asks for first is made (its Word text and first page images: ``Renderings.prepare``), and until
every brief is. A last line times a save that changes nothing (every writer's output taken from the cache).

    python benchmarks/preview_rebuild.py [ROUNDS] [--jobs N]
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "briefs" / "xinjiang-police-files"
FINDING = Path("findings") / "shoot-to-kill-protocols.yaml"
WORD = "guards"
TARGET_ALL, TARGET_ONE = 0.5, 0.25


def main() -> None:
    args = sys.argv[1:]
    jobs = None
    if "--jobs" in args:
        at = args.index("--jobs")
        jobs = int(args[at + 1])
        del args[at:at + 2]
    rounds = int(args[0]) if args else 9
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764000000")

    from briefgen.jobs import default_jobs
    from briefgen.preview import start_workers
    from briefgen.preview.rebuild import Rebuilder
    from briefgen.preview.views import Renderings

    jobs = default_jobs() if jobs is None else jobs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "d"
        shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
        # The edits change an English finding the French audience prints translated: not strict here, so that
        # every rebuild succeeds (its French is printed, stale, with a warning), as a team previewing would see.
        dossier = root / "dossier.yaml"
        dossier.write_text(dossier.read_text(encoding="utf-8").replace("    translations: strict", ""),
                           encoding="utf-8")
        finding = root / FINDING
        original = finding.read_text(encoding="utf-8")
        pool = start_workers(jobs)
        try:
            every = Rebuilder(root, pool=pool, jobs=None if pool else 1)
            names = [b.audience for b in every.rebuild().briefs]
            files = sum(len(b.files) for b in every.state.briefs)
            alone = {n: Rebuilder(root, audiences=[n], pool=pool, jobs=None if pool else 1) for n in names}
            for r in alone.values():
                r.rebuild()
            shows = Rebuilder(root, pool=pool, jobs=None if pool else 1)  # a page shows the first brief
            shows.rebuild()
            shows.watch(names[0], 1)
            renderings, shown = Renderings(), []

            def prepare(state, audiences) -> None:
                renderings.prepare(state, audiences)
                if state.pending:
                    shown.append(time.perf_counter())

            shows.prepare = prepare
            times: dict[str, list[float]] = {"all": [], "shown": [], "shown all": [], **{n: [] for n in names}}
            edits = 0

            def timed(label: str, rebuilder: Rebuilder) -> float:
                nonlocal edits
                edits += 1
                finding.write_text(original.replace(WORD, f"{WORD}{edits}", 1), encoding="utf-8")
                start = time.perf_counter()
                state = rebuilder.rebuild()
                times[label].append(time.perf_counter() - start)
                assert not state.failed and state.written == sum(len(b.files) for b in state.briefs), state
                return start

            for _ in range(rounds):
                timed("all", every)
                start = timed("shown all", shows)
                times["shown"].append(shown.pop() - start)
                for n in names:
                    timed(n, alone[n])
            every.rebuild()  # the state the one-audience rebuilds left: then saves that change nothing
            unchanged = []
            for _ in range(rounds):
                start = time.perf_counter()
                assert every.rebuild().written == 0
                unchanged.append(time.perf_counter() - start)
        finally:
            if pool is not None:
                pool.shutdown()

    def line(label: str, values: list[float], target: float | None) -> str:
        median = statistics.median(values)
        verdict = f"  (target <= {target} s: {'OK' if median <= target else 'OVER'})" if target else ""
        return f"{label:36} median {median:.3f} s  ({min(values):.3f}-{max(values):.3f}){verdict}"

    workers = f"{jobs} worker processes" if pool else "in this process"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())  # others' work on a shared machine shows here
    print(f"preview rebuild after a one-word edit, {rounds} rounds, writers {workers}, {os.cpu_count()} CPUs "
          f"(load average after: {load})")
    print(line(f"every audience ({files} files)", times["all"], TARGET_ALL))
    print(line(f"a page shows {names[0]}: it is ready", times["shown"], None))
    print(line("  ... and every audience is", times["shown all"], None))
    for n in names:
        print(line(f"one audience: {n}", times[n], TARGET_ONE))
    print(line("a save that changes nothing", unchanged, None))


if __name__ == "__main__":
    main()
