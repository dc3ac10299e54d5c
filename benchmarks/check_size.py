"""`briefgen check` on one finding whose body is 1, 3 and 10 MB of cited Markdown: time grows in proportion to
the text (issue 20: a 10 MB body took 239 s when positions were counted from the start of the text for every
citation). Each size is checked in a fresh process, three times; the median is reported with seconds per MB.

    python benchmarks/check_size.py [MB ...]
"""

from __future__ import annotations

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


def main() -> None:
    sizes = [float(a) for a in sys.argv[1:]] or [1, 3, 10]
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            root = make(Path(tmp) / f"d{mb}", mb)
            times = []
            for _ in range(3):
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "briefgen", "check", str(root), "-j", "1"], check=True,
                               capture_output=True)
                times.append(time.perf_counter() - start)
            med = statistics.median(times)
            print(f"{mb:5.1f} MB  median {med:6.2f} s  ({min(times):.2f}-{max(times):.2f})  {med / mb:5.2f} s/MB")


if __name__ == "__main__":
    main()
