"""Time the DOCX stage on synthetic dossiers of 10, 100 and 1,000 findings, beside plain python-docx writing
the same paragraphs (its convenience API: add_heading, add_paragraph with a style name) in the same run.

Targets (issue 4): the DOCX stage for 1,000 findings at most 40% of plain python-docx's time; 1,000 findings
costing no more than 11x 100 findings; peak memory under 200 MB. Each measurement runs in its own process,
so that peak memory (ru_maxrss) is its own.

    python benchmarks/docx_stage.py [SIZES ...]
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(kind: str, n: int) -> dict:
    """Runs in a child process: build the dossier's document tree, then time one writer on it."""
    sys.path.insert(0, str(HERE))
    from synth import make_dossier

    from briefgen.build import plan
    from briefgen.theme import load_theme
    from briefgen.tree import Heading, Para, plain_text, walk

    with tempfile.TemporaryDirectory() as tmp:
        root = make_dossier(Path(tmp) / "d", n)
        p = plan(root)
        doc = p.documents["all"]
        theme = load_theme(root)
        if kind == "briefgen":
            from briefgen.writers.docx import write

            start = time.perf_counter()
            data, _ = write(doc, theme)
            seconds = time.perf_counter() - start
        else:
            import io

            import docx

            items = []
            walk(doc.blocks, block_fn=lambda b: items.append(b) if isinstance(b, (Heading, Para)) else None)
            notes = [plain_text(note.children) for note in doc.notes]
            start = time.perf_counter()
            d = docx.Document()
            for b in items:
                text = plain_text(b.children)
                if isinstance(b, Heading):
                    d.add_heading(text, level=min(b.level, 3))
                else:
                    d.add_paragraph(text, style="Normal")
            for i, text in enumerate(notes, 1):  # the notes, as a numbered list at the end
                d.add_paragraph(f"{i}. {text}", style="List Number")
            buf = io.BytesIO()
            d.save(buf)
            data = buf.getvalue()
            seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "bytes": len(data), "notes": len(doc.notes)}


def run(kind: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(n)], capture_output=True, text=True,
                         env=dict(os.environ, SOURCE_DATE_EPOCH="1764000000"))
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    results = {}
    print(f"{'findings':>8}  {'notes':>6}  {'briefgen s':>10}  {'plain s':>8}  {'ratio':>6}  {'peak MB':>8}")
    for n in sizes:
        ours, plain = run("briefgen", n), run("plain", n)
        results[n] = (ours, plain)
        print(f"{n:>8}  {ours['notes']:>6}  {ours['seconds']:>10.3f}  {plain['seconds']:>8.3f}  "
              f"{ours['seconds'] / plain['seconds']:>6.2f}  {ours['peak_mb']:>8.0f}")
    if 100 in results and 1000 in results:
        ours100, ours1000 = results[100][0]["seconds"], results[1000][0]["seconds"]
        plain100, plain1000 = results[100][1]["seconds"], results[1000][1]["seconds"]
        ratio = ours1000 / plain1000
        growth = ours1000 / ours100
        peak = results[1000][0]["peak_mb"]
        print(f"plain python-docx grows {plain1000 / plain100:.1f}x from 100 to 1,000 findings")
        print(f"1,000 findings: {ratio:.0%} of plain python-docx (target <= 40%): {'OK' if ratio <= 0.4 else 'OVER'}")
        print(f"1,000 vs 100 findings: {growth:.1f}x (target <= 11x): {'OK' if growth <= 11 else 'OVER'}")
        print(f"peak memory at 1,000: {peak:.0f} MB (target < 200 MB): {'OK' if peak < 200 else 'OVER'}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
