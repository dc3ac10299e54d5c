"""Pictures in the Word file: a figure as large as in the PDF, the logo, an image a table cell holds alone;
each with its description as alternative text (``wp:docPr/@descr``), which Word's accessibility checker and
screen readers read, as the tagged PDF's Figure has its Alt."""

from __future__ import annotations

from docx.shared import Cm, Emu, Mm, Pt

from ... import tree as T
from ..images import prepared
from ..sizing import cell_image_size, figure_size

LOGO_HEIGHT_MM = 14


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
    """An image a table cell holds alone, in its first paragraph, sized as in the PDF (``writers.sizing``) in
    the cell's share of the width (``width``, EMU, less its padding)."""
    from docx.image.image import Image

    img = Image.from_file(prepared(f.src))
    w, h = cell_image_size((img.px_width, img.px_height), Emu(width - Mm(4)).pt)
    described(paragraph.add_run().add_picture(prepared(f.src), width=Pt(w), height=Pt(h)), alt or "Figure")
