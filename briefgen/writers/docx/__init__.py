"""Word writer: walks the document tree into a .docx through python-docx.

Paragraphs get named styles set up from the theme (``styles.py``); ``blocks.py`` writes the tree, ``runs.py``
its runs of text, ``notes.py`` the footnotes or endnotes, ``direction.py`` which way paragraphs, sections and
tables run (right to left in a Uyghur or Arabic brief); ``embed.py`` chooses the fonts as the PDF does and
embeds them; ``package.py`` adds the header and footer, sets the core properties, removes the template's
leftovers (thumbnail, author, application) and adds the provenance; ``tidy.py`` makes it a current Word file
without the template's unused styles; ``zipped.py`` takes the parts from python-docx unzipped and zips them
once, with fixed timestamps, so that builds are reproducible.
"""

from __future__ import annotations

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm

from ... import tree as T
from ...load.theme import Theme
from .. import Written, without_cycle_collection
from ..verify import check_words
from . import runs
from .blocks import Blocks
from .direction import is_rtl, mirror_sections
from .embed import WordFonts, choose, embed
from .package import (
    LEFTOVER_RELS,
    clean_package,
    header_footer,
    provenance,
)
from .styles import StyleIndex, setup_styles
from .tidy import tidy
from .zipped import package_parts, reproducible_zip


def write(doc: T.Document, theme: Theme) -> Written:
    """Write the document as .docx bytes (the page count is Word's to know: None), with a warning for
    each font face the size guard or a font's licence kept out of the file."""
    with without_cycle_collection():
        return _write(doc, theme)


def _write(doc: T.Document, theme: Theme) -> Written:
    meta = doc.meta
    fonts = WordFonts(theme)
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
    styles = StyleIndex(d)
    themed = setup_styles(d, styles, theme, meta, house, fonts)
    header_footer(d, styles, meta, theme, text_width, keep_styles=bool(reference), fonts=fonts)
    runs._recorded = written = []
    try:
        writer = Blocks(d, styles, doc, theme, text_width, fonts)
        writer.blocks(doc.blocks)
        writer.finish()
    finally:
        runs._recorded = None
    if is_rtl(meta):  # a right-to-left brief: every section mirrored (direction.py)
        mirror_sections(body)
    check_words(doc, written, "docx")
    clean_package(d, meta)
    faces, warnings = choose(fonts, doc, theme.fonts.docx_embed, theme.fonts.docx_embed_max_kb)
    rewritten = tidy(d.part.package, None if reference else themed, fonts, bool(meta.hyphenate))
    parts = package_parts(d) | rewritten
    data = reproducible_zip(provenance(embed(parts, faces), meta), meta.created)
    return Written(data, None, tuple(warnings))
