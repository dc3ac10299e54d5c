"""The document tree's blocks and inlines as WordprocessingML: paragraphs in named styles, lists, tables,
figures, hyperlinks by relationship, and citations as real footnotes or endnotes (``notes.py``)."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Twips
from docx.table import _Cell
from lxml import etree

from ... import tree as T
from ...load.theme import Theme
from ..images import prepared
from .box import TABLE_MARGIN, TABLE_NAME, box, narrow_margins
from .direction import direct, is_rtl, languages, mirror_textless
from .links import LinkIds, bookmark
from .notes import NotesPart
from .numbering import own_numbering
from .pictures import LOGO_HEIGHT_MM, cell_picture, described, figure
from .runs import AFTER_PBDR, W_P, run, sub

DIV_STYLES = {
    "title": "Title", "subtitle": "Subtitle", "kicker": "Kicker", "meta": "Meta", "evidence": "Evidence",
    "release": "Kicker", "end-mark": "End Mark", "contacts": "Contact", "references": "Bibliography",
    "callout": "Callout", "logo": "logo",
}


class Blocks:
    def __init__(self, doc, styles, document: T.Document, theme: Theme, text_width, fonts=None):
        self.docx, self.doc, self.theme = doc, document, theme
        self.styles = styles  # styles.StyleIndex
        self.fonts = fonts  # embed.WordFonts: the family the PDF sets each character in
        self.text_width = text_width
        self.bookmark_id = 0
        self.body = doc.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))
        self.part = doc.part  # the part whose relationships hold hyperlinks: the document, or its notes
        self._link_ids: dict[int, LinkIds] = {}  # id(part) -> its hyperlinks' relationship ids
        self.notes: NotesPart | None = None
        self.rtl = is_rtl(document.meta)  # the brief runs right to left: paragraphs with no strong letter too
        self.languages = languages(document.meta)

    def para(self, style: str):
        """A new ``w:p`` at the end of the body, built directly with lxml (python-docx's proxies cost
        a style look-up and several tree searches per call)."""
        p = self.body.makeelement(W_P, {})
        if style != "Normal":
            ppr = sub(p, "w:pPr")
            sub(ppr, "w:pStyle", {"w:val": self.styles.id_of(style)})
        self.sect_pr.addprevious(p)
        return p

    # --- blocks -----------------------------------------------------------------------------------

    def blocks(self, blocks, style: str = "Normal", list_level: int = 0) -> None:
        for b in blocks:
            self.block(b, style, list_level)

    def block(self, b, style: str, list_level: int) -> None:
        d = self.docx
        if isinstance(b, T.Para):
            self.fill(self.para(style), b.children)
        elif isinstance(b, T.Heading):
            p = self.para(f"Heading {min(b.level, 4)}")
            if b.id:  # a bookmark that internal links lead to (render/anchors.py)
                self.bookmark_id += 1
                sub(p, "w:bookmarkStart", {"w:id": str(self.bookmark_id), "w:name": bookmark(b.id)})
            self.fill(p, b.children)
            if b.id:
                sub(p, "w:bookmarkEnd", {"w:id": str(self.bookmark_id)})
        elif isinstance(b, (T.BulletList, T.OrderedList)):
            kind = "List Bullet" if isinstance(b, T.BulletList) else "List Number"
            name = kind if list_level == 0 else f"{kind} {min(list_level + 1, 3)}"
            # Word numbers up to 32767 (LibreOffice read 999999 as 16959): past it, the numbers are written
            written = isinstance(b, T.OrderedList) and (b.start + len(b.items) - 1 > MAX_WORD_NUMBER
                                                        or b.delimiter != ".")  # "1)": the style numbers "1."
            num = own_numbering(self.docx, self.styles[name], b.start) \
                if isinstance(b, T.OrderedList) and not written else None
            for n, item in enumerate(b.items):
                first, rest = (item[0], item[1:]) if item and isinstance(item[0], T.Para) else (None, item)
                p = self.para(name)
                if num is not None or written:  # its own numbering, from its start, not on from the last list
                    numpr = sub(p[0], "w:numPr")
                    sub(numpr, "w:ilvl", {"w:val": "0"})
                    sub(numpr, "w:numId", {"w:val": "0" if written else num})  # 0: no numbering of the style's
                if written:
                    run(p, f"{b.start + n}{b.delimiter}\u00a0", bold=True, languages=self.languages, fonts=self.fonts)
                if list_level > 2:  # Word's list styles go three deep: a deeper item is indented further still
                    ind = p[0].get_or_add_ind()
                    ind.left, ind.hanging = Twips(360 * (list_level + 1)), Twips(360)
                self.fill(p, first.children if first else [])
                for inner in rest:  # (not ``sub``: that name is the function that adds an element)
                    self.block(inner, style, list_level + 1)
        elif isinstance(b, T.BlockQuote):
            self.blocks(b.children, "Quote", list_level)
        elif isinstance(b, T.Div):
            inner = next((DIV_STYLES[c] for c in b.classes if c in DIV_STYLES), style)
            mark = self.sect_pr.getprevious()
            self.blocks(b.children, inner, list_level)
            added = self._added_since(mark)
            made = [el for el in added if el.tag == W_P]
            if "keep" in b.classes:  # a box held on one page: each paragraph kept with the next
                held = made[:-1]
            elif "references" in b.classes and len(made) >= 4:  # no page holds a single entry of the list
                held = [made[0], made[-2]]
            else:
                held = []
            for el in held:
                keep_with_next(el)
            if "callout" in b.classes:  # one box (box.py)
                box(added, self.text_width, keep="keep" in b.classes)
            if "title-block" in b.classes and made:  # the PDF's rule under the title block, in the accent
                rule_below(made[-1], self.theme.colours.accent)
        elif isinstance(b, T.Table):
            self.table(b)
        elif isinstance(b, T.Figure) and style == "logo":
            described(d.add_picture(prepared(b.src), height=Mm(LOGO_HEIGHT_MM)), self.doc.meta.organisation)
        elif isinstance(b, T.Figure):
            figure(d, b, self.text_width)
            cap = self.para("Caption")
            self.fill(cap, b.caption + ([T.Str(" "), *b.credit] if b.credit else []))
        elif isinstance(b, T.HorizontalRule):
            p = self.para("End Mark")
            direct(p, "\u2014", self.rtl)
            run(p, "\u2014")
        elif isinstance(b, T.PageBreak) and b.new_section:
            from docx.enum.section import WD_SECTION

            d.add_section(WD_SECTION.NEW_PAGE)  # header and footer carry on from the section before
            d.sections[-1].different_first_page_header_footer = False  # its first page is no title page
            self.sect_pr = self.body.find(qn("w:sectPr"))
        elif isinstance(b, T.PageBreak):
            sub(sub(self.para("Normal"), "w:r"), "w:br", {"w:type": "page"})
        elif isinstance(b, T.CodeBlock):  # line by line (a tab as four spaces), its spaces kept
            p = self.para("Normal")
            direct(p, b.text, self.rtl)
            for i, line in enumerate(b.text.expandtabs(4).split("\n")):
                if i:
                    sub(sub(p, "w:r"), "w:br")
                if line:
                    run(p, line, code=True, fonts=self.fonts)
        elif isinstance(b, T.NotesPlaceholder):
            if self.doc.meta.notes == "endnotes" and self.notes is not None:
                self.endnotes_here(b)
            # else: footnotes stand at the foot of each page (Word carries them): no list, no heading
        else:
            raise TypeError(f"unknown block {type(b).__name__}")

    def _added_since(self, mark) -> list:
        """What was written since ``mark`` (the element before the body's closing sectPr then, or None): the
        paragraphs and tables inserted before that sectPr since. Walked from ``mark``, not counted from the
        body's start: lxml counts an element's children one by one, and a Div per finding made the Word
        writer quadratic (at 10,000 findings, 12 s of counting)."""
        el = mark.getnext() if mark is not None else next(iter(self.body), None)
        added = []
        while el is not None and el.getnext() is not None:  # the body's last element is its sectPr
            added.append(el)
            el = el.getnext()
        return added

    def endnotes_here(self, b: T.NotesPlaceholder) -> None:
        """Word's endnotes where the template places the notes (before the sources, as in the PDF): the
        section ends here, Word prints the endnotes at the end of a section (``w:pos sectEnd``) and the
        sections before this one defer theirs to it (``w:noEndnote``); what follows goes on in a continuous
        section. What the template put above the notes (their heading) opens the endnotes, in the endnote
        separator, so that it stands wherever Word sets them. LibreOffice 7.4 sets Word's endnotes on pages of
        their own at the end of the document whatever the file says, and without the heading."""
        mark = self.sect_pr.getprevious()
        self.blocks(b.children, "Normal", 0)
        self.notes.open_with(self._added_since(mark))
        if self.doc.blocks and self.doc.blocks[-1] is b:
            return  # nothing follows: Word's endnotes end the document anyway
        from docx.enum.section import WD_SECTION

        for earlier in self.body.iter(qn("w:sectPr")):
            if earlier is not self.sect_pr and earlier.find(qn("w:noEndnote")) is None:
                _sect_child(earlier, "w:noEndnote")  # its endnotes wait for this section's end
        last = self.sect_pr.getprevious()
        self.docx.add_section(WD_SECTION.CONTINUOUS)  # the ended section's sectPr, in a new empty paragraph
        self.docx.sections[-1].different_first_page_header_footer = False
        self.sect_pr = self.body.find(qn("w:sectPr"))
        holder = self.sect_pr.getprevious()
        if last is not None and last.tag == W_P and last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:
            ppr = last.find(qn("w:pPr"))
            if ppr is None:
                ppr = sub(last, "w:pPr")
                last.insert(0, ppr)
            ppr.append(holder.find(f"{qn('w:pPr')}/{qn('w:sectPr')}"))  # in the last paragraph: no empty line
            self.body.remove(holder)
        self.notes.at_section_end()

    def table(self, t: T.Table) -> None:
        ncols = max([len(t.header)] + [len(r) for r in t.rows])
        if self.sect_pr.getprevious() is not None and self.sect_pr.getprevious().tag == qn("w:tbl"):
            self.para("Normal")  # two tables in a row would merge into one: a paragraph between
        table = self.docx.add_table(rows=1 + len(t.rows), cols=ncols)
        self.styles.give(table, TABLE_NAME if TABLE_NAME in self.styles else "Table Grid")
        if self.rtl:  # its first column on the right (w:bidiVisual)
            table.table_direction = WD_TABLE_DIRECTION.RTL
        # each row's cells from its XML, once: python-docx's table.rows[i] lists every row at each look-up, and
        # its row's cells once listed every cell of the table (quadratic: 1,600 rows took 4.5 s)
        trs = table._tbl.tr_lst
        for row_idx, (tr, row) in enumerate(zip(trs, [t.header] + t.rows)):
            cells = [_Cell(tc, table) for tc in tr.tc_lst]
            for col, content in enumerate(row):
                if (row_idx - 1, col) in t.figures:  # an image the cell holds alone
                    cell_picture(cells[col].paragraphs[0], t.figures[(row_idx - 1, col)], T.plain_text(content),
                                 self.text_width / ncols)
                    continue
                p = cells[col].paragraphs[0]._p
                sub(p.get_or_add_pPr(), "w:pStyle", {"w:val": self.styles.id_of("Table Text")})
                self.fill(p, content)  # the header row is bold by the table style
                side = t.aligns[col] if col < len(t.aligns) else None
                if side:  # as the Markdown's |--:|; Word reads left and right as a bidi paragraph's start and end
                    bidi = p.pPr.find(qn("w:bidi")) is not None
                    side = {"left": "right", "right": "left"}.get(side, side) if bidi else side
                    p.pPr.jc_val = getattr(WD_ALIGN_PARAGRAPH, side.upper())
        column = int(self.text_width / 635 / ncols)  # twips (635 EMU each)
        if column < 4 * TABLE_MARGIN:  # many columns: the style's cell margins would leave no room for text
            narrow_margins(table._tbl.tblPr, max(10, column // 8))
        tr_pr = trs[0].get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)

    # --- inlines ----------------------------------------------------------------------------------

    def fill(self, p, nodes) -> None:
        """Write inline nodes into the paragraph ``p``; a paragraph whose first strong character is right to
        left (a Uyghur name on its own), or that has none in a right-to-left brief, becomes a right-to-left
        paragraph (``w:bidi``, ``direction.py``)."""
        direct(p, T.plain_text(nodes), self.rtl)
        self.inlines(p, nodes)

    def finish(self) -> None:
        """In a right-to-left brief, the paragraphs written without text (images, page breaks, empty cells,
        the notes' separators) run right to left too."""
        if self.rtl:
            mirror_textless(self.body)
            if self.notes is not None:
                mirror_textless(self.notes.part.element)

    def inlines(self, p, nodes, bold=False, italic=False, code=False, style=None) -> None:
        """Append runs for inline nodes to the ``w:p`` element ``p`` (or a ``w:hyperlink``: ``style``, the
        Hyperlink character style)."""
        languages = self.languages
        fonts = self.fonts
        for n in nodes:
            if isinstance(n, T.Str):
                run(p, n.text, bold, italic, code, languages, fonts, style)
            elif isinstance(n, T.Emph):
                self.inlines(p, n.children, bold, not italic, code, style)
            elif isinstance(n, T.Strong):
                self.inlines(p, n.children, True, italic, code, style)
            elif isinstance(n, T.Code):
                run(p, n.text, bold, italic, True, fonts=self.fonts, style=style)
            elif isinstance(n, T.SoftBreak):
                run(p, " ", bold, italic, code, languages, fonts, style)
            elif isinstance(n, T.LineBreak):
                sub(sub(p, "w:r"), "w:br")
            elif isinstance(n, T.Link) and n.url.startswith("#"):  # to a heading of the brief (its bookmark)
                self.hyperlink(p, bookmark(n.url[1:]), n.children or [T.Str(n.url)], external=False)
            elif isinstance(n, T.Link):
                self.hyperlink(p, n.url, n.children or [T.Str(n.url)], external=True)
            elif isinstance(n, T.Cite) and n.note is not None:
                self.note(p, n.note)

    def note(self, p, number: int) -> None:
        """A citation as a real Word footnote (or endnote): the reference here, the text in the notes part."""
        if self.notes is None:
            self.notes = NotesPart(self.docx, self.styles, self.doc.meta.notes, self.theme.sizes.small)
        note_id, note_p = self.notes.add()
        children = self.doc.notes[number - 1].children
        direct(note_p, T.plain_text(children), self.rtl)
        document_part, self.part = self.part, self.notes.part
        self.inlines(note_p, children)
        self.part = document_part
        self.notes.reference(p, note_id)

    def link_ids(self, part) -> LinkIds:
        ids = self._link_ids.get(id(part))
        if ids is None:
            ids = self._link_ids[id(part)] = LinkIds(part)
        return ids

    def hyperlink(self, p, target: str, children: list, external: bool) -> None:
        """A link, in the Hyperlink style: its text in runs by script, as any other (a Uyghur title: w:rtl), with
        its emphasis and its notes (a citation in a link's text: the note's reference inside the link)."""
        if external:
            r_id = self.link_ids(self.part).get(target)
            link = sub(p, "w:hyperlink", {"r:id": r_id})
        else:
            link = sub(p, "w:hyperlink", {"w:anchor": target})
        style = self.styles.id_of("Hyperlink")
        if all(isinstance(c, T.Str) for c in children):  # most links: their text in one go
            run(link, T.plain_text(children), languages=self.languages, fonts=self.fonts, style=style)
        else:
            self.inlines(link, children, style=style)


MAX_WORD_NUMBER = 32767  # the last number Word's list numbering holds

_AFTER_NO_ENDNOTE = ("w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                     "w:sectPrChange")


def _sect_child(sect_pr, tag: str) -> None:
    el = etree.Element(qn(tag))
    anchor = next((c for c in sect_pr if c.tag in {qn(t) for t in _AFTER_NO_ENDNOTE}), None)
    if anchor is not None:
        anchor.addprevious(el)
    else:
        sect_pr.append(el)


def rule_below(p, colour: str) -> None:
    """A rule under a paragraph (1.25 pt, 6 pt below its text), as the PDF rules off the title block."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    border = etree.Element(qn("w:pBdr"))
    etree.SubElement(border, qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "10", qn("w:space"): "6",
                                               qn("w:color"): colour.lstrip("#")})
    anchor = next((el for el in ppr if etree.QName(el).localname in AFTER_PBDR), None)  # schema order
    if anchor is not None:
        anchor.addprevious(border)
    else:
        ppr.append(border)


def keep_with_next(p) -> None:
    """``w:keepNext`` on a paragraph, after its style as the schema orders them."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is None:
        style = ppr.find(qn("w:pStyle"))
        el = etree.Element(qn("w:keepNext"))
        if style is not None:
            style.addnext(el)
        else:
            ppr.insert(0, el)
