"""What tagging costs: the PDF stage at 1,000 findings, tagged (PDF/UA-1: structure tree, marked content,
XMP) and untagged, beside plain ReportLab laying out the same paragraphs in the same TrueType fonts
(``pdf_stage.plain``), run alternately in child processes (one measurement each, its own peak memory), and
reported as the median of the paired ratios with their range (issue 16: tagged at most 1.35x plain
ReportLab; peak memory at most 150 MB).

    python benchmarks/pdf_tagging.py [FINDINGS] [ROUNDS]      (default: 1000 findings, 5 rounds)
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdf_stage import plain  # noqa: E402
from stagebench import measure, run_child  # noqa: E402


def tagged(doc, theme):
    from briefgen.writers.pdf import layout

    return layout(doc, theme, verify=True)[:2]


def untagged(doc, theme):
    from briefgen.writers.pdf import layout

    return layout(doc, theme, verify=True, tagged=False)[:2]


KINDS = {"tagged": tagged, "untagged": untagged, "plain": plain}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(measure(KINDS, sys.argv[2], int(sys.argv[3]))))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5

    def run(kind: str) -> dict:
        return run_child(__file__, kind, n)

    results = {k: [] for k in KINDS}
    for _ in range(rounds):
        for kind in KINDS:
            results[kind].append(run(kind))

    def ratio(a: str, b: str) -> str:
        r = [x["seconds"] / y["seconds"] for x, y in zip(results[a], results[b])]
        return f"{statistics.median(r):.3f}x ({min(r):.3f}-{max(r):.3f})"

    for kind in KINDS:
        secs = statistics.median(x["seconds"] for x in results[kind])
        peak = max(x["peak_mb"] for x in results[kind])
        print(f"{kind:>9}: median {secs:.2f} s, peak {peak:.0f} MB, {results[kind][0]['pages']} pages")
    print(f"{n} findings, {rounds} rounds, paired: tagged / plain ReportLab {ratio('tagged', 'plain')}; "
          f"untagged / plain {ratio('untagged', 'plain')}; tagged / untagged {ratio('tagged', 'untagged')}")


if __name__ == "__main__":
    main()
