"""The page: the document template (outline entries, section starts, footnotes drawn as each page ends) and
the canvas that draws the running header and footer with the TLP marking and "Page 3 of 7"."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, KeepTogether

from ... import tree as T
from ...load.base import TLP_COLOURS
from ...load.theme import Theme
from .blocks import SectionBreak
from .box import Box
from .fonts import PdfFonts
from .notes import NotesFrame, draw_notes
from .rlinternals import children_of, set_last_page_entries


class DocTemplate(BaseDocTemplate):
    notes_rule = "#8A94A3"
    rtl = False  # a right-to-left brief: the notes' rule on the right
    section_starts: list[int]

    def handle_keepWithNext(self, flowables):
        """ReportLab keeps a heading (keepWithNext) with the flowable after it, unless that flowable is a
        keep-together group itself: then the heading is kept with nothing and may end a page. Such a group
        is opened into the chain instead, each of its parts kept with the next, so the heading goes with
        all of it (a held callout, the first entries of a source list, a figure with its caption)."""
        i = 0
        while i < len(flowables) and flowables[i].getKeepWithNext() and not isinstance(flowables[i], KeepTogether):
            i += 1
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


def numbered_canvas(meta: T.Meta, theme: Theme, pagesize, fonts: PdfFonts, label):
    """A canvas that draws the running header and footer on each page as it ends. The page label ("Page 3 of
    7") is a form XObject per page, defined when the document is saved and the total is known; ReportLab
    resolves forms by name at save time. (Holding pages back until then would bind every link and bookmark
    to the first page.) ``label(text, size, bold, colour, side)`` is a one-line flowable of any script, set
    flush with ``side`` ("left", "right" or "centre"). A right-to-left brief is mirrored: the title and the
    organisation on the right, the marking and the page number on the left."""

    c = theme.colours
    muted = colors.HexColor(c.muted)
    m = theme.page.margins_mm
    bold_font = fonts.body[1]
    width, height = pagesize
    bottom = m.bottom * mm - 10 * mm
    left, right = m.left * mm, width - m.right * mm
    rtl = meta.direction == "rtl"
    start, end = ("right", "left") if rtl else ("left", "right")
    digits = {ord("0") + d: ord(meta.zero) + d for d in range(10)}

    def text(canv, words: str, y: float, side: str, colour, size: float = 7.5, bold: bool = False) -> None:
        block = label(words, size, bold, colour, side)
        _, h = block.wrapOn(canv, right - left, 100)
        block.drawOn(canv, left, y - (h - size))

    class NumberedCanvas(Canvas):
        tags = None  # a Tags (tags.py) when the PDF is tagged

        def showPage(self):
            self._decorate()
            if self.tags is None:
                super().showPage()
                return
            page = self.tags.end_page(self)  # the page's content an artifact, but for its tagged parts
            super().showPage()
            set_last_page_entries(self, **self.tags.page_entries(page))

        pages = None

        def page_labels(self):
            """Draw each page's "Page x of y", now that the total is known (once; before the fonts' ToUnicode
            maps are made, so that the labels' shaped glyphs are in them)."""
            if self.pages is not None:
                return
            total = self.getPageNumber() - 1
            self.pages = total
            self.setViewerPreference("DisplayDocTitle", "true")  # readers show the title, not a file name
            for page in range(1, total + 1):
                self.beginForm(f"pagelabel{page}")
                words = meta.page_label.format(page=page, pages=total).translate(digits)
                text(self, words, bottom, end, muted)
                self.endForm()

        def save(self):
            self.page_labels()
            super().save()

        def _decorate(self):
            top = height - m.top * mm + 8 * mm
            self.saveState()
            if self.getPageNumber() > 1:  # page 1 prints the title itself: only the marking stands there
                text(self, meta.short_title, top, start, muted)
            # The TLP marking, at the top on the far side from the title, in the standard's colours.
            marking = meta.marking
            w = self.stringWidth(marking, bold_font, 8) + 8
            x = left if rtl else right - w
            self.setFillColor(colors.black)
            self.rect(x, top - 3, w, 11.5, stroke=0, fill=1)
            self.setFillColor(colors.HexColor(TLP_COLOURS.get(marking, "#FFFFFF")))
            self.setFont(bold_font, 8)
            self.drawString(x + 4, top, marking)
            # Footer: organisation, marking, page x of y.
            self.setStrokeColor(colors.HexColor("#C8CED6"))
            self.setLineWidth(0.4)
            self.line(left, bottom + 10, right, bottom + 10)
            text(self, meta.organisation, bottom, start, muted)
            text(self, marking, bottom, "centre", muted)
            self.doForm(f"pagelabel{self.getPageNumber()}")
            self.restoreState()

    return NumberedCanvas
