"""Time the PDF stage on synthetic dossiers of 10, 100 and 1,000 findings, beside plain ReportLab laying out
the same paragraphs (headings and paragraphs of the same text, in ReportLab's sample styles, on the same
page size) in the same run.

Targets (issue 3): the PDF stage for 1,000 findings within 1.3x of that baseline; 1,000 findings costing no
more than 11x 100 findings; peak memory under 200 MB. Each measurement runs in its own process, so that peak
memory (ru_maxrss) is its own.

    python benchmarks/pdf_stage.py [SIZES ...]
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
            from briefgen.writers.pdf import write

            start = time.perf_counter()
            data, pages = write(doc, theme)
            seconds = time.perf_counter() - start
        else:
            import io
            from xml.sax.saxutils import escape

            from reportlab.lib.pagesizes import A4
            from reportlab.lib.styles import getSampleStyleSheet
            from reportlab.platypus import Paragraph, SimpleDocTemplate

            items = []
            walk(doc.blocks, block_fn=lambda b: items.append(b) if isinstance(b, (Heading, Para)) else None)
            texts = [(b.level if isinstance(b, Heading) else 0, escape(plain_text(b.children))) for b in items]
            notes = [escape(plain_text(note.children)) for note in doc.notes]
            start = time.perf_counter()
            styles = getSampleStyleSheet()
            story = [Paragraph(t, styles[f"Heading{min(lvl, 3)}"] if lvl else styles["BodyText"]) for lvl, t in texts]
            story += [Paragraph(f"{i}. {t}", styles["BodyText"]) for i, t in enumerate(notes, 1)]
            buf = io.BytesIO()
            template = SimpleDocTemplate(buf, pagesize=A4)
            template.build(story)
            data, pages = buf.getvalue(), template.page
            seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "pages": pages, "notes": len(doc.notes)}


def run(kind: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(n)], capture_output=True, text=True,
                         env=dict(os.environ, SOURCE_DATE_EPOCH="1764000000"))
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    results = {}
    print(f"{'findings':>8}  {'pages':>6}  {'briefgen s':>10}  {'plain s':>8}  {'ratio':>6}  {'peak MB':>8}")
    for n in sizes:
        ours, plain = run("briefgen", n), run("plain", n)
        results[n] = (ours, plain)
        print(f"{n:>8}  {ours['pages']:>6}  {ours['seconds']:>10.3f}  {plain['seconds']:>8.3f}  "
              f"{ours['seconds'] / plain['seconds']:>6.2f}  {ours['peak_mb']:>8.0f}")
    if 100 in results and 1000 in results:
        ours100, ours1000 = results[100][0]["seconds"], results[1000][0]["seconds"]
        ratio = ours1000 / results[1000][1]["seconds"]
        growth = ours1000 / ours100
        peak = results[1000][0]["peak_mb"]
        print(f"1,000 findings: {ratio:.2f}x plain ReportLab (target <= 1.3x): {'OK' if ratio <= 1.3 else 'OVER'}")
        print(f"1,000 vs 100 findings: {growth:.1f}x (target <= 11x): {'OK' if growth <= 11 else 'OVER'}")
        print(f"peak memory at 1,000: {peak:.0f} MB (target < 200 MB): {'OK' if peak < 200 else 'OVER'}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
