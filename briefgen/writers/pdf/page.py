"""The page: the document template (outline entries, section starts, footnotes drawn as each page ends) and
the canvas that draws the running header and footer with the TLP marking and "Page 3 of 7"."""

from __future__ import annotations

from functools import partial

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, KeepTogether, ListFlowable

from ... import tree as T
from ...load.base import TLP_COLOURS
from ...load.theme import Theme
from .blocks import SectionBreak
from .box import Box
from .fonts import PdfFonts
from .notes import NotesFrame, draw_notes
from .rlinternals import children_of, list_items, set_last_page_entries


class DocTemplate(BaseDocTemplate):
    notes_rule = "#8A94A3"
    rtl = False  # a right-to-left brief: the notes' rule on the right
    section_starts: list[int]

    def handle_keepWithNext(self, flowables):
        """ReportLab keeps a heading (keepWithNext) with the flowable after it, unless that flowable is a
        keep-together group itself: then the heading is kept with nothing and may end a page. Such a group
        is opened into the chain instead, each of its parts kept with the next, so the heading goes with
        all of it (a held callout, the first entries of a source list, a figure with its caption). A list is
        a container ReportLab keeps nothing with (a finding's heading and evidence line ended a page, its list
        on the next): it is opened into its items, and the heading goes with the first."""
        i = 0
        while i < len(flowables) and flowables[i].getKeepWithNext() and not isinstance(flowables[i], KeepTogether):
            i += 1
        if i and i < len(flowables) and isinstance(flowables[i], ListFlowable):
            flowables[i:i + 1] = list_items(flowables[i])
        if i and i < len(flowables) and isinstance(flowables[i], KeepTogether):
            parts = list(next(iter(children_of(flowables[i])), None) or [])
            if parts:
                for part in parts[:-1]:
                    part.__dict__["keepWithNext"] = 1
                flowables[i:i + 1] = parts
        super().handle_keepWithNext(flowables)

    def handle_flowable(self, flowables):
        f = flowables[0] if flowables else None
        if isinstance(f, Box) and f.alternate is not None and f.labelled != self.frame.at_top:
            flowables[0] = f.alternate  # a box's continuation: labelled where it opens a page
        super().handle_flowable(flowables)

    def afterPage(self):
        if isinstance(self.frame, NotesFrame):
            draw_notes(self.frame, self.canv, self.notes_rule, self.rtl)

    def afterFlowable(self, flowable):
        if isinstance(flowable, SectionBreak):
            self.section_starts.append(self.page + 1)
        outline = getattr(flowable, "outline", None)
        if outline:
            level, title, key = outline
            if not getattr(self, "_outline_shown", False):
                self.canv.showOutline()  # open the bookmarks panel when the file opens
                self._outline_shown = True
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


