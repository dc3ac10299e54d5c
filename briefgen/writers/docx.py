"""Word writer: walks the document tree into a .docx through python-docx.

Paragraphs get named styles (Title, Subtitle, Heading 1-3, List Bullet, List Number, Quote, Caption and
briefgen's own Kicker, Meta, Evidence, Callout, Note, Bibliography, Contact), set up from the theme.
Hyperlinks are relationship-based; citation numbers link to their notes. The package is cleaned of the
template's leftovers (thumbnail, author, application) and zipped with fixed timestamps so that builds
are reproducible.
"""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from lxml import etree

from .. import tree as T
from ..fonts import NEUTRAL, RTL_SCRIPTS, script
from ..textdir import base_is_rtl
from ..theme import Theme
from .docxnotes import NotesPart
from .pdf import TLP_COLOURS

DIV_STYLES = {
    "title": "Title", "subtitle": "Subtitle", "kicker": "Kicker", "meta": "Meta", "evidence": "Evidence",
    "release": "Kicker", "end-mark": "End Mark", "contacts": "Contact", "references": "Bibliography",
    "callout": "Callout", "logo": "logo",
}
LOGO_HEIGHT_MM = 14


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


# What may follow w:pBdr and w:shd inside w:pPr, in the schema's order (to insert them in place).
_PPR_AFTER_SHD = ("w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                  "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _setup_styles(doc, theme: Theme, meta: T.Meta, house: frozenset = frozenset()) -> None:
    """Set the styles from the theme. Styles named in ``house`` come from the user's reference document
    and are left as they are; briefgen's own (Kicker, Callout ...) are added where it lacks them."""
    f, s, c = theme.fonts, theme.sizes, theme.colours
    styles = doc.styles
    east_asian = f.fallbacks.get("Hani")
    complex_script = f.fallbacks.get("Arab")

    def ours(style) -> bool:
        return style.name not in house

    def font(style, name=None, size=None, colour=None, bold=None, italic=None):
        if not ours(style):
            return
        if name:
            style.font.name = name
            rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            # Word picks the slot by character: Chinese from eastAsia, Uyghur (Arabic script) from cs.
            rfonts.set(qn("w:eastAsia"), east_asian or name)
            rfonts.set(qn("w:cs"), complex_script or name)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
        if size:
            style.font.size = Pt(size)
        if colour:
            style.font.color.rgb = _rgb(colour)
        if bold is not None:
            style.font.bold = bold
        if italic is not None:
            style.font.italic = italic

    def para_style(name, base="Normal"):
        try:
            st = styles[name]
        except KeyError:
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles[base]
            st.quick_style = True
        return st

    normal = styles["Normal"]
    font(normal, f.docx_body, s.body, c.text)
    if ours(normal):
        normal.paragraph_format.space_after = Pt(s.body * 0.6)
        normal.paragraph_format.line_spacing = 1.15
    rpr = normal.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):  # the brief's languages, whoever made the style
        rpr.remove(old)
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), meta.language)
    if meta.script_languages.get("Hani"):
        el.set(qn("w:eastAsia"), meta.script_languages["Hani"])
    if meta.script_languages.get("Arab"):
        el.set(qn("w:bidi"), meta.script_languages["Arab"])
    rpr.append(el)

    title = styles["Title"]
    font(title, f.docx_heading, s.title, c.primary, bold=True)
    if ours(title):
        pPr = title.element.get_or_add_pPr()
        for border in pPr.findall(qn("w:pBdr")):
            pPr.remove(border)
        title.paragraph_format.space_after = Pt(s.title * 0.3)
    font(styles["Subtitle"], f.docx_heading, s.subtitle, c.muted, italic=False)
    for level, size, colour in ((1, s.h1, c.primary), (2, s.h2, c.primary), (3, s.h3, c.text)):
        h = styles[f"Heading {level}"]
        font(h, f.docx_heading, size, colour, bold=True, italic=False)
        if ours(h):
            h.paragraph_format.space_before = Pt(size * 0.9)
            h.paragraph_format.space_after = Pt(size * 0.35)
            h.paragraph_format.keep_with_next = True
    font(para_style("Kicker"), f.docx_heading, s.small, c.accent, bold=True)
    font(para_style("Meta"), None, s.small + 0.5, c.muted)
    font(para_style("Evidence"), None, s.small + 0.5, c.muted, italic=True)
    font(para_style("Contact"), None, s.body - 0.5)
    font(para_style("Caption"), None, s.small, c.muted, bold=False)
    bib = para_style("Bibliography")
    font(bib, None, s.small + 0.5)
    if ours(bib):
        bib.paragraph_format.left_indent = Cm(0.5)
        bib.paragraph_format.first_line_indent = Cm(-0.5)
    end = para_style("End Mark")
    if ours(end):
        end.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(styles["Quote"], None, None, c.text, italic=True)
    callout = para_style("Callout")
    if ours(callout):
        callout.paragraph_format.left_indent = Cm(0.3)
        callout.paragraph_format.right_indent = Cm(0.3)
        ppr = callout.element.get_or_add_pPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), c.callout_fill.lstrip("#").upper())
        bdr = OxmlElement("w:pBdr")
        left = OxmlElement("w:left")
        for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", c.callout_rule.lstrip("#"))):
            left.set(qn(k), v)
        bdr.append(left)
        ppr.insert_element_before(bdr, "w:shd", *_PPR_AFTER_SHD)
        ppr.insert_element_before(shd, *_PPR_AFTER_SHD)
    try:
        link = styles["Hyperlink"]
    except KeyError:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    if ours(link):
        link.font.color.rgb = _rgb(c.link)
        link.font.underline = True


