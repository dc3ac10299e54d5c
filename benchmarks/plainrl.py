"""Plain ReportLab, the way its users set text: the baseline the PDF benchmarks measure briefgen against
(``pdf_stage.py``, ``pdf_tagging.py``, ``floors.py``). Paragraphs in ReportLab's sample style sheet, the
theme's TrueType files registered as its fonts, ``SimpleDocTemplate``. It imports ReportLab only: a fresh
process that uses it (``floors.py``) imports nothing of briefgen."""

from __future__ import annotations

from xml.sax.saxutils import escape


def register(base: str, files: dict) -> dict:
    """A family's TrueType files (style -> path) registered with ReportLab as ``base-style`` and as one family:
    the fonts' names by style."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {style: f"{base}-{style}" for style in files}
    for style, name in names.items():
        pdfmetrics.registerFont(TTFont(name, str(files[style])))
    pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bolditalic"])
    return names


def styles(body: dict | None = None, heading: dict | None = None):
    """ReportLab's sample style sheet: body text in ``body``'s regular face, headings in ``heading``'s bold
    (Heading3 in its bold italic: the sample's is bold oblique); its built-in Type 1 Helvetica without them."""
    from reportlab.lib.styles import getSampleStyleSheet

    sheet = getSampleStyleSheet()
    if body is not None:
        heading = heading or body
        sheet["BodyText"].fontName = body["regular"]
        sheet["Heading1"].fontName = sheet["Heading2"].fontName = heading["bold"]
        sheet["Heading3"].fontName = heading["bolditalic"]
    return sheet


def story(texts, notes, sheet) -> list:
    """Each (heading level or 0, text) as a heading or a body paragraph, then the notes, numbered."""
    from reportlab.platypus import Paragraph

    out = [Paragraph(escape(t), sheet[f"Heading{min(level, 3)}"] if level else sheet["BodyText"])
           for level, t in texts]
    return out + [Paragraph(f"{i}. {escape(t)}", sheet["BodyText"]) for i, t in enumerate(notes, 1)]


def build(flowables: list, out) -> int:
    """Set ``flowables`` on A4 pages into ``out`` (a file or buffer): the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    template = SimpleDocTemplate(out, pagesize=A4)
    template.build(flowables)
    return template.page