class Furniture:
    """What a brief's pages carry besides its text: the running header and footer with the TLP marking and
    the page label ("Page 3 of 7"), for ``BriefCanvas``. ``label(text, size, bold, colour, side)`` is a
    one-line flowable of any script, set flush with ``side`` ("left", "right" or "centre"). A right-to-left
    brief is mirrored: the title and the organisation on the right, the marking and the page number on the
    left. ``before_save(canvas)`` runs when the document is saved (the structure tree, attachments)."""

    def __init__(self, meta: T.Meta, theme: Theme, pagesize, fonts: PdfFonts, label, tags=None, before_save=None):
        m = theme.page.margins_mm
        self.meta, self.label, self.tags, self.before_save = meta, label, tags, before_save
        self.muted = colors.HexColor(theme.colours.muted)
        self.fonts, self.bold_font = fonts, fonts.body[1]
        width, height = pagesize
        self.top = height - m.top * mm + 8 * mm
        self.bottom = m.bottom * mm - 10 * mm
        self.left, self.right = m.left * mm, width - m.right * mm
        self.rtl = meta.direction == "rtl"
        self.start, self.end = ("right", "left") if self.rtl else ("left", "right")
        self.digits = {ord("0") + d: ord(meta.zero) + d for d in range(10)}
        self._labels: dict[tuple, object] = {}  # the same words on every page: one flowable, drawn again

    def text(self, canv, words: str, y: float, side: str, colour, size: float = 7.5, bold: bool = False,
             room: float | None = None) -> None:
        """``words`` on one line, flush with ``side``; cut short with "…" where they would take more than ``room``
        points (a long organisation's name ran over the footer's TLP marking, a long title onto two lines)."""
        words = self._fitted(canv, words, room or self.right - self.left, size, bold, colour, side)
        if not self.rtl and self.fonts.main_only(words) and self._line(canv, words, y, side, colour, size, bold):
            return
        key = (words, side, colour, size, bold)
        block = self._labels.get(key)
        if block is None:
            block = self._labels[key] = self.label(words, size, bold, colour, side)
        _, h = block.wrapOn(canv, self.right - self.left, 100)
        block.drawOn(canv, self.left, y - (h - size))

    def _fitted(self, canv, words: str, room: float, size: float, bold: bool, colour, side: str) -> str:
        """``words``, or as many of its first words as fit in ``room`` on one line, then "…"."""
        def fits(text: str) -> bool:
            if not self.rtl and self.fonts.main_only(text):
                return canv.stringWidth(text, self.fonts.body[1] if bold else self.fonts.body[0], size) <= room
            return self.label(text, size, bold, colour, side).wrap(room, 100)[1] <= size * 1.25  # one line

        if fits(words):
            return words
        cut = words.split()
        while len(cut) > 1 and not fits(" ".join(cut) + "\u2026"):
            cut.pop()
        return " ".join(cut).rstrip(",;:.\u2014\u2013- ") + "\u2026"

    def _line(self, canv, words: str, y: float, side: str, colour, size: float, bold: bool) -> bool:
        """Words the main font sets, left to right, on one line (the page labels, mostly: a paragraph made,
        measured and drawn for each page was 2% of a long layout): drawn where and as their paragraph would
        draw them (a test compares the pixels); False when they would not fit on one line."""
        font = self.fonts.body[1] if bold else self.fonts.body[0]
        width, room = canv.stringWidth(words, font, size), self.right - self.left
        if width > room:
            return False
        x = self.left + {"left": 0.0, "right": room - width, "centre": (room - width) / 2}[side]
        canv.saveState()
        canv.setFillColor(colour)
        canv.setFont(font, size)
        canv.drawString(x, y, words)
        canv.restoreState()
        return True

    def decorate(self, canv) -> None:
        """The running header and footer of the page being ended: forms drawn once for every page (the first
        page's without the short title, which its title stands for), and its page label."""
        canv.doForm("furniture" if canv.getPageNumber() > 1 else "furniture-first")
        canv.doForm(f"pagelabel{canv.getPageNumber()}")

    def _draw(self, canv, first: bool) -> None:
        """What every page carries: the short title (not on the first page, which prints the title itself),
        the TLP marking at the top on the far side from it, in the standard's colours, and the footer's rule,
        organisation and marking."""
        meta, muted = self.meta, self.muted
        left, right, top, bottom = self.left, self.right, self.top, self.bottom
        marking = meta.marking
        w = canv.stringWidth(marking, self.bold_font, 8) + 8
        if not first:
            self.text(canv, meta.short_title, top, self.start, muted, room=right - left - w - 12)
        x = left if self.rtl else right - w
        canv.setFillColor(colors.black)
        canv.rect(x, top - 3, w, 11.5, stroke=0, fill=1)
        canv.setFillColor(colors.HexColor(TLP_COLOURS.get(marking, "#FFFFFF")))
        canv.setFont(self.bold_font, 8)
        canv.drawString(x + 4, top, marking)
        canv.setStrokeColor(colors.HexColor("#C8CED6"))
        canv.setLineWidth(0.4)
        canv.line(left, bottom + 10, right, bottom + 10)
        self.text(canv, meta.organisation, bottom, self.start, muted, room=self.beside_centre(canv, marking))
        self.text(canv, marking, bottom, "centre", muted)

    def beside_centre(self, canv, centre: str) -> float:
        """The room on either side of the footer's centred ``centre`` (the marking), a gap kept."""
        return (self.right - self.left - canv.stringWidth(centre, self.fonts.body[0], 7.5)) / 2 - 12

    def page_labels(self, canv, total: int) -> None:
        """The forms the pages draw (``decorate``), now that the total is known: what every page carries, and
        each page's "Page x of y"."""
        for name, first in (("furniture-first", True), ("furniture", False)):
            canv.beginForm(name)
            self._draw(canv, first)
            canv.endForm()
        for page in range(1, total + 1):
            canv.beginForm(f"pagelabel{page}")
            words = self.meta.page_label.format(page=page, pages=total).translate(self.digits)
            self.text(canv, words, self.bottom, self.end, self.muted, room=self.beside_centre(canv, self.meta.marking))
            canv.endForm()


class BriefCanvas(Canvas):
    """A canvas that draws its ``furniture`` on each page as it ends. The page label is a form XObject per
    page, defined when the document is saved and the total is known; ReportLab resolves forms by name at
    save time. (Holding pages back until then would bind every link and bookmark to the first page.) One
    class for every brief, its document's part passed in (``canvas_maker``): a class made per document is
    a reference cycle, and all it held (the whole layout) waited for the cycle collector."""

    def __init__(self, *args, furniture: Furniture, **kw):
        super().__init__(*args, **kw)
        self.furniture = furniture
        self.tags = furniture.tags  # a Tags (tags.py) when the PDF is tagged, else None
        self.pages = None

    def showPage(self):
        self.furniture.decorate(self)
        if self.tags is None:
            super().showPage()
            return
        page = self.tags.end_page(self)  # the page's content an artifact, but for its tagged parts
        super().showPage()
        set_last_page_entries(self, **self.tags.page_entries(page))

    def page_labels(self):
        """Draw each page's "Page x of y", now that the total is known (once; before the fonts' ToUnicode
        maps are made, so that the labels' shaped glyphs are in them)."""
        if self.pages is not None:
            return
        self.pages = self.getPageNumber() - 1
        self.setViewerPreference("DisplayDocTitle", "true")  # readers show the title, not a file name
        self.furniture.page_labels(self, self.pages)

    def save(self):
        self.page_labels()
        if self.furniture.before_save is not None:
            self.furniture.before_save(self)
        super().save()


def canvas_maker(furniture: Furniture):
    """What ReportLab's document template calls to make its canvas: a ``BriefCanvas`` with ``furniture``."""
    return partial(BriefCanvas, furniture=furniture)