class _Writer:
    def __init__(self, doc, document: T.Document, theme: Theme, text_width):
        self.docx, self.doc, self.theme = doc, document, theme
        self.text_width = text_width
        self.bookmark_id = 0
        self.body = doc.element.body
        # Style ids resolved once: python-docx's by-name lookup scans every style on every call.
        self.style_ids = {st.name: st.style_id for st in doc.styles}
        self.sect_pr = self.body.find(qn("w:sectPr"))
        self.part = doc.part  # the part whose relationships hold hyperlinks: the document, or its notes
        self.notes: NotesPart | None = None

    def para(self, style: str):
        """A new ``w:p`` at the end of the body, built directly with lxml (python-docx's proxies cost
        a style look-up and several tree searches per call)."""
        p = self.body.makeelement(W_P, {})
        if style != "Normal":
            ppr = _sub(p, "w:pPr")
            _sub(ppr, "w:pStyle", {"w:val": self.style_ids[style]})
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
            self.fill(self.para(f"Heading {min(b.level, 3)}"), b.children)
        elif isinstance(b, (T.BulletList, T.OrderedList)):
            kind = "List Bullet" if isinstance(b, T.BulletList) else "List Number"
            name = kind if list_level == 0 else f"{kind} {min(list_level + 1, 3)}"
            for item in b.items:
                first, rest = (item[0], item[1:]) if item and isinstance(item[0], T.Para) else (None, item)
                self.fill(self.para(name), first.children if first else [])
                for sub in rest:
                    self.block(sub, style, list_level + 1)
        elif isinstance(b, T.BlockQuote):
            self.blocks(b.children, "Quote", list_level)
        elif isinstance(b, T.Div):
            inner = next((DIV_STYLES[c] for c in b.classes if c in DIV_STYLES), style)
            self.blocks(b.children, inner, list_level)
        elif isinstance(b, T.Table):
            self.table(b)
        elif isinstance(b, T.Figure) and style == "logo":
            d.add_picture(b.src, height=Mm(LOGO_HEIGHT_MM))
        elif isinstance(b, T.Figure):
            d.add_picture(b.src, width=min(self.text_width, Cm(14)))
            cap = self.para("Caption")
            self.fill(cap, b.caption + ([T.Str(" "), *b.credit] if b.credit else []))
        elif isinstance(b, T.HorizontalRule):
            _run(self.para("End Mark"), "\u2014")
        elif isinstance(b, T.PageBreak) and b.new_section:
            from docx.enum.section import WD_SECTION

            d.add_section(WD_SECTION.NEW_PAGE)  # header and footer carry on from the section before
            self.sect_pr = self.body.find(qn("w:sectPr"))
        elif isinstance(b, T.PageBreak):
            _sub(_sub(self.para("Normal"), "w:r"), "w:br", {"w:type": "page"})
        elif isinstance(b, T.CodeBlock):
            _run(self.para("Normal"), b.text, code=True)
        elif isinstance(b, T.NotesPlaceholder):
            pass  # Word carries the notes itself, as footnotes or endnotes: no list, no heading for one
        else:
            raise TypeError(f"unknown block {type(b).__name__}")

    def table(self, t: T.Table) -> None:
        ncols = max([len(t.header)] + [len(r) for r in t.rows])
        table = self.docx.add_table(rows=1 + len(t.rows), cols=ncols)
        table.style = self.docx.styles["Table Grid"]
        for row_idx, row in enumerate([t.header] + t.rows):
            cells = table.rows[row_idx].cells
            for col, content in enumerate(row):
                p = cells[col].paragraphs[0]._p
                self.fill(p, [T.Strong(content)] if row_idx == 0 else content)
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)

    # --- inlines ----------------------------------------------------------------------------------

    def fill(self, p, nodes) -> None:
        """Write inline nodes into the paragraph ``p``; a paragraph whose text starts right to left (a
        Uyghur name on its own) becomes a right-to-left paragraph (``w:bidi``)."""
        if base_is_rtl(T.plain_text(nodes)):
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = etree.Element(qn("w:pPr"))
                p.insert(0, ppr)
            _sub(ppr, "w:bidi")  # after pStyle, as the schema orders them
        self.inlines(p, nodes)

    def inlines(self, p, nodes, bold=False, italic=False, code=False) -> None:
        """Append runs for inline nodes to the ``w:p`` element ``p``."""
        languages = self.doc.meta.script_languages
        fonts = self.theme.fonts.fallbacks
        for n in nodes:
            if isinstance(n, T.Str):
                _run(p, n.text, bold, italic, code, languages, fonts)
            elif isinstance(n, T.Emph):
                self.inlines(p, n.children, bold, not italic, code)
            elif isinstance(n, T.Strong):
                self.inlines(p, n.children, True, italic, code)
            elif isinstance(n, T.Code):
                _run(p, n.text, bold, italic, True)
            elif isinstance(n, T.SoftBreak):
                _run(p, " ", bold, italic, code, languages, fonts)
            elif isinstance(n, T.LineBreak):
                _sub(_sub(p, "w:r"), "w:br")
            elif isinstance(n, T.Link):
                self.hyperlink(p, n.url, T.plain_text(n.children) or n.url, external=True)
            elif isinstance(n, T.Cite) and n.note is not None:
                self.note(p, n.note)

    def note(self, p, number: int) -> None:
        """A citation as a real Word footnote (or endnote): the reference here, the text in the notes part."""
        if self.notes is None:
            self.notes = NotesPart(self.docx, self.doc.meta.notes, self.theme.sizes.small)
        note_id, note_p = self.notes.add()
        document_part, self.part = self.part, self.notes.part
        self.inlines(note_p, self.doc.notes[number - 1].children)
        self.part = document_part
        self.notes.reference(p, note_id)

    def hyperlink(self, p, target: str, text: str, external: bool, superscript: bool = False) -> None:
        if external:
            r_id = self.part.relate_to(target, RT.HYPERLINK, is_external=True)
            link = _sub(p, "w:hyperlink", {"r:id": r_id})
        else:
            link = _sub(p, "w:hyperlink", {"w:anchor": target})
        r = _sub(link, "w:r")
        rpr = _sub(r, "w:rPr")
        _sub(rpr, "w:rStyle", {"w:val": self.style_ids["Hyperlink"]})
        if superscript:
            _sub(rpr, "w:vertAlign", {"w:val": "superscript"})
        _text(r, text)


