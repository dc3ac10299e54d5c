"""What the stage benchmarks share: a synthetic dossier's document tree, one measurement per child process
(so that peak memory is its own), briefgen and each baseline measured alternately, round by round
(``--rounds R``, 3 unless told), and the report against the issue's targets: medians, and the median of the
paired ratios with their range (on a shared machine only paired figures compare)."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def paragraphs(doc):
    """(heading level or 0, plain text) of every heading and paragraph, and the notes' plain texts."""
    from briefgen.tree import Heading, Para, plain_text, walk

    items = []
    walk(doc.blocks, block_fn=lambda b: items.append(b) if isinstance(b, (Heading, Para)) else None)
    texts = [(b.level if isinstance(b, Heading) else 0, plain_text(b.children)) for b in items]
    return texts, [plain_text(note.children) for note in doc.notes]


def measure(functions: dict, kind: str, n: int) -> dict:
    """In the child: build the tree of ``n`` synthetic findings, then time ``functions[kind](doc, theme)``,
    which returns (bytes, pages or None)."""
    sys.path.insert(0, str(HERE))
    from synth import make_dossier

    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan

    with tempfile.TemporaryDirectory() as tmp:
        root = make_dossier(Path(tmp) / "d", n)
        doc = plan(root).documents["all"]
        theme = load_theme(root)
        start = time.perf_counter()
        data, pages = functions[kind](doc, theme)[:2]  # a writer's Written: (data, pages, warnings)
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "bytes": len(data), "pages": pages, "notes": len(doc.notes)}


def run_child(script: str, kind: str, n: int) -> dict:
    """One measurement, in a child process of its own (``script --child KIND N``): its JSON result."""
    out = subprocess.run([sys.executable, script, "--child", kind, str(n)], capture_output=True, text=True,
                         env=dict(os.environ, SOURCE_DATE_EPOCH="1764000000"), check=False)
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout)


def child_or_main(script: str, functions: dict, baseline: str | dict, ratio_target: float) -> None:
    """Run as the child (``--child KIND N``) or as the benchmark: sizes from the command line.

    ``baseline`` names what the function ``plain`` measures; or it maps function names to what they measure,
    each timed in the same run beside briefgen, the first being the one the ratio target applies to."""
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(measure(functions, sys.argv[2], int(sys.argv[3]))))
        return

    def run(kind: str, n: int) -> dict:
        return run_child(script, kind, n)

    baselines = baseline if isinstance(baseline, dict) else {"plain": baseline}
    target = next(iter(baselines))

    def pages(result: dict) -> str:
        return "-" if result["pages"] is None else str(result["pages"])

    args = sys.argv[1:]
    rounds = 3
    if "--rounds" in args:  # each size measured this many times, briefgen and each baseline alternately
        at = args.index("--rounds")
        rounds = int(args[at + 1])
        del args[at:at + 2]
    sizes = [int(a) for a in args] or [10, 100, 1000]
    results: dict[int, dict[str, list[dict]]] = {}

    def median(n: int, kind: str, key: str = "seconds") -> float:
        return statistics.median(r[key] for r in results[n][kind])

    def ratios(n: int, kind: str) -> list[float]:  # briefgen over ``kind``, round by round
        return [a["seconds"] / b["seconds"] for a, b in zip(results[n]["briefgen"], results[n][kind])]

    header = f"{'findings':>8}  {'notes':>6}  {'briefgen s':>10}  {'pages':>5}"
    for label in baselines.values():
        header += f"  {label + ' s':>{max(10, len(label) + 2)}}  {'pages':>5}  {'ratio (range)':>19}"
    print(f"{rounds} rounds per size, medians; ratios: the median of the paired ratios, with their range")
    print(header + f"  {'peak MB':>8}")
    for n in sizes:
        results[n] = {kind: [] for kind in ("briefgen", *baselines)}
        for _ in range(rounds):
            for kind in results[n]:
                results[n][kind].append(run(kind, n))
        ours = results[n]["briefgen"][0]
        line = f"{n:>8}  {ours['notes']:>6}  {median(n, 'briefgen'):>10.3f}  {pages(ours):>5}"
        for kind, label in baselines.items():
            r = ratios(n, kind)
            spread = f"{statistics.median(r):.2f} ({min(r):.2f}-{max(r):.2f})"
            line += (f"  {median(n, kind):>{max(10, len(label) + 2)}.3f}  {pages(results[n][kind][0]):>5}"
                     f"  {spread:>19}")
        print(line + f"  {max(x['peak_mb'] for x in results[n]['briefgen']):>8.0f}")
    if 100 in results and 1000 in results:
        for kind, label in baselines.items():
            print(f"{label} grows {median(1000, kind) / median(100, kind):.1f}x from 100 to 1,000 findings")
        for kind, label in baselines.items():
            r = ratios(1000, kind)
            ratio = statistics.median(r)
            verdict = f"(target <= {ratio_target}x): {'OK' if ratio <= ratio_target else 'OVER'}" if kind == target \
                else "(for comparison; no target)"
            print(f"1,000 findings: {ratio:.2f}x ({min(r):.2f}-{max(r):.2f}) {label} {verdict}")
        growth = median(1000, "briefgen") / median(100, "briefgen")
        peak = max(x["peak_mb"] for x in results[1000]["briefgen"])
        print(f"1,000 vs 100 findings: {growth:.1f}x (target <= 11x): {'OK' if growth <= 11 else 'OVER'}")
        print(f"peak memory at 1,000: {peak:.0f} MB (target < 200 MB): {'OK' if peak < 200 else 'OVER'}")
