"""The table styles of a Word brief: the callout box, and the data table.

The data table ("Brief Table") is drawn as the PDF draws it: the header row shaded in the callout fill and
ruled below in the primary colour, thin rules between rows, no vertical lines (``add_table_style``).

A callout in Word: one box, as in the PDF. Its paragraphs (the title, text, list items) go in the one cell of a
table in the "Callout Box" table style: the theme's fill, and its rule on the side lines start from. A
paragraph border and shading would make one box only where Word groups neighbouring paragraphs alike, which
list items (their own indents and numbering) break, in Word and in LibreOffice. A box held on one page
(``keep``) is a row that may not split.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Emu
from lxml import etree

from ...load.theme import Theme

STYLE_ID, STYLE_NAME = "CalloutBox", "Callout Box"
TABLE_ID, TABLE_NAME = "BriefTable", "Brief Table"
TABLE_MARGIN = 80  # a cell's left and right margins in the table style, twips


def narrow_margins(tbl_pr, twips: int) -> None:
    """A table's own left and right cell margins, narrower than its style's: a table of 60 columns left its
    cells no room for text (LibreOffice drew them empty)."""
    margins = etree.Element(qn("w:tblCellMar"))
    for side in ("left", "right"):
        etree.SubElement(margins, qn(f"w:{side}"), {qn("w:w"): str(twips), qn("w:type"): "dxa"})
    look = tbl_pr.find(qn("w:tblLook"))  # tblCellMar comes before it (CT_TblPr's sequence)
    look.addprevious(margins) if look is not None else tbl_pr.append(margins)
ROW_RULE = "C8CED6"  # the PDF's rule between rows
RULE_EIGHTHS = 18  # the rule, in eighths of a point (2.25 pt, as the PDF's 2.5 pt rule reads on screen)
PADDING = {"top": 100, "left": 200, "bottom": 60, "right": 200}  # twentieths of a point


def _table_style(styles, style_id: str, name: str, priority: int):
    """A new table style of the document's (``styles``: a ``styles.StyleIndex``), based on Word's Normal Table:
    its element, to fill."""
    w = lambda tag: qn(f"w:{tag}")  # noqa: E731
    style = etree.SubElement(styles.element, w("style"), {w("type"): "table", w("customStyle"): "1",
                                                              w("styleId"): style_id})
    etree.SubElement(style, w("name"), {w("val"): name})
    etree.SubElement(style, w("basedOn"), {w("val"): "TableNormal"})
    etree.SubElement(style, w("uiPriority"), {w("val"): str(priority)})
    return styles.register(style)


def add_box_style(styles, theme: Theme, rtl: bool) -> str:
    """The table style of a callout, added to the document's styles; its id."""
    c = theme.colours
    w = lambda tag: qn(f"w:{tag}")  # noqa: E731
    style = _table_style(styles, STYLE_ID, STYLE_NAME, 99)
    tbl = etree.SubElement(style, w("tblPr"))
    borders = etree.SubElement(tbl, w("tblBorders"))
    etree.SubElement(borders, w("right" if rtl else "left"), {  # the page's side (ECMA-376 17.4.38, 17.4.35)
        w("val"): "single", w("sz"): str(RULE_EIGHTHS), w("space"): "0", w("color"): c.callout_rule.lstrip("#")})
    margins = etree.SubElement(tbl, w("tblCellMar"))
    for side in ("top", "left", "bottom", "right"):
        etree.SubElement(margins, w(side), {w("w"): str(PADDING[side]), w("type"): "dxa"})
    tc = etree.SubElement(style, w("tcPr"))
    fill = c.callout_fill.lstrip("#").upper()
    etree.SubElement(tc, w("shd"), {w("val"): "clear", w("color"): "auto", w("fill"): fill})
    return STYLE_ID


def add_table_style(styles, theme: Theme) -> str:
    """The table style of a data table, added to the document's styles; its id."""
    c = theme.colours
    w = lambda tag: qn(f"w:{tag}")  # noqa: E731
    style = _table_style(styles, TABLE_ID, TABLE_NAME, 59)
    etree.SubElement(style, w("qFormat"))
    ppr = etree.SubElement(style, w("pPr"))
    etree.SubElement(ppr, w("spacing"), {w("before"): "0", w("after"): "0"})
    tbl = etree.SubElement(style, w("tblPr"))
    borders = etree.SubElement(tbl, w("tblBorders"))
    for side in ("bottom", "insideH"):
        etree.SubElement(borders, w(side), {w("val"): "single", w("sz"): "2", w("space"): "0", w("color"): ROW_RULE})
    margins = etree.SubElement(tbl, w("tblCellMar"))
    for side, size in (("top", 40), ("left", TABLE_MARGIN), ("bottom", 40), ("right", TABLE_MARGIN)):
        etree.SubElement(margins, w(side), {w("w"): str(size), w("type"): "dxa"})
    head = etree.SubElement(style, w("tblStylePr"), {w("type"): "firstRow"})
    rpr = etree.SubElement(head, w("rPr"))
    etree.SubElement(rpr, w("b"))
    etree.SubElement(rpr, w("bCs"))
    tc = etree.SubElement(head, w("tcPr"))
    cell_borders = etree.SubElement(tc, w("tcBorders"))
    etree.SubElement(cell_borders, w("bottom"), {w("val"): "single", w("sz"): "6", w("space"): "0",
                                                 w("color"): c.primary.lstrip("#")})
    etree.SubElement(tc, w("shd"), {w("val"): "clear", w("color"): "auto", w("fill"): c.callout_fill.lstrip("#")})
    return TABLE_ID


def box(paragraphs: list, width, keep: bool) -> None:
    """Put ``paragraphs`` (``w:p`` and ``w:tbl`` elements, in order, next to each other in the body) in a
    one-cell table of the callout style, where the first of them stood. ``width`` is the text width (EMU)."""
    if not paragraphs:
        return
    w = lambda tag: qn(f"w:{tag}")  # noqa: E731
    twips = str(int(Emu(width).twips))
    table = etree.Element(w("tbl"))
    pr = etree.SubElement(table, w("tblPr"))
    etree.SubElement(pr, w("tblStyle"), {w("val"): STYLE_ID})
    etree.SubElement(pr, w("tblW"), {w("w"): twips, w("type"): "dxa"})
    etree.SubElement(pr, w("tblLook"), {w("val"): "0000", w("firstRow"): "0", w("lastRow"): "0",
                                        w("firstColumn"): "0", w("lastColumn"): "0", w("noHBand"): "1",
                                        w("noVBand"): "1"})
    etree.SubElement(etree.SubElement(table, w("tblGrid")), w("gridCol"), {w("w"): twips})
    row = etree.SubElement(table, w("tr"))
    if keep:  # held on one page where it fits, as the PDF holds it
        etree.SubElement(etree.SubElement(row, w("trPr")), w("cantSplit"))
    cell = etree.SubElement(row, w("tc"))
    etree.SubElement(etree.SubElement(cell, w("tcPr")), w("tcW"), {w("w"): twips, w("type"): "dxa"})
    before = paragraphs[0].getprevious()
    if before is not None and before.tag == w("tbl"):  # two tables in a row would merge: a paragraph between
        paragraphs[0].addprevious(etree.Element(w("p")))
    paragraphs[0].addprevious(table)
    for p in paragraphs:
        cell.append(p)  # moved from the body into the cell
    if paragraphs[-1].tag == w("tbl"):  # a cell ends with a paragraph
        cell.append(etree.Element(w("p")))
