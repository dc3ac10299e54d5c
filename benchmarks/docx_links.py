"""Word files with many sources: python-docx's ``relate_to`` against briefgen's ``LinkIds`` for the
hyperlinks, alternately, in child processes (one measurement each), on synthetic dossiers of N findings
citing 2N sources (issue 18: 3.7 s at 1,000 findings, 10.3 s at 2,000, 38.7 s at 4,000).

    python benchmarks/docx_links.py [SIZES ...]      (default: 1000 2000 4000; 3 pairs each)

It prints the Word writer's seconds for each, the median of the paired ratios with their range, and the
growth of each from the smallest size to the largest (linear is the ratio of the sizes).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from stagebench import run_child  # noqa: E402

PAIRS = 3


def child(kind: str, n: int) -> dict:
    from synth import make_dossier

    from briefgen.pipeline import plan
    from briefgen.load.theme import load_theme
    from briefgen.writers.docx import blocks, write

    if kind == "relate_to":  # what the writer did before: python-docx's own look-up, per link
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        class RelateTo:
            def __init__(self, part):
                self.part = part

            def get(self, target):
                return self.part.relate_to(target, RT.HYPERLINK, is_external=True)

        blocks.LinkIds = RelateTo
    with tempfile.TemporaryDirectory() as tmp:
        root = make_dossier(Path(tmp) / "d", n, n_sources=2 * n)
        doc = plan(root).documents["all"]
        theme = load_theme(root)
        start = time.perf_counter()
        data = write(doc, theme)[0]
        return {"seconds": time.perf_counter() - start, "bytes": len(data)}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 2000, 4000]

    def run(kind: str, n: int) -> dict:
        return run_child(__file__, kind, n)

    medians = {}
    print(f"{'findings':>8}  {'relate_to s':>11}  {'LinkIds s':>9}  {'ratio (median, range)':>24}")
    for n in sizes:
        pairs = []
        for _ in range(PAIRS):
            old, new = run("relate_to", n), run("linkids", n)
            assert old["bytes"] == new["bytes"], "the two ways should write the same file"
            pairs.append((old["seconds"], new["seconds"]))
        ratios = [o / w for o, w in pairs]
        medians[n] = (statistics.median(o for o, _ in pairs), statistics.median(w for _, w in pairs))
        print(f"{n:>8}  {medians[n][0]:>11.2f}  {medians[n][1]:>9.2f}  "
              f"{statistics.median(ratios):>8.1f}x ({min(ratios):.1f}-{max(ratios):.1f})")
    lo, hi = sizes[0], sizes[-1]
    print(f"growth {lo} -> {hi} findings ({hi / lo:g}x the size): relate_to {medians[hi][0] / medians[lo][0]:.1f}x, "
          f"LinkIds {medians[hi][1] / medians[lo][1]:.1f}x")


if __name__ == "__main__":
    main()
