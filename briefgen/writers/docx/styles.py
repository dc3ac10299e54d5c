"""Word styles set from the theme: Normal, Title, Subtitle, Heading 1-3, Quote, Caption and briefgen's own
Kicker, Meta, Evidence, Callout, Contact, Bibliography and End Mark. Styles a house reference document has
are left as it made them."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ... import tree as T
from ...load.theme import Theme
from .box import STYLE_ID, STYLE_NAME, add_box_style
from .direction import is_rtl, languages


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


def setup_styles(doc, theme: Theme, meta: T.Meta, house: frozenset = frozenset()) -> set[str]:
    """Set the styles from the theme. Styles named in ``house`` come from the user's reference document
    and are left as they are; briefgen's own (Kicker, Callout ...) are added where it lacks them. Returns the
    ids of the styles the theme set (kept for staff who edit the brief, used or not: ``tidy.py``)."""
    f, s, c = theme.fonts, theme.sizes, theme.colours
    styles = doc.styles
    east_asian = f.fallbacks.get("Hani")
    complex_script = f.fallbacks.get("Arab")

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
    langs = languages(meta)  # an Arabic or Uyghur brief's own: w:bidi="ar", "ug-CN"
    if langs.get("Hani"):
        el.set(qn("w:eastAsia"), langs["Hani"])
    if langs.get("Arab"):
        el.set(qn("w:bidi"), langs["Arab"])
    rpr.append(el)
    if is_rtl(meta):  # and the document's defaults, for what is not in a paragraph style (Word: ar-SA)
        for default in doc.styles.element.iterfind(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/"
                                                   f"{qn('w:lang')}"):
            default.set(qn("w:bidi"), langs["Arab"])

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
    callout = para_style("Callout")  # the box is a table (box.py): its paragraphs are plain text in it
    themed.update((callout.style_id, bib.style_id, end.style_id))
    if ours(callout):
        callout.paragraph_format.space_after = Pt(s.body * 0.3)
    if STYLE_NAME not in house and STYLE_ID not in {st.style_id for st in styles}:
        themed.add(add_box_style(doc, theme, is_rtl(meta)))
    try:
        link = styles["Hyperlink"]
    except KeyError:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    if ours(link):
        link.font.color.rgb = rgb(c.link)
        link.font.underline = True
    themed.add(link.style_id)
    return themed
