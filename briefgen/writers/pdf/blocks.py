"""The document tree's blocks as ReportLab flowables: nothing here decides content.

Divs map to paragraph styles by class (``title``, ``kicker``, ``meta``, ``evidence`` ...) and ``callout``
divs to a shaded box. A paragraph is a TextBlock (``para.py``; ``mixed.py`` for other scripts and
right-to-left text); one with soft hyphens or justified lines is ReportLab markup, every text XML-escaped
before ReportLab's paragraph parser sees it. A brief in a right-to-left language is mirrored: tables run
from the right, boxes have their rule on the right, and the running header and footer change sides
(``page.py``).
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    PageBreak,
    Spacer,
    TableStyle,
)
from reportlab.platypus.doctemplate import Indenter
from reportlab.platypus.flowables import FrameBG, HRFlowable

from ... import tree as T
from ...fonts.scripts import needs_shaping
from ...load.theme import Theme
from ..verify import shaped_words
from .box import MAX_DEPTH, Box, inside
from .colwidths import column_widths
from .figures import cell_image, figure, logo
from .fonts import PdfFonts
from .langspans import LanguageSpans, keep_sources
from .lists import Lists
from .mixed import Mixed
from .notes import KeepWithNotes
from .para import TextBlock
from .rlinternals import Paragraph, Table, contents, fragment_lines
from .spans import Span, span_markup, spans
from .styles import Styles
from .tags import Tagged, Tags

DIV_STYLES = {
    "title": "title", "subtitle": "subtitle", "kicker": "kicker", "meta": "meta", "evidence": "evidence",
    "release": "release", "end-mark": "endmark", "contacts": "contact", "references": "bib", "logo": "logo",
}

LONG_BOX_ITEMS = 30
SHORT_QUOTE = 800  # characters: a quote this short is held on one page with its attribution


def _items(flowables) -> int:
    """How many paragraphs a box holds (list items counted one by one)."""
    return sum(len(contents(f) or [f]) for f in flowables)


class Para(Tagged, Paragraph):
    """A paragraph ReportLab sets (soft hyphens, justified lines, code), with named anchors that links
    may point to (drawn at its top, not as ReportLab's ``<a name>``, which breaks the lines of shaped text
    that follow it) and, for a heading, its entry in the PDF outline. In a tagged PDF, its text in the
    ``languages`` of other scripts is in Spans (``langspans.py``)."""

    def __init__(self, text, style, outline=None, anchors=(), languages=None, **kw):
        super().__init__(text, style, **kw)  # ReportLab makes the parts of a split with bulletText=, frags=
        self.outline = outline  # (level, title, key)
        self.anchors = tuple(anchors)
        self.languages = languages or {}  # script -> language (the dossier's script_languages)
        if text is not None and self.languages:
            keep_sources(self.frags)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 1:  # it fits whole (see TextBlock.split): not split here
            return []
        if parts:  # the bookmark and the anchors go with the first part, where the paragraph starts
            parts[0].outline, parts[0].anchors = self.outline, self.anchors
            for part in parts[1:]:
                part.outline, part.anchors = None, ()
            for part in parts:
                part.tag, part.languages = self.tag, self.languages
        return parts

    def release(self) -> None:
        """As ``TextBlock.release``, for a note ReportLab sets: nothing to forget (its lines are its text)."""

    def draw(self):
        for name in self.anchors:
            self.canv.bookmarkHorizontal(name, self.style.leftIndent, self.height)
        tags = getattr(self.canv, "tags", None)
        if tags is not None and tags.current is not None and self.languages:  # drawn as its element's content
            self._spans = LanguageSpans(tags, self.languages, fragment_lines(self))
        try:
            super().draw()
        finally:
            self.__dict__.pop("_spans", None)

    def beginText(self, x, y):  # the text object ReportLab sets the paragraph's lines in
        tx = super().beginText(x, y)
        spans = self.__dict__.get("_spans")
        if spans is not None:
            spans.start(tx)
        return tx


class Blocks(Lists):
    def __init__(self, doc: T.Document, theme: Theme, fonts: PdfFonts, frame_width: float, frame_height: float,
                 tagged: bool = False):
        self.doc, self.theme, self.st = doc, theme, Styles(theme, fonts)
        self.tags = Tags() if tagged else None  # the structure tree (tags.py), built as the flowables are made
        self._note_tags: dict = {}  # note number -> its Note element, beside the paragraph that cites it
        self.width, self.height = frame_width, frame_height
        self.heading_count = 0
        self.open_headings: list[int] = []  # the levels of the headings the next one may nest under
        self.boxed = 0  # inside a box or a list item (box.inside): its headings make no outline entry
        self.boxes = 0  # inside so many boxes (box.MAX_DEPTH)
        self.floor = 0  # and nest under the headings open where it starts: they close none of them
        self._notes: dict = {}  # number -> its paragraph
        self.rtl = doc.meta.direction == "rtl"  # a brief in a right-to-left language: mirrored
        self.glyphs_only: set[str] = set()  # words only ReportLab's Paragraph sets, shaped (see verify.py)

    def leaf(self, flowable, kind: str, inlines=(), **attrs):
        """Give a leaf flowable its structure element (under the open one), and a footnote cited in it its
        Note element beside it. Returns the flowable."""
        if self.tags is None:
            return flowable
        flowable.tag = elem = self.tags.add(kind, **attrs)
        if self.doc.meta.notes == "footnotes":
            numbers: list[int] = []
            T.walk_inlines(inlines, lambda n: numbers.append(n.note)
                           if isinstance(n, T.Cite) and n.note is not None else None)
            for number in numbers:
                if number not in self._note_tags:
                    self._note_tags[number] = self.tags.add("Note", elem, ID=f"note-{number}")
        return flowable

    @contextmanager
    def within(self, kind: str, **attrs):
        """Build the flowables of the block inside a structure element (a list, a table, a quote)."""
        if self.tags is None:
            yield None
            return
        with self.tags.within(kind, **attrs) as elem:
            yield elem

    def blocks(self, blocks, para_style: str = "body") -> list:
        out: list = []
        for b in blocks:
            out.extend(self.block(b, para_style))
        return out

    def para(self, inlines, style: ParagraphStyle, anchor: str | None = None, bullet: str | None = None,
             outline=None):
        """A paragraph of inline nodes, set by briefgen's TextBlock (see para.py, and mixed.py for other
        scripts and right-to-left text), or by ReportLab's Paragraph where it must (soft hyphens, justified
        lines). ``anchor`` names its start for links, ``bullet`` is set before it, ``outline`` makes it an
        outline entry."""
        items = spans(inlines, self.st.note_links)
        block = self._text_block(items, style, bullet=bullet, anchors=(anchor,) if anchor else (), outline=outline)
        if block is not None:
            return block
        kw = {"outline": outline, "anchors": (anchor,) if anchor else ()}
        if bullet:
            kw["bulletText"] = bullet
        text = T.plain_text(inlines)
        self.glyphs_only |= shaped_words(text)  # ReportLab's paragraph shapes them: glyphs, not text
        markup = span_markup(items, self.st)
        return Para(markup, self.st.variant(style, rtl=False) if needs_shaping(text) else style,
                    languages=self.doc.meta.script_languages, **kw)

    def _text_block(self, items: list[Span], style: ParagraphStyle, **kw) -> TextBlock | None:
        """Spans as briefgen's own paragraph, or None where ReportLab's Paragraph must set them."""
        runs = None if self.rtl else self.st.runs(items, style)
        if runs is not None:
            return TextBlock(runs, style, self.st.widths, **kw)
        runs = self.st.mixed_runs(items, style)
        if runs is None:
            return None
        mixed = Mixed(self.st.shaper, self.rtl, self.doc.meta.script_languages)
        return TextBlock(runs, style, self.st.widths, mixed=mixed, **kw)

    def label(self, text: str, size: float, bold: bool, colour, side: str):
        """One line of text of any script for the running header and footer, flush with ``side`` ("left",
        "right", "centre") whichever way the text runs (a right-to-left paragraph starts on the right)."""
        key = f"label-{size}-{int(bold)}-{colour}"
        style = self.st.by_name.get(key)
        if style is None:
            style = self.st.by_name[key] = ParagraphStyle(
                key, parent=self.st["body"], fontName=self.st.fonts[1] if bold else self.st.fonts[0],
                fontSize=size, leading=size * 1.2, textColor=colour, spaceAfter=0)
        return self.aligned([T.Str(text)], style, side)

    def aligned(self, inlines, style: ParagraphStyle, side: str | None):
        """A paragraph flush with ``side`` ("left", "right", "center" or "centre"; None: as ``style`` sets it)
        whichever way its text runs: briefgen's paragraphs align to their start and end (a right-to-left one
        starts on the right), ReportLab's to the page's sides."""
        if side is None:
            return self.para(inlines, style)
        if side in ("center", "centre"):
            return self.para(inlines, self.st.aligned(style, TA_CENTER))
        start = self.para(inlines, self.st.aligned(style, TA_LEFT))
        return start if (side == "left") != getattr(start, "rtl", False) else \
            self.para(inlines, self.st.aligned(style, TA_RIGHT))

    def note(self, number: int):
        """A note as a paragraph (made once: the frame measures it, the page draws it)."""
        if number not in self._notes:
            n = self.doc.notes[number - 1]
            self._notes[number] = note = self.para(n.children, self.st["note"], f"note-{n.number}", f"{n.number}.")
            if self.tags is not None:  # a footnote beside its paragraph; an endnote where the notes are listed
                note.tag = self._note_tags.get(number) or self.tags.add("Note", ID=f"note-{number}")
        return self._notes[number]

    def block(self, b, para_style: str) -> list:
        st = self.st
        if isinstance(b, T.Para):
            kind = "Caption" if para_style == "caption" else "P"
            return [self.leaf(self.para(b.children, st[para_style]), kind, b.children)]
        if isinstance(b, T.Heading):
            self.heading_count += 1
            while len(self.open_headings) > self.floor and self.open_headings[-1] >= b.level:  # a sibling or uncle
                self.open_headings.pop()
            level = len(self.open_headings)  # nested under the open headings of higher rank only
            self.open_headings.append(b.level)
            key = b.id or f"h{self.heading_count}"  # its identifier (render/anchors.py): links lead to it
            style = st[f"h{min(b.level, 4)}"]
            outline = None if self.boxed else (level, T.plain_text(b.children), key)
            heading = self.para(b.children, style, key, outline=outline)
            return [self.leaf(heading, f"H{min(level + 1, 6)}", b.children)]  # nested as the outline: no skips
        if isinstance(b, (T.BulletList, T.OrderedList)):
            with self.within("L"):
                return self._list_block(b, para_style)
        if isinstance(b, T.BlockQuote):
            with self.within("BlockQuote"):
                if self.boxes >= MAX_DEPTH:
                    return self.blocks(b.children, "quote")
                with inside(self):
                    inner = self.blocks(b.children, "quote")
                box = self._boxed(inner, fill=None, rule=self.theme.colours.accent)
                # A short quote and its attribution on one page ("— A guard" alone overleaf was read as no one's);
                # in the page's own flow (a box or a list item cannot hold a group kept together)
                short = not self.boxed and len(b.children) > 1 and len(T.plain_text(b.children)) <= SHORT_QUOTE
                return [KeepWithNotes(box)] if short else box
        return self._other_block(b, para_style)

    def _other_block(self, b, para_style: str) -> list:
        if isinstance(b, T.Div) and "callout" in b.classes:
            with self.within("Div"):
                return self._div(b, para_style)
        if isinstance(b, T.Div):
            return self._div(b, para_style)
        return self._leaf_block(b, para_style)

    def _div(self, b, para_style: str) -> list:
        style = next((DIV_STYLES[c] for c in b.classes if c in DIV_STYLES), para_style)
        boxed = "callout" in b.classes and self.boxes < MAX_DEPTH
        with inside(self) if boxed else nullcontext():
            inner = self.blocks(b.children, style)
        if "references" in b.classes and len(inner) >= 4:  # no page holds a single entry of the list
            inner = [KeepWithNotes(inner[:2]), *inner[2:-2], KeepWithNotes(inner[-2:])]
        if boxed:
            box = self._boxed(inner, fill=self.theme.colours.callout_fill, rule=self.theme.colours.callout_rule,
                              label=b.attrs.get("continued"))
            return [KeepWithNotes(box)] if "keep" in b.classes else box  # held on one page where it fits
        if "title-block" in b.classes:
            rule = HRFlowable(width="100%", thickness=1.2, color=colors.HexColor(self.theme.colours.accent),
                              spaceBefore=6, spaceAfter=10)
            return inner + [rule]
        return inner

    def _leaf_block(self, b, para_style: str) -> list:
        st = self.st
        if isinstance(b, T.Table):
            with self.within("Table"):
                return [self._table(b)]
        if isinstance(b, T.Figure):
            return [logo(self, b)] if para_style == "logo" else [figure(self, b)]
        if isinstance(b, T.HorizontalRule):
            return [HRFlowable(width="100%", thickness=0.5, color=colors.HexColor(self.theme.colours.muted),
                               spaceBefore=6, spaceAfter=6)]
        if isinstance(b, T.PageBreak):
            return [SectionBreak() if b.new_section else PageBreak()]
        if isinstance(b, T.CodeBlock):
            self.glyphs_only |= shaped_words(b.text)
            return [self.leaf(Para(st.text.code_block_markup(b.text), st["code"],
                                   languages=self.doc.meta.script_languages), "P")]
        if isinstance(b, T.NotesPlaceholder):
            if not self.doc.notes or self.doc.meta.notes == "footnotes":
                return []  # footnotes stand at the foot of each page instead
            return self.blocks(b.children, para_style) + [self.note(n.number) for n in self.doc.notes]
        raise TypeError(f"unknown block {type(b).__name__}")

    def _boxed(self, flowables, fill: str | None, rule: str, label: str | None = None):
        if fill and _items(flowables) > LONG_BOX_ITEMS:
            # A long box flows as ordinary text over a background the frame draws page by page: a one-cell
            # table would be re-wrapped whole at every page it is split across (quadratic).
            pad = 10
            return [FrameBG(color=colors.HexColor(fill), start=True), Spacer(0, 7), Indenter(pad, pad), *flowables,
                    Indenter(-pad, -pad), Spacer(0, 3), FrameBG(start=False), Spacer(0, 8)]
        edge = "LINEAFTER" if self.rtl else "LINEBEFORE"  # the rule on the side lines start from
        cmds = [(edge, (0, 0), (0, -1), 2.5, colors.HexColor(rule)),
                ("FONTNAME", (0, 0), (-1, -1), self.st.fonts[0])]  # else ReportLab refers to Helvetica
        if fill:
            cmds.append(("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(fill)))
        heading = (lambda: self.para([T.Strong([T.Str(label)])], self.st["body"])) if label else None
        return [Box(flowables, self.width, cmds, heading)]

    def _cell_image(self, f: T.Figure, cell: list, width: float):
        with self.within("TD"):
            return cell_image(self, f, T.plain_text(cell), max(width, 12.0))

    def _table(self, t: T.Table):
        st = self.st
        ncols = max(len(t.header), *(len(r) for r in t.rows)) if t.rows else len(t.header)
        data = []
        share = self.width / ncols - 12
        rows = [(t.header, "TH", "cellhead")] + [(row, "TD", "cell") for row in t.rows]
        for r, (cells, kind, style) in enumerate(rows):
            with self.within("TR"):
                attrs = {"A": "Column"} if kind == "TH" else {}
                aligns = list(t.aligns) + [None] * (len(cells) - len(t.aligns))  # as the Markdown's |--:|
                # each cell a list of flowables: ReportLab splits a row taller than a page only through such cells
                data.append([[self._cell_image(t.figures[(r - 1, k)], c, share) if (r - 1, k) in t.figures
                              else self.leaf(self.aligned(c, st[style], a), kind, c, **attrs)]
                             for k, (c, a) in enumerate(zip(cells, aligns))] + [""] * (ncols - len(cells)))
        if self.rtl:  # a right-to-left brief's columns run from the right
            data = [row[::-1] for row in data]
        pad = max(0.0, min(6.0, (self.width / ncols - 4) / 2))  # ReportLab's 6 points a side; less for many columns
        widths = column_widths(data, self.width, padding=2 * pad)
        table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, page_height=self.height)
        table.setStyle(TableStyle([
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(self.theme.colours.callout_fill)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(self.theme.colours.primary)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#C8CED6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), st.fonts[0]),
        ]))
        table.spaceAfter = 8
        return table


class SectionBreak(PageBreak):
    """A page break that starts a new section (the annex): the layout records where it falls."""