W_P = qn("w:p")


def _sub(parent, tag: str, attrs: dict | None = None):
    el = etree.SubElement(parent, qn(tag))
    for k, v in (attrs or {}).items():
        el.set(qn(k), v)
    return el


def _text(r, text: str) -> None:
    t = _sub(r, "w:t")
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(XML_SPACE, "preserve")


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _run(p, text: str, bold=False, italic=False, code=False, languages: dict | None = None,
         fonts: dict | None = None) -> None:
    """Runs for a text: one per script class, so that Word chooses font slot, direction and language
    (Uyghur: ``w:rtl`` and the complex-script font; Chinese: the East Asian font and language)."""
    for chunk, kind in script_runs(text):
        r = _sub(p, "w:r")
        if bold or italic or code or kind:
            rpr = _sub(r, "w:rPr")  # children in schema order: rFonts, b, bCs, i, iCs, rtl, lang
            font = (fonts or {}).get(kind) if kind else None
            if code:
                _sub(rpr, "w:rFonts", {"w:ascii": "Courier New", "w:hAnsi": "Courier New"})
            elif kind == "Hani":
                _sub(rpr, "w:rFonts", {"w:hint": "eastAsia", **({"w:eastAsia": font} if font else {})})
            elif kind == "Arab" and font:
                _sub(rpr, "w:rFonts", {"w:cs": font})
            if bold:
                _sub(rpr, "w:b")
                _sub(rpr, "w:bCs")
            if italic:
                _sub(rpr, "w:i")
                _sub(rpr, "w:iCs")
            if kind == "Arab":
                _sub(rpr, "w:rtl")
            lang = (languages or {}).get(kind) if kind else None
            if lang:
                _sub(rpr, "w:lang", {"w:bidi" if kind == "Arab" else "w:eastAsia": lang})
        _text(r, chunk)


