"""Time the DOCX stage on synthetic dossiers of 10, 100 and 1,000 findings, beside plain python-docx writing
the same paragraphs (its convenience API: add_heading, add_paragraph with a style name) in the same run.

Targets (issue 4): the DOCX stage for 1,000 findings at most 40% of plain python-docx's time; 1,000 findings
costing no more than 11x 100 findings; peak memory under 200 MB.

    python benchmarks/docx_stage.py [SIZES ...] [--rounds R]    (3 rounds unless told)
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stagebench import child_or_main, paragraphs  # noqa: E402


def ours(doc, theme):
    from briefgen.writers.docx import write

    return write(doc, theme)


def plain(doc, theme):
    import docx

    texts, notes = paragraphs(doc)
    d = docx.Document()
    for level, text in texts:
        if level:
            d.add_heading(text, level=min(level, 3))
        else:
            d.add_paragraph(text, style="Normal")
    for i, text in enumerate(notes, 1):  # the notes, as a numbered list at the end
        d.add_paragraph(f"{i}. {text}", style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue(), None


if __name__ == "__main__":
    child_or_main(__file__, {"briefgen": ours, "plain": plain}, "python-docx", 0.4)
