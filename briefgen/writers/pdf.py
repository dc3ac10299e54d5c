"""PDF writer: walks the document tree into ReportLab platypus flowables.

Nothing here decides content. Divs map to paragraph styles by class (``title``, ``kicker``, ``meta``,
``evidence``...) and ``callout`` divs to a shaded box; the running header and footer come from the
document's metadata. Inline nodes become spans (text with its emphasis and link); a paragraph of spans the
main font sets is a TextBlock (``pdfpara.py``), any other is ReportLab markup, every text XML-escaped
before ReportLab's paragraph parser sees it.
"""

from __future__ import annotations

import gc
import io
from contextlib import contextmanager
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Frame, Image, KeepTogether, ListFlowable, ListItem, PageBreak, PageTemplate, Spacer, Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import Indenter
from reportlab.platypus.flowables import FrameBG, HRFlowable
from reportlab.platypus.paraparser import sizeDelta, supFraction

from .. import tree as T
from ..textdir import base_is_rtl, break_lines, has_rtl
from ..theme import Theme
from .pdfattach import embed
from .pdfnotes import KeepWithNotes, NotesFrame, draw_notes
from .pdfpara import ALIGNMENTS, TextBlock, Widths
from .pdftext import PdfFonts, document_chars
from .pdfwrap import Paragraph

TLP_COLOURS = {  # TLP 2.0: coloured label text on a black background
    "TLP:RED": "#FF2B2B", "TLP:AMBER": "#FFC000", "TLP:AMBER+STRICT": "#FFC000", "TLP:GREEN": "#33FF00",
    "TLP:CLEAR": "#FFFFFF",
}
DIV_STYLES = {
    "title": "title", "subtitle": "subtitle", "kicker": "kicker", "meta": "meta", "evidence": "evidence",
    "release": "release", "end-mark": "endmark", "contacts": "contact", "references": "bib", "logo": "logo",
}
LOGO_HEIGHT_MM = 14


