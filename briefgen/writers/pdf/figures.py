"""Figures and the logo: an image scaled to the width it is given (the page's, or a box's inside), a figure
with its caption and credit kept with it, tagged as a Figure with its caption as alternative text."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Spacer

from ... import tree as T
from ..images import prepared
from ..sizing import cell_image_size, figure_size
from .tags import Tagged

LOGO_HEIGHT_MM = 14


class FigureImage(Tagged, Image):
    """A figure's image: a Figure element, with its alternative text."""

    def minWidth(self) -> float:  # as wide as it is drawn (``colwidths.natural`` of a cell holding it)
        return self.drawWidth


def cell_image(blocks, f: T.Figure, alt: str, width: float):
    """An image a table cell holds alone, sized by ``writers.sizing`` in ``width`` (the cell's share), tagged
    as a Figure with the cell's text (its description) as alternative text."""
    from reportlab.lib.utils import ImageReader

    w, h = cell_image_size(ImageReader(prepared(f.src)).getSize(), width)
    return blocks.leaf(FigureImage(prepared(f.src), width=w, height=h), "Figure",
                       Alt=alt or "Figure")


def logo(blocks, f: T.Figure):
    """The organisation's logo, 14 mm high, at most half the width (``blocks``: the writer's ``Blocks``)."""
    from reportlab.lib.utils import ImageReader

    iw, ih = ImageReader(prepared(f.src)).getSize()
    h = LOGO_HEIGHT_MM * mm
    w = min(iw * h / ih, blocks.width / 2)
    img = Image(prepared(f.src), width=w, height=ih * w / iw)
    img.hAlign = "LEFT"
    img.spaceAfter = 8
    return img


def figure(blocks, f: T.Figure):
    """A figure: its image as ``writers.sizing`` sizes it in the width it is given, its caption and credit."""
    from reportlab.lib.utils import ImageReader

    w, h = figure_size(ImageReader(prepared(f.src)).getSize(), blocks.width, blocks.height)
    img = blocks.leaf(FigureImage(prepared(f.src), width=w, height=h), "Figure",
                      Alt=T.plain_text(f.caption) or "Figure")  # the caption describes it
    caption = blocks.st["caption"]
    parts = [img, Spacer(0, 3), blocks.leaf(blocks.para(f.caption, caption), "Caption", f.caption)]
    if f.credit:
        parts.append(blocks.leaf(blocks.para(f.credit, caption), "Caption", f.credit))
    parts.append(Spacer(0, 8))
    return KeepTogether(parts)
