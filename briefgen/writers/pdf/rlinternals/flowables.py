"""ReportLab's flowables as briefgen needs them: a Paragraph that breaks its lines once for repeated wraps at one
width, a list whose bullets and numbers are their items' Lbl elements, a table whose tall rows split, the strings
a paragraph sets (for the Spans of other languages) and the links it holds, and what a container flowable
holds."""

from __future__ import annotations

from reportlab import rl_config
from reportlab.platypus import ListFlowable as _ListFlowable
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus import Table as _Table
from reportlab.platypus.flowables import BulletDrawer

# What Paragraph.wrap and breakLines set on the paragraph; a repeated wrap restores exactly these.
_WRAP_STATE = ("width", "height", "blPara", "_wrapWidths", "_width_max", "_splitLongWordCount", "_hyphenations",
               "frags")


class Paragraph(_Paragraph):
    """ReportLab's Paragraph, whose repeated wraps at one width (a group measures, the frame measures, a
    split measures, a footnote's page measures) break the lines once: the last wrap is kept with its width
    and style, and dropped when lines or fragments are replaced, and once drawn (drawing may change a line)."""

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_wrap_memo")
        if (memo is not None and memo[0] == availWidth and memo[1] is self.style
                and self.__dict__.get("blPara", memo[2]["blPara"]) is memo[2]["blPara"]
                and self.frags is memo[2]["frags"]):
            state = memo[2]
            self.__dict__.update(state)
            self._wrapWidths = list(state["_wrapWidths"])
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        if availWidth >= rl_config._FUZZ:  # else ReportLab returned before breaking any line
            state = {k: self.__dict__[k] for k in _WRAP_STATE if k in self.__dict__}
            state["_wrapWidths"] = list(state["_wrapWidths"])
            self._wrap_memo = (availWidth, self.style, state)
        return result

    def draw(self):
        self.__dict__.pop("_wrap_memo", None)
        super().draw()


class _Label(BulletDrawer):
    """A list item's bullet or number, drawn (by the ``LIIndenter`` of the item's first flowable, or of the
    first part of its split) as the item's Lbl element's marked content when the canvas is tagging."""

    label_tag = None

    def drawOn(self, indenter, canv, x, y, _sW=0):
        tags = getattr(canv, "tags", None)
        if tags is None or self.label_tag is None:
            return super().drawOn(indenter, canv, x, y, _sW)
        tags.mark(canv, self.label_tag, lambda: super(_Label, self).drawOn(indenter, canv, x, y, _sW))


class ListFlowable(_ListFlowable):
    """ReportLab's list, whose items' bullets and numbers are their Lbl elements' marked content: ``labels``
    holds each item's Lbl (or None), in order. ReportLab makes one bullet per item (``_makeBullet``, for the
    item's first flowable) each time it makes the list's content (``_getContent``)."""

    def __init__(self, flowables, labels=(), **kw):
        self._labels, self._made = list(labels), 0
        super().__init__(flowables, **kw)

    def _getContent(self):
        self._made = 0
        return super()._getContent()

    def _makeBullet(self, value, params=None):
        bullet = super()._makeBullet(value, params)
        label = self._labels[self._made] if self._made < len(self._labels) else None
        self._made += 1
        if label is not None:
            bullet.__class__ = _Label
            bullet.label_tag = label
        return bullet


def fragment_lines(p: _Paragraph) -> list[list[tuple]]:
    """The strings a wrapped ReportLab paragraph sets, line by line, in the order ``drawPara`` sets them (one
    ``_textOut`` each): (text, the fragment it is set in, a clone of one parsed from the markup)."""
    bl = p.blPara
    if bl.kind == 0:  # one fragment: a line is its words, joined by spaces
        return [[(" ".join(words), bl)] for _, words in bl.lines]
    return [[(f.text, f) for f in line.words if not hasattr(f, "cbDefn")] for line in bl.lines]


def through(tx, set_text) -> None:
    """Each string ReportLab's Paragraph sets in text object ``tx`` goes to ``set_text(text, end_line, out)``,
    which sets it, or its parts one after another, by ``out(text, end_line)`` as ReportLab does (``_textOut``:
    the string, then, at a line's end, the move to the next)."""
    out = tx._textOut
    tx._textOut = lambda text, TStar=0: set_text(text, TStar, out)


