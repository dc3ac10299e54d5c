"""The Word package around the text: the running header and footer (TLP marking, PAGE / NUMPAGES fields), core
properties, the template's leftovers removed, and a zip with fixed timestamps so that builds are
reproducible."""

from __future__ import annotations

import io
import re
import zipfile

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


def header_footer(doc, meta: T.Meta, theme: Theme, right_edge, keep_styles: bool = False) -> None:
    """Running header (short title, TLP marking on the right) and footer (organisation, marking, page x of y).
    Size, colour and tab stops live in the Header and Footer styles (a reference document's, if it has
    them); only the marking is formatted directly. Whatever header or footer a template had is replaced:
    every page carries the handling marking. In a right-to-left brief they run right to left whatever their
    text: the title starts on the right and the tab stops are mirrored."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True  # page 1 prints the title itself: the marking only
    doc.settings.odd_and_even_pages_header_footer = False
    parts = (section.header, section.footer, section.first_page_header, section.first_page_footer)
    for part in parts:
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
        for_complex_scripts(style, size=7.5)
        style.font.color.rgb = rgb(theme.colours.muted)
        stops = style.paragraph_format.tab_stops
        stops.clear_all()
        if name == "Footer":
            stops.add_tab_stop(right_edge // 2, WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(right_edge, WD_TAB_ALIGNMENT.RIGHT)
    fonts = theme.fonts.fallbacks
    _header(doc, section.header, meta, meta.short_title, fonts)
    _header(doc, section.first_page_header, meta, "", fonts)
    for part in (section.footer, section.first_page_footer):
        _footer(doc, part, meta, fonts)
    if is_rtl(meta):
        for part in parts:
            set_bidi(part.paragraphs[0]._p)


def _text(paragraph, text: str, meta: T.Meta, fonts: dict) -> None:
    """Text with tabs in runs: by script where it holds Uyghur or Chinese (as in the body), else one run."""
    if script_runs(text) == [(text, None)]:
        paragraph.add_run(text)
        return
    for i, piece in enumerate(text.split("\t")):
        if i:
            paragraph.add_run().add_tab()
        if piece:
            run(paragraph._p, piece, languages=languages(meta), fonts=fonts)


def _header(doc, part, meta: T.Meta, title: str, fonts: dict) -> None:
    """The running header: the short title (none on page 1), and the TLP marking on the right."""
    head = part.paragraphs[0]
    head.style = doc.styles["Header"]
    _text(head, title + "\t", meta, fonts)
    mark = head.add_run(f" {meta.marking} ")
    mark.bold = True
    mark.font.size = Pt(8)
    mark.font.color.rgb = rgb(TLP_COLOURS.get(meta.marking, "#FFFFFF"))
    shd = OxmlElement("w:shd")  # TLP 2.0: the label's colour on black
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "000000")
    mark._r.get_or_add_rPr().append(shd)


def _footer(doc, part, meta: T.Meta, fonts: dict) -> None:
    """The footer: organisation, marking, "Page 3 of 7" in the brief's language (fields: Word's digits, also
    where the language has digits of its own)."""
    foot = part.paragraphs[0]
    foot.style = doc.styles["Footer"]
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


def reproducible_zip(data: bytes, when, transform=None) -> bytes:
    """Re-zip with one fixed timestamp and order, so equal inputs give equal bytes; ``transform`` may change
    the parts first ({name: bytes} -> {name: bytes}, the names and their order kept)."""
    date_time = max((1980, 1, 1, 0, 0, 0), tuple(when.timetuple())[:6])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        parts = {info.filename: src.read(info.filename) for info in src.infolist()}
        if transform is not None:
            parts = transform(parts)
        for name, blob in parts.items():
            zi = zipfile.ZipInfo(name, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            dst.writestr(zi, blob)
    return out.getvalue()
