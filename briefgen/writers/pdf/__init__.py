"""PDF writer: walks the document tree into ReportLab platypus flowables (``blocks.py``) and lays them out on
pages (``page.py``) with footnotes at the foot of each page (``notes.py``).

Paragraphs are set by briefgen's own ``para.py`` where they can be (``lines.py`` breaks their lines as
ReportLab would), else by ReportLab's Paragraph (right-to-left, shaped and other-script text, code).
``styles.py`` derives the paragraph styles from the theme, ``spans.py`` turns inline nodes into styled runs,
``fonts.py`` registers the theme's fonts for one document, ``bidi.py`` puts right-to-left text in visual
order, ``attach.py`` embeds source files, and ``rlinternals/`` holds every ReportLab internal relied on.
"""

from __future__ import annotations

from . import rlfirst  # noqa: F401  (before ReportLab: its address pattern compiled when first used)

# isort: split
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import XMP
from reportlab.platypus import PageTemplate

from ... import tree as T
from ...load.theme import Theme
from .. import Written, without_cycle_collection
from ..verify import check_words
from .archival import output_intent, srgb_base
from .attach import embed
from .blocks import Blocks
from .fonts import PdfFonts, preload
from .lines import Hyphens
from .notes import KeepWithNotes, NotesFlush, NotesFrame
from .page import DocTemplate, Furniture, canvas_maker
from .rlinternals import FootFrame, in_paragraphs, recording, set_catalogue
from .rlinternals.marks import release
from .xmp import xmp_packet


def prepare(theme: Theme, root=None) -> None:
    """What can be done before the first document, knowing only the theme: its main fonts parsed, the
    archival colour profile made."""
    preload(theme, root)
    srgb_base()


def write(doc: T.Document, theme: Theme) -> Written:
    """Lay out the document; return the PDF bytes and the number of pages."""
    data, pages, _ = layout(doc, theme, verify=True)
    return Written(data, pages)


def layout(doc: T.Document, theme: Theme, note_links: bool = True, verify: bool = False,
           tagged: bool = True) -> tuple[bytes, int, int]:
    """Lay out the document: the PDF bytes, its pages, and the pages before its first section break.
    ``note_links=False`` sets note numbers without links (to measure a part whose endnotes are cut off);
    ``verify`` checks that the pages hold every word of the brief (``writers/verify.py``); ``tagged=False``
    leaves out the structure tree (a layout only measured: the pages are the same)."""
    glyphs_only: set[str] = set()  # words ReportLab's own paragraph set, shaped: glyphs, not text
    with without_cycle_collection():
        with recording() as drawn:
            result = _layout(doc, theme, note_links, glyphs_only, tagged)
        if verify:
            check_words(doc, drawn, "pdf", glyphs_only, in_order=in_paragraphs)
    return result


def _layout(doc: T.Document, theme: Theme, note_links: bool, glyphs_only: set,
            tagged: bool = True) -> tuple[bytes, int, int]:
    meta = doc.meta
    fonts = PdfFonts(theme, T.document_chars(doc))
    pagesize = LETTER if meta.paper == "Letter" else A4
    m = theme.page.margins_mm
    buf = _Kept()
    template = DocTemplate(
        buf, pagesize=pagesize, leftMargin=m.left * mm, rightMargin=m.right * mm, topMargin=m.top * mm,
        bottomMargin=m.bottom * mm, title=meta.title, author=meta.organisation,
        subject=f"{meta.audience_label}: {meta.title}", keywords=meta.keywords, creator="briefgen",
        lang=meta.language, initialFontName=fonts.body[0], keepTogetherClass=KeepWithNotes,
    )
    writer = Blocks(doc, theme, fonts, template.width, template.height, tagged=tagged)
    writer.st.note_links = note_links
    writer.st.widths.hyphens = Hyphens(meta.hyphenate) if meta.hyphenate else None
    geometry = (template.leftMargin, template.bottomMargin, template.width, template.height)
    if meta.notes == "footnotes":
        frame = NotesFrame(*geometry, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                           note_flowable=writer.note)
    else:
        frame = FootFrame(*geometry, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story = writer.blocks(doc.blocks)
    if meta.notes == "footnotes":
        story.append(NotesFlush())  # notes continued past the last page of text get pages of their own
    pages: list[int] = []

    def before_save(canv):
        fonts.private_texts(writer.st.shaper.texts)  # before ReportLab writes the fonts' ToUnicode maps
        embed(canv, doc.attachments, meta.created)
        if writer.tags is not None:  # a brief for readers: PDF/UA-1 and PDF/A-3a (a measured layout is not)
            writer.tags.write(canv)
            set_catalogue(canv, Metadata=XMP(creator=lambda _doc: xmp_packet(meta).encode("utf-8")))
            output_intent(canv, meta.created)
        pages.append(canv.pages)

    furniture = Furniture(meta, theme, pagesize, fonts, writer.label, writer.tags, before_save)
    template.section_starts = []
    template.rtl = meta.direction == "rtl"
    template.build(story, canvasmaker=canvas_maker(furniture))
    glyphs_only |= writer.glyphs_only
    total = pages[0] if pages else 0
    first_section = template.section_starts[0] - 1 if template.section_starts else total
    release(template)
    if writer.tags is not None:
        writer.tags.release()
    return buf.getvalue(), total, first_section


class _Kept:
    """Where ReportLab writes the finished PDF: the bytes it gives are kept, not copied (a ``BytesIO`` held a
    second copy of the whole file at the writer's peak of memory: 46 MB for a brief of 10,000 findings)."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def write(self, data) -> None:
        self.chunks.append(bytes(data))  # bytes of a bytes object is that object

    def getvalue(self) -> bytes:
        return self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)