def paragraph_links(p: _Paragraph):
    """The link targets of a ReportLab paragraph, in order (from its lines once broken, else its fragments)."""
    bl = getattr(p, "blPara", None)
    yield from _links(p.frags if bl is None or getattr(bl, "kind", 0) != 1 else
                      [getattr(line, "words", None) or [] for line in bl.lines])


def _links(item):
    """Link targets of a fragment, or of a word that is a list of (fragment, text) pairs (shaped)."""
    if isinstance(item, (list, tuple)):
        for x in item:
            yield from _links(x)
        return
    for link in getattr(item, "link", None) or []:
        target = link[1] if isinstance(link, tuple) else getattr(link, "link", "")
        if isinstance(target, str):
            yield target


def contents(flowable):
    """The flowables a list or a keep-together group holds, or None."""
    return getattr(flowable, "_flowables", None) or getattr(flowable, "_content", None)


def list_items(flowable) -> list:
    """A ReportLab list's items as the flowables it lays out (each item indented, its bullet made): what a
    heading kept with the list's first item is kept with."""
    return flowable._getContent()


def table_rows(table) -> list:
    """A table's rows, each a list of its cells' values."""
    return table._cellvalues


def children_of(flowable):
    """What a container flowable holds, each group in turn: a list's items, an item's content, a table's
    cells, a keep-together group's flowables."""
    for attr in ("_content", "_flowables", "_flowable", "_cellvalues"):
        inner = getattr(flowable, attr, None)
        if inner:
            yield inner


class MeasuredOnce(_Table):
    """A ReportLab table measured once for a width. ReportLab measures every row again each time a table is
    offered or split (a table of 1,600 rows was measured 5,559 times, at each split tried on each page, and a
    quote of 4,000 paragraphs, a one-cell table, at each number of notes tried); the height it is offered
    changes nothing in the measure, but for spanned cells."""

    def _calc(self, availWidth, availHeight):
        key = (availWidth, availHeight if self._spanCmds else None, len(self._cellvalues), len(self._argH))
        if self.__dict__.get("_measured") != key:
            super()._calc(availWidth, availHeight)
            self._measured = key


class Table(MeasuredOnce):
    """ReportLab's table, whose row taller than a page splits inside its cells. ReportLab (4 and 5) measures a
    cell's flowables at the cell's inner width but asks them to split at the column's whole width, padding
    included: a paragraph that fits that width (but not its cell) was then "whole" and would not split, the
    row could not split, and the layout stopped (LayoutError). Here they split at the width they are set in.

    With ``splitInRow``, ReportLab splits a row wherever the page ends, a row of two lines as readily as one
    of two pages: a row up to half of ``page_height`` (the frame's) goes to the next page whole instead. A
    header row taller than a third of it is not repeated: repeated, it could not split, nor leave room."""

    def __init__(self, *args, page_height: float | None = None, **kw):
        super().__init__(*args, **kw)
        self.page_height = page_height
        self.shared: dict = {}  # what is found about its rows, shared by the parts it splits into (notes.py)

    def split(self, availWidth, availHeight):
        whole_rows = None
        if self.splitInRow and self.page_height:
            self._calc(availWidth, availHeight)
            if self.repeatRows and sum(self._rowHeights[:self.repeatRows]) > self.page_height / 3:
                self.repeatRows = 0  # a header that tall is not repeated on every page: it splits as a row does
            first = sum(self._rowHeights[:self.repeatRows + 1])  # the header and the row that must come first
            whole_rows = first <= self.page_height / 2
        saved = self.splitInRow
        if whole_rows:
            self.splitInRow = 0
        try:
            parts = super().split(availWidth, availHeight)
        finally:
            self.splitInRow = saved
        for part in parts:
            if isinstance(part, Table):
                part.splitInRow, part.page_height, part.shared = saved, self.page_height, self.shared
        return parts

    def _splitCell(self, value, style, oldHeight, newHeight, width):
        if not isinstance(value, (list, tuple)):
            return super()._splitCell(value, style, oldHeight, newHeight, width)
        inner = style.copy()
        inner.leftPadding = inner.rightPadding = 0
        return super()._splitCell(value, inner, oldHeight, newHeight, width - style.leftPadding - style.rightPadding)
