"""Every ReportLab internal the PDF writer relies on, in one place: private names, patches, and subclasses that
reach into ReportLab's own state. Nothing else in briefgen names a private ReportLab attribute. Checked
against ReportLab ``CHECKED_WITH``; where ReportLab 4.1 to 5 lack a name, an item falls back to ReportLab's
public behaviour. ``tests/test_layout.py::test_reportlab_internals_are_there`` fails when a name read here is
gone; the tests named below show that each item changes no byte, or what it is for: ``FUZZ``, ``WHITE``,
``SUPERSCRIPT`` and ``text_out`` (lines broken and set as ReportLab would, test_pdfpara.py); shaping without
optional ligatures and ``ToUnicode`` maps for shaped glyphs (Uyghur text extracted, test_scripts.py); the
``splitString`` fast path and ``link_to_anchor`` (same bytes both ways, test_pdfpara.py); shaping a word of
several fonts one font at a time (test_fuzz.py); the memoising ``Paragraph`` (every layout test);
``FootFrame``, ``MeasuredKeepTogether``, ``children_of`` and ``paragraph_links`` (footnotes, test_sample.py);
``copy_font``, ``shaped_codes`` and ``pdf_document`` (fonts per document, attachments); ``streams``
(an end of line before ``endstream``, for PDF/A; names and strings encoded as ReportLab does, faster: the
same bytes, test_layout.py), ``text_out`` (strings set directly, the same bytes), ``recorded`` (the text set,
for writers/verify.py, test_hardening.py), ``ListFlowable`` (a list's bullets and numbers as their items'
Lbl), ``Table`` (a row taller than a page splits, test_render.py) and ``fragment_lines`` and ``through``
(Spans of other languages in ReportLab's paragraphs: the same pixels, tests/test_tagged.py).
"""

from __future__ import annotations

import copy

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Frame, KeepTogether, paraparser
from reportlab.platypus import paragraph as _rl_paragraph

from . import recorded
from .recorded import in_paragraphs, paragraph, record, recording, unrecorded  # noqa: F401
from .text import (  # noqa: F401  (re-exported)
    _rl_shape,
    _rl_split_string,
    _shape_by_font,
    _split_string,
    _to_unicode_cmap,
    char_glyph,
    char_width,
    cmap_char,
    copy_font,
    fill_colour,
    glyph_code,
    hb_font,
    record_shaped_texts,
    shaped_codes,
)

CHECKED_WITH = "5.1.0"