def script_runs(text: str) -> list[tuple[str, str | None]]:
    """Split text where its script class changes: "Arab" (right to left), "Hani", or None (the rest).
    Spaces and punctuation between two characters of one class belong to it."""
    if text.isascii():
        return [(text, None)]
    kinds = []
    for c in text:
        sc = script(c)
        kinds.append("Arab" if sc in RTL_SCRIPTS else "Hani" if sc in ("Hani", "Hira", "Kana", "Bopo") else
                     (None if sc not in NEUTRAL else "?"))
    resolved = []
    for i, k in enumerate(kinds):
        if k == "?":
            before = next((x for x in reversed(kinds[:i]) if x != "?"), None)
            after = next((x for x in kinds[i + 1:] if x != "?"), None)
            k = before if before == after else None
        resolved.append(k)
    out: list[tuple[str, str | None]] = []
    for c, k in zip(text, resolved):
        if out and out[-1][1] == k:
            out[-1] = (out[-1][0] + c, k)
        else:
            out.append((c, k))
    return out


def _field(paragraph, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _header_footer(doc, meta: T.Meta, theme: Theme, right_edge, keep_styles: bool = False) -> None:
    """Running header (short title, TLP marking on the right) and footer (organisation, marking, page x of y).
    Size, colour and tab stops live in the Header and Footer styles (a reference document's, if it has
    them); only the marking is formatted directly. Whatever header or footer a template had is replaced:
    every page carries the handling marking."""
    section = doc.sections[0]
    section.different_first_page_header_footer = False
    doc.settings.odd_and_even_pages_header_footer = False
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        element = part._element
        for child in list(element):
            element.remove(child)
        element.add_p()
    for name in ("Header", "Footer"):
        if keep_styles and name in {s.name for s in doc.styles}:
            continue
        style = doc.styles[name]
        style.font.size = Pt(7.5)
        style.font.color.rgb = _rgb(theme.colours.muted)
        stops = style.paragraph_format.tab_stops
        stops.clear_all()
        if name == "Footer":
            stops.add_tab_stop(right_edge // 2, WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(right_edge, WD_TAB_ALIGNMENT.RIGHT)
    head = section.header.paragraphs[0]
    head.style = doc.styles["Header"]
    head.add_run(meta.short_title + "\t")
    mark = head.add_run(f" {meta.marking} ")
    mark.bold = True
    mark.font.size = Pt(8)
    mark.font.color.rgb = _rgb(TLP_COLOURS.get(meta.marking, "#FFFFFF"))
    shd = OxmlElement("w:shd")  # TLP 2.0: the label's colour on black
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "000000")
    mark._r.get_or_add_rPr().append(shd)

    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    foot.add_run(f"{meta.organisation}\t{meta.marking}\t")
    # "Page {page} of {pages}", in the brief's language: the text around two fields.
    for piece in re.split(r"(\{page\}|\{pages\})", meta.page_label):
        if piece == "{page}":
            _field(foot, "PAGE")
        elif piece == "{pages}":
            _field(foot, "NUMPAGES")
        elif piece:
            foot.add_run(piece)


LEFTOVER_RELS = {  # parts of a template that a brief never uses and that could carry its content
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML, RT.COMMENTS, RT.GLOSSARY_DOCUMENT,
    "http://schemas.microsoft.com/office/2011/relationships/people",
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
}

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>briefgen</Application><DocSecurity>0</DocSecurity></Properties>"
).encode()