class Styles:
    """Paragraph styles derived from the theme."""

    def __init__(self, theme: Theme, fonts: PdfFonts):
        s, c = theme.sizes, theme.colours
        reg, bold, ital, _ = fonts.body
        hbold = fonts.heading[1]
        text, primary, muted = colors.HexColor(c.text), colors.HexColor(c.primary), colors.HexColor(c.muted)
        self.link = c.link
        self.link_colour = colors.HexColor(c.link)
        self.widths = Widths()
        self.note_links = True  # off only to measure a part whose endnotes are not laid out
        self.text = fonts
        self.fonts = (reg, bold, ital)
        self._shaped: dict[str, ParagraphStyle] = {}
        base = ParagraphStyle("body", fontName=reg, fontSize=s.body, leading=s.body * 1.42, textColor=text,
                              spaceAfter=s.body * 0.6, allowWidows=0, allowOrphans=0, bulletFontName=reg)
        mk = lambda name, **kw: ParagraphStyle(name, parent=base, **kw)  # noqa: E731
        self.by_name = {
            "body": base,
            "title": mk("title", fontName=hbold, fontSize=s.title, leading=s.title * 1.15, textColor=primary,
                        spaceAfter=s.title * 0.35),
            "subtitle": mk("subtitle", fontSize=s.subtitle, leading=s.subtitle * 1.3, textColor=muted,
                           spaceAfter=s.subtitle * 0.5),
            "kicker": mk("kicker", fontName=hbold, fontSize=s.small, textColor=colors.HexColor(c.accent),
                         spaceAfter=4),
            "meta": mk("meta", fontSize=s.small + 0.5, textColor=muted, spaceAfter=2),
            "h1": mk("h1", fontName=hbold, fontSize=s.h1, leading=s.h1 * 1.25, textColor=primary,
                     spaceBefore=s.h1 * 0.9, spaceAfter=s.h1 * 0.45, keepWithNext=1),
            "h2": mk("h2", fontName=hbold, fontSize=s.h2, leading=s.h2 * 1.25, textColor=primary,
                     spaceBefore=s.h2 * 1.0, spaceAfter=s.h2 * 0.4, keepWithNext=1),
            "h3": mk("h3", fontName=hbold, fontSize=s.h3, leading=s.h3 * 1.3, textColor=text,
                     spaceBefore=s.h3 * 0.9, spaceAfter=s.h3 * 0.3, keepWithNext=1),
            "evidence": mk("evidence", fontName=ital, fontSize=s.small + 0.5, textColor=muted, spaceAfter=4,
                           keepWithNext=1),
            "quote": mk("quote", fontName=ital, leftIndent=0, textColor=text, spaceAfter=3),
            "caption": mk("caption", fontSize=s.small, leading=s.small * 1.35, textColor=muted),
            "note": mk("note", fontSize=s.small, leading=s.small * 1.35, leftIndent=14, bulletIndent=0,
                       bulletFontSize=s.small, spaceAfter=2),
            "bib": mk("bib", fontSize=s.small + 0.5, leading=(s.small + 0.5) * 1.35, leftIndent=14,
                      firstLineIndent=-14, spaceAfter=3),
            "contact": mk("contact", fontSize=s.body - 0.5, spaceAfter=2),
            "release": mk("release", fontName=hbold, fontSize=s.small, textColor=colors.HexColor(c.accent),
                          spaceAfter=8),
            "endmark": mk("endmark", alignment=TA_CENTER, textColor=muted),
            "cell": mk("cell", fontSize=s.small + 0.5, leading=(s.small + 0.5) * 1.3, spaceAfter=0),
            "cellhead": mk("cellhead", fontName=hbold, fontSize=s.small + 0.5, leading=(s.small + 0.5) * 1.3,
                           spaceAfter=0),
        }
        for name in ("title", "subtitle", "kicker", "meta"):
            self.by_name[name].alignment = TA_LEFT

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.by_name[name]

    def runs(self, items: list[Span], style: ParagraphStyle) -> list | None:
        """Spans as the runs of a TextBlock in ``style``: None when ReportLab's Paragraph must set them (text
        another font or shaping must set, code, soft hyphens, justified lines). Fonts are chosen as ReportLab's parser
        chooses them (the style's family, made bold or italic); a note number is set as its <super>."""
        if style.alignment not in ALIGNMENTS:
            return None
        family, bold, italic = ps2tt(style.fontName)
        size = style.fontSize
        out = []
        for s in items:
            if s.text is None:
                out.append((None, style.fontName, size, None, 0, None))
                continue
            if s.code or "\xad" in s.text or not self.text.main_only(s.text):  # a soft hyphen: ReportLab hyphenates
                return None
            font = tt2ps(family, bold or s.bold, italic or s.italic)
            colour = self.link_colour if s.link or s.note else None
            if s.note:
                out.append((s.text, font, size - min(sizeDelta, 0.2 * size), colour, size * supFraction, s.link))
            else:
                out.append((s.text, font, size, colour, 0, s.link))
        return out

    def variant(self, style: ParagraphStyle, rtl: bool) -> ParagraphStyle:
        """The style shaped by HarfBuzz (for Arabic script), right-aligned for a right-to-left paragraph."""
        key = f"{style.name}-{'rtl' if rtl else 'shaped'}"
        if key not in self._shaped:
            extra = {"alignment": TA_RIGHT} if rtl else {}
            self._shaped[key] = ParagraphStyle(key, parent=style, shaping=1, **extra)
        return self._shaped[key]


class Span(NamedTuple):
    """A run of inline text as the PDF sets it: what the tree's inline nodes come to."""

    text: str | None  # None: a line break
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None  # a URL, or #note-N
    note: bool = False  # a note number: superscript, in the link colour


def spans(nodes, note_links: bool) -> list[Span]:
    """Inline nodes as spans of text, each with its emphasis and link; neighbours set alike are one span."""
    out: list[Span] = []
    _spans(nodes, note_links, False, False, None, out)
    return out


