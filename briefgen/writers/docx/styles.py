"""Word styles set from the theme: Normal, Title, Subtitle, Heading 1-4, Quote, Caption and briefgen's own
Kicker, Meta, Evidence, Callout, Contact, Bibliography and End Mark. Styles a house reference document has
are left as it made them."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from ... import tree as T
from ...load.theme import Theme
from .box import (
    STYLE_ID,
    STYLE_NAME,
    TABLE_ID,
    TABLE_NAME,
    add_box_style,
    add_table_style,
)
from .direction import is_rtl, languages
from .runs import AFTER_PBDR


class StyleIndex:
    """A document's styles by name ("Heading 1", as python-docx names them), found through a dict. python-docx's
    own look-up (``styles[name]``, ``name in styles``) reads every style of the document on every call: setting
    up a brief's styles made some two thousand such reads. Styles are added through the index (``add``), or
    registered once made (``register``)."""

    def __init__(self, doc):
        self.element = doc.styles.element  # CT_Styles
        self._by_name: dict[str, object] = {}
        for el in self.element.findall(qn("w:style")):
            self.register(el)  # the first of a name, as python-docx finds it

    def __contains__(self, name: str) -> bool:
        return BabelFish.ui2internal(name) in self._by_name

    def __getitem__(self, name: str):
        """The style named ``name`` (python-docx's proxy); KeyError if the document has none."""
        return StyleFactory(self._by_name[BabelFish.ui2internal(name)])

    def id_of(self, name: str) -> str:
        return self._by_name[BabelFish.ui2internal(name)].get(qn("w:styleId"))

    def ids(self) -> set[str]:
        return {el.get(qn("w:styleId")) for el in self.element.findall(qn("w:style"))}

    def add(self, name: str, kind):
        """A new style named ``name`` of the type ``kind`` (``WD_STYLE_TYPE``), which the document lacks."""
        return StyleFactory(self.register(self.element.add_style_of_type(BabelFish.ui2internal(name), kind, False)))

    def register(self, element):
        """Find the style ``element`` (added to the document's styles) by its name from now on."""
        name = element.find(qn("w:name"))
        self._by_name.setdefault(None if name is None else name.get(qn("w:val")), element)
        return element

    def give(self, item, name: str) -> None:
        """Give a paragraph or a table (python-docx's proxy) the style named ``name``, as ``item.style = ...``
        would, without python-docx's read of every style to find the default (which is named by none)."""
        el = self._by_name[BabelFish.ui2internal(name)]
        kind = "paragraph" if hasattr(item, "_p") else "table"
        if el.get(qn("w:type")) != kind:  # python-docx's own says what is wrong
            item.style = StyleFactory(el)
            return
        style_id = None if el.get(qn("w:default")) in ("1", "true", "on") else el.get(qn("w:styleId"))
        if kind == "paragraph":
            item._p.style = style_id
        else:
            item._tbl.tblStyle_val = style_id


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())

# The children of w:rPr from w:b on, in the schema's order (CT_RPr), to insert the complex-script ones in place.
_RPR_ORDER = ("w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline",
              "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
              "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
              "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
              "w:eastAsianLayout", "w:specVanish", "w:oMath")


def for_complex_scripts(style, size=None, bold=None, italic=None) -> None:
    """The size, bold and italic just set on a style, for complex scripts too (``w:szCs``, ``w:bCs``,
    ``w:iCs``): Word sets Uyghur and Arabic text, and all of a right-to-left run, with these."""
    rpr = style.element.get_or_add_rPr()
    if size is not None and rpr.sz is not None:
        _set_rpr(rpr, "w:szCs", rpr.sz.get(qn("w:val")))
    for on, tag in ((bold, "w:bCs"), (italic, "w:iCs")):
        if on is not None:
            _set_rpr(rpr, tag, None if on else "0")


def _set_rpr(rpr, tag: str, val: str | None) -> None:
    for old in rpr.findall(qn(tag)):
        rpr.remove(old)
    el = OxmlElement(tag)
    if val is not None:
        el.set(qn("w:val"), val)
    rpr.insert_element_before(el, *_RPR_ORDER[_RPR_ORDER.index(tag) + 1:])