FUZZ = rl_config._FUZZ
# ReportLab's breaking white space: ASCII and Unicode spaces, but not the no-break space U+00A0.
WHITE = getattr(_rl_paragraph, "_wsc", None) or (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u2028\u2029\u202f\u205f\u3000")
SUPERSCRIPT = (paraparser.sizeDelta, paraparser.supFraction)  # <super>: smaller by, raised by (of the size)
_rl_text_out = getattr(PDFTextObject, "_textOut", PDFTextObject.textOut)
_FONTS = getattr(pdfmetrics, "_fonts", {})  # ReportLab's registered fonts, by name


def text_out(tx, text: str) -> None:
    """Set ``text`` where the text object stands, as ReportLab's ``_textOut`` does. In a TrueType font whose
    first subset already has a code for each of its characters (nearly every string after a document's first
    lines), what ReportLab writes is written here: the subset's font operator if another was set, then
    ``(codes) Tj``; without its general path (which saves and restores the text object's state, splits by
    subset, and joins), about a tenth of the PDF stage at 1,000 findings."""
    if type(text) is str:
        font = _FONTS.get(tx._fontname)
        if font is not None and font._dynamicFont:
            doc = tx._canvas._doc
            parts = font.splitString(text, doc)
            if len(parts) == 1 and parts[0][0] == 0:
                out = recorded.recorded
                out is None or out.append(text)
                shown = f"({escapePDF(parts[0][1])}) Tj"
                if tx._curSubset != 0:
                    tx._curSubset = 0
                    shown = (f"{font.getSubsetInternalName(0, doc)} {fp_str(tx._fontsize)} Tf "
                             f"{fp_str(tx._leading)} TL {shown}")
                tx._code.append(shown)
                return
    _rl_text_out(tx, text)


def pdf_document(canvas):  # the PDFDocument a canvas writes, for what ReportLab has no API for
    return canvas._doc


class _DocumentLink(pdfdoc.PDFObject):
    """A link to a named place (a note): ``canvas.linkRect``'s annotation, in its bytes, without ReportLab's
    general dictionary formatting (a third of the cost of saving a brief with two thousand note links). In
    a tagged PDF it carries its description and its place in the structure tree (``set_annotation``)."""
    __slots__ = ("rect", "destination", "struct_parent", "contents")

    def __init__(self, rect, destination):
        self.rect, self.destination = rect, destination
        self.struct_parent, self.contents = None, ""

    def format(self, document) -> bytes:
        entries = [b"/Border [ 0 0 0 ]", b"/Contents " + streams.pdf_text(self.contents, document),
                   b"/Dest " + pdfdoc.format(self.destination, document), b"/F 4",  # printed (PDF/A)
                   b"/Rect [ " + fp_str(*self.rect).encode("ascii") + b" ]"]
        if self.struct_parent is not None:
            entries.append(b"/StructParent %d" % self.struct_parent)
        entries += [b"/Subtype /Link", b"/Type /Annot"]
        for i in reversed(range(6, len(entries), 6)):  # as ReportLab breaks a dictionary's line
            entries.insert(i, b"\n ")
        return b"<<\n" + b" ".join(entries) + b"\n>>"


# The canvas's own steps in linkRect (ReportLab 4 and 5); without them, linkRect itself.
DIRECT_LINKS = all(hasattr(Canvas, name) for name in ("_addAnnotation", "_absRect", "_bookmarkReference"))


def link_to_anchor(canv, rect, name: str) -> None:
    """A link over ``rect`` (relative to the current transformation) to the bookmark ``name``."""
    if DIRECT_LINKS:
        canv._addAnnotation(_DocumentLink(canv._absRect(rect, 1), canv._bookmarkReference(name)))
    else:
        canv.linkRect("", name, rect, relative=1)


_ATOMIC = frozenset({int, float, str, bool, type(None)})  # what copy.deepcopy returns as it is


class FootFrame(Frame):
    """A frame whose foot can be raised, keeping room under the text for footnotes. ReportLab's Frame keeps
    its free space from ``_y`` (the next flowable's top) down to ``_y1p``; its template calls ``add``."""

    shared = ()  # attributes a deep copy shares instead of copying
    listed = ()  # attributes (lists) a deep copy copies one level deep

    def raise_foot(self, height: float) -> None:
        self._y1p += height

    def lower_foot(self, height: float) -> None:
        self._y1p -= height

    def foot_reaches_top(self) -> bool:  # the room kept at the foot takes the rest of the page
        return self._y1p >= self._y - 1

    text_width = property(lambda self: self._aW)
    full_height = property(lambda self: self._height)
    at_top = property(lambda self: bool(self._atTop))  # nothing placed in the frame yet

    def foot_origin(self) -> tuple[float, float]:  # the bottom left corner of the frame's content area
        return self._x1 + self._leftPadding, self._y1 + self._bottomPadding

    def new_page(self) -> None:  # the frame starts a new page, its foot back where it was
        pass

    def place(self, flowable, canv, trySplit=0):  # as ReportLab's frame places a flowable
        return Frame._add(self, flowable, canv, trySplit)

    def fits(self, flowable, canv) -> bool:
        """Whether ``place`` would take the flowable, measured as ReportLab's frame measures it (its space
        before, but at the top of the frame; its height at the room left), without placing it."""
        if getattr(flowable, "frameAction", None):
            return True
        flowable._frame, flowable.canv = self, canv  # as the frame sets them while it places a flowable
        try:
            space, zero = 0, getattr(flowable, "_ZEROSIZE", False)
            if not self._atTop:
                space = flowable.getSpaceBefore()
                if self._oASpace:
                    if getattr(flowable, "_SPACETRANSFER", False) or zero:
                        space = self._prevASpace
                    space = max(space - self._prevASpace, 0)
            room = self._y - self._y1p - space
            if room <= 0 and not zero:
                return False
            height = flowable.wrap(self._getAvailableWidth(), room)[1]
            return self._y - (height + space) >= self._y1p - FUZZ
        finally:
            for name in ("canv", "_frame"):
                if hasattr(flowable, name):
                    delattr(flowable, name)

    def add(self, flowable, canv, trySplit=0):
        return self.place(flowable, canv, trySplit)

    def _add(self, flowable, canv, trySplit=0):  # ReportLab's own name for add
        return self.add(flowable, canv, trySplit)

    def _reset(self):
        super()._reset()
        self._geom()
        self.new_page()

    def __deepcopy__(self, memo):
        # ReportLab deep-copies the frame to measure a keep-with-next group: what the copy cannot change is
        # shared, numbers and strings taken as they are, and each background copied (ReportLab sets them).
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for k, v in self.__dict__.items():
            if k in self.shared or type(v) in _ATOMIC:
                clone.__dict__[k] = v
            elif k in self.listed:
                clone.__dict__[k] = list(v)
            elif k == "_frameBGs":
                clone.__dict__[k] = [copy.copy(bg) for bg in v]
            else:
                clone.__dict__[k] = copy.deepcopy(v, memo)
        return clone


class MeasuredKeepTogether(KeepTogether):
    """ReportLab's keep-with-next group, whose height can take more than its flowables (``extra_height``,
    given the frame the document template is filling)."""

    def extra_height(self, flowables, frame) -> float | None:
        return None

    def wrap(self, aW, aH):
        # ReportLab measures the group's flowables at an unbounded height, so the measure holds for one width:
        # a group is measured twice for most placements (placed, then split), each time on a copy of the frame.
        memo = self.__dict__.get("_measured")
        if memo is not None and memo[0] == aW and memo[1] is self._content:
            _, _, self._H, self._H0, width = memo
            self._wrapInfo = aW, aH
            result = width, 0xFFFFFF
        else:
            result = super().wrap(aW, aH)
            self._measured = (aW, self._content, self._H, self._H0, result[0])
        extra = self.extra_height(self._content, getattr(getattr(self.canv, "_doctemplate", None), "frame", None))
        if extra is not None:
            self._H += extra
        return result


def show_glyphs(tx, size: float, glyphs) -> None:
    """Glyphs of the text object's current TrueType font, each at its own place: ``glyphs`` are (character,
    x from the text line's origin, rise, hidden) in the order they are to be written; a hidden one is set
    invisibly (render mode 3), for text extraction only. (Not recorded for ``writers/verify.py``: the caller
    records what they read as.)"""
    font = pdfmetrics.getFont(tx._fontname)
    canv, code = tx._canvas, tx._code
    doc = canv._doc
    rise0 = rise = tx._rise
    hidden = False
    pen = 0.0
    items: list = []  # bytes to show, numbers to move by

    def flush():
        if items:
            code.append("[" + " ".join(f"({canv._escape(x)})" if isinstance(x, bytes) else fp_str(x)
                                       for x in items) + "] TJ")
            items.clear()

    for char, x, dy, invisible in glyphs:
        ((subset, data),) = font.splitString(char, doc)
        if subset != tx._curSubset:
            flush()
            code.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf {fp_str(tx._leading)} TL")
            tx._curSubset = subset
        if rise0 + dy != rise:
            flush()
            rise = rise0 + dy
            code.append(f"{fp_str(rise)} Ts")
        if invisible != hidden:
            flush()
            hidden = invisible
            code.append("3 Tr" if hidden else "0 Tr")
        shift = (pen - x) * 1000 / size
        if abs(shift) > 0.0005:
            items.append(shift)
        if items and isinstance(items[-1], bytes):
            items[-1] += data
        else:
            items.append(data)
        pen = x + char_width(font, char) * size / 1000
    flush()
    if hidden:
        code.append("0 Tr")
    if rise != rise0:
        code.append(f"{fp_str(rise0)} Ts")


def language_tag(lang: str) -> str:
    return "".join(c for c in lang if c.isascii() and (c.isalnum() or c == "-"))  # a BCP 47 tag


def begin_span(tx, lang: str) -> None:
    """Open marked content of another language in a text object (closed by ``end_span``)."""
    tx._code.append(f"/Span <</Lang ({language_tag(lang)})>> BDC")


def text_code(tx, operator: str) -> None:
    """A marked-content operator in a text object."""
    tx._code.append(operator)


def end_span(tx) -> None:
    tx._code.append("EMC")


from . import streams  # noqa: E402,F401  (how objects are written: an end of line before endstream, encodings)
from .flowables import (  # noqa: E402,F401  (re-exported)
    ListFlowable,
    MeasuredOnce,
    Paragraph,
    Table,
    children_of,
    contents,
    fragment_lines,
    list_items,
    paragraph_links,
    table_rows,
    through,
)
from .marks import (  # noqa: E402,F401  (re-exported: tagged PDF)
    annotation_count,
    annotation_target,
    annotations_since,
    object_of,
    page_code,
    page_name,
    register,
    set_annotation,
    set_catalogue,
    set_last_page_entries,
    wrap_page_code,
)