def _add_span(out: list[Span], span: Span) -> None:
    last = out[-1] if out else None
    if last is not None and last.text is not None and span.text is not None and not span.note \
            and last[1:] == span[1:]:
        out[-1] = last._replace(text=last.text + span.text)
    else:
        out.append(span)


def _spans(nodes, note_links: bool, bold: bool, italic: bool, link: str | None, out: list[Span]) -> None:
    for n in nodes:
        if isinstance(n, T.Str):
            _add_span(out, Span(n.text, bold, italic, link=link))
        elif isinstance(n, T.Emph):
            _spans(n.children, note_links, bold, True, link, out)
        elif isinstance(n, T.Strong):
            _spans(n.children, note_links, True, italic, link, out)
        elif isinstance(n, T.Code):
            _add_span(out, Span(n.text, bold, italic, code=True, link=link))
        elif isinstance(n, T.Link):
            _spans(n.children, note_links, bold, italic, n.url, out)
        elif isinstance(n, T.SoftBreak):
            _add_span(out, Span(" ", bold, italic, link=link))
        elif isinstance(n, T.LineBreak):
            _add_span(out, Span(None))
        elif isinstance(n, T.Cite) and n.note is not None:
            # ReportLab shapes a word in one buffer: a note number glued to a right-to-left word would be
            # shaped with it, so it stands apart.
            if has_rtl(T.plain_text(nodes[:nodes.index(n)]).rsplit(" ", 1)[-1]):
                _add_span(out, Span(" ", bold, italic, link=link))
            _add_span(out, Span(str(n.note), bold, italic, link=f"#note-{n.note}" if note_links else None, note=True))


def span_markup(items: list[Span], styles: Styles) -> str:
    """Spans as ReportLab paragraph markup: text escaped, in visual order, in its script's font."""
    out: list[str] = []
    for s in items:
        if s.text is None:
            out.append("<br/>")
            continue
        text = f'<font face="Courier">{escape(s.text)}</font>' if s.code else styles.text.markup(s.text)
        if s.note:
            text = f"<super>{text}</super>"
        if s.italic:
            text = f"<i>{text}</i>"
        if s.bold:
            text = f"<b>{text}</b>"
        if s.link:
            text = f'<a href="{escape(s.link, {chr(34): "&quot;"})}" color="{styles.link}">{text}</a>'
        elif s.note:
            text = f'<font color="{styles.link}">{text}</font>'
        out.append(text)
    return "".join(out)


def inline_markup(nodes, styles: Styles) -> str:
    """Inline nodes as ReportLab paragraph markup."""
    return span_markup(spans(nodes, styles.note_links), styles)


LONG_BOX_ITEMS = 30


def _items(flowables) -> int:
    """How many paragraphs a box holds (list items counted one by one)."""
    return sum(len(getattr(f, "_flowables", None) or getattr(f, "_content", None) or [f]) for f in flowables)


class _Heading(Paragraph):
    """A heading paragraph that registers itself in the PDF outline."""

    def __init__(self, text, style, outline=None, **kw):
        super().__init__(text, style, **kw)  # ReportLab makes the parts of a split with bulletText=, frags=
        self.outline = outline  # (level, title, key)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts:  # the bookmark goes with the first part, where the heading starts
            parts[0].outline = self.outline
        return parts