def _side_rule(style, colour: str, side: str) -> None:
    """A paragraph style's rule beside its text (2.5 pt, 8 pt from it), as the PDF draws a quote's."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    border = OxmlElement("w:pBdr")
    rule = OxmlElement(f"w:{side}")
    for k, v in (("w:val", "single"), ("w:sz", "20"), ("w:space", "8"), ("w:color", colour.lstrip("#"))):
        rule.set(qn(k), v)
    border.append(rule)
    ppr.insert_element_before(border, *(f"w:{tag}" for tag in AFTER_PBDR))


def setup_styles(doc, styles: StyleIndex, theme: Theme, meta: T.Meta, house: frozenset = frozenset(),
                 fonts=None) -> set[str]:
    """Set the styles from the theme. Styles named in ``house`` come from the user's reference document
    and are left as they are; briefgen's own (Kicker, Callout ...) are added where it lacks them. Returns the
    ids of the styles the theme set (kept for staff who edit the brief, used or not: ``tidy.py``).
    ``fonts`` (an ``embed.WordFonts``) names the body and heading fonts and Word's slots for Chinese and
    for Uyghur and Arabic, as the embedded faces call themselves."""
    s, c = theme.sizes, theme.colours
    body_font, heading_font = fonts.body_name, fonts.heading_name
    east_asian = fonts.slots.get("Hani")
    complex_script = fonts.slots.get("Arab")

    def ours(style) -> bool:
        return style.name not in house

    themed: set[str] = set()

    def font(style, name=None, size=None, colour=None, bold=None, italic=None):
        themed.add(style.style_id)
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
            style.font.color.rgb = rgb(colour)
        if bold is not None:
            style.font.bold = bold
        if italic is not None:
            style.font.italic = italic
        for_complex_scripts(style, size, bold, italic)

    def para_style(name, base="Normal"):
        if name in styles:
            return styles[name]
        st = styles.add(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles[base]
        st.quick_style = True
        return st

    normal = styles["Normal"]
    font(normal, body_font, s.body, c.text)
    if ours(normal):
        normal.paragraph_format.space_after = Pt(s.body * 0.6)
        normal.paragraph_format.line_spacing = 1.15
    rpr = normal.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):  # the brief's languages, whoever made the style
        rpr.remove(old)
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), meta.language)
    langs = languages(meta)  # an Arabic or Uyghur brief's own: w:bidi="ar", "ug-CN"
    if langs.get("Hani"):
        el.set(qn("w:eastAsia"), langs["Hani"])
    if langs.get("Arab"):
        el.set(qn("w:bidi"), langs["Arab"])
    rpr.append(el)
    if is_rtl(meta):  # and the document's defaults, for what is not in a paragraph style (Word: ar-SA)
        for default in styles.element.iterfind(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/"
                                                   f"{qn('w:lang')}"):
            default.set(qn("w:bidi"), langs["Arab"])

    title = styles["Title"]
    font(title, heading_font, s.title, c.primary, bold=True)
    if ours(title):
        pPr = title.element.get_or_add_pPr()
        for border in pPr.findall(qn("w:pBdr")):
            pPr.remove(border)
        title.paragraph_format.space_after = Pt(s.title * 0.3)
    subtitle = styles["Subtitle"]
    font(subtitle, heading_font, s.subtitle, c.muted, italic=False)
    for st in (title, subtitle):  # the template's letter-spacing and kerning, and the subtitle's numbering
        if ours(st):
            for where in ("w:rPr/w:spacing", "w:rPr/w:kern", "w:pPr/w:numPr"):
                for el in st.element.findall("/".join(qn(t) for t in where.split("/"))):
                    el.getparent().remove(el)
    for level, size, colour in ((1, s.h1, c.primary), (2, s.h2, c.primary), (3, s.h3, c.text), (4, s.body, c.text)):
        h = para_style(f"Heading {level}")  # 4 to 6: a finding's own subheadings, under its title
        font(h, heading_font, size, colour, bold=True, italic=False)
        if ours(h):
            h.paragraph_format.space_before = Pt(size * 0.9)
            h.paragraph_format.space_after = Pt(size * 0.35)
            h.paragraph_format.keep_with_next = True
    font(para_style("Kicker"), heading_font, s.small, c.accent, bold=True)
    font(para_style("Meta"), None, s.small + 0.5, c.muted)
    font(para_style("Evidence"), None, s.small + 0.5, c.muted, italic=True)
    font(para_style("Contact"), None, s.body - 0.5)
    font(para_style("Caption"), None, s.small, c.muted, bold=False)
    cell = para_style("Table Text")  # the PDF's table cells: small, tight
    font(cell, None, s.small + 0.5)
    if ours(cell):
        cell.paragraph_format.space_after = Pt(0)
        cell.paragraph_format.line_spacing = 1.1
    bib = para_style("Bibliography")
    font(bib, None, s.small + 0.5)
    if ours(bib):
        bib.paragraph_format.left_indent = Cm(0.5)
        bib.paragraph_format.first_line_indent = Cm(-0.5)
    end = para_style("End Mark")
    if ours(end):
        end.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    quote = styles["Quote"]
    font(quote, None, None, c.text, italic=True)
    if ours(quote):  # the PDF's quote: a rule in the accent colour on the side lines start from
        quote.paragraph_format.left_indent = Pt(10)
        quote.paragraph_format.right_indent = Pt(10)
        _side_rule(quote, c.accent, "right" if is_rtl(meta) else "left")
    callout = para_style("Callout")  # the box is a table (box.py): its paragraphs are plain text in it
    themed.update((callout.style_id, bib.style_id, end.style_id))
    if ours(callout):
        callout.paragraph_format.space_after = Pt(s.body * 0.3)
    ids = styles.ids()
    if STYLE_NAME not in house and STYLE_ID not in ids:
        themed.add(add_box_style(styles, theme, is_rtl(meta)))
    if TABLE_NAME not in house and TABLE_ID not in ids:
        themed.add(add_table_style(styles, theme))
    link = styles["Hyperlink"] if "Hyperlink" in styles else styles.add("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    if ours(link):
        link.font.color.rgb = rgb(c.link)
        link.font.underline = True
    themed.add(link.style_id)
    return themed
