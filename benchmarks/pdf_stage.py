"""Time the PDF stage on synthetic dossiers of 10, 100 and 1,000 findings, beside plain ReportLab laying out
the same paragraphs (headings and paragraphs of the same text, in ReportLab's sample styles and built-in
fonts, on the same page size) in the same run.

Targets (issue 3): the PDF stage for 1,000 findings within 1.3x of that baseline; 1,000 findings costing no
more than 11x 100 findings; peak memory under 200 MB.

    python benchmarks/pdf_stage.py [SIZES ...]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stagebench import child_or_main, paragraphs  # noqa: E402


def ours(doc, theme):
    from briefgen.writers.pdf import write

    return write(doc, theme)


def plain(doc, theme):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    texts, notes = paragraphs(doc)
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(t), styles[f"Heading{min(lvl, 3)}"] if lvl else styles["BodyText"]) for lvl, t in texts]
    story += [Paragraph(f"{i}. {escape(t)}", styles["BodyText"]) for i, t in enumerate(notes, 1)]
    buf = io.BytesIO()
    template = SimpleDocTemplate(buf, pagesize=A4)
    template.build(story)
    return buf.getvalue(), template.page


if __name__ == "__main__":
    child_or_main(__file__, {"briefgen": ours, "plain": plain}, "ReportLab", 1.3)