class _Writer:
    def __init__(self, doc: T.Document, theme: Theme, fonts: PdfFonts, frame_width: float, frame_height: float):
        self.doc, self.theme, self.st = doc, theme, Styles(theme, fonts)
        self.width, self.height = frame_width, frame_height
        self.heading_count = 0
        self.outline_level = -1
        self._notes: dict = {}  # number -> its paragraph

    def blocks(self, blocks, para_style: str = "body") -> list:
        out: list = []
        for b in blocks:
            out.extend(self.block(b, para_style))
        return out

    def para(self, inlines, style: ParagraphStyle, anchor: str | None = None, bullet: str | None = None,
             outline=None):
        """A paragraph of inline nodes, set by briefgen's TextBlock where it can (see pdfpara.py). One whose
        text starts right-to-left (a Uyghur quote) is laid out line by line here, each line in visual order,
        and right-aligned; any holding Arabic script is shaped (both by ReportLab's Paragraph). ``anchor``
        names its start for links, ``bullet`` is set before it, ``outline`` makes it an outline entry."""
        items = spans(inlines, self.st.note_links)
        block = self._text_block(items, style, bullet=bullet, anchors=(anchor,) if anchor else (), outline=outline)
        if block is not None:
            return block
        text = T.plain_text(inlines)
        prefix = f'<a name="{anchor}"/>' if anchor else ""
        cls, kw = (_Heading, {"outline": outline}) if outline else (Paragraph, {})
        if bullet:
            kw["bulletText"] = bullet
        if base_is_rtl(text):
            return cls(prefix + self._rtl_lines(inlines, style), self.st.variant(style, rtl=True), **kw)
        markup = prefix + span_markup(items, self.st)
        return cls(markup, self.st.variant(style, rtl=False) if has_rtl(text) else style, **kw)

    def _text_block(self, items: list[Span], style: ParagraphStyle, **kw) -> TextBlock | None:
        """Spans as briefgen's own paragraph, or None where ReportLab's Paragraph must set them."""
        runs = self.st.runs(items, style)
        return None if runs is None else TextBlock(runs, style, self.st.widths, **kw)

    def note(self, number: int):
        """A note as a paragraph (made once: the frame measures it, the page draws it)."""
        if number not in self._notes:
            n = self.doc.notes[number - 1]
            self._notes[number] = self.para(n.children, self.st["note"], f"note-{n.number}", f"{n.number}.")
        return self._notes[number]

    def _rtl_lines(self, inlines, style: ParagraphStyle) -> str:
        # Citations ride along as private-use characters: neutral to the bidi algorithm.
        marks: dict[str, str] = {}
        parts = []
        for n in inlines:
            if isinstance(n, T.Cite) and n.note is not None:
                ch = chr(0xE000 + len(marks))
                marks[ch] = inline_markup([n], self.st)
                parts.append(ch)
            else:
                parts.append(T.plain_text([n]))
        words = "".join(parts).split()
        size = style.fontSize
        widths = [self.st.text.width(w, size) if w not in marks else size * 0.6 for w in words]
        budget = (self.width - style.leftIndent - style.rightIndent) * 0.94  # shaped widths differ a little
        lines = break_lines(words, widths, self.st.text.width(" ", size), budget)
        out = []
        for line in lines:
            vis = self.st.text.markup(" ".join(words[i] for i in line), rtl_base=True)
            for ch, mark in marks.items():
                vis = vis.replace(ch, mark)
            out.append(vis)
        return "<br/>".join(out)

    def block(self, b, para_style: str) -> list:
        st = self.st
        if isinstance(b, T.Para):
            return [self.para(b.children, st[para_style])]
        if isinstance(b, T.Heading):
            self.heading_count += 1
            level = max(0, min(b.level - 1, self.outline_level + 1))
            self.outline_level = level
            key = f"h{self.heading_count}"
            style = st[f"h{min(b.level, 3)}"]
            return [self.para(b.children, style, key, outline=(level, T.plain_text(b.children), key))]
        if isinstance(b, (T.BulletList, T.OrderedList)):
            marked = self._marked_items(b, para_style)
            if marked is not None:
                return marked
            items = [ListItem(self.blocks(item, para_style) or [Spacer(0, 0)]) for item in b.items]
            indent, font, size, dy = self._list(isinstance(b, T.BulletList))
            if isinstance(b, T.BulletList):
                make = lambda its, start: ListFlowable(  # noqa: E731
                    its, bulletType="bullet", start="\u2022", leftIndent=indent, bulletFontSize=size,
                    bulletOffsetY=dy, bulletFontName=font)
            else:
                make = lambda its, start: ListFlowable(  # noqa: E731
                    its, bulletType="1", start=start, leftIndent=indent, bulletFormat="%s.", bulletFontName=font,
                    bulletFontSize=size)
            first = getattr(b, "start", 1)
            if len(items) <= LONG_BOX_ITEMS:
                return [make(items, first)]
            # A long list goes item by item: ReportLab re-wraps a list's remaining items at every page it is
            # split across, which grows with the square of its length.
            return [make([it], first + i) for i, it in enumerate(items)]
        if isinstance(b, T.BlockQuote):
            return self._boxed(self.blocks(b.children, "quote"), fill=None, rule=self.theme.colours.accent)
        if isinstance(b, T.Div):
            style = next((DIV_STYLES[c] for c in b.classes if c in DIV_STYLES), para_style)
            inner = self.blocks(b.children, style)
            if "callout" in b.classes:
                return self._boxed(inner, fill=self.theme.colours.callout_fill, rule=self.theme.colours.callout_rule)
            if "title-block" in b.classes:
                rule = HRFlowable(width="100%", thickness=1.2, color=colors.HexColor(self.theme.colours.accent),
                                  spaceBefore=6, spaceAfter=10)
                return inner + [rule]
            return inner
        if isinstance(b, T.Table):
            return [self._table(b)]
        if isinstance(b, T.Figure):
            return [self._logo(b)] if para_style == "logo" else [self._figure(b)]
        if isinstance(b, T.HorizontalRule):
            return [HRFlowable(width="100%", thickness=0.5, color=colors.HexColor(self.theme.colours.muted),
                               spaceBefore=6, spaceAfter=6)]
        if isinstance(b, T.PageBreak):
            return [_SectionBreak() if b.new_section else PageBreak()]
        if isinstance(b, T.CodeBlock):
            return [Paragraph(st.text.markup(b.text).replace("\n", "<br/>"), st["caption"])]
        if isinstance(b, T.NotesPlaceholder):
            if not self.doc.notes or self.doc.meta.notes == "footnotes":
                return []  # footnotes stand at the foot of each page instead
            return self.blocks(b.children, para_style) + [self.note(n.number) for n in self.doc.notes]
        raise TypeError(f"unknown block {type(b).__name__}")

    def _marked_items(self, b, para_style: str) -> list | None:
        """A list whose every item is one paragraph briefgen sets itself, as those paragraphs, indented, each
        with its bullet or number where ReportLab's ListFlowable sets it (see ``_list``): the same page, at a
        fraction of the cost of ReportLab's list machinery. None for any other list."""
        if not b.items or any(len(item) != 1 or not isinstance(item[0], T.Para) for item in b.items):
            return None
        bullets = isinstance(b, T.BulletList)
        indent, font, size, dy = self._list(bullets)
        base = self.st[para_style]
        key = f"{base.name}-list-{int(bullets)}"
        style = self.st.by_name.get(key)
        if style is None:
            style = self.st.by_name[key] = ParagraphStyle(key, parent=base, leftIndent=base.leftIndent + indent)
        first = getattr(b, "start", 1)
        out = []
        for i, item in enumerate(b.items):
            label = "\u2022" if bullets else f"{first + i}."
            block = self._text_block(spans(item[0].children, self.st.note_links), style,
                                     marker=(label, base.leftIndent, style.fontSize - size + dy, font, size))
            if block is None:
                return None
            out.append(block)
        return out

    def _list(self, bullets: bool) -> tuple[float, str, float, float]:
        """A list's indent, and its bullet's or number's font, size and rise (ReportLab's ListFlowable sets
        a list marker that much above the item's first line, less the difference in size)."""
        if bullets:
            return 14, self.st.fonts[0], 8, -1
        return 16, self.st.fonts[1], self.st["body"].fontSize - 1, 0

    def _boxed(self, flowables, fill: str | None, rule: str):
        if fill and _items(flowables) > LONG_BOX_ITEMS:
            # A long box flows as ordinary text over a background the frame draws page by page: a one-cell
            # table would be re-wrapped whole at every page it is split across (quadratic).
            pad = 10
            return [FrameBG(color=colors.HexColor(fill), start=True), Spacer(0, 7), Indenter(pad, pad), *flowables,
                    Indenter(-pad, -pad), Spacer(0, 3), FrameBG(start=False), Spacer(0, 8)]
        box = Table([[flowables]], colWidths=[self.width], splitInRow=1)
        cmds = [("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, colors.HexColor(rule)),
                ("FONTNAME", (0, 0), (-1, -1), self.st.fonts[0])]  # else ReportLab refers to Helvetica
        if fill:
            cmds.append(("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(fill)))
        box.setStyle(TableStyle(cmds))
        box.spaceAfter = 8
        box.spaceBefore = 6
        return [box]

    def _table(self, t: T.Table):
        st = self.st
        ncols = max(len(t.header), *(len(r) for r in t.rows)) if t.rows else len(t.header)
        data = [[self.para(c, st["cellhead"]) for c in t.header]]
        data += [[self.para(c, st["cell"]) for c in row] + [""] * (ncols - len(row)) for row in t.rows]
        table = Table(data, colWidths=[self.width / ncols] * ncols, repeatRows=1)
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(self.theme.colours.callout_fill)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(self.theme.colours.primary)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#C8CED6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), st.fonts[0]),
        ]))
        table.spaceAfter = 8
        return table

    def _logo(self, f: T.Figure):
        from reportlab.lib.utils import ImageReader

        iw, ih = ImageReader(f.src).getSize()
        h = LOGO_HEIGHT_MM * mm
        w = min(iw * h / ih, self.width / 2)
        img = Image(f.src, width=w, height=ih * w / iw)
        img.hAlign = "LEFT"
        img.spaceAfter = 8
        return img

    def _figure(self, f: T.Figure):
        from reportlab.lib.utils import ImageReader

        iw, ih = ImageReader(f.src).getSize()
        scale = min(self.width / iw, self.height * 0.5 / ih, 1.0 if iw > self.width / 3 else 2.0)
        img = Image(f.src, width=iw * scale, height=ih * scale)
        parts = [img, Spacer(0, 3), self.para(f.caption, self.st["caption"])]
        if f.credit:
            parts.append(self.para(f.credit, self.st["caption"]))
        parts.append(Spacer(0, 8))
        return KeepTogether(parts)


