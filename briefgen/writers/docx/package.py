"""The Word package around the text: the running header and footer (TLP marking, PAGE / NUMPAGES fields), core
properties, the template's leftovers removed, and a zip with fixed timestamps so that builds are
reproducible."""

from __future__ import annotations

import re

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ... import tree as T
from ...load.base import TLP_COLOURS
from ...load.theme import Theme
from .direction import is_rtl, languages, set_bidi
from .runs import field, run, script_runs
from .styles import for_complex_scripts, rgb


def header_footer(doc, styles, meta: T.Meta, theme: Theme, right_edge, keep_styles: bool = False,
                  fonts=None) -> None:
    """Running header (short title, TLP marking on the right) and footer (organisation, marking, page x of y).
    Size, colour and tab stops live in the Header and Footer styles (a reference document's, if it has
    them); only the marking is formatted directly. In a right-to-left brief they run right to left whatever
    their text: the title starts on the right and the tab stops are mirrored.

    A house template's own header or footer (``keep_styles``: a reference document) stays, letterhead and
    logo included, with the marking and page numbers added (``house_part``): where it holds placeholders,
    in their place; else briefgen's line goes below its content. Every page carries the handling marking."""
    section = doc.sections[0]
    # Page 1 prints the title itself: its header holds the marking only. A house template whose header or
    # footer has content of its own and no first page of its own shows it on page 1 too.
    own_first = section.different_first_page_header_footer
    house_default = keep_styles and not section.header.is_linked_to_previous and any(
        _has_content(c) for part in (section.header, section.footer) for c in part._element)
    section.different_first_page_header_footer = own_first or not house_default
    doc.settings.odd_and_even_pages_header_footer = False
    parts = (section.header, section.footer, section.first_page_header, section.first_page_footer)
    if not section.different_first_page_header_footer:
        parts = parts[:2]
    filled = []
    for part in parts:
        part.is_linked_to_previous = False
        element = part._element
        house = [child for child in element if keep_styles and _has_content(child)]
        for child in list(element):
            if child not in house:
                element.remove(child)
        filled.append(bool(house) and house_part(house, meta))
        element.add_p()
    for name in ("Header", "Footer"):
        if keep_styles and name in styles:
            continue
        style = styles[name]
        style.font.size = Pt(7.5)
        for_complex_scripts(style, size=7.5)
        style.font.color.rgb = rgb(theme.colours.muted)
        stops = style.paragraph_format.tab_stops
        stops.clear_all()
        if name == "Footer":
            stops.add_tab_stop(right_edge // 2, WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(right_edge, WD_TAB_ALIGNMENT.RIGHT)
    makers = (lambda p: _header(styles, p, meta, meta.short_title, fonts), lambda p: _footer(styles, p, meta, fonts),
              lambda p: _header(styles, p, meta, "", fonts), lambda p: _footer(styles, p, meta, fonts))
    for part, done, make in zip(parts, filled, makers):
        if done:  # the house part holds the marking and numbers where it asked for them: nothing to add
            part._element.remove(part.paragraphs[-1]._p)
        else:
            make(part)
    if is_rtl(meta):
        for part in parts:
            set_bidi(part.paragraphs[-1]._p)


PLACEHOLDERS = ("{marking}", "{page}", "{pages}", "{title}", "{organisation}")


def _has_content(el) -> bool:
    """Whether a header's paragraph or table shows anything: text, a picture, a field, a shape."""
    if el.tag == qn("w:sectPr"):
        return False
    if "".join(el.itertext()).strip():
        return True
    return any(child.tag in (qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:fldSimple"))
               for child in el.iter())


def house_part(content: list, meta: T.Meta) -> bool:
    """Fill the placeholders a house header or footer holds: ``{marking}`` (set as the TLP marking is,
    its colour on black), ``{page}`` and ``{pages}`` (fields), ``{title}`` (the short title) and
    ``{organisation}``. Each must be typed in one formatting (Word may otherwise split it between runs).
    Whether it held the marking: if not, briefgen's own line is added below it."""
    marked = False
    for el in content:
        for t in list(el.iter(qn("w:t"))):
            text = t.text or ""
            if "{" not in text or not any(p in text for p in PLACEHOLDERS):
                continue
            r = t.getparent()
            if r.tag != qn("w:r"):
                continue
            pieces = re.split(r"(\{marking\}|\{page\}|\{pages\}|\{title\}|\{organisation\})", text)
            rpr = r.find(qn("w:rPr"))
            anchor = r
            for piece in pieces:
                if not piece:
                    continue
                if piece in ("{page}", "{pages}"):
                    new = OxmlElement("w:fldSimple")
                    new.set(qn("w:instr"), "PAGE" if piece == "{page}" else "NUMPAGES")
                    inner = _run_like(rpr, "1")
                    new.append(inner)
                else:
                    value = {"{marking}": meta.marking, "{title}": meta.short_title,
                             "{organisation}": meta.organisation}.get(piece, piece)
                    new = _run_like(rpr, value)
                    if piece == "{marking}":
                        marked = True
                        _tlp_format(new, meta)
                anchor.addnext(new)
                anchor = new
            r.getparent().remove(r)
    return marked


def _run_like(rpr, text: str):
    """A run with a copy of ``rpr`` and ``text``."""
    import copy

    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def _tlp_format(r, meta: T.Meta) -> None:
    """The TLP 2.0 look of a marking run: bold, the label's colour on black."""
    rpr = r.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        r.insert(0, rpr)
    for tag in ("w:b", "w:color", "w:shd"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    bold, colour, shd = OxmlElement("w:b"), OxmlElement("w:color"), OxmlElement("w:shd")
    colour.set(qn("w:val"), TLP_COLOURS.get(meta.marking, "#FFFFFF").lstrip("#"))
    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "000000")):
        shd.set(qn(k), v)
    # In the schema's order: b after rStyle/rFonts, color and shd later (CT_RPr).
    order = ("w:rStyle", "w:rFonts")
    pos = max([i + 1 for i, c in enumerate(rpr) if c.tag in {qn(o) for o in order}], default=0)
    rpr.insert(pos, bold)
    later = ("w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
             "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang")
    at = next((i for i, c in enumerate(rpr) if c.tag in {qn(o) for o in later}), len(rpr))
    rpr.insert(at, colour)
    after_shd = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout")
    at = next((i for i, c in enumerate(rpr) if c.tag in {qn(o) for o in after_shd}), len(rpr))
    rpr.insert(at, shd)


def _text(paragraph, text: str, meta: T.Meta, fonts) -> None:
    """Text with tabs in runs: by script where it holds Uyghur or Chinese (as in the body), else one run."""
    if script_runs(text) == [(text, None)] and (fonts is None or fonts.pieces(text, None) == [(text, None)]):
        paragraph.add_run(text)
        return
    for i, piece in enumerate(text.split("\t")):
        if i:
            paragraph.add_run().add_tab()
        if piece:
            run(paragraph._p, piece, languages=languages(meta), fonts=fonts)


def _header(styles, part, meta: T.Meta, title: str, fonts) -> None:
    """The running header: the short title (none on page 1), and the TLP marking on the right."""
    head = part.paragraphs[-1]
    styles.give(head, "Header")
    _text(head, title + "\t", meta, fonts)
    mark = head.add_run(f" {meta.marking} ")
    mark.font.size = Pt(8)
    _tlp_format(mark._r, meta)


def _footer(styles, part, meta: T.Meta, fonts) -> None:
    """The footer: organisation, marking, "Page 3 of 7" in the brief's language (fields: Word's digits, also
    where the language has digits of its own)."""
    foot = part.paragraphs[-1]
    styles.give(foot, "Footer")
    _text(foot, f"{meta.organisation}\t{meta.marking}\t", meta, fonts)
    for piece in re.split(r"(\{page\}|\{pages\})", meta.page_label):
        if piece == "{page}":
            field(foot, "PAGE")
        elif piece == "{pages}":
            field(foot, "NUMPAGES")
        elif piece:
            _text(foot, piece, meta, fonts)


LEFTOVER_RELS = {  # parts of a template that a brief never uses and that could carry its content
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML, RT.COMMENTS, RT.GLOSSARY_DOCUMENT,
    "http://schemas.microsoft.com/office/2011/relationships/people",
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
}

APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>briefgen</Application><DocSecurity>0</DocSecurity></Properties>"
)


