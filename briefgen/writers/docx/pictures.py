"""Pictures in the Word file: a figure as large as in the PDF, the logo, an image a table cell holds alone;
each with its description as alternative text (``wp:docPr/@descr``), which Word's accessibility checker and
screen readers read, as the tagged PDF's Figure has its Alt."""

from __future__ import annotations

from docx.shared import Cm, Emu, Mm, Pt

from ... import tree as T
from ..images import prepared
from ..sizing import figure_size

LOGO_HEIGHT_MM = 14
CELL_WIDTH_MM, CELL_HEIGHT_MM = 35, 45  # as in the PDF (writers/pdf/figures.py)


def described(shape, text: str):
    """The inline picture ``shape`` (python-docx's InlineShape) with ``text`` as its alternative text."""
    shape._inline.docPr.set("descr", text)
    return shape


def figure(d, f: T.Figure, text_width) -> None:
    """A figure's picture in a paragraph of its own, as large as in the PDF (a tall image filled the page)."""
    from docx.image.image import Image

    section, img = d.sections[-1], Image.from_file(prepared(f.src))
    room = section.page_height - section.top_margin - section.bottom_margin
    w, h = figure_size((img.px_width, img.px_height), Emu(min(text_width, Cm(14))).pt, Emu(room).pt)
    described(d.add_picture(prepared(f.src), width=Pt(w), height=Pt(h)), T.plain_text(f.caption))


def cell_picture(paragraph, f: T.Figure, alt: str, width) -> None:
    """An image a table cell holds alone, in its first paragraph: at most the cell's share of the width
    (``width``, EMU) and 35 by 45 mm."""
    from docx.image.image import Image

    img = Image.from_file(prepared(f.src))
    scale = min(Emu(width - Mm(4)).pt / img.px_width, Mm(CELL_WIDTH_MM).pt / img.px_width,
                Mm(CELL_HEIGHT_MM).pt / img.px_height)
    shape = paragraph.add_run().add_picture(prepared(f.src), width=Pt(img.px_width * scale),
                                            height=Pt(img.px_height * scale))
    described(shape, alt or "Figure")
