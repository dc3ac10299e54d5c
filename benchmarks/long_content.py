"""Growth with the size of one piece of content: a table of N rows with a note in each, a quote of N paragraphs
with a note in each, one paragraph citing N sources. Each is built (one audience, a PDF and a Word file,
``--jobs 1``) at N and at 4N, in fresh processes, the two sizes alternately; reported as the median of the
paired ratios (4N over N) with their range, and each size's median seconds. Linear is 4x, less the fixed
cost of a build; quadratic nears 16x.

With ``--against DIR`` (another checkout) it pairs this tree with that one at 4N instead, alternately.

    python benchmarks/long_content.py [ROUNDS] [--n N] [--only table,quote,citations] [--against DIR]
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

DOSSIER = """id: long
title: Long content
organisation: {name: Bench Org}
date: 2026-01-01
audiences:
  all:
    label: Everything
    template: diplomats
    clearance: TLP:AMBER
    framing:
      purpose: What the long content shows [@S0].
      key_messages: ['A key message [@S1].']
"""


def body(shape: str, n: int) -> str:
    if shape == "table":
        return "| Name | Held at | Since |\n|---|---|---|\n" + "".join(
            f"| Person {i} | Camp {i % 7} [@S1, p. {i}] | 2018 |\n" for i in range(n))
    if shape == "quote":
        return "\n>\n".join(f"> Witness paragraph {i} of a long testimony [@S1, p. {i}]." for i in range(n))
    return " ".join(f"Claim {i} [@S{i}]." for i in range(n))  # citations: one paragraph citing n sources


def make(root: Path, shape: str, n: int) -> Path:
    (root / "findings").mkdir(parents=True)
    (root / "dossier.yaml").write_text(DOSSIER)
    (root / "asks.yaml").write_text("- {id: ask, audiences: [all], text: 'Read the findings [@S2].'}\n")
    text = "\n".join("  " + line if line else "" for line in body(shape, n).splitlines())
    (root / "findings" / "a.yaml").write_text(f"id: a\ntitle: Long {shape}\nsummary: One long finding.\n"
                                              f"confidence: reported\nbody: |\n{text}\n")
    sources = max(n, 3) if shape == "citations" else 3
    (root / "sources.yaml").write_text("".join(
        f"- {{id: S{i}, type: report, title: Report {i}, author: [{{literal: Body {i}}}], issued: 2022-05-01, "
        f"URL: 'https://example.org/{i}', accessed: 2024-01-01}}\n" for i in range(sources)))
    return root


def run(root: Path, out: Path, code: Path | None) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", str(root), "-o", str(out), "-j", "1"],
                            capture_output=True, text=True, env=user_env(code), cwd=str(root.parent))
    if result.returncode:
        sys.exit(result.stderr[-2000:])
    return time.perf_counter() - start


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="growth with the size of one table, quote or paragraph")
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--only", default="table,quote,citations")
    parser.add_argument("--against", type=Path, help="another checkout, paired with this tree at 4N")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent.parent
    other = args.against and args.against.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.only.split(","):
            small = make(Path(tmp) / f"{shape}-small", shape, args.n)
            large = make(Path(tmp) / f"{shape}-large", shape, 4 * args.n)
            a = (large, here) if other else (small, here)
            b = (large, other) if other else (large, here)
            run(a[0], Path(tmp) / "out", a[1])  # warm up both: bytecode, font cache
            run(b[0], Path(tmp) / "out", b[1])
            times: list[tuple[float, float]] = []
            for _ in range(args.rounds):
                ta = run(a[0], Path(tmp) / "out", a[1])
                tb = run(b[0], Path(tmp) / "out", b[1])
                times.append((ta, tb))
            ratios = [tb / ta for ta, tb in times] if not other else [ta / tb for ta, tb in times]
            what = "this tree / other at 4N" if other else "4N / N"
            print(f"{shape:9} N={args.n}: {what} {statistics.median(ratios):.2f}x "
                  f"({min(ratios):.2f}-{max(ratios):.2f}, {len(times)} pairs); "
                  f"{statistics.median(t[0] for t in times):.2f} s and {statistics.median(t[1] for t in times):.2f} s")


if __name__ == "__main__":
    main()