def clean_package(doc, meta: T.Meta) -> None:
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
        if is_rtl(meta):  # the theme's complex-script fonts: for the brief's own language
            el.set(qn("w:bidi"), languages(meta)["Arab"])
    cp = doc.core_properties
    cp.title = fit(meta.title)
    cp.subject = fit(f"{meta.audience_label}: {meta.title}")
    cp.author = fit(meta.organisation)
    cp.last_modified_by = fit(meta.organisation)
    cp.keywords = fit_list(meta.keywords)
    cp.comments = ""
    cp.category = fit(meta.audience_label)
    cp.language = meta.language
    cp.revision = 1
    created = meta.created.replace(tzinfo=None)
    cp.created = created
    cp.modified = created


CORE_LIMIT = 255  # characters in a core property (python-docx's limit; Word truncates longer ones)


def fit(text: str, limit: int = CORE_LIMIT) -> str:
    """A core property's text cut to ``limit`` characters, at a word, with an ellipsis; whitespace unified."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut) + "\u2026"


def fit_list(items: list[str], limit: int = CORE_LIMIT) -> str:
    """As many whole items, joined with commas, as fit in ``limit`` characters."""
    out = ""
    for item in items:
        joined = f"{out}, {item}" if out else item
        if len(joined) > limit:
            break
        out = joined
    return out if out or not items else fit(items[0], limit)


CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id Word gives user-defined properties


def provenance(parts: dict[str, bytes], meta: T.Meta) -> dict[str, bytes]:
    """The package with custom properties saying where the brief came from (Word: File > Info > Properties >
    Custom): the briefgen version, the audience, the marking and the SHA-256 of the evidence base's files.
    A house template's own custom properties are not the brief's: they are replaced."""
    from html import escape as html_escape  # (xml.sax.saxutils' imports urllib, http and ssl: 9 ms)

    from ... import __version__

    def escape(text: str) -> str:  # &, < and >, as XML text needs them escaped
        return html_escape(text, quote=False)

    values = [("briefgen version", __version__), ("briefgen audience", meta.audience),
              ("briefgen marking", meta.marking), ("briefgen inputs SHA-256", meta.inputs_sha256)]
    props = "".join(f'<property fmtid="{CUSTOM_FMTID}" pid="{i}" name="{escape(name)}"><vt:lpwstr>{escape(value)}'
                    f"</vt:lpwstr></property>" for i, (name, value) in enumerate(values, 2))
    parts = dict(parts)
    parts["docProps/custom.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                    f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{props}</Properties>').encode()
    rels = parts["_rels/.rels"].decode()
    if CUSTOM_REL not in rels:
        ids = set(re.findall(r'Id="([^"]+)"', rels))
        rid = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
        rels = rels.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{CUSTOM_REL}" '
                                                 f'Target="docProps/custom.xml"/></Relationships>')
        parts["_rels/.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode()
    if 'PartName="/docProps/custom.xml"' not in types:
        types = types.replace("</Types>", f'<Override PartName="/docProps/custom.xml" ContentType="{CUSTOM_TYPE}"/>'
                                          "</Types>")
        parts["[Content_Types].xml"] = types.encode()
    return parts