class _SectionBreak(PageBreak):
    """A page break that starts a new section (the annex): the layout records where it falls."""


class _DocTemplate(BaseDocTemplate):
    notes_rule = "#8A94A3"
    section_starts: list[int]

    def afterPage(self):
        if isinstance(self.frame, NotesFrame):
            draw_notes(self.frame, self.canv, self.notes_rule)

    def afterFlowable(self, flowable):
        if isinstance(flowable, _SectionBreak):
            self.section_starts.append(self.page + 1)
        outline = getattr(flowable, "outline", None)
        if outline:
            level, title, key = outline
            if not getattr(self, "_outline_shown", False):
                self.canv.showOutline()  # open the bookmarks panel when the file opens
                self._outline_shown = True
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


def _numbered_canvas(meta: T.Meta, theme: Theme, pagesize, fonts: PdfFonts):
    """A canvas that draws the running header and footer on each page as it ends. The page label ("Page 3 of
    7") is a form XObject per page, defined when the document is saved and the total is known; ReportLab
    resolves forms by name at save time. (Holding pages back until then would bind every link and bookmark
    to the first page.)"""

    c = theme.colours
    muted = colors.HexColor(c.muted)
    m = theme.page.margins_mm
    body_font, bold_font = fonts.body[:2]
    width, height = pagesize
    bottom = m.bottom * mm - 10 * mm

    class NumberedCanvas(Canvas):
        def showPage(self):
            self._decorate()
            super().showPage()

        def save(self):
            total = self.getPageNumber() - 1
            self.pages = total
            self.setViewerPreference("DisplayDocTitle", "true")  # readers show the title, not a file name
            for page in range(1, total + 1):
                self.beginForm(f"pagelabel{page}")
                self.setFont(body_font, 7.5)
                self.setFillColor(muted)
                self.drawRightString(width - m.right * mm, bottom, meta.page_label.format(page=page, pages=total))
                self.endForm()
            super().save()

        def _decorate(self):
            top = height - m.top * mm + 8 * mm
            self.saveState()
            self.setFont(body_font, 7.5)
            self.setFillColor(muted)
            self.drawString(m.left * mm, top, meta.short_title)
            # The TLP marking, top right, in the standard's colours.
            label = meta.marking
            w = self.stringWidth(label, bold_font, 8) + 8
            x = width - m.right * mm - w
            self.setFillColor(colors.black)
            self.rect(x, top - 3, w, 11.5, stroke=0, fill=1)
            self.setFillColor(colors.HexColor(TLP_COLOURS.get(label, "#FFFFFF")))
            self.setFont(bold_font, 8)
            self.drawString(x + 4, top, label)
            # Footer: organisation, marking, page x of y.
            self.setStrokeColor(colors.HexColor("#C8CED6"))
            self.setLineWidth(0.4)
            self.line(m.left * mm, bottom + 10, width - m.right * mm, bottom + 10)
            self.setFillColor(muted)
            self.setFont(body_font, 7.5)
            self.drawString(m.left * mm, bottom, meta.organisation)
            self.drawCentredString(width / 2, bottom, label)
            self.doForm(f"pagelabel{self.getPageNumber()}")
            self.restoreState()

    return NumberedCanvas