def _clean_package(doc, meta: T.Meta) -> None:
    """Set core properties and drop what the default template carried (thumbnail, its author, its app)."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype in LEFTOVER_RELS:  # parts of python-docx's default template that briefs don't use
            doc.part.rels.pop(rel_id)
    settings = doc.settings.element
    for tag in ("w:rsids", "w:savePreviewPicture", "w14:docId"):  # revision ids, thumbnail, template's id
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    for el in settings.findall(qn("w:themeFontLang")):
        el.set(qn("w:val"), meta.language)
        el.attrib.pop(qn("w:eastAsia"), None)
    cp = doc.core_properties
    cp.title = meta.title
    cp.subject = f"{meta.audience_label}: {meta.title}"
    cp.author = meta.organisation
    cp.last_modified_by = meta.organisation
    cp.keywords = ", ".join(meta.keywords)
    cp.comments = ""
    cp.category = meta.audience_label
    cp.language = meta.language
    cp.revision = 1
    created = meta.created.replace(tzinfo=None)
    cp.created = created
    cp.modified = created


def _reproducible_zip(data: bytes, when) -> bytes:
    """Re-zip with one fixed timestamp and order, so equal inputs give equal bytes."""
    date_time = max((1980, 1, 1, 0, 0, 0), tuple(when.timetuple())[:6])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def write(doc: T.Document, theme: Theme) -> tuple[bytes, int | None]:
    """Write the document as .docx bytes (the page count is Word's to know: None)."""
    meta = doc.meta
    reference = meta.reference_docx or theme.reference_docx
    d = new_document(reference) if reference else new_document()
    body = d.element.body
    for child in list(body):  # the template's content (and sections) go; its last section's set-up stays
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for rel_id, rel in list(d.part.rels.items()):  # its notes and comments go too: the brief has its own
        if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES) or rel.reltype in LEFTOVER_RELS:
            d.part.rels.pop(rel_id)
    section = d.sections[0]
    if not reference:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (Mm(215.9), Mm(279.4)) if meta.paper == "Letter" else \
            (Mm(210), Mm(297))
        m = theme.page.margins_mm
        section.top_margin, section.bottom_margin = Mm(m.top), Mm(m.bottom)
        section.left_margin, section.right_margin = Mm(m.left), Mm(m.right)
    text_width = section.page_width - section.left_margin - section.right_margin
    house = frozenset(st.name for st in d.styles) if reference else frozenset()
    _setup_styles(d, theme, meta, house)
    _header_footer(d, meta, theme, text_width, keep_styles=bool(reference))
    _Writer(d, doc, theme, text_width).blocks(doc.blocks)
    _clean_package(d, meta)
    buf = io.BytesIO()
    d.save(buf)
    return _reproducible_zip(buf.getvalue(), meta.created), None