@contextmanager
def _without_cycle_collection():
    """Python's cyclic garbage collector off for the layout. The layout makes hundreds of thousands of
    objects that live until the file is written (words, lines, flowables, PDF objects), and the collector
    walked them again and again as they piled up: about 430 collections, 0.15 s of a 1.5 s layout of 1,000
    findings. What is not in a cycle is freed as usual; the cycles left (ReportLab's document objects and
    the notes, about 110,000 objects at 1,000 findings) go in one collection once the layout is done,
    0.07 s."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write(doc: T.Document, theme: Theme) -> tuple[bytes, int]:
    """Lay out the document; return the PDF bytes and the number of pages."""
    data, pages, _ = layout(doc, theme)
    return data, pages


def layout(doc: T.Document, theme: Theme, note_links: bool = True) -> tuple[bytes, int, int]:
    """Lay out the document: the PDF bytes, its pages, and the pages before its first section break.
    ``note_links=False`` sets note numbers without links (to measure a part whose endnotes are cut off)."""
    with _without_cycle_collection():
        return _layout(doc, theme, note_links)


def _layout(doc: T.Document, theme: Theme, note_links: bool) -> tuple[bytes, int, int]:
    meta = doc.meta
    fonts = PdfFonts(theme, document_chars(doc))
    pagesize = LETTER if meta.paper == "Letter" else A4
    m = theme.page.margins_mm
    buf = io.BytesIO()
    template = _DocTemplate(
        buf, pagesize=pagesize, leftMargin=m.left * mm, rightMargin=m.right * mm, topMargin=m.top * mm,
        bottomMargin=m.bottom * mm, title=meta.title, author=meta.organisation,
        subject=f"{meta.audience_label}: {meta.title}", keywords=meta.keywords, creator="briefgen",
        lang=meta.language, initialFontName=fonts.body[0], keepTogetherClass=KeepWithNotes,
    )
    writer = _Writer(doc, theme, fonts, template.width, template.height)
    writer.st.note_links = note_links
    geometry = (template.leftMargin, template.bottomMargin, template.width, template.height)
    if meta.notes == "footnotes":
        frame = NotesFrame(*geometry, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                           note_flowable=writer.note)
    else:
        frame = Frame(*geometry, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story = writer.blocks(doc.blocks)
    canvasmaker = _numbered_canvas(meta, theme, pagesize, fonts)
    pages: list[int] = []

    class Counting(canvasmaker):
        def save(self):
            fonts.private_texts()  # before ReportLab writes the fonts' ToUnicode maps
            embed(self, doc.attachments)
            super().save()
            pages.append(self.pages)

    template.section_starts = []
    template.build(story, canvasmaker=Counting)
    total = pages[0] if pages else 0
    first_section = template.section_starts[0] - 1 if template.section_starts else total
    return buf.getvalue(), total, first_section
